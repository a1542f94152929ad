package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"legit/store"
	"legit/ui"
)

func newRequestsCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "requests",
		Short: "List the open erasure and access requests: the organisation's queue, with deadlines and assignees",
		Long: `Lists the erasure and access requests read in replies and not answered yet,
soonest due first: the kind, when it came, the date it must be answered by
(one calendar month after it came, Art. 12(3) GDPR) and the days left, the
contact and the rep who holds it, and the rep who answers it (by default the
rep whose inbox sync received it).

On a team database a lead and the DPO see the whole organisation's queue; a
rep sees the requests assigned to them and those about contacts they see.
A lead or the DPO gives a request to someone else with legit requests
assign.

An erasure request is answered by erasing (legit erase EMAIL), an access
request when the person has their copy (legit export EMAIL --send, or
--out then --delivered).

Exit codes: 0 nothing is late, 1 a request is past its date (run it from
cron), 2 bad usage.`,
		Example: "  legit requests\n  legit requests --json\n  legit requests assign 12 sam@northwind.example",
		Args:    cobra.NoArgs,
		RunE: a.withDB(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			list, err := a.st.OpenRequests(ctx)
			if err != nil {
				return err
			}
			late, err := ui.PrintRequests(cmd.OutOrStdout(), list, a.st.Now(), asJSON)
			if err != nil {
				return err
			}
			if late > 0 {
				return quietFailure{} // the list says which are late
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.AddCommand(newRequestsAssignCmd(a))
	return cmd
}

func newRequestsAssignCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "assign ID EMAIL",
		Short: "Give an open request to a rep to answer (a lead or the DPO on a team database)",
		Long: `Makes the rep with address EMAIL the one who answers request ID (the number
legit requests shows). On a team database only a lead or the DPO may, and
the database refuses anyone else; the rep must be a member who may log in.
The change is logged, naming the request and the rep, never the person.

A rep who cannot see the request's contact sees the request and who holds
the contact; a lead shares the contact with them (legit team share) so that
they can answer it.`,
		Example: "  legit requests assign 12 sam@northwind.example",
		Args:    cobra.ExactArgs(2),
		RunE: a.withDB(func(ctx context.Context, cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usageError{fmt.Errorf("%q is no request number: legit requests lists them", args[0])}
			}
			asg, err := a.st.AssignRequest(ctx, id, args[1], a.cfg.Rep.Name)
			if errors.Is(err, store.ErrBadMember) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			return ui.PrintAssigned(cmd.OutOrStdout(), id, asg)
		}),
	}
}
