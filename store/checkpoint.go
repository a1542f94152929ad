package store

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"time"
)

// Checkpoint is a lead's signature over the log as it stood: how many
// events it held and the hash of the last. Signed with an Ed25519 key kept
// outside the database, it proves later that the log up to that point is
// the one the lead saw, even against someone who can write to the database
// and recompute every hash.
type Checkpoint struct {
	Events    int    `json:"events"`
	Head      string `json:"head"`
	At        string `json:"at"`
	Signer    string `json:"signer"`
	PublicKey string `json:"public_key"` // hex
	Signature string `json:"signature"`  // hex
}

// signedText is what a checkpoint's signature covers.
func (c Checkpoint) signedText() []byte {
	return fmt.Appendf(nil, "legit log checkpoint 1\nevents %d\nhead %s\nat %s\nsigner %s\n", c.Events, c.Head, c.At, c.Signer)
}

// SignCheckpoint signs a log of events events ending in head, as signer.
func SignCheckpoint(key ed25519.PrivateKey, events int, head, signer string, at time.Time) Checkpoint {
	c := Checkpoint{Events: events, Head: head, At: timeText(at), Signer: signer,
		PublicKey: hex.EncodeToString(key.Public().(ed25519.PublicKey))}
	c.Signature = hex.EncodeToString(ed25519.Sign(key, c.signedText()))
	return c
}

// SignatureHolds reports whether the signature is the one its public key
// made over its content.
func (c Checkpoint) SignatureHolds() bool {
	pub, err := hex.DecodeString(c.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return false
	}
	sig, err := hex.DecodeString(c.Signature)
	return err == nil && ed25519.Verify(ed25519.PublicKey(pub), c.signedText(), sig)
}

// CheckpointResult is one checkpoint checked against a chain.
type CheckpointResult struct {
	Checkpoint
	// Trusted: signed by a key the reader said they trust (the lead's).
	Trusted bool
	// Problem says what does not hold ("" when the chain holds the signed
	// head at the signed count and the signature is good).
	Problem string
}

// CheckpointChecker checks checkpoints while a chain is verified link by
// link, keeping only the checkpoints in memory.
type CheckpointChecker struct {
	results []CheckpointResult
	reached []bool
	byCount map[int][]int
}

// NewCheckpointChecker prepares to check cps; a checkpoint whose public key
// is among trusted (hex) is marked trusted.
func NewCheckpointChecker(cps []Checkpoint, trusted map[string]bool) *CheckpointChecker {
	c := &CheckpointChecker{byCount: map[int][]int{}}
	for i, cp := range cps {
		r := CheckpointResult{Checkpoint: cp, Trusted: trusted[cp.PublicKey]}
		if !cp.SignatureHolds() {
			r.Problem = "its signature does not hold: the checkpoint was altered"
		}
		c.results = append(c.results, r)
		c.reached = append(c.reached, false)
		c.byCount[cp.Events] = append(c.byCount[cp.Events], i)
	}
	return c
}

// At is told the count and hash of each link as the chain is verified.
func (c *CheckpointChecker) At(count int, head string) {
	for _, i := range c.byCount[count] {
		r := &c.results[i]
		c.reached[i] = true
		if r.Problem == "" && r.Head != head {
			r.Problem = fmt.Sprintf("event %d is not the one %s signed on %s: the log was rewritten before that point", count, r.Signer, r.At)
		}
	}
}

// Finish returns every checkpoint's result once the chain ended after
// count events (or broke there).
func (c *CheckpointChecker) Finish(count int) []CheckpointResult {
	out := make([]CheckpointResult, len(c.results))
	for i, r := range c.results {
		if !c.reached[i] && r.Problem == "" {
			r.Problem = fmt.Sprintf("the log holds %d intact events, %s signed %d on %s: events were removed or rewritten after event %d", count, r.Signer, r.Events, r.At, count)
		}
		out[i] = r
	}
	return out
}

// Checkpoints returns the log's signed checkpoints, oldest first.
func (s *Store) Checkpoints(ctx context.Context) ([]Checkpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT events, head, at, signer, public_key, signature FROM checkpoints ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read checkpoints: %w", err)
	}
	var out []Checkpoint
	for rows.Next() {
		var c Checkpoint
		if err := rows.Scan(&c.Events, &c.Head, &c.At, &c.Signer, &c.PublicKey, &c.Signature); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read checkpoints: %w", err)
		}
		out = append(out, c)
	}
	return out, closeRows(rows, "read checkpoints")
}

// AddCheckpoint verifies the whole log and, if it holds, signs its head
// with key as signer and stores the checkpoint. A broken log is not signed.
func (s *Store) AddCheckpoint(ctx context.Context, key ed25519.PrivateKey, signer string) (Checkpoint, error) {
	r, err := s.VerifyChain(ctx)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("the log does not verify, so it is not signed: %w", err)
	}
	for _, cp := range r.Checkpoints {
		if cp.Problem != "" {
			return Checkpoint{}, fmt.Errorf("an earlier checkpoint does not hold (%s), so the log is not signed", cp.Problem)
		}
	}
	c := SignCheckpoint(key, r.Events, r.Head, signer, s.now())
	_, err = s.db.ExecContext(ctx, `INSERT INTO checkpoints (events, head, at, signer, public_key, signature) VALUES (?, ?, ?, ?, ?, ?)`,
		c.Events, c.Head, c.At, c.Signer, c.PublicKey, c.Signature)
	if err != nil {
		return c, fmt.Errorf("store the checkpoint: %w", err)
	}
	return c, nil
}
