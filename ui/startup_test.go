package ui

import (
	"strings"
	"testing"
	"time"

	"legit/outreach"
)

// What the start-up line tells a rep about sends in doubt (their own, with
// the keys that settle them, and for a lead how many of colleagues', with
// the command that lists them) and about a clock off the team database's.
func TestStartupTells(t *testing.T) {
	own := []outreach.InDoubt{{Row: 7, Subject: "Depot routes"}}
	for _, tc := range []struct {
		name      string
		s         Startup
		want, not []string
	}{
		{"nothing", Startup{}, nil, []string{"in doubt", "may or may not"}},
		{"own", Startup{InDoubt: own}, []string{`1 send a crash interrupted may or may not have gone out: "Depot routes" (message 7)`, "ctrl+y"}, []string{"colleague"}},
		{"one colleague's", Startup{ColleaguesInDoubt: 1}, []string{"A colleague's send is in doubt", "no rep may email its recipient", "legit send --in-doubt lists it"}, []string{"ctrl+y"}},
		{"three colleagues'", Startup{ColleaguesInDoubt: 3}, []string{"3 colleagues' sends are in doubt", "legit send --in-doubt lists them"}, nil},
		{"clock in step", Startup{ClockOffset: 20 * time.Second}, nil, []string{"clock"}},
		{"clock behind", Startup{ClockOffset: 7*time.Minute + 10*time.Second}, []string{"This computer's clock is 7 minutes behind the team database's", "Set this clock right."}, nil},
		{"clock ahead", Startup{ClockOffset: -(2*time.Hour + time.Minute)}, []string{"clock is 2 hours 1 minute ahead of the team database's"}, nil},
		{"a day ahead", Startup{ClockOffset: -24 * time.Hour}, []string{"clock is 24 hours ahead of"}, []string{"minute"}},
		{"both", Startup{InDoubt: append(own, outreach.InDoubt{Row: 9, Subject: "Pumps"}), ColleaguesInDoubt: 2}, []string{"2 sends a crash interrupted", "(message 9)", "2 colleagues' sends are in doubt"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := (&shared{}).onStartup(tc.s)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("start-up line %q lacks %q", got, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("start-up line %q says %q", got, n)
				}
			}
		})
	}
}
