package ui

import (
	"fmt"
	"io"

	"legit/contacts"
	"legit/store"
)

// optOutJSON is `legit suppress --json`.
type optOutJSON struct {
	Email      string `json:"email"`
	Reason     string `json:"reason"`
	Contact    string `json:"contact_ref,omitempty"`
	Suppressed bool   `json:"suppressed"`
	Withdrawn  bool   `json:"consent_withdrawn"`
}

// PrintOptOut reports what `legit suppress` recorded for email.
func PrintOptOut(w io.Writer, email, reason string, r store.OptOutResult, asJSON bool) error {
	if asJSON {
		j := optOutJSON{Email: contacts.Clean(email), Reason: reason, Suppressed: r.Suppressed, Withdrawn: r.Withdrawn}
		if r.Contact != nil {
			j.Contact = r.Contact.Ref
		}
		return writeJSON(w, j)
	}
	who := contacts.Clean(email) + " (not a contact)"
	if r.Contact != nil {
		who = contacts.Clean(r.Contact.Name) + " <" + contacts.Clean(r.Contact.Email) + ">"
	}
	var err error
	switch {
	case r.Suppressed:
		_, err = fmt.Fprintf(w, "Recorded the %s of %s: on the suppression list, never written to again. Logged.\n", reason, who)
	case r.Withdrawn:
		_, err = fmt.Fprintf(w, "Recorded the withdrawal of consent to tracking of %s: no open tracking from now on. Logged.\n", who)
	default:
		_, err = fmt.Fprintf(w, "%s holds no consent to tracking: nothing to withdraw.\n", who)
	}
	return err
}
