package ui

import (
	"fmt"
	"io"
	"strings"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// SyncProgressLine returns a progress callback that redraws one line on w
// (a terminal) as a sync goes: "Syncing INBOX [#####.....] 500/10000".
func SyncProgressLine(w io.Writer) func(outreach.SyncProgress) {
	return func(p outreach.SyncProgress) {
		fmt.Fprintf(w, "\r%s", progressText(p, 30))
		if p.Done >= p.Total {
			fmt.Fprintln(w)
		}
	}
}

// progressText is a plain progress line with a bar of width cells.
func progressText(p outreach.SyncProgress, width int) string {
	filled := width
	if p.Total > 0 {
		filled = width * p.Done / p.Total
	}
	return fmt.Sprintf("Syncing %s [%s%s] %d/%d", p.Mailbox, strings.Repeat("#", filled), strings.Repeat(".", width-filled), p.Done, p.Total)
}

// classLabels are the words the inbox shows for each class of reply.
var classLabels = map[contacts.ReplyClass]string{
	contacts.ReplyOptOut:      "opt-out",
	contacts.ReplyObjection:   "objection",
	contacts.ReplyErasure:     "erasure request",
	contacts.ReplyAccess:      "access request",
	contacts.ReplyConsent:     "consent",
	contacts.ReplyWithdrawal:  "consent withdrawn",
	contacts.ReplyOutOfOffice: "out of office",
	contacts.ReplyBounce:      "bounce",
	contacts.ReplyOther:       "reply",
}

// replyClassText is how a reply was read, in words: its class, and the
// opt-out or objection found in it too when that differs.
func replyClassText(e store.InboxEntry) string {
	switch e.Review {
	case store.ReviewPending:
		return "opt-out? decide"
	case store.ReviewOverruled:
		return "not an opt-out"
	}
	// An erasure request and a withdrawn consent stop outreach by themselves.
	if e.Stop != "" && e.Stop != e.Class && e.Class != contacts.ReplyErasure && e.Class != contacts.ReplyWithdrawal {
		return classLabels[e.Class] + " + " + classLabels[e.Stop]
	}
	return classLabels[e.Class]
}

// PrintSync writes the summary of a sync as text or JSON.
func PrintSync(w io.Writer, res outreach.SyncResult, asJSON bool) error {
	if asJSON {
		return writeJSON(w, res)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d fetched, %d new", res.Mailbox, res.Fetched, res.New)
	if res.Duplicates > 0 {
		fmt.Fprintf(&b, ", %d already stored", res.Duplicates)
	}
	b.WriteString("\n")
	if res.Rescan {
		b.WriteString("The server reset the mailbox (UIDVALIDITY changed): everything was read again, nothing duplicated.\n")
	}
	for _, c := range contacts.ReplyClasses {
		if n := res.Acted[c]; n > 0 {
			fmt.Fprintf(&b, "  %-16s %d\n", classLabels[c], n)
		}
	}
	if res.Unknown > 0 {
		fmt.Fprintf(&b, "%d from unknown senders: listed in the inbox, not acted on.\n", res.Unknown)
	}
	if res.Acted[contacts.ReplyErasure]+res.Acted[contacts.ReplyAccess] > 0 {
		b.WriteString("Answer the requests within one month: open legit and press 3.\n")
	}
	if res.Acted[contacts.ReplyConsent] > 0 {
		b.WriteString("Confirm or reject the consents in the inbox: open legit and press 3.\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write sync summary: %w", err)
	}
	return nil
}
