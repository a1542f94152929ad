package contacts

import "strings"

// MergeDuplicates folds records with the same Key (the same address, or for
// records without one the same name and company) into the first of them. An
// empty field of the first is filled from a later one, notes are joined, and an opt-out in any of them wins.
// It returns the records left and how many were folded in.
func MergeDuplicates(recs []ImportRow) ([]ImportRow, int) {
	index := make(map[string]int, len(recs))
	out := make([]ImportRow, 0, len(recs))
	merged := 0
	for _, r := range recs {
		k := r.Key()
		i, dup := index[k]
		if !dup || k == "" {
			if k != "" {
				index[k] = len(out)
			}
			out = append(out, r)
			continue
		}
		merged++
		m := &out[i]
		fill(&m.Name, r.Name)
		fill(&m.Company, r.Company)
		fill(&m.Position, r.Position)
		fill(&m.Country, r.Country)
		if r.Note != "" && !strings.Contains(m.Note, r.Note) {
			m.Note = joinNonEmpty("; ", m.Note, r.Note)
		}
		m.OptedOut = m.OptedOut || r.OptedOut
	}
	return out, merged
}

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}
