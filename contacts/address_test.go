package contacts

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeAddress(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"anna@Example.COM", "anna@example.com", false},
		{"  Anna.Mueller@Kraftwerk-Logistik.example \t", "Anna.Mueller@kraftwerk-logistik.example", false},
		{"zofia@wisła.example", "zofia@wisła.example", false},
		{"", "", true},
		{"anna", "", true},
		{"anna@", "", true},
		{"@example.com", "", true},
		{"anna@localhost", "", true},
		{"anna@example..com", "", true},
		{"Anna <anna@example.com>", "", true},
		{"anna@example.com, bob@example.com", "", true},
		{"anna@example.com\r\nBcc: victim@evil.example", "", true},
		{"\"anna\"@Example.com", "anna@example.com", false},
		{"\"john doe\"@example.com", "", true},
	}
	for _, tc := range tests {
		got, err := NormalizeAddress(tc.in)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("NormalizeAddress(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
	if _, err := NormalizeAddress(" "); !errors.Is(err, ErrNoAddress) {
		t.Errorf("NormalizeAddress(blank) = %v, want ErrNoAddress", err)
	}
	if _, err := NormalizeAddress("\x1b[31mbad"); err == nil || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("error for an escape sequence = %v, want an error without the escape", err)
	}
}

// TestNormalizeAddressRefusesWhatCleaningWouldChange: an address with an
// escape sequence, a control, bidi or other invisible character is refused,
// never cleaned into another mailbox.
func TestNormalizeAddressRefusesWhatCleaningWouldChange(t *testing.T) {
	for _, in := range []string{
		"\"evil\x1b[31m\"@hostile.example",
		"evil\x1b[31m@hostile.example",
		"\"ev\x00il\"@hostile.example",
		"\"evil\u009b31m\"@hostile.example",
		"anna\u202e@hostile.example",
		"\"anna\u2066\"@hostile.example",
		"an\u200fna@hostile.example",
		"anna@hostile\u200e.example",
		"anna\u2028@hostile.example",
		"an\ufeffna@hostile.example",
		"an\u200bna@hostile.example",
	} {
		got, err := NormalizeAddress(in)
		if err == nil {
			t.Errorf("NormalizeAddress(%q) = %q, want a refusal", in, got)
			continue
		}
		if msg := err.Error(); Clean(msg) != msg || !strings.Contains(msg, "U+") {
			t.Errorf("NormalizeAddress(%q) error %q: want it clean and naming the character", in, msg)
		}
	}
}

// TestImportRefusesAddressesCleaningWouldChange: each importer reports such
// a row as bad, on its line, instead of importing another mailbox.
func TestImportRefusesAddressesCleaningWouldChange(t *testing.T) {
	tests := []struct {
		format Format
		data   string
		line   int
	}{
		{FormatCSV, "Name,Email\nAnna,anna@polder.example\nEve,\"\"\"evil\x1b[31m\"\"@hostile.example\"\n", 3},
		{FormatCSV, "Name;Email\nEve;\x1b[31m\n", 2},
		{FormatLinkedIn, "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAnna,B,,anna@polder.example,,,\nEve,E,,eve\u202e@hostile.example,,,\n", 3},
		{FormatVCard, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nEMAIL:anna@polder.example\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\r\nEMAIL:\"evil\x1b[31m\"@hostile.example\r\nEND:VCARD\r\n", 6},
	}
	for _, tc := range tests {
		t.Run(string(tc.format), func(t *testing.T) {
			p, err := Parse("x", []byte(tc.data), tc.format, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Records {
				if strings.Contains(r.Email, "hostile") || r.Name == "Eve" || r.Name == "Eve E" {
					t.Errorf("record %+v was imported, want the row refused", r)
				}
			}
			if len(p.Bad) != 1 || p.Bad[0].Line != tc.line {
				t.Errorf("bad rows %+v, want one on line %d", p.Bad, tc.line)
			}
		})
	}
}

func TestMatchKey(t *testing.T) {
	if MatchKey("Anna@example.com") != MatchKey("anna@EXAMPLE.com") {
		t.Errorf("MatchKey differs by case")
	}
}

// FuzzNormalizeAddress: an accepted address is bare, visible text, and
// normalising it again changes nothing.
func FuzzNormalizeAddress(f *testing.F) {
	for _, s := range []string{"anna@Example.COM", "\"evil\x1b[31m\"@hostile.example", "\"john doe\"@x.example",
		"an\u202ena@x.example", "zofia@wisła.example", "\"a\\\"b\"@x.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := NormalizeAddress(s)
		if err != nil {
			for _, r := range err.Error() {
				if Unsafe(r) {
					t.Fatalf("error for %q holds %U: %q", s, r, err)
				}
			}
			return
		}
		if _, bad := invisibleRune(a); bad || strings.ContainsAny(a, "<> \"") {
			t.Fatalf("NormalizeAddress(%q) = %q: not a bare visible address", s, a)
		}
		again, err := NormalizeAddress(a)
		if err != nil || again != a {
			t.Fatalf("NormalizeAddress(%q) = %q, but again gives %q, %v", s, a, again, err)
		}
	})
}
