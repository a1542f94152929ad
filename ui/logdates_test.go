package ui

import (
	"testing"
	"time"
)

func TestLogDates(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC) // a Thursday
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		text         string
		since, until time.Time
		rest         string
	}{
		{"this week", day(11, 23), day(11, 30), ""},
		{"Sam  last week", day(11, 16), day(11, 23), "sam"},
		{"today", day(11, 26), day(11, 27), ""},
		{"yesterday opt-out", day(11, 25), day(11, 26), "opt-out"},
		{"last month", day(10, 1), day(11, 1), ""},
		{"2026-11-02", day(11, 2), day(11, 3), ""},
		{"Robin 2026-10", day(10, 1), day(11, 1), "Robin"},
		{"2026-11-01..2026-11-15", day(11, 1), day(11, 16), ""},
		{"2026-11-15..2026-11-01", time.Time{}, time.Time{}, "2026-11-15..2026-11-01"},
		{"Anna", time.Time{}, time.Time{}, "Anna"},
		{"2026-13-01", time.Time{}, time.Time{}, "2026-13-01"},
	} {
		since, until, rest := logDates(tc.text, now)
		if !since.Equal(tc.since) || !until.Equal(tc.until) || rest != tc.rest {
			t.Errorf("logDates(%q) = %v, %v, %q; want %v, %v, %q", tc.text, since, until, rest, tc.since, tc.until, tc.rest)
		}
	}
}

func TestNotADate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ text, want string }{
		{"2026-13-45", "2026-13-45"},
		{"Anna 2026-02-30", "2026-02-30"},
		{"2026-11-15..2026-11-01", "2026-11-15..2026-11-01"},
		{"2026-11-02", ""},
		{"2026-11", ""},
		{"2026-11-01..2026-11-15", ""},
		{"Robin", ""},
		{"ref 20261102", ""},
		{"", ""},
	} {
		if got := notADate(tc.text); got != tc.want {
			t.Errorf("notADate(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	for w, want := range map[string]bool{"2026-11-15..2026-11-01": true, "2026-11..2026-10": true, "2026-13-45..2026-11-01": false, "2026-13-45": false} {
		if got := backwards(w); got != want {
			t.Errorf("backwards(%q) = %v, want %v", w, got, want)
		}
	}
}
