package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"legit/contacts"
)

// personQueries are the queries of person.go: the person behind a contact
// across the organisation, and what colleagues are told of an erasure.
type personQueries struct {
	ContactsWithAddress *sql.Stmt `query:"contacts-with-address-hash"`
	UnsentByRep         *sql.Stmt `query:"unsent-by-rep"`
	InsertErasureNotice *sql.Stmt `query:"insert-erasure-notice"`
	UnshownNotices      *sql.Stmt `query:"unshown-erasure-notices"`
	NoticeShown         *sql.Stmt `query:"erasure-notice-shown"`
	AssignRequest       *sql.Stmt `query:"assign-request"`
	RequestAssignee     *sql.Stmt `query:"request-assignee"`
}

// personRow is one contact row that holds a person's data.
type personRow struct {
	c        contacts.Contact
	erasable bool // the role that connected may erase it (always on one rep's file)
}

// heldPerson is every contact row the organisation holds for one person, as far
// as the role that connected sees: the row asked about first, then every
// row that holds one of the addresses the person had (a colleague's contact
// with the same address, an older contact under an address they had
// before), and so on until no row adds an address. addrs is every address
// of every row, each once.
type heldPerson struct {
	rows  []personRow
	addrs []knownAddress
}

// erasable lists the ids of the rows the role may erase, the first row's
// first.
func (p heldPerson) erasable() []int64 {
	var ids []int64
	for _, r := range p.rows {
		if r.erasable {
			ids = append(ids, r.c.ID)
		}
	}
	return ids
}

// hashes lists the keyed hash of every address of the person.
func (p heldPerson) hashes() []string {
	out := make([]string, len(p.addrs))
	for i, a := range p.addrs {
		out[i] = a.hash
	}
	return out
}

// personOf gathers the rows of the person contact c is.
func (t *Tx) personOf(c contacts.Contact) (heldPerson, error) {
	var p heldPerson
	seenRow := map[int64]bool{}
	seenAddr := map[string]bool{}
	var queue []knownAddress
	add := func(c contacts.Contact) error {
		seenRow[c.ID] = true
		ok, err := t.mayErase(c.ID)
		if err != nil {
			return err
		}
		p.rows = append(p.rows, personRow{c: c, erasable: ok})
		addrs, err := t.allAddresses(c.ID, c.Email)
		if err != nil {
			return err
		}
		for _, a := range addrs {
			if !seenAddr[a.hash] {
				seenAddr[a.hash] = true
				p.addrs = append(p.addrs, a)
				queue = append(queue, a)
			}
		}
		return nil
	}
	if err := add(c); err != nil {
		return p, err
	}
	for len(queue) > 0 {
		a := queue[0]
		queue = queue[1:]
		ids, err := t.contactsWithAddress(a.hash)
		if err != nil {
			return p, err
		}
		for _, id := range ids {
			if seenRow[id] {
				continue
			}
			o, err := scanContact(t.stmt(t.s.q.ContactByID).QueryRow(id))
			if errors.Is(err, sql.ErrNoRows) {
				continue // not the role's to see
			}
			if err != nil {
				return p, fmt.Errorf("read contact %d: %w", id, err)
			}
			if err := add(o); err != nil {
				return p, err
			}
		}
	}
	return p, nil
}

// contactsWithAddress lists the contacts the role sees that hold the
// address with hash h, now or before.
func (t *Tx) contactsWithAddress(h string) ([]int64, error) {
	rows, err := t.stmt(t.s.q.ContactsWithAddress).Query(h)
	if err != nil {
		return nil, fmt.Errorf("find the contacts with an address: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("find the contacts with an address: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, closeRows(rows, "find the contacts with an address")
}

// mayErase reports whether the role that connected may erase contact id:
// on a team database its owner, a lead or the DPO (legit_may_erase, which
// the database's own policy uses); on one rep's file, always.
func (t *Tx) mayErase(id int64) (bool, error) {
	if !t.s.Postgres() {
		return true, nil
	}
	var ok bool
	if err := t.tx.QueryRowContext(t.ctx, `SELECT legit_may_erase(owner_id) FROM contacts WHERE id = ?`, id).Scan(&ok); err != nil {
		return false, fmt.Errorf("may contact %d be erased: %w", id, err)
	}
	return ok, nil
}

// selfReps lists the reps rows of the rep acting: on a team database the
// role that connected; on one rep's file, or a PostgreSQL database its
// owner uses without a team, the rows with the rep's name.
func (t *Tx) selfReps(rep string) (map[int64]bool, error) {
	q := `SELECT id FROM reps WHERE name = ?`
	if t.s.Postgres() {
		q = `SELECT id FROM reps WHERE login = current_user
			UNION SELECT id FROM reps WHERE name = ? AND NOT EXISTS (SELECT 1 FROM reps WHERE login = current_user)`
	}
	rows, err := t.tx.QueryContext(t.ctx, q, rep)
	if err != nil {
		return nil, fmt.Errorf("find who erases: %w", err)
	}
	self := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("find who erases: %w", err)
		}
		self[id] = true
	}
	return self, closeRows(rows, "find who erases")
}

// unsent counts one rep's drafts and queued messages to a contact.
type unsent struct {
	rep            int64
	drafts, queued int
}

// unsentOf lists, per rep, the drafts and queued messages to contact id.
func (t *Tx) unsentOf(id int64) ([]unsent, error) {
	rows, err := t.stmt(t.s.q.UnsentByRep).Query(id)
	if err != nil {
		return nil, fmt.Errorf("count the drafts to contact %d: %w", id, err)
	}
	var out []unsent
	for rows.Next() {
		var u unsent
		if err := rows.Scan(&u.rep, &u.drafts, &u.queued); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("count the drafts to contact %d: %w", id, err)
		}
		out = append(out, u)
	}
	return out, closeRows(rows, "count the drafts")
}

// heldElsewhere names the colleagues who still hold, after the erasure,
// a contact with one of the person's addresses that the role could not
// erase (a rep on a team database; nobody on one rep's file, and nobody
// for a lead or the DPO, who erase every row).
func (t *Tx) heldElsewhere(p heldPerson) ([]string, error) {
	if !t.s.Postgres() || len(p.addrs) == 0 {
		return nil, nil
	}
	rows, err := t.tx.QueryContext(t.ctx, `SELECT owner_name FROM legit_held_elsewhere(?::text[], COALESCE(legit_my_rep(), 0))`,
		pgTextArray(p.hashes()))
	if err != nil {
		return nil, fmt.Errorf("find who else holds the person: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("find who else holds the person: %w", err)
		}
		names = append(names, n)
	}
	return names, closeRows(rows, "find who else holds the person")
}

// pgTextArray writes hex strings as a PostgreSQL text[] literal.
func pgTextArray(items []string) string {
	b := []byte{'{'}
	for i, s := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, s...)
	}
	return string(append(b, '}'))
}

// ErasureNotice is what a rep is told, once, when someone else's erasure
// removed drafts or queued messages of theirs: the erased contact's
// pseudonymous ref, when, why, and how many, never a name or an address.
type ErasureNotice struct {
	ID       int64
	Ref      string
	Reason   string // ErasureRequest, ErasureRetention or ErasureOverdue
	ErasedAt time.Time
	Drafts   int // drafts, failed sends included
	Queued   int // messages queued in the outbox
}

// TakeErasureNotices returns the notices rep (a reps row id) has not been
// shown yet, oldest first, and marks them shown: the caller shows them
// now, and no client shows them again.
func (s *Store) TakeErasureNotices(ctx context.Context, rep int64) ([]ErasureNotice, error) {
	var out []ErasureNotice
	err := s.InTx(ctx, func(t *Tx) error {
		out = nil
		rows, err := t.stmt(s.q.UnshownNotices).Query(rep)
		if err != nil {
			return fmt.Errorf("read erasure notices: %w", err)
		}
		for rows.Next() {
			var n ErasureNotice
			var at string
			if err := rows.Scan(&n.ID, &n.Ref, &n.Reason, &at, &n.Drafts, &n.Queued); err != nil {
				_ = rows.Close()
				return fmt.Errorf("read erasure notices: %w", err)
			}
			if n.ErasedAt, err = parseTime(at); err != nil {
				_ = rows.Close()
				return err
			}
			out = append(out, n)
		}
		if err := closeRows(rows, "read erasure notices"); err != nil {
			return err
		}
		now := timeText(s.now())
		for _, n := range out {
			if _, err := t.stmt(s.q.NoticeShown).Exec(n.ID, now); err != nil {
				return fmt.Errorf("mark erasure notice %d shown: %w", n.ID, err)
			}
		}
		return nil
	})
	return out, err
}
