package outreach

import (
	"strings"
	"testing"

	"legit/contacts"
)

const (
	lp      = contacts.LegalPerson
	st      = contacts.SoleTrader
	unknown = contacts.LegalFormUnknown
	li      = contacts.LegitimateInterest
	cust    = contacts.ExistingCustomer
	cons    = contacts.ConsentBasis
)

func TestColdEmailByLegalFormAndAddress(t *testing.T) {
	tests := []struct {
		country string
		form    contacts.LegalForm
		email   string
		need    Requirement
		cite    string // a part of the cite
		role    bool
		relev   bool
	}{
		{"DE", lp, "anna@kraft.example", PriorConsent, "UWG §7(2) Nr. 2", false, false},
		{"DE", lp, "info@kraft.example", PriorConsent, "UWG §7(2) Nr. 2", false, false},
		{"SE", lp, "erik@marine.example", OptOut, "20 §", false, false},
		{"SE", st, "erik@marine.example", PriorConsent, "19 §", false, false},
		{"SE", unknown, "erik@marine.example", PriorConsent, "19 §", false, false},
		{"FR", lp, "marie@atelier.example", OptOut, "CNIL", false, true},
		{"FR", st, "marie@atelier.example", PriorConsent, "L.34-5", false, false},
		{"FR", unknown, "marie@atelier.example", PriorConsent, "L.34-5", false, false},
		{"IE", lp, "sean@dublin.example", OptOut, "reg. 13", false, true},
		{"NL", lp, "info@delta.example", OptOut, "11.7", true, false},
		{"NL", lp, "Sales@delta.example", OptOut, "11.7", true, false},
		{"NL", lp, "bram.mulder@delta.example", PriorConsent, "11.7(1)", false, false},
		{"NL", st, "info@vdberg-consult.example", PriorConsent, "11.7(1)", false, false},
		{"NL", unknown, "info@delta.example", PriorConsent, "11.7(1)", false, false},
		{"BE", lp, "info@gent.example", OptOut, "4 April 2003", true, false},
		{"HU", lp, "info@buda.example", OptOut, "NMHH", true, false},
		{"NO", lp, "post@fjord.example", OptOut, "§15", true, false},
		{"NO", lp, "ola.nordmann@fjord.example", PriorConsent, "§15(1)", false, false},
		{"BG", lp, "ivan@plovdiv.example", OptOut, "чл. 6", false, false},
		{"BG", st, "ivan@plovdiv.example", PriorConsent, "чл. 6(4)", false, false},
		{"uk", lp, "jo@acme.example", OptOut, "reg. 23", false, false},
		{"UK", st, "jo@acme.example", PriorConsent, "reg. 22(2)", false, false},
		{"", lp, "info@unknown.example", PriorConsent, "country is unknown", false, false},
		{"US", lp, "bob@acme.example", PriorConsent, "no policy for US", false, false},
		{"SI", lp, "info@ljubljana.example", PriorConsent, "not verified", false, false},
	}
	for _, tt := range tests {
		r := ColdEmail(tt.country, tt.form, tt.email)
		if r.Need != tt.need || r.RoleAddress != tt.role || r.Relevance != tt.relev || !strings.Contains(r.Cite, tt.cite) {
			t.Errorf("ColdEmail(%q, %q, %q) = need %s role %v relevance %v cite %q; want %s %v %v and a cite with %q",
				tt.country, tt.form, tt.email, r.Need, r.RoleAddress, r.Relevance, r.Cite, tt.need, tt.role, tt.relev, tt.cite)
		}
	}
}

// TestBasisVerdictByFormCountryAndKind runs the checklist's basis verdict
// for each legal form, country group and basis kind.
func TestBasisVerdictByFormCountryAndKind(t *testing.T) {
	marketing := []contacts.Consent{{Purpose: contacts.ConsentMarketing, Evidence: "reply Message-ID <a@b>"}}
	confirmed := Draft{RelevanceConfirmed: true, RoleAddressConfirmed: true, Subject: "Route planning"}
	plain := Draft{Subject: "Route planning"}
	bgMarked := Draft{Subject: "Непоискано търговско съобщение: Route planning"}
	tests := []struct {
		name     string
		country  string
		form     contacts.LegalForm
		email    string
		kind     contacts.BasisKind
		consents []contacts.Consent
		draft    Draft
		ok       bool
		text     string // in the label when ok, in why+fix when refused
		warn     bool
	}{
		// consent countries (DE, PL, AT, NL personal address)
		{"DE company LI", "DE", lp, "anna@kraft.example", li, nil, plain, false, "prior consent is required for marketing email to a named person at a company (UWG §7(2) Nr. 2)", false},
		{"DE sole trader LI", "DE", st, "anna@kraft.example", li, nil, plain, false, "a sole trader or partnership", false},
		{"DE unknown form LI", "DE", unknown, "anna@kraft.example", li, nil, plain, false, "legal form is unknown", false},
		{"DE company customer", "DE", lp, "anna@kraft.example", cust, nil, plain, true, "Basis: existing customer (DE: UWG §7(3))", false},
		{"DE sole trader customer", "DE", st, "anna@kraft.example", cust, nil, plain, true, "UWG §7(3)", false},
		{"DE consent recorded", "DE", lp, "anna@kraft.example", cons, marketing, plain, true, "Basis: consent (DE: UWG §7(2) Nr. 2)", false},
		{"DE consent without record", "DE", lp, "anna@kraft.example", cons, nil, plain, false, "no unwithdrawn consent", false},
		{"PL company customer", "PL", lp, "jakub@poznan.example", cust, nil, plain, false, "no existing-customer exception", false},
		{"PL company LI", "PL", lp, "jakub@poznan.example", li, nil, plain, false, "in PL an email or call asking for consent is itself prohibited", false},
		{"AT customer warns ECG list", "AT", lp, "thomas@alpen.example", cust, nil, plain, true, "TKG 2021 §174(4)", false}, // the register is its own checklist item
		{"AT company LI", "AT", lp, "thomas@alpen.example", li, nil, plain, false, "TKG 2021 §174(3)", false},
		{"ES company LI", "ES", lp, "lucia@iberia.example", li, nil, plain, false, "LSSI art. 21(1)", false},
		{"DK company LI", "DK", lp, "henrik@fleet.example", li, nil, plain, false, "§10, stk. 1", false},
		// role-address exception (NL, BE, HU, NO)
		{"NL personal address LI", "NL", lp, "bram.mulder@delta.example", li, nil, plain, false, "11.7(1)", false},
		{"NL role address unconfirmed", "NL", lp, "info@delta.example", li, nil, plain, false, "confirm that Delta Water B.V. published this address", false},
		{"NL role address confirmed", "NL", lp, "info@delta.example", li, nil, confirmed, true, "published general address confirmed by you", false},
		{"NL role address, sole trader", "NL", st, "info@vdberg.example", li, nil, confirmed, false, "a sole trader or partnership", false},
		{"NL role address, form unknown", "NL", unknown, "info@delta.example", li, nil, confirmed, false, "set the legal form on the contact screen", false},
		{"HU role address confirmed", "HU", lp, "info@buda.example", li, nil, confirmed, true, "HU: Grt. 6. § (1) covers natural persons only", false},
		{"HU customer has no exception", "HU", lp, "anna@buda.example", cust, nil, plain, false, "no existing-customer exception", false},
		// opt-out for legal persons (SE, PT, GB)
		{"SE company LI", "SE", lp, "erik@marine.example", li, nil, plain, true, "Basis: legitimate interest (SE: Marknadsföringslagen (2008:486) 20 §)", false},
		{"SE sole trader LI", "SE", st, "erik@marine.example", li, nil, plain, false, "19 §", false},
		{"SE unknown form LI", "SE", unknown, "erik@marine.example", li, nil, plain, false, "if they work for a company, set the legal form", false},
		{"PT company LI warns DGC list", "PT", lp, "ines@lisboa.example", li, nil, plain, true, "13.º-A(2)", false}, // the register is its own checklist item
		{"GB company LI", "GB", lp, "jo@acme.example", li, nil, plain, true, "PECR reg. 23", false},
		{"GB sole trader customer", "UK", st, "jo@acme.example", cust, nil, plain, true, "PECR reg. 22(3)", false},
		// relevance (FR, IE)
		{"FR company LI unconfirmed", "FR", lp, "marie@atelier.example", li, nil, plain, false, "only about the person's profession", false},
		{"FR company LI confirmed", "FR", lp, "marie@atelier.example", li, nil, confirmed, true, "relevance to their profession confirmed by you", false},
		{"FR sole trader LI", "FR", st, "marie@atelier.example", li, nil, confirmed, false, "CPCE art. L.34-5", false},
		{"IE company LI confirmed", "IE", lp, "sean@dublin.example", li, nil, confirmed, true, "reg. 13", false},
		// BG subject marker and KZP register
		{"BG company LI without marker", "BG", lp, "ivan@plovdiv.example", li, nil, plain, false, "start the subject with \"Непоискано търговско съобщение\"", false},
		{"BG company LI with marker", "BG", lp, "ivan@plovdiv.example", li, nil, bgMarked, true, "ЗЕТ чл. 6(1)-(3)", false},
		{"BG company customer with marker", "BG", lp, "ivan@plovdiv.example", cust, nil, bgMarked, true, "ЗЕТ чл. 6(1)-(3)", false},
		{"BG consumer LI", "BG", st, "ivan@plovdiv.example", li, nil, bgMarked, false, "ЗЕТ чл. 6(4)", false},
		{"BG consent needs no marker", "BG", st, "ivan@plovdiv.example", cons, marketing, plain, true, "Basis: consent", false},
		// unknown and unverified countries
		{"unknown country LI", "", lp, "someone@unknown.example", li, nil, confirmed, false, "set the country on the contact screen (e edits the contact, Country field)", false},
		{"unknown country customer", "", lp, "someone@unknown.example", cust, nil, plain, false, "country unknown", false},
		{"unknown country consent", "", lp, "someone@unknown.example", cons, marketing, plain, true, "Basis: consent (country unknown", false},
		{"country outside the table", "US", lp, "bob@acme.example", li, nil, confirmed, false, "US (no policy in legit)", false},
		{"unverified row", "SI", lp, "eva@ljubljana.example", li, nil, confirmed, false, "legit has not verified this country's rules", false},
		{"no basis", "SE", lp, "erik@marine.example", contacts.NoBasis, nil, plain, false, "no basis is recorded", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := contacts.Contact{Country: tt.country, LegalForm: tt.form, Email: tt.email, Company: "Delta Water B.V.",
				Basis: contacts.Basis{Kind: tt.kind}, Consents: tt.consents}
			got := basisAllowed(c, tt.draft)
			if got.ok != tt.ok || (got.warn != "") != tt.warn {
				t.Fatalf("ok=%v warn=%q, want ok=%v warn=%v (%+v)", got.ok, got.warn, tt.ok, tt.warn, got)
			}
			text := got.label
			if !got.ok {
				if got.why == "" || got.fix == "" {
					t.Fatalf("refusal without why and fix: %+v", got)
				}
				text = got.why + " " + got.fix
			}
			if !strings.Contains(text, tt.text) {
				t.Errorf("%q does not contain %q", text, tt.text)
			}
			for _, banned := range []string{"lawful", "ask for consent", "ask them for consent", "by phone"} {
				if strings.Contains(strings.ToLower(got.label+got.why+got.fix+got.warn), banned) {
					t.Errorf("verdict says %q: %+v", banned, got)
				}
			}
		})
	}
}

func TestBasisRefused(t *testing.T) {
	for _, tc := range []struct {
		country string
		form    contacts.LegalForm
		kind    contacts.BasisKind
		refused bool
		text    string
	}{
		{"DE", lp, li, true, "Record a consent obtained elsewhere, with its evidence; or record the purchase if they are an existing customer"},
		{"DE", lp, cust, false, ""},
		{"DE", unknown, cons, false, ""},
		{"PL", lp, li, true, "asking for consent is itself prohibited"},
		{"PL", st, cust, true, "no existing-customer exception"},
		{"pl", lp, cons, false, ""},
		{"NL", lp, li, false, ""}, // a published role address could carry it
		{"NL", st, li, true, "11.7(1)"},
		{"NL", unknown, li, true, "set the legal form on the contact screen"},
		{"SE", lp, li, false, ""},
		{"SE", unknown, li, true, "set the legal form"},
		{"FR", lp, li, false, ""},
		{"FR", st, cust, false, ""},
		{"BG", lp, cust, false, ""},
		{"HU", st, cust, true, "no existing-customer exception"},
		{"", lp, li, true, "Set the country on the contact screen (e edits the contact, Country field)"},
		{"", lp, contacts.NoBasis, false, ""},
	} {
		why := BasisRefused(tc.country, tc.form, tc.kind)
		if (why != "") != tc.refused || !strings.Contains(why, tc.text) {
			t.Errorf("BasisRefused(%q, %q, %s) = %q; want refused %v with %q", tc.country, tc.form, tc.kind, why, tc.refused, tc.text)
		}
	}
}

func TestSubjectMarker(t *testing.T) {
	for _, tc := range []struct {
		country string
		kind    contacts.BasisKind
		want    string
	}{
		{"BG", li, "Непоискано търговско съобщение"},
		{"bg", cust, "Непоискано търговско съобщение"},
		{"BG", cons, ""},
		{"DE", li, ""},
		{"", li, ""},
	} {
		c := contacts.Contact{Country: tc.country, Basis: contacts.Basis{Kind: tc.kind}}
		if got := SubjectMarker(c); got != tc.want {
			t.Errorf("SubjectMarker(%s, %s) = %q, want %q", tc.country, tc.kind, got, tc.want)
		}
	}
}
