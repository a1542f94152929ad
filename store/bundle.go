package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// BundleFormat is the version of the bundle format, in every header.
const BundleFormat = 1

// BundleHeader is the first line of a bundle: whose log it is, when it was
// written, and the chain it holds (events 1 to LastID, ending in Head).
type BundleHeader struct {
	Format     int    `json:"legit_log_bundle"`
	Rep        string `json:"rep"`
	ExportedAt string `json:"exported_at"`
	Count      int    `json:"count"`
	LastID     int64  `json:"last_id"`
	Head       string `json:"head"`
	// Checkpoints are the log's signed checkpoints (legit log checkpoint),
	// so that a reviewer checks them too.
	Checkpoints []Checkpoint `json:"checkpoints,omitempty"`
}

// bundleEvent is one event line of a bundle, with its content as stored.
type bundleEvent struct {
	ID       int64           `json:"id"`
	At       string          `json:"at"`
	Rep      string          `json:"rep"`
	Kind     string          `json:"kind"`
	Contact  string          `json:"contact"`
	Details  json.RawMessage `json:"details"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// ExportLog writes the log as a bundle: a header line, then every event from
// the first, each with its content, prev_hash and hash, as JSON lines. The
// whole chain goes out, so that a reader can verify it from the genesis hash
// exactly as legit log verify does. Events name contacts only by their
// pseudonymous ref. Events appended while it runs are left for the next export.
func (s *Store) ExportLog(ctx context.Context, w io.Writer, rep string) (BundleHeader, error) {
	h := BundleHeader{Format: BundleFormat, Rep: rep, ExportedAt: timeText(s.now()), Head: GenesisHash}
	err := s.q.LogHead.QueryRowContext(ctx).Scan(&h.LastID, &h.Head, &h.Count)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("read the end of the log: %w", err)
	}
	if h.Checkpoints, err = s.Checkpoints(ctx); err != nil {
		return h, err
	}
	rows, err := s.q.ChainLinksUpTo.QueryContext(ctx, h.LastID)
	if err != nil {
		return h, fmt.Errorf("read the log: %w", err)
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		_ = rows.Close()
		return h, fmt.Errorf("write bundle header: %w", err)
	}
	for rows.Next() {
		var e bundleEvent
		var details string
		if err := rows.Scan(&e.ID, &e.At, &e.Rep, &e.Kind, &e.Contact, &details, &e.PrevHash, &e.Hash); err != nil {
			_ = rows.Close()
			return h, fmt.Errorf("read event: %w", err)
		}
		e.Details = json.RawMessage(details)
		if !json.Valid(e.Details) {
			e.Details, _ = json.Marshal(details) // keep the stored text as a string; a string always encodes
		}
		if err := enc.Encode(e); err != nil {
			_ = rows.Close()
			return h, fmt.Errorf("write event %d: %w", e.ID, err)
		}
	}
	if err := closeRows(rows, "read the log"); err != nil {
		return h, err
	}
	if err := bw.Flush(); err != nil {
		return h, fmt.Errorf("write bundle: %w", err)
	}
	return h, nil
}

// Bundle is a bundle file read back: its header, its events, and whether
// its chain holds. Err is nil when the chain verified, a *ChainError when it
// is broken, and any other error when the file could not be read at all.
type Bundle struct {
	Path   string
	Header BundleHeader
	Links  []ChainLink
	Err    error
	// Checkpoints are the header's checkpoints checked against the chain
	// (none trusted yet: the reader marks those signed by a key it trusts).
	Checkpoints []CheckpointResult
}

// CheckKept checks checkpoints a reviewer kept from earlier reviews of the
// same rep's bundles against this bundle's chain: a rep who rebuilt their
// log after a review fails here.
func (b *Bundle) CheckKept(kept []Checkpoint) []CheckpointResult {
	check := NewCheckpointChecker(kept, nil)
	check.At(0, GenesisHash)
	for i, l := range b.Links {
		check.At(i+1, l.Hash)
	}
	return check.Finish(len(b.Links))
}

// Readable reports whether the file was a bundle at all (even a broken one).
func (b *Bundle) Readable() bool {
	var ce *ChainError
	return b.Err == nil || errors.As(b.Err, &ce)
}

// ReadBundle reads and verifies the bundle at path. It returns an error only
// when the file cannot be opened; a bad bundle is reported in Bundle.Err.
//
// What a good bundle proves: every event from 1 to the header's last_id is
// present, in order, unchanged since it was appended (its hash covers its
// content and the hash before it), up to the head hash in the header. An
// event cut from the end shows only against a head hash noted earlier.
func ReadBundle(path string) (*Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open bundle %s: %w", path, err)
	}
	defer f.Close()
	b := &Bundle{Path: path}
	b.Err = b.read(f)
	return b, nil
}

// maxBundleLine is the longest line a bundle may hold.
const maxBundleLine = 1 << 20

func (b *Bundle) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxBundleLine)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return fmt.Errorf("read: %w", err)
		}
		return errors.New("the file is empty: not a legit log bundle")
	}
	if err := json.Unmarshal(sc.Bytes(), &b.Header); err != nil || b.Header.Format == 0 {
		return errors.New("the first line is not a legit log bundle header: export one with legit log export FILE")
	}
	if b.Header.Format != BundleFormat {
		return fmt.Errorf("bundle format %d is newer than this legit knows (%d): upgrade legit", b.Header.Format, BundleFormat)
	}
	v := NewChainVerifier()
	check := NewCheckpointChecker(b.Header.Checkpoints, nil)
	defer func() { b.Checkpoints = check.Finish(v.Count()) }()
	check.At(0, v.Head())
	line := 1
	for sc.Scan() {
		line++
		var e bundleEvent
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return &ChainError{v.lastID + 1, fmt.Sprintf("line %d is not an event: %v", line, err)}
		}
		details, err := storedDetails(e.Details)
		if err != nil {
			return &ChainError{e.ID, fmt.Sprintf("line %d: %v", line, err)}
		}
		l := ChainLink{ID: e.ID, At: e.At, Rep: e.Rep, Kind: e.Kind, ContactRef: e.Contact, Details: details, PrevHash: e.PrevHash, Hash: e.Hash}
		if err := v.Add(l); err != nil {
			return err
		}
		check.At(v.Count(), v.Head())
		b.Links = append(b.Links, l)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read line %d: %w", line+1, err)
	}
	if v.Count() != b.Header.Count || v.lastID != b.Header.LastID || v.Head() != b.Header.Head {
		return &ChainError{v.lastID + 1, fmt.Sprintf("the header promises %d events ending in event %d, the file holds %d ending in event %d: events were cut or added",
			b.Header.Count, b.Header.LastID, v.Count(), v.lastID)}
	}
	for _, r := range check.Finish(v.Count()) {
		if r.Problem != "" {
			return &ChainError{int64(r.Events), "checkpoint: " + r.Problem}
		}
	}
	return nil
}

// storedDetails turns the details of a bundle line back into the text that
// was stored and hashed: a JSON object compacted, or a JSON string holding
// text that was not valid JSON.
func storedDetails(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("details: %w", err)
		}
		return s, nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return "", fmt.Errorf("details: %w", err)
	}
	return buf.String(), nil
}

// OpenReview creates a database at path (which must not exist yet) holding
// the events of the readable bundles, for the log screen to show them. Its
// own log is not a chain: each bundle was verified on its own when read.
func OpenReview(ctx context.Context, path string, bundles []*Bundle) (*Store, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("review database %s already exists: reviews start from an empty database", path)
	}
	s, err := Open(ctx, path)
	if err != nil {
		return nil, err
	}
	err = s.InTx(ctx, func(t *Tx) error {
		if _, err := t.stmt(s.q.MarkReview).Exec(); err != nil {
			return fmt.Errorf("mark review database: %w", err)
		}
		ins := t.stmt(s.q.InsertEvent)
		for _, b := range bundles {
			for _, l := range b.Links {
				var id int64
				if err := ins.QueryRow(l.At, l.Rep, l.Kind, l.ContactRef, l.Details, l.PrevHash, l.Hash).Scan(&id); err != nil {
					return fmt.Errorf("load event %d of %s: %w", l.ID, b.Path, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}
