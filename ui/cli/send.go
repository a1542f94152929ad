package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"legit/contacts"
	"legit/outreach"
	"legit/store"
	"legit/ui"
	"os"

	"github.com/spf13/cobra"
)

func newSendCmd(a *app) *cobra.Command {
	var to, subject, bodyFile, resolve, outcome string
	var dryRun, asJSON, tracking, similar, aboutJob, published, inDoubt bool
	cmd := &cobra.Command{
		Use:   "send",
		Short: "Send one email to one contact, through the same checklist as the app",
		Long: `Sends one email to one contact. The same checklist as the compose screen runs
first (one recipient, not suppressed, source recorded, a lawful basis the
recipient's country allows for their legal form, the existing-customer
conditions, notice footer, tracking only with consent, not a copy of another
recent email, daily first-contact cap, the notice deadline not passed); a
refusal names every failing rule and the law it rests on, and exits 1.

The privacy-notice footer is appended to the body; you cannot remove it.
Without SMTP in the config nothing is sent: a message that passes is queued
in the outbox folder (next to the database, or the config's outbox) and the
person stays not informed until legit outbox send delivers it.

A send interrupted by a crash is checked at start-up; one that cannot be
checked is "in doubt": look in your Sent folder, then resolve it with
--resolve ID --outcome sent|not-sent. Until then every rep's email to that
person is refused. --in-doubt lists the sends in doubt you may resolve: your
own; on a team database, a lead or the DPO sees every rep's (one whose rep
left is theirs to settle).

An email that went out while the team's database could not be reached is
recorded once it is back (legit waits up to 30 s). If it stays away longer,
the email is still sent: the output says so ("sent": true, "recorded": false,
"record_error" and "check_after" with --json), legit checks it at the first
start after check_after, and it must not be sent again; the exit code is 3.

Exit codes: 0 sent or queued (or dry run passed, or the list printed), 1
refused or failed, 2 bad usage, 3 sent but not recorded (do not send it
again).`,
		Example: "  legit send --to anna@example.com --subject 'Depot routes' --body-file anna.txt --dry-run\n  legit send --in-doubt\n  legit send --resolve 12 --outcome not-sent",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if inDoubt && (resolve != "" || to != "" || subject != "" || bodyFile != "") {
				return usageError{errors.New("--in-doubt only lists: it takes no --to, --subject, --body-file or --resolve")}
			}
			if !inDoubt && resolve == "" && (to == "" || subject == "" || bodyFile == "") {
				return usageError{errors.New("send needs --to, --subject and --body-file (or --resolve ID --outcome sent|not-sent, or --in-doubt)")}
			}
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			s, doubt, err := a.sender(ctx)
			if inDoubt && s != nil {
				return listInDoubt(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr(), a.st, s.RepID, err, asJSON)
			}
			if err != nil {
				return err
			}
			s.OnRecordWait = recordWaitNote(cmd.ErrOrStderr())
			if resolve != "" {
				return resolveSend(ctx, cmd.OutOrStdout(), s, resolve, outcome)
			}
			if err := ui.PrintInDoubt(cmd.ErrOrStderr(), doubt); err != nil {
				return err
			}
			body, err := os.ReadFile(bodyFile)
			if err != nil {
				return usageError{fmt.Errorf("read the body: %w", err)}
			}
			c, err := a.st.ContactByEmail(ctx, to)
			if err != nil {
				return fmt.Errorf("%w: add the contact with its source and basis first", err)
			}
			d := outreach.Draft{To: []string{to}, Subject: subject, Body: string(body), Tracking: tracking,
				SimilarProducts: similar, RelevanceConfirmed: aboutJob, RoleAddressConfirmed: published}
			rep := ui.SendReport{DryRun: dryRun}
			if dryRun {
				v, b, err := s.Preview(ctx, c, d)
				if err != nil && v.OK() {
					return err
				}
				// A message that cannot be built (no basis: no notice)
				// fails a check too: the checklist says which, as a send's.
				rep.Verdict = v
				if err == nil {
					rep.Built = &b
				}
				if err := ui.PrintSend(cmd.OutOrStdout(), rep, asJSON); err != nil {
					return err
				}
				if err := v.Refusal(); err != nil {
					return err
				}
				return nil
			}
			return sendOne(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr(), s, c, d, asJSON)
		},
	}
	f := cmd.Flags()
	f.StringVar(&to, "to", "", "the contact's address (exactly one)")
	f.StringVar(&subject, "subject", "", "the subject line")
	f.StringVar(&bodyFile, "body-file", "", "file holding the body (plain text, UTF-8)")
	f.BoolVar(&dryRun, "dry-run", false, "run the checklist and print the whole message; send nothing")
	f.BoolVar(&asJSON, "json", false, "print JSON for scripts")
	f.BoolVar(&tracking, "tracking", false, "ask for open tracking (allowed only with consent and the organisation switch)")
	f.BoolVar(&similar, "similar-products", false, "confirm, for an existing customer, that the email is about products similar to their purchase (logged)")
	f.BoolVar(&aboutJob, "about-their-job", false, "confirm the email concerns the recipient's profession, where the law asks it without consent (FR, IE; logged)")
	f.BoolVar(&published, "published-address", false, "confirm the company published this general address for contact, where the law asks it (NL, BE, HU, NO; logged)")
	f.StringVar(&resolve, "resolve", "", "resolve the send in doubt with this message number")
	f.StringVar(&outcome, "outcome", "", "with --resolve: sent or not-sent")
	f.BoolVar(&inDoubt, "in-doubt", false, "list the sends in doubt you may resolve (a lead: every rep's); send nothing")
	return cmd
}

// sendOne sends d to c and prints what became of it to w (warnings to
// errw). An email that went out but could not be recorded is reported as
// sent and not recorded, and its error (exit 3) returned.
func sendOne(ctx context.Context, w, errw io.Writer, s *outreach.Sender, c contacts.Contact, d outreach.Draft, asJSON bool) error {
	res, err := s.Send(ctx, 0, c.ID, d)
	_, unrecorded := errors.AsType[*outreach.SentUnrecordedError](err)
	rep := ui.SendReport{Verdict: res.Verdict, Row: res.MessageRow, Err: err, Sent: err == nil || unrecorded,
		Queued: res.Queued, File: res.File, Name: c.Name}
	if rep.Sent {
		rep.Built = &res.Built
	}
	if perr := ui.PrintSend(w, rep, asJSON); perr != nil {
		return perr
	}
	if err != nil {
		return err
	}
	if res.SentCopyErr != nil {
		fmt.Fprintf(errw, "legit: %v\n", res.SentCopyErr)
	}
	return nil
}

// resolveSend records the rep's answer for a send in doubt.
func resolveSend(ctx context.Context, w io.Writer, s *outreach.Sender, id, outcome string) error {
	var row int64
	if _, err := fmt.Sscan(id, &row); err != nil {
		return usageError{fmt.Errorf("--resolve %q: give the message number", id)}
	}
	if outcome != "sent" && outcome != "not-sent" {
		return usageError{fmt.Errorf("--outcome %q: use sent or not-sent", outcome)}
	}
	if err := s.Resolve(ctx, row, outcome == "sent"); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no message %d: legit send --in-doubt lists the sends you may settle", row)
		}
		return err
	}
	fmt.Fprintf(w, "Message %d recorded as %s.\n", row, outcome)
	return nil
}

// listInDoubt prints the sends in doubt rep repID may resolve (on a team
// database the engine decides whose: a lead's covers every rep). checkErr
// is what checking the rep's own interrupted sends at start-up ran into: it
// is told on errw, and the list printed all the same.
func listInDoubt(ctx context.Context, w, errw io.Writer, st *store.Store, repID int64, checkErr error, asJSON bool) error {
	if checkErr != nil {
		fmt.Fprintf(errw, "legit: %v\n", checkErr)
	}
	list, err := st.SendsInDoubt(ctx, repID, st.Now())
	if err != nil {
		return err
	}
	return ui.PrintSendsInDoubt(w, list, asJSON)
}
