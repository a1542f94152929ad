package cli

import (
	"legit/ui"

	"github.com/spf13/cobra"
)

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
			overdue, err := ui.StreamDeadlines(cmd.Context(), a.st, cmd.OutOrStdout(), a.st.Now(), a.cfg.DeadlineDays, asJSON)
			if err != nil {
				return err
			}
			if overdue {
				return quietFailure{} // the list printed says which contacts are overdue
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}
