package ui

import (
	"strings"
	"testing"

	"legit/outreach"
)

// What the start-up line tells a rep about sends in doubt: their own, with
// the keys that settle them, and (for a lead) how many of colleagues', with
// the command that lists them.
func TestStartupTellsSendsInDoubt(t *testing.T) {
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
