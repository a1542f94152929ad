package cli

import (
	"fmt"
	"legit/outreach"
	"legit/ui"
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

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
					fmt.Fprintf(cmd.ErrOrStderr(), "legit: %s saved before the sync stopped; the next sync goes on from there.\n", ui.Plural(res.Fetched, "message"))
				}
				return err
			}
			return ui.PrintSync(cmd.OutOrStdout(), res, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON for scripts")
	return cmd
}
