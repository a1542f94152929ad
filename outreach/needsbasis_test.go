package outreach

import (
	"testing"
	"time"

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

// TestNeedsBasisFactsAgree: the facts kept for the lists give NeedsBasis's
// answer on every day around the dormancy date, for a table of cases.
func TestNeedsBasisFactsAgree(t *testing.T) {
	bought := time.Date(2025, 1, 31, 15, 0, 0, 0, time.UTC)
	sale := contacts.CustomerSale{Purchase: "licence", PurchaseAt: &bought}
	var cases []contacts.Contact
	for _, country := range []string{"NL", "DE", "FR", "SE", "PL", ""} {
		for _, form := range []contacts.LegalForm{contacts.LegalPerson, contacts.SoleTrader, ""} {
			for _, email := range []string{"", "anna@x.example", "info@x.example"} {
				for _, rel := range []contacts.Relationship{contacts.Prospect, contacts.Customer, contacts.Dormant} {
					for _, b := range []contacts.Basis{{}, {Kind: contacts.LegitimateInterest}, {Kind: contacts.ConsentBasis},
						{Kind: contacts.ExistingCustomer}, {Kind: contacts.ExistingCustomer, CustomerSale: sale}} {
						cases = append(cases, contacts.Contact{Country: country, LegalForm: form, Email: email, Relationship: rel, Basis: b})
					}
				}
			}
		}
	}
	for _, c := range cases {
		always, lapses := NeedsBasisFacts(c)
		for day := -3; day <= 400; day += 1 {
			now := bought.AddDate(1, 0, day)
			y, m, d := now.Date()
			today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
			kept := always || (lapses != nil && today.After(*lapses))
			if got := NeedsBasis(c, now); got != kept {
				t.Fatalf("%+v at %s: NeedsBasis = %v, the kept facts say %v", c, now.Format(time.DateOnly), got, kept)
			}
		}
	}
	if v := NeedsBasisVersion(); v == "" || v != NeedsBasisVersion() {
		t.Errorf("NeedsBasisVersion = %q, not stable", v)
	}
}
