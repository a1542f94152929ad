package contacts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// addFixtures seeds f with every fixture file whose name has prefix.
func addFixtures(f *testing.F, prefixes ...string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "import", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range files {
		for _, p := range prefixes {
			if strings.HasPrefix(filepath.Base(path), p) {
				b, err := os.ReadFile(path)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(b)
			}
		}
	}
}

// checkParsed holds for every parse of any input: good rows have a valid,
// clean record and bad rows a line and a reason.
func checkParsed(t *testing.T, p Parsed) {
	t.Helper()
	for _, r := range p.Records {
		for _, s := range []string{r.Name, r.Company, r.Position, r.Country, r.Note} {
			if s != Clean(s) || !utf8.ValidString(s) {
				t.Fatalf("record field %q is not clean", s)
			}
		}
		if r.Email != "" {
			if a, err := NormalizeAddress(r.Email); err != nil || a != r.Email {
				t.Fatalf("record email %q is not a normalised address: %v", r.Email, err)
			}
		}
		if r.Line <= 0 {
			t.Fatalf("record %+v has no line", r)
		}
	}
	for _, b := range p.Bad {
		if b.Line <= 0 || b.Reason == "" {
			t.Fatalf("bad row %+v without line or reason", b)
		}
	}
}

func FuzzLinkedIn(f *testing.F) {
	addFixtures(f, "linkedin_")
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseLinkedIn(data)
		if err == nil {
			checkParsed(t, p)
		}
	})
}

func FuzzVCard(f *testing.F) {
	addFixtures(f, "cards_")
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseVCard(data)
		if err == nil {
			checkParsed(t, p)
		}
	})
}

func FuzzGenericCSV(f *testing.F) {
	addFixtures(f, "nl_", "de_", "pl_", "en_", "bad_")
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseCSV(data, nil)
		if err == nil {
			checkParsed(t, p)
		}
	})
}
