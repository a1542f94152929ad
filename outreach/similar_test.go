package outreach

import (
	"testing"
	"time"
)

func TestFindCopy(t *testing.T) {
	earlier := SentBody{ContactID: 2, ContactRef: "c-bram", Name: "Bram Mulder", Company: "Delta Water B.V.",
		Subject: "Hello", SentAt: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
		Body: "Hi Bram,\n\nDelta Water B.V. plans many routes. Our tool cuts planning time by a third; could we talk next week about your depots?\n\nRobin"}
	tests := []struct {
		name, body, to, company string
		copy                    bool
	}{
		{"same text other name", "Hi Anna,\n\nPolderdata plans many routes. Our tool cuts planning time by a third; could we talk next week about your depots?\n\nRobin", "Anna de Vries", "Polderdata", true},
		{"spacing and case only", "hi   ANNA,\nPOLDERDATA plans many routes.   our tool cuts planning time by a third; could we talk next week about your depots?\nrobin", "Anna de Vries", "Polderdata", true},
		{"one word changed", "Hi Anna,\n\nPolderdata plans many routes. Our tool cuts planning time by a third; could we talk next month about your depots?\n\nRobin", "Anna de Vries", "Polderdata", true},
		{"rewritten", "Hi Anna,\n\nI read your post about the new Utrecht hub. How do you split routes between the two depots today? Happy to share what we learned at a similar site.\n\nRobin", "Anna de Vries", "Polderdata", false},
		{"empty", "", "Anna", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cp, found := FindCopy(tt.body, tt.to, tt.company, 1, []SentBody{earlier})
			if found != tt.copy {
				t.Fatalf("found = %v (ratio %.2f), want %v", found, cp.Ratio, tt.copy)
			}
			if found && cp.Earlier.ContactRef != "c-bram" {
				t.Errorf("names %q, want c-bram", cp.Earlier.ContactRef)
			}
		})
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		min  float64
		max  float64
	}{
		{"a b c d", "a b c d", 1, 1},
		{"a b c d", "e f g h", 0, 0},
		{"one", "one", 1, 1},
		{"", "", 1, 1},
		{"a b c d e f g h i j k", "a b c d e f g h i j x", 0.85, 0.95},
	}
	for _, tt := range tests {
		got := similarity(words(tt.a), words(tt.b))
		if got < tt.min || got > tt.max {
			t.Errorf("similarity(%q, %q) = %.2f, want in [%.2f, %.2f]", tt.a, tt.b, got, tt.min, tt.max)
		}
	}
}

// FuzzFindCopy checks that any body is found as a copy of itself sent to
// someone else, and that the ratio stays within [0, 1].
func FuzzFindCopy(f *testing.F) {
	f.Add("Hello Anna, how do you plan routes?", "Anna de Vries", "Polderdata B.V.", "Hi")
	f.Add("", "", "", "")
	f.Add("Zażółć gęślą jaźń", "Łukasz", "Jaźń S.A.", "other text entirely")
	f.Fuzz(func(t *testing.T, body, name, company, other string) {
		earlier := SentBody{ContactID: 2, ContactRef: "c-x", Name: name, Company: company, Body: body}
		if _, found := FindCopy(body, name, company, 1, []SentBody{earlier}); !found {
			t.Fatalf("body %q not found as a copy of itself", body)
		}
		r := similarity(personalWords(body, name, company), personalWords(other, "", ""))
		if r < 0 || r > 1 {
			t.Fatalf("similarity = %v, want within [0, 1]", r)
		}
	})
}
