package notice

import (
	"testing"

	"legit/contacts"
)

func TestReinform(t *testing.T) {
	li := func(purpose string) contacts.Basis {
		return contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: contacts.Assessment{Purpose: purpose}}
	}
	customer := contacts.Basis{Kind: contacts.ExistingCustomer, Purchase: "RoutePlanner Pro"}
	consent := contacts.Basis{Kind: contacts.ConsentBasis}
	tests := []struct {
		name       string
		given, now contacts.Basis
		want       bool
	}{
		{"never informed under a basis", contacts.Basis{}, li("Selling software."), true},
		{"same basis and purpose", li("Selling software."), li("Selling software."), false},
		{"only case, spaces and the full stop differ", li("Selling  software."), li("selling software"), false},
		{"a new purpose", li("Selling software."), li("Selling consulting."), true},
		{"legitimate interest becomes customer", li("Selling software."), customer, true},
		{"customer becomes consent", customer, consent, true},
		{"another purchase, same customer basis", customer, contacts.Basis{Kind: contacts.ExistingCustomer, Purchase: "Fleet add-on"}, false},
		{"consent stays consent", consent, consent, false},
	}
	for _, tt := range tests {
		if got := Reinform(TermsOf(tt.given), TermsOf(tt.now)); got != tt.want {
			t.Errorf("%s: Reinform() = %v, want %v", tt.name, got, tt.want)
		}
	}
}
