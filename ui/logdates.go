package ui

import (
	"regexp"
	"strings"
	"time"
)

// logDates reads a date range out of the log screen's filter text: today,
// yesterday, this week, last week, this month, last month, a day
// (2026-11-23), a month (2026-11) or a range of days (2026-11-01..2026-11-15),
// in UTC; weeks start on Monday. It returns the range (since inclusive,
// until exclusive; zero when the text names none) and the rest of the text,
// which filters by name, ref, rep or kind as before.
func logDates(text string, now time.Time) (since, until time.Time, rest string) {
	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	lower := " " + strings.ToLower(strings.Join(strings.Fields(text), " ")) + " "
	for _, w := range []struct {
		words       string
		from, until time.Time
	}{
		{"this week", monday, monday.AddDate(0, 0, 7)},
		{"last week", monday.AddDate(0, 0, -7), monday},
		{"this month", month, month.AddDate(0, 1, 0)},
		{"last month", month.AddDate(0, -1, 0), month},
		{"yesterday", today.AddDate(0, 0, -1), today},
		{"today", today, today.AddDate(0, 0, 1)},
	} {
		if i := strings.Index(lower, " "+w.words+" "); i >= 0 {
			return w.from, w.until, strings.TrimSpace(lower[:i] + " " + lower[i+len(w.words)+2:])
		}
	}
	fields := strings.Fields(text)
	for i, f := range fields {
		from, to, ok := dateSpan(f)
		if !ok {
			continue
		}
		rest := strings.Join(append(append([]string{}, fields[:i]...), fields[i+1:]...), " ")
		return from, to, rest
	}
	return time.Time{}, time.Time{}, strings.TrimSpace(text)
}

// dateSpan reads a day, a month or a range of days as [from, to).
func dateSpan(s string) (from, to time.Time, ok bool) {
	if a, b, found := strings.Cut(s, ".."); found {
		f, _, ok1 := dateSpan(a)
		_, t, ok2 := dateSpan(b)
		return f, t, ok1 && ok2 && f.Before(t)
	}
	if d, err := time.Parse("2006-01-02", s); err == nil {
		return d, d.AddDate(0, 0, 1), true
	}
	if m, err := time.Parse("2006-01", s); err == nil {
		return m, m.AddDate(0, 1, 0), true
	}
	return time.Time{}, time.Time{}, false
}

// looksLikeDate matches a word written as a date, a month or a range of them.
var looksLikeDate = regexp.MustCompile(`^\d{4}-\d{1,2}(-\d{1,2})?(\.\.\d{4}-\d{1,2}(-\d{1,2})?)?$`)

// notADate returns the first word of text written as a date that is none
// ("2026-13-45", "2026-11-09..2026-11-02"), or "" when there is none. Such a
// word is searched as text and matches nothing, so the screen says why.
func notADate(text string) string {
	for _, f := range strings.Fields(text) {
		if _, _, ok := dateSpan(f); !ok && looksLikeDate.MatchString(f) {
			return f
		}
	}
	return ""
}

// backwards reports whether w is a range of days whose both ends are dates
// but whose end comes before its start ("2026-11-15..2026-11-01").
func backwards(w string) bool {
	a, b, found := strings.Cut(w, "..")
	if !found {
		return false
	}
	_, _, okA := dateSpan(a)
	_, _, okB := dateSpan(b)
	return okA && okB
}
