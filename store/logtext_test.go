package store

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestLogTextFilterAgreesWithAScan: the text filter, answered from the
// indexes, picks exactly the events a row-by-row match picks (the contact's
// name, the rep, the kind, the start of a ref), newest first, page by page.
func TestLogTextFilterAgreesWithAScan(t *testing.T) {
	ctx := context.Background()
	s := logStore(t, 60)
	for ref, name := range map[string]string{"c-a": "Anna Jansen", "c-b": "Jan de Vries", "c-c": "Marie Dubois"} {
		if _, err := s.db.Exec(`INSERT INTO contacts (ref, name, created_at, updated_at) VALUES (?, ?, ?, ?)`, ref, name, timeText(logT0), timeText(logT0)); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Log(ctx, LogFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text  string
		match func(LogEntry) bool
	}{
		{"jan", func(e LogEntry) bool { return strings.Contains(strings.ToLower(e.ContactName), "jan") }},
		{"SAM", func(e LogEntry) bool { return e.Rep == "Sam Peeters" }},
		{"opt", func(e LogEntry) bool { return strings.Contains(string(e.Kind), "opt") }},
		{"c-d", func(e LogEntry) bool { return e.ContactRef == "c-d" }},
		{"nobody at all", func(LogEntry) bool { return false }},
	} {
		var want []int64
		for _, e := range all {
			if tc.match(e) {
				want = append(want, e.ID)
			}
		}
		var got []int64
		f := LogFilter{Text: tc.text, Limit: 7}
		for {
			page, err := s.Log(ctx, f)
			if err != nil {
				t.Fatalf("Log(%q) = %v", tc.text, err)
			}
			for _, e := range page {
				got = append(got, e.ID)
			}
			if len(page) < f.Limit {
				break
			}
			f.After = &page[len(page)-1]
		}
		if !slices.Equal(got, want) {
			t.Errorf("Log(text %q) = %v, want %v", tc.text, got, want)
		}
	}
}
