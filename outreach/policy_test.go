package outreach

import (
	"strings"
	"testing"
)

// TestPolicyTablePinsEveryRow pins each country's two rules, its
// existing-customer exception, its statute and whether it was verified.
func TestPolicyTablePinsEveryRow(t *testing.T) {
	const c, o = PriorConsent, OptOut
	rows := []struct {
		country       string
		legal, natur  Requirement
		customer      bool
		statute       string // a part of Statute
		legalCite     string // a part of LegalPerson.Cite
		verified      bool
		roleAddress   bool
		relevance     bool
		askProhibited bool
	}{
		{"AT", c, c, true, "(TKG 2021) §174", "§174(3)", true, false, false, true},
		{"BE", c, c, true, "art. XII.13", "XII.13", true, true, false, false},
		{"BG", o, c, false, "ЗЕТ) чл. 6", "чл. 6(1)-(3)", true, false, false, false},
		{"CH", c, c, true, "UWG) Art. 3 Abs. 1 lit. o", "lit. o", true, false, false, false},
		{"CY", c, c, true, "112(I)/2004", "not verified", false, false, false, true},
		{"CZ", c, c, true, "480/2004", "§7(2)", true, false, false, false},
		{"DE", c, c, true, "(UWG) §7", "UWG §7(2) Nr. 2", true, false, false, false},
		{"DK", c, c, true, "Markedsføringsloven §10", "§10, stk. 1", true, false, false, false},
		{"EE", o, c, true, "(ESS) §103¹", "§103¹(2)", true, false, false, false},
		{"ES", c, c, true, "LSSI) art. 21", "art. 21(1)", true, false, false, false},
		{"FI", o, c, true, "917/2014", "§202", true, false, false, false},
		{"FR", o, c, true, "L.34-5", "CNIL", true, false, true, false},
		{"GB", o, c, true, "PECR) regs. 22-23", "reg. 23", true, false, false, false},
		{"GR", c, c, true, "3471/2006 art. 11", "art. 11", true, false, false, false},
		{"HR", c, c, true, "NN 76/22) čl. 50", "elektroničkoj trgovini", true, false, false, false},
		{"HU", c, c, false, "(Grt.) 6. §", "Grt. 6. § (1)", true, true, false, true},
		{"IE", o, c, true, "S.I. 336/2011) reg. 13", "reg. 13", true, false, true, false},
		{"IS", c, c, false, "nr. 70/2022", "70/2022", true, false, false, false},
		{"IT", c, c, true, "art. 130", "130(1)-(2)", true, false, false, false},
		{"LI", c, c, false, "Kommunikationsgesetz", "not verified", false, false, false, false},
		{"LT", c, c, true, "art. 69", "art. 69(1)", true, false, false, false},
		{"LU", c, c, true, "30 mai 2005", "30 mai 2005", true, false, false, false},
		{"LV", c, c, true, "s. 9", "s. 9(1)", true, false, false, false},
		{"MT", c, c, true, "S.L. 586.01", "not verified", false, false, false, false},
		{"NL", c, c, true, "art. 11.7", "11.7(1)", true, true, false, true},
		{"NO", c, c, true, "§15", "§15(1)", true, true, false, false},
		{"PL", c, c, false, "art. 398", "art. 398", true, false, false, true},
		{"PT", o, c, true, "13.º-A", "13.º-A(2)", true, false, false, false},
		{"RO", c, c, true, "506/2004 art. 12", "art. 12", true, false, false, false},
		{"SE", o, c, true, "(2008:486) 19-20 §§", "20 §", true, false, false, false},
		{"SI", c, c, false, "ZEKom-2", "not verified", false, false, false, false},
		{"SK", c, c, true, "452/2021", "§116(3)", true, false, false, true},
	}
	all := Policies()
	if len(all) != len(rows) {
		t.Fatalf("%d rows in the table, %d pinned", len(all), len(rows))
	}
	for i, want := range rows {
		p := all[i]
		if p.Country != want.country {
			t.Fatalf("row %d is %s, want %s (sorted by code)", i, p.Country, want.country)
		}
		got := []any{p.LegalPerson.Need, p.NaturalPerson.Need, p.Customer.Allowed, p.Verified, p.RoleAddress.Allowed, p.Relevance, p.AskingProhibited}
		exp := []any{want.legal, want.natur, want.customer, want.verified, want.roleAddress, want.relevance, want.askProhibited}
		for j := range got {
			if got[j] != exp[j] {
				t.Errorf("%s: legal, natural, customer, verified, role address, relevance, asking prohibited = %v, want %v", p.Country, got, exp)
				break
			}
		}
		if !strings.Contains(p.Statute, want.statute) || !strings.Contains(p.LegalPerson.Cite, want.legalCite) {
			t.Errorf("%s: statute %q, legal-person cite %q; want them to contain %q and %q", p.Country, p.Statute, p.LegalPerson.Cite, want.statute, want.legalCite)
		}
	}
}

// TestPolicyRowsAreComplete: every row cites its rules and sources, says
// when it was checked, and a row that is not verified applies consent to
// everyone and says so.
func TestPolicyRowsAreComplete(t *testing.T) {
	for _, p := range Policies() {
		if p.Name == "" || p.Source == "" || p.Note == "" || p.Checked != "2026-11-28" {
			t.Errorf("%s: name %q, source %q, note %q, checked %q: every row needs them", p.Country, p.Name, p.Source, p.Note, p.Checked)
		}
		if p.LegalPerson.Cite == "" || p.NaturalPerson.Cite == "" {
			t.Errorf("%s: a rule without its provision", p.Country)
		}
		for name, e := range map[string]Exception{"customer": p.Customer, "role address": p.RoleAddress} {
			if e.Allowed && (e.Cite == "" || e.Conditions == "") {
				t.Errorf("%s: %s exception without provision or conditions: %+v", p.Country, name, e)
			}
		}
		if r := p.Register; r.Name != "" && (r.Cite == "" || r.ForOptOut == r.ForCustomer) {
			t.Errorf("%s: register %+v must cite its provision and say when it is checked", p.Country, r)
		}
		if !p.Verified && (p.LegalPerson.Need != PriorConsent || p.NaturalPerson.Need != PriorConsent || !strings.HasPrefix(p.Note, "Not verified")) {
			t.Errorf("%s is not verified but does not apply consent to everyone with a \"Not verified\" note: %+v", p.Country, p)
		}
		if p.NaturalPerson.Need != PriorConsent {
			t.Errorf("%s: natural persons and sole traders need prior consent in every country of the table", p.Country)
		}
	}
}

func TestPolicyForNormalisesAndFallsBack(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"DE", "DE"}, {" de ", "DE"}, {"UK", "GB"}, {"uk", "GB"}, {"EL", "GR"}, {"gb", "GB"},
	} {
		if got := PolicyFor(tc.in).Country; got != tc.want {
			t.Errorf("PolicyFor(%q).Country = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, unknown := range []string{"", "  ", "US", "xx"} {
		p := PolicyFor(unknown)
		if p.LegalPerson.Need != PriorConsent || p.NaturalPerson.Need != PriorConsent || p.Customer.Allowed || p.RoleAddress.Allowed || listed(p) {
			t.Errorf("PolicyFor(%q) = %+v, want the strict rule with no exception", unknown, p)
		}
	}
}
