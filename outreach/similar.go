package outreach

import (
	"strings"
	"time"
	"unicode"
)

// SimilarityLimit is the ratio at or above which two bodies count as copies.
const SimilarityLimit = 0.9

// RecentWindow is how far back the not-bulk rule looks.
const RecentWindow = 30 * 24 * time.Hour

// SentBody is one email this rep sent recently, as the not-bulk rule needs it.
type SentBody struct {
	ContactID  int64
	ContactRef string // pseudonymous reference of the earlier recipient
	Name       string // the earlier recipient's name: named in a refusal, removed before comparing
	Company    string // the earlier recipient's company, removed before comparing
	Subject    string
	Body       string
	SentAt     time.Time
}

// Copy names an earlier email that a draft nearly repeats.
type Copy struct {
	Earlier SentBody
	Ratio   float64
}

// FindCopy returns the most similar earlier email sent to someone other than
// contactID whose body, with each recipient's own name and company removed,
// is equal or nearly equal (ratio ≥ SimilarityLimit) to body.
func FindCopy(body, name, company string, contactID int64, recent []SentBody) (Copy, bool) {
	mine := personalWords(body, name, company)
	var best Copy
	found := false
	for _, s := range recent {
		if s.ContactID == contactID {
			continue
		}
		r := similarity(mine, personalWords(s.Body, s.Name, s.Company))
		if r >= SimilarityLimit && (!found || r > best.Ratio) {
			best, found = Copy{Earlier: s, Ratio: r}, true
		}
	}
	return best, found
}

// personalWords lower-cases body, removes the recipient's company and the
// parts of their name, and returns the remaining words.
func personalWords(body, name, company string) []string {
	text := strings.ToLower(body)
	if c := strings.ToLower(strings.TrimSpace(company)); c != "" {
		text = strings.ReplaceAll(text, c, " ")
	}
	drop := map[string]bool{}
	for _, part := range words(strings.ToLower(name)) {
		drop[part] = true
	}
	for _, part := range words(strings.ToLower(company)) {
		if len([]rune(part)) >= 3 {
			drop[part] = true
		}
	}
	var out []string
	for _, w := range words(text) {
		if !drop[w] {
			out = append(out, w)
		}
	}
	return out
}

// words splits s into runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// similarity is the Dice coefficient of the two word-bigram multisets (word
// unigrams when either text has fewer than two words): 1 for equal texts.
func similarity(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	n := 2
	if len(a) < 2 || len(b) < 2 {
		n = 1
	}
	ga, gb := grams(a, n), grams(b, n)
	total := 0
	for _, c := range ga {
		total += c
	}
	for _, c := range gb {
		total += c
	}
	if total == 0 {
		return 0
	}
	common := 0
	for g, c := range ga {
		common += min(c, gb[g])
	}
	return 2 * float64(common) / float64(total)
}

// grams counts the n-word shingles of w.
func grams(w []string, n int) map[string]int {
	out := map[string]int{}
	for i := 0; i+n <= len(w); i++ {
		out[strings.Join(w[i:i+n], " ")]++
	}
	return out
}
