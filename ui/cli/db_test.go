package cli

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDBCopy: the demo database joins a team database; a second copy adds
// nothing; a team database at another schema version is refused; bad
// flags exit 2.
func TestDBCopy(t *testing.T) {
	dir, src := demoDB(t)
	team := pgTestDB(t)
	writeOrgConfig(t, dir)
	out, code := runCLI(t, "db", "copy", "--from", src, "--to", team)
	if code != 0 || !strings.Contains(out, "contacts") || !strings.Contains(out, "the team's log records the join") {
		t.Fatalf("db copy: exit %d:\n%s", code, out)
	}
	out, code = runCLI(t, "db", "copy", "--from", src, "--to", team)
	if code != 0 || !strings.Contains(out, "nothing new since the last copy") || strings.Contains(out, " 1 added") {
		t.Errorf("second db copy: exit %d, want nothing added:\n%s", code, out)
	}
	list, code := runCLI(t, "--db", team, "contacts", "--json")
	if code != 0 || !strings.Contains(list, "Bram Mulder") {
		t.Errorf("contacts on the team database after the copy: exit %d:\n%.400s", code, list)
	}
	if out, code := runCLI(t, "--db", team, "log", "verify"); code != 0 {
		t.Errorf("log verify on the team database after the copy: exit %d:\n%s", code, out)
	}

	raw, err := sql.Open("pgx", team)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', now())`); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCLIErr(t, "db", "copy", "--from", src, "--to", team)
	if code != 1 || !strings.Contains(errOut, "schema version 999") {
		t.Errorf("db copy into a newer schema: exit %d, want 1 naming the version:\n%s", code, errOut)
	}
	if _, _, code := runCLIErr(t, "db", "copy", "--from", src); code != 2 {
		t.Errorf("db copy without --to: exit %d, want 2", code)
	}
}

// TestDBCopyGivesContactsToTheRep follows the README's team set-up: the
// database's owner (with a [rep] of their own in the config) adds Robin,
// then copies Robin's own file in. The contacts become Robin's: he sees
// them, not only the owner who ran the copy.
func TestDBCopyGivesContactsToTheRep(t *testing.T) {
	tm := newTeamCLI(t, [3]string{"Robin Maes", "robin.maes@northwind-analytics.example", "rep"})
	dir, src := demoDB(t)
	if err := os.MkdirAll(filepath.Join(dir, "legit"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := "[rep]\nname = \"Ada Admin\"\nemail = \"ada.admin@northwind-analytics.example\"\n"
	if err := os.WriteFile(filepath.Join(dir, "legit", "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code := runCLI(t, "db", "copy", "--from", src, "--to", tm.owner)
	if code != 0 || !strings.Contains(out, "belong to Robin Maes") {
		t.Fatalf("db copy as the owner: exit %d, want the contacts Robin's:\n%s", code, out)
	}
	list, code := runCLI(t, "--db", tm.as["robin.maes@northwind-analytics.example"], "contacts", "--json")
	if code != 0 || !strings.Contains(list, "Bram Mulder") {
		t.Errorf("Robin's contacts after the copy of his file: exit %d, want his demo contacts:\n%.400s", code, list)
	}
}
