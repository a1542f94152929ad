package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testEngine is the engine this pass of the store's tests runs on: TestMain
// runs every test on SQLite, then again on PostgreSQL when
// LEGIT_TEST_POSTGRES names a server.
var testEngine = sqliteEngine

// TestMain runs the tests on SQLite, then on PostgreSQL. Without
// LEGIT_TEST_POSTGRES the PostgreSQL pass is skipped, with a line saying how
// to run it; on CI (CI=true) it is required.
func TestMain(m *testing.M) {
	code := m.Run()
	url := os.Getenv("LEGIT_TEST_POSTGRES")
	switch {
	case url == "" && os.Getenv("CI") == "true":
		fmt.Fprintln(os.Stderr, "store: LEGIT_TEST_POSTGRES is not set, and CI runs the store's tests on PostgreSQL too (.ci/run starts a cluster)")
		code = 1
	case url == "":
		fmt.Println("store: PostgreSQL pass skipped: set LEGIT_TEST_POSTGRES=postgres://user@127.0.0.1:5432/db?sslmode=disable to run it (.ci/run starts a cluster)")
	case code == 0:
		testEngine = postgresEngine
		code = m.Run()
	}
	os.Exit(code)
}

// onPostgres reports whether this pass runs on PostgreSQL.
func onPostgres() bool { return testEngine == postgresEngine }

// sqliteOnly skips a test of something only SQLite has (a file, a pragma).
func sqliteOnly(t testing.TB, why string) {
	t.Helper()
	if onPostgres() {
		t.Skip("SQLite only: " + why)
	}
}

// openTestStore opens a new, empty store on the engine under test: an
// SQLite file in a temp folder, or a PostgreSQL schema of its own, dropped
// when the test ends.
func openTestStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), testDSN(t))
	if err != nil {
		t.Fatalf("Open() = %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// testDSN is where a new, empty database for t lives on the engine under
// test: a file path, or a PostgreSQL address with a fresh schema first in
// its search path.
func testDSN(t testing.TB) string {
	t.Helper()
	if !onPostgres() {
		return filepath.Join(t.TempDir(), "legit.db")
	}
	return postgresTestDSN(t, os.Getenv("LEGIT_TEST_POSTGRES"))
}

// postgresTestDSN is a PostgreSQL address on the server at url with a fresh
// schema first in its search path, dropped when the test ends.
func postgresTestDSN(t testing.TB, url string) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	schema := "t_" + hex.EncodeToString(b)
	admin, err := openPostgresDB(url, "")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() { dropSchema(url, schema) })
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}

// dropSchema removes a test's schema and everything in it.
func dropSchema(url, schema string) {
	db, err := openPostgresDB(url, "")
	if err != nil {
		return
	}
	defer db.Close()
	_, _ = db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
}

// pgFileBytes reads every file of every table, index and TOAST table of the
// test's schema in the PostgreSQL data directory, after a checkpoint has
// written the shared buffers out: what an erasure must leave no byte in.
// It skips the test when the server's files cannot be read from here.
func pgFileBytes(t *testing.T, url string) []byte {
	t.Helper()
	db, err := openPostgresDB(url, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var dir string
	if _, err := db.Exec(`CHECKPOINT`); err != nil {
		t.Skipf("cannot checkpoint the server (%v): its files cannot be checked from here", err)
	}
	if err := db.QueryRow(`SHOW data_directory`).Scan(&dir); err != nil {
		t.Skipf("cannot read the data directory (%v)", err)
	}
	rows, err := db.Query(`SELECT pg_relation_filepath(c.oid) FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'i', 't', 'm')
		UNION SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.reltoastrelid <> 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var all []byte
	for rows.Next() {
		var rel sql.NullString
		if err := rows.Scan(&rel); err != nil {
			t.Fatal(err)
		}
		if !rel.Valid {
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(dir, rel.String) + "*")
		for _, f := range matches {
			b, err := os.ReadFile(f)
			if errors.Is(err, os.ErrPermission) {
				t.Skipf("the server's files are not readable from here (%v)", err)
			}
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
	}
	if len(all) == 0 {
		t.Skip("the server's files are not on this machine")
	}
	return all
}
