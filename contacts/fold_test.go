package contacts

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Müller", "muller"},
		{"MÜLLER", "muller"},
		{"Łukasz", "lukasz"},
		{"Weiß", "weiss"},
		{"WEISS", "weiss"},
		{"Zoë Ærø", "zoe aero"},
		{"Ágnes  Kovács", "agnes kovacs"},
		{"Dvořák", "dvorak"},
		{"Søren Østergård", "soren ostergard"},
		{"Đorđe", "dorde"},
		{"Ștefan Țiriac", "stefan tiriac"},
		{"Façade Œuvre", "facade oeuvre"},
		{"Иван Петров", "иван петров"},
		{"ЙОРДАН", "йордан"},
		{"Ελένη", "ελένη"},
		{"jan@ACME.nl", "jan@acme.nl"},
		{" \t lead  ", "lead"},
		{"e\u0301cole", "ecole"}, // combining accent, already decomposed
		{"\xff bad", "bad"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSearchTextKeepsFieldsApart(t *testing.T) {
	s := SearchText("Anna Müller", "Acme", "Lead", "anna@acme.de")
	if !strings.Contains(s, "anna muller") || strings.Contains(s, "acmelead") || strings.Contains(s, "acme lead") {
		t.Errorf("SearchText = %q", s)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Müller", "Łukasz", "Weiß", "Ærø  x", "Иван", "\xff", "e\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q, not UTF-8", s, got)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold not idempotent: %q → %q → %q", s, got, again)
		}
		if strings.ContainsAny(got, "ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n"+searchSep) || strings.Contains(got, "  ") {
			t.Fatalf("Fold(%q) = %q keeps upper case, tabs or double spaces", s, got)
		}
		if got != strings.TrimSpace(got) {
			t.Fatalf("Fold(%q) = %q has outer spaces", s, got)
		}
	})
}
