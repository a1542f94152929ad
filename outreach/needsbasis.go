package outreach

import (
	"time"

	"legit/contacts"
)

// NeedsBasis reports whether c lacks a basis the rep may rely on for a cold
// email as of now: none is recorded, it is the expired existing-customer
// basis of a dormant customer, or c's country does not allow it for c's
// legal form at c's address (ContactBasisRefused). The lists' "Needs basis"
// tab and --filter needs-basis use it; the checklist says the same item by
// item.
func NeedsBasis(c contacts.Contact, now time.Time) bool {
	return contacts.NeedsFreshBasis(c, now) || ContactBasisRefused(c) != ""
}
