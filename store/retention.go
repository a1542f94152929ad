package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"legit/contacts"
)

// NoteReply records that the contact replied at the given time; the
// retention period counts from the latest reply. An older time is ignored.
func (t *Tx) NoteReply(contactID int64, at time.Time) error {
	if _, err := t.stmt(t.s.q.NoteReply).Exec(contactID, timeText(at)); err != nil {
		return fmt.Errorf("note reply of contact %d: %w", contactID, err)
	}
	return nil
}

// Activity returns, per contact ID, when they last replied and when they
// asked for erasure (if still open): the retention rule's inputs.
func (s *Store) Activity(ctx context.Context) (map[int64]contacts.Activity, error) {
	rows, err := s.q.Activity.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("read contact activity: %w", err)
	}
	out := map[int64]contacts.Activity{}
	for rows.Next() {
		var id int64
		var reply, asked sql.NullString
		if err := rows.Scan(&id, &reply, &asked); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read contact activity: %w", err)
		}
		var a contacts.Activity
		if a.LastReply, err = parseNullTime(reply); err != nil {
			_ = rows.Close()
			return nil, err
		}
		if a.ErasureAsked, err = parseNullTime(asked); err != nil {
			_ = rows.Close()
			return nil, err
		}
		out[id] = a
	}
	return out, closeRows(rows, "read contact activity")
}

// ErasureAsked returns when the contact asked for erasure, or nil when no
// erasure request of theirs is open.
func (s *Store) ErasureAsked(ctx context.Context, contactID int64) (*time.Time, error) {
	var at sql.NullString
	if err := s.q.ErasureAsked.QueryRowContext(ctx, contactID).Scan(&at); err != nil {
		return nil, fmt.Errorf("read erasure requests of contact %d: %w", contactID, err)
	}
	return parseNullTime(at)
}

// AccessDue returns by when the contact's open access request must be
// answered, or nil when none is open.
func (s *Store) AccessDue(ctx context.Context, contactID int64) (*time.Time, error) {
	var at sql.NullString
	if err := s.q.AccessDue.QueryRowContext(ctx, contactID).Scan(&at); err != nil {
		return nil, fmt.Errorf("read access requests of contact %d: %w", contactID, err)
	}
	return parseNullTime(at)
}
