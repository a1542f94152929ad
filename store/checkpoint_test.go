package store

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"strings"
	"testing"
)

// rebuildChain rewrites the log as someone with write access to the
// database could: it deletes the events matching where, then recomputes
// every hash so that the chain verifies again.
func rebuildChain(t *testing.T, s *Store, where string) {
	t.Helper()
	for _, q := range triggerToggles(s, "DISABLE") {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Exec(`DELETE FROM events WHERE ` + where); err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.Query(`SELECT id, at, rep, kind, contact_ref, details FROM events ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	type ev struct {
		id                          int64
		at, rep, kind, ref, details string
	}
	var evs []ev
	for rows.Next() {
		var e ev
		if err := rows.Scan(&e.id, &e.at, &e.rep, &e.kind, &e.ref, &e.details); err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e)
	}
	rows.Close()
	if _, err := s.db.Exec(`DELETE FROM events`); err != nil {
		t.Fatal(err)
	}
	prev := GenesisHash
	for i, e := range evs {
		h := EventHash(prev, e.at, e.rep, e.kind, e.ref, e.details)
		if _, err := s.db.Exec(`INSERT INTO events (id, at, rep, kind, contact_ref, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			i+1, e.at, e.rep, e.kind, e.ref, e.details, prev, h); err != nil {
			t.Fatal(err)
		}
		prev = h
	}
	for _, q := range triggerToggles(s, "ENABLE") {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// triggerToggles are the statements that switch the log's append-only
// triggers off (DISABLE) or back on (ENABLE): what a database owner can do.
func triggerToggles(s *Store, how string) []string {
	if s.Postgres() {
		return []string{`ALTER TABLE events ` + how + ` TRIGGER USER`}
	}
	if how == "DISABLE" {
		return []string{`DROP TRIGGER events_no_update`, `DROP TRIGGER events_no_delete`}
	}
	return nil
}

// TestCheckpointCatchesARebuiltLog: a lead signs the log's head; someone
// who can write to the database deletes an opt-out and recomputes every
// hash. The chain verifies, but the checkpoint does not hold, and no new
// checkpoint is signed over it.
func TestCheckpointCatchesARebuiltLog(t *testing.T) {
	ctx := context.Background()
	s := logStore(t, 6)
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	pub := hex.EncodeToString(key.Public().(ed25519.PublicKey))
	c, err := s.AddCheckpoint(ctx, key, "Lena Lead")
	if err != nil || c.Events != 6 || !c.SignatureHolds() {
		t.Fatalf("AddCheckpoint() = %+v, %v", c, err)
	}
	r, err := s.VerifyChainTrusting(ctx, map[string]bool{pub: true}, nil)
	if err != nil || len(r.Checkpoints) != 1 || r.Checkpoints[0].Problem != "" || !r.Checkpoints[0].Trusted {
		t.Fatalf("VerifyChainTrusting() before any change = %+v, %v; want one trusted checkpoint that holds", r, err)
	}

	rebuildChain(t, s, `id = 3`)
	r, err = s.VerifyChainTrusting(ctx, map[string]bool{pub: true}, nil)
	if err != nil {
		t.Fatalf("the rebuilt chain should verify as a chain: %v", err)
	}
	if len(r.Checkpoints) != 1 || !strings.Contains(r.Checkpoints[0].Problem, "removed or rewritten") {
		t.Errorf("checkpoint after the rebuild = %+v, want it broken", r.Checkpoints)
	}
	if _, err := s.AddCheckpoint(ctx, key, "Lena Lead"); err == nil {
		t.Error("AddCheckpoint() over a log that broke an earlier checkpoint succeeded")
	}
}

// TestCheckpointKeptByTheLead: a checkpoint deleted from the database is
// still checked from the copy the lead kept, and an altered one fails its
// signature.
func TestCheckpointKeptByTheLead(t *testing.T) {
	ctx := context.Background()
	s := logStore(t, 4)
	_, key, _ := ed25519.GenerateKey(nil)
	c, err := s.AddCheckpoint(ctx, key, "Lena Lead")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`DELETE FROM checkpoints`); err != nil {
		t.Fatal(err)
	}
	rebuildChain(t, s, `id = 4`)
	r, err := s.VerifyChainTrusting(ctx, nil, []Checkpoint{c})
	if err != nil || len(r.Checkpoints) != 1 || r.Checkpoints[0].Problem == "" {
		t.Errorf("kept checkpoint over a cut log = %+v, %v; want it broken", r.Checkpoints, err)
	}
	forged := c
	forged.Events = 3
	if forged.SignatureHolds() {
		t.Error("a checkpoint with its count changed still verifies")
	}
}
