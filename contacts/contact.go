// Package contacts holds the contact and everything that makes writing to it
// justifiable: where its data came from, the basis relied on, and the consents given.
// It also normalises addresses and sanitises imported text. It knows nothing of
// SQL, terminals or mail transport.
package contacts

import "time"

// Relationship says how the organisation stands to a contact.
type Relationship string

// The relationships a contact can have.
const (
	Prospect Relationship = "prospect"
	Customer Relationship = "customer"
	Dormant  Relationship = "dormant"
)

// Status is the contact's standing for outreach.
type Status string

// The statuses a contact can have. A suppressed address is tracked separately
// on the suppression list; Status records why a contact stopped being reachable.
const (
	Active        Status = "active"
	OptedOut      Status = "opted_out"
	Objected      Status = "objected"
	Undeliverable Status = "undeliverable"
)

// Contact is one person the rep may write to, with the record that justifies it.
type Contact struct {
	ID           int64
	Ref          string // pseudonymous reference used in the log; survives erasure
	Name         string
	Email        string // normalised; empty when the source had no address
	Company      string
	Position     string
	Country      string // ISO 3166-1 alpha-2, upper case; empty when unknown
	Language     string // ISO 639-1, lower case; empty means English
	LegalForm    LegalForm
	Relationship Relationship
	Status       Status
	Basis        Basis
	Sources      []Source
	Consents     []Consent
	Suppressed   bool       // the address is on the suppression list
	InformedAt   *time.Time // when the Art. 14 notice was sent; nil if not yet
	// InformedBasis is the Basis.NoticeKey the last full notice described;
	// empty when unknown (a contact informed before it was recorded).
	InformedBasis string
	CreatedAt     time.Time
}

// FirstSource returns the earliest source record, which starts the notice clock.
// The zero Source is returned when the contact has none.
func (c Contact) FirstSource() Source {
	var first Source
	for i, s := range c.Sources {
		if i == 0 || s.ObtainedAt.Before(first.ObtainedAt) {
			first = s
		}
	}
	return first
}

// NoticeOutdated reports whether the basis or its purpose changed since the
// last full notice, so the person must be told again (Art. 13(3), 14(4)).
func (c Contact) NoticeOutdated() bool {
	return c.InformedAt != nil && c.InformedBasis != "" && c.InformedBasis != c.Basis.NoticeKey()
}

// HasSource reports whether at least one source is recorded.
func (c Contact) HasSource() bool { return len(c.Sources) > 0 }

// Writable reports whether an email may ever go to c as far as c itself
// says: an address is recorded, and nobody opted out, objected or bounced
// (status or suppression list). When not, why says so in words. The
// country's rules, the basis and the notice clock are the checklist's.
func (c Contact) Writable() (ok bool, why string) {
	switch {
	case c.Status != Active && c.Status != "":
		return false, "they opted out, objected or bounced: legit never writes to them again"
	case c.Suppressed:
		return false, "their address or its whole domain is on the suppression list: legit never writes to it"
	case !c.Emailable():
		return false, "no email address is recorded"
	}
	return true, ""
}

// Stopped reports whether outreach to c ended for good: an opt-out, an
// objection or a bounce, by status or on the suppression list.
func (c Contact) Stopped() bool { return c.Suppressed || (c.Status != Active && c.Status != "") }

// Emailable reports whether the contact has an address at all.
func (c Contact) Emailable() bool { return c.Email != "" }

// ActiveConsent returns the newest unwithdrawn consent for purpose, if any.
func (c Contact) ActiveConsent(purpose ConsentPurpose) (Consent, bool) {
	var found Consent
	ok := false
	for _, k := range c.Consents {
		if k.Purpose != purpose || k.WithdrawnAt != nil {
			continue
		}
		if !ok || k.GrantedAt.After(found.GrantedAt) {
			found, ok = k, true
		}
	}
	return found, ok
}
