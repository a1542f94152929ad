package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/bits"
	"time"
)

// FingerprintSize is the length in bytes of a body's fingerprint
// (outreach.Fingerprint: 1,024 one-bit slots).
const FingerprintSize = 128

// NearCopyLimit is the ratio from which a colleague's email is answered as
// a near copy: the not-bulk rule's limit (outreach.SimilarityLimit). Below
// it nothing is said about a colleague's email, so the answer cannot be used
// to measure how close a guess comes to one. PostgreSQL's
// legit_colleague_copy holds the same figure.
const NearCopyLimit = 0.9

// ColleagueCopy is a near copy of a draft that another rep sent or queued
// to someone else: who, when and how close; never the email, its recipient
// or its fingerprint.
type ColleagueCopy struct {
	Rep    string
	At     time.Time // when it was sent, or queued
	Ratio  float64   // the estimated ratio of the not-bulk rule, NearCopyLimit or more
	Queued bool      // it waits in the colleague's outbox, not sent yet
}

// MessageFingerprint is the fingerprint of one stored message.
type MessageFingerprint struct {
	ID          int64
	Fingerprint []byte
}

// FingerprintRatio estimates, from two fingerprints, the ratio the
// not-bulk rule computes from the two bodies: the share of equal bits E
// gives the shingles' Jaccard ratio J = 2E - 1 (0 when below), and the rule's
// Dice ratio is 2J/(1+J). PostgreSQL's legit_colleague_copy computes the
// same in SQL. Fingerprints of different sizes compare as 0.
func FingerprintRatio(a, b []byte) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	differ := 0
	for i := range a {
		differ += bits.OnesCount8(a[i] ^ b[i])
	}
	n := float64(8 * len(a))
	j := max(0, 2*(n-float64(differ))/n-1)
	return 2 * j / (1 + j)
}

// ColleagueCopy finds the nearest copy of fingerprint (a draft to
// contactID, written by repID) among the emails other reps sent or queued
// since since to anyone else, when it reaches NearCopyLimit; nil when there
// is none. On PostgreSQL the server compares (a rep reads no colleague's
// messages) and answers a name, a date and a ratio; on SQLite the file's
// other reps are the colleagues. Messages stored without a fingerprint
// (before it existed, and not yet backfilled) are not compared.
func (s *Store) ColleagueCopy(ctx context.Context, repID, contactID int64, fingerprint []byte, since time.Time) (*ColleagueCopy, error) {
	if len(fingerprint) != FingerprintSize {
		return nil, fmt.Errorf("look for a colleague's near copy: a fingerprint has %d bytes, not %d", FingerprintSize, len(fingerprint))
	}
	if s.Postgres() {
		return s.colleagueCopyPG(ctx, repID, contactID, fingerprint, since)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.rep_id, COALESCE(m.sent_at, m.queued_at), m.state, m.fingerprint
		FROM messages m INDEXED BY messages_fingerprint_at
		WHERE m.fingerprint IS NOT NULL AND COALESCE(m.sent_at, m.queued_at) >= ?
		AND m.rep_id != ? AND m.contact_id != ? AND m.kind != 'access' AND m.state IN ('sent', 'queued')`,
		timeText(since), repID, contactID)
	if err != nil {
		return nil, fmt.Errorf("look for a colleague's near copy: %w", err)
	}
	var best ColleagueCopy
	var bestRep int64
	var bestAt string
	for rows.Next() {
		var rep int64
		var at, state, fp sql.RawBytes
		if err := rows.Scan(&rep, &at, &state, &fp); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read a colleague's fingerprint: %w", err)
		}
		r := FingerprintRatio(fingerprint, fp)
		if r >= NearCopyLimit && (bestRep == 0 || r > best.Ratio || (r == best.Ratio && string(at) > bestAt)) {
			best.Ratio, bestRep, bestAt = r, rep, string(at)
			best.Queued = string(state) == string(StateQueued)
		}
	}
	if err := closeRows(rows, "look for a colleague's near copy"); err != nil {
		return nil, err
	}
	if bestRep == 0 {
		return nil, nil
	}
	if best.At, err = parseTime(bestAt); err != nil {
		return nil, fmt.Errorf("read a colleague's email date: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT name FROM reps WHERE id = ?`, bestRep).Scan(&best.Rep); err != nil {
		return nil, fmt.Errorf("read the name of the colleague who sent a near copy: %w", err)
	}
	return &best, nil
}

// colleagueCopyPG asks the server (legit_colleague_copy, migration 0016).
func (s *Store) colleagueCopyPG(ctx context.Context, repID, contactID int64, fingerprint []byte, since time.Time) (*ColleagueCopy, error) {
	var c ColleagueCopy
	err := s.db.QueryRowContext(ctx, `SELECT rep_name, sent_at, ratio, queued FROM legit_colleague_copy(?, ?, ?, ?)`,
		repID, contactID, fingerprint, since.UTC()).Scan(&c.Rep, &c.At, &c.Ratio, &c.Queued)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, teamGuardErr("look for a colleague's near copy", err)
	}
	c.At = c.At.UTC()
	return &c, nil
}

// SetFingerprints stores the fingerprints of messages stored before there
// were any (the lazy backfill: outreach computes them from this rep's own
// recent messages), all in one transaction. A message that has one keeps it.
func (s *Store) SetFingerprints(ctx context.Context, fps []MessageFingerprint) error {
	if len(fps) == 0 {
		return nil
	}
	return s.InTx(ctx, func(t *Tx) error {
		st := t.stmt(t.s.q.SetFingerprint)
		for _, f := range fps {
			if len(f.Fingerprint) != FingerprintSize {
				return fmt.Errorf("store the fingerprint of message %d: %d bytes, not %d", f.ID, len(f.Fingerprint), FingerprintSize)
			}
			if _, err := st.Exec(f.Fingerprint, f.ID); err != nil {
				return fmt.Errorf("store the fingerprint of message %d: %w", f.ID, err)
			}
		}
		return nil
	})
}
