package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ColleagueEmail is the latest email a colleague sent to the same person, or to
// someone at the same company: who and when, never the email itself.
type ColleagueEmail struct {
	Rep        string
	At         time.Time
	SamePerson bool // to this contact; else to someone at its company
}

// TeamActivity is what the team guards at compose need from colleagues'
// work: the organisation's first contacts since a time, and the latest
// overlap. On PostgreSQL the server answers (a rep sees only their own
// messages); on SQLite the file's other reps are the colleagues.
type TeamActivity struct {
	OrgFirstContacts int
	Overlap          *ColleagueEmail // nil when no colleague wrote in the window
}

// ErrTeamGrants is returned when a member's role may not call the team
// guards' functions: the owner has not run team init since the upgrade.
var ErrTeamGrants = errors.New("the team database was upgraded but not granted again: ask its owner to run legit team init")

// TeamActivity counts the organisation's first contacts since today and
// finds the latest email another rep than repID sent, since overlapSince,
// to contactID or to a contact at company (case-insensitive; "" matches no
// company).
func (s *Store) TeamActivity(ctx context.Context, repID, contactID int64, company string, today, overlapSince time.Time) (TeamActivity, error) {
	var a TeamActivity
	company = strings.TrimSpace(company)
	firsts := `SELECT COUNT(*) FROM (SELECT contact_id, MIN(sent_at) AS first FROM messages
		WHERE state = 'sent' AND kind != 'access' GROUP BY contact_id) AS firsts WHERE first >= ?`
	overlap := `SELECT r.name, m.sent_at, m.contact_id = ?1 FROM messages m JOIN reps r ON r.id = m.rep_id
		JOIN contacts c ON c.id = m.contact_id
		WHERE m.rep_id != ?2 AND m.state = 'sent' AND m.kind != 'access' AND m.sent_at >= ?4
		AND (m.contact_id = ?1 OR (?3 != '' AND lower(c.company) = lower(?3)))
		ORDER BY m.contact_id = ?1 DESC, m.sent_at DESC LIMIT 1`
	var todayArg, sinceArg any = timeText(today), timeText(overlapSince)
	if s.Postgres() {
		firsts = `SELECT legit_org_first_contacts_since(?)`
		overlap = `SELECT rep_name, sent_at, same_person FROM legit_colleague_overlap(?2, ?1, ?3, ?4)`
		todayArg, sinceArg = today.UTC(), overlapSince.UTC()
	}
	if err := s.db.QueryRowContext(ctx, firsts, todayArg).Scan(&a.OrgFirstContacts); err != nil {
		return a, teamGuardErr("count the organisation's first contacts today", err)
	}
	var o ColleagueEmail
	var at sql.NullString
	var atPG sql.NullTime
	dest := []any{&o.Rep, &at, &o.SamePerson}
	if s.Postgres() {
		dest[1] = &atPG
	}
	err := s.db.QueryRowContext(ctx, overlap, contactID, repID, company, sinceArg).Scan(dest...)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return a, nil
	case err != nil:
		return a, teamGuardErr("look for a colleague's email to the same person or company", err)
	}
	if atPG.Valid {
		o.At = atPG.Time.UTC()
	} else if o.At, err = parseTime(at.String); err != nil {
		return a, fmt.Errorf("read a colleague's email date: %w", err)
	}
	a.Overlap = &o
	return a, nil
}

// teamGuardErr wraps err with what was being done, naming the fix when the
// role lacks the grants.
func teamGuardErr(doing string, err error) error {
	if isPermissionDenied(err) {
		return fmt.Errorf("%s: %w", doing, ErrTeamGrants)
	}
	return fmt.Errorf("%s: %w", doing, err)
}
