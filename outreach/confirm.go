package outreach

import "legit/contacts"

// Confirmation is what the rep must confirm on a draft to a contact before
// it may go, because the rule the email rests on has a condition only the
// rep can judge. At most one applies to a contact.
type Confirmation int

// The confirmations a draft can need.
const (
	NoConfirmation         Confirmation = iota
	ConfirmSimilarProducts              // existing customer: the email is about products similar to the purchase
	ConfirmRelevance                    // opt-out rule with a relevance condition (FR, IE): the email concerns their profession
	ConfirmRoleAddress                  // role-address exception (NL, BE, …): the company published this address itself
)

// ConfirmationFor is the confirmation a draft to c needs under c's basis and
// the law of c's country, or NoConfirmation.
func ConfirmationFor(c contacts.Contact) Confirmation {
	switch c.Basis.Kind {
	case contacts.ExistingCustomer:
		return ConfirmSimilarProducts
	case contacts.LegitimateInterest:
		r := ColdEmail(c.Country, c.LegalForm, c.Email)
		switch {
		case r.RoleAddress:
			return ConfirmRoleAddress
		case r.Relevance && r.Need == OptOut:
			return ConfirmRelevance
		}
	}
	return NoConfirmation
}

// Label is the confirmation in words, for a key's help.
func (k Confirmation) Label() string {
	switch k {
	case ConfirmSimilarProducts:
		return "similar products"
	case ConfirmRelevance:
		return "about their job"
	case ConfirmRoleAddress:
		return "published address"
	}
	return ""
}

// Flag is the `legit send` flag that gives the confirmation.
func (k Confirmation) Flag() string {
	switch k {
	case ConfirmSimilarProducts:
		return "--similar-products"
	case ConfirmRelevance:
		return "--about-their-job"
	case ConfirmRoleAddress:
		return "--published-address"
	}
	return ""
}

// Apply sets the confirmation on d to on.
func (k Confirmation) Apply(d *Draft, on bool) {
	switch k {
	case ConfirmSimilarProducts:
		d.SimilarProducts = on
	case ConfirmRelevance:
		d.RelevanceConfirmed = on
	case ConfirmRoleAddress:
		d.RoleAddressConfirmed = on
	}
}

// confirmed is what the rep confirmed on d for c, for the log; "" if nothing.
func confirmed(c contacts.Contact, d Draft) string {
	k := ConfirmationFor(c)
	var on bool
	switch k {
	case ConfirmSimilarProducts:
		on = d.SimilarProducts
	case ConfirmRelevance:
		on = d.RelevanceConfirmed
	case ConfirmRoleAddress:
		on = d.RoleAddressConfirmed
	}
	if !on {
		return ""
	}
	return k.Label()
}

// WithSubjectMarker returns d with the subject marker the law of c's
// country asks for an unsolicited email (SubjectMarker) at the start of the
// subject, unless it is there already. The sender and the compose screen
// add it before the checklist runs, so the rep never has to type it.
func WithSubjectMarker(c contacts.Contact, d Draft) Draft {
	m := SubjectMarker(c)
	if m == "" || hasMarker(d.Subject, m) {
		return d
	}
	d.Subject = m + ": " + d.Subject
	return d
}
