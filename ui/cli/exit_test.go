package cli

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"legit/store"
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
	emptyDB(t, empty)
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

// emptyDB creates a new, empty database at path.
func emptyDB(t *testing.T, path string) {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestMistypedDBIsNotCreated: a read-only command on a path with no
// database says so and creates nothing; import starts one and says where.
func TestMistypedDBIsNotCreated(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	typo := filepath.Join(dir, "legti.db")
	for _, args := range [][]string{{"contacts"}, {"log"}, {"deadlines"}, {"retention"}} {
		_, errText, code := runCLIErr(t, append([]string{"--db", typo}, args...)...)
		if code != 1 || !strings.Contains(errText, "no database at "+typo) {
			t.Errorf("%v on a missing database: exit %d, %q; want 1 naming the path", args, code, errText)
		}
	}
	if _, err := os.Stat(typo); !os.IsNotExist(err) {
		t.Fatalf("a read-only command created %s (%v)", typo, err)
	}
	csv := filepath.Join(dir, "cards.csv")
	if err := os.WriteFile(csv, []byte("Name,Email\nJan de Vries,jan@polderdata.example\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errText, code := runCLIErr(t, "--db", typo, "import", csv, "--source-kind", "business_card", "--source-detail", "cards from booth 14")
	if code != 0 || !strings.Contains(errText, "starting a new database at "+typo) {
		t.Errorf("import into a new database: exit %d, stderr %q; want 0 and the path announced", code, errText)
	}
}

// An import of a folder, or of a spreadsheet with no name or address
// column, says what to give instead, and creates no database.
func TestImportBadFileSaysWhatToGive(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	db := filepath.Join(dir, "legit.db")
	sheet := filepath.Join(dir, "sheet.csv")
	if err := os.WriteFile(sheet, []byte("a,b\n1,2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		dir:   dir + " is a folder: give the path of a .csv or .vcf file in it",
		sheet: "name the columns in the first row, or use --map column=field",
	} {
		_, errText, code := runCLIErr(t, "--db", db, "import", file, "--source-kind", "event", "--source-detail", "fair")
		if code != 1 || !strings.Contains(errText, want) {
			t.Errorf("import %s: exit %d, %q; want 1 saying %q", file, code, errText, want)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a refused import created the database (%v)", err)
	}
}

// TestLogRepIgnoresCase: --rep takes the name in any case; an unknown rep
// is a usage error that lists the reps in the log.
func TestLogRepIgnoresCase(t *testing.T) {
	_, db := demoDB(t)
	out, code := runCLI(t, "--db", db, "log", "--rep", "robin MAES", "--json", "--limit", "3")
	if code != 0 || !strings.Contains(out, `"rep": "Robin Maes"`) {
		t.Errorf("log --rep 'robin MAES': exit %d:\n%s", code, out)
	}
	_, errText, code := runCLIErr(t, "--db", db, "log", "--rep", "Sam")
	if code != 2 || !strings.Contains(errText, "Robin Maes") {
		t.Errorf("log --rep Sam: exit %d, %q; want 2 listing the reps", code, errText)
	}
}

// TestRegisterImport: a Bulgarian register is imported with its bad line
// reported; its addresses are suppressed; a country without one is a usage error.
func TestRegisterImport(t *testing.T) {
	dir, db := demoDB(t)
	file := filepath.Join(dir, "kzp.csv")
	if err := os.WriteFile(file, []byte("Email;Company\nstefan.dimitrov@varna-ports.example;Varna Ports EAD\nno address\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code := runCLI(t, "--db", db, "register", "import", file, "--country", "BG")
	if code != 0 || !strings.Contains(out, "1 address is on the suppression list") || !strings.Contains(out, "line 3") {
		t.Fatalf("register import: exit %d:\n%s", code, out)
	}
	out, code = runCLI(t, "--db", db, "register")
	if code != 0 || !strings.Contains(out, "BG  KZP register") {
		t.Errorf("register: exit %d:\n%s", code, out)
	}
	out, code = runCLI(t, "--db", db, "contacts", "--filter", "suppressed", "--json")
	if code != 0 || !strings.Contains(out, "Stefan Dimitrov") {
		t.Errorf("the register's address (Stefan's company) is not suppressed: exit %d:\n%s", code, out)
	}
	if _, code := runCLI(t, "--db", db, "register", "import", file, "--country", "SE"); code != 2 {
		t.Errorf("register import --country SE: exit %d, want 2", code)
	}
}
