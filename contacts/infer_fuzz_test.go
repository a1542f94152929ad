package contacts

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

// validCode reports whether code is an ISO 3166-1 alpha-2 code.
func validCode(code string) bool { return len(code) == 2 && alpha2[code] }

// FuzzCountryCode checks that any text gives a valid code or nothing, the
// same each time, and that a code maps to itself.
func FuzzCountryCode(f *testing.F) {
	for _, s := range []string{"Italy", "España", "България", "UK", "nld", "Pays-Bas", "ΚΥΠΡΟΣ", "", "x", "\x1b[31mNL", "\xff\xfe", "Ö\u0308"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code := countryCode(s)
		if code != "" && !validCode(code) {
			t.Fatalf("countryCode(%q) = %q, not an ISO code", s, code)
		}
		if again := countryCode(s); again != code {
			t.Fatalf("countryCode(%q) gave %q, then %q", s, code, again)
		}
		if code != "" && countryCode(code) != code {
			t.Fatalf("countryCode(%q) = %q, which does not map to itself", s, code)
		}
		parsed, err := ParseCountry(s)
		if err == nil && parsed != "" && !validCode(parsed) {
			t.Fatalf("ParseCountry(%q) = %q, not an ISO code", s, parsed)
		}
	})
}

// FuzzProposeCountry checks that any address and company give a valid
// proposal, the same each time: codes are ISO codes, the proposed country is
// the first candidate, and the reason is clean text.
func FuzzProposeCountry(f *testing.F) {
	f.Add("jan@vdberg-consult.nl", "Van den Berg Advies")
	f.Add("a@acme.de", "Acme Ltd")
	f.Add("a@b.xn--qxam", "Παράδειγμα Α.Ε.")
	f.Add("@", "GmbH & Co. KG (")
	f.Add("a@\x1b[31m.com", "\u202eAG")
	f.Add("a@b..", ")()(,, - / |")
	f.Fuzz(func(t *testing.T, email, company string) {
		p := ProposeCountry(email, company)
		checkCountryProposal(t, p)
		if c := CountryConfidence(email, company); c != p.Confidence {
			t.Fatalf("CountryConfidence(%q, %q) = %v, ProposeCountry says %v", email, company, c, p.Confidence)
		}
		if again := ProposeCountry(email, company); !reflect.DeepEqual(p, again) {
			t.Fatalf("ProposeCountry(%q, %q) gave %+v, then %+v", email, company, p, again)
		}
	})
}

func checkCountryProposal(t *testing.T, p CountryProposal) {
	t.Helper()
	if p.Country != "" && !validCode(p.Country) {
		t.Fatalf("proposed country %q is not an ISO code", p.Country)
	}
	for _, c := range p.Candidates {
		if !validCode(c) {
			t.Fatalf("candidate %q is not an ISO code", c)
		}
	}
	if (p.Country == "") != (len(p.Candidates) == 0) || (p.Country != "" && p.Candidates[0] != p.Country) {
		t.Fatalf("country %q is not the first of candidates %v", p.Country, p.Candidates)
	}
	if (p.Country == "") != (p.Confidence == ConfidenceNone) {
		t.Fatalf("country %q with confidence %v", p.Country, p.Confidence)
	}
	if p.Ambiguous() && len(p.Candidates) < 2 {
		t.Fatalf("ambiguous with candidates %v", p.Candidates)
	}
	if p.Reason == "" || p.Reason != Clean(p.Reason) || !utf8.ValidString(p.Reason) {
		t.Fatalf("reason %q is empty or not clean", p.Reason)
	}
}

// FuzzProposeLegalForm checks that any address, name and company give one of
// the three forms, with a clean reason, the same each time.
func FuzzProposeLegalForm(f *testing.F) {
	f.Add("jan@vdberg-consult.nl", "Jan van den Berg", "")
	f.Add("anna@gmail.com", "Anna Müller", "Acme GmbH")
	f.Add("i@petrov.bg", "Иван Петров", "ЕТ „Иван Петров“")
	f.Add("x@\x1b]0;.pl", "Kowalski,", "\u202e s.c.")
	f.Add("a@b.c", ",,,", "t 't van")
	f.Fuzz(func(t *testing.T, email, name, company string) {
		p := ProposeLegalForm(email, name, company)
		switch p.Form {
		case LegalFormUnknown, LegalPerson, SoleTrader:
		default:
			t.Fatalf("form %q is not a legal form", p.Form)
		}
		if (p.Form == LegalFormUnknown) != (p.Confidence == ConfidenceNone) {
			t.Fatalf("form %q with confidence %v", p.Form, p.Confidence)
		}
		if p.Reason == "" || p.Reason != Clean(p.Reason) || !utf8.ValidString(p.Reason) {
			t.Fatalf("reason %q is empty or not clean", p.Reason)
		}
		if again := ProposeLegalForm(email, name, company); again != p {
			t.Fatalf("ProposeLegalForm gave %+v, then %+v", p, again)
		}
	})
}
