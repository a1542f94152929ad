package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"time"

	"legit/contacts"
)

// importQueries are the queries of the import files.
type importQueries struct {
	InsertImportBatch     *sql.Stmt `query:"insert-import-batch"`
	ImportBatchBySHA      *sql.Stmt `query:"import-batch-by-sha256"`
	ImportMaxContactID    *sql.Stmt `query:"import-max-contact-id"`
	ImportUnkeyedNames    *sql.Stmt `query:"import-unkeyed-names"`
	ImportSetNameKey      *sql.Stmt `query:"import-set-name-key"`
	ImportSuppressedAmong *sql.Stmt `query:"import-suppressed-among"`
	ImportByAddress       *sql.Stmt `query:"import-contacts-by-address"`
	ImportByProfile       *sql.Stmt `query:"import-contacts-by-profile"`
	ImportByName          *sql.Stmt `query:"import-contacts-by-name"`
	ImportNamesHeld       *sql.Stmt `query:"import-names-held"`
	ImportBatchSources    *sql.Stmt `query:"import-batch-sources"`
	ImportBatchSourceOf   *sql.Stmt `query:"import-batch-source-of"`
	ImportSetSourceDetail *sql.Stmt `query:"import-set-source-detail"`
	ImportSetAddress      *sql.Stmt `query:"import-set-address"`
	ImportSetProfile      *sql.Stmt `query:"import-set-profile"`
	FinishImportBatch     *sql.Stmt `query:"finish-import-batch"`
}

// ImportBatch describes one import: the file, who ran it and the source
// every contact in it gets.
type ImportBatch struct {
	FileName string          // base name of the file
	SHA256   string          // hex digest of the file's bytes; "" never matches an earlier import
	Format   contacts.Format // how it was read
	Rep      Rep             // the rep importing (from EnsureRep)
	Source   contacts.Source // kind, detail and obtained date for every row
	Merged   int             // rows already folded into others inside the file (Import only)
	Bad      int             // rows that could not be read (Import only; ImportFrom asks its source)
	DryRun   bool            // count what would happen, then roll back
}

// NewImportBatch describes the import of the file at path, whose bytes
// have the hex SHA-256 sum, read as format, by rep, every row with the
// source kind, detail and date given.
func NewImportBatch(path, sum string, format contacts.Format, rep Rep, kind contacts.SourceKind, detail string, obtained time.Time, dryRun bool) ImportBatch {
	return ImportBatch{FileName: contacts.Clean(filepath.Base(path)), SHA256: sum, Format: format, Rep: rep,
		Source: contacts.Source{Kind: kind, Detail: detail, ObtainedAt: obtained, ObtainedBy: rep.Name},
		DryRun: dryRun}
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// ImportResult counts what an import did.
type ImportResult struct {
	BatchID    int64 `json:"batch_id"`
	Imported   int   `json:"imported"`       // new contacts
	Merged     int   `json:"merged"`         // rows added as a source to an existing contact or row
	InFile     int   `json:"merged_in_file"` // of Merged, rows folded into another row of the same file
	Suppressed int   `json:"suppressed"`     // rows skipped: address on the suppression list or opted out in the file
	NoEmail    int   `json:"no_email"`       // new contacts without an address
	Bad        int   `json:"bad"`            // rows that could not be read
	// Owned counts the rows skipped because a colleague owns the contact
	// (by address, profile, or name and company) and the rep importing may
	// not see it: neither merged into it nor made a second contact.
	// OwnedBy says whose, most first.
	Owned   int          `json:"owned,omitempty"`
	OwnedBy []OwnedCount `json:"owned_by,omitempty"`
	// AlreadyHeld is set when a file with the same bytes was imported
	// before (as PreviousBatch, at PreviousAt): nothing was added, and it
	// counts the contacts that import gave a source.
	AlreadyHeld   int       `json:"already_held,omitempty"`
	PreviousBatch int64     `json:"previous_batch,omitempty"`
	PreviousAt    time.Time `json:"previous_at,omitzero"`
}

// Progress is told how far an import has come: done of total (bytes of
// the file, or rows).
type Progress func(done, total int)

// RowSource gives an import its rows one at a time (a *contacts.Reader).
type RowSource interface {
	// Next returns the next good row; io.EOF after the last.
	Next() (contacts.ImportRow, error)
	// BadCount counts the rows that could not be read so far.
	BadCount() int
	// Progress says how far the source has been read, of how much.
	Progress() (done, total int64)
}

// sliceSource gives rows already read.
type sliceSource struct {
	recs []contacts.ImportRow
	next int
	bad  int
}

func (s *sliceSource) Next() (contacts.ImportRow, error) {
	if s.next >= len(s.recs) {
		return contacts.ImportRow{}, io.EOF
	}
	s.next++
	return s.recs[s.next-1], nil
}

func (s *sliceSource) BadCount() int { return s.bad }

func (s *sliceSource) Progress() (int64, int64) { return int64(s.next), int64(len(s.recs)) }

// Import saves rows already read (and merged inside the file, b.Merged of
// them; b.Bad bad) as ImportFrom does.
func (s *Store) Import(ctx context.Context, b ImportBatch, recs []contacts.ImportRow, progress Progress) (ImportResult, error) {
	return s.ImportFrom(ctx, b, &sliceSource{recs: recs, bad: b.Bad}, progress)
}

// importChunk is how many rows one INSERT statement writes; importLookup
// how many rows of the file are looked up and written together.
const (
	importChunk  = 1024
	importLookup = 1024
)

// ImportFrom saves the rows of src in one transaction: the batch row, each
// new contact with its source, a source added to an existing contact found
// by address or LinkedIn profile (rows of the same file folded into one
// source), addresses on the suppression list (or on a list a rep's database
// brought when it joined the team) skipped and only counted, rows
// the file marks as opted out put on the suppression list, and one import
// event without personal data. A row joins a contact by name and company
// only when that is unambiguous whatever the order of the file: exactly one
// contact has them and the file holds no other person (address or profile)
// with them. A file with the same bytes as one imported before adds
// nothing (AlreadyHeld says so). Cancelling ctx rolls everything back; so
// does a dry run, after counting.
//
// On PostgreSQL a team member imports too (importteam.go): the server keys
// the rows and checks the suppression list, and a row about a contact the
// member cannot see, a colleague's, is counted as Owned by its owner and
// neither merged into it nor made a second contact.
//
// The file is read and hashed on one goroutine while the database writes
// on this one, importLookup rows at a time; each chunk looks up only its own
// addresses, profiles, names and suppressions, by index, so the time per
// row does not grow with the contacts stored, and memory is bounded by a
// few chunks whatever the size of the file. An import into a SQLite
// database with no contacts instead finds the contacts it wrote in memory,
// up to maxMemoryContacts of them, and makes the lookup indexes after its
// rows (importmemory.go). Other writers wait for the import and are told
// (OnWriteWait).
func (s *Store) ImportFrom(ctx context.Context, b ImportBatch, src RowSource, progress Progress) (ImportResult, error) {
	res := ImportResult{Merged: b.Merged, InFile: b.Merged}
	if progress == nil {
		progress = func(int, int) {}
	}
	if b.SHA256 != "" {
		held, err := s.importedBefore(ctx, b.SHA256)
		if err != nil || held.PreviousBatch != 0 {
			return held, err
		}
	}
	parent := ctx
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	chunks := make(chan fileChunk, 2)
	free := make(chan []importRow, 3)
	readErr := make(chan error, 1)
	go func() { readErr <- s.readChunks(ctx, src, chunks, free) }()
	inTx := s.InTx
	if s.Postgres() {
		inTx = s.inConnTx
	}
	err := inTx(ctx, func(t *Tx) error {
		stop := s.announceImport(b.FileName)
		defer stop()
		im, err := t.newImporter(b, &res)
		if err != nil {
			return err
		}
		defer im.close()
		seen := 0
		for c := range chunks {
			if err := ctx.Err(); err != nil {
				return err
			}
			res.Merged += c.merged
			res.InFile += c.merged
			seen += len(c.rows) + c.merged
			im.expect = len(c.rows)
			if c.done > 0 && c.total > c.done {
				// A quarter more than the file's bytes suggest: a second
				// run of refs would go in between the first's.
				im.expect += int(int64(seen) * (c.total - c.done) / c.done * 5 / 4)
			}
			if err := im.chunk(c.rows, false); err != nil {
				return fmt.Errorf("import %s near line %d: %w", b.FileName, c.rows[0].Line, err)
			}
			select {
			case free <- c.rows:
			default:
			}
			progress(int(c.done), int(c.total))
			s.importProgress(c.done, c.total)
		}
		if err := <-readErr; err != nil {
			return fmt.Errorf("import %s: %w", b.FileName, err)
		}
		if err := im.finish(); err != nil {
			return fmt.Errorf("import %s: %w", b.FileName, err)
		}
		res.Bad = src.BadCount()
		if b.Bad > res.Bad {
			res.Bad = b.Bad
		}
		res.OwnedBy = ownedCounts(im.ownedBy)
		if _, err := t.stmt(s.q.FinishImportBatch).Exec(res.Imported, res.Merged, res.Suppressed+res.Owned, res.Bad, res.NoEmail, res.BatchID); err != nil {
			return fmt.Errorf("record import counts: %w", err)
		}
		if b.DryRun {
			return errDryRun
		}
		details := map[string]string{
			"batch": strconv.FormatInt(res.BatchID, 10), "format": string(b.Format), "source_kind": string(b.Source.Kind),
			"imported": strconv.Itoa(res.Imported), "merged": strconv.Itoa(res.Merged),
			"suppressed": strconv.Itoa(res.Suppressed), "no_email": strconv.Itoa(res.NoEmail), "bad": strconv.Itoa(res.Bad),
		}
		if res.Owned > 0 {
			details["owned"] = strconv.Itoa(res.Owned)
		}
		_, err = t.AppendEvent(Event{Rep: b.Rep.Name, Kind: EventImport, Details: details})
		return err
	})
	cancel()
	for range chunks { // let the reader end
	}
	if parent.Err() != nil {
		return ImportResult{}, fmt.Errorf("import %s cancelled, nothing saved: %w", b.FileName, parent.Err())
	}
	if errors.Is(err, errDryRun) {
		res.BatchID = 0
		return res, nil
	}
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// importedBefore finds an earlier import of a file with the hex SHA-256
// sum: its batch, time and how many contacts it gave a source.
func (s *Store) importedBefore(ctx context.Context, sum string) (ImportResult, error) {
	var res ImportResult
	var at string
	err := s.q.ImportBatchBySHA.QueryRowContext(ctx, sum).Scan(&res.PreviousBatch, &at, &res.AlreadyHeld)
	if errors.Is(err, sql.ErrNoRows) {
		return ImportResult{}, nil
	}
	if err != nil {
		return res, fmt.Errorf("look for an earlier import of the file: %w", err)
	}
	if res.PreviousAt, err = parseTime(at); err != nil {
		return res, err
	}
	return res, nil
}

// inConnTx is InTx on a connection of its own that the transaction can
// reach (Tx.conn): an import on PostgreSQL COPYs its rows on it.
func (s *Store) inConnTx(ctx context.Context, fn func(*Tx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() { _ = conn.Close() }()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := s.lockWrites(ctx, tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := fn(&Tx{tx: tx, ctx: ctx, s: s, conn: conn}); err != nil {
		_ = tx.Rollback()
		return rolledBack(err)
	}
	if err := tx.Commit(); err != nil {
		return commitFailed(err)
	}
	return nil
}
