package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// ChainLink is one event as it is stored: the text its hash covers, its
// prev_hash and its hash. Verification works on links so that the database
// and a bundle file are checked by the same code.
type ChainLink struct {
	ID         int64
	At         string
	Rep        string
	Kind       string
	ContactRef string
	Details    string
	PrevHash   string
	Hash       string
}

// ChainError is the first broken link of a chain: the event where the chain
// stops proving that nothing was changed, and what is wrong there.
type ChainError struct {
	EventID int64
	Problem string
}

// Error says where the chain breaks and why.
func (e *ChainError) Error() string {
	return fmt.Sprintf("chain broken at event %d: %s", e.EventID, e.Problem)
}

// ChainVerifier checks links one at a time, in chain order, from the first
// event of the log. A link passes when its ID follows the one before, its
// hash is the hash of its own content, and its prev_hash is the hash of the
// event before (GenesisHash for event 1).
type ChainVerifier struct {
	prev   string
	lastID int64
	n      int
}

// NewChainVerifier starts a verifier at the beginning of a chain.
func NewChainVerifier() *ChainVerifier { return &ChainVerifier{prev: GenesisHash} }

// Add checks the next link and returns a *ChainError at the first problem.
func (v *ChainVerifier) Add(l ChainLink) error {
	switch want := v.lastID + 1; {
	case l.ID < want:
		return &ChainError{l.ID, fmt.Sprintf("it comes after event %d: the rows are out of order", v.lastID)}
	case l.ID == want+1:
		return &ChainError{want, "the event is missing here: it was deleted or moved"}
	case l.ID > want:
		return &ChainError{want, fmt.Sprintf("events %d to %d are missing here: they were deleted or moved", want, l.ID-1)}
	}
	if EventHash(l.PrevHash, l.At, l.Rep, l.Kind, l.ContactRef, l.Details) != l.Hash {
		return &ChainError{l.ID, "its hash does not match its content: the row was edited after it was written"}
	}
	if l.PrevHash != v.prev {
		if v.lastID == 0 {
			return &ChainError{l.ID, "its prev_hash is not the genesis hash: the chain does not start here"}
		}
		return &ChainError{l.ID, fmt.Sprintf("its prev_hash is not the hash of event %d: rows were rewritten, removed or reordered", v.lastID)}
	}
	v.prev, v.lastID = l.Hash, l.ID
	v.n++
	return nil
}

// Count is the number of links checked so far.
func (v *ChainVerifier) Count() int { return v.n }

// Head is the hash of the last link checked (GenesisHash before any).
func (v *ChainVerifier) Head() string { return v.prev }

// ChainReport is the outcome of verifying the whole log.
type ChainReport struct {
	Events int    // events checked and found intact
	Head   string // hash of the last intact event
	// Checkpoints are the log's signed checkpoints, each checked against
	// the chain.
	Checkpoints []CheckpointResult
}

// VerifyChain recomputes the whole log in ID order and returns a *ChainError
// (with the report of the intact part) at the first broken link. It proves
// that no event up to the last one was edited, deleted or reordered since it
// was written; removing events from the end shows only against a head hash
// noted earlier (legit log verify prints it).
func (s *Store) VerifyChain(ctx context.Context) (ChainReport, error) {
	return s.VerifyChainTrusting(ctx, nil, nil)
}

// VerifyChainTrusting is VerifyChain that also checks, streaming, every
// signed checkpoint the database holds and those in kept (the ones a lead
// keeps outside it, so that deleting one from the database does not hide
// it), marking those signed by a key in trusted (hex public keys).
func (s *Store) VerifyChainTrusting(ctx context.Context, trusted map[string]bool, kept []Checkpoint) (rep ChainReport, err error) {
	cps, err := s.Checkpoints(ctx)
	if err != nil {
		return ChainReport{}, err
	}
	for _, k := range kept {
		if !slices.ContainsFunc(cps, func(c Checkpoint) bool { return c.Signature == k.Signature }) {
			cps = append(cps, k)
		}
	}
	check := NewCheckpointChecker(cps, trusted)
	defer func() {
		if len(cps) > 0 {
			rep.Checkpoints = check.Finish(rep.Events)
		}
	}()
	rows, err := s.q.ChainLinks.QueryContext(ctx)
	if err != nil {
		return ChainReport{}, fmt.Errorf("read the log: %w", err)
	}
	v := NewChainVerifier()
	check.At(0, v.Head())
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			_ = rows.Close()
			return ChainReport{}, fmt.Errorf("read event: %w", err)
		}
		if err := v.Add(l); err != nil {
			_ = rows.Close()
			return ChainReport{Events: v.Count(), Head: v.Head()}, err
		}
		check.At(v.Count(), v.Head())
	}
	if err := closeRows(rows, "read the log"); err != nil {
		return ChainReport{}, err
	}
	return ChainReport{Events: v.Count(), Head: v.Head()}, nil
}

// scanLink reads one row of a chain query: id, at, rep, kind, contact_ref,
// details, prev_hash, hash.
func scanLink(rows *sql.Rows) (ChainLink, error) {
	var l ChainLink
	err := rows.Scan(&l.ID, &l.At, &l.Rep, &l.Kind, &l.ContactRef, &l.Details, &l.PrevHash, &l.Hash)
	return l, err
}
