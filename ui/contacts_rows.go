package ui

import (
	"strings"

	"legit/contacts"
)

// rowSet is the loaded contacts with what the list needs of them worked out
// once per load: each row's folded search text and the rows of each tab, as
// row numbers. Filtering hands out row numbers, never copies of rows.
type rowSet struct {
	all  []Row
	hay  []string  // contacts.SearchText of each row
	tabs [][]int32 // the row numbers in each tab, in list order
}

// newRowSet indexes rows.
func newRowSet(rows []Row) rowSet {
	s := rowSet{all: rows, hay: make([]string, len(rows)), tabs: make([][]int32, len(filterNames))}
	for i := range rows {
		c := &rows[i].Contact
		s.hay[i] = contacts.SearchText(c.Name, c.Company, c.Position, c.Email)
		for f := range s.tabs {
			if Filter(f).Match(rows[i]) {
				s.tabs[f] = append(s.tabs[f], int32(i))
			}
		}
	}
	return s
}

// count is the number of rows in tab f.
func (s *rowSet) count(f Filter) int {
	if int(f) >= len(s.tabs) {
		return 0
	}
	return len(s.tabs[f])
}

// match returns the row numbers among from whose search text contains the
// folded text, in order, reusing buf. Empty text keeps them all.
func (s *rowSet) match(from []int32, folded string, buf []int32) []int32 {
	if folded == "" {
		return append(buf[:0], from...)
	}
	out := buf[:0]
	for _, i := range from {
		if strings.Contains(s.hay[i], folded) {
			out = append(out, i)
		}
	}
	return out
}
