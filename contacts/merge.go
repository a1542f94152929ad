package contacts

import "strings"

// MaxMergedNote is the most bytes the note of rows merged into one may
// grow to: a note from a later duplicate that would pass it is left out.
// It keeps merging a file's duplicates linear in the file's size.
const MaxMergedNote = 4000

// MergeDuplicates folds records with the same Key (the same address, or
// for records without one the same profile) into the first of them. An
// empty field of the first is filled from a later one, notes are joined
// (MergeNote), and an opt-out in any of them wins. Records without a key are
// kept as they are. It returns the records left and how many were folded in.
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
		MergeRow(&out[i], r)
	}
	return out, merged
}

// MergeRow folds r into m, the earlier row of the same person.
func MergeRow(m *ImportRow, r ImportRow) {
	fill(&m.Name, r.Name)
	fill(&m.Company, r.Company)
	fill(&m.Position, r.Position)
	fill(&m.Country, r.Country)
	fill(&m.Email, r.Email)
	fill(&m.Profile, r.Profile)
	m.Note = MergeNote(m.Note, r.Note)
	m.OptedOut = m.OptedOut || r.OptedOut
}

// MergeNote joins add to note ("; " between) unless note already holds it
// or the result would pass MaxMergedNote bytes.
func MergeNote(note, add string) string {
	switch {
	case add == "", strings.Contains(note, add):
		return note
	case note == "":
		return add
	case len(note)+2+len(add) > MaxMergedNote:
		return note
	}
	return note + "; " + add
}

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}
