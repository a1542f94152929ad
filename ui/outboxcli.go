package ui

import (
	"fmt"
	"io"
	"strings"

	"legit/contacts"
	"legit/outreach"
)

// PrintQueue lists the queued messages of `legit outbox`, as plain lines or
// JSON.
func PrintQueue(w io.Writer, list []outreach.Queued, dir string, asJSON bool) error {
	if asJSON {
		if list == nil {
			list = []outreach.Queued{}
		}
		return writeJSON(w, list)
	}
	var b strings.Builder
	if len(list) == 0 {
		fmt.Fprintf(&b, "The outbox (%s) is empty: nothing waits to be sent.\n", dir)
	}
	for _, q := range list {
		writeQueued(&b, q, "queued "+q.QueuedAt.Local().Format("2 Jan 2006 15:04"))
		fmt.Fprintf(&b, "  waits: %s\n", contacts.Clean(q.Reason))
		if q.File != "" {
			fmt.Fprintf(&b, "  file: %s\n", q.File)
		}
	}
	if len(list) > 0 {
		fmt.Fprintf(&b, "%s queued, none sent. legit outbox send delivers them once [smtp] is set up.\n", Plural(len(list), "message"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PrintDelivered says what `legit outbox send` did with each message.
func PrintDelivered(w io.Writer, out []outreach.Queued, asJSON bool) error {
	if asJSON {
		if out == nil {
			out = []outreach.Queued{}
		}
		return writeJSON(w, out)
	}
	var b strings.Builder
	if len(out) == 0 {
		b.WriteString("The outbox is empty: nothing to send.\n")
	}
	sent := 0
	for _, q := range out {
		var what string
		switch q.State {
		case outreach.QueueSent:
			sent++
			what = "sent"
			if q.LongNotice {
				what += ", with the privacy notice: now informed"
			}
		case outreach.QueueHeld:
			what = "held, still queued"
		case outreach.QueueReturned:
			what = "not sent: back in your drafts"
		case outreach.QueueWaiting:
			what = "not sent, still queued"
		case outreach.QueueInDoubt:
			what = "in doubt"
		case outreach.QueueUnrecorded:
			sent++
			what = "sent, but not recorded: do not send it again"
		default:
			what = "not sent"
		}
		writeQueued(&b, q, what)
		if q.Reason != "" {
			fmt.Fprintf(&b, "  %s\n", contacts.Clean(q.Reason))
		}
	}
	if len(out) > 0 {
		fmt.Fprintf(&b, "%d of %d sent.\n", sent, len(out))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeQueued is the first line about one queued message.
func writeQueued(b *strings.Builder, q outreach.Queued, what string) {
	to := q.ContactRef
	if name := contacts.Clean(q.Name); name != "" {
		to = name + " (" + q.ContactRef + ")"
	}
	fmt.Fprintf(b, "message %d to %s, %q: %s\n", q.Row, to, contacts.Clean(q.Subject), what)
}
