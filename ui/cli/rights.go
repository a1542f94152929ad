package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"legit/contacts"
	"legit/outreach"
	"legit/outreach/usecase"
	"legit/store"
	"legit/ui"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

func newExportCmd(a *app) *cobra.Command {
	var out, delivered, to string
	var send bool
	cmd := &cobra.Command{
		Use:   "export EMAIL",
		Short: "Give a person a copy of everything held about them (access request, Art. 15)",
		Long: `Makes one JSON document with everything held about the person: the contact's
fields, each source with its import file and line, every assessment, the
consents with their evidence, every message with its full text, and every
log event about them, with a short summary in plain words. Every export is
logged.

An access request is answered only when the person has their copy:

  --send             emails it to them, attached, through the SMTP server, to
                     an address held for them (Art. 12(6): to any other,
                     confirm who asks first or deliver it another way). The
                     full privacy notice goes with it if they were never
                     informed; never tracking. It is not outreach: an opt-out
                     does not stop it (Art. 21(3) ends direct marketing only).
                     Without SMTP it refuses: a queued copy answers nothing.
  --out FILE         saves it (mode 0600, never over an existing file). This
                     answers nothing yet: deliver it, then --delivered.
  --delivered "HOW"  records that they got it another way (by hand, by post,
                     a secure link), and answers the request. It refuses when
                     nothing was exported for them.

With none of these the JSON goes to standard output and the request stays open.`,
		Example: "  legit export anna@example.com --send\n  legit export anna@example.com --out anna.json\n  legit export anna@example.com --delivered \"by hand at the office\"",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			n := 0
			for _, on := range []bool{send, out != "", delivered != ""} {
				if on {
					n++
				}
			}
			if n > 1 {
				return usageError{errors.New("give one of --send, --out and --delivered")}
			}
			if to != "" && !send {
				return usageError{errors.New("--to goes with --send")}
			}
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			c, err := a.contactByArg(ctx, args[0])
			if err != nil {
				return err
			}
			if delivered != "" {
				return recordDelivered(ctx, a, c, delivered, cmd.OutOrStdout())
			}
			r, err := a.st.Record(ctx, c.ID)
			if err != nil {
				return err
			}
			now := a.st.Now()
			if send {
				return sendCopy(ctx, a, r, to, now, cmd.OutOrStdout(), cmd.ErrOrStderr())
			}
			if out == "" {
				err = ui.WriteExport(cmd.OutOrStdout(), r, now, a.cfg.retention(), a.cfg.controller())
			} else {
				err = ui.SaveExportFile(ctx, a.st, out, r, now, a.cfg.retention(), a.cfg.controller())
			}
			if err != nil {
				return err
			}
			if _, err := a.st.LogExport(ctx, c, a.cfg.Rep.Name, false); err != nil {
				return err
			}
			if out != "" {
				fmt.Fprintf(cmd.OutOrStdout(), "%s\nWritten to %s (mode 0600). Deliver it to the person by a secure channel, then record it: legit export %s --delivered \"how\".\n",
					ui.ExportSummary(r, a.cfg.retention(), a.cfg.controller()), out, args[0])
			}
			return hintOpenAccessRequest(ctx, a.st, c, cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.BoolVar(&send, "send", false, "email the copy to the person, attached (needs SMTP); answers their access request")
	f.StringVar(&to, "to", "", "with --send: the address to send to, one held for the person (their current address when empty)")
	f.StringVar(&out, "out", "", "save the JSON to this new file (mode 0600); answers nothing until --delivered")
	f.StringVar(&delivered, "delivered", "", "record how the person got the copy another way (by hand, post, a secure link); answers the request")
	return cmd
}

// sendCopy emails r to the person through the send path and says what it
// answered.
func sendCopy(ctx context.Context, a *app, r contacts.Record, to string, now time.Time, w, errw io.Writer) error {
	s, _, err := a.sender(ctx)
	if err != nil {
		return err
	}
	s.OnRecordWait = recordWaitNote(errw)
	if r.Contact.Stopped() {
		fmt.Fprintf(errw, "Note: %s opted out or objected; that stops marketing only (Art. 21(3) GDPR), the copy is still theirs (Art. 15).\n", contacts.Clean(r.Contact.Name))
	}
	var buf bytes.Buffer
	if err := ui.WriteExport(&buf, r, now, a.cfg.retention(), a.cfg.controller()); err != nil {
		return err
	}
	file := fmt.Sprintf("legit-export-%s-%s.json", r.Contact.Ref, now.UTC().Format("20060102-150405"))
	res, err := s.SendAccess(ctx, r.Contact.ID, outreach.AccessCopy{To: to, Held: r.FormerEmails, Export: buf.Bytes(), FileName: file})
	if u, ok := errors.AsType[*outreach.SentUnrecordedError](err); ok {
		fmt.Fprintf(w, "Sent the copy to %s <%s>, attached as %s. Message-ID <%s>.\n%s\nThe request is not answered yet: once the send is recorded, record it with legit export %s --delivered email.\n",
			contacts.Clean(r.Contact.Name), res.Built.To, file, res.Built.MessageID, ui.UnrecordedText(u), r.Contact.Email)
		return err // exit 3
	}
	if err != nil {
		return fmt.Errorf("copy not sent: %w", err)
	}
	fmt.Fprintf(w, "Sent the copy to %s <%s>, attached as %s. Message-ID <%s>.\n", contacts.Clean(r.Contact.Name), res.Built.To, file, res.Built.MessageID)
	answeredLine(w, r.Contact, res.Answered)
	return nil
}

// recordDelivered records that c got their copy another way; something
// must have been exported for them first.
func recordDelivered(ctx context.Context, a *app, c contacts.Contact, how string, w io.Writer) error {
	earlier, err := a.st.Log(ctx, store.LogFilter{Kind: store.EventExport, ContactRef: c.Ref, Limit: 1})
	if err != nil {
		return err
	}
	if len(earlier) == 0 {
		return fmt.Errorf("nothing was exported for %s: save the copy first (legit export %s --out FILE), deliver it, then record how", contacts.Clean(c.Name), c.Email)
	}
	n, err := a.st.AccessGiven(ctx, c, a.cfg.Rep.Name, how, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Recorded: %s got their copy %s.\n", contacts.Clean(c.Name), contacts.Clean(how))
	answeredLine(w, c, n)
	return nil
}

// answeredLine says how many access requests a copy answered.
func answeredLine(w io.Writer, c contacts.Contact, n int) {
	switch {
	case n == 1:
		fmt.Fprintf(w, "The open access request of %s is answered (logged as access given).\n", contacts.Clean(c.Name))
	case n > 1:
		fmt.Fprintf(w, "The %d open access requests of %s are answered (logged as access given).\n", n, contacts.Clean(c.Name))
	default:
		fmt.Fprintln(w, "Logged as access given.")
	}
}

// hintOpenAccessRequest tells the rep, when c has an open access request,
// that an export shown on standard output does not answer it.
func hintOpenAccessRequest(ctx context.Context, st *store.Store, c contacts.Contact, w io.Writer) error {
	due, err := st.AccessDue(ctx, c.ID)
	if err != nil || due == nil {
		return err
	}
	fmt.Fprintf(w, "%s has an open access request (answer by %s): it is answered only once they have their copy. --send emails it, or --out FILE then --delivered \"how\".\n",
		contacts.Clean(c.Name), due.Format("2 Jan 2006"))
	return nil
}

func newEraseCmd(a *app) *cobra.Command {
	var yes bool
	var reason string
	cmd := &cobra.Command{
		Use:   "erase EMAIL",
		Short: "Erase one person and everything that identifies them (Art. 17)",
		Long: `Removes the contact with its sources, assessments, consents, messages,
drafts and replies, leaving no trace in the database file, then the emails
to them in the outbox folder and, with IMAP set up, their mail legit filed or
read in your mailbox (the Sent copies, the replies, and the rest of their
mail in INBOX). A keyed hash of every address they had stays on the
suppression list, so a later import or send is refused, and the log keeps
only the pseudonymous reference, so it still verifies.

If the mail server cannot be reached, the erasure still happens; the mailbox
cleanup is queued and tried again at the next start, erase or sync, and this
command says so until it is done.

On a terminal it asks first; elsewhere it needs --yes.`,
		Example: "  legit erase anna@example.com\n  legit erase anna@example.com --yes --reason retention",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch reason {
			case store.ErasureRequest, store.ErasureRetention, store.ErasureOverdue:
			default:
				return usageError{fmt.Errorf("--reason %q: use request, retention or overdue", reason)}
			}
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			c, err := a.contactByArg(ctx, args[0])
			if err != nil {
				return err
			}
			cl := a.erasureCleanup()
			if !yes {
				r, plan, err := usecase.ErasureQuestion(ctx, a.st, c.ID, reason, cl)
				if err != nil {
					return err
				}
				ok, err := askYes(cmd.InOrStdin(), cmd.ErrOrStderr(), ui.ErasurePlan(r, plan))
				if err != nil {
					return err
				}
				if !ok {
					fmt.Fprintln(cmd.ErrOrStderr(), "Nothing erased.")
					return nil
				}
			}
			e, err := usecase.Erase(ctx, a.st, c.ID, a.cfg.Rep.Name, reason, cl)
			if e.Ref == "" {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Erased %s. Every address they had stays on the suppression list; the log keeps only %s.\n", c.Email, c.Ref)
			if line := ui.ErasureOutcome(e); line != "" {
				fmt.Fprintln(out, line)
			}
			if e.Answered > 0 {
				fmt.Fprintln(out, "This answers their erasure request: tell the person it is done.")
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "erase without asking (needed when not on a terminal)")
	cmd.Flags().StringVar(&reason, "reason", store.ErasureRequest, "why, for the log: request, retention or overdue")
	return cmd
}

// askYes asks question on a terminal and reads y or yes. Without a terminal
// it refuses, so a script cannot erase by accident.
func askYes(in io.Reader, out io.Writer, question string) (bool, error) {
	notTTY := usageError{errors.New("not on a terminal: nothing erased; add --yes to erase without asking")}
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return false, notTTY
	}
	fmt.Fprintf(out, "%s\nErase? [y/N] ", question)
	var answer string
	if _, err := fmt.Fscanln(in, &answer); err != nil && !errors.Is(err, io.EOF) && err.Error() != "unexpected newline" {
		return false, fmt.Errorf("read answer: %w", err)
	}
	answer = strings.ToLower(strings.TrimSpace(answer))
	return answer == "y" || answer == "yes", nil
}

func newRetentionCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "retention",
		Short: "List contacts due for erasure under the retention rule",
		Long: `Lists, each with the reason: prospects with no sign of interest for longer
than retention_days (default 180, counted from the last of: data obtained,
their last reply, their last consent; your own unanswered emails do not
count), customers with no purchase for longer than customer_retention_months
(default 24), and contacts whose basis has ended (opted out, objected,
consent withdrawn) or who asked for erasure. Erase one with
legit erase EMAIL --reason retention, or with D on the To-erase screen (key 6).

Exit codes: 0 nobody is due, 1 someone is due (run it from cron), 2 bad usage.`,
		Example: "  legit retention\n  legit retention --json",
		Args:    cobra.NoArgs,
		RunE: a.withDB(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
			n, err := ui.StreamRetention(ctx, a.st, cmd.OutOrStdout(), a.st.Now(), a.cfg.retention(), asJSON)
			if err != nil {
				return err
			}
			if n > 0 {
				return quietFailure{} // the list printed says who is due
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}
