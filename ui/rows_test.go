package ui

import (
	"testing"

	"legit/contacts"
)

func TestRowsNeedBasis(t *testing.T) {
	li := contacts.Basis{Kind: contacts.LegitimateInterest}
	bought := testNow.AddDate(0, -2, 0)
	customer := contacts.Basis{Kind: contacts.ExistingCustomer, CustomerSale: contacts.CustomerSale{Purchase: "licence", PurchaseAt: &bought}}
	old := testNow.AddDate(-2, 0, 0)
	dormant := contacts.Basis{Kind: contacts.ExistingCustomer, CustomerSale: contacts.CustomerSale{Purchase: "licence", PurchaseAt: &old}}
	for _, tc := range []struct {
		name    string
		country string
		basis   contacts.Basis
		needs   bool
	}{
		{"no basis", "NL", contacts.Basis{}, true},
		{"interest in NL", "NL", li, false},
		{"interest, country unknown", "", li, false},
		{"interest in DE", "DE", li, true},
		{"interest in PL", "PL", li, true},
		{"customer in DE", "DE", customer, false},
		{"customer in PL", "PL", customer, true},
		{"dormant customer in FR", "FR", dormant, true},
		{"consent in DE", "DE", contacts.Basis{Kind: contacts.ConsentBasis}, false},
	} {
		c := contacts.Contact{Name: "Test", Country: tc.country, Basis: tc.basis}
		if tc.basis.Kind == contacts.ExistingCustomer {
			c.Relationship = contacts.Customer
		}
		if got := Rows([]contacts.Contact{c}, testNow, 30)[0].NeedsBasis; got != tc.needs {
			t.Errorf("%s: NeedsBasis = %v, want %v", tc.name, got, tc.needs)
		}
	}
}
