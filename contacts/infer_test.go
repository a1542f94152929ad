package contacts

import (
	"slices"
	"strings"
	"testing"
)

func TestProposeCountry(t *testing.T) {
	tests := []struct {
		name, email, company string
		want                 string
		candidates           []string
		conf                 Confidence
		reason               string // a part the reason must contain
	}{
		{"ccTLD", "jan@vdberg-consult.nl", "", "NL", []string{"NL"}, ConfidenceLikely, "address ends in .nl (Netherlands)"},
		{"co.uk", "amy@acme.co.uk", "", "GB", []string{"GB"}, ConfidenceLikely, ".uk (United Kingdom)"},
		{"upper-case domain", "Amy@ACME.IE", "", "IE", []string{"IE"}, ConfidenceLikely, ".ie"},
		{"every EEA member", "a@b.li", "", "LI", []string{"LI"}, ConfidenceLikely, "Liechtenstein"},
		{"Switzerland", "a@b.ch", "", "CH", []string{"CH"}, ConfidenceLikely, "Switzerland"},
		{"Greek IDN", "a@b.xn--qxam", "", "GR", []string{"GR"}, ConfidenceLikely, "Greece"},
		{"Bulgarian IDN", "a@b.бг", "", "BG", []string{"BG"}, ConfidenceLikely, "Bulgaria"},
		{"generic .com", "a@acme.com", "", "", nil, ConfidenceNone, ".com, which names none"},
		{".eu is not a country", "a@acme.eu", "", "", nil, ConfidenceNone, ".eu"},
		{".me is not read as Montenegro", "a@acme.me", "", "", nil, ConfidenceNone, ".me"},
		{".io", "a@acme.io", "Acme", "", nil, ConfidenceNone, "no national legal form"},
		{"nothing", "", "", "", nil, ConfidenceNone, "no address or company name"},
		{"one-country form", "a@acme.com", "Wisła Soft sp. z o.o.", "PL", []string{"PL"}, ConfidenceLikely, `"sp. z o.o." is used in Poland`},
		{"form spelled loosely", "", "Wisła Soft Sp.z o.o.", "PL", []string{"PL"}, ConfidenceLikely, "Poland"},
		{"shared form", "a@acme.com", "Acme GmbH", "DE", []string{"DE", "AT", "CH", "LI"}, ConfidenceAmbiguous,
			"Germany, Austria, Switzerland or Liechtenstein: choose one"},
		{"shared form, TLD fits", "a@acme.at", "Acme GmbH", "AT", []string{"AT"}, ConfidenceStrong, `.at (Austria), and company form "GmbH" is used there`},
		{"one-country form agrees", "a@acme.nl", "Acme B.V.", "NL", []string{"NL"}, ConfidenceStrong, "is used there"},
		{"Belgian B.V.", "a@acme.be", "Acme BV", "BE", []string{"BE"}, ConfidenceStrong, "Belgium"},
		{"TLD and form disagree", "a@acme.de", "Acme Ltd", "DE", []string{"DE", "GB", "IE", "CY", "MT"}, ConfidenceAmbiguous,
			`.de (Germany), but company form "Ltd" is used in United Kingdom, Ireland, Cyprus or Malta: choose one`},
		{"form after the name's city", "", "Acme GmbH (Berlin)", "DE", []string{"DE", "AT", "CH", "LI"}, ConfidenceAmbiguous, "GmbH"},
		{"form before a dash", "", "Acme B.V. - Amsterdam", "NL", []string{"NL", "BE"}, ConfidenceAmbiguous, "B.V."},
		{"UG (haftungsbeschränkt)", "", "Acme UG (haftungsbeschränkt)", "DE", []string{"DE"}, ConfidenceLikely, "Germany"},
		{"GmbH & Co. KG", "", "Acme GmbH & Co. KG", "DE", []string{"DE", "AT"}, ConfidenceAmbiguous, "GmbH & Co. KG"},
		{"Bulgarian Cyrillic", "", "Иновации ЕООД", "BG", []string{"BG"}, ConfidenceLikely, "Bulgaria"},
		{"Bulgarian Latin", "", "Inovatsii EOOD", "BG", []string{"BG"}, ConfidenceLikely, "Bulgaria"},
		{"sole trader first", "", "ЕТ „Иван Петров“", "BG", []string{"BG"}, ConfidenceLikely, "ЕТ"},
		{"Czech a.s.", "a@skoda.cz", "Škoda Auto a.s.", "CZ", []string{"CZ"}, ConfidenceStrong, "Czechia"},
		{"Oy narrows Ab", "", "Oy Karl Fazer Ab", "FI", []string{"FI"}, ConfidenceLikely, "Finland"},
		{"Swedish AB", "a@volvo.se", "Volvo AB", "SE", []string{"SE"}, ConfidenceStrong, "Sweden"},
		{"Italian S.r.l. in Romania", "a@x.ro", "Alfa S.R.L.", "RO", []string{"RO"}, ConfidenceStrong, "Romania"},
		{"Sàrl folds to SARL", "", "Atelier Sàrl", "FR", []string{"FR", "LU", "CH"}, ConfidenceAmbiguous, "SARL"},
		{"S.A.S.", "", "Atelier Lumière S.A.S.", "FR", []string{"FR", "LU"}, ConfidenceAmbiguous, "S.A.S."},
		{"Danish A/S", "", "Mærsk A/S", "DK", []string{"DK", "NO"}, ConfidenceAmbiguous, "Denmark or Norway"},
		{"Hungarian Kft.", "", "Példa Kft.", "HU", []string{"HU"}, ConfidenceLikely, "Hungary"},
		{"Greek Α.Ε.", "", "Παράδειγμα Α.Ε.", "GR", []string{"GR"}, ConfidenceLikely, "Greece"},
		{"sole-trader phrase gives a country", "a@x.com", "Bakkerij Jansen eenmanszaak", "NL", []string{"NL", "BE"}, ConfidenceAmbiguous, "eenmanszaak"},
		{"SE names no country", "a@x.com", "Allianz SE", "", nil, ConfidenceNone, "no national legal form"},
		{"SE with a TLD", "a@x.de", "Allianz SE", "DE", []string{"DE"}, ConfidenceLikely, ".de"},
		{"Spa is a word, not S.p.A.", "a@x.com", "Grand Hotel Spa", "", nil, ConfidenceNone, ""},
		{"S.p.A. with dots", "", "Grand Hotel S.p.A.", "IT", []string{"IT"}, ConfidenceLikely, "Italy"},
		{"as is a word", "", "Software as a Service", "", nil, ConfidenceNone, ""},
		{"a form inside a word is none", "", "Bas Kaas", "", nil, ConfidenceNone, ""},
		{"no address domain", "not-an-address", "", "", nil, ConfidenceNone, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := ProposeCountry(tc.email, tc.company)
			if p.Country != tc.want || !slices.Equal(p.Candidates, tc.candidates) || p.Confidence != tc.conf {
				t.Errorf("ProposeCountry(%q, %q) = %q %v %v, want %q %v %v", tc.email, tc.company,
					p.Country, p.Candidates, p.Confidence, tc.want, tc.candidates, tc.conf)
			}
			if !strings.Contains(p.Reason, tc.reason) || p.Reason == "" {
				t.Errorf("reason %q does not say %q", p.Reason, tc.reason)
			}
			if p.Ambiguous() != (tc.conf == ConfidenceAmbiguous) {
				t.Errorf("Ambiguous() = %v for confidence %v", p.Ambiguous(), p.Confidence)
			}
		})
	}
}

func TestProposeLegalForm(t *testing.T) {
	tests := []struct {
		name, email, person, company string
		want                         LegalForm
		conf                         Confidence
		reason                       string
	}{
		// Legal persons.
		{"GmbH", "anna@acme.de", "Anna Müller", "Acme GmbH", LegalPerson, ConfidenceStrong, `company form "GmbH": a company`},
		{"B.V.", "bram@delta.nl", "Bram Mulder", "Delta Water B.V.", LegalPerson, ConfidenceStrong, "B.V."},
		{"sp. z o.o.", "", "Joanna Nowak", "Wisła Soft Sp. z o.o.", LegalPerson, ConfidenceStrong, "sp. z o.o."},
		{"Ltd", "", "Amy Price", "Price Analytics Ltd", LegalPerson, ConfidenceStrong, "Ltd"},
		{"plc", "", "Amy Price", "Tesco PLC", LegalPerson, ConfidenceStrong, "plc"},
		{"LLP is a body corporate", "", "Amy Price", "Price & Co LLP", LegalPerson, ConfidenceStrong, "LLP"},
		{"ЕООД", "", "Иван Петров", "Петров Софт ЕООД", LegalPerson, ConfidenceStrong, "ЕООД"},
		{"GmbH & Co. KG is not a partnership of people", "", "Max Muster", "Muster GmbH & Co. KG", LegalPerson, ConfidenceStrong, "GmbH & Co. KG"},
		{"own name in a company's domain stays a company", "jan@vdberg.nl", "Jan van den Berg", "Van den Berg B.V.", LegalPerson, ConfidenceStrong, "B.V."},
		{"Inc.", "", "John Doe", "Acme, Inc.", LegalPerson, ConfidenceStrong, "Inc."},
		// Sole traders and partnerships, named in the company.
		{"eenmanszaak", "", "Piet Jansen", "Bakkerij Jansen (eenmanszaak)", SoleTrader, ConfidenceStrong, "a sole trader"},
		{"v.o.f.", "", "Piet Jansen", "Jansen & Zn. v.o.f.", SoleTrader, ConfidenceStrong, "a partnership of natural persons"},
		{"maatschap", "", "Piet Jansen", "Maatschap Huisartsen Jansen", SoleTrader, ConfidenceStrong, "maatschap"},
		{"e.K.", "", "Max Muster", "Muster Handel e.K.", SoleTrader, ConfidenceStrong, "e.K."},
		{"Inh.", "", "Max Muster", "Blumen Muster, Inh. Max Muster", SoleTrader, ConfidenceStrong, "Inh."},
		{"Einzelunternehmen", "", "Max Muster", "Muster Einzelunternehmen", SoleTrader, ConfidenceStrong, "Einzelunternehmen"},
		{"GbR", "", "Max Muster", "Muster & Partner GbR", SoleTrader, ConfidenceStrong, "GbR"},
		{"JDG", "", "Jan Kowalski", "Kowalski IT JDG", SoleTrader, ConfidenceStrong, "JDG"},
		{"jednoosobowa działalność gospodarcza", "", "Jan Kowalski", "Usługi IT jednoosobowa działalność gospodarcza",
			SoleTrader, ConfidenceStrong, "JDG"},
		{"s.c.", "", "Jan Kowalski", "Kowalski i Nowak s.c.", SoleTrader, ConfidenceStrong, "s.c."},
		{"EI", "", "Marie Dubois", "Marie Dubois EI", SoleTrader, ConfidenceStrong, "EI"},
		{"EIRL", "", "Marie Dubois", "Atelier Dubois EIRL", SoleTrader, ConfidenceStrong, "EI"},
		{"micro-entrepreneur", "", "Marie Dubois", "Marie Dubois, micro-entrepreneur", SoleTrader, ConfidenceStrong, "micro-entrepreneur"},
		{"auto-entrepreneur", "", "Marie Dubois", "Dubois auto-entrepreneur", SoleTrader, ConfidenceStrong, "micro-entrepreneur"},
		{"ЕТ", "", "Иван Петров", "ЕТ „Иван Петров - 55“", SoleTrader, ConfidenceStrong, "ЕТ"},
		{"enkeltmandsvirksomhed", "", "Søren Hansen", "Hansen Design (enkeltmandsvirksomhed)", SoleTrader, ConfidenceStrong, "enkeltmandsvirksomhed"},
		{"enskild firma", "", "Erik Berg", "Bergs Snickeri enskild firma", SoleTrader, ConfidenceStrong, "enskild firma"},
		{"toiminimi", "", "Matti Virtanen", "Virtasen Toiminimi", SoleTrader, ConfidenceStrong, "Tmi"},
		{"Tmi first", "", "Matti Virtanen", "Tmi Matti Virtanen", SoleTrader, ConfidenceStrong, "Tmi"},
		{"sole trader", "", "Amy Price", "Amy Price, sole trader", SoleTrader, ConfidenceStrong, "sole trader"},
		{"sole proprietor", "", "Amy Price", "Price Plumbing (sole proprietor)", SoleTrader, ConfidenceStrong, "sole trader"},
		{"partnership", "", "Amy Price", "Price and Lee Partnership", SoleTrader, ConfidenceStrong, "partnership"},
		{"LinkedIn self-employed", "", "Amy Price", "Self-employed", SoleTrader, ConfidenceStrong, "self-employed"},
		{"LinkedIn freelance", "", "Amy Price", "Freelance", SoleTrader, ConfidenceStrong, "self-employed"},
		{"autónomo", "", "Ana García", "Ana García, autónoma", SoleTrader, ConfidenceStrong, "autónomo"},
		{"ditta individuale", "", "Luca Rossi", "Rossi Luca ditta individuale", SoleTrader, ConfidenceStrong, "ditta individuale"},
		{"both forms", "", "Jan Kowalski", "Kowalski s.c. / Kowalski sp. z o.o.", SoleTrader, ConfidenceAmbiguous, "choose"},
		// Free mail: a natural person's mailbox.
		{"gmail", "jan.devries@gmail.com", "Jan de Vries", "", SoleTrader, ConfidenceStrong, "gmail.com, a free-mail service: a natural person"},
		{"hotmail.co.uk", "amy@hotmail.co.uk", "Amy Price", "", SoleTrader, ConfidenceStrong, "hotmail.co.uk"},
		{"gmx.de", "max@gmx.de", "Max Muster", "", SoleTrader, ConfidenceStrong, "gmx.de"},
		{"web.de", "max@web.de", "Max Muster", "", SoleTrader, ConfidenceStrong, "web.de"},
		{"wp.pl", "jan@wp.pl", "Jan Kowalski", "", SoleTrader, ConfidenceStrong, "wp.pl"},
		{"poczta.onet.pl", "jan@poczta.onet.pl", "Jan Kowalski", "", SoleTrader, ConfidenceStrong, "onet.pl"},
		{"o2.pl", "jan@o2.pl", "Jan Kowalski", "", SoleTrader, ConfidenceStrong, "o2.pl"},
		{"abv.bg", "ivan@abv.bg", "Иван Петров", "", SoleTrader, ConfidenceStrong, "abv.bg"},
		{"yahoo.fr", "marie@yahoo.fr", "Marie Dubois", "", SoleTrader, ConfidenceStrong, "yahoo.fr"},
		{"icloud", "amy@icloud.com", "Amy Price", "", SoleTrader, ConfidenceStrong, "icloud.com"},
		{"proton.me", "amy@proton.me", "Amy Price", "", SoleTrader, ConfidenceStrong, "proton.me"},
		{"outlook", "amy@outlook.com", "Amy Price", "", SoleTrader, ConfidenceStrong, "outlook.com"},
		{"free mail at a company", "anna.acme@gmail.com", "Anna Müller", "Acme GmbH", SoleTrader, ConfidenceAmbiguous,
			"though the company is a GmbH"},
		// The person's own name.
		{"surname in the domain", "jan@vdberg-consult.nl", "Jan van den Berg", "", SoleTrader, ConfidenceLikely,
			"domain vdberg-consult.nl contains the surname Berg"},
		{"full surname in the domain", "jan@vandenbergadvies.nl", "Jan van den Berg", "", SoleTrader, ConfidenceLikely, "Berg"},
		{"short surname with particles", "jan@vdven.nl", "Jan van der Ven", "", SoleTrader, ConfidenceLikely, "Ven"},
		{"short surname alone", "tom@fox-design.co.uk", "Tom Fox", "", SoleTrader, ConfidenceLikely, "fox-design.co.uk contains the surname Fox"},
		{"umlaut spelled out", "max@mueller-beratung.de", "Max Müller", "", SoleTrader, ConfidenceLikely, "Müller"},
		{"umlaut dropped", "max@muller-beratung.de", "Max Müller", "", SoleTrader, ConfidenceLikely, "Müller"},
		{"Polish letters", "pawel@lodzinski.pl", "Paweł Łodziński", "", SoleTrader, ConfidenceLikely, "Łodziński"},
		{"Cyrillic name, Latin domain", "ivan@petrov-consult.bg", "Иван Петров", "", SoleTrader, ConfidenceLikely, "Петров"},
		{"Bulgarian final -ия is -ia", "maria@petkova.bg", "Мария Петкова", "Мария Петкова Консулт", SoleTrader, ConfidenceLikely, "Петкова"},
		{"Bulgarian name in a Latin company name", "", "Мария Петкова", "Maria Petkova Consult", SoleTrader, ConfidenceLikely, "full name"},
		{"surname first with a comma", "jan@kowalski.pl", "Kowalski, Jan", "", SoleTrader, ConfidenceLikely, "Kowalski"},
		{"title dropped", "anna@schmidt-design.de", "Dr. Anna Schmidt", "", SoleTrader, ConfidenceLikely, "Schmidt"},
		{"full name in the company", "jan@uslugi-it.pl", "Jan Kowalski", "Jan Kowalski Usługi Informatyczne", SoleTrader, ConfidenceLikely,
			"company name contains the person's full name"},
		{"first name alone is not enough", "jan@jan-design.nl", "Jan de Vries", "", LegalFormUnknown, ConfidenceNone, "neither"},
		{"short surname inside a word", "tom@foxtrot.nl", "Tom Fox", "", LegalFormUnknown, ConfidenceNone, "neither"},
		{"one word is no name", "info@berg.nl", "Berg", "", LegalFormUnknown, ConfidenceNone, "neither"},
		// Nothing to go on.
		{"company address, no form", "anna@acme.com", "Anna Müller", "Acme", LegalFormUnknown, ConfidenceNone, "neither"},
		{"empty", "", "", "", LegalFormUnknown, ConfidenceNone, "neither"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := ProposeLegalForm(tc.email, tc.person, tc.company)
			if p.Form != tc.want || p.Confidence != tc.conf {
				t.Errorf("ProposeLegalForm(%q, %q, %q) = %q %v (%s), want %q %v", tc.email, tc.person, tc.company,
					p.Form, p.Confidence, p.Reason, tc.want, tc.conf)
			}
			if !strings.Contains(p.Reason, tc.reason) {
				t.Errorf("reason %q does not say %q", p.Reason, tc.reason)
			}
		})
	}
}

// TestCompanyFormsTable pins the form table: every spelling is found at the
// end of a company name as its own form (no spelling is claimed by two
// forms), and every country named is one the policy covers.
func TestCompanyFormsTable(t *testing.T) {
	for i := range companyForms {
		f := &companyForms[i]
		for _, c := range f.countries {
			if !slices.Contains(policyCountries, c) {
				t.Errorf("form %q: %s is not a policy country", f.label, c)
			}
		}
		for _, s := range append([]string{f.label}, f.spellings...) {
			got := formsIn("Example " + s)
			if len(got) == 0 || got[0] != f {
				labels := make([]string, len(got))
				for j, g := range got {
					labels[j] = g.label
				}
				t.Errorf("%q is read as %v, want %q", "Example "+s, labels, f.label)
			}
		}
	}
}

func TestCountryTLDs(t *testing.T) {
	for _, c := range policyCountries {
		p := ProposeCountry("someone@example."+strings.ToLower(c), "")
		if p.Country != c || p.Confidence != ConfidenceLikely {
			t.Errorf(".%s proposes %q %v, want %q", strings.ToLower(c), p.Country, p.Confidence, c)
		}
	}
	for _, tld := range []string{"com", "org", "net", "eu", "io", "me", "co", "tv", "ai", "us", "ua", "rs", "tr"} {
		if p := ProposeCountry("someone@example."+tld, ""); p.Country != "" {
			t.Errorf(".%s proposes %q, want none", tld, p.Country)
		}
	}
}

func TestConfidenceString(t *testing.T) {
	for c, want := range map[Confidence]string{
		ConfidenceNone: "none", ConfidenceAmbiguous: "ambiguous", ConfidenceLikely: "likely", ConfidenceStrong: "strong",
	} {
		if got := c.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", c, got, want)
		}
	}
}

// BenchmarkPropose measures both proposals for one imported contact.
func BenchmarkPropose(b *testing.B) {
	for b.Loop() {
		ProposeCountry("jan@vdberg-consult.nl", "Van den Berg Advies B.V. (Utrecht)")
		ProposeLegalForm("jan@vdberg-consult.nl", "Jan van den Berg", "Van den Berg Advies B.V. (Utrecht)")
	}
}

// TestCountryConfidenceIsTheProposals checks that the confidence an import
// counts with is the one ProposeCountry gives, sign for sign.
func TestCountryConfidenceIsTheProposals(t *testing.T) {
	emails := []string{"", "a@x.com", "a@x.de", "a@x.nl", "a@x.fi", "a@x.se", "not-an-address", "a@x.co.uk", "a@x.at"}
	companies := []string{"", "Acme", "Allianz SE", "Van den Berg B.V.", "Oy Fazer Ab", "Fazer Ab", "Acme GmbH & Co. KG (Berlin)",
		"Grand Hotel S.p.A.", "Acme Ltd", "Acme SARL", "Acme AG", "Acme S.A.", "Müller GmbH", "ACME AS"}
	for _, e := range emails {
		for _, c := range companies {
			if got, want := CountryConfidence(e, c), ProposeCountry(e, c).Confidence; got != want {
				t.Errorf("CountryConfidence(%q, %q) = %v, ProposeCountry's is %v", e, c, got, want)
			}
		}
	}
}
