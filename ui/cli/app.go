package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
	"legit/ui"
)

// app is the state the sub-commands share: flags, config, and the open store.
type app struct {
	dbPath     string
	configPath string
	cfg        config
	st         *store.Store
	stderr     io.Writer // the command's standard error, for warnings
	demo       bool      // legit demo: the outbox stands in for a mail server
}

// outbox is where messages wait for a mail server: the config's outbox,
// else the folder beside an SQLite database, else (a team database)
// $XDG_DATA_HOME/legit/outbox.
func (a *app) outbox() outreach.Outbox {
	switch {
	case a.cfg.Outbox != "":
		return outreach.Outbox{Dir: a.cfg.Outbox}
	case a.st != nil && !a.st.Postgres():
		return outreach.OutboxBeside(a.st.Path())
	}
	return outreach.Outbox{Dir: filepath.Join(xdgDir("XDG_DATA_HOME", ".local/share"), "legit", "outbox")}
}

// load reads the config named by the flags (or the default path).
func (a *app) load() error {
	named := a.configPath != ""
	path := a.configPath
	if !named {
		path = filepath.Join(xdgDir("XDG_CONFIG_HOME", ".config"), "legit", "config.toml")
	}
	cfg, err := loadConfig(path, named)
	a.cfg = cfg
	return err
}

// databasePath is --db, else $LEGIT_DB, else the config's database, else
// $XDG_DATA_HOME/legit/legit.db: an SQLite file's path or a postgres://
// address.
func (a *app) databasePath() string {
	if a.dbPath != "" {
		return a.dbPath
	}
	if p := os.Getenv("LEGIT_DB"); p != "" {
		return p
	}
	if a.cfg.Database != "" {
		return a.cfg.Database
	}
	return filepath.Join(xdgDir("XDG_DATA_HOME", ".local/share"), "legit", "legit.db")
}

// open loads the config and opens the database, which must exist: a
// mistyped --db is an error, not a new empty database.
func (a *app) open(ctx context.Context) error { return a.openDB(ctx, nil) }

// withDB is a command's run function that opens the database first (as
// open does) and closes it when run returns.
func (a *app) withDB(run func(ctx context.Context, cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if err := a.open(ctx); err != nil {
			return err
		}
		defer a.close()
		return run(ctx, cmd, args)
	}
}

// openOrCreate is open for the commands that may start a database (the app
// itself and import); a new one is announced on w with its path.
func (a *app) openOrCreate(ctx context.Context, w io.Writer) error { return a.openDB(ctx, w) }

func (a *app) openDB(ctx context.Context, announce io.Writer) error {
	if err := a.load(); err != nil {
		return err
	}
	path := a.databasePath()
	if store.IsPostgres(path) {
		return a.openTeam(ctx, path)
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if announce == nil {
			return fmt.Errorf("no database at %s: check --db or LEGIT_DB (legit import, or legit on its own, starts a new one)", path)
		}
		fmt.Fprintf(announce, "legit: starting a new database at %s\n", path)
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	a.st = st
	a.st.OnWriteWait(ui.PrintWriteWait(a.stderr))
	a.finishErasures(ctx)
	return nil
}

// openTeam opens the team's PostgreSQL database: the rep is the role that
// connected, and the organisation's settings come from the database.
func (a *app) openTeam(ctx context.Context, url string) error {
	pw, err := a.cfg.databasePassword()
	if err != nil {
		return err
	}
	st, err := store.OpenPostgres(ctx, url, pw)
	if err != nil {
		return err
	}
	a.st = st
	rep, err := st.ConnectRep(ctx, a.cfg.Rep.Name, a.cfg.Rep.Email)
	if err != nil {
		return err
	}
	a.cfg.Rep.Name, a.cfg.Rep.Email = rep.Name, rep.Email
	org, err := st.Organisation(ctx)
	if err != nil {
		return err
	}
	if a.cfg.fromOrganisation(org) {
		fmt.Fprintln(a.warnings(), "legit: on a team database the organisation's details, caps and periods come from the database (legit org); the config's are not used")
	}
	a.finishErasures(ctx)
	return nil
}

// warnings is where a warning that does not stop the command goes.
func (a *app) warnings() io.Writer {
	if a.stderr == nil {
		return os.Stderr
	}
	return a.stderr
}

// close closes the database if it is open.
func (a *app) close() {
	if a.st != nil {
		_ = a.st.Close()
	}
}

// The screens ask the database through ui.Store; the concrete store is
// wired in here.
var _ ui.Store = (*store.Store)(nil)

// uiDeps is what the screens need.
func (a *app) uiDeps() ui.Deps {
	d := ui.Deps{Store: a.st, Rep: a.cfg.Rep.Name, RepEmail: a.cfg.Rep.Email, Now: a.st.Now,
		DeadlineDays: a.cfg.DeadlineDays, Retention: a.cfg.retention(), ExportDir: os.Getenv("LEGIT_EXPORT_DIR"),
		Controller: a.cfg.controller(), Tracking: a.cfg.Org.Tracking, Sync: a.syncFunc(), Erasure: a.erasureCleanup()}
	d.Startup = a.startup
	return d
}

// startup is the app's start-up work, run after its first frame: the send
// path (a password command may run), the sends a crash left in doubt (the
// rep's own, and for a lead how many of colleagues'), what colleagues'
// erasures took of the rep's drafts (told once), the mailbox part of
// earlier erasures, and how far this computer's clock is off a team
// database's.
func (a *app) startup(ctx context.Context) ui.Startup {
	s := ui.Startup{ClockOffset: a.st.ClockOffset()}
	s.Sender, s.InDoubt, s.SenderErr = a.sender(ctx)
	if s.Sender != nil && s.SenderErr != nil {
		// The sender works; the check of earlier sends failed: say so.
		s.Problem, s.SenderErr = s.SenderErr, nil
	}
	if rep, err := a.st.ConnectRep(ctx, a.cfg.Rep.Name, a.cfg.Rep.Email); err == nil {
		told, err := a.st.TakeErasureNotices(ctx, rep.ID)
		s.Erased = told
		if err != nil {
			s.Problem = errors.Join(s.Problem, err)
		}
		if s.ColleaguesInDoubt, err = colleaguesInDoubt(ctx, a.st, rep.ID, a.st.Now()); err != nil {
			s.Problem = errors.Join(s.Problem, err)
		}
	}
	cl := a.erasureCleanup()
	cl.Timeout = startupCleanupTimeout
	if res, err := cl.Finish(ctx, a.st); err != nil {
		s.Problem = errors.Join(s.Problem, fmt.Errorf("finishing earlier erasures: %w (tried again at the next start)", err))
	} else if res.Waiting > 0 && res.Err != nil {
		s.Problem = errors.Join(s.Problem, fmt.Errorf("the mailbox cleanup of %s waits: %v (tried again at the next start, erase or sync)", ui.Plural(res.Waiting, "erased contact"), res.Err))
	}
	return s
}

// colleaguesInDoubt counts the sends in doubt of other reps that rep repID
// may settle at now (SendsInDoubt lists none still reserved): on a team's database a lead's, the DPO's or the
// owner's start tells them, since each holds its recipient for every rep
// until someone settles it. A rep sees only their own (none here), and so
// does everyone on one rep's database.
func colleaguesInDoubt(ctx context.Context, st *store.Store, repID int64, now time.Time) (int, error) {
	list, err := st.SendsInDoubt(ctx, repID, now)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range list {
		if d.RepID != repID {
			n++
		}
	}
	return n, nil
}

// contactByArg finds the contact an EMAIL argument names.
func (a *app) contactByArg(ctx context.Context, arg string) (contacts.Contact, error) {
	email, err := contacts.NormalizeAddress(arg)
	if err != nil {
		return contacts.Contact{}, usageError{err}
	}
	c, err := a.st.ContactByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		if sup, serr := a.st.IsSuppressed(ctx, email); serr == nil && sup {
			return c, fmt.Errorf("no contact with address %s: it is on the suppression list (opted out, objected or erased), so nothing else is held", email)
		}
		return c, fmt.Errorf("no contact with address %s: check the spelling with legit contacts", email)
	}
	return c, err
}

// erasureCleanup is how erasures finish outside the database: the outbox
// beside it and, when IMAP is configured, the rep's mailbox (its password
// is read only when there is mailbox work).
func (a *app) erasureCleanup() outreach.ErasureCleanup {
	cl := outreach.ErasureCleanup{Outbox: a.outbox(), Rep: a.cfg.Rep.Name}
	if a.cfg.IMAP.Host != "" {
		cl.IMAP = a.cfg.IMAP.imapServer
	}
	return cl
}

// startupCleanupTimeout bounds the mailbox part of finishing erasures when
// a command starts, so an unreachable server holds nothing up for long.
const startupCleanupTimeout = 10 * time.Second

// finishErasures finishes, at start-up, what earlier erasures left outside
// the database: a crash after an erasure's commit, or a mail server that
// could not be reached. A failure leaves the work queued for the next try;
// only one that is not the server's (the outbox folder, the database) is
// shown.
func (a *app) finishErasures(ctx context.Context) {
	cl := a.erasureCleanup()
	cl.OutboxOnly = true // no network at open: the app does the mailbox part after its first frame, erase and sync do it too
	cl.Timeout = startupCleanupTimeout
	if _, err := cl.Finish(ctx, a.st); err != nil {
		fmt.Fprintf(os.Stderr, "legit: finishing earlier erasures: %v (tried again at the next start)\n", err)
	}
}

// sender builds the one send path from the config: SMTP when configured,
// else no transport, and what passes the checklist is queued in the outbox
// (in the demo the outbox stands in for a server and counts as sent); the
// IMAP Sent copy when IMAP is configured. It resolves sends left in flight by a crash and retries
// pending Sent copies, returning the sends still in doubt.
func (a *app) sender(ctx context.Context) (*outreach.Sender, []outreach.InDoubt, error) {
	rep, err := a.st.ConnectRep(ctx, a.cfg.Rep.Name, a.cfg.Rep.Email)
	if err != nil {
		return nil, nil, err
	}
	s := &outreach.Sender{Store: a.st, RepID: rep.ID, Rep: rep.Name, Org: a.cfg.Org.Name, DailyCap: a.cfg.DailyCap, Guards: a.cfg.Guards,
		OrgTracking: a.cfg.Org.Tracking, DeadlineDays: a.cfg.DeadlineDays, Now: a.st.Now,
		Builder: outreach.Builder{From: outreach.Identity{Name: a.cfg.Rep.Name, Email: a.cfg.Rep.Email}, Footer: a.cfg.footer(), PixelURL: a.cfg.Org.TrackingURL},
		Outbox:  a.outbox()}
	if a.demo {
		s.Transport = s.Outbox
	}
	if a.cfg.SMTP.Host != "" {
		srv, err := a.cfg.SMTP.server()
		if err != nil {
			return nil, nil, fmt.Errorf("smtp settings: %w", err)
		}
		s.Transport = outreach.SMTP{Server: srv}
	}
	if a.cfg.IMAP.Host != "" {
		srv, err := a.cfg.IMAP.imapServer()
		if err != nil {
			return nil, nil, fmt.Errorf("imap settings: %w", err)
		}
		s.SentCopy = outreach.SentFolder{Server: srv}
	}
	doubt, err := s.Recover(ctx)
	if err != nil {
		return s, doubt, fmt.Errorf("check sends interrupted earlier: %w", err)
	}
	// A Sent copy that fails again stays pending for the next start.
	_ = s.RetrySentCopies(ctx)
	return s, doubt, nil
}

// recordWaitNote tells w, for a command's send, that an email went out and
// legit waits for the database to come back to record it (the app shows
// its own state instead: nothing is written over its screen).
func recordWaitNote(w io.Writer) func(time.Duration) {
	return func(wait time.Duration) {
		fmt.Fprintf(w, "legit: the email went out, but the database went away before it was recorded: trying again for up to %s…\n", wait)
	}
}

// errNoIMAP says what to add to the config when no IMAP server is set.
var errNoIMAP = errors.New(`no IMAP server configured: add to your config file ($XDG_CONFIG_HOME/legit/config.toml or --config):

[imap]
host = "imap.example.com"
port = 993
username = "you@example.com"
security = "tls"                     # tls, starttls, or none (localhost only)
password_env = "LEGIT_IMAP_PASSWORD" # or password_command = "pass show imap"`)

// syncFunc returns the inbox sync bound to the config and the open store, or
// nil when no IMAP server is configured. The password is read only when a
// sync starts.
func (a *app) syncFunc() func(context.Context, func(outreach.SyncProgress)) (outreach.SyncResult, error) {
	if a.cfg.IMAP.Host == "" || a.st == nil {
		return nil
	}
	m, st, rep, cl := a.cfg.IMAP, a.st, a.cfg.Rep.Name, a.erasureCleanup()
	return func(ctx context.Context, progress func(outreach.SyncProgress)) (outreach.SyncResult, error) {
		s, err := m.imapServer()
		if err != nil {
			return outreach.SyncResult{}, err
		}
		res, err := outreach.RunSync(ctx, s, st, outreach.SyncOptions{Rep: rep, Progress: progress})
		if err == nil {
			// The server answers: a mailbox cleanup of an erasure that
			// waits for it is tried again (a failure stays queued).
			_, _ = cl.Finish(ctx, st)
		}
		return res, err
	}
}
