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
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
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
	return ui.Deps{Store: a.st, Rep: a.cfg.Rep.Name, Now: time.Now, DeadlineDays: a.cfg.DeadlineDays}
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
		newLogCmd(a), newReviewCmd(a),
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
		var names []string
		for _, k := range store.EventKinds() {
			names = append(names, string(k))
		}
		if !slices.Contains(names, f.kind) {
			return lf, usageError{fmt.Errorf("--kind %q: use one of %s", f.kind, strings.Join(names, ", "))}
		}
		lf.Kind = store.EventKind(f.kind)
	}
	lf.Rep = f.rep
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
			var all []store.LogEntry
			for {
				lf.Limit = 1000
				if f.limit > 0 {
					lf.Limit = min(1000, f.limit-len(all))
				}
				page, err := a.st.Log(ctx, lf)
				if err != nil {
					return err
				}
				all = append(all, page...)
				if len(page) < lf.Limit || (f.limit > 0 && len(all) >= f.limit) {
					break
				}
				lf.After = &all[len(all)-1]
			}
			format := ui.LogText
			if f.asJSON {
				format = ui.LogJSON
			} else if f.asCSV {
				format = ui.LogCSV
			}
			return ui.PrintLog(cmd.OutOrStdout(), all, format)
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

// chainBroken ends `legit log verify` with exit 1 after its report.
type chainBroken struct{}

func (chainBroken) Error() string { return "" }
func (chainBroken) ExitCode() int { return exitError }

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
				return chainBroken{}
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

// bundlesBad ends `legit review --json` with exit 1 when a bundle fails.
type bundlesBad struct{}

func (bundlesBad) Error() string { return "" }
func (bundlesBad) ExitCode() int { return exitError }

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
					return bundlesBad{}
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
			return ui.RunReview(ctx, a.uiDeps(), bundles)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print each bundle's status as JSON instead of opening the screen")
	return cmd
}
