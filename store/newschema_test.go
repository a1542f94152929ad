package store

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateSchema = flag.Bool("update", false, "write store/schema/sqlite.sql again from the migrations")

// schemaObject is one row of sqlite_schema.
type schemaObject struct{ kind, name, table, sql string }

// newSQLiteDB makes a new database file in dir the way Open does, with the
// schema from script (empty: every migration in turn).
func newSQLiteDB(t *testing.T, dir, name, script string) *sql.DB {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := initPageSize(ctx, path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := migrateWith(ctx, db, script); err != nil {
		t.Fatalf("migrate %s: %v", name, err)
	}
	return db
}

// schemaOf is every object of db's schema but SQLite's own, tables first
// (in the order they were made), then indexes, views and triggers.
func schemaOf(t *testing.T, db *sql.DB) []schemaObject {
	t.Helper()
	rows, err := db.Query(`SELECT type, name, tbl_name, sql FROM sqlite_schema
		WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.kind, &o.name, &o.table, &o.sql); err != nil {
			t.Fatal(err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNewSchemaScript checks that a new database made from the schema
// script has the schema that every migration in turn makes, object for
// object, the same migrations recorded and no rows a migration would have
// written; with -update it writes the script from the migrations.
func TestNewSchemaScript(t *testing.T) {
	if onPostgres() {
		t.Skip("SQLite only: a new PostgreSQL database runs its migrations")
	}
	dir := t.TempDir()
	stepped := newSQLiteDB(t, dir, "stepped.db", "")
	want := schemaOf(t, stepped)
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if *updateSchema {
		var b strings.Builder
		fmt.Fprintf(&b, "-- The SQLite schema the migrations in store/migrations make, for a new\n")
		fmt.Fprintf(&b, "-- database. Written by: go test ./store -run TestNewSchemaScript -update\n")
		fmt.Fprintf(&b, "-- (do not edit: add a migration, then write this again).\n")
		fmt.Fprintf(&b, "%s%d\n", schemaScriptVersion, ms[len(ms)-1].version)
		for _, o := range want {
			if o.name != "schema_migrations" { // migrate makes it first
				fmt.Fprintf(&b, "\n%s;\n", o.sql)
			}
		}
		if err := os.WriteFile(filepath.Join("schema", "sqlite.sql"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Skip("store/schema/sqlite.sql written again: run the tests without -update")
	}
	if _, ok := newSchemaScript(schemaScript, ms); !ok {
		t.Fatalf("store/schema/sqlite.sql is not the schema of migration %s: go test ./store -run TestNewSchemaScript -update", ms[len(ms)-1].name)
	}
	scripted := newSQLiteDB(t, dir, "scripted.db", schemaScript)
	if got := schemaOf(t, scripted); !slices.Equal(got, want) {
		for i := range max(len(got), len(want)) {
			switch {
			case i >= len(got):
				t.Errorf("the script lacks %s %s", want[i].kind, want[i].name)
			case i >= len(want) || got[i] != want[i]:
				t.Errorf("object %d: script %+v, migrations %+v", i, got[i], want[min(i, len(want)-1)])
			}
		}
		t.FailNow()
	}
	for _, db := range []*sql.DB{stepped, scripted} {
		var versions []int
		rows, err := db.Query(`SELECT version FROM schema_migrations ORDER BY version`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			versions = append(versions, v)
		}
		_ = rows.Close()
		if len(versions) != len(ms) || versions[len(versions)-1] != ms[len(ms)-1].version {
			t.Fatalf("recorded migrations %v, want the %d of store/migrations", versions, len(ms))
		}
	}
	for _, o := range want {
		if o.kind != "table" || o.name == "schema_migrations" {
			continue
		}
		var n int
		if err := stepped.QueryRow(`SELECT COUNT(*) FROM "` + o.name + `"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			t.Errorf("the migrations leave %d rows in %s, which the schema script does not write", n, o.name)
		}
	}
}
