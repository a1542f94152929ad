package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"legit/contacts"
	"legit/outreach"
)

// sendJSON is what `legit send --json` prints.
type sendJSON struct {
	OK        bool            `json:"ok"`
	DryRun    bool            `json:"dry_run"`
	Sent      bool            `json:"sent"`
	Queued    bool            `json:"queued"`
	File      string          `json:"file,omitempty"`
	MessageID string          `json:"message_id,omitempty"`
	Row       int64           `json:"message,omitempty"`
	Checklist []outreach.Item `json:"checklist"`
	Message   string          `json:"raw,omitempty"`
	Error     string          `json:"error,omitempty"`
	// Recorded, present when sent or queued, is whether the database
	// holds it; false only for an email that went out but could not be
	// recorded (RecordError says why, CheckAfter when legit checks it):
	// it must not be sent again.
	Recorded    *bool      `json:"recorded,omitempty"`
	RecordError string     `json:"record_error,omitempty"`
	CheckAfter  *time.Time `json:"check_after,omitempty"`
}

// SendReport is the outcome of `legit send` for printing.
type SendReport struct {
	DryRun  bool
	Sent    bool
	Queued  bool   // queued in the outbox, not sent (no mail server)
	File    string // the outbox file that holds it (queued, or the demo's)
	Name    string // the recipient's name, for the outcome line
	Row     int64
	Verdict outreach.Verdict
	Built   *outreach.Built // the whole message, for --dry-run
	Err     error           // a refusal or a failed send
}

// unrecorded is the send that went out but could not be recorded, when
// r's error says so.
func (r SendReport) unrecorded() *outreach.SentUnrecordedError {
	e, _ := errors.AsType[*outreach.SentUnrecordedError](r.Err)
	return e
}

// PrintSend writes the checklist verdict, and with a dry run the whole
// message, as plain text or JSON.
func PrintSend(w io.Writer, r SendReport, asJSON bool) error {
	if asJSON {
		j := sendJSON{OK: r.Verdict.OK(), DryRun: r.DryRun, Sent: r.Sent && !r.Queued, Queued: r.Queued, File: r.File, Row: r.Row, Checklist: r.Verdict.Items}
		if r.Built != nil {
			j.MessageID = r.Built.MessageID
			if r.DryRun {
				j.Message = string(r.Built.Raw)
			}
		}
		if r.Err != nil {
			j.Error = r.Err.Error()
		}
		if r.Sent || r.Queued {
			recorded := true
			if u := r.unrecorded(); u != nil {
				recorded, j.RecordError, j.CheckAfter = false, u.Err.Error(), &u.CheckAfter
			}
			j.Recorded = &recorded
		}
		return writeJSON(w, j)
	}
	var b strings.Builder
	b.WriteString(checklistText(r.Verdict))
	switch {
	case r.DryRun && r.Built != nil:
		b.WriteString("\nThe message as the recipient will read it (--json gives the raw message):\n\n")
		b.WriteString(r.Built.Preview())
	case (r.Sent || r.Queued) && r.Built != nil:
		res := outreach.Result{Built: *r.Built, Verdict: r.Verdict, Queued: r.Queued, File: r.File}
		b.WriteString("\n" + SendOutcome(r.Name, "smtp", res) + "\n")
		if u := r.unrecorded(); u != nil {
			b.WriteString(UnrecordedText(u) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// SendOutcome says what a send did, for the status line and
// the CLI: queued in the outbox and not sent (no mail server), written to
// the demo's outbox (the file on a line of its own), or sent via the
// transport named.
func SendOutcome(name, via string, res outreach.Result) string {
	name = contacts.Clean(name)
	switch {
	case res.Queued:
		return fmt.Sprintf("Queued in the outbox, not sent (no SMTP configured: nothing left this machine). %s stays not informed until you run legit outbox send.\nFile: %s",
			name, res.File)
	case res.File != "":
		text := "Demo: written to the outbox instead of a mail server (nothing left this machine). The demo counts it as sent."
		if res.Verdict.LongNotice {
			text += " The privacy notice went with it: " + name + " is now informed."
		}
		return text + "\nFile: " + res.File
	}
	text := fmt.Sprintf("Sent to %s via %s. Message-ID <%s>.", name, via, res.Built.MessageID)
	if res.Verdict.LongNotice {
		text += " The privacy notice went with it: " + name + " is now informed."
	}
	return text
}

// UnrecordedText says, after the outcome line, that an email went out but
// the database does not hold it yet, when legit checks it, and not to send
// it again.
func UnrecordedText(u *outreach.SentUnrecordedError) string {
	return fmt.Sprintf("Not recorded in the database: %s. It is message %d: legit checks it at the first start after %s and asks you if it cannot tell. Do not send it again.",
		contacts.Clean(u.Err.Error()), u.Row, u.CheckAfter.Local().Format("15:04"))
}

// checklistText is the verdict as plain lines: ✓, ! (passes with a
// warning) or ✗ with the reason and the fix.
func checklistText(v outreach.Verdict) string {
	var b strings.Builder
	for _, it := range v.Items {
		switch {
		case !it.OK:
			fmt.Fprintf(&b, "✗ %s: %s. %s.\n", it.Label, contacts.Clean(it.Why), upper(it.Fix))
		case it.Warn != "":
			fmt.Fprintf(&b, "! %s: %s.\n", it.Label, contacts.Clean(it.Warn))
		default:
			fmt.Fprintf(&b, "✓ %s\n", it.Label)
		}
	}
	return b.String()
}

// upper capitalises the first letter of s.
func upper(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// PrintInDoubt lists sends that may or may not have gone out.
func PrintInDoubt(w io.Writer, list []outreach.InDoubt) error {
	for _, d := range list {
		if _, err := fmt.Fprintf(w, "In doubt: message %d to %s, %q (Message-ID <%s>). Check your Sent folder, then run: legit send --resolve %d --outcome sent|not-sent\n",
			d.Row, d.ContactRef, contacts.Clean(d.Subject), d.MessageID, d.Row); err != nil {
			return err
		}
	}
	return nil
}
