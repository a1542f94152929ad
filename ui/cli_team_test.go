package ui

import (
	"strings"
	"testing"
	"time"

	"legit/store"
)

// TestTeamReportSaysSendsInDoubt: the lead's report (and the team screen,
// which shows its text) says how many sends are in doubt and the command
// that lists them; with none it says nothing of them.
func TestTeamReportSaysSendsInDoubt(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, n := range []int{0, 2} {
		var b strings.Builder
		if err := PrintTeamReport(&b, store.TeamReport{Since: now.AddDate(0, 0, -7), InDoubt: n}, now, LogText); err != nil {
			t.Fatal(err)
		}
		said := strings.Contains(b.String(), "2 sends in doubt") && strings.Contains(b.String(), "legit send --in-doubt")
		if said != (n > 0) || (n == 0 && strings.Contains(b.String(), "in doubt")) {
			t.Errorf("report with %d sends in doubt:\n%s", n, b.String())
		}
	}
}
