package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// migrateTo applies the embedded migrations up to version last on a new
// database at path, the way an older legit left it.
func migrateTo(t *testing.T, path string, last int) *sql.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite3", DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.version <= last {
			if err := applyMigrations(ctx, conn, m); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestRebuildMigrationKeepsRowsAndRules upgrades a version-7 database holding
// a contact with a source, a message and a consent, and checks that the
// rebuilt tables keep every row and still enforce what they did.
func TestRebuildMigrationKeepsRowsAndRules(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "legit.db")
	old := migrateTo(t, path, 7)
	for _, q := range []string{
		`INSERT INTO reps (id, name, email, created_at) VALUES (1, 'Robin Maes', 'robin@northwind.example', 'x')`,
		`INSERT INTO contacts (id, ref, name, email, email_key, email_hash, status, basis_kind, created_at, updated_at, last_reply_at)
		 VALUES (7, 'c-07', 'Jan de Vries', 'jan@polderdata.example', 'jan@polderdata.example', 'h7', 'opted_out', 'consent', 'a', 'b', 'c')`,
		`INSERT INTO contacts (id, ref, name, created_at, updated_at) VALUES (8, 'c-08', 'Anna Nowak', 'a', 'b')`,
		`INSERT INTO sources (id, contact_id, kind, detail, obtained_at, obtained_by, line) VALUES (3, 7, 'business_card', 'booth 14', 'x', 'Robin Maes', 4)`,
		`INSERT INTO messages (contact_id, rep_id, subject, created_at) VALUES (7, 1, 'Hello', 'x')`,
		`INSERT INTO consents (contact_id, purpose, evidence, granted_at) VALUES (7, 'marketing', 'form', 'x')`,
	} {
		if _, err := old.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open() of a version-7 database = %v", err)
	}
	defer s.Close()
	var got string
	if err := s.db.QueryRow(`SELECT c.ref || c.status || c.basis_kind || c.last_reply_at || s.detail || s.line
		FROM contacts c JOIN sources s ON s.contact_id = c.id WHERE c.id = 7`).Scan(&got); err != nil {
		t.Fatalf("read the migrated contact: %v", err)
	}
	if want := "c-07opted_outconsentcbooth 144"; got != want {
		t.Errorf("migrated contact = %q, want %q", got, want)
	}

	for _, tc := range []struct{ what, q string }{
		{"a source of no contact", `INSERT INTO sources (contact_id, kind, detail, obtained_at, obtained_by) VALUES (99, 'manual', 'd', 'x', 'r')`},
		{"an unknown source kind", `INSERT INTO sources (contact_id, kind, detail, obtained_at, obtained_by) VALUES (7, 'scraped', 'd', 'x', 'r')`},
		{"an unknown status", `UPDATE contacts SET status = 'gone' WHERE id = 8`},
		{"an unknown basis", `UPDATE contacts SET basis_kind = 'hunch' WHERE id = 8`},
		{"a doubled address", `UPDATE contacts SET email_key = 'jan@polderdata.example' WHERE id = 8`},
	} {
		if _, err := s.db.Exec(tc.q); err == nil {
			t.Errorf("%s was accepted after the migration", tc.what)
		}
	}
	if _, err := s.db.Exec(`INSERT INTO contacts (ref, name, created_at, updated_at) VALUES ('c-09', 'Lena Fischer', 'a', 'b')`); err != nil {
		t.Errorf("a second contact without an address was refused: %v", err)
	}
	if _, err := s.db.Exec(`DELETE FROM contacts WHERE id = 7`); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := s.db.QueryRow(`SELECT (SELECT COUNT(*) FROM sources) + (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM consents)`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("deleting the contact left %d rows that refer to it, want them deleted with it", left)
	}
}

// TestOldPageSizeIsKept opens a database an older legit made with 4 KiB
// pages: it must open as it is, only new files get larger pages.
func TestOldPageSizeIsKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "legit.db")
	if err := migrateTo(t, path, 7).Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open() = %v", err)
	}
	defer s.Close()
	if got, err := s.Pragma(context.Background(), "page_size"); err != nil || got != "4096" {
		t.Errorf("page_size = %q, %v; want the file's own 4096", got, err)
	}
}

// TestMigrationRefusesNewDanglingKeys: a step that would leave a row
// pointing nowhere is rolled back whole and not recorded.
func TestMigrationRefusesNewDanglingKeys(t *testing.T) {
	ctx := context.Background()
	db := migrateTo(t, filepath.Join(t.TempDir(), "legit.db"), 8)
	if _, err := db.Exec(`INSERT INTO contacts (id, ref, name, created_at, updated_at) VALUES (7, 'c-07', 'Jan de Vries', 'a', 'b');
		INSERT INTO sources (contact_id, kind, detail, obtained_at, obtained_by) VALUES (7, 'manual', 'd', 'x', 'r')`); err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		t.Fatal(err)
	}
	bad := migration{version: 99, name: "0099_bad.sql", sql: `DELETE FROM contacts WHERE id = 7`}
	if err := applyMigrations(ctx, conn, bad); err == nil || !strings.Contains(err.Error(), "referring to nothing") {
		t.Fatalf("applying a step that leaves a source without its contact = %v, want it refused for that", err)
	}
	var contacts, recorded int
	if err := conn.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM contacts), (SELECT COUNT(*) FROM schema_migrations WHERE version = 99)`).Scan(&contacts, &recorded); err != nil {
		t.Fatal(err)
	}
	if contacts != 1 || recorded != 0 {
		t.Errorf("after the refused step: %d contacts, recorded %d times; want it rolled back", contacts, recorded)
	}
}

// TestMigrationToleratesOldDanglingKeys: a database edited by hand with
// foreign keys off may already hold a row pointing nowhere. It still opens
// (the step did not cause it), and the connection the steps ran on has
// foreign keys back on.
func TestMigrationToleratesOldDanglingKeys(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "legit.db")
	db := migrateTo(t, path, 7)
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`PRAGMA foreign_keys = OFF;
		INSERT INTO sources (contact_id, kind, detail, obtained_at, obtained_by) VALUES (42, 'manual', 'orphan', 'x', 'r');
		PRAGMA foreign_keys = ON`); err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db); err != nil {
		t.Fatalf("migrate() with an old dangling source = %v", err)
	}
	var fk, orphans int
	if err := db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys after migrating = %d, %v; want 1 on the pooled connection", fk, err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM sources WHERE detail = 'orphan'`).Scan(&orphans); err != nil || orphans != 1 {
		t.Errorf("the old orphan source: %d rows, %v; want it kept as it was", orphans, err)
	}
}
