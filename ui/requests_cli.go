package ui

import (
	"fmt"
	"io"
	"strings"
	"time"

	"legit/contacts"
	"legit/store"
)

// requestJSON is one open rights request as `legit requests --json` writes it.
type requestJSON struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	ReceivedAt  string `json:"received_at"`
	DueAt       string `json:"due_at"`
	DaysLeft    int    `json:"days_left"`
	ContactRef  string `json:"contact_ref"`
	ContactName string `json:"contact_name,omitempty"`
	// ContactState is "held", "erased" (the request waits only to be marked
	// answered) or "not_yours" (a colleague holds the contact).
	ContactState  string `json:"contact_state"`
	HeldBy        string `json:"held_by,omitempty"`
	Assignee      string `json:"assignee,omitempty"`
	AssigneeEmail string `json:"assignee_email,omitempty"`
}

// RequestWho is how a request's contact is named: the name, "erased (ref)"
// or "ref (Sam's)" for a colleague's contact the rep does not see.
func RequestWho(r store.RightsRequest) string {
	switch {
	case r.Erased():
		return "erased (" + r.ContactRef + ")"
	case r.Hidden():
		return r.ContactRef + " (" + contacts.Clean(r.Owner) + "'s)"
	}
	return contacts.Clean(r.ContactName)
}

// assigneeText is who answers a request, or "nobody".
func assigneeText(r store.RightsRequest) string {
	if r.Assignee.ID == 0 {
		return "nobody"
	}
	return contacts.Clean(r.Assignee.Name)
}

// PrintRequests writes the open rights requests, soonest due first, with
// their one-month deadline (Art. 12(3) GDPR), who holds the contact and who
// answers; as JSON with asJSON. It returns how many are late.
func PrintRequests(w io.Writer, list []store.RightsRequest, now time.Time, asJSON bool) (int, error) {
	late := 0
	for _, r := range list {
		if daysUntil(now, r.DueAt) < 0 {
			late++
		}
	}
	if asJSON {
		out := make([]requestJSON, 0, len(list))
		for _, r := range list {
			j := requestJSON{ID: r.ID, Kind: string(r.Kind), ReceivedAt: stamp(r.ReceivedAt), DueAt: stamp(r.DueAt),
				DaysLeft: daysUntil(now, r.DueAt), ContactRef: r.ContactRef, ContactName: r.ContactName, ContactState: "held",
				HeldBy: r.Owner, Assignee: r.Assignee.Name, AssigneeEmail: r.Assignee.Email}
			switch {
			case r.Erased():
				j.ContactState = "erased"
			case r.Hidden():
				j.ContactState = "not_yours"
			}
			out = append(out, j)
		}
		return late, writeJSON(w, out)
	}
	var b strings.Builder
	if len(list) == 0 {
		b.WriteString("No erasure or access request waits for an answer.\n")
		_, err := io.WriteString(w, b.String())
		return 0, err
	}
	b.WriteString("Open rights requests, soonest due first (one month to answer, Art. 12(3) GDPR):\n")
	for _, r := range list {
		fmt.Fprintf(&b, "\n#%d  %s  answer by %s (%s)\n", r.ID, classLabels[r.Kind], r.DueAt.Format("2 Jan 2006"), daysLeftText(daysUntil(now, r.DueAt)))
		who := RequestWho(r)
		if !r.Erased() && !r.Hidden() {
			who += " (" + r.ContactRef + ")"
		}
		if r.Owner != "" && !r.Hidden() {
			who += ", held by " + contacts.Clean(r.Owner)
		}
		fmt.Fprintf(&b, "    %s\n", who)
		fmt.Fprintf(&b, "    received %s, assigned to %s\n", r.ReceivedAt.Format("2 Jan 2006"), assigneeText(r))
	}
	fmt.Fprintf(&b, "\n%s open", count(len(list), "request", "requests"))
	if late > 0 {
		fmt.Fprintf(&b, ", %d late", late)
	}
	b.WriteString(".\nErasing answers an erasure request (legit erase EMAIL); an access request is\nanswered once the person has their copy (legit export EMAIL --send).\n")
	_, err := io.WriteString(w, b.String())
	return late, err
}

// PrintAssigned says whom a request now goes to, and what they need when
// they cannot see the contact.
func PrintAssigned(w io.Writer, id int64, a store.Assigned) error {
	if a.Already {
		_, err := fmt.Fprintln(w, assignedNote(id, a))
		return err
	}
	_, err := fmt.Fprintf(w, "Request #%d (%s) is now %s's to answer (logged).\n", id, a.Ref, contacts.Clean(a.To.Name))
	if err == nil && !a.Sees {
		_, err = fmt.Fprintf(w, "%s cannot see the contact: a lead shares it with legit team share CONTACT_EMAIL --with %s, or its owner answers it.\n",
			contacts.Clean(a.To.Name), a.To.Email)
	}
	return err
}

// ErasureNoticeText is what a rep is told of an erasure that removed their
// drafts or queued messages: the ref, when and why, no personal data.
func ErasureNoticeText(n store.ErasureNotice) string {
	var what []string
	switch {
	case n.Drafts == 1:
		what = append(what, "a draft")
	case n.Drafts > 1:
		what = append(what, fmt.Sprintf("%d drafts", n.Drafts))
	}
	switch {
	case n.Queued == 1:
		what = append(what, "a queued message")
	case n.Queued > 1:
		what = append(what, fmt.Sprintf("%d queued messages", n.Queued))
	}
	verb := "was"
	if n.Drafts+n.Queued > 1 {
		verb = "were"
	}
	why := "at their request"
	switch n.Reason {
	case store.ErasureRetention:
		why = "under the retention rule"
	case store.ErasureOverdue:
		why = "because the notice deadline passed"
	}
	s := strings.Join(what, " and ")
	if s == "" {
		s = "a message"
	}
	return fmt.Sprintf("%s of yours to contact %s %s removed: the person was erased on %s %s.",
		strings.ToUpper(s[:1])+s[1:], contacts.Clean(n.Ref), verb, n.ErasedAt.Format("2 Jan 2006"), why)
}

// PrintErasureNotices writes each notice on a line of its own.
func PrintErasureNotices(w io.Writer, ns []store.ErasureNotice) error {
	for _, n := range ns {
		if _, err := fmt.Fprintln(w, ErasureNoticeText(n)); err != nil {
			return err
		}
	}
	return nil
}
