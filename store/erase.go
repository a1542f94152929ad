package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
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
	Ref       string // the erased contact's pseudonymous ref
	Answered  int    // erasure requests it answered
	Addresses int    // addresses on the suppression list: every one the person had
	PendingID int64  // the pending erasure; 0 when nothing is left to do
	Outbox    int    // Message-IDs whose outbox files are to be removed
	Mailbox   MailboxWork
}

// Erase is EraseWith without a mailbox; it returns how many erasure
// requests the erasure answered.
func (s *Store) Erase(ctx context.Context, contactID int64, rep, reason string) (int, error) {
	e, err := s.EraseWith(ctx, contactID, rep, reason, EraseOptions{})
	return e.Answered, err
}

// EraseWith removes a contact and everything that identifies them (Art. 17)
// in one transaction: the row in every table that refers to the contact
// (sources, assessments, consents, messages with their raw text, drafts,
// replies, including those kept before the address was a contact's, every
// address the contact had, and any table added later; the rights requests
// only lose the link, see keptOnErasure), then the contact itself. The
// person's open erasure requests are marked answered. Every address the
// contact ever had goes on the suppression list as a keyed hash, so a later
// import or send is refused, and the log gets an erasure event that names
// only the pseudonymous ref and counts what was queued.
//
// What the erasure leaves outside the database (the outbox files of the
// person's emails and, with o.Mailbox, their mail in the rep's IMAP
// mailbox) is recorded in the same transaction as a pending erasure, which
// the caller finishes after the commit and the next start finishes if a
// crash came first. After the commit the WAL is checkpointed and truncated;
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
		addrs, err := t.allAddresses(contactID, c.Email)
		if err != nil {
			return err
		}
		for _, a := range addrs {
			// Replies kept from the address while it was no contact's are
			// the person's too: they go with them.
			if _, err := t.linkReplies(contactID, a.email); err != nil {
				return err
			}
		}
		if c.Email != "" {
			if err := t.Suppress(c.Email, c.Ref, rep, ReasonErasure); err != nil {
				return err
			}
		}
		if _, err := t.suppressFormer(contactID, []string{c.Email}, c.Ref, rep, ReasonErasure); err != nil {
			return err
		}
		e.Addresses = len(addrs)
		if e.Answered, err = t.answerRequests(c, contacts.ReplyErasure); err != nil {
			return err
		}
		sc, err := t.erasureScope(contactID, addrs, o.Mailbox)
		if err != nil {
			return err
		}
		var queued map[string]string
		if e.PendingID, queued, err = t.queueErasure(c.Ref, sc.outbox, sc.work); err != nil {
			return err
		}
		e.Outbox, e.Mailbox = len(sc.outbox), sc.work
		if err := t.deleteContactRows(contactID); err != nil {
			return err
		}
		if _, err := t.stmt(s.q.DeleteContact).Exec(contactID); err != nil {
			return fmt.Errorf("erase contact %s: %w", c.Ref, err)
		}
		details := map[string]string{"reason": reason}
		maps.Copy(details, answeredDetail(e.Answered))
		maps.Copy(details, queued)
		_, err = t.AppendEvent(Event{Rep: rep, Kind: EventErasure, ContactRef: c.Ref, Details: details})
		return err
	})
	if err != nil {
		return Erasure{}, err
	}
	return e, s.checkpoint(ctx)
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
