package cli

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"legit/store"
)

// rebuildLog deletes the first suppression event of the SQLite database at
// db and recomputes every hash after it, as a rep with the file could: the
// chain verifies again.
func rebuildLog(t *testing.T, db string) {
	t.Helper()
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{`DROP TRIGGER events_no_update`, `DROP TRIGGER events_no_delete`,
		`DELETE FROM events WHERE id = (SELECT MIN(id) FROM events WHERE kind = 'suppression')`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := raw.Query(`SELECT at, rep, kind, contact_ref, details FROM events ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var evs [][5]string
	for rows.Next() {
		var e [5]string
		if err := rows.Scan(&e[0], &e[1], &e[2], &e[3], &e[4]); err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e)
	}
	rows.Close()
	if _, err := raw.Exec(`DELETE FROM events`); err != nil {
		t.Fatal(err)
	}
	prev := store.GenesisHash
	for i, e := range evs {
		h := store.EventHash(prev, e[0], e[1], e[2], e[3], e[4])
		if _, err := raw.Exec(`INSERT INTO events (id, at, rep, kind, contact_ref, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			i+1, e[0], e[1], e[2], e[3], e[4], prev, h); err != nil {
			t.Fatal(err)
		}
		prev = h
	}
}

// TestCheckpointThenRebuiltLog: the lead signs the log; the rep rebuilds it
// without an opt-out and recomputes the hashes; log verify exits 1 naming
// the checkpoint, while the chain alone would pass.
func TestCheckpointThenRebuiltLog(t *testing.T) {
	dir, db := demoDB(t)
	t.Setenv("XDG_DATA_HOME", dir)
	out, code := runCLI(t, "--db", db, "log", "checkpoint")
	if code != 0 || !strings.Contains(out, "Signed the log at") || !strings.Contains(out, "Made your lead key") {
		t.Fatalf("log checkpoint: exit %d:\n%s", code, out)
	}
	if fi, err := os.Stat(filepath.Join(dir, "legit", "lead.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("lead key: %v, %v; want a 0600 file", fi, err)
	}
	out, code = runCLI(t, "--db", db, "log", "verify")
	if code != 0 || !strings.Contains(out, ": holds") {
		t.Fatalf("log verify after a checkpoint: exit %d:\n%s", code, out)
	}
	rebuildLog(t, db)
	out, code = runCLI(t, "--db", db, "log", "verify")
	if code != 1 || !strings.Contains(out, "chain ok") || !strings.Contains(out, "broken:") {
		t.Errorf("log verify of a rebuilt log: exit %d, want 1 with the chain ok and the checkpoint broken:\n%s", code, out)
	}
}

// TestReviewCatchesALogRebuiltAfterReview: a lead reviews Robin's bundle
// (which signs its head, kept by the lead); Robin rebuilds his log without
// an opt-out and exports again; the next review says the log no longer
// holds what was reviewed, and exits 1.
func TestReviewCatchesALogRebuiltAfterReview(t *testing.T) {
	dir, db := demoDB(t)
	t.Setenv("XDG_DATA_HOME", dir)
	first := filepath.Join(dir, "robin-1.jsonl")
	if out, code := runCLI(t, "--db", db, "log", "export", first); code != 0 {
		t.Fatalf("log export: exit %d:\n%s", code, out)
	}
	if out, code := runCLI(t, "review", "--json", first); code != 0 {
		t.Fatalf("first review: exit %d:\n%s", code, out)
	}
	rebuildLog(t, db)
	second := filepath.Join(dir, "robin-2.jsonl")
	if out, code := runCLI(t, "--db", db, "log", "export", second); code != 0 {
		t.Fatalf("log export: exit %d:\n%s", code, out)
	}
	out, code := runCLI(t, "review", "--json", second)
	if code != 1 || !strings.Contains(out, "a log you reviewed before is not in this one") {
		t.Errorf("review of a rebuilt log: exit %d, want 1 saying the reviewed log is gone:\n%s", code, out)
	}
}
