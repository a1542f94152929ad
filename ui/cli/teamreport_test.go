package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestTeamReportCommand: the demo's log gives a report with its weeks and
// the two open requests; --json parses and agrees; bad flags exit 2.
func TestTeamReportCommand(t *testing.T) {
	_, db := demoDB(t)
	out, code := runCLI(t, "--db", db, "team", "report")
	if code != 0 || !strings.Contains(out, "Week of") || !strings.Contains(out, "Open requests") {
		t.Fatalf("team report: exit %d:\n%s", code, out)
	}
	js, code := runCLI(t, "--db", db, "team", "report", "--json")
	var r struct {
		Weeks    []map[string]any `json:"weeks"`
		Requests []map[string]any `json:"open_requests"`
	}
	if code != 0 || json.Unmarshal([]byte(js), &r) != nil || len(r.Requests) != 2 || len(r.Weeks) == 0 {
		t.Errorf("team report --json: exit %d, %d requests, %d weeks:\n%s", code, len(r.Requests), len(r.Weeks), js)
	}
	csvOut, code := runCLI(t, "--db", db, "team", "report", "--csv")
	if code != 0 || !strings.HasPrefix(csvOut, "week,rep,first_contacts") || strings.Count(csvOut, "\n") != len(r.Weeks)+1 {
		t.Errorf("team report --csv: exit %d, want a header and one row per rep and week:\n%s", code, csvOut)
	}
	for _, args := range [][]string{{"--json", "--csv"}, {"--weeks", "0"}} {
		if _, code := runCLI(t, append([]string{"--db", db, "team", "report"}, args...)...); code != 2 {
			t.Errorf("team report %v: exit %d, want 2", args, code)
		}
	}
}
