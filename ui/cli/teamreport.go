package cli

import (
	"errors"
	"time"

	"github.com/spf13/cobra"

	"legit/ui"
)

func newTeamReportCmd(a *app) *cobra.Command {
	var weeks int
	var asJSON, asCSV bool
	cmd := &cobra.Command{
		Use:   "report",
		Short: "The lead's report: per rep and week, what was sent and what came back; open requests; overlaps",
		Long: `Counts per rep and week (from Monday) the first contacts, follow-ups, privacy
notices, replies, opt-outs, objections, bounces and messages a rule took back
out of the outbox; lists the open erasure and access requests with their
deadlines and the rep who last wrote to the person; the companies more
than one rep wrote to; and how many sends are in doubt (legit send
--in-doubt lists them). On a team database it covers the team; on one
rep's file, that rep.

Exit codes: 0 done, 1 failed, 2 bad usage.`,
		Example: "  legit team report\n  legit team report --weeks 12 --csv > team.csv\n  legit team report --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON && asCSV {
				return usageError{errors.New("pick one of --json and --csv")}
			}
			if weeks < 1 || weeks > 520 {
				return usageError{errors.New("--weeks takes 1 to 520")}
			}
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			now := a.st.Now().UTC()
			since := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
			since = since.AddDate(0, 0, -((int(since.Weekday())+6)%7)-7*(weeks-1))
			r, err := a.st.TeamReport(ctx, since)
			if err != nil {
				return err
			}
			format := ui.LogText
			switch {
			case asJSON:
				format = ui.LogJSON
			case asCSV:
				format = ui.LogCSV
			}
			return ui.PrintTeamReport(cmd.OutOrStdout(), r, now, format)
		},
	}
	cmd.Flags().IntVar(&weeks, "weeks", 4, "how many weeks back, this one included")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().BoolVar(&asCSV, "csv", false, "print the weekly counts as CSV for spreadsheets")
	return cmd
}
