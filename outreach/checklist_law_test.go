package outreach

import (
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

// consentInput is passingInput with a consent basis whose evidence stands
// up, so that only the rule a test changes can fail, whatever the country.
func consentInput() Input {
	in := passingInput()
	given := testNow.AddDate(0, 0, -9)
	ev := contacts.ConsentEvidence{GivenAt: given, Channel: contacts.ConsentByForm, Reference: "form 4471",
		Told: "Northwind Analytics will email you about route planning; withdraw at any time"}
	in.Contact.Basis = contacts.Basis{Kind: contacts.ConsentBasis, Consent: ev}
	in.Contact.Consents = []contacts.Consent{{Purpose: contacts.ConsentMarketing, ConsentEvidence: ev, GrantedAt: given}}
	return in
}

// customerInput is passingInput with an existing-customer basis whose
// conditions all hold, the email confirmed to be about similar products.
func customerInput() Input {
	in := passingInput()
	bought, offered := testNow.AddDate(0, -2, 0), testNow.AddDate(0, -2, 0)
	in.Contact.Country = "DE"
	in.Contact.Relationship = contacts.Customer
	in.Contact.Sources = []contacts.Source{{Kind: contacts.Manual, Detail: "order 2026-114", ObtainedAt: bought}}
	in.Contact.Basis = contacts.Basis{Kind: contacts.ExistingCustomer, CustomerSale: contacts.CustomerSale{
		Purchase: "RoutePlanner Pro", PurchaseAt: &bought, AddressFromSale: true, ObjectionOfferedAt: &offered}}
	informed := bought
	in.Contact.InformedAt = &informed
	in.Draft.SimilarProducts = true
	return in
}

func TestCheckLawRules(t *testing.T) {
	tests := []struct {
		name  string
		input func() Input
		rule  Rule // the one failing rule; "" when all pass
		why   string
	}{
		{"consent with evidence passes", consentInput, "", ""},
		{"customer with every condition passes", customerInput, "", ""},
		{"overdue sales email refused", func() Input {
			in := consentInput()
			in.Contact.Sources[0].ObtainedAt = testNow.AddDate(0, -2, 0)
			return in
		}, RuleDeadline, "(Art. 13/14 GDPR) passed on 23 Oct 2026"},
		{"past the reminder but within the month passes", func() Input {
			in := consentInput()
			in.DeadlineDays = 7 // obtained 10 days ago: the reminder passed, the month has not
			return in
		}, "", ""},
		{"reply under review holds the send", func() Input {
			in := consentInput()
			at := testNow.AddDate(0, 0, -1)
			in.HeldForReview = &at
			return in
		}, RuleNotSuppressed, "may be an opt-out"},
		{"customer: similar products not confirmed", func() Input {
			in := customerInput()
			in.Draft.SimilarProducts = false
			return in
		}, RuleCustomer, "similar to what they bought"},
		{"customer: purchase gone dormant by the day of sending", func() Input {
			in := customerInput()
			old := testNow.AddDate(-1, 0, -2)
			in.Contact.Basis.PurchaseAt = &old
			return in
		}, RuleCustomer, "dormant"},
		{"customer: address only from a LinkedIn export", func() Input {
			in := customerInput()
			in.Contact.Sources[0].Kind = contacts.LinkedIn
			return in
		}, RuleCustomer, "every source of this contact is a third party"},
		{"customer: no objection offered at collection", func() Input {
			in := customerInput()
			in.Contact.Basis.ObjectionOfferedAt = nil
			return in
		}, RuleCustomer, "objection at collection"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Check(tt.input(), testNow).Failing()
			if tt.rule == "" {
				if len(f) != 0 {
					t.Fatalf("failing = %+v, want none", f)
				}
				return
			}
			if len(f) != 1 || f[0].Rule != tt.rule || !strings.Contains(f[0].Why, tt.why) || f[0].Fix == "" {
				t.Fatalf("failing = %+v, want only %s with %q and a fix", f, tt.rule, tt.why)
			}
		})
	}
}

func TestCheckReinformsWhenThePurposeChanges(t *testing.T) {
	in := consentInput()
	informed := testNow.AddDate(0, 0, -5)
	in.Contact.InformedAt = &informed
	in.Contact.InformedBasis = in.Contact.Basis.NoticeKey()
	if v := Check(in, testNow); v.LongNotice {
		t.Fatal("an informed contact with the same basis got the long notice")
	}
	in.Contact.InformedBasis = contacts.Basis{Kind: contacts.LegitimateInterest,
		Assessment: contacts.Assessment{Purpose: "selling warehouse robots"}}.NoticeKey()
	v := Check(in, testNow)
	if !v.LongNotice {
		t.Fatal("a changed basis did not bring the long notice back")
	}
	for _, it := range v.Items {
		if it.Rule == RuleNotice && !strings.Contains(it.Label, "again") {
			t.Errorf("notice item = %q, want it to say the notice goes again", it.Label)
		}
	}
}

// TestCheckRefusalRegister: an email to a Bulgarian company without consent
// must be checked against the KZP register; a copy never imported refuses
// the send, a month-old copy warns, a fresh one passes, and consent needs none.
func TestCheckRefusalRegister(t *testing.T) {
	bg := func() Input {
		in := passingInput()
		in.Contact.Country, in.Contact.LegalForm, in.Contact.Company = "BG", contacts.LegalPerson, "Plovdiv Foods AD"
		in.Draft = WithSubjectMarker(in.Contact, in.Draft)
		return in
	}
	fresh, old := testNow.AddDate(0, 0, -3), testNow.AddDate(0, -2, 0)
	for _, tc := range []struct {
		name     string
		imported *time.Time
		ok, warn bool
	}{{"never imported", nil, false, false}, {"imported two months ago", &old, true, true}, {"imported this week", &fresh, true, false}} {
		in := bg()
		in.RegisterImported = tc.imported
		var reg *Item
		for _, it := range Check(in, testNow).Items {
			if it.Rule == RuleRegister {
				reg = &it
			}
		}
		if reg == nil || reg.OK != tc.ok || (reg.Warn != "") != tc.warn {
			t.Errorf("%s: register item = %+v, want ok %v, warning %v", tc.name, reg, tc.ok, tc.warn)
		}
	}
	in := consentInput()
	in.Contact.Country = "BG"
	for _, it := range Check(in, testNow).Items {
		if it.Rule == RuleRegister {
			t.Errorf("a consent asked for the register check: %+v", it)
		}
	}
}
