package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"legit/contacts"
)

// ErrNotLead is returned when a rep tries to give a rights request to
// someone else on a team database: only a lead or the DPO may.
var ErrNotLead = errors.New("only a lead or the DPO can reassign a request")

// CanAssign reports whether the role that connected may give rights
// requests to someone else: on a team database a lead, the DPO or the
// database's owner; on one rep's file, the rep.
func (s *Store) CanAssign(ctx context.Context) (bool, error) {
	if !s.Postgres() {
		return true, nil
	}
	var ok bool
	if err := s.db.QueryRowContext(ctx, `SELECT legit_may_assign()`).Scan(&ok); err != nil {
		return false, fmt.Errorf("may you reassign requests: %w", err)
	}
	return ok, nil
}

// Assignees lists who a rights request may be given to, by name: on a team
// database the members who may log in; on one rep's file its reps.
func (s *Store) Assignees(ctx context.Context) ([]Rep, error) {
	if s.Postgres() {
		ms, err := s.Members(ctx)
		if err != nil {
			return nil, err
		}
		var out []Rep
		for _, m := range ms {
			if m.Active && m.Role != "" {
				out = append(out, m.Rep)
			}
		}
		if len(out) > 0 {
			return out, nil
		}
		// A database its owner uses without a team: its reps, as on a file.
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, email FROM reps ORDER BY lower(name), id`)
	if err != nil {
		return nil, fmt.Errorf("list the reps: %w", err)
	}
	var out []Rep
	for rows.Next() {
		var r Rep
		if err := rows.Scan(&r.ID, &r.Name, &r.Email); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("list the reps: %w", err)
		}
		out = append(out, r)
	}
	return out, closeRows(rows, "list the reps")
}

// Assigned is what AssignRequest did.
type Assigned struct {
	To  Rep
	Ref string // the request's pseudonymous contact ref
	// Sees reports whether the new assignee sees the contact (a lead, the
	// DPO, its owner, a rep it is shared with; always on one rep's file).
	// When not, the owner or a lead shares it so that they can answer.
	Sees bool
	// Already reports that the request was theirs before: nothing changed
	// and nothing was logged.
	Already bool
}

// AssignRequest gives the open rights request id to the rep with address
// email and logs it (an assign event naming the request and the rep, never
// the person); a request already theirs is left as it is (Already). On a team database only a lead, the DPO or the owner may;
// the database refuses anyone else (ErrNotLead).
func (s *Store) AssignRequest(ctx context.Context, id int64, email, by string) (Assigned, error) {
	var a Assigned
	addr, err := contacts.NormalizeAddress(email)
	if err != nil {
		return a, fmt.Errorf("%w: %v", ErrBadMember, err)
	}
	reps, err := s.Assignees(ctx)
	if err != nil {
		return a, err
	}
	for _, r := range reps {
		if contacts.MatchKey(r.Email) == contacts.MatchKey(addr) {
			a.To = r
		}
	}
	if a.To.ID == 0 {
		return a, fmt.Errorf("%s is nobody a request can go to: %w (legit team lists the members)", addr, ErrBadMember)
	}
	err = s.InTx(ctx, func(t *Tx) error {
		var kind string
		var now, contactID int64
		err := t.stmt(s.q.RequestAssignee).QueryRow(id).Scan(&now)
		if err == nil && now == a.To.ID {
			a.Already = true
			return nil
		}
		err = t.try(func() error {
			return t.stmt(s.q.AssignRequest).QueryRow(id, a.To.ID).Scan(&a.Ref, &kind, &contactID)
		})
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no open request %d: %w (legit requests lists them)", id, ErrNotFound)
		}
		if isPermissionDenied(err) {
			return fmt.Errorf("request %d: %w", id, ErrNotLead)
		}
		if err != nil {
			return fmt.Errorf("assign request %d: %w", id, err)
		}
		if a.Sees, err = t.sees(a.To, contactID); err != nil {
			return err
		}
		_, err = t.AppendEvent(Event{Rep: by, Kind: EventAssigned, ContactRef: a.Ref,
			Details: map[string]string{"request": strconv.FormatInt(id, 10), "kind": kind, "to": a.To.Name}})
		return err
	})
	return a, err
}

// sees reports whether rep r sees contact id on a team database: its
// owner, a rep it is shared with, a lead or the DPO. An erased contact (0),
// a contact nobody owns (a database used without a team) and one rep's
// file hide nothing.
func (t *Tx) sees(r Rep, id int64) (bool, error) {
	if !t.s.Postgres() || id == 0 {
		return true, nil
	}
	var ok bool
	err := t.tx.QueryRowContext(t.ctx, `SELECT
		EXISTS (SELECT 1 FROM contacts c WHERE c.id = ?1 AND (c.owner_id IS NULL OR c.owner_id = ?2))
		OR EXISTS (SELECT 1 FROM contact_shares s WHERE s.contact_id = ?1 AND s.rep_id = ?2)
		OR EXISTS (SELECT 1 FROM reps r JOIN pg_roles a ON a.rolname = r.login JOIN pg_roles g
			ON g.rolname IN ('legit_lead', 'legit_dpo') WHERE r.id = ?2 AND pg_has_role(a.oid, g.oid, 'MEMBER'))`, id, r.ID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("does %s see the contact: %w", r.Name, err)
	}
	return ok, nil
}
