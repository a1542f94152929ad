package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"

	"legit/contacts"
)

// importQueries are the queries of import.go.
type importQueries struct {
	InsertImportBatch       *sql.Stmt `query:"insert-import-batch"`
	FinishImportBatch       *sql.Stmt `query:"finish-import-batch"`
	ImportContactKeys       *sql.Stmt `query:"import-contact-keys"`
	ImportSuppressionHashes *sql.Stmt `query:"import-suppression-hashes"`
}

// ImportBatch describes one import: the file, who ran it and the source
// every contact in it gets.
type ImportBatch struct {
	FileName string          // base name of the file
	SHA256   string          // hex digest of the file's bytes
	Format   contacts.Format // how it was read
	Rep      Rep             // the rep importing (from EnsureRep)
	Source   contacts.Source // kind, detail and obtained date for every row
	Merged   int             // rows already folded into others inside the file
	Bad      int             // rows that could not be read
}

// ImportResult counts what an import did.
type ImportResult struct {
	BatchID    int64 `json:"batch_id"`
	Imported   int   `json:"imported"`   // new contacts
	Merged     int   `json:"merged"`     // rows added as a source to an existing contact or row
	Suppressed int   `json:"suppressed"` // rows skipped: address on the suppression list or opted out in the file
	NoEmail    int   `json:"no_email"`   // new contacts without an address
	Bad        int   `json:"bad"`        // rows that could not be read
}

// Progress is told how many of the records have been saved.
type Progress func(done, total int)

// importKey is an existing contact as the import matches it.
type importKey struct {
	id  int64
	ref string
}

// Import saves recs (already merged inside the file) in one transaction: the
// batch row, each new contact with its source, a source added to an existing
// contact with the same address (or, without one, the same name and
// company), addresses on the suppression list skipped and only counted, rows
// the file marks as opted out put on the suppression list, and one import
// event without personal data. Cancelling ctx rolls everything back.
func (s *Store) Import(ctx context.Context, b ImportBatch, recs []contacts.Record, progress Progress) (ImportResult, error) {
	res := ImportResult{Merged: b.Merged, Bad: b.Bad}
	if progress == nil {
		progress = func(int, int) {}
	}
	refs := make([]byte, 8*len(recs))
	if _, err := rand.Read(refs); err != nil {
		return res, fmt.Errorf("make contact refs: %w", err)
	}
	err := s.InTx(ctx, func(t *Tx) error {
		now := timeText(s.now())
		r, err := t.stmt(s.q.InsertImportBatch).Exec(b.FileName, b.SHA256, string(b.Format), b.Rep.ID, now, string(b.Source.Kind))
		if err != nil {
			return fmt.Errorf("record import batch: %w", err)
		}
		if res.BatchID, err = r.LastInsertId(); err != nil {
			return fmt.Errorf("record import batch: %w", err)
		}
		keys, suppressed, err := t.importPreload()
		if err != nil {
			return err
		}
		insContact, insSource := t.stmt(s.q.InsertContact), t.stmt(s.q.InsertSource)
		obtained, batch := timeText(b.Source.ObtainedAt), sql.NullInt64{Int64: res.BatchID, Valid: true}
		for i, rec := range recs {
			if i%512 == 0 {
				progress(i, len(recs))
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var email, key, hash sql.NullString
			if rec.Email != "" {
				h := s.AddressHash(rec.Email)
				if suppressed[h] {
					res.Suppressed++
					continue
				}
				email = sql.NullString{String: rec.Email, Valid: true}
				key = sql.NullString{String: contacts.MatchKey(rec.Email), Valid: true}
				hash = sql.NullString{String: h, Valid: true}
			}
			k, found := keys[rec.Key()]
			if rec.OptedOut {
				res.Suppressed++
				if rec.Email != "" {
					if err := t.Suppress(rec.Email, k.ref, b.Rep.Name, ReasonOptOut); err != nil {
						return fmt.Errorf("import %s line %d: %w", b.FileName, rec.Line, err)
					}
					suppressed[hash.String] = true
				}
				continue
			}
			detail := b.Source.Detail
			if rec.Note != "" {
				detail += "; " + rec.Note
			}
			if !found {
				ref := "c-" + hex.EncodeToString(refs[8*i:8*i+8])
				r, err := insContact.Exec(ref, rec.Name, email, key, hash, rec.Company, rec.Position, rec.Country, "",
					string(contacts.Prospect), string(contacts.Active), "", "", nil, "", nil, nil, now, now)
				if err != nil {
					return fmt.Errorf("import %s line %d: save contact: %w", b.FileName, rec.Line, err)
				}
				if k.id, err = r.LastInsertId(); err != nil {
					return fmt.Errorf("import %s line %d: save contact: %w", b.FileName, rec.Line, err)
				}
				k.ref = ref
				keys[rec.Key()] = k
				res.Imported++
				if rec.Email == "" {
					res.NoEmail++
				}
			} else {
				res.Merged++
			}
			if _, err := insSource.Exec(k.id, string(b.Source.Kind), detail, obtained, b.Source.ObtainedBy, batch, rec.Line); err != nil {
				return fmt.Errorf("import %s line %d: save source: %w", b.FileName, rec.Line, err)
			}
		}
		progress(len(recs), len(recs))
		if _, err := t.stmt(s.q.FinishImportBatch).Exec(res.Imported, res.Merged, res.Suppressed, res.Bad, res.NoEmail, res.BatchID); err != nil {
			return fmt.Errorf("record import counts: %w", err)
		}
		_, err = t.AppendEvent(Event{Rep: b.Rep.Name, Kind: EventImport, Details: map[string]string{
			"batch": strconv.FormatInt(res.BatchID, 10), "format": string(b.Format), "source_kind": string(b.Source.Kind),
			"imported": strconv.Itoa(res.Imported), "merged": strconv.Itoa(res.Merged),
			"suppressed": strconv.Itoa(res.Suppressed), "no_email": strconv.Itoa(res.NoEmail), "bad": strconv.Itoa(res.Bad),
		}})
		return err
	})
	if ctx.Err() != nil {
		return ImportResult{}, fmt.Errorf("import %s cancelled, nothing saved: %w", b.FileName, ctx.Err())
	}
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// importPreload reads the match keys of every stored contact and every
// suppression hash, so that the import needs no query per row.
func (t *Tx) importPreload() (map[string]importKey, map[string]bool, error) {
	keys := map[string]importKey{}
	rows, err := t.stmt(t.s.q.ImportContactKeys).Query()
	if err != nil {
		return nil, nil, fmt.Errorf("read contact keys: %w", err)
	}
	for rows.Next() {
		var k importKey
		var r contacts.Record
		if err := rows.Scan(&k.id, &k.ref, &r.Email, &r.Name, &r.Company); err != nil {
			_ = rows.Close()
			return nil, nil, fmt.Errorf("read contact keys: %w", err)
		}
		keys[r.Key()] = k
	}
	if err := closeRows(rows, "read contact keys"); err != nil {
		return nil, nil, err
	}
	suppressed := map[string]bool{}
	rows, err = t.stmt(t.s.q.ImportSuppressionHashes).Query()
	if err != nil {
		return nil, nil, fmt.Errorf("read suppression list: %w", err)
	}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			_ = rows.Close()
			return nil, nil, fmt.Errorf("read suppression list: %w", err)
		}
		suppressed[h] = true
	}
	return keys, suppressed, closeRows(rows, "read suppression list")
}
