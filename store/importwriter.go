package store

import (
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// importWriter collects new contacts and their sources and writes them
// importChunk rows per statement, contacts first (sources refer to them).
type importWriter struct {
	t                 *Tx
	contacts, sources rowWriter
	defaultCache      string // the statement that restores the page cache
	// stage, on PostgreSQL, holds the statements that move the rows
	// copied into the staging tables: the queued rows go by COPY.
	stage map[string]string
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
// statement prepared at open (on PostgreSQL both are no-ops).
func (t *Tx) newImportWriter(text map[string]string, now, kind, obtained, by string, batch int64) (*importWriter, error) {
	if _, err := t.tx.ExecContext(t.ctx, text["import-big-cache"]); err != nil {
		return nil, fmt.Errorf("enlarge page cache: %w", err)
	}
	w := &importWriter{t: t, defaultCache: text["import-default-cache"],
		contacts: rowWriter{shared: []any{now}, cols: contactCols},
		sources:  rowWriter{shared: []any{kind, obtained, by, batch}, cols: sourceCols},
	}
	if t.conn != nil && t.s.Postgres() {
		if _, err := t.tx.ExecContext(t.ctx, text["import-make-stage"]); err != nil {
			return nil, fmt.Errorf("make the staging tables: %w", err)
		}
		w.stage = text
		return w, nil
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

// The number of values of its own each row of import-contact,
// import-source and import-pending has.
const (
	contactCols = 11
	sourceCols  = 3
	pendingCols = 13
)

// addContact queues a new contact.
func (w *importWriter) addContact(id int64, ref string, r *importRow) {
	var email, key, hash, profile any
	if r.Email != "" {
		email, key, hash = r.Email, r.key, r.hash
	}
	if r.profile != 0 {
		profile = r.profile
	}
	w.contacts.vals = append(w.contacts.vals, id, ref, r.Name, email, key, hash, r.Company, r.Position, r.Country, r.name, profile)
}

// addSource queues a source for the contact with id, from line of the file,
// and returns where its detail is among the queued values.
func (w *importWriter) addSource(id int64, detail string, line int) int {
	w.sources.vals = append(w.sources.vals, id, detail, line)
	return len(w.sources.vals) - 2
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
	if w.stage != nil {
		return w.copyFlush()
	}
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
	t         *Tx
	q         string // the one-row INSERT
	one, bulk *sql.Stmt
}

// prepare makes the one-row statement of the INSERT q; the importChunk-row
// one is made when a full chunk of rows is first queued (a statement of
// thousands of values takes milliseconds to prepare, which a small import
// need not spend).
func (r *rowWriter) prepare(t *Tx, q string) error {
	r.t, r.q = t, q
	var err error
	r.one, err = t.tx.PrepareContext(t.ctx, manyRows(q, len(r.shared), 1))
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
		} else if st == nil {
			var err error
			if st, err = r.t.tx.PrepareContext(r.t.ctx, manyRows(r.q, len(r.shared), importChunk)); err != nil {
				return err
			}
			r.bulk = st
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

// refPool hands out random contact refs in ascending order, drawn in runs
// of the size the import expects: new contacts take them in id order, so
// that they go into the UNIQUE index on ref as appends instead of random
// inserts, and each ref is as random as before.
type refPool struct{ nums []uint64 }

// maxRefRun is the most refs drawn at once (8 bytes each).
const maxRefRun = 1 << 18

// next returns a ref, drawing a sorted run of expect (at least one) when
// the pool is empty.
func (p *refPool) next(expect int) (string, error) {
	if len(p.nums) == 0 {
		n := min(max(expect, 1), maxRefRun)
		b := make([]byte, 8*n)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("make contact refs: %w", err)
		}
		p.nums = make([]uint64, n)
		for i := range p.nums {
			p.nums[i] = binary.BigEndian.Uint64(b[8*i:])
		}
		slices.Sort(p.nums)
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], p.nums[0])
	p.nums = p.nums[1:]
	return "c-" + hex.EncodeToString(buf[:]), nil
}

// contactIDs hands out the ids of an import's new contacts in ascending
// order. On SQLite they follow the largest id held (the import holds the
// write lock). On PostgreSQL they are drawn from the contacts' identity
// sequence in blocks (nextval, which every member of a team may call,
// where moving the sequence on with setval needs its owner), so a contact
// added later takes none of them.
type contactIDs struct {
	t    *Tx
	free []int64 // drawn from the sequence, not handed out yet
	last int64   // the last id handed out on SQLite
}

// nextContactIDs draws ?1 ids from the contacts' sequence (PostgreSQL).
// The sequence is looked up once (a MATERIALIZED CTE), not once per id.
const nextContactIDs = `WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('contacts', 'id')::regclass AS seq)
SELECT nextval(s.seq) FROM s, generate_series(1, ?)`

// maxIDRun is the most ids drawn from the sequence at once.
const maxIDRun = 4 * importLookup

// start returns the id the import's first new contact will have: every
// contact held before has a smaller one.
func (c *contactIDs) start() (int64, error) {
	if !c.t.s.Postgres() {
		if err := c.t.stmt(c.t.s.q.ImportMaxContactID).QueryRow().Scan(&c.last); err != nil {
			return 0, fmt.Errorf("read contact ids: %w", err)
		}
		return c.last + 1, nil
	}
	if err := c.draw(1); err != nil {
		return 0, err
	}
	return c.free[0], nil
}

// next returns the next id, drawing a run of expect (at most maxIDRun)
// from the sequence when none is left.
func (c *contactIDs) next(expect int) (int64, error) {
	if !c.t.s.Postgres() {
		c.last++
		return c.last, nil
	}
	if len(c.free) == 0 {
		if err := c.draw(min(max(expect, 1), maxIDRun)); err != nil {
			return 0, err
		}
	}
	id := c.free[0]
	c.free = c.free[1:]
	return id, nil
}

// draw takes n ids from the sequence.
func (c *contactIDs) draw(n int) error {
	rows, err := c.t.tx.QueryContext(c.t.ctx, nextContactIDs, n)
	if err != nil {
		return fmt.Errorf("draw contact ids: %w", err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			_ = rows.Close()
			return fmt.Errorf("draw contact ids: %w", err)
		}
		c.free = append(c.free, id)
	}
	if err := closeRows(rows, "draw contact ids"); err != nil {
		return err
	}
	slices.Sort(c.free)
	return nil
}
