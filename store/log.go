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
		EventBasis, EventConsent, EventExport, EventErasure, EventRectify, EventMerge, EventAnswered, EventAssigned, EventReview, EventOrgSet, EventJoined, EventQueued, EventSendResolved}
}

// LogFilter picks events from the log. Zero fields do not filter.
type LogFilter struct {
	Rep        string
	Kind       EventKind
	ContactRef string
	Since      time.Time // from this instant on
	Until      time.Time // before this instant
	Text       string    // case-insensitive, in the contact's name, the rep or the kind; or the start of a ref (c-…)
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
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	order := "ORDER BY e.at DESC, e.id DESC LIMIT " + fmt.Sprint(limit)
	from := "events e"
	if t := strings.TrimSpace(f.Text); t != "" {
		m, err := s.logTextMatch(ctx, t)
		if err != nil {
			return nil, err
		}
		switch {
		case m.none:
			return nil, nil
		case m.scan != "":
			add(m.scan, m.scanArgs...)
		default:
			// One newest page per name, ref, rep or kind that matches, each
			// read from its index; their union holds the newest page.
			base := strings.Join(append([]string{"1 = 1"}, where...), " AND ")
			var parts []string
			var all []any
			for i, alt := range m.alts {
				parts = append(parts, fmt.Sprintf(`SELECT * FROM (SELECT e.id, e.at, e.rep, e.kind, e.contact_ref, e.details, e.prev_hash, e.hash
	FROM events e WHERE %s AND %s %s) s%d`, base, alt.cond, order, i))
				all = append(append(all, args...), alt.args...)
			}
			from = "(" + strings.Join(parts, "\nUNION\n") + ") e"
			where, args = nil, all
		}
	}
	q := `SELECT e.id, e.at, e.rep, e.kind, e.contact_ref, e.details, e.prev_hash, e.hash, COALESCE(c.name, '')
FROM ` + from + ` LEFT JOIN contacts c ON c.ref = e.contact_ref AND e.contact_ref <> ''`
	if len(where) > 0 {
		q += "\nWHERE " + strings.Join(where, " AND ")
	}
	q += "\n" + order
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

// logTextTargets is how many contacts a text filter may name before the
// query matches the text row by row instead: with many matches the newest
// page fills quickly either way.
const logTextTargets = 200

// logTextMatch is what a text filter of the log matches.
type logTextMatch struct {
	none bool // nothing can match
	// alts are conditions that each one index answers: a contact's ref, a
	// rep, a kind, or refs that start with the text.
	alts []logAlt
	// scan is the row-by-row condition, for a text that names many contacts.
	scan     string
	scanArgs []any
}

// logAlt is one condition of a text filter, with its arguments.
type logAlt struct {
	cond string
	args []any
}

// logTextMatch turns a text filter into conditions the indexes answer: the
// refs of the contacts whose name holds the text, the reps and kinds whose
// name holds it, and refs that start with it. A filter that matches nothing
// costs a look at the contacts and the reps, not a scan of the log.
func (s *Store) logTextMatch(ctx context.Context, text string) (logTextMatch, error) {
	var m logTextMatch
	like := "%" + likeEscaper.Replace(text) + "%"
	rows, err := s.db.QueryContext(ctx, `SELECT ref FROM contacts WHERE name `+s.like()+` ? ESCAPE '\' LIMIT `+fmt.Sprint(logTextTargets+1), like)
	if err != nil {
		return m, fmt.Errorf("filter the log: %w", err)
	}
	var refs []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			_ = rows.Close()
			return m, fmt.Errorf("filter the log: %w", err)
		}
		refs = append(refs, r)
	}
	if err := closeRows(rows, "filter the log"); err != nil {
		return m, err
	}
	if len(refs) > logTextTargets {
		m.scan = strings.ReplaceAll(`(c.name LIKE ? ESCAPE '\' OR e.contact_ref LIKE ? ESCAPE '\' OR e.rep LIKE ? ESCAPE '\'
			OR e.kind LIKE ? ESCAPE '\')`, "LIKE", s.like())
		m.scanArgs = []any{like, like, like, like}
		return m, nil
	}
	for _, r := range refs {
		m.alts = append(m.alts, logAlt{"e.contact_ref = ?", []any{r}})
	}
	lower := strings.ToLower(text)
	reps, err := s.LogReps(ctx)
	if err != nil {
		return m, err
	}
	for _, r := range reps {
		if strings.Contains(strings.ToLower(r), lower) {
			m.alts = append(m.alts, logAlt{"e.rep = ?", []any{r}})
		}
	}
	for _, k := range EventKinds() {
		if strings.Contains(string(k), lower) {
			m.alts = append(m.alts, logAlt{"e.kind = ?", []any{string(k)}})
		}
	}
	if prefix, ok := refPrefix(lower); ok {
		// A pseudonymous ref, as the log shows erased contacts: its start.
		m.alts = append(m.alts, logAlt{"e.contact_ref >= ? AND e.contact_ref < ?", []any{prefix, prefix + "\U0010FFFF"}})
	}
	m.none = len(m.alts) == 0
	return m, nil
}

// refPrefix reads a text filter as the start of a pseudonymous ref: c-…,
// or at least four hex digits of one.
func refPrefix(lower string) (string, bool) {
	if strings.HasPrefix(lower, "c-") {
		return lower, true
	}
	if len(lower) < 4 || strings.Trim(lower, "0123456789abcdef") != "" {
		return "", false
	}
	return "c-" + lower, true
}
