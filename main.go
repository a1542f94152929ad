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
	"path/filepath"
	"runtime/debug"
	"strings"
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
		Tracking             bool   `toml:"tracking"`
	} `toml:"organisation"`
	RetentionDays int        `toml:"retention_days"`
	DeadlineDays  int        `toml:"deadline_days"`
	DailyCap      int        `toml:"daily_cap"`
	SMTP          mailServer `toml:"smtp"`
	IMAP          mailServer `toml:"imap"`
}

// mailServer is how to reach one SMTP or IMAP server.
type mailServer struct {
	Host            string `toml:"host"`
	Port            int    `toml:"port"`
	Username        string `toml:"username"`
	Security        string `toml:"security"` // "tls", "starttls" or "none" (loopback only)
	PasswordEnv     string `toml:"password_env"`
	PasswordCommand string `toml:"password_command"`
}

// server turns the config of one mail server into outreach's settings,
// fetching the password from the environment or the password command.
// The password is never logged or stored.
func (m mailServer) server() (outreach.Server, error) {
	s := outreach.Server{Host: m.Host, Port: m.Port, Username: m.Username, Security: outreach.Security(m.Security)}
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
	c.Rep.Name, c.Rep.Email = "Robin Maes", "robin.maes@northwind-analytics.example"
	c.Org.Name = "Northwind Analytics B.V."
	c.Org.Address = "Keizersgracht 1, 1015 CC Amsterdam, Netherlands"
	c.Org.PrivacyURL = "https://northwind-analytics.example/privacy"
	c.Org.DPO = "privacy@northwind-analytics.example"
	c.Org.SupervisoryAuthority = "Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl)"
	c.RetentionDays, c.DeadlineDays, c.DailyCap = 180, notice.DefaultDeadlineDays, 40
	return c
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
	if c.DeadlineDays <= 0 || c.DeadlineDays > 30 {
		return c, fmt.Errorf("config %s: deadline_days must be between 1 and 30 (Art. 14 allows one month at most)", path)
	}
	if c.DailyCap <= 0 {
		return c, fmt.Errorf("config %s: daily_cap must be at least 1", path)
	}
	if c.RetentionDays <= 0 {
		return c, fmt.Errorf("config %s: retention_days must be at least 1", path)
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
	out, errw  io.Writer
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

// open loads the config and opens the database.
func (a *app) open(ctx context.Context) error {
	if err := a.load(); err != nil {
		return err
	}
	st, err := store.Open(ctx, a.databasePath())
	if err != nil {
		return err
	}
	a.st = st
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
	return ui.Deps{Store: a.st, Rep: a.cfg.Rep.Name, Now: time.Now, DeadlineDays: a.cfg.DeadlineDays, Sync: a.syncFunc()}
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "legit",
		Short: "Lawful, one-to-one B2B cold email for reps who write to people in the EU",
		Long: `legit keeps, for every contact, where the data came from and why you may write;
sends one email to one person with the privacy notice attached; logs every step
in a hash-chained log; and makes opt-outs stick.

Run without a sub-command to open the app on your database.
Try it with nothing set up: legit demo`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.open(cmd.Context()); err != nil {
				return err
			}
			defer a.close()
			return ui.Run(cmd.Context(), a.uiDeps())
		},
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database file (default $LEGIT_DB or $XDG_DATA_HOME/legit/legit.db)")
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "config file (default $XDG_CONFIG_HOME/legit/config.toml)")
	root.AddCommand(
		newVersionCmd(),
		newDemoCmd(a),
		newContactsCmd(a),
		newSyncCmd(a),
	)
	return root
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
			if err := a.load(); err != nil {
				return err
			}
			a.cfg = defaultConfig()
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

// seedDemo fills an empty database with the demo contacts in one transaction.
// A database that already has contacts is left as it is.
func seedDemo(ctx context.Context, st *store.Store, cfg config, now time.Time) error {
	n, err := st.CountContacts(ctx)
	if err != nil || n > 0 {
		return err
	}
	if _, err := st.EnsureRep(ctx, cfg.Rep.Name, cfg.Rep.Email); err != nil {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		for _, c := range contacts.Demo(now, cfg.Rep.Name) {
			if _, err := tx.AddContact(c, cfg.Rep.Name); err != nil {
				return fmt.Errorf("demo contact %s: %w", c.Name, err)
			}
		}
		return nil
	})
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	a := &app{out: os.Stdout, errw: os.Stderr}
	root := newRootCmd(a)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
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

// exitCoder is an error that chooses the exit code, such as "overdue
// contacts exist" from legit deadlines. An empty message prints nothing.
type exitCoder interface {
	error
	ExitCode() int
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
	m, st, rep := a.cfg.IMAP, a.st, a.cfg.Rep.Name
	return func(ctx context.Context, progress func(outreach.SyncProgress)) (outreach.SyncResult, error) {
		s, err := m.server()
		if err != nil {
			return outreach.SyncResult{}, err
		}
		if s.Port == 0 {
			s.Port = 993
			if s.Security != outreach.ImplicitTLS {
				s.Port = 143
			}
		}
		return outreach.RunSync(ctx, s, st, outreach.SyncOptions{Rep: rep, Progress: progress})
	}
}
