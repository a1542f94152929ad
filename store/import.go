package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"legit/contacts"
)

// importQueries are the queries of import.go.
type importQueries struct {
	InsertImportBatch       *sql.Stmt `query:"insert-import-batch"`
	ImportMaxContactID      *sql.Stmt `query:"import-max-contact-id"`
	ImportSetAddress        *sql.Stmt `query:"import-set-address"`
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
	DryRun   bool            // count what would happen, then roll back
}

// NewImportBatch describes the import of the file at path with contents data,
// read as p, by rep, every row with the source kind, detail and date given.
func NewImportBatch(path string, data []byte, p contacts.Parsed, rep Rep, kind contacts.SourceKind, detail string, obtained time.Time, dryRun bool) ImportBatch {
	sum := sha256.Sum256(data)
	return ImportBatch{FileName: contacts.Clean(filepath.Base(path)), SHA256: hex.EncodeToString(sum[:]), Format: p.Format, Rep: rep,
		Source: contacts.Source{Kind: kind, Detail: detail, ObtainedAt: obtained, ObtainedBy: rep.Name},
		Merged: p.Merged, Bad: len(p.Bad), DryRun: dryRun}
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
}

// Progress is told how many of the records have been saved.
type Progress func(done, total int)

// importKey is an existing contact as the import matches it.
type importKey struct {
	id       int64
	ref      string
	email    string // the contact's address (its match key), if it has one
	inactive bool   // opted out, objected or undeliverable: never written to again
}

// importChunk is how many rows one INSERT statement writes.
const importChunk = 128

// Import saves recs (already merged inside the file) in one transaction: the
// batch row, each new contact with its source, a source added to an existing
// contact with the same address (or, without one, the same name and
// company; a contact stored without an address gets the row's), addresses on the suppression list skipped and only counted, rows
// the file marks as opted out put on the suppression list, and one import
// event without personal data. Cancelling ctx rolls everything back; so
// does a dry run, after counting.
//
// It reads the stored keys once and writes many rows per statement, so that a
// 30,000-row LinkedIn export needs no query per row.
func (s *Store) Import(ctx context.Context, b ImportBatch, recs []contacts.ImportRow, progress Progress) (ImportResult, error) {
	res := ImportResult{Merged: b.Merged, InFile: b.Merged, Bad: b.Bad}
	if progress == nil {
		progress = func(int, int) {}
	}
	refs, err := newSortedRefs(len(recs))
	if err != nil {
		return res, err
	}
	addressHash := s.addressHasher()
	err = s.InTx(ctx, func(t *Tx) error {
		now := timeText(s.now())
		err := t.stmt(s.q.InsertImportBatch).QueryRow(b.FileName, b.SHA256, string(b.Format), b.Rep.ID, now,
			string(b.Source.Kind)).Scan(&res.BatchID)
		if err != nil {
			return fmt.Errorf("record import batch: %w", err)
		}
		keys, addressed, suppressed, err := t.importPreload(len(recs))
		if err != nil {
			return err
		}
		joined, err := s.joinedList(ctx, t.tx)
		if err != nil {
			return err
		}
		var lastID int64
		if err := t.stmt(s.q.ImportMaxContactID).QueryRow().Scan(&lastID); err != nil {
			return fmt.Errorf("read contact ids: %w", err)
		}
		firstNew := lastID + 1
		w, err := t.newImportWriter(now, string(b.Source.Kind), timeText(b.Source.ObtainedAt), b.Source.ObtainedBy, res.BatchID)
		if err != nil {
			return err
		}
		defer w.close()
		for i, rec := range recs {
			if i%512 == 0 {
				progress(i, len(recs))
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var email, key, hash any
			if rec.Email != "" {
				h := addressHash(rec.Email)
				if suppressed[h] || joined(rec.Email) {
					res.Suppressed++
					continue
				}
				email, key, hash = rec.Email, contacts.MatchKey(rec.Email), h
			}
			rk := rec.Key() // "" never matches: no key is stored under it
			k, found := keys[rk]
			if !found && rec.Email == "" {
				// A row without an address is the contact with the same
				// name and company, even when that contact has one.
				k, found = addressed[rk]
			}
			byName := false
			if !found && rec.Email != "" {
				// A contact kept without an address (a LinkedIn row) is the
				// one a later file brings an address for.
				k, byName = keys[noAddressKey(rec)]
				found = byName
			}
			if found && (k.inactive || rec.OptedOut) {
				// Someone who opted out or objected is not collected again,
				// and an opt-out in the file ends outreach to the contact:
				// the contact's status says so and every address known for
				// them goes on the suppression list.
				res.Suppressed++
				if err := w.flush(); err != nil {
					return fmt.Errorf("import %s near line %d: %w", b.FileName, rec.Line, err)
				}
				if err := t.optOutImported(k, rec.Email, b.Rep.Name, suppressed); err != nil {
					return fmt.Errorf("import %s line %d: %w", b.FileName, rec.Line, err)
				}
				continue
			}
			if rec.OptedOut {
				res.Suppressed++
				if rec.Email != "" {
					if err := t.Suppress(rec.Email, "", b.Rep.Name, ReasonOptOut); err != nil {
						return fmt.Errorf("import %s line %d: %w", b.FileName, rec.Line, err)
					}
					suppressed[hash.(string)] = true
				}
				continue
			}
			if byName {
				if err := w.flush(); err != nil {
					return fmt.Errorf("import %s near line %d: %w", b.FileName, rec.Line, err)
				}
				if _, err := t.stmt(s.q.ImportSetAddress).Exec(email, key, hash, now, k.id); err != nil {
					return fmt.Errorf("import %s line %d: add address: %w", b.FileName, rec.Line, err)
				}
				if _, err := t.stmt(s.q.InsertAddress).Exec(k.id, hash, email); err != nil {
					return fmt.Errorf("import %s line %d: add address: %w", b.FileName, rec.Line, err)
				}
				delete(keys, noAddressKey(rec))
				k.email = rec.Email
				keys[rk] = k
			}
			detail := b.Source.Detail
			if rec.Note != "" {
				detail += "; " + rec.Note
			}
			if found {
				res.Merged++
			} else {
				lastID++
				k = importKey{id: lastID, ref: refs[res.Imported], email: rec.Email}
				if rk != "" {
					keys[rk] = k
				}
				w.addContact(k, rec, email, key, hash)
				res.Imported++
				if rec.Email == "" {
					res.NoEmail++
				}
			}
			if err := w.addSource(k.id, detail, rec.Line); err != nil {
				return fmt.Errorf("import %s near line %d: %w", b.FileName, rec.Line, err)
			}
		}
		if err := w.flush(); err != nil {
			return fmt.Errorf("import %s: %w", b.FileName, err)
		}
		// Every address stays known with its contact (an erasure or opt-out
		// suppresses them all), and replies kept from an address before it
		// was a contact's join that contact.
		if _, err := t.stmt(s.q.ImportAddresses).Exec(firstNew - 1); err != nil {
			return fmt.Errorf("import %s: record addresses: %w", b.FileName, err)
		}
		if err := t.linkImported(keys); err != nil {
			return fmt.Errorf("import %s: %w", b.FileName, err)
		}
		progress(len(recs), len(recs))
		if s.Postgres() && res.Imported > 0 {
			// The import chose the new contacts' ids itself; the identity
			// must go on after them, or the next contact added by hand
			// would take an id already used.
			if _, err := t.tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('contacts', 'id'), (SELECT MAX(id) FROM contacts))`); err != nil {
				return fmt.Errorf("move the contact ids on: %w", err)
			}
		}
		if _, err := t.stmt(s.q.FinishImportBatch).Exec(res.Imported, res.Merged, res.Suppressed, res.Bad, res.NoEmail, res.BatchID); err != nil {
			return fmt.Errorf("record import counts: %w", err)
		}
		if b.DryRun {
			return errDryRun
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
	if errors.Is(err, errDryRun) {
		res.BatchID = 0
		return res, nil
	}
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// importWriter collects new contacts and their sources and writes them
// importChunk rows per statement, contacts first (sources refer to them).
type importWriter struct {
	t                 *Tx
	contacts, sources rowWriter
	defaultCache      string // the PRAGMA that restores the page cache
}

// newImportWriter enlarges the connection's page cache and prepares the
// one-row and many-row forms of import-contact and import-source inside the
// transaction. Every contact of an import shares its creation time, and
// every source its kind, date, rep and batch: those are bound once per
// statement, not once per row.
//
// A 30,000-row import outgrows SQLite's default 2 MB page cache, which then
// spills pages to the WAL (and writes them again at the commit). PRAGMA
// cache_size takes effect when it is prepared, not when it runs, so it is
// run from its text on the transaction's own connection rather than as a
// statement prepared at open.
func (t *Tx) newImportWriter(now, kind, obtained, by string, batch int64) (*importWriter, error) {
	text, err := loadQueryText()
	if err != nil {
		return nil, err
	}
	if t.s.Postgres() {
		text["import-default-cache"] = "SELECT 1" // SQLite's page cache; PostgreSQL has its own buffers
	} else if _, err := t.tx.ExecContext(t.ctx, text["import-big-cache"]); err != nil {
		return nil, fmt.Errorf("enlarge page cache: %w", err)
	}
	w := &importWriter{t: t, defaultCache: text["import-default-cache"],
		contacts: rowWriter{shared: []any{now}, cols: contactCols},
		sources:  rowWriter{shared: []any{kind, obtained, by, batch}, cols: sourceCols},
	}
	for _, r := range []struct {
		rw   *rowWriter
		name string
	}{{&w.contacts, "import-contact"}, {&w.sources, "import-source"}} {
		if err := r.rw.prepare(t, text[r.name]); err != nil {
			w.close()
			return nil, fmt.Errorf("prepare %s: %w", r.name, err)
		}
	}
	return w, nil
}

// The number of values of its own each row of import-contact and
// import-source has.
const (
	contactCols = 9
	sourceCols  = 3
)

// addContact queues a new contact.
func (w *importWriter) addContact(k importKey, rec contacts.ImportRow, email, key, hash any) {
	w.contacts.vals = append(w.contacts.vals, k.id, k.ref, rec.Name, email, key, hash, rec.Company, rec.Position, rec.Country)
}

// addSource queues a source for the contact with id, from line of the file,
// and writes the queued rows once a chunk is full.
func (w *importWriter) addSource(id int64, detail string, line int) error {
	w.sources.vals = append(w.sources.vals, id, detail, line)
	if len(w.sources.vals) >= importChunk*sourceCols {
		return w.flush()
	}
	return nil
}

// close releases the statements and gives the connection its default page
// cache back.
func (w *importWriter) close() {
	w.contacts.close()
	w.sources.close()
	_, _ = w.t.tx.ExecContext(w.t.ctx, w.defaultCache)
}

// flush writes every queued row.
func (w *importWriter) flush() error {
	if err := w.contacts.flush(); err != nil {
		return fmt.Errorf("save contacts: %w", err)
	}
	if err := w.sources.flush(); err != nil {
		return fmt.Errorf("save sources: %w", err)
	}
	return nil
}

// rowWriter writes queued rows of one INSERT, importChunk at a time, with the
// values every row shares bound once per statement.
type rowWriter struct {
	shared    []any // ?1, ?2, ... in every row
	cols      int   // values of its own per row
	vals      []any // queued rows, cols values each
	args      []any // shared then one statement's rows, reused
	one, bulk *sql.Stmt
}

// prepare makes the one-row and importChunk-row statements of the INSERT q.
func (r *rowWriter) prepare(t *Tx, q string) error {
	var err error
	if r.one, err = t.tx.PrepareContext(t.ctx, manyRows(q, len(r.shared), 1)); err != nil {
		return err
	}
	r.bulk, err = t.tx.PrepareContext(t.ctx, manyRows(q, len(r.shared), importChunk))
	return err
}

// flush runs the many-row statement for each full chunk of the queued rows
// and the one-row statement for each row left.
func (r *rowWriter) flush() error {
	vals := r.vals
	for len(vals) > 0 {
		n, st := importChunk, r.bulk
		if len(vals) < importChunk*r.cols {
			n, st = 1, r.one
		}
		r.args = append(append(r.args[:0], r.shared...), vals[:n*r.cols]...)
		if _, err := st.Exec(r.args...); err != nil {
			return err
		}
		vals = vals[n*r.cols:]
	}
	r.vals = r.vals[:0]
	return nil
}

// close releases the statements.
func (r *rowWriter) close() {
	for _, st := range []*sql.Stmt{r.one, r.bulk} {
		if st != nil {
			_ = st.Close()
		}
	}
}

// manyRows turns the one-row INSERT ... VALUES (...) q, whose tuple names
// the values every row shares ?1 to ?shared and marks each value of its own
// with a bare ?, into an INSERT of n rows, numbering the bare marks on from
// shared+1.
func manyRows(q string, shared, n int) string {
	i := strings.LastIndex(q, "VALUES")
	tuple := strings.TrimSuffix(strings.TrimSpace(q[i+len("VALUES"):]), ";")
	var b strings.Builder
	b.WriteString(q[:i])
	b.WriteString("VALUES ")
	next := shared + 1
	for row := range n {
		if row > 0 {
			b.WriteString(", ")
		}
		for j := 0; j < len(tuple); j++ {
			b.WriteByte(tuple[j])
			if tuple[j] == '?' && (j+1 == len(tuple) || tuple[j+1] < '0' || tuple[j+1] > '9') {
				b.WriteString(strconv.Itoa(next))
				next++
			}
		}
	}
	return b.String()
}

// newSortedRefs makes n random contact refs in ascending order. New contacts
// take them in id order, so that the batch goes into the UNIQUE index on ref
// as one run of appends instead of n random inserts; each ref is as random
// as before.
func newSortedRefs(n int) ([]string, error) {
	b := make([]byte, 8*n)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("make contact refs: %w", err)
	}
	nums := make([]uint64, n)
	for i := range nums {
		nums[i] = binary.BigEndian.Uint64(b[8*i:])
	}
	slices.Sort(nums)
	refs := make([]string, n)
	var buf [8]byte
	for i, v := range nums {
		binary.BigEndian.PutUint64(buf[:], v)
		refs[i] = "c-" + hex.EncodeToString(buf[:])
	}
	return refs, nil
}

// optOutImported ends outreach to the stored contact k because a file marks
// them opted out, or skips a row about k who already opted out or objected:
// an active contact is set to opted out, and k's address, every one k had
// before and the row's go on the suppression list (logged under k's ref),
// so none comes back.
func (t *Tx) optOutImported(k importKey, rowEmail, rep string, suppressed map[string]bool) error {
	if !k.inactive {
		if err := t.setStatus(k.id, contacts.OptedOut); err != nil {
			return err
		}
	}
	for _, addr := range []string{k.email, rowEmail} {
		if addr == "" {
			continue
		}
		h := t.s.AddressHash(addr)
		if suppressed[h] {
			continue
		}
		if err := t.Suppress(addr, k.ref, rep, ReasonOptOut); err != nil {
			return err
		}
		suppressed[h] = true
	}
	added, err := t.suppressFormer(k.id, []string{k.email, rowEmail}, k.ref, rep, ReasonOptOut)
	for _, h := range added {
		suppressed[h] = true
	}
	return err
}

// noAddressKey is the key rec would have without its address.
func noAddressKey(rec contacts.ImportRow) string {
	rec.Email = ""
	return rec.Key()
}

// importPreload reads the match keys of every stored contact and every
// suppression hash, so that the import needs no query per row; the keys map
// has room for the adding new ones. addressed holds the contacts that have an
// address under their name-and-company key, for rows without one.
func (t *Tx) importPreload(adding int) (keys, addressed map[string]importKey, suppressed map[string]bool, err error) {
	keys, addressed = make(map[string]importKey, adding), map[string]importKey{}
	ambiguous := map[string]bool{}
	rows, err := t.stmt(t.s.q.ImportContactKeys).Query()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read contact keys: %w", err)
	}
	for rows.Next() {
		var k importKey
		var r contacts.ImportRow
		var status string
		if err := rows.Scan(&k.id, &k.ref, &r.Email, &r.Name, &r.Company, &status); err != nil {
			_ = rows.Close()
			return nil, nil, nil, fmt.Errorf("read contact keys: %w", err)
		}
		k.inactive = contacts.Status(status) != contacts.Active
		k.email = r.Email
		if key := r.Key(); key != "" {
			keys[key] = k
		}
		if nk := noAddressKey(r); r.Email != "" && nk != "" {
			if _, dup := addressed[nk]; dup || ambiguous[nk] {
				// Two people of that name at that company: a row without
				// an address cannot say which, so it joins neither.
				delete(addressed, nk)
				ambiguous[nk] = true
			} else {
				addressed[nk] = k
			}
		}
	}
	if err := closeRows(rows, "read contact keys"); err != nil {
		return nil, nil, nil, err
	}
	suppressed, err = suppressionHashes(t.ctx, t.stmt(t.s.q.ImportSuppressionHashes))
	return keys, addressed, suppressed, err
}

// suppressionHashes reads the whole suppression list with st (the
// import-suppression-hashes query, bound where needed) into a set.
func suppressionHashes(ctx context.Context, st *sql.Stmt) (map[string]bool, error) {
	rows, err := st.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("read suppression list: %w", err)
	}
	out := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read suppression list: %w", err)
		}
		out[h] = true
	}
	return out, closeRows(rows, "read suppression list")
}
