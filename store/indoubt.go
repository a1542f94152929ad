package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// inDoubtQueries are the queries of indoubt.go.
type inDoubtQueries struct {
	SendsInDoubt  *sql.Stmt `query:"sends-in-doubt"`
	SendInDoubtTo *sql.Stmt `query:"send-in-doubt-to"`
	CountInDoubt  *sql.Stmt `query:"count-sends-in-doubt"`
}

// SendInDoubt is a send that may or may not have gone out: its client was
// cut off after the mail server had it. Until someone records what became
// of it (legit send --resolve), the no-send-in-doubt rule refuses every
// email to the person.
type SendInDoubt struct {
	ID        int64 // the messages row: the number --resolve takes
	RepID     int64
	Rep       string // whose send it is
	Subject   string
	MessageID string // without <>
	// ContactRef, Name and Email are the recipient's; empty when the
	// caller cannot see the contact (SendInDoubtTo never reads them).
	ContactRef, Name, Email string
	// State is StateUnknown, or StateSending while its reservation holds
	// or when it ran out with nobody's start having looked yet.
	State MessageState
	// ReservedAt is when its client reserved it for sending; Since is when
	// the reservation ended (or, while it holds, ends): since when it is
	// in doubt.
	ReservedAt, Since time.Time
}

// Held reports whether the send's reservation still holds at now: its
// client may still be sending it, and nobody may resolve it yet.
func (d SendInDoubt) Held(now time.Time) bool {
	return d.State == StateSending && d.Since.After(now)
}

// SendsInDoubt lists, oldest first, the sends in doubt the caller may
// resolve: on a team's database (PostgreSQL) a rep's own and, for a lead,
// the DPO or the database's owner, every rep's, as the engine decides from
// the role that connected (repID counts only for a role that is no rep);
// on one rep's database, rep repID's. A send whose reservation ran out
// before now is in doubt even when its rep never started legit again.
func (s *Store) SendsInDoubt(ctx context.Context, repID int64, now time.Time) ([]SendInDoubt, error) {
	rows, err := s.q.SendsInDoubt.QueryContext(ctx, repID, timeText(now))
	if err != nil {
		return nil, fmt.Errorf("list the sends in doubt: %w", err)
	}
	var out []SendInDoubt
	for rows.Next() {
		d, err := scanInDoubt(rows)
		if err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("list the sends in doubt: %w", err)
		}
		out = append(out, d)
	}
	return out, closeRows(rows, "list the sends in doubt")
}

// SendInDoubtTo returns the earliest send to a contact that may have gone
// out and is not settled, whoever's it is, reserved or in doubt; ok is
// false when there is none.
func (s *Store) SendInDoubtTo(ctx context.Context, contactID int64) (d SendInDoubt, ok bool, err error) {
	d, err = scanInDoubt(s.q.SendInDoubtTo.QueryRowContext(ctx, contactID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	if err != nil {
		return d, false, fmt.Errorf("find the send in doubt to contact %d: %w", contactID, err)
	}
	return d, true, nil
}

// countInDoubt counts the sends in doubt at now that SendsInDoubt would
// list for the caller (on one rep's database, every one).
func (s *Store) countInDoubt(ctx context.Context, now time.Time) (int, error) {
	var n int
	if err := s.q.CountInDoubt.QueryRowContext(ctx, timeText(now)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the sends in doubt: %w", err)
	}
	return n, nil
}

// scanInDoubt reads the columns of sends-in-doubt and send-in-doubt-to.
func scanInDoubt(r scanner) (SendInDoubt, error) {
	var d SendInDoubt
	var state, reserved, since string
	if err := r.Scan(&d.ID, &d.RepID, &d.Rep, &d.ContactRef, &d.Name, &d.Email, &d.Subject, &d.MessageID,
		&state, &reserved, &since); err != nil {
		return d, err
	}
	d.State = MessageState(state)
	var err error
	if d.ReservedAt, err = parseTime(reserved); err == nil {
		d.Since, err = parseTime(since)
	}
	return d, err
}
