// Package cli is legit's command line: the sub-commands, the config file and
// how the store is opened for them. Each command parses its flags, calls the
// packages below the UI, and prints with the ui printers; main only calls
// Main.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"legit/outreach"
	"legit/ui"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X legit/ui/cli.version=…".
var version = "dev"

// Main runs the command line with args (without the program name) until ctx
// ends, printing to stdout and stderr, and returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return execute(ctx, newRootCmd(&app{}), args, stdout, stderr)
}

// execute runs root with args and returns the exit code, having printed any
// error to stderr.
func execute(ctx context.Context, root *cobra.Command, args []string, stdout, stderr io.Writer) int {
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if cmd == nil {
		cmd = root
	}
	return exitCode(err, stderr, cmd.CommandPath())
}

// Exit codes that scripts can rely on.
const (
	exitOK    = 0
	exitError = 1 // something failed; the message says what
	exitUsage = 2 // bad flags or arguments
	// exitUnrecorded: an email went out but recording it failed (the
	// database could not be reached); legit checks it later. It must not
	// be sent again.
	exitUnrecorded = 3
)

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
	root.PersistentPreRun = func(cmd *cobra.Command, _ []string) { a.stderr = cmd.ErrOrStderr() }
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database: an SQLite file or a team's postgres:// address (default $LEGIT_DB, the config's database, or $XDG_DATA_HOME/legit/legit.db)")
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "config file (default $XDG_CONFIG_HOME/legit/config.toml)")
	root.AddCommand(
		newVersionCmd(),
		newDemoCmd(a),
		newContactsCmd(a),
		newExportCmd(a), newEraseCmd(a), newRetentionCmd(a), newRequestsCmd(a),
		newImportCmd(a),
		newDeadlinesCmd(a),
		newSendCmd(a), newOutboxCmd(a),
		newSuppressCmd(a),
		newRegisterCmd(a),
		newOrgCmd(a),
		newDBCmd(a),
		newTeamCmd(a),
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
				if strings.HasPrefix(err.Error(), "unknown command") && len(args) > 0 { // cobra's words for cobra.NoArgs
					err = fmt.Errorf("%s takes no argument, got %q", c.CommandPath(), args[0])
				}
				return usageError{fmt.Errorf("%w. Usage: %s", err, c.UseLine())}
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

// usageError marks an error caused by bad flags or arguments (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func (e usageError) Unwrap() error { return e.err }

// exitCode prints err (if any) and returns the exit code it means; a usage
// error points to the help of the command that ran (path, "legit erase").
func exitCode(err error, w io.Writer, path string) int {
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
		fmt.Fprintf(w, "Run '%s --help' for usage.\n", path)
		return exitUsage
	}
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	if _, ok := errors.AsType[*outreach.SentUnrecordedError](err); ok {
		return exitUnrecorded
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

// quietUnrecorded ends a command with exit 3 and no further message: what it
// printed says which emails went out but could not be recorded.
type quietUnrecorded struct{}

func (quietUnrecorded) Error() string { return "" }

// ExitCode is 3.
func (quietUnrecorded) ExitCode() int { return exitUnrecorded }

// exitCoder is an error that chooses the exit code, such as "overdue
// contacts exist" from legit deadlines. An empty message prints nothing.
type exitCoder interface {
	error
	ExitCode() int
}
