package outreach

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"legit/store"
)

// fingerprintMargin is how far from SimilarityLimit the fingerprints'
// estimate may decide otherwise than the exact rule on the two bodies: the
// estimate's standard error there is about 0.011 (1,024 one-bit slots), so
// 0.05 is over four of them. Outside [limit-margin, limit+margin) the two
// agree; inside, a near copy is refused or not by the estimate.
const fingerprintMargin = 0.05

// side is one body as the not-bulk rule sees it: the text and the
// recipient's name and company, which it takes out.
type side struct{ body, name, company string }

// TestFingerprintAgreesWithSimilarity runs the team's comparison (two
// fingerprints, store.FingerprintRatio) on the not-bulk rule's own test
// cases (TestFindCopy, TestSimilarity, the checklist's copy case) beside
// the exact rule on the two bodies. They give the same verdict wherever the
// exact ratio is not within the margin of the limit; near marks the two
// cases that are (both exactly at 0.9), where the estimate decides (on
// these two it says copy too). From limit-margin up the estimate is within
// the margin of the exact ratio; lower down it may be further off without
// changing a verdict: a text of one word against a longer one is 0.5 for
// the rule (single words compared) and 0 for the fingerprints (each text
// chooses its shingles alone), both far below the limit.
func TestFingerprintAgreesWithSimilarity(t *testing.T) {
	bram := side{"Hi Bram,\n\nDelta Water B.V. plans many routes. Our tool cuts planning time by a third; could we talk next week about your depots?\n\nRobin", "Bram Mulder", "Delta Water B.V."}
	hello := "Hello %s,\n\nI saw your talk on depot scheduling and wondered how you plan routes today.\n"
	tests := []struct {
		name string
		a, b side
		copy bool // the exact rule's verdict
		near bool // the exact ratio is within the margin of the limit
	}{
		{"same text other name", bram, side{"Hi Anna,\n\nPolderdata plans many routes. Our tool cuts planning time by a third; could we talk next week about your depots?\n\nRobin", "Anna de Vries", "Polderdata"}, true, false},
		{"spacing and case only", bram, side{"hi   ANNA,\nPOLDERDATA plans many routes.   our tool cuts planning time by a third; could we talk next week about your depots?\nrobin", "Anna de Vries", "Polderdata"}, true, false},
		{"one word changed: at the limit", bram, side{"Hi Anna,\n\nPolderdata plans many routes. Our tool cuts planning time by a third; could we talk next month about your depots?\n\nRobin", "Anna de Vries", "Polderdata"}, true, true},
		{"rewritten", bram, side{"Hi Anna,\n\nI read your post about the new Utrecht hub. How do you split routes between the two depots today? Happy to share what we learned at a similar site.\n\nRobin", "Anna de Vries", "Polderdata"}, false, false},
		{"empty draft", bram, side{"", "Anna", ""}, false, false},
		{"checklist: copy of another email", side{fmt.Sprintf(hello, "Bram"), "Bram Mulder", "Delta Water B.V."}, side{fmt.Sprintf(hello, "Anna"), "Anna de Vries", "Polderdata AB"}, true, false},
		{"equal words", side{"a b c d", "", ""}, side{"a b c d", "", ""}, true, false},
		{"no word in common", side{"a b c d", "", ""}, side{"e f g h", "", ""}, false, false},
		{"one word each", side{"one", "", ""}, side{"one", "", ""}, true, false},
		{"both empty", side{"", "", ""}, side{"", "", ""}, true, false},
		{"one word against many", side{"one", "", ""}, side{"one two three", "", ""}, false, false},
		{"last of eleven words changed: at the limit", side{"a b c d e f g h i j k", "", ""}, side{"a b c d e f g h i j x", "", ""}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exact := similarity(personalWords(tt.a.body, tt.a.name, tt.a.company), personalWords(tt.b.body, tt.b.name, tt.b.company))
			est := store.FingerprintRatio(Fingerprint(tt.a.body, tt.a.name, tt.a.company), Fingerprint(tt.b.body, tt.b.name, tt.b.company))
			if got := exact >= SimilarityLimit; got != tt.copy {
				t.Fatalf("exact ratio %.3f: copy = %v, the table says %v", exact, got, tt.copy)
			}
			if near := math.Abs(exact-SimilarityLimit) < fingerprintMargin; near != tt.near {
				t.Fatalf("exact ratio %.3f: within the margin = %v, the table says %v", exact, near, tt.near)
			}
			if exact >= SimilarityLimit-fingerprintMargin && math.Abs(est-exact) > fingerprintMargin {
				t.Errorf("estimate %.3f, exact %.3f: further apart than %.2f", est, exact, fingerprintMargin)
			}
			if (est >= SimilarityLimit) != tt.copy {
				// At the limit the estimate decides: these fingerprints are
				// fixed, so a change here is a change of the fingerprint.
				t.Errorf("estimate %.3f says copy = %v, the exact rule (%.3f) says %v (within the margin: %v)", est, !tt.copy, exact, tt.copy, tt.near)
			}
			t.Logf("exact %.3f, estimate %.3f", exact, est)
		})
	}
}

// TestFingerprintMargin measures the margin on 1,500 pairs of made-up
// emails (20 to 170 words, some words replaced in the second): wherever the
// exact ratio is at least the margin away from the limit, the estimate gives
// the same verdict, and from limit-margin up it is within the margin.
func TestFingerprintMargin(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 2026))
	vocab := strings.Fields("we plan routes depots trucks time week talk could next your our tool cuts planning by third about new hub how do you split between two today happy share what learned similar site more data of in for on with is this that")
	worst := 0.0
	for i := range 1500 {
		a := make([]string, 20+r.IntN(150))
		for j := range a {
			a[j] = vocab[r.IntN(len(vocab))] + fmt.Sprint(r.IntN(5))
		}
		b := append([]string(nil), a...)
		for range r.IntN(len(a)/8 + 2) {
			b[r.IntN(len(b))] = fmt.Sprint("other", r.IntN(1000))
		}
		exact := similarity(a, b)
		est := store.FingerprintRatio(Fingerprint(strings.Join(a, " "), "", ""), Fingerprint(strings.Join(b, " "), "", ""))
		if math.Abs(exact-SimilarityLimit) >= fingerprintMargin && (est >= SimilarityLimit) != (exact >= SimilarityLimit) {
			t.Errorf("pair %d: exact %.3f, estimate %.3f: different verdicts outside the margin", i, exact, est)
		}
		if exact >= SimilarityLimit-fingerprintMargin {
			worst = max(worst, math.Abs(est-exact))
		}
	}
	if worst > fingerprintMargin {
		t.Errorf("from %.2f up the estimate is up to %.3f off, more than the margin", SimilarityLimit-fingerprintMargin, worst)
	}
	t.Logf("from %.2f up the estimate is at most %.3f off", SimilarityLimit-fingerprintMargin, worst)
}

// TestFingerprintLeavesOutThePerson: the same text to two people gives the
// same fingerprint; it is the size the store keeps; the server's limit is
// the rule's.
func TestFingerprintLeavesOutThePerson(t *testing.T) {
	a := Fingerprint("Hello Anna, how does Polderdata plan routes?", "Anna de Vries", "Polderdata")
	b := Fingerprint("Hello Bram, how does Delta Water plan routes?", "Bram Mulder", "Delta Water B.V.")
	if len(a) != store.FingerprintSize || string(a) != string(b) {
		t.Errorf("fingerprints differ (%d bytes, %d bytes), want the same %d bytes", len(a), len(b), store.FingerprintSize)
	}
	if c := Fingerprint("Hello Anna, how does Polderdata plan routes?", "", ""); string(c) == string(a) {
		t.Error("the name and company left in give the same fingerprint")
	}
	if store.NearCopyLimit != SimilarityLimit {
		t.Errorf("store.NearCopyLimit = %v, want the rule's %v (and legit_colleague_copy's)", store.NearCopyLimit, SimilarityLimit)
	}
}

// FuzzFingerprint: any body is a near copy of itself, and the ratio stays
// within [0, 1].
func FuzzFingerprint(f *testing.F) {
	f.Add("Hello Anna, how do you plan routes?", "Anna de Vries", "Polderdata B.V.", "Hi")
	f.Add("", "", "", "")
	f.Add("Zażółć gęślą jaźń", "Łukasz", "Jaźń S.A.", "other text entirely")
	f.Fuzz(func(t *testing.T, body, name, company, other string) {
		fp := Fingerprint(body, name, company)
		if r := store.FingerprintRatio(fp, fp); r != 1 {
			t.Fatalf("ratio with itself = %v, want 1", r)
		}
		if r := store.FingerprintRatio(fp, Fingerprint(other, "", "")); r < 0 || r > 1 {
			t.Fatalf("ratio = %v, want within [0, 1]", r)
		}
	})
}

// BenchmarkFingerprint fingerprints a 120-word email.
// Run: go test -run '^$' -bench Fingerprint ./outreach
func BenchmarkFingerprint(b *testing.B) {
	body := strings.Repeat("We plan the routes of your depots every week and could share what we learned. ", 8)
	for b.Loop() {
		Fingerprint(body, "Anna de Vries", "Polderdata")
	}
}
