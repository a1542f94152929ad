package outreach

import (
	"strings"
	"testing"

	"legit/contacts"
)

func TestCountryRules(t *testing.T) {
	marketing := []contacts.Consent{{Purpose: contacts.ConsentMarketing, Evidence: "reply"}}
	tests := []struct {
		country, email string
		basis          contacts.BasisKind
		consents       []contacts.Consent
		ok, warn       bool
	}{
		{"DE", "hannah@koeln.example", contacts.LegitimateInterest, nil, false, false},
		{"de", "hannah@koeln.example", contacts.LegitimateInterest, nil, false, false},
		{"DE", "hannah@koeln.example", contacts.ConsentBasis, marketing, true, false},
		{"DE", "hannah@koeln.example", contacts.ConsentBasis, nil, false, false},
		{"DE", "hannah@koeln.example", contacts.ExistingCustomer, nil, true, false},
		{"PL", "jakub@poznan.example", contacts.LegitimateInterest, nil, false, false},
		{"PL", "jakub@poznan.example", contacts.ExistingCustomer, nil, false, false},
		{"PL", "jakub@poznan.example", contacts.ConsentBasis, marketing, true, false},
		{"NL", "info@delta.example", contacts.LegitimateInterest, nil, true, false},
		{"NL", "Sales@delta.example", contacts.LegitimateInterest, nil, true, false},
		{"NL", "bram.mulder@delta.example", contacts.LegitimateInterest, nil, true, true},
		{"BE", "an@gent.example", contacts.LegitimateInterest, nil, true, false},
		{"", "someone@unknown.example", contacts.LegitimateInterest, nil, true, false},
		{"BG", "ivan@plovdiv.example", contacts.NoBasis, nil, false, false},
	}
	for _, tt := range tests {
		c := contacts.Contact{Country: tt.country, Email: tt.email, Basis: contacts.Basis{Kind: tt.basis}, Consents: tt.consents}
		got := basisAllowed(c)
		if got.ok != tt.ok || (got.warn != "") != tt.warn {
			t.Errorf("%s %s %s: ok=%v warn=%q, want ok=%v warn=%v", tt.country, tt.email, tt.basis, got.ok, got.warn, tt.ok, tt.warn)
		}
		if !got.ok && (got.why == "" || got.fix == "") {
			t.Errorf("%s %s: refusal without why and fix: %+v", tt.country, tt.basis, got)
		}
	}
}

func TestBasisRefused(t *testing.T) {
	for _, tc := range []struct {
		country string
		kind    contacts.BasisKind
		refused bool
	}{
		{"DE", contacts.LegitimateInterest, true},
		{"DE", contacts.ExistingCustomer, false},
		{"DE", contacts.ConsentBasis, false},
		{"PL", contacts.LegitimateInterest, true},
		{"PL", contacts.ExistingCustomer, true},
		{"pl", contacts.ConsentBasis, false},
		{"NL", contacts.LegitimateInterest, false},
		{"", contacts.LegitimateInterest, false},
		{"FR", contacts.ExistingCustomer, false},
	} {
		why := BasisRefused(tc.country, tc.kind)
		if (why != "") != tc.refused {
			t.Errorf("BasisRefused(%q, %s) = %q, refused want %v", tc.country, tc.kind, why, tc.refused)
		}
		if tc.refused && !strings.Contains(why, "Record consent") {
			t.Errorf("BasisRefused(%q, %s) = %q: does not say what to record instead", tc.country, tc.kind, why)
		}
	}
}
