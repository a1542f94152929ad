package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"legit/contacts"
)

// The reasons an erasure event records.
const (
	ErasureRequest   = "request"   // the person asked (Art. 17)
	ErasureRetention = "retention" // the retention period ran out or the basis ended
	ErasureOverdue   = "overdue"   // the notice deadline passed without a notice
)

// EraseOptions say what an erasure queues beyond the database.
type EraseOptions struct {
	// Mailbox is set when the rep has an IMAP mailbox legit files sent
	// mail in and reads replies from: the person's mail there is queued
	// for removal (see PendingErasure).
	Mailbox bool
}

// Erasure is what an erasure did and what it left to do outside the
// database, in a pending erasure finished after the commit.
type Erasure struct {
	Ref string // the erased contact's pseudonymous ref
	// Others are the refs of the person's other contact rows erased with it:
	// a colleague's contact with one of their addresses, or one under an
	// address they had before.
	Others    []string
	Answered  int   // erasure requests it answered
	Addresses int   // addresses on the suppression list: every one the person had
	PendingID int64 // the pending erasure; 0 when nothing is left to do
	Outbox    int   // Message-IDs whose outbox files are to be removed
	Mailbox   MailboxWork
	// ColleagueDrafts counts the colleagues' drafts and queued messages to
	// the person that went with it; Told how many colleagues are told so
	// (an ErasureNotice each, shown once by their own client).
	ColleagueDrafts, Told int
	// Elsewhere names the colleagues who still hold the person in a contact
	// the rep erasing may not erase (a rep on a team database): a lead or
	// the DPO erases those.
	Elsewhere []string
}

// Erase is EraseWith without a mailbox; it returns how many erasure
// requests the erasure answered.
func (s *Store) Erase(ctx context.Context, contactID int64, rep, reason string) (int, error) {
	e, err := s.EraseWith(ctx, contactID, rep, reason, EraseOptions{})
	return e.Answered, err
}

// ErrNotYours is returned for an erasure of a contact the role that
// connected may not erase: a colleague's, on a team database, for a rep.
var ErrNotYours = errors.New("only its owner, a lead or the DPO can erase it")

// EraseWith removes a person and everything that identifies them (Art. 17)
// in one transaction: the contact and, when the person asked (reason
// ErasureRequest), every other contact row that holds one of the addresses
// they had, whoever in the organisation owns it (as far as the role may
// erase: on a team database a rep erases their own, a lead or the DPO every
// row). Of each contact it deletes the row in every table that refers to
// it (sources, assessments, consents, messages with their raw text, drafts,
// replies, including those kept before the address was a contact's, every
// address the contact had, and any table added later; the rights requests
// only lose the link, see keptOnErasure), then the contact itself. The
// person's open erasure requests are marked answered. Every address the
// person ever had goes on the suppression list as a keyed hash, so a later
// import or send is refused, and the log gets an erasure event per contact
// that names only the pseudonymous ref; the first counts what was queued
// and the colleagues' drafts that went.
//
// A colleague whose draft or queued message to the person went is told,
// without the person's data (an ErasureNotice, TakeErasureNotices).
//
// What the erasure leaves outside the database (the outbox files of the
// person's emails and, with o.Mailbox, their mail in the rep's IMAP
// mailbox) is recorded in the same transaction as a pending erasure, which
// the caller finishes after the commit and the next start finishes if a
// crash came first; on a team database a colleague's part is queued for
// their own client. After the commit the WAL is checkpointed and truncated;
// with secure_delete on, no byte of the erased data is left in the
// database files.
func (s *Store) EraseWith(ctx context.Context, contactID int64, rep, reason string, o EraseOptions) (Erasure, error) {
	if reason == "" {
		reason = ErasureRequest
	}
	var e Erasure
	err := s.InTx(ctx, func(t *Tx) error {
		e = Erasure{}
		c, err := scanContact(t.stmt(s.q.ContactByID).QueryRow(contactID))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("erase contact %d: %w", contactID, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("erase contact %d: %w", contactID, err)
		}
		e.Ref = c.Ref
		p, err := t.erasedWith(c, reason)
		if err != nil {
			return err
		}
		if !p.rows[0].erasable {
			return t.notYours(c)
		}
		for _, a := range p.addrs {
			// Replies kept from the address while it was no contact's are
			// the person's too: they go with them.
			if _, err := t.linkReplies(contactID, a.email); err != nil {
				return err
			}
		}
		if err := t.suppressPerson(c, p.addrs, rep); err != nil {
			return err
		}
		e.Addresses = len(p.addrs)
		var rows []contacts.Contact
		for _, r := range p.rows {
			if r.erasable {
				rows = append(rows, r.c)
			}
		}
		for _, r := range rows {
			n, err := t.answerRequests(r, contacts.ReplyErasure)
			if err != nil {
				return err
			}
			e.Answered += n
		}
		self, err := t.selfReps(rep)
		if err != nil {
			return err
		}
		scopes, err := t.erasureScopes(p.erasable(), p.addrs, o.Mailbox, self)
		if err != nil {
			return err
		}
		var queued map[string]string
		if e.PendingID, queued, err = t.queueErasure(c.Ref, scopes[0].outbox, scopes[0].work); err != nil {
			return err
		}
		e.Outbox, e.Mailbox = len(scopes[0].outbox), scopes[0].work
		for r, sc := range scopes {
			if r == 0 {
				continue
			}
			if _, _, err := t.queueErasureFor(r, c.Ref, sc.outbox, sc.work); err != nil {
				return err
			}
		}
		notices, err := t.colleaguesToTell(rows, self, &e)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := t.deleteContactRows(r.ID); err != nil {
				return err
			}
			res, err := t.stmt(s.q.DeleteContact).Exec(r.ID)
			if err != nil {
				return fmt.Errorf("erase contact %s: %w", r.Ref, err)
			}
			if n, err := res.RowsAffected(); err != nil || n != 1 {
				return fmt.Errorf("erase contact %s: the database removed %d rows (%v): %w", r.Ref, n, err, ErrNotYours)
			}
			if r.ID != c.ID {
				e.Others = append(e.Others, r.Ref)
			}
		}
		if reason == ErasureRequest {
			if e.Elsewhere, err = t.heldElsewhere(p); err != nil {
				return err
			}
		}
		details := map[string]string{"reason": reason}
		maps.Copy(details, answeredDetail(e.Answered))
		maps.Copy(details, queued)
		for k, n := range map[string]int{"contacts": len(rows), "colleague_drafts": e.ColleagueDrafts,
			"colleagues_told": e.Told, "held_elsewhere": len(e.Elsewhere)} {
			if n > 0 && (k != "contacts" || n > 1) {
				details[k] = strconv.Itoa(n)
			}
		}
		if _, err := t.AppendEvent(Event{Rep: rep, Kind: EventErasure, ContactRef: c.Ref, Details: details}); err != nil {
			return err
		}
		for _, ref := range e.Others {
			if _, err := t.AppendEvent(Event{Rep: rep, Kind: EventErasure, ContactRef: ref,
				Details: map[string]string{"reason": reason, "with": c.Ref}}); err != nil {
				return err
			}
		}
		// After the events: a team database takes a notice only about a
		// ref the log shows erased.
		now := timeText(s.now())
		for _, n := range notices {
			if _, err := t.stmt(s.q.InsertErasureNotice).Exec(n.rep, n.ref, reason, now, n.drafts, n.queued); err != nil {
				return fmt.Errorf("tell a colleague their draft to %s went: %w", n.ref, err)
			}
		}
		return nil
	})
	if err != nil {
		return Erasure{}, err
	}
	return e, s.checkpoint(ctx)
}

// erasedWith gathers what an erasure of c for reason takes: for the
// person's request every contact row of theirs the role may erase (the
// organisation is one controller); under the retention rule or for an
// overdue notice only c, whose own clock ran out (a colleague's contact of
// the same person may still be kept).
func (t *Tx) erasedWith(c contacts.Contact, reason string) (heldPerson, error) {
	if reason == ErasureRequest {
		return t.personOf(c)
	}
	addrs, err := t.allAddresses(c.ID, c.Email)
	if err != nil {
		return heldPerson{}, err
	}
	ok, err := t.mayErase(c.ID)
	return heldPerson{rows: []personRow{{c: c, erasable: ok}}, addrs: addrs}, err
}

// notYours is the error for an erasure of c, which the role may not erase.
func (t *Tx) notYours(c contacts.Contact) error {
	var owner sql.NullString
	if err := t.tx.QueryRowContext(t.ctx, `SELECT legit_owner_name(?)`, c.ID).Scan(&owner); err != nil {
		return fmt.Errorf("erase contact %s: %w", c.Ref, ErrNotYours)
	}
	return fmt.Errorf("%s is held by %s: %w (ask them, your lead or your DPO)", contacts.Clean(c.Name), owner.String, ErrNotYours)
}

// suppressPerson puts every address of the person on the suppression list:
// c's own, then each of addrs not on it yet, each logged.
func (t *Tx) suppressPerson(c contacts.Contact, addrs []knownAddress, rep string) error {
	done := map[string]bool{}
	if c.Email != "" {
		if err := t.Suppress(c.Email, c.Ref, rep, ReasonErasure); err != nil {
			return err
		}
		done[t.s.AddressHash(c.Email)] = true
	}
	for _, a := range addrs {
		if done[a.hash] {
			continue
		}
		done[a.hash] = true
		listed, err := t.IsSuppressed(a.email)
		if err != nil {
			return err
		}
		if listed {
			continue
		}
		if err := t.Suppress(a.email, c.Ref, rep, ReasonErasure); err != nil {
			return err
		}
	}
	return nil
}

// colleagueNotice is what one colleague is to be told of one erased row.
type colleagueNotice struct {
	unsent
	ref string
}

// colleaguesToTell lists, for every rep other than the one erasing (self)
// whose drafts or queued messages to the rows go, the notice their client
// shows once, and counts them in e.
func (t *Tx) colleaguesToTell(rows []contacts.Contact, self map[int64]bool, e *Erasure) ([]colleagueNotice, error) {
	told := map[int64]bool{}
	var out []colleagueNotice
	for _, r := range rows {
		us, err := t.unsentOf(r.ID)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			if self[u.rep] {
				continue
			}
			out = append(out, colleagueNotice{unsent: u, ref: r.Ref})
			e.ColleagueDrafts += u.drafts + u.queued
			told[u.rep] = true
		}
	}
	e.Told = len(told)
	return out, nil
}

// refTable is a table with a foreign key to contacts.
type refTable struct{ table, column, onDelete string }

// contactTables lists every table that refers to contacts, read from the
// schema so that tables added by later migrations are included.
func (t *Tx) contactTables() ([]refTable, error) {
	rows, err := t.stmt(t.s.q.ReferencingTables).Query()
	if err != nil {
		return nil, fmt.Errorf("list tables that refer to contacts: %w", err)
	}
	var out []refTable
	for rows.Next() {
		var r refTable
		if err := rows.Scan(&r.table, &r.column, &r.onDelete); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("list tables that refer to contacts: %w", err)
		}
		out = append(out, r)
	}
	return out, closeRows(rows, "list tables that refer to contacts")
}

// keptOnErasure are the tables whose rows outlive an erased contact, unlinked:
// they hold only the pseudonymous ref and dates, and are kept to show the
// person's requests were answered. A table is kept only when it is named
// here and its foreign key says ON DELETE SET NULL; every other row that
// refers to the contact is deleted.
var keptOnErasure = map[string]bool{"rights_requests": true}

// deleteContactRows deletes the contact's rows from every referring table
// (ON DELETE CASCADE would do it too; deleting them by name also covers a
// table whose foreign key does not cascade), except the kept ones, which
// lose the link.
func (t *Tx) deleteContactRows(contactID int64) error {
	tables, err := t.contactTables()
	if err != nil {
		return err
	}
	for _, r := range tables {
		q := fmt.Sprintf("DELETE FROM %s WHERE %s = ?", ident(r.table), ident(r.column))
		if keptOnErasure[r.table] && strings.EqualFold(r.onDelete, "SET NULL") {
			q = fmt.Sprintf("UPDATE %s SET %s = NULL WHERE %s = ?", ident(r.table), ident(r.column), ident(r.column))
		}
		if _, err := t.tx.ExecContext(t.ctx, q, contactID); err != nil {
			return fmt.Errorf("erase rows of contact %d from %s: %w", contactID, r.table, err)
		}
	}
	return nil
}

// ident quotes an SQL identifier read from the schema.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// checkpoint gets erased data out of the database's files after the commit.
// On SQLite it copies the WAL into the database file and truncates it, so
// that pages with erased data do not linger in the -wal file (secure_delete
// has overwritten them in the file); a reader on another connection can
// hold it up, and it is retried for a short while. On PostgreSQL it vacuums
// the tables that hold a person's data (vacuumErased).
func (s *Store) checkpoint(ctx context.Context) error {
	if s.Postgres() {
		return s.vacuumErased(ctx)
	}
	for try := 0; ; try++ {
		var busy, logPages, done int
		if err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &done); err != nil {
			return fmt.Errorf("checkpoint after erasure: %w", err)
		}
		if busy == 0 {
			return nil
		}
		if try == 20 {
			return fmt.Errorf("checkpoint after erasure: the database is busy; erased data may stay in %s-wal until the next checkpoint (close other legit windows and run the erasure again)", s.path)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("checkpoint after erasure: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
