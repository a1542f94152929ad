package cli

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestImportByTwoReps: on a team database made with legit team init and
// legit team add, two reps import the same LinkedIn export, each connected
// as their own role. The first imports it; the second's summary says the
// rows are the colleague's, and nothing is doubled.
func TestImportByTwoReps(t *testing.T) {
	db := pgTestDB(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	raw, err := sql.Open("pgx", os.Getenv("LEGIT_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	suffix := hex.EncodeToString(b)
	var logins []string
	t.Cleanup(func() {
		for _, l := range logins {
			_, _ = raw.Exec(`DROP OWNED BY ` + l)
			_, _ = raw.Exec(`DROP ROLE ` + l)
		}
		_ = raw.Close()
	})
	if out, code := runCLI(t, "team", "init", db); code != 0 {
		t.Fatalf("team init: exit %d:\n%s", code, out)
	}
	connect := regexp.MustCompile(`connects with: legit --db '([^']+)'`)
	urls := map[string]string{}
	for _, m := range [][2]string{{"Sam Peeters", "sam@northwind.example"}, {"Anna Jansen", "anna@northwind.example"}} {
		login := "m" + suffix + "_" + strings.SplitN(m[1], "@", 2)[0]
		logins = append(logins, login)
		out, code := runCLI(t, "--db", db, "team", "add", m[0], m[1], "--role", "rep", "--login", login)
		match := connect.FindStringSubmatch(out)
		if code != 0 || match == nil {
			t.Fatalf("team add %s: exit %d:\n%s", m[0], code, out)
		}
		urls[m[0]] = match[1]
	}
	file := filepath.Join("..", "..", "testdata", "import", "linkedin_current.csv")

	out, errOut, code := runCLIErr(t, "--db", urls["Sam Peeters"], "import", file, "--source-detail", "my connections")
	if code != 0 || !strings.Contains(out, "new contacts          5") || strings.Contains(out, "colleagues'") {
		t.Fatalf("Sam's import: exit %d, want 5 new contacts:\n%s%s", code, out, errOut)
	}
	js, code := runCLI(t, "--db", urls["Anna Jansen"], "import", file, "--source-detail", "my connections", "--dry-run", "--json")
	if code != 0 || !strings.Contains(js, `"owned": 5`) || !strings.Contains(js, `"owner": "Sam Peeters"`) {
		t.Errorf("Anna's dry run --json: exit %d, want owned 5 by Sam Peeters:\n%s", code, js)
	}
	out, errOut, code = runCLIErr(t, "--db", urls["Anna Jansen"], "import", file, "--source-detail", "my connections")
	want := "  skipped, colleagues'  5 (owned by Sam Peeters: ask your lead to share them)\n"
	if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "new contacts          0") {
		t.Errorf("Anna's import of the same file: exit %d, want %q and nothing new:\n%s%s", code, want, out, errOut)
	}
	var n int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM ` + schemaOf(t, db) + `.contacts`).Scan(&n); err != nil || n != 5 {
		t.Errorf("%d contacts in the team database (%v), want 5: no duplicates", n, err)
	}
}

// schemaOf is the schema a test database's address puts first in its
// search path.
func schemaOf(t *testing.T, db string) string {
	t.Helper()
	_, s, ok := strings.Cut(db, "search_path=")
	if !ok {
		t.Fatalf("no search_path in %s", db)
	}
	return s
}
