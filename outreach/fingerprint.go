package outreach

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
)

// FingerprintBits is the size of a body's fingerprint: one bit per slot.
const FingerprintBits = 1024

// Fingerprint summarises body, with the recipient's name and company taken
// out as the not-bulk rule does (personalWords), so that the body of a
// colleague's email can be compared with a draft without anyone reading it
// (store.FingerprintRatio, and PostgreSQL's legit_colleague_copy).
//
// It is a one-bit minwise-hashing sketch (b-bit MinHash with b = 1, Li and
// König 2010) of the same shingles similarity compares: the multiset of
// word bigrams (each repeat its own element), or the words themselves when
// there are fewer than two. For each of FingerprintBits independent hashes
// the shingle with the least hash is chosen, and its hash's lowest bit kept.
// Two bodies agree on a bit with probability (1+J)/2, J being the weighted
// Jaccard ratio of their shingles, and the Dice ratio similarity computes
// is 2J/(1+J): so the share of equal bits estimates the existing rule's
// ratio without the text (store.FingerprintRatio turns one into the other).
// Near the limit of 0.9 the estimate's standard error is about 0.011;
// TestFingerprintAgreesWithSimilarity shows the margin.
//
// Why this and not the shingle hashes themselves: a list of hashed word
// pairs can be read back by hashing a dictionary of word pairs; one bit of
// each slot's least hash cannot (every bit is matched by half of all
// candidates), so a fingerprint only confirms a whole guessed text, never
// tells one. It is still derived from the body and is kept as private as
// the body: the database returns it to nobody but the body's readers.
//
// An empty text (nothing left once the name and company are out) gives all
// zero bits, equal to another empty text's, as similarity has it.
func Fingerprint(body, name, company string) []byte {
	out := make([]byte, FingerprintBits/8)
	sh := shingleHashes(personalWords(body, name, company))
	if len(sh) == 0 {
		return out
	}
	var least [FingerprintBits]uint64
	for i := range least {
		least[i] = math.MaxUint64
	}
	for _, h := range sh {
		for i, seed := range &slotSeeds {
			least[i] = min(least[i], mix64(h^seed))
		}
	}
	for i, v := range &least {
		out[i/8] |= byte(v&1) << (i % 8)
	}
	return out
}

// shingleHashes hashes the shingles of w as similarity counts them: word
// bigrams, or single words when w has fewer than two; a shingle that
// repeats is a new element for each repeat (the multiset), and single words
// never hash like a bigram.
func shingleHashes(w []string) []uint64 {
	n, tag := 2, "2:"
	if len(w) < 2 {
		n, tag = 1, "1:"
	}
	seen := map[string]int{}
	var out []uint64
	for i := 0; i+n <= len(w); i++ {
		g := strings.Join(w[i:i+n], " ")
		seen[g]++
		h := fnv.New64a()
		_, _ = h.Write([]byte(tag + g + "#" + strconv.Itoa(seen[g])))
		out = append(out, h.Sum64())
	}
	return out
}

// slotSeeds are the FingerprintBits fixed seeds that make one hash into
// independent ones. They never change: stored fingerprints depend on them.
var slotSeeds = func() [FingerprintBits]uint64 {
	var s [FingerprintBits]uint64
	x := binary.BigEndian.Uint64([]byte("legit-fp"))
	for i := range s {
		x += 0x9e3779b97f4a7c15
		s[i] = mix64(x)
	}
	return s
}()

// mix64 is SplitMix64's finaliser: a fixed, well-spread 64-bit mix.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
