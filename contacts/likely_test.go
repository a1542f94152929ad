package contacts

import (
	"fmt"
	"testing"
)

// TestLikelyCountriesAgreesWithConfidence: the remembered answer is
// CountryConfidence's, for the first row of a domain and company and for
// the rows that repeat them, also after the memory starts again.
func TestLikelyCountriesAgreesWithConfidence(t *testing.T) {
	rows := [][2]string{
		{"anna@kraftwerk.de", "Kraftwerk Logistik GmbH"},
		{"bert@kraftwerk.de", "Kraftwerk Logistik GmbH"},
		{"cas@delta.example", "Delta Water B.V."},
		{"dirk@delta.example", "Delta Water"},
		{"", "Wisła Soft sp. z o.o."},
		{"eva@example.com", ""},
		{"no-at-sign", "Lisboa Tech Lda"},
	}
	var l LikelyCountries
	for round := range 3 {
		for _, r := range rows {
			want := CountryConfidence(r[0], r[1]) >= ConfidenceLikely
			if got := l.Proposed(r[0], r[1]); got != want {
				t.Errorf("round %d: Proposed(%q, %q) = %v, want %v", round, r[0], r[1], got, want)
			}
		}
	}
	for i := range maxLikely + 10 {
		l.Proposed(fmt.Sprintf("p@d%d.example", i), "")
	}
	if len(l.seen) > maxLikely {
		t.Errorf("remembers %d pairs, want at most %d", len(l.seen), maxLikely)
	}
	for _, r := range rows {
		if got, want := l.Proposed(r[0], r[1]), CountryConfidence(r[0], r[1]) >= ConfidenceLikely; got != want {
			t.Errorf("after starting again: Proposed(%q, %q) = %v, want %v", r[0], r[1], got, want)
		}
	}
}
