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
