package cli

import (
	"context"
	"legit/outreach"
	"legit/ui"

	"github.com/spf13/cobra"
)

func newOutboxCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "outbox",
		Short: "List the messages queued in the outbox, waiting for a mail server",
		Long: `Lists the messages that passed the checklist but wait in the outbox: to whom,
the subject, when it was queued, and why it still waits. With no SMTP server
in the config nothing leaves this machine: a queued message informs nobody.
Set up [smtp], then run legit outbox send.

First, once, it says which of your drafts and queued messages went with a
colleague's erasure of the person (by the contact's reference and the date,
never the person's details).`,
		Example: "  legit outbox\n  legit outbox send",
		Args:    cobra.NoArgs,
		RunE: a.withDB(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			s, _, err := a.sender(ctx)
			if err != nil {
				return err
			}
			told, err := a.st.TakeErasureNotices(ctx, s.RepID)
			if err != nil {
				return err
			}
			notes := cmd.OutOrStdout()
			if asJSON {
				notes = cmd.ErrOrStderr()
			}
			if err := ui.PrintErasureNotices(notes, told); err != nil {
				return err
			}
			list, err := s.Queue(ctx)
			if err != nil {
				return err
			}
			return ui.PrintQueue(cmd.OutOrStdout(), list, s.Outbox.Dir, asJSON)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.AddCommand(newOutboxSendCmd(a))
	return cmd
}

func newOutboxSendCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "send",
		Short: "Deliver the queued messages through the SMTP server, oldest first",
		Long: `Delivers the queue oldest first, through the same crash-safe states as a
direct send (never twice). Each message is rebuilt with its Message-ID, today's
date and the notice the person needs now, and every rule is checked again:

  - the daily cap, an earlier send in doubt or a reply under review hold it
    (it stays queued, with the reason);
  - any other refusal (an opt-out meanwhile, the notice deadline passed, the
    basis no longer holds) takes it out of the queue, back to your drafts
    with the reason; the log records that it was not sent;
  - a server that cannot be reached leaves it queued; a connection lost after
    the message went leaves it in doubt (legit send --resolve);
  - a message that went out while the database stayed unreachable for longer
    than legit waits (30 s) is "sent, not recorded": legit checks it at a
    later start; it is not sent again.

Exit codes: 0 everything went out, 1 anything did not, 2 bad usage, 3 all
went out but some could not be recorded.`,
		Args: cobra.NoArgs,
		RunE: a.withDB(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			s, doubt, err := a.sender(ctx)
			if err != nil {
				return err
			}
			s.OnRecordWait = recordWaitNote(cmd.ErrOrStderr())
			if err := ui.PrintInDoubt(cmd.ErrOrStderr(), doubt); err != nil {
				return err
			}
			out, err := s.DeliverQueue(ctx)
			if err != nil {
				return err
			}
			if err := ui.PrintDelivered(cmd.OutOrStdout(), out, asJSON); err != nil {
				return err
			}
			var unrecorded bool
			for _, q := range out {
				switch q.State {
				case outreach.QueueSent:
				case outreach.QueueUnrecorded:
					unrecorded = true
				default:
					return quietFailure{} // the list printed says which did not go and why
				}
			}
			if unrecorded {
				return quietUnrecorded{}
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}
