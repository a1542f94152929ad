package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"legit/store"
)

// chartWeeks is how many weeks of counts the log screen loads; it draws as
// many of the latest as fit.
const chartWeeks = 26

// chartNameWidth is the width of the rep names left of the bars.
const chartNameWidth = 14

// bars are the eighth blocks a count is drawn with, from empty to full.
var bars = []string{"·", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}

// weekStart is the Monday (UTC) of t's week.
func weekStart(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// chartWeeksFit is how many weeks fit in width: each week is three bars and
// a space, after the rep names.
func chartWeeksFit(width int) int {
	return max(1, min(chartWeeks, (width-chartNameWidth-1)/4))
}

// renderChart draws first contacts, notices and opt-outs per week (columns)
// per rep (lines) for the weeks up to now's, at most maxReps reps, with a
// legend line above and a line of week labels below.
func renderChart(st styles, counts []store.WeekCount, reps []string, now time.Time, width, maxReps int) string {
	n := chartWeeksFit(width)
	last := weekStart(now)
	first := last.AddDate(0, 0, -7*(n-1))
	type key struct {
		rep  string
		week time.Time
	}
	by := map[key]store.WeekCount{}
	peak := 0
	for _, c := range counts {
		if c.Week.Before(first) || c.Week.After(last) {
			continue
		}
		by[key{c.Rep, c.Week}] = c
		peak = max(peak, c.FirstContacts, c.Notices, c.OptOuts)
	}
	var b strings.Builder
	legend := st.chart.first.Render("█") + " first contacts  " + st.chart.notice.Render("█") + " notices  " +
		st.chart.optOut.Render("█") + " opt-outs"
	// The order is said in words too: without colour the three blocks look alike.
	b.WriteString(legend + st.muted.Render(fmt.Sprintf(", left to right each week · full bar = %d", max(peak, 1))))
	bar := func(style lipgloss.Style, v int) string {
		if v == 0 {
			return st.chart.empty.Render(bars[0])
		}
		return style.Render(bars[max(1, (v*8+peak-1)/peak)])
	}
	shown := reps
	if len(shown) > maxReps {
		shown = shown[:maxReps]
	}
	for _, rep := range shown {
		b.WriteString("\n" + fit(rep, chartNameWidth) + " ")
		for w := range n {
			c := by[key{rep, first.AddDate(0, 0, 7*w)}]
			b.WriteString(bar(st.chart.first, c.FirstContacts) + bar(st.chart.notice, c.Notices) + bar(st.chart.optOut, c.OptOuts) + " ")
		}
	}
	if len(reps) > len(shown) {
		b.WriteString("\n" + st.muted.Render(fmt.Sprintf("%*s and %d more reps: press r to pick one", chartNameWidth, "", len(reps)-len(shown))))
	}
	if len(shown) == 0 {
		b.WriteString("\n" + st.muted.Render("No events in these weeks."))
	}
	var axis strings.Builder
	axis.WriteString(strings.Repeat(" ", chartNameWidth+1))
	for w := 0; w < n && 4*(n-w) > 6; w += 4 {
		label := first.AddDate(0, 0, 7*w).Format("Jan 02")
		axis.WriteString(fit(label, min(16, 4*(n-w))))
	}
	b.WriteString("\n" + st.muted.Render(strings.TrimRight(axis.String(), " ")))
	return b.String()
}
