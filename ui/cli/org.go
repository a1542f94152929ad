package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"legit/store"
)

func newOrgCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "org",
		Short: "Show the organisation's settings on a team database",
		Long: `On a team's PostgreSQL database the organisation is the controller: its
details (the notice names them), the caps, the retention periods and the
tracking switch live in the database, the same for every rep, and no rep's
config file overrides them. legit org shows them; a lead changes one with
legit org set KEY VALUE (logged). One rep's SQLite database keeps them in the
config file instead.

Exit codes: 0 done, 1 failed, 2 bad usage.`,
		Example: "  legit org\n  legit org set name \"Northwind Analytics B.V.\"\n  legit org set daily_cap 30",
		Args:    cobra.NoArgs,
		RunE: a.withDB(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			o, err := a.st.Organisation(ctx)
			if errors.Is(err, store.ErrNoOrganisation) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(cmd.OutOrStdout(), orgText(o))
			return err
		}),
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Change one organisation setting (keys: " + strings.Join(store.OrganisationKeys(), ", ") + ")",
		Args:  cobra.ExactArgs(2),
		RunE: a.withDB(func(ctx context.Context, cmd *cobra.Command, args []string) error {
			err := a.st.SetOrganisation(ctx, args[0], args[1], a.cfg.Rep.Name)
			if errors.Is(err, store.ErrNoOrganisation) || errors.Is(err, store.ErrBadSetting) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Set %s for every rep of the team (logged).\n", args[0])
			return err
		}),
	})
	return cmd
}

// orgText is the settings as legit org prints them, one per line.
func orgText(o store.Organisation) string {
	var b strings.Builder
	for _, kv := range [][2]string{{"name", o.Name}, {"address", o.Address}, {"privacy_url", o.PrivacyURL}, {"dpo", o.DPO},
		{"supervisory_authority", o.SupervisoryAuthority}, {"recipients", o.Recipients}, {"transfers", o.Transfers},
		{"tracking", fmt.Sprint(o.Tracking)}, {"tracking_url", o.TrackingURL}, {"daily_cap", fmt.Sprint(o.DailyCap)},
		{"org_daily_cap", fmt.Sprint(o.OrgDailyCap)}, {"overlap_days", fmt.Sprint(o.OverlapDays)},
		{"overlap_refuse", fmt.Sprint(o.OverlapRefuse)}, {"retention_days", fmt.Sprint(o.RetentionDays)},
		{"customer_retention_months", fmt.Sprint(o.CustomerRetentionMonths)}, {"deadline_days", fmt.Sprint(o.DeadlineDays)}} {
		v := kv[1]
		if v == "" {
			v = "(not set)"
		}
		fmt.Fprintf(&b, "%-26s %s\n", kv[0], v)
	}
	return b.String()
}
