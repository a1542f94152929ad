package contacts

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// csvRecord is one record as a reader gave it: its fields, or that it was
// broken, and its first line.
type csvRecord struct {
	fields []string
	line   int
	bad    bool
}

// readAllStd reads data with encoding/csv as legit's importers would.
func readAllStd(data []byte, comma rune) []csvRecord {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord = comma, -1
	var out []csvRecord
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			out = append(out, csvRecord{line: pe.StartLine, bad: true})
			continue
		}
		line, _ := r.FieldPos(0)
		out = append(out, csvRecord{fields: slices.Clone(rec), line: line})
	}
}

// readAllScanner reads data with the csvScanner, through a reader that
// gives one byte at a time so that every buffer boundary is crossed.
func readAllScanner(data []byte, comma byte, max int) []csvRecord {
	s := newCSVScanner(iotest.OneByteReader(bytes.NewReader(data)), comma, 1)
	s.max = max
	var out []csvRecord
	for {
		rec, line, err := s.next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			out = append(out, csvRecord{line: line, bad: true})
			continue
		}
		out = append(out, csvRecord{fields: slices.Clone(rec), line: line})
	}
}

// FuzzCSVScanner checks that the scanner reads any input exactly as
// encoding/csv does, for each delimiter legit sniffs.
func FuzzCSVScanner(f *testing.F) {
	addFixtures(f, "")
	for _, s := range []string{"a,b\n", "\"a\"\"b\",c\r\n", "\"x\ny\",z", "a\"b,c\nd,e\n", "\"a\"b\n1,2", "\r", "a\r", "\"a\r", "a\rb,c\r\r\n", "\n\n\"\"\n", "\"a\",\n,\"", "x;\"y\"\t\"z"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, comma := range []byte{',', ';', '\t'} {
			want := readAllStd(data, rune(comma))
			got := readAllScanner(data, comma, 1<<30)
			if !slices.EqualFunc(got, want, func(a, b csvRecord) bool {
				return a.bad == b.bad && a.line == b.line && slices.Equal(a.fields, b.fields)
			}) {
				t.Fatalf("comma %q: scanner read %v\nencoding/csv read %v", comma, got, want)
			}
		}
	})
}

// FuzzCSVScannerRowCap checks that a cap on the record size only turns the
// records longer than it into bad rows: every other record, and where each
// starts, stays as encoding/csv reads it.
func FuzzCSVScannerRowCap(f *testing.F) {
	f.Add([]byte("a,b\n\"long long\nlong\",x\nc,d\n"), uint8(4))
	f.Add([]byte("abcdefgh,i\n\"j\"\n"), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, max uint8) {
		want := readAllStd(data, ',')
		got := readAllScanner(data, ',', int(max))
		if len(got) != len(want) {
			t.Fatalf("scanner read %d records, encoding/csv %d: %v vs %v", len(got), len(want), got, want)
		}
		for i, w := range want {
			g := got[i]
			if g.line != w.line {
				t.Fatalf("record %d starts on line %d, encoding/csv says %d", i, g.line, w.line)
			}
			long := !w.bad && len(strings.Join(w.fields, "")) > int(max)
			if long != (g.bad && !w.bad) || (!long && (g.bad != w.bad || !slices.Equal(g.fields, w.fields))) {
				t.Fatalf("record %d: scanner %v, encoding/csv %v (cap %d)", i, g, w, max)
			}
		}
	})
}
