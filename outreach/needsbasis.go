package outreach

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sync"
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

// NeedsBasisFacts splits NeedsBasis into what can be kept with the contact:
// whether c needs a basis whatever the date (always), and otherwise the
// date after which it needs one (a customer's existing-customer basis
// lapses DormantAfterMonths after the purchase), nil when never. For every
// now, NeedsBasis(c, now) is always || (lapses != nil && now's date is
// after *lapses); the lists' Needs basis tab queries the kept facts.
func NeedsBasisFacts(c contacts.Contact) (always bool, lapses *time.Time) {
	if !c.Basis.Recorded() || ContactBasisRefused(c) != "" {
		return true, nil
	}
	if c.Basis.Kind != contacts.ExistingCustomer || (c.Relationship != contacts.Customer && c.Relationship != contacts.Dormant) {
		return false, nil
	}
	if c.Basis.PurchaseAt == nil {
		return c.Relationship == contacts.Dormant, nil
	}
	y, m, d := c.Basis.PurchaseAt.UTC().Date()
	at := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, contacts.DormantAfterMonths, 0)
	return false, &at
}

// NeedsBasisVersion names the rules NeedsBasisFacts follows: a digest of
// the country table, the role mailboxes and the dormancy period. Facts kept
// under another version are worked out again.
func NeedsBasisVersion() string { return needsBasisVersion() }

var needsBasisVersion = sync.OnceValue(func() string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\n%+v\n", contacts.DormantAfterMonths, Policies())
	roles := make([]string, 0, len(roleLocalParts))
	for r := range roleLocalParts {
		roles = append(roles, r)
	}
	slices.Sort(roles)
	fmt.Fprintf(h, "%v\n", roles)
	return "needs-basis-1-" + hex.EncodeToString(h.Sum(nil)[:8])
})
