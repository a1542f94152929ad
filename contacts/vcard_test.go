package contacts

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
)

// foldedCard is one card whose NOTE is folded (RFC 6350 §3.2) into
// continuation lines of one character each, size bytes in all: the worst
// case for unfolding by appending line to line.
func foldedCard(size int) []byte {
	var b bytes.Buffer
	b.WriteString("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Jansen\r\nEMAIL:anna@polder.example\r\nNOTE:x\r\n")
	for b.Len() < size {
		b.WriteString(" x\r\n")
	}
	b.WriteString("END:VCARD\r\n")
	return b.Bytes()
}

// softBreakCard is one vCard 2.1 card whose quoted-printable NOTE is cut by
// soft line breaks ("=" at the end of a line) every encoded character.
func softBreakCard(size int) []byte {
	var b bytes.Buffer
	b.WriteString("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Anna Jansen\r\nEMAIL;INTERNET:anna@polder.example\r\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:x=\r\n")
	for b.Len() < size {
		b.WriteString("=C3=BC=\r\n")
	}
	b.WriteString("x\r\nEND:VCARD\r\n")
	return b.Bytes()
}

func TestVCardUnfolding(t *testing.T) {
	tests := []struct {
		name, in string
		want     ImportRow
	}{
		{"RFC 6350 fold drops the line break and one white space",
			"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\n  Jansen\r\nNOTE:met at\r\n\t the stand\r\nEND:VCARD\r\n",
			ImportRow{Name: "Anna Jansen", Note: "met at the stand", Line: 1}},
		{"fold inside the property name and parameters",
			"BEGIN:VCARD\nVERSION:3.0\nFN:Anna\nEM\n AIL;TY\n PE=work:anna@polder.example\nEND:VCARD\n",
			ImportRow{Name: "Anna", Email: "anna@polder.example", Line: 1}},
		{"quoted-printable soft breaks are joined",
			"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BC=\r\nller;J=\r\n=C3=BCrgen\r\nEMAIL;WORK:j@m.example\r\nEND:VCARD\r\n",
			ImportRow{Name: "Jürgen Müller", Email: "j@m.example", Line: 1}},
		{"a fold that ends in a soft break continues on the next line",
			"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Gr\r\n =C3=BC=\r\n=C3=9F\r\nEND:VCARD\r\n",
			ImportRow{Name: "Grüß", Line: 1}},
		{"a fold right after BEGIN is a line of its own",
			"BEGIN:VCARD\r\n FN:Anna\r\nVERSION:3.0\r\nEND:VCARD\r\n",
			ImportRow{Name: "Anna", Line: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParseVCard([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Bad) > 0 || len(p.Records) != 1 {
				t.Fatalf("records %+v, bad %+v; want one record", p.Records, p.Bad)
			}
			if p.Records[0] != tc.want {
				t.Errorf("record = %+v, want %+v", p.Records[0], tc.want)
			}
		})
	}
}

// TestVCardUnfoldingAllocatesLinearly parses a card folded into 25,000
// one-character lines and checks that the bytes allocated stay a small
// multiple of the input. Unfolding by appending line to line copies the
// growing line each time: about n²/2 bytes, here over 300 MB.
func TestVCardUnfoldingAllocatesLinearly(t *testing.T) {
	for name, data := range map[string][]byte{"folded": foldedCard(100_000), "soft breaks": softBreakCard(100_000)} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		p, err := ParseVCard(data)
		runtime.ReadMemStats(&after)
		// The card is read whole (too long a note makes it a bad row).
		if err != nil || p.Rows != 1 {
			t.Fatalf("%s: ParseVCard = %+v, %v; want one card", name, p, err)
		}
		per := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(data))
		t.Logf("%s: %d bytes in, %.1f bytes allocated per byte", name, len(data), per)
		if per > 100 {
			t.Errorf("%s: parsing %d bytes allocated %.0f bytes per input byte, want at most 100 (linear)", name, len(data), per)
		}
	}
}

// BenchmarkParseVCardFolded parses one card of a given size whose NOTE is
// folded into one-character lines (RFC 6350) or cut by quoted-printable soft
// breaks (vCard 2.1). Time per op should grow in proportion to the size.
func BenchmarkParseVCardFolded(b *testing.B) {
	for _, kind := range []struct {
		name string
		make func(int) []byte
	}{{"fold", foldedCard}, {"softbreak", softBreakCard}} {
		for _, kb := range []int{100, 400, 800, 1600} {
			data := kind.make(kb * 1000)
			b.Run(fmt.Sprintf("%s/%dKB", kind.name, kb), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if p, err := ParseVCard(data); err != nil || p.Rows != 1 {
						b.Fatalf("ParseVCard = %d cards, %v", p.Rows, err)
					}
				}
			})
		}
	}
}
