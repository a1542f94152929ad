// Command legit is a terminal app for B2B sales reps who email people in the
// EU one at a time: every contact carries its source and lawful basis, every
// email carries the privacy notice and is logged, and opt-outs stick.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"legit/contacts"
	"legit/notice"
	"legit/outreach"
	"legit/store"
	"legit/ui"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit codes that scripts can rely on.
const (
	exitOK    = 0
	exitError = 1 // something failed; the message says what
	exitUsage = 2 // bad flags or arguments
)

// config is the rep's config file, $XDG_CONFIG_HOME/legit/config.toml.
// Passwords are never in it: only the name of an environment variable or a
// command that prints the password.
type config struct {
	Rep struct {
		Name  string `toml:"name"`
		Email string `toml:"email"`
	} `toml:"rep"`
	Org struct {
		Name                 string `toml:"name"`
		Address              string `toml:"address"`
		PrivacyURL           string `toml:"privacy_url"`
		DPO                  string `toml:"dpo"`
		SupervisoryAuthority string `toml:"supervisory_authority"`
		// Recipients names who receives the data, such as the mail provider
		// as processor (Art. 14(1)(e) GDPR).
		Recipients string `toml:"recipients"`
		// Transfers says which transfers outside the EEA happen and on what
		// safeguard (Art. 14(1)(f)); empty means none.
		Transfers   string `toml:"transfers"`
		Tracking    bool   `toml:"tracking"`
		TrackingURL string `toml:"tracking_url"` // the open pixel's address, needed when tracking is on
	} `toml:"organisation"`
	RetentionDays int `toml:"retention_days"`
	// CustomerRetentionMonths is how long a customer's data is kept after
	// the last purchase.
	CustomerRetentionMonths int        `toml:"customer_retention_months"`
	DeadlineDays            int        `toml:"deadline_days"`
	DailyCap                int        `toml:"daily_cap"`
	SMTP                    mailServer `toml:"smtp"`
	IMAP                    mailServer `toml:"imap"`
}

// mailServer is how to reach one SMTP or IMAP server.
type mailServer struct {
	Host            string `toml:"host"`
	Port            int    `toml:"port"`
	Username        string `toml:"username"`
	Security        string `toml:"security"` // "tls", "starttls" or "none" (loopback only)
	PasswordEnv     string `toml:"password_env"`
	PasswordCommand string `toml:"password_command"`
	// Timeouts ("15s", "1m"); unset or 0 takes outreach's default.
	ConnectTimeout time.Duration `toml:"connect_timeout"`
	CommandTimeout time.Duration `toml:"command_timeout"`
	DataTimeout    time.Duration `toml:"data_timeout"` // SMTP: the answer after the whole message
}

// imapServer is server for IMAP: without a port, 993 for TLS, else 143. Both
// the sync and the Sent copy use it.
func (m mailServer) imapServer() (outreach.Server, error) {
	s, err := m.server()
	if err == nil && s.Port == 0 {
		s.Port = 993
		if s.Security != outreach.ImplicitTLS {
			s.Port = 143
		}
	}
	return s, err
}

// server turns the config of one mail server into outreach's settings,
// fetching the password from the environment or the password command.
// The password is never logged or stored.
func (m mailServer) server() (outreach.Server, error) {
	s := outreach.Server{Host: m.Host, Port: m.Port, Username: m.Username, Security: outreach.Security(m.Security),
		Timeouts: outreach.Timeouts{Connect: m.ConnectTimeout, Command: m.CommandTimeout, Data: m.DataTimeout}}
	if s.Security == "" {
		s.Security = outreach.ImplicitTLS
	}
	switch {
	case m.PasswordEnv != "":
		s.Password = os.Getenv(m.PasswordEnv)
		if s.Password == "" {
			return s, fmt.Errorf("password for %s: environment variable %s is empty or unset", s.Addr(), m.PasswordEnv)
		}
	case m.PasswordCommand != "":
		out, err := exec.Command("sh", "-c", m.PasswordCommand).Output()
		if err != nil {
			return s, fmt.Errorf("password for %s: password_command failed: %w", s.Addr(), err)
		}
		s.Password = strings.TrimRight(string(out), "\r\n")
	}
	return s, s.Check()
}

// defaultConfig is what legit uses with no config file: the demo organisation.
func defaultConfig() config {
	var c config
	c.Rep.Name = systemUser()
	c.RetentionDays, c.DailyCap = 180, 40 // deadline_days stays 0: no reminder before the legal month
	c.CustomerRetentionMonths = contacts.DefaultCustomerRetentionMonths
	return c
}

// systemUser is the login name, the rep's name in the log until the config
// gives one.
func systemUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "rep"
}

// demoConfig is the demo's invented rep and organisation over the defaults.
// Only `legit demo` uses it: outside the demo no controller is invented, and
// a config without the organisation's details cannot send.
func demoConfig() config {
	c := defaultConfig()
	c.Rep.Name, c.Rep.Email = "Robin Maes", "robin.maes@northwind-analytics.example"
	c.Org.Name = "Northwind Analytics B.V."
	c.Org.Address = "Keizersgracht 1, 1015 CC Amsterdam, Netherlands"
	c.Org.PrivacyURL = "https://northwind-analytics.example/privacy"
	c.Org.DPO = "privacy@northwind-analytics.example"
	c.Org.SupervisoryAuthority = "Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl)"
	c.Org.Recipients = "our email provider Example Mail B.V. (processor, servers in the EU)"
	return c
}

// retention is the config's retention periods.
func (c config) retention() contacts.Retention {
	return contacts.Retention{ProspectDays: c.RetentionDays, CustomerMonths: c.CustomerRetentionMonths}
}

// loadConfig reads path over the defaults. A missing file at the default
// location is fine; a missing file the user named is an error.
func loadConfig(path string, named bool) (config, error) {
	c := defaultConfig()
	if path == "" {
		return c, nil
	}
	md, err := toml.DecodeFile(path, &c)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !named {
			return c, nil
		}
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return c, fmt.Errorf("config %s: unknown setting %q: check its spelling against the README", path, und[0].String())
	}
	if c.DeadlineDays < 0 || c.DeadlineDays > 30 {
		return c, fmt.Errorf("config %s: deadline_days, an optional shorter reminder, must be between 0 (none) and 30: the legal deadline is one calendar month at most", path)
	}
	if c.DailyCap <= 0 {
		return c, fmt.Errorf("config %s: daily_cap must be at least 1", path)
	}
	if c.Org.Tracking && !strings.HasPrefix(c.Org.TrackingURL, "https://") {
		return c, fmt.Errorf("config %s: tracking is on, so organisation.tracking_url must be the https:// address of the open pixel", path)
	}
	if c.RetentionDays <= 0 {
		return c, fmt.Errorf("config %s: retention_days must be at least 1", path)
	}
	if c.CustomerRetentionMonths <= 0 {
		return c, fmt.Errorf("config %s: customer_retention_months must be at least 1", path)
	}
	return c, nil
}

// xdgDir returns $env or, when unset or relative, $HOME/fallback.
func xdgDir(env, fallback string) string {
	if d := os.Getenv(env); filepath.IsAbs(d) {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "legit-"+env)
	}
	return filepath.Join(home, fallback)
}

// app is the state the sub-commands share: flags, config, and the open store.
type app struct {
	dbPath     string
	configPath string
	cfg        config
	st         *store.Store
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

// databasePath is --db, else $LEGIT_DB, else $XDG_DATA_HOME/legit/legit.db.
func (a *app) databasePath() string {
	if a.dbPath != "" {
		return a.dbPath
	}
	if p := os.Getenv("LEGIT_DB"); p != "" {
		return p
	}
	return filepath.Join(xdgDir("XDG_DATA_HOME", ".local/share"), "legit", "legit.db")
}

// open loads the config and opens the database, which must exist: a
// mistyped --db is an error, not a new empty database.
func (a *app) open(ctx context.Context) error { return a.openDB(ctx, nil) }

// openOrCreate is open for the commands that may start a database (the app
// itself and import); a new one is announced on w with its path.
func (a *app) openOrCreate(ctx context.Context, w io.Writer) error { return a.openDB(ctx, w) }

func (a *app) openDB(ctx context.Context, announce io.Writer) error {
	if err := a.load(); err != nil {
		return err
	}
	path := a.databasePath()
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
	a.finishErasures(ctx)
	return nil
}

// close closes the database if it is open.
func (a *app) close() {
	if a.st != nil {
		_ = a.st.Close()
	}
}

// uiDeps is what the screens need.
func (a *app) uiDeps() ui.Deps {
	d := ui.Deps{Store: a.st, Rep: a.cfg.Rep.Name, RepEmail: a.cfg.Rep.Email, Now: time.Now,
		DeadlineDays: a.cfg.DeadlineDays, Retention: a.cfg.retention(), ExportDir: os.Getenv("LEGIT_EXPORT_DIR"),
		Controller: a.cfg.controller(), Tracking: a.cfg.Org.Tracking, Sync: a.syncFunc(), Erasure: a.erasureCleanup()}
	d.Sender, _, d.SenderErr = a.sender(context.Background())
	if s := d.Sender; s != nil {
		d.SendNotice = func(ctx context.Context, id int64) error {
			_, err := s.SendNoticeOnly(ctx, id)
			return err
		}
	}
	return d
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "legit",
		Short: "One-to-one B2B cold email that checks the GDPR and ePrivacy rules before every send",
		Long: `legit keeps, for every contact, where the data came from and the lawful basis you
rely on; checks before every email what the recipient's country and the GDPR
ask, and refuses what they forbid, naming the rule; sends one email to one
person with the privacy notice attached; logs every step in a hash-chained log;
and makes opt-outs stick.

Run without a sub-command to open the app on your database.
Try it with nothing set up: legit demo`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.openOrCreate(cmd.Context(), cmd.ErrOrStderr()); err != nil {
				return err
			}
			defer a.close()
			return ui.Run(cmd.Context(), a.uiDeps())
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database file (default $LEGIT_DB or $XDG_DATA_HOME/legit/legit.db)")
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "config file (default $XDG_CONFIG_HOME/legit/config.toml)")
	root.AddCommand(
		newVersionCmd(),
		newDemoCmd(a),
		newContactsCmd(a),
		newExportCmd(a), newEraseCmd(a), newRetentionCmd(a),
		newImportCmd(a),
		newDeadlinesCmd(a),
		newSendCmd(a),
		newSuppressCmd(a),
		newRegisterCmd(a),
		newLogCmd(a),
		newReviewCmd(a),
		newSyncCmd(a),
	)
	usageArgs(root)
	return root
}

// usageArgs makes a wrong number of arguments a usage error (exit 2) for cmd
// and every command below it, like a wrong flag.
func usageArgs(cmd *cobra.Command) {
	if check := cmd.Args; check != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				return usageError{err}
			}
			return nil
		}
	}
	for _, sub := range cmd.Commands() {
		usageArgs(sub)
	}
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print legit's version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			v := version
			if info, ok := debug.ReadBuildInfo(); ok && v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
				v = info.Main.Version
			}
			fmt.Fprintf(cmd.OutOrStdout(), "legit %s\n", v)
		},
	}
}

func newDemoCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Open the app on a throwaway database of invented contacts",
		Long: `Opens the app on a new database filled with about forty invented contacts in
every state the screens show. Mail goes to a local outbox; nothing leaves the
machine. The database is deleted on exit unless you name one with --db, in
which case it is kept (and reused if it already has contacts).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			// The demo never reads the rep's config: it must not send through
			// their real server or write as them.
			a.cfg = demoConfig()
			if a.dbPath == "" {
				dir, err := os.MkdirTemp("", "legit-demo-")
				if err != nil {
					return fmt.Errorf("make demo folder: %w", err)
				}
				defer os.RemoveAll(dir)
				a.dbPath = filepath.Join(dir, "legit.db")
			}
			st, err := store.Open(ctx, a.dbPath)
			if err != nil {
				return err
			}
			a.st = st
			defer a.close()
			if err := seedDemo(ctx, st, a.cfg, time.Now()); err != nil {
				return err
			}
			return ui.Run(ctx, a.uiDeps())
		},
	}
}

// seedDemo fills an empty database, in one transaction, with the demo
// contacts and a synced inbox (from a mailbox named "demo", so that a real
// sync of INBOX starts afresh). A database that already has contacts is left
// as it is.
func seedDemo(ctx context.Context, st *store.Store, cfg config, now time.Time) error {
	n, err := st.CountContacts(ctx)
	if err != nil || n > 0 {
		return err
	}
	if _, err := st.EnsureRep(ctx, cfg.Rep.Name, cfg.Rep.Email); err != nil {
		return err
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for _, c := range contacts.Demo(now, cfg.Rep.Name) {
			added, err := tx.AddContact(c, cfg.Rep.Name)
			if err != nil {
				return fmt.Errorf("demo contact %s: %w", c.Name, err)
			}
			// An informed contact was told through the notice: log it, so
			// the log shows where "informed" comes from.
			if c.InformedAt != nil {
				if err := tx.MarkInformed(added.ID, *c.InformedAt, c.Basis.NoticeKey(), cfg.Rep.Name); err != nil {
					return fmt.Errorf("demo contact %s: %w", c.Name, err)
				}
			}
		}
		replies := outreach.DemoReplies(now)
		if _, err := tx.SaveSyncBatch(store.SyncBatch{Mailbox: "demo", UIDValidity: 1, LastUID: uint32(len(replies)),
			Rep: cfg.Rep.Name, Items: replies}); err != nil {
			return fmt.Errorf("demo inbox: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The Bulgarian prospects on legitimate interest need the KZP register
	// checked: the demo imports an invented copy.
	bg := outreach.PolicyFor("BG")
	return st.ImportRegister(ctx, bg.Country, bg.Register.Name, []string{"office@refuses-mail.example"}, cfg.Rep.Name)
}

func newContactsCmd(a *app) *cobra.Command {
	var filter string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "contacts",
		Short: "List contacts with their source, basis and notice deadline",
		Long: `Lists contacts with their source kind, whether a lawful basis is recorded,
the days left to send the privacy notice, and their status.

Filters: all, needs-basis, due-soon, overdue, suppressed.`,
		Example: "  legit contacts --filter overdue\n  legit contacts --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := ui.ParseFilter(filter)
			if err != nil {
				return usageError{err}
			}
			if err := a.open(cmd.Context()); err != nil {
				return err
			}
			defer a.close()
			list, err := a.st.ListContacts(cmd.Context())
			if err != nil {
				return err
			}
			rows := ui.Rows(list, time.Now(), a.cfg.DeadlineDays)
			return ui.PrintContacts(cmd.OutOrStdout(), ui.FilterRows(rows, f, ""), asJSON)
		},
	}
	cmd.Flags().StringVar(&filter, "filter", "all", "all, needs-basis, due-soon, overdue or suppressed")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}

// usageError marks an error caused by bad flags or arguments (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func main() {
	// Closing the terminal (SIGHUP) or a kill (SIGTERM) ends legit the way
	// ctrl+c does: an import rolls back, the demo deletes its database.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGHUP, syscall.SIGTERM)
	a := &app{}
	root := newRootCmd(a)
	err := root.ExecuteContext(ctx)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err (if any) and returns the exit code it means.
func exitCode(err error, w io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ec exitCoder
	if errors.As(err, &ec) && ec.Error() == "" {
		return ec.ExitCode()
	}
	fmt.Fprintf(w, "legit: %s\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(w, "Run 'legit --help' for usage.")
		return exitUsage
	}
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return exitError
}

// quietFailure ends a command with exit 1 and no further message: what it
// printed already says what is wrong (legit deadlines while any contact is
// overdue, legit log verify on a broken chain).
type quietFailure struct{}

func (quietFailure) Error() string { return "" }

// ExitCode is 1.
func (quietFailure) ExitCode() int { return exitError }

// exitCoder is an error that chooses the exit code, such as "overdue
// contacts exist" from legit deadlines. An empty message prints nothing.
type exitCoder interface {
	error
	ExitCode() int
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

func newExportCmd(a *app) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "export EMAIL",
		Short: "Export everything held about one person (access request, Art. 15)",
		Long: `Writes one JSON document with everything held about the person: the contact's
fields, each source with its import file and line, every assessment, the
consents with their evidence, every message with its full text, and every
log event about them, with a short summary in plain words. The export is
logged. With --out the file is written with mode 0600, the summary is
printed, and an open access request of the person is marked answered;
without it the JSON goes to standard output and the request stays open.`,
		Example: "  legit export anna@example.com --out anna.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			c, err := a.contactByArg(ctx, args[0])
			if err != nil {
				return err
			}
			r, err := a.st.Record(ctx, c.ID)
			if err != nil {
				return err
			}
			now := time.Now()
			if out == "" {
				err = ui.WriteExport(cmd.OutOrStdout(), r, now, a.cfg.retention(), a.cfg.controller())
			} else {
				err = ui.SaveExport(out, r, now, a.cfg.retention(), a.cfg.controller())
			}
			if err != nil {
				return err
			}
			answered, err := a.st.LogExport(ctx, c, a.cfg.Rep.Name, out != "")
			if err != nil {
				return err
			}
			if out != "" {
				fmt.Fprintf(cmd.OutOrStdout(), "%s\nWritten to %s (mode 0600). Send it to the person by a secure channel.\n", ui.ExportSummary(r, a.cfg.retention(), a.cfg.controller()), out)
			}
			switch {
			case answered == 1:
				fmt.Fprintf(cmd.ErrOrStderr(), "The open access request of %s is marked answered.\n", contacts.Clean(c.Name))
			case answered > 1:
				fmt.Fprintf(cmd.ErrOrStderr(), "The %d open access requests of %s are marked answered.\n", answered, contacts.Clean(c.Name))
			}
			if out == "" {
				return hintOpenAccessRequest(ctx, a.st, c, cmd.ErrOrStderr())
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the JSON to this file (mode 0600) instead of standard output")
	return cmd
}

// hintOpenAccessRequest tells the rep, when c has an open access request,
// that an export shown on standard output does not answer it.
func hintOpenAccessRequest(ctx context.Context, st *store.Store, c contacts.Contact, w io.Writer) error {
	due, err := st.AccessDue(ctx, c.ID)
	if err != nil || due == nil {
		return err
	}
	fmt.Fprintf(w, "%s has an open access request (answer by %s): save the export with --out FILE and send it to answer it.\n",
		contacts.Clean(c.Name), due.Format("2 Jan 2006"))
	return nil
}

// erasureCleanup is how erasures finish outside the database: the outbox
// beside it and, when IMAP is configured, the rep's mailbox (its password
// is read only when there is mailbox work).
func (a *app) erasureCleanup() outreach.ErasureCleanup {
	cl := outreach.ErasureCleanup{Outbox: outreach.OutboxBeside(a.st.Path()), Rep: a.cfg.Rep.Name}
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
	cl.Timeout = startupCleanupTimeout
	if _, err := cl.Finish(ctx, a.st); err != nil {
		fmt.Fprintf(os.Stderr, "legit: finishing earlier erasures: %v (tried again at the next start)\n", err)
	}
}

func newEraseCmd(a *app) *cobra.Command {
	var yes bool
	var reason string
	cmd := &cobra.Command{
		Use:   "erase EMAIL",
		Short: "Erase one person and everything that identifies them (Art. 17)",
		Long: `Removes the contact with its sources, assessments, consents, messages,
drafts and replies, leaving no trace in the database file, then the emails
to them in the outbox folder and, with IMAP set up, their mail legit filed or
read in your mailbox (the Sent copies, the replies, and the rest of their
mail in INBOX). A keyed hash of every address they had stays on the
suppression list, so a later import or send is refused, and the log keeps
only the pseudonymous reference, so it still verifies.

If the mail server cannot be reached, the erasure still happens; the mailbox
cleanup is queued and tried again at the next start, erase or sync, and this
command says so until it is done.

On a terminal it asks first; elsewhere it needs --yes.`,
		Example: "  legit erase anna@example.com\n  legit erase anna@example.com --yes --reason retention",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch reason {
			case store.ErasureRequest, store.ErasureRetention, store.ErasureOverdue:
			default:
				return usageError{fmt.Errorf("--reason %q: use request, retention or overdue", reason)}
			}
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			c, err := a.contactByArg(ctx, args[0])
			if err != nil {
				return err
			}
			cl := a.erasureCleanup()
			if !yes {
				r, plan, err := ui.ErasureQuestion(ctx, a.st, c.ID, cl)
				if err != nil {
					return err
				}
				ok, err := askYes(cmd.InOrStdin(), cmd.ErrOrStderr(), ui.ErasurePlan(r, plan))
				if err != nil {
					return err
				}
				if !ok {
					fmt.Fprintln(cmd.ErrOrStderr(), "Nothing erased.")
					return nil
				}
			}
			e, err := ui.EraseContact(ctx, a.st, c.ID, a.cfg.Rep.Name, reason, cl)
			if e.Ref == "" {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Erased %s. Every address they had stays on the suppression list; the log keeps only %s.\n", c.Email, c.Ref)
			if line := ui.ErasureOutcome(e); line != "" {
				fmt.Fprintln(out, line)
			}
			if e.Answered > 0 {
				fmt.Fprintln(out, "This answers their erasure request: tell the person it is done.")
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "erase without asking (needed when not on a terminal)")
	cmd.Flags().StringVar(&reason, "reason", store.ErasureRequest, "why, for the log: request, retention or overdue")
	return cmd
}

// askYes asks question on a terminal and reads y or yes. Without a terminal
// it refuses, so a script cannot erase by accident.
func askYes(in io.Reader, out io.Writer, question string) (bool, error) {
	notTTY := usageError{errors.New("not on a terminal: nothing erased; add --yes to erase without asking")}
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return false, notTTY
	}
	fmt.Fprintf(out, "%s\nErase? [y/N] ", question)
	var answer string
	if _, err := fmt.Fscanln(in, &answer); err != nil && !errors.Is(err, io.EOF) && err.Error() != "unexpected newline" {
		return false, fmt.Errorf("read answer: %w", err)
	}
	answer = strings.ToLower(strings.TrimSpace(answer))
	return answer == "y" || answer == "yes", nil
}

func newRetentionCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "retention",
		Short: "List contacts due for erasure under the retention rule",
		Long: `Lists, each with the reason: prospects with no sign of interest for longer
than retention_days (default 180, counted from the last of: data obtained,
their last reply, their last consent; your own unanswered emails do not
count), customers with no purchase for longer than customer_retention_months
(default 24), and contacts whose basis has ended (opted out, objected,
consent withdrawn) or who asked for erasure. Erase one with
legit erase EMAIL --reason retention, or with D on the To-erase screen (key 6).

Exit codes: 0 nobody is due, 1 someone is due (run it from cron), 2 bad usage.`,
		Example: "  legit retention\n  legit retention --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			list, err := a.st.ListContacts(ctx)
			if err != nil {
				return err
			}
			act, err := a.st.Activity(ctx)
			if err != nil {
				return err
			}
			rows := ui.RetentionRows(list, act, time.Now(), a.cfg.retention())
			if err := ui.PrintRetention(cmd.OutOrStdout(), rows, asJSON); err != nil {
				return err
			}
			if len(rows) > 0 {
				return quietFailure{} // the list printed says who is due
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}

// importFlags are the flags of legit import.
type importFlags struct {
	format, kind, detail, obtained string
	maps                           []string
	dryRun, asJSON                 bool
}

func newImportCmd(a *app) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import contacts from a LinkedIn export, business cards (vCard) or a spreadsheet",
		Long: `Imports contacts from FILE and records for each where the data came from
(GDPR Art. 14(2)(f) and 15(1)(g)): the source kind and detail, the date it was
obtained, you, the file (name and SHA-256) and the line.

Formats (detected, or set with --format):
  linkedin  LinkedIn's Connections.csv, current and older layout. Rows without an
            email address become contacts you cannot email until one is added.
  vcard     .vcf business cards, vCard 2.1, 3.0 and 4.0.
  csv       a spreadsheet: comma or semicolon, UTF-8, UTF-16 or Windows-1252/1250,
            headers in English, Dutch, German or Polish. Fix a column with
            --map "Column=field" (fields: ` + fieldNames() + `).

Duplicates (same address) are merged, in the file and with contacts you have:
the contact gets one more source, never a second record. Addresses on the
suppression list are skipped and only counted. The whole import is one
transaction: on an error or ctrl+c nothing is saved.

--obtained defaults to today. For a LinkedIn export it defaults to the file's
modification date (the day you downloaded the export) when that is earlier:
that is when you obtained the data, and it starts the one-month notice clock.
The connection date of each row is kept in its source detail.

Bad rows are listed with their line and reason and the rest is imported.
Exit codes: 0 the import ran (even with bad rows), 1 it failed, 2 bad usage.`,
		Example: `  legit import Connections.csv --source-detail "my LinkedIn connections, exported 2026-11-20"
  legit import cards.vcf --source-kind business_card --source-detail "cards from booth 14, Expo Utrecht 2026"
  legit import beurs.csv --source-kind event --source-detail "visitors' list, Vakbeurs 2026" --map "Tel=ignore" --dry-run`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{errors.New("import needs one FILE: legit import Connections.csv --source-detail \"...\"")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runImport(cmd, a, args[0], f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "", "linkedin, vcard or csv (default: detect)")
	fl.StringVar(&f.kind, "source-kind", "", "linkedin, business_card, event, referral, website, directory or manual (default: linkedin for LinkedIn, business_card for vCard)")
	fl.StringVar(&f.detail, "source-detail", "", "where exactly the contacts came from, e.g. \"cards from booth 14, Expo Utrecht 2026\" (required)")
	fl.StringVar(&f.obtained, "obtained", "", "date the data was obtained, YYYY-MM-DD (default: today; LinkedIn: the export's date)")
	fl.StringArrayVar(&f.maps, "map", nil, "column=field for a spreadsheet column (repeatable)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "read the file and count what would happen, without saving")
	fl.BoolVar(&f.asJSON, "json", false, "print JSON for scripts")
	return cmd
}

// fieldNames lists the fields --map accepts.
func fieldNames() string {
	var names []string
	for _, f := range contacts.ImportFields() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// runImport checks the flags, reads and parses the file, and saves it.
func runImport(cmd *cobra.Command, a *app, path string, f importFlags) error {
	ctx := cmd.Context()
	format, err := contacts.ParseFormat(f.format)
	if err != nil {
		return usageError{err}
	}
	overrides, err := contacts.ParseMapFlags(f.maps)
	if err != nil {
		return usageError{err}
	}
	detail := contacts.Clean(f.detail)
	if detail == "" {
		return usageError{errors.New("--source-detail is required: say where these contacts came from, e.g. --source-detail \"cards from booth 14, Expo Utrecht 2026\" (people may ask, GDPR Art. 15(1)(g))")}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if format == "" {
		format = contacts.DetectFormat(path, data[:min(len(data), 4096)])
	}
	kind, err := importKind(f.kind, format)
	if err != nil {
		return usageError{err}
	}
	now := time.Now()
	obtained, err := importObtained(f.obtained, path, format, now)
	if err != nil {
		return usageError{err}
	}
	parsed, err := contacts.Parse(path, data, format, overrides)
	if err != nil {
		return err
	}
	if err := a.openOrCreate(ctx, cmd.ErrOrStderr()); err != nil {
		return err
	}
	defer a.close()
	rep, err := a.st.EnsureRep(ctx, a.cfg.Rep.Name, a.cfg.Rep.Email)
	if err != nil {
		return err
	}
	res, err := a.st.Import(ctx, store.NewImportBatch(path, data, parsed, rep, kind, detail, obtained, f.dryRun), parsed.Records, nil)
	if err != nil {
		return err
	}
	report := ui.ImportReport{File: filepath.Base(path), Format: parsed.Format,
		DryRun: f.dryRun, Rows: parsed.Rows, Result: res, Bad: parsed.Bad, Kind: kind, Obtained: obtained, DailyCap: a.cfg.DailyCap}
	report.NoCountry, report.Proposed = parsed.CountryProposals()
	return ui.PrintImport(cmd.OutOrStdout(), report, f.asJSON)
}

// importKind is --source-kind, or the kind the format implies.
func importKind(flag string, format contacts.Format) (contacts.SourceKind, error) {
	if flag != "" {
		return contacts.ParseSourceKind(flag)
	}
	if k, ok := contacts.ImpliedSourceKind(format); ok {
		return k, nil
	}
	return "", errors.New("--source-kind is required for a spreadsheet: say what it holds, e.g. --source-kind event (linkedin, business_card, event, referral, website, directory, manual)")
}

// importObtained is --obtained, or today, or for a LinkedIn export the day
// the file was downloaded when that is earlier.
func importObtained(flag, path string, format contacts.Format, now time.Time) (time.Time, error) {
	if flag != "" {
		t, err := contacts.ParseObtained(flag, now)
		if err != nil {
			return t, fmt.Errorf("--obtained: %w", err)
		}
		return t, nil
	}
	var mod time.Time
	if fi, err := os.Stat(path); err == nil {
		mod = fi.ModTime()
	}
	return contacts.DefaultObtained(format, mod, now), nil
}

// controller maps the organisation in the config to what the Art. 14 notice
// names. Opt-out replies go to the rep's own address.
func (c config) controller() notice.Controller {
	return notice.Controller{
		Name: c.Org.Name, Address: c.Org.Address, PrivacyURL: c.Org.PrivacyURL, DPO: c.Org.DPO,
		SupervisoryAuthority: c.Org.SupervisoryAuthority, OptOutAddress: c.Rep.Email, RetentionDays: c.RetentionDays,
		Recipients: c.Org.Recipients, Transfers: c.Org.Transfers, CustomerRetentionMonths: c.CustomerRetentionMonths,
	}
}

func newDeadlinesCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "deadlines",
		Short: "List contacts by how soon their privacy notice is due; exit 1 while any is overdue",
		Long: `Lists the contacts not yet sent the Art. 14 privacy notice, grouped into
overdue, due this week (7 days or fewer left) and later. The deadline is one
calendar month after the date the data was obtained (31 Jan → 28 Feb), or
deadline_days after it when that shorter reminder is set; a business card
handed over in person is due at once.

Exit status: 0 when nothing is overdue, 1 while any contact is overdue (so it
can run from cron), 2 on bad flags. The overdue contacts are the same as
legit contacts --filter overdue lists.`,
		Example: "  legit deadlines\n  legit deadlines --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.open(cmd.Context()); err != nil {
				return err
			}
			defer a.close()
			list, err := a.st.ListContacts(cmd.Context())
			if err != nil {
				return err
			}
			g := ui.GroupDeadlines(ui.Rows(list, time.Now(), a.cfg.DeadlineDays))
			if err := ui.PrintDeadlines(cmd.OutOrStdout(), g, asJSON); err != nil {
				return err
			}
			if len(g.Overdue) > 0 {
				return quietFailure{} // the list printed says which contacts are overdue
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}

// sender builds the one send path from the config: SMTP when configured,
// else the Maildir outbox next to the database; the IMAP Sent copy when IMAP
// is configured. It resolves sends left in flight by a crash and retries
// pending Sent copies, returning the sends still in doubt.
func (a *app) sender(ctx context.Context) (*outreach.Sender, []outreach.InDoubt, error) {
	rep, err := a.st.EnsureRep(ctx, a.cfg.Rep.Name, a.cfg.Rep.Email)
	if err != nil {
		return nil, nil, err
	}
	s := &outreach.Sender{Store: a.st, RepID: rep.ID, Rep: rep.Name, Org: a.cfg.Org.Name, DailyCap: a.cfg.DailyCap,
		OrgTracking: a.cfg.Org.Tracking, DeadlineDays: a.cfg.DeadlineDays, Now: time.Now,
		Builder:   outreach.Builder{From: outreach.Identity{Name: a.cfg.Rep.Name, Email: a.cfg.Rep.Email}, Footer: a.cfg.footer(), PixelURL: a.cfg.Org.TrackingURL},
		Transport: outreach.OutboxBeside(a.st.Path())}
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

// footer renders the Art. 14 notice for outreach: the long form for a first
// email, the short one after, in the contact's language.
func (c config) footer() outreach.Footer {
	ctl := c.controller()
	return func(ct contacts.Contact, long, tracking bool) (string, error) {
		form := notice.Short
		if long {
			form = notice.Long
		}
		return notice.Render(notice.Input{Controller: ctl, Contact: ct, Form: form, Tracking: tracking})
	}
}

func newSendCmd(a *app) *cobra.Command {
	var to, subject, bodyFile, resolve, outcome string
	var dryRun, asJSON, tracking, similar, aboutJob, published bool
	cmd := &cobra.Command{
		Use:   "send",
		Short: "Send one email to one contact, through the same checklist as the app",
		Long: `Sends one email to one contact. The same checklist as the compose screen runs
first (one recipient, not suppressed, source recorded, a lawful basis the
recipient's country allows for their legal form, the existing-customer
conditions, notice footer, tracking only with consent, not a copy of another
recent email, daily first-contact cap, the notice deadline not passed); a
refusal names every failing rule and the law it rests on, and exits 1.

The privacy-notice footer is appended to the body; you cannot remove it.
Without SMTP in the config, mail goes to the outbox folder next to the database.

A send interrupted by a crash is checked at start-up; one that cannot be
checked is "in doubt": look in your Sent folder, then resolve it with
--resolve ID --outcome sent|not-sent.

Exit codes: 0 sent (or dry run passed), 1 refused or failed, 2 bad usage.`,
		Example: "  legit send --to anna@example.com --subject 'Depot routes' --body-file anna.txt --dry-run\n  legit send --resolve 12 --outcome not-sent",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if resolve == "" && (to == "" || subject == "" || bodyFile == "") {
				return usageError{errors.New("send needs --to, --subject and --body-file (or --resolve ID --outcome sent|not-sent)")}
			}
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			s, doubt, err := a.sender(ctx)
			if err != nil {
				return err
			}
			if resolve != "" {
				return resolveSend(ctx, cmd.OutOrStdout(), s, resolve, outcome)
			}
			if err := ui.PrintInDoubt(cmd.ErrOrStderr(), doubt); err != nil {
				return err
			}
			body, err := os.ReadFile(bodyFile)
			if err != nil {
				return usageError{fmt.Errorf("read the body: %w", err)}
			}
			c, err := a.st.ContactByEmail(ctx, to)
			if err != nil {
				return fmt.Errorf("%w: add the contact with its source and basis first", err)
			}
			d := outreach.Draft{To: []string{to}, Subject: subject, Body: string(body), Tracking: tracking,
				SimilarProducts: similar, RelevanceConfirmed: aboutJob, RoleAddressConfirmed: published}
			rep := ui.SendReport{DryRun: dryRun}
			if dryRun {
				v, b, err := s.Preview(ctx, c, d)
				if err != nil {
					return err
				}
				rep.Verdict, rep.Built = v, &b
				if err := ui.PrintSend(cmd.OutOrStdout(), rep, asJSON); err != nil {
					return err
				}
				if err := v.Refusal(); err != nil {
					return err
				}
				return nil
			}
			res, err := s.Send(ctx, 0, c.ID, d)
			rep.Verdict, rep.Row, rep.Err, rep.Sent = res.Verdict, res.MessageRow, err, err == nil
			if err == nil {
				rep.Built = &res.Built
			}
			if perr := ui.PrintSend(cmd.OutOrStdout(), rep, asJSON); perr != nil {
				return perr
			}
			if err != nil {
				return err
			}
			if res.SentCopyErr != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "legit: %v\n", res.SentCopyErr)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&to, "to", "", "the contact's address (exactly one)")
	f.StringVar(&subject, "subject", "", "the subject line")
	f.StringVar(&bodyFile, "body-file", "", "file holding the body (plain text, UTF-8)")
	f.BoolVar(&dryRun, "dry-run", false, "run the checklist and print the whole message; send nothing")
	f.BoolVar(&asJSON, "json", false, "print JSON for scripts")
	f.BoolVar(&tracking, "tracking", false, "ask for open tracking (allowed only with consent and the organisation switch)")
	f.BoolVar(&similar, "similar-products", false, "confirm, for an existing customer, that the email is about products similar to their purchase (logged)")
	f.BoolVar(&aboutJob, "about-their-job", false, "confirm the email concerns the recipient's profession, where the law asks it without consent (FR, IE; logged)")
	f.BoolVar(&published, "published-address", false, "confirm the company published this general address for contact, where the law asks it (NL, BE, HU, NO; logged)")
	f.StringVar(&resolve, "resolve", "", "resolve the send in doubt with this message number")
	f.StringVar(&outcome, "outcome", "", "with --resolve: sent or not-sent")
	return cmd
}

// resolveSend records the rep's answer for a send in doubt.
func resolveSend(ctx context.Context, w io.Writer, s *outreach.Sender, id, outcome string) error {
	var row int64
	if _, err := fmt.Sscan(id, &row); err != nil {
		return usageError{fmt.Errorf("--resolve %q: give the message number", id)}
	}
	if outcome != "sent" && outcome != "not-sent" {
		return usageError{fmt.Errorf("--outcome %q: use sent or not-sent", outcome)}
	}
	if err := s.Resolve(ctx, row, outcome == "sent"); err != nil {
		return err
	}
	fmt.Fprintf(w, "Message %d recorded as %s.\n", row, outcome)
	return nil
}

// logFlags are the filters of `legit log`.
type logFlags struct {
	rep, since, until, contact, kind string
	asJSON, asCSV                    bool
	limit                            int
}

// parseDay reads a --since/--until value: a date (a whole day, UTC) or an
// RFC 3339 time. For --until a date means up to the end of that day.
func parseDay(flag, v string, until bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		if until {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.Time{}, usageError{fmt.Errorf("--%s %q: write a date as 2026-11-23 or a time as 2026-11-23T09:00:00Z", flag, v)}
}

// filter turns the flags into a store filter, resolving --contact to the
// contact's pseudonymous ref.
func (f logFlags) filter(ctx context.Context, st *store.Store) (store.LogFilter, error) {
	var lf store.LogFilter
	var err error
	if lf.Since, err = parseDay("since", f.since, false); err != nil {
		return lf, err
	}
	if lf.Until, err = parseDay("until", f.until, true); err != nil {
		return lf, err
	}
	if f.kind != "" {
		k, ok := ui.KindByName(f.kind)
		if !ok {
			return lf, usageError{fmt.Errorf("--kind %q: use one of %s", f.kind, strings.Join(ui.KindNames(), ", "))}
		}
		lf.Kind = k
	}
	if lf.Rep, err = matchRep(ctx, st, f.rep); err != nil {
		return lf, err
	}
	switch {
	case strings.HasPrefix(f.contact, "c-"):
		lf.ContactRef = f.contact
	case f.contact != "":
		c, err := st.ContactByEmail(ctx, f.contact)
		if errors.Is(err, store.ErrNotFound) {
			return lf, fmt.Errorf("no contact has the address %s; if it was erased, its events keep only its ref: pass --contact c-…", f.contact)
		}
		if err != nil {
			return lf, err
		}
		lf.ContactRef = c.Ref
	}
	return lf, nil
}

// matchRep finds the rep name as logged for a --rep typed in any case; a
// name in no event is refused with the names that are.
func matchRep(ctx context.Context, st *store.Store, rep string) (string, error) {
	if rep == "" {
		return "", nil
	}
	reps, err := st.LogReps(ctx)
	if err != nil {
		return "", err
	}
	for _, r := range reps {
		if strings.EqualFold(strings.TrimSpace(rep), r) {
			return r, nil
		}
	}
	return "", usageError{fmt.Errorf("--rep %q: no event names that rep; the log has %s", rep, strings.Join(reps, ", "))}
}

func newLogCmd(a *app) *cobra.Command {
	var f logFlags
	cmd := &cobra.Command{
		Use:   "log",
		Short: "Show the outreach log: who contacted whom, when, on what basis",
		Long: `Shows the outreach log newest first: imports, basis changes, consents, emails,
notices, opt-outs, suppressions, exports and erasures, each chained to the one
before by hash. Contacts are named while they exist; after an erasure only
their pseudonymous ref (c-…) remains.

--since and --until take a date (2026-11-23, UTC; --until includes that day)
or an RFC 3339 time. --contact takes an address or a ref.`,
		Example: "  legit log --rep \"Robin Maes\" --since 2026-11-01\n  legit log --contact jan.devries@polderdata.example --json\n  legit log verify\n  legit log export robin.jsonl",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.asJSON && f.asCSV {
				return usageError{errors.New("--json and --csv: pick one")}
			}
			if f.limit < 0 {
				return usageError{errors.New("--limit must be 0 (all) or more")}
			}
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			lf, err := f.filter(ctx, a.st)
			if err != nil {
				return err
			}
			// With --limit, one event more than shown says whether more exist.
			want := f.limit + 1
			var all []store.LogEntry
			for {
				lf.Limit = 1000
				if f.limit > 0 {
					lf.Limit = min(1000, want-len(all))
				}
				page, err := a.st.Log(ctx, lf)
				if err != nil {
					return err
				}
				all = append(all, page...)
				if len(page) < lf.Limit || (f.limit > 0 && len(all) >= want) {
					break
				}
				lf.After = &all[len(all)-1]
			}
			more := f.limit > 0 && len(all) > f.limit
			if more {
				all = all[:f.limit]
			}
			format := ui.LogText
			if f.asJSON {
				format = ui.LogJSON
			} else if f.asCSV {
				format = ui.LogCSV
			}
			if err := ui.PrintLog(cmd.OutOrStdout(), all, format); err != nil {
				return err
			}
			if more {
				fmt.Fprintf(cmd.ErrOrStderr(), "Only the newest %d are shown: --limit 0 shows every event.\n", f.limit)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&f.rep, "rep", "", "only this rep's events (the name as logged)")
	cmd.Flags().StringVar(&f.since, "since", "", "only events from this date or time on")
	cmd.Flags().StringVar(&f.until, "until", "", "only events up to this date (inclusive) or before this time")
	cmd.Flags().StringVar(&f.contact, "contact", "", "only events of the contact with this address (or ref c-…)")
	cmd.Flags().StringVar(&f.kind, "kind", "", "only events of this kind (send, notice, opt_out, suppression, import, …)")
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().BoolVar(&f.asCSV, "csv", false, "print CSV for spreadsheets")
	cmd.Flags().IntVar(&f.limit, "limit", 50, "at most this many events, newest first (0 for all)")
	cmd.AddCommand(newLogVerifyCmd(a), newLogExportCmd(a))
	return cmd
}

func newLogVerifyCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Recompute the log's hash chain and report the first broken link",
		Long: `Recomputes every event's hash, in order, from the first. Prints "chain ok: N
events" and the last hash when nothing was edited, deleted or reordered since it
was written; otherwise prints the first broken event and what is wrong there,
and exits 1. Note the last hash down (or keep an export): events cut from the
end show only against it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			r, err := a.st.VerifyChain(ctx)
			var broken *store.ChainError
			if err != nil && !errors.As(err, &broken) {
				return err
			}
			if err := ui.PrintChain(cmd.OutOrStdout(), r, broken, asJSON); err != nil {
				return err
			}
			if broken != nil {
				return quietFailure{} // the report printed says where the chain breaks
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}

func newLogExportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "export FILE",
		Short: "Write the log as a bundle file for a team lead to review",
		Long: `Writes the whole log, from the first event, as JSON lines: a header (rep, time,
event count, last hash), then every event with its prev_hash and hash. Contacts
appear only as pseudonymous refs. A lead opens bundles with: legit review FILE...
The file must not exist yet.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			file, err := os.OpenFile(args[0], os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return fmt.Errorf("export the log: %w (pick a new file name)", err)
			}
			h, err := a.st.ExportLog(ctx, file, a.cfg.Rep.Name)
			if cerr := file.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("export the log: %w", cerr)
			}
			if err != nil {
				_ = os.Remove(args[0])
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d events to %s (last hash %s)\n", h.Count, args[0], h.Head)
			return nil
		},
	}
}

func newReviewCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "review FILE...",
		Short: "Open the log screen on several reps' bundles, each chain verified",
		Long: `Reads bundles written by legit log export, verifies each one's hash chain from
its first event to the last hash in its header, and opens the log screen on
all their events together, with each bundle's status on top: ok, broken at
event N (and why), or unreadable. A broken bundle shows its events up to the
break. Nothing is written to your own database.

With --json it prints the statuses instead and exits 1 if any bundle is not ok.`,
		Example: "  legit review robin.jsonl sam.jsonl\n  legit review --json *.jsonl",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.load(); err != nil {
				return err
			}
			var bundles []*store.Bundle
			bad := false
			for _, p := range args {
				b, err := store.ReadBundle(p)
				if err != nil {
					b = &store.Bundle{Path: p, Err: err}
				}
				bad = bad || b.Err != nil
				bundles = append(bundles, b)
			}
			if asJSON {
				if err := ui.PrintBundles(cmd.OutOrStdout(), bundles, true); err != nil {
					return err
				}
				if bad {
					return quietFailure{} // the statuses printed say which bundle failed
				}
				return nil
			}
			dir, err := os.MkdirTemp("", "legit-review-")
			if err != nil {
				return fmt.Errorf("make review folder: %w", err)
			}
			defer os.RemoveAll(dir)
			st, err := store.OpenReview(ctx, filepath.Join(dir, "review.db"), bundles)
			if err != nil {
				return err
			}
			a.st = st
			defer a.close()
			// A review shows only the bundles' log: no sender, no inbox.
			return ui.RunReview(ctx, ui.Deps{Store: st, Rep: a.cfg.Rep.Name, Now: time.Now, DeadlineDays: a.cfg.DeadlineDays}, bundles)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print each bundle's status as JSON instead of opening the screen")
	return cmd
}

func newSyncCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Read new replies from your IMAP inbox and act on them",
		Long: `Reads the replies that arrived in your INBOX since the last sync (nothing is
marked as read) and acts on them at once:
  opt-outs and objections   the contact is suppressed and it is logged
  bounces                   the address is marked undeliverable and suppressed
  erasure/access requests   queued in the inbox (press 3) with their one-month deadline
  consents                  proposed in the inbox; recorded only when you confirm
Replies from unknown senders are listed but not acted on.

Needs an [imap] section in the config (host, port, username, security and
password_env or password_command). Progress goes to stderr when it is a
terminal; the summary to stdout. Exit code 1 when the server cannot be
reached or the login fails.`,
		Example: "  legit sync\n  legit sync --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.open(cmd.Context()); err != nil {
				return err
			}
			defer a.close()
			sync := a.syncFunc()
			if sync == nil {
				return errNoIMAP
			}
			var progress func(outreach.SyncProgress)
			if f, ok := cmd.ErrOrStderr().(*os.File); ok && term.IsTerminal(f.Fd()) {
				progress = ui.SyncProgressLine(f)
			}
			res, err := sync(cmd.Context(), progress)
			if err != nil {
				if res.Fetched > 0 {
					fmt.Fprintf(cmd.ErrOrStderr(), "legit: %d messages were saved before the sync stopped; the next sync goes on from there.\n", res.Fetched)
				}
				return err
			}
			return ui.PrintSync(cmd.OutOrStdout(), res, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON for scripts")
	return cmd
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

func newSuppressCmd(a *app) *cobra.Command {
	var reason, via, note, purpose string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "suppress EMAIL",
		Short: "Record an opt-out, objection or consent withdrawal that came by phone, LinkedIn or in person",
		Long: `Records an opt-out, an objection (Art. 21 GDPR) or a withdrawal of consent
(Art. 7(3) GDPR) that reached you outside the inbox sync: by phone, on
LinkedIn, in person, by letter, or in a reply legit did not recognise.

It does what the automatic ones do, in one step: the contact's status, the
address on the suppression list (also for an address that is no contact's,
so a later import or send is refused), withdrawn consents, and an event in
the log. Withdrawing consent to tracking (--purpose tracking) only stops
tracking; every other reason stops all email to the person.

The note goes into the log, which outlives erasure: write how and when it
came, never a name or an address.

Exit codes: 0 recorded, 1 failed, 2 bad usage.`,
		Example: "  legit suppress anna@example.com --reason objection --via phone --note 'call of 3 Dec'\n" +
			"  legit suppress jan@example.com --reason withdrawal --purpose tracking --via reply",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, ok := map[string]store.SuppressReason{"opt-out": store.ReasonOptOut, "objection": store.ReasonObjection,
				"withdrawal": store.ReasonWithdrawal}[reason]
			if !ok {
				return usageError{fmt.Errorf("--reason %q: use opt-out, objection or withdrawal", reason)}
			}
			p := contacts.ConsentPurpose(purpose)
			if p != contacts.ConsentMarketing && p != contacts.ConsentTracking {
				return usageError{fmt.Errorf("--purpose %q: use marketing or tracking", purpose)}
			}
			if p == contacts.ConsentTracking && r != store.ReasonWithdrawal {
				return usageError{errors.New("--purpose tracking goes with --reason withdrawal")}
			}
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			res, err := a.st.RecordOptOut(ctx, store.OptOut{Email: args[0], Reason: r, Purpose: p, Via: via, Note: note, Rep: a.cfg.Rep.Name})
			if errors.Is(err, store.ErrBadOptOut) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			return ui.PrintOptOut(cmd.OutOrStdout(), args[0], reason, res, asJSON)
		},
	}
	f := cmd.Flags()
	f.StringVar(&reason, "reason", "opt-out", "opt-out, objection or withdrawal")
	f.StringVar(&purpose, "purpose", "marketing", "with --reason withdrawal: the consent withdrawn, marketing or tracking")
	f.StringVar(&via, "via", "phone", "how it came: "+strings.Join(store.OptOutVias, ", "))
	f.StringVar(&note, "note", "", "how and when it came, for the log (no names or addresses: the log outlives erasure)")
	f.BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}

func newRegisterCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "register",
		Short: "List the public refusal registers imported (Bulgaria's KZP register, Austria's ECG list, Portugal's Robinson list)",
		Long: `Some countries keep a public list of addresses whose owners refuse marketing
email, and the law asks every sender to check it before an email sent without
consent: the KZP register in Bulgaria (ЗЕТ чл. 6(2)), the ECG list in Austria
(ECG §7(2), for existing customers) and the Robinson list in Portugal.

legit register lists when each was imported; legit register import adds a
country's list to the suppression list (as keyed hashes) and records the date.
The checklist refuses an email that needs a register never imported, and warns
when the copy is over a month old.

Exit codes: 0 done, 1 failed, 2 bad usage.`,
		Example: "  legit register\n  legit register import kzp-register.csv --country BG",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			list, err := a.st.Registers(ctx)
			if err != nil {
				return err
			}
			return ui.PrintRegisters(cmd.OutOrStdout(), list)
		},
	}
	cmd.AddCommand(newRegisterImportCmd(a))
	return cmd
}

func newRegisterImportCmd(a *app) *cobra.Command {
	var country string
	cmd := &cobra.Command{
		Use:   "import FILE --country CC",
		Short: "Add a country's refusal register to the suppression list",
		Long: `Reads a refusal register as published (one address per line, or a CSV with
the address in any column), puts every address on the suppression list as a
keyed hash, and records the date. Lines without a usable address are listed
with their line numbers; the rest is imported.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := outreach.PolicyFor(country)
			if p.Register.Name == "" {
				return usageError{fmt.Errorf("--country %q: legit knows no refusal register there (BG, AT and PT keep one)", country)}
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return usageError{fmt.Errorf("read the register: %w", err)}
			}
			emails, bad := contacts.ParseRegister(data)
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			if err := a.st.ImportRegister(ctx, p.Country, p.Register.Name, emails, a.cfg.Rep.Name); err != nil {
				return err
			}
			return ui.PrintRegisterImport(cmd.OutOrStdout(), p.Country, p.Register.Name, len(emails), bad)
		},
	}
	cmd.Flags().StringVar(&country, "country", "", "the country whose register this is (BG, AT, PT)")
	return cmd
}
