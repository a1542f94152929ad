package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// RepWeek is one rep's outreach in one week (from Monday, UTC), as the
// lead's report counts it from the log and the inbox.
type RepWeek struct {
	Rep           string    `json:"rep"`
	Week          time.Time `json:"week"`
	FirstContacts int       `json:"first_contacts"`
	FollowUps     int       `json:"follow_ups"`
	Notices       int       `json:"notices"`
	Replies       int       `json:"replies"`
	OptOuts       int       `json:"opt_outs"`
	Objections    int       `json:"objections"`
	Bounces       int       `json:"bounces"`
	NotSent       int       `json:"not_sent"` // taken back out of the outbox by a rule
}

// OpenRequest is an erasure or access request not answered yet.
type OpenRequest struct {
	Kind       string    `json:"kind"`
	ContactRef string    `json:"contact_ref"`
	Rep        string    `json:"rep"` // who last wrote to the person, "" if nobody
	ReceivedAt time.Time `json:"received_at"`
	DueAt      time.Time `json:"due_at"`
}

// Overlap is a company that more than one rep emailed in the period.
type Overlap struct {
	Company string    `json:"company"`
	Reps    []string  `json:"reps"`
	People  int       `json:"people"`
	Last    time.Time `json:"last"`
}

// TeamReport is the lead's view of the team since a day: per rep and week
// what was sent and what came back, the open rights requests with their
// deadlines, the companies several reps wrote to, and the sends in doubt.
type TeamReport struct {
	Since    time.Time     `json:"since"`
	Weeks    []RepWeek     `json:"weeks"`
	Requests []OpenRequest `json:"open_requests"`
	Overlaps []Overlap     `json:"overlaps"`
	// InDoubt is how many sends are in doubt now (legit send --in-doubt
	// lists them): each refuses its recipient to every rep until resolved.
	InDoubt int `json:"sends_in_doubt"`
}

// weekOf is the Monday (UTC) of t's week: the week the report's queries
// count an event in.
func weekOf(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// teamReportQueries are the queries of teamreport.go: the engine counts,
// the report reads a row per rep and week and per shared company.
type teamReportQueries struct {
	ReportWeeks    *sql.Stmt `query:"report-weeks"`
	ReportReplies  *sql.Stmt `query:"report-replies"`
	ReportOverlaps *sql.Stmt `query:"report-overlaps"`
}

// TeamReport reads the team's report from since on. Replies count for the
// rep who last emailed the person before the reply came. The overlaps are
// read while the rest is (the log's counts, the replies, the open
// requests), each side on a connection of its own; each statement sees the
// database as it was when it began, as when they were read one after the
// other. Two at a time: the pool keeps two idle connections (database/sql's
// default), and a third would be opened, its statements prepared and its
// caches filled, on every report.
func (s *Store) TeamReport(ctx context.Context, since time.Time) (TeamReport, error) {
	r := TeamReport{Since: since}
	var counts, replies []RepWeek
	var overlapsErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.Overlaps, overlapsErr = s.overlaps(ctx, since)
	}()
	err := func() (err error) {
		if counts, err = s.logWeeks(ctx, since); err != nil {
			return err
		}
		if replies, err = s.replyWeeks(ctx, since); err != nil {
			return err
		}
		if r.Requests, err = s.openRequests(ctx); err != nil {
			return err
		}
		r.InDoubt, err = s.countInDoubt(ctx, s.now())
		return err
	}()
	wg.Wait()
	if err := errors.Join(err, overlapsErr); err != nil {
		return r, err
	}
	r.Weeks = counts
	at := map[[2]string]int{}
	for i, w := range counts {
		at[[2]string{w.Rep, w.Week.Format(time.DateOnly)}] = i
	}
	for _, w := range replies {
		k := [2]string{w.Rep, w.Week.Format(time.DateOnly)}
		if i, ok := at[k]; ok {
			r.Weeks[i].Replies += w.Replies
			continue
		}
		at[k] = len(r.Weeks)
		r.Weeks = append(r.Weeks, w)
	}
	sort.Slice(r.Weeks, func(i, j int) bool {
		if !r.Weeks[i].Week.Equal(r.Weeks[j].Week) {
			return r.Weeks[i].Week.Before(r.Weeks[j].Week)
		}
		return r.Weeks[i].Rep < r.Weeks[j].Rep
	})
	return r, nil
}

// logWeeks counts the log's sends, notices, suppressions and outbox
// refusals per rep and week since a time.
func (s *Store) logWeeks(ctx context.Context, since time.Time) ([]RepWeek, error) {
	rows, err := s.q.ReportWeeks.QueryContext(ctx, timeText(since))
	if err != nil {
		return nil, fmt.Errorf("count the log for the report: %w", err)
	}
	var out []RepWeek
	for rows.Next() {
		var w RepWeek
		var day string
		var sends int
		if err := rows.Scan(&w.Rep, &day, &w.FirstContacts, &sends, &w.Notices, &w.OptOuts, &w.Objections, &w.Bounces, &w.NotSent); err != nil {
			rows.Close()
			return nil, fmt.Errorf("count the log for the report: %w", err)
		}
		if w.Week, err = time.Parse(time.DateOnly, day); err != nil {
			rows.Close()
			return nil, fmt.Errorf("count the log for the report: week %q: %w", day, err)
		}
		w.FollowUps = sends - w.FirstContacts
		out = append(out, w)
	}
	return out, closeRows(rows, "count the log for the report")
}

// replyWeeks counts the replies per rep (the last writer) and week since a
// time.
func (s *Store) replyWeeks(ctx context.Context, since time.Time) ([]RepWeek, error) {
	rows, err := s.q.ReportReplies.QueryContext(ctx, timeText(since))
	if err != nil {
		return nil, fmt.Errorf("count replies for the report: %w", err)
	}
	var out []RepWeek
	for rows.Next() {
		var w RepWeek
		var day string
		if err := rows.Scan(&w.Rep, &day, &w.Replies); err != nil {
			rows.Close()
			return nil, fmt.Errorf("count replies for the report: %w", err)
		}
		if w.Week, err = time.Parse(time.DateOnly, day); err != nil {
			rows.Close()
			return nil, fmt.Errorf("count replies for the report: week %q: %w", day, err)
		}
		out = append(out, w)
	}
	return out, closeRows(rows, "count replies for the report")
}

// lastWriter is the name of the rep who last emailed a contact before a
// moment, as a correlated subquery on a contact id column.
const lastWriter = `COALESCE((SELECT rp.name FROM messages m JOIN reps rp ON rp.id = m.rep_id
	WHERE m.contact_id = %s AND m.state = 'sent' AND m.sent_at <= %s ORDER BY m.sent_at DESC LIMIT 1), '')`

// openRequests lists the rights requests not answered, soonest due first.
func (s *Store) openRequests(ctx context.Context) ([]OpenRequest, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT q.kind, q.contact_ref, `+fmt.Sprintf(lastWriter, "q.contact_id", "q.received_at")+`,
		q.received_at, q.due_at FROM rights_requests q WHERE q.answered_at IS NULL ORDER BY q.due_at, q.id`)
	if err != nil {
		return nil, fmt.Errorf("read open requests: %w", err)
	}
	var out []OpenRequest
	for rows.Next() {
		var q OpenRequest
		var received, due string
		if err := rows.Scan(&q.Kind, &q.ContactRef, &q.Rep, &received, &due); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read open requests: %w", err)
		}
		if q.ReceivedAt, err = parseTime(received); err == nil {
			q.DueAt, err = parseTime(due)
		}
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, q)
	}
	return out, closeRows(rows, "read open requests")
}

// overlaps lists the companies that more than one rep emailed since a
// day, the last emailed first.
func (s *Store) overlaps(ctx context.Context, since time.Time) ([]Overlap, error) {
	rows, err := s.q.ReportOverlaps.QueryContext(ctx, timeText(since))
	if err != nil {
		return nil, fmt.Errorf("read overlaps: %w", err)
	}
	var out []Overlap
	var reps map[string]bool
	var people map[int64]bool
	for rows.Next() {
		var company, last, rep string
		var contact int64
		if err := rows.Scan(&company, &last, &rep, &contact); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read overlaps: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].Company != company {
			t, err := parseTime(last)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, Overlap{Company: company, Last: t})
			reps, people = map[string]bool{}, map[int64]bool{}
		}
		o := &out[len(out)-1]
		if !reps[rep] {
			reps[rep] = true
			o.Reps = append(o.Reps, rep)
		}
		if !people[contact] {
			people[contact] = true
			o.People++
		}
	}
	if err := closeRows(rows, "read overlaps"); err != nil {
		return nil, err
	}
	for i := range out {
		sort.Strings(out[i].Reps)
	}
	return out, nil
}
