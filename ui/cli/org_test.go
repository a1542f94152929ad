package cli

import (
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// TestOrgOnSQLiteSaysWhereSettingsLive: one rep's database keeps the
// organisation in the config file; legit org says so and exits 2.
func TestOrgOnSQLiteSaysWhereSettingsLive(t *testing.T) {
	_, db := demoDB(t)
	_, errOut, code := runCLIErr(t, "--db", db, "org")
	if code != 2 || !strings.Contains(errOut, "config file") {
		t.Errorf("org on SQLite: exit %d, want 2 naming the config file:\n%s", code, errOut)
	}
}

// TestOrgOnPostgres: on a team database a setting is changed with legit org
// set, shown by legit org, logged, and a rep's config cannot override it.
func TestOrgOnPostgres(t *testing.T) {
	db := pgTestDB(t)
	dir := t.TempDir()
	writeOrgConfig(t, dir) // names its own organisation, which must not win

	if out, code := runCLI(t, "--db", db, "org", "set", "name", "Team Controller GmbH"); code != 0 {
		t.Fatalf("org set name: exit %d:\n%s", code, out)
	}
	if out, code := runCLI(t, "--db", db, "org", "set", "daily_cap", "many"); code != 2 {
		t.Errorf("org set daily_cap many: exit %d, want 2:\n%s", code, out)
	}
	for _, kv := range [][2]string{{"overlap_days", "30"}, {"overlap_refuse", "true"}, {"org_daily_cap", "200"}} {
		if out, code := runCLI(t, "--db", db, "org", "set", kv[0], kv[1]); code != 0 {
			t.Fatalf("org set %s %s: exit %d:\n%s", kv[0], kv[1], code, out)
		}
	}
	if out, code := runCLI(t, "--db", db, "org", "set", "overlap_days", "400"); code != 2 {
		t.Errorf("org set overlap_days 400: exit %d, want 2 (0 to 365):\n%s", code, out)
	}
	out, errOut, code := runCLIErr(t, "--db", db, "org")
	for _, want := range []string{"overlap_days               30", "overlap_refuse             true", "org_daily_cap              200"} {
		if !strings.Contains(out, want) {
			t.Errorf("org lacks %q:\n%s", want, out)
		}
	}
	if code != 0 || !strings.Contains(out, "Team Controller GmbH") || strings.Contains(out, "Northwind") {
		t.Errorf("org: exit %d, want the database's name and not the config's:\n%s", code, out)
	}
	if !strings.Contains(errOut, "come from the database") {
		t.Errorf("org with a config naming an organisation: stderr does not say the config is not used:\n%s", errOut)
	}
	out, code = runCLI(t, "--db", db, "log", "--json")
	if code != 0 || !strings.Contains(out, `"org_set"`) {
		t.Errorf("log after org set: exit %d, no org_set event:\n%s", code, out)
	}
}

// TestOrgSetByARepIsRefused: only a lead changes the organisation's
// settings; a rep's legit org set exits 1 saying so, not that the key is
// unknown.
func TestOrgSetByARepIsRefused(t *testing.T) {
	tm := newTeamCLI(t, [3]string{"Robin Maes", "robin@northwind.example", "rep"})
	_, errOut, code := runCLIErr(t, "--db", tm.as["robin@northwind.example"], "org", "set", "daily_cap", "10")
	if code != 1 || !strings.Contains(errOut, "only a lead") || strings.Contains(errOut, "not a setting") {
		t.Errorf("org set by a rep: exit %d, want 1 saying only a lead may:\n%s", code, errOut)
	}
}

// TestTeamDatabaseUnreachable: a team database that cannot be reached gives
// exit 1 and a message naming the address (never a password), and a
// password written into the address is refused before anything connects.
func TestTeamDatabaseUnreachable(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	_, errOut, code := runCLIErr(t, "--db", "postgres://legit@127.0.0.1:1/legit?sslmode=disable", "contacts")
	if code != 1 || !strings.Contains(errOut, "127.0.0.1:1") {
		t.Errorf("unreachable server: exit %d, want 1 naming the address:\n%s", code, errOut)
	}
	_, errOut, code = runCLIErr(t, "--db", "postgres://legit:hunter2@127.0.0.1:1/legit", "contacts")
	if code != 1 || strings.Contains(errOut, "hunter2") || !strings.Contains(errOut, "PGPASSWORD") {
		t.Errorf("password in the address: exit %d, want 1 without the password, naming PGPASSWORD:\n%s", code, errOut)
	}
}

// pgTestDB is a team database for one test: a fresh schema on the server
// LEGIT_TEST_POSTGRES names, dropped at the end. Without it the test skips.
func pgTestDB(t *testing.T) string {
	t.Helper()
	url := os.Getenv("LEGIT_TEST_POSTGRES")
	if url == "" {
		t.Skip("needs PostgreSQL: set LEGIT_TEST_POSTGRES=postgres://… (.ci/run starts one)")
	}
	schema := fmt.Sprintf("cli_%d", time.Now().UnixNano())
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = raw.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); _ = raw.Close() })
	if strings.Contains(url, "?") {
		return url + "&search_path=" + schema
	}
	return url + "?search_path=" + schema
}
