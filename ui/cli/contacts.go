package cli

import (
	"legit/ui"

	"github.com/spf13/cobra"
)

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
			return ui.StreamContacts(cmd.Context(), a.st, cmd.OutOrStdout(), f, a.st.Now(), a.cfg.DeadlineDays, asJSON)
		},
	}
	cmd.Flags().StringVar(&filter, "filter", "all", "all, needs-basis, due-soon, overdue or suppressed")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}
