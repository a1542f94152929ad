package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitCodesForCron: the commands meant for cron and scripts exit 1 while
// something needs doing or is broken, and 0 when all is well.
func TestExitCodesForCron(t *testing.T) {
	dir, db := demoDB(t)
	if _, code := runCLI(t, "--db", db, "deadlines"); code != 1 {
		t.Errorf("deadlines with overdue contacts: exit %d, want 1", code)
	}
	if _, code := runCLI(t, "--db", db, "retention"); code != 1 {
		t.Errorf("retention with contacts due: exit %d, want 1", code)
	}
	empty := filepath.Join(dir, "empty.db")
	for _, args := range [][]string{{"deadlines"}, {"retention"}, {"log", "verify"}} {
		if out, code := runCLI(t, append([]string{"--db", empty}, args...)...); code != 0 {
			t.Errorf("%v on an empty database: exit %d, want 0:\n%s", args, code, out)
		}
	}
	if out, code := runCLI(t, "--db", db, "log", "verify"); code != 0 {
		t.Fatalf("log verify on an untouched chain: exit %d:\n%s", code, out)
	}
	bundle := filepath.Join(dir, "robin.jsonl")
	if out, code := runCLI(t, "--db", db, "log", "export", bundle); code != 0 {
		t.Fatalf("log export: exit %d:\n%s", code, out)
	}
	if out, code := runCLI(t, "review", "--json", bundle); code != 0 {
		t.Errorf("review of a good bundle: exit %d, want 0:\n%s", code, out)
	}
	b, err := os.ReadFile(bundle)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	lines = append(lines[:2], lines[3:]...) // cut one event from the middle
	bad := filepath.Join(dir, "cut.jsonl")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, code := runCLI(t, "review", "--json", bad); code != 1 {
		t.Errorf("review of a bundle with an event cut out: exit %d, want 1:\n%s", code, out)
	}

	// Rewrite one event behind legit's back (dropping the append-only trigger).
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER events_no_update`, `UPDATE events SET rep = 'Someone Else' WHERE id = 3`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	_ = raw.Close()
	if out, code := runCLI(t, "--db", db, "log", "verify"); code != 1 || !strings.Contains(out, "3") {
		t.Errorf("log verify on a rewritten chain: exit %d, want 1 naming the event:\n%s", code, out)
	}
}

// TestSuppressCommand records an opt-out that came by phone; the next send
// is refused, and bad flags exit 2.
func TestSuppressCommand(t *testing.T) {
	dir, db := demoDB(t)
	writeOrgConfig(t, dir)
	out, code := runCLI(t, "--db", db, "suppress", "bram.mulder@delta-water.example", "--reason", "objection", "--via", "phone", "--note", "call of 3 Dec")
	if code != 0 || !strings.Contains(out, "Bram Mulder") || !strings.Contains(out, "suppression list") {
		t.Fatalf("suppress: exit %d:\n%s", code, out)
	}
	out, code = runCLI(t, "--db", db, "contacts", "--filter", "suppressed", "--json")
	if code != 0 || !strings.Contains(out, "Bram Mulder") {
		t.Errorf("Bram is not listed as suppressed: exit %d:\n%s", code, out)
	}
	out, code = runCLI(t, "--db", db, "log", "--kind", "opt-out", "--json")
	if code != 0 || !strings.Contains(out, "call of 3 Dec") {
		t.Errorf("the opt-out was not logged with its note: exit %d:\n%s", code, out)
	}
	body := filepath.Join(dir, "body.txt")
	if err := os.WriteFile(body, []byte("Hello Bram,\n\nhow do you plan the pump rounds?\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, code := runSend(t, db, "--to", "bram.mulder@delta-water.example", "--subject", "Pump rounds", "--body-file", body); code != 1 || !strings.Contains(out, "suppression list") {
		t.Errorf("send after the objection: exit %d, want 1 naming the suppression list:\n%s", code, out)
	}
	out, code = runCLI(t, "--db", db, "suppress", "stranger@elsewhere.example", "--json")
	if code != 0 || !strings.Contains(out, `"suppressed": true`) {
		t.Errorf("suppress a stranger: exit %d:\n%s", code, out)
	}
	for _, args := range [][]string{
		{"suppress", "x@example.com", "--reason", "bounce"},
		{"suppress", "x@example.com", "--via", "fax"},
		{"suppress", "x@example.com", "--purpose", "tracking"},
		{"suppress"},
	} {
		if _, code := runCLI(t, append([]string{"--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
