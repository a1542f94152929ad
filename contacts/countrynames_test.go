package contacts

import (
	"strings"
	"testing"
)

func TestCountryCode(t *testing.T) {
	tests := []struct{ in, want string }{
		// The three names issue 12 found unmapped.
		{"Italy", "IT"}, {"España", "ES"}, {"Bulgaria", "BG"},
		// Case, accents, punctuation and a leading "the" do not matter.
		{"ESPANA", "ES"}, {"espana", "ES"}, {"the Netherlands", "NL"}, {"THE NETHERLANDS", "NL"},
		{"Pays-Bas", "NL"}, {"pays bas", "NL"}, {"Groot-Brittannië", "GB"}, {"Groot Brittannie", "GB"},
		{"  Deutschland ", "DE"}, {"Österreich", "AT"}, {"Oesterreich", "AT"}, {"Osterreich", "AT"},
		{"Großbritannien", "GB"}, {"Grossbritannien", "GB"}, {"Dänemark", "DK"}, {"Daenemark", "DK"},
		// Each import language, one country each and then some.
		{"Belgium", "BE"}, {"België", "BE"}, {"Belgien", "BE"}, {"Belgia", "BE"}, {"Belgique", "BE"},
		{"Белгия", "BE"}, {"Bélgica", "BE"}, {"Belgio", "BE"},
		{"Germany", "DE"}, {"Duitsland", "DE"}, {"Niemcy", "DE"}, {"Allemagne", "DE"}, {"Германия", "DE"},
		{"Alemania", "DE"}, {"Germania", "DE"},
		{"Włochy", "IT"}, {"wlochy", "IT"}, {"Italien", "IT"}, {"Italië", "IT"}, {"Италия", "IT"}, {"Italia", "IT"},
		{"Hiszpania", "ES"}, {"Spanje", "ES"}, {"Espagne", "ES"}, {"Испания", "ES"}, {"Spagna", "ES"}, {"Espanya", "ES"},
		{"България", "BG"}, {"Bułgaria", "BG"}, {"Bulgarije", "BG"}, {"Bulgarie", "BG"},
		{"Polska", "PL"}, {"Pologne", "PL"}, {"Полша", "PL"}, {"Polonia", "PL"},
		{"Niederlande", "NL"}, {"Holandia", "NL"}, {"Нидерландия", "NL"}, {"Países Bajos", "NL"}, {"Paesi Bassi", "NL"}, {"Holland", "NL"},
		// The countries' own languages.
		{"Hrvatska", "HR"}, {"Κύπρος", "CY"}, {"ΚΥΠΡΟΣ", "CY"}, {"Česká republika", "CZ"}, {"Česko", "CZ"}, {"Danmark", "DK"},
		{"Eesti", "EE"}, {"Suomi", "FI"}, {"Ελλάδα", "GR"}, {"Magyarország", "HU"}, {"Éire", "IE"}, {"Latvija", "LV"},
		{"Lietuva", "LT"}, {"Lëtzebuerg", "LU"}, {"România", "RO"}, {"Slovensko", "SK"}, {"Slovenija", "SI"},
		{"Sverige", "SE"}, {"Norge", "NO"}, {"Ísland", "IS"}, {"IJsland", "IS"}, {"Schweiz", "CH"}, {"Svizzera", "CH"},
		{"Suisse", "CH"}, {"Liechtenstein", "LI"}, {"Malta", "MT"}, {"Portugal", "PT"},
		// The United Kingdom and its parts.
		{"UK", "GB"}, {"uk", "GB"}, {"U.K.", "GB"}, {"United Kingdom", "GB"}, {"Great Britain", "GB"},
		{"England", "GB"}, {"Scotland", "GB"}, {"Wales", "GB"}, {"Northern Ireland", "GB"}, {"Irlandia Północna", "GB"},
		{"Royaume-Uni", "GB"}, {"Обединено кралство", "GB"}, {"Reino Unido", "GB"}, {"Regno Unito", "GB"}, {"Cymru", "GB"},
		// Ireland is not Northern Ireland.
		{"Ireland", "IE"}, {"Irlandia", "IE"}, {"Irlanda", "IE"},
		// ISO codes, alpha-2 and alpha-3, and the EU's EL for Greece.
		{"NL", "NL"}, {"nl", "NL"}, {"de", "DE"}, {"NLD", "NL"}, {"deu", "DE"}, {"GBR", "GB"}, {"EL", "GR"},
		{"GRC", "GR"}, {"US", "US"}, {"USA", "US"}, {"U.S.A.", "US"}, {"JP", "JP"}, {"CHE", "CH"},
		{"United States", "US"}, {"États-Unis", "US"}, {"САЩ", "US"},
		// Nothing else.
		{"", ""}, {"XX", ""}, {"EU", ""}, {"Europe", ""}, {"Atlantis", ""}, {"XYZ", ""}, {"N", ""},
		{"Netherlands Antilles", ""}, {"12", ""}, {"\x1b[31mNL", ""},
	}
	for _, tc := range tests {
		if got := countryCode(tc.in); got != tc.want {
			t.Errorf("countryCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCountryNamesMapBack pins the name table: every name it lists maps to
// its own country, so no name is claimed by two countries, and every
// country the policy covers has its names.
func TestCountryNamesMapBack(t *testing.T) {
	for code, names := range countryNamesByCode {
		if !alpha2[code] {
			t.Errorf("%s is not an ISO 3166-1 alpha-2 code", code)
		}
		for _, n := range names {
			if got := countryCode(n); got != code {
				t.Errorf("countryCode(%q) = %q, want %q", n, got, code)
			}
		}
	}
	for _, code := range policyCountries {
		if len(countryNamesByCode[code]) == 0 {
			t.Errorf("%s has no names", code)
		}
		if CountryName(code) == code {
			t.Errorf("%s has no English name", code)
		}
	}
}

func TestISOTable(t *testing.T) {
	if len(alpha2) != 249 || len(alpha3) != 249 {
		t.Fatalf("ISO 3166-1 has 249 countries; the table has %d alpha-2 and %d alpha-3 codes", len(alpha2), len(alpha3))
	}
	for a3, a2 := range alpha3 {
		if !alpha2[a2] || strings.ToUpper(a3) != a3 || len(a3) != 3 {
			t.Errorf("alpha-3 %q maps to %q", a3, a2)
		}
	}
}

func TestParseCountry(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{"Nederland", "NL", false},
		{" nl ", "NL", false},
		{"", "", false},
		{"   ", "", false},
		{"Narnia", "", true},
		{"XX", "", true},
	}
	for _, tc := range tests {
		got, err := ParseCountry(tc.in)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("ParseCountry(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestCountryName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"NL", "Netherlands"}, {"GB", "United Kingdom"}, {"BG", "Bulgaria"}, {"JP", "JP"}, {"", "unknown"},
	}
	for _, tc := range tests {
		if got := CountryName(tc.in); got != tc.want {
			t.Errorf("CountryName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
