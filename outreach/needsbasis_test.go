package outreach

import (
	"testing"

	"legit/contacts"
)

func TestNeedsBasis(t *testing.T) {
	li := contacts.Basis{Kind: contacts.LegitimateInterest}
	bought := testNow.AddDate(0, -2, 0)
	customer := contacts.Basis{Kind: contacts.ExistingCustomer, CustomerSale: contacts.CustomerSale{Purchase: "licence", PurchaseAt: &bought}}
	old := testNow.AddDate(-2, 0, 0)
	dormant := contacts.Basis{Kind: contacts.ExistingCustomer, CustomerSale: contacts.CustomerSale{Purchase: "licence", PurchaseAt: &old}}
	company, trader := contacts.LegalPerson, contacts.SoleTrader
	for _, tc := range []struct {
		name    string
		country string
		form    contacts.LegalForm
		email   string
		basis   contacts.Basis
		needs   bool
	}{
		{"no basis", "NL", company, "", contacts.Basis{}, true},
		{"interest at a company in NL", "NL", company, "anna@polderdata.example", li, true},
		{"interest at a company's published info@ in NL", "NL", company, "info@polderdata.example", li, false},
		{"interest at a company in SE", "SE", company, "", li, false},
		{"interest, sole trader in SE", "SE", trader, "", li, true},
		{"interest, legal form unknown in SE", "SE", "", "", li, true},
		{"interest, country unknown", "", company, "", li, true},
		{"interest in DE", "DE", company, "", li, true},
		{"interest in PL", "PL", company, "", li, true},
		{"customer in DE", "DE", company, "", customer, false},
		{"customer in PL", "PL", company, "", customer, true},
		{"dormant customer in FR", "FR", company, "", dormant, true},
		{"consent in DE", "DE", company, "", contacts.Basis{Kind: contacts.ConsentBasis}, false},
	} {
		c := contacts.Contact{Name: "Test", Country: tc.country, LegalForm: tc.form, Email: tc.email, Basis: tc.basis}
		if tc.basis.Kind == contacts.ExistingCustomer {
			c.Relationship = contacts.Customer
		}
		if got := NeedsBasis(c, testNow); got != tc.needs {
			t.Errorf("%s: NeedsBasis = %v, want %v", tc.name, got, tc.needs)
		}
	}
}
