package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"legit/contacts"
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
	var out string
	cmd := &cobra.Command{
		Use:   "export EMAIL",
		Short: "Export everything held about one person (access request, Art. 15)",
		Long: `Writes one JSON document with everything held about the person: the contact's
fields, each source with its import file and line, every assessment, the
consents with their evidence, every message with its full text, and every
log event about them, with a short summary in plain words. The export is
logged. With --out the file is written with mode 0600, the summary is
printed, and an open access request of the person is marked answered;
without it the JSON goes to standard output and the request stays open.`,
		Example: "  legit export anna@example.com --out anna.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			c, err := a.contactByArg(ctx, args[0])
			if err != nil {
				return err
			}
			r, err := a.st.Record(ctx, c.ID)
			if err != nil {
				return err
			}
			now := time.Now()
			if out == "" {
				err = ui.WriteExport(cmd.OutOrStdout(), r, now, a.cfg.retention(), a.cfg.controller())
			} else {
				err = ui.SaveExportFile(ctx, a.st, out, r, now, a.cfg.retention(), a.cfg.controller())
			}
			if err != nil {
				return err
			}
			answered, err := a.st.LogExport(ctx, c, a.cfg.Rep.Name, out != "")
			if err != nil {
				return err
			}
			if out != "" {
				fmt.Fprintf(cmd.OutOrStdout(), "%s\nWritten to %s (mode 0600). Send it to the person by a secure channel.\n", ui.ExportSummary(r, a.cfg.retention(), a.cfg.controller()), out)
			}
			switch {
			case answered == 1:
				fmt.Fprintf(cmd.ErrOrStderr(), "The open access request of %s is marked answered.\n", contacts.Clean(c.Name))
			case answered > 1:
				fmt.Fprintf(cmd.ErrOrStderr(), "The %d open access requests of %s are marked answered.\n", answered, contacts.Clean(c.Name))
			}
			if out == "" {
				return hintOpenAccessRequest(ctx, a.st, c, cmd.ErrOrStderr())
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the JSON to this file (mode 0600) instead of standard output")
	return cmd
}

// hintOpenAccessRequest tells the rep, when c has an open access request,
// that an export shown on standard output does not answer it.
func hintOpenAccessRequest(ctx context.Context, st *store.Store, c contacts.Contact, w io.Writer) error {
	due, err := st.AccessDue(ctx, c.ID)
	if err != nil || due == nil {
		return err
	}
	fmt.Fprintf(w, "%s has an open access request (answer by %s): save the export with --out FILE and send it to answer it.\n",
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
				r, plan, err := usecase.ErasureQuestion(ctx, a.st, c.ID, cl)
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
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := a.open(ctx); err != nil {
				return err
			}
			defer a.close()
			n, err := ui.StreamRetention(ctx, a.st, cmd.OutOrStdout(), time.Now(), a.cfg.retention(), asJSON)
			if err != nil {
				return err
			}
			if n > 0 {
				return quietFailure{} // the list printed says who is due
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}
