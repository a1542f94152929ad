package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"testing"

	"legit/contacts"
)

// listSchema is the definition of each of listObjects in s.
func listSchema(t *testing.T, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range listObjects {
		var sql string
		if err := s.db.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = ?`, name).Scan(&sql); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = sql
	}
	return out
}

// TestImportIntoEmptyRemakesTheListIndexes checks that an import into a
// database without contacts, which sets the list's indexes and trigger
// aside while it writes, leaves them as they were, whether it succeeds,
// fails or is cancelled, and that the indexes it made hold every row.
func TestImportIntoEmptyRemakesTheListIndexes(t *testing.T) {
	if onPostgres() {
		t.Skip("SQLite only: PostgreSQL imports keep their indexes")
	}
	ctx := context.Background()
	s, rep := openImportStore(t)
	want := listSchema(t, s)
	p := parseFixture(t, "linkedin_current.csv")

	if _, err := s.Import(ctx, batchFor(p, rep, contacts.SourceKind("bogus")), p.Records, nil); err == nil {
		t.Fatal("Import() with a bad source kind succeeded")
	}
	if got := listSchema(t, s); !maps.Equal(got, want) {
		t.Fatalf("after a failed import the list's objects are %v, want %v", got, want)
	}

	recs := make([]contacts.ImportRow, 3000)
	for i := range recs {
		recs[i] = contacts.ImportRow{Line: i + 2, Name: fmt.Sprintf("Person %d", i), Email: fmt.Sprintf("p%d@defer.example", i)}
	}
	cctx, cancel := context.WithCancel(ctx)
	_, err := s.Import(cctx, batchFor(p, rep, contacts.LinkedIn), recs, func(done, _ int) {
		if done >= 1024 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Import() = %v, want context.Canceled", err)
	}
	if got := listSchema(t, s); !maps.Equal(got, want) {
		t.Fatalf("after a cancelled import the list's objects are %v, want %v", got, want)
	}

	if _, err := s.Import(ctx, batchFor(p, rep, contacts.LinkedIn), recs, nil); err != nil {
		t.Fatal(err)
	}
	if got := listSchema(t, s); !maps.Equal(got, want) {
		t.Fatalf("after an import the list's objects are %v, want %v", got, want)
	}
	var check string
	if err := s.db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	var listed int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM contacts INDEXED BY contacts_list WHERE name COLLATE NOCASE >= ''`).Scan(&listed); err != nil || listed != len(recs) {
		t.Fatalf("contacts_list holds %d rows (%v), want %d", listed, err, len(recs))
	}

	text, err := engineQueryText(s.engine)
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		objs, err := tx.deferObjects(text, listObjects)
		if err == nil && len(objs) > 0 {
			err = fmt.Errorf("with contacts stored, an import set %d of the list's objects aside", len(objs))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
