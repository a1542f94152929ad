package contacts

import (
	"strings"
	"testing"
	"unicode"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Anna Müller", "Anna Müller"},
		{"  Zofia   Łódź\t", "Zofia Łódź"},
		{"\x1b[31mRed\x1b[0m Corp", "Red Corp"},
		{"\x1b]0;pwned\x07Title", "Title"},
		{"\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"\x1bPq#0;2;0;0;0\x1b\\after", "after"},
		{"line\r\nBcc: x@evil.example", "line Bcc: x@evil.example"},
		{"null\x00byte\x7f", "nullbyte"},
		{"c1\u009b31mtext", "c1text"},
		{"bidi \u202eevil\u202c", "bidi evil"},
		{"\ufeffBOM name", "BOM name"},
		{"Иван Георгиев", "Иван Георгиев"},
	}
	for _, tc := range tests {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCleanMultilineKeepsLines(t *testing.T) {
	got := CleanMultiline("first\x1b[2J line\r\nsecond\n\n")
	if got != "first line\nsecond" {
		t.Errorf("CleanMultiline() = %q", got)
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"Anna", "\x1b[31mx", "\x1b]0;t\x07", "a\r\nb", "\u009b1m", "\x1bP\x1b\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		for _, r := range got {
			if unicode.IsControl(r) || r == 0x1b {
				t.Fatalf("Clean(%q) = %q keeps control rune %U", s, got, r)
			}
		}
		if got != strings.TrimSpace(got) {
			t.Fatalf("Clean(%q) = %q is not trimmed", s, got)
		}
		if Clean(got) != got {
			t.Fatalf("Clean is not idempotent on %q", s)
		}
	})
}

// TestCleanFastPathAgrees: Clean returns text as it is (isClean) exactly
// when the full cleaning would leave it so, for random runes from each
// range Clean treats apart.
func TestCleanFastPathAgrees(t *testing.T) {
	pool := []rune{'a', 'Z', '0', ' ', ' ', '\t', '\n', '\x1b', '[', 'm', '\x7f', '\u0085', '\u009b', '\u00a0',
		'ü', 'Ł', '\u2028', '\u202e', '\u2066', '\u200e', '\ufeff', '\ufffd', '\u3000', '😀', '\u0301'}
	seed := uint32(18)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	inputs := []string{"", " ", "Anna Müller", "a  b", " a", "a ", "bad \xff byte", "Łódź\u00a0Soft"}
	for range 20000 {
		r := make([]rune, next(8))
		for i := range r {
			r[i] = pool[next(len(pool))]
		}
		inputs = append(inputs, string(r))
	}
	fast := 0
	for _, s := range inputs {
		if isClean(s) {
			fast++
			if got := clean(s); got != s {
				t.Fatalf("isClean(%q) but cleaning gives %q", s, got)
			}
		} else if clean(s) == s {
			t.Errorf("isClean(%q) = false, yet cleaning leaves it as it is", s)
		}
	}
	if fast < len(inputs)/10 {
		t.Errorf("only %d of %d texts took the fast path", fast, len(inputs))
	}
}
