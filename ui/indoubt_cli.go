package ui

import (
	"fmt"
	"io"
	"strings"
	"time"

	"legit/contacts"
	"legit/store"
)

// inDoubtRow is one send in doubt as legit send --in-doubt --json prints it.
type inDoubtRow struct {
	Row        int64     `json:"message"` // what --resolve takes
	Rep        string    `json:"rep"`
	ContactRef string    `json:"contact_ref"`
	Name       string    `json:"name"`
	Email      string    `json:"email"`
	Subject    string    `json:"subject"`
	MessageID  string    `json:"message_id"`
	ReservedAt time.Time `json:"reserved_at"`
	Since      time.Time `json:"in_doubt_since"`
}

// PrintSendsInDoubt lists, for legit send --in-doubt, the sends that may
// or may not have gone out which the caller may resolve: to whom, whose,
// the subject, when each was reserved and since when it is in doubt; as
// plain lines or JSON.
func PrintSendsInDoubt(w io.Writer, list []store.SendInDoubt, asJSON bool) error {
	if asJSON {
		rows := make([]inDoubtRow, len(list))
		for i, d := range list {
			rows[i] = inDoubtRow{Row: d.ID, Rep: d.Rep, ContactRef: d.ContactRef, Name: d.Name, Email: d.Email,
				Subject: d.Subject, MessageID: d.MessageID, ReservedAt: d.ReservedAt.UTC(), Since: d.Since.UTC()}
		}
		return writeJSON(w, rows)
	}
	var b strings.Builder
	if len(list) == 0 {
		b.WriteString("No send is in doubt.\n")
	}
	for _, d := range list {
		to := d.ContactRef
		if name := contacts.Clean(d.Name); name != "" {
			to = name + " (" + d.ContactRef + ")"
		}
		if d.Email != "" {
			to += " <" + contacts.Clean(d.Email) + ">"
		}
		if to == "" {
			to = "a person you cannot see"
		}
		fmt.Fprintf(&b, "message %d to %s, %q: %s's send\n", d.ID, to, contacts.Clean(d.Subject), contacts.Clean(d.Rep))
		fmt.Fprintf(&b, "  reserved %s, in doubt since %s (Message-ID <%s>)\n",
			d.ReservedAt.Local().Format("2 Jan 2006 15:04"), d.Since.Local().Format("2 Jan 2006 15:04"), contacts.Clean(d.MessageID))
	}
	if len(list) > 0 {
		fmt.Fprintf(&b, "%s in doubt, each holding its recipient for every rep. Once you know whether it went out (the rep's Sent folder has it by its Message-ID): legit send --resolve MESSAGE --outcome sent|not-sent\n", Plural(len(list), "send"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
