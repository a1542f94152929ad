package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// logViewQueries are the queries of log.go, verify.go and bundle.go.
type logViewQueries struct {
	ChainLinks     *sql.Stmt `query:"chain-links"`
	ChainLinksUpTo *sql.Stmt `query:"chain-links-upto"`
	LogReps        *sql.Stmt `query:"log-reps"`
	LogWeekly      *sql.Stmt `query:"log-weekly"`
	LogHead        *sql.Stmt `query:"log-head"`
	MarkReview     *sql.Stmt `query:"mark-review"`
}

// EventKinds returns every kind of event, in the order the log screen
// cycles through them.
func EventKinds() []EventKind {
	return []EventKind{EventSend, EventNotice, EventOptOut, EventSuppression, EventImport, EventContactAdded,
		EventBasis, EventConsent, EventExport, EventErasure, EventRectify, EventMerge, EventAnswered, EventReview, EventOrgSet, EventQueued, EventSendResolved}
}

// LogFilter picks events from the log. Zero fields do not filter.
type LogFilter struct {
	Rep        string
	Kind       EventKind
	ContactRef string
	Since      time.Time // from this instant on
	Until      time.Time // before this instant
	Text       string    // case-insensitive, in the contact's name or ref, the rep or the kind
	After      *LogEntry // continue after this entry (keyset pagination)
	Limit      int       // at most this many (default 100)
}

// LogEntry is one event as the log shows it. ContactName is the contact's
// name while the contact exists; after an erasure it is empty and only the
// pseudonymous ContactRef remains.
type LogEntry struct {
	Event
	ContactName string
}

// Log returns the events f picks, newest first (by time, then by ID). Pass
// the last entry of a page as f.After to get the next page.
func (s *Store) Log(ctx context.Context, f LogFilter) ([]LogEntry, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	if f.Rep != "" {
		add("e.rep = ?", f.Rep)
	}
	if f.Kind != "" {
		add("e.kind = ?", string(f.Kind))
	}
	if f.ContactRef != "" {
		add("e.contact_ref = ?", f.ContactRef)
	}
	if !f.Since.IsZero() {
		add("e.at >= ?", timeText(f.Since))
	}
	if !f.Until.IsZero() {
		add("e.at < ?", timeText(f.Until))
	}
	if f.After != nil {
		add("(e.at, e.id) < (?, ?)", timeText(f.After.At), f.After.ID)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(t) + "%"
		add(strings.ReplaceAll(`(c.name LIKE ? ESCAPE '\' OR e.contact_ref LIKE ? ESCAPE '\' OR e.rep LIKE ? ESCAPE '\'
			OR e.kind LIKE ? ESCAPE '\')`, "LIKE", s.like()), like, like, like, like)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q := `SELECT e.id, e.at, e.rep, e.kind, e.contact_ref, e.details, e.prev_hash, e.hash, COALESCE(c.name, '')
FROM events e LEFT JOIN contacts c ON c.ref = e.contact_ref AND e.contact_ref <> ''`
	if len(where) > 0 {
		q += "\nWHERE " + strings.Join(where, " AND ")
	}
	q += "\nORDER BY e.at DESC, e.id DESC LIMIT " + fmt.Sprint(limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read the log: %w", err)
	}
	var out []LogEntry
	for rows.Next() {
		var e LogEntry
		var at, kind, details string
		if err := rows.Scan(&e.ID, &at, &e.Rep, &kind, &e.ContactRef, &details, &e.PrevHash, &e.Hash, &e.ContactName); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read event: %w", err)
		}
		if e.At, err = parseTime(at); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("event %d: %w", e.ID, err)
		}
		e.Kind = EventKind(kind)
		if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("event %d details: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, closeRows(rows, "read the log")
}

// WeekCount is one rep's outreach in one week (from Monday, UTC): first
// contacts, privacy notices sent, and opt-outs or objections.
type WeekCount struct {
	Week          time.Time
	Rep           string
	FirstContacts int
	Notices       int
	OptOuts       int
}

// WeeklyCounts returns the counts per rep and week for the weeks that start
// on or after since's day, by rep and then week. A first contact is a send
// event with "first":"true" or "notice":"long" in its details; a notice is a
// notice event or a send with the long notice; an opt-out is a suppression
// for an opt-out or an objection. Events are counted, not people.
func (s *Store) WeeklyCounts(ctx context.Context, since time.Time) ([]WeekCount, error) {
	rows, err := s.q.LogWeekly.QueryContext(ctx, since.UTC().Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("count the log by week: %w", err)
	}
	var out []WeekCount
	for rows.Next() {
		var w WeekCount
		var week string
		if err := rows.Scan(&w.Rep, &week, &w.FirstContacts, &w.Notices, &w.OptOuts); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read weekly count: %w", err)
		}
		if w.Week, err = time.Parse(time.DateOnly, week); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("weekly count: week %q: %w", week, err)
		}
		out = append(out, w)
	}
	return out, closeRows(rows, "count the log by week")
}

// LogReps returns the names of the reps that have events in the log.
func (s *Store) LogReps(ctx context.Context) ([]string, error) {
	rows, err := s.q.LogReps.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the reps in the log: %w", err)
	}
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read rep: %w", err)
		}
		out = append(out, r)
	}
	return out, closeRows(rows, "list the reps in the log")
}
