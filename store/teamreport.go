package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
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
// deadlines, and the companies several reps wrote to.
type TeamReport struct {
	Since    time.Time     `json:"since"`
	Weeks    []RepWeek     `json:"weeks"`
	Requests []OpenRequest `json:"open_requests"`
	Overlaps []Overlap     `json:"overlaps"`
}

// weekOf is the Monday (UTC) of t's week.
func weekOf(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// TeamReport reads the team's report from since on. Replies count for the
// rep who last emailed the person before the reply came.
func (s *Store) TeamReport(ctx context.Context, since time.Time) (TeamReport, error) {
	r := TeamReport{Since: since}
	weeks := map[[2]string]*RepWeek{}
	week := func(rep string, at time.Time) *RepWeek {
		k := [2]string{rep, weekOf(at).Format(time.DateOnly)}
		if weeks[k] == nil {
			weeks[k] = &RepWeek{Rep: rep, Week: weekOf(at)}
		}
		return weeks[k]
	}
	rows, err := s.db.QueryContext(ctx, `SELECT rep, kind, at, details FROM events
		WHERE at >= ? AND kind IN ('send', 'notice', 'suppression', 'queued') ORDER BY id`, timeText(since))
	if err != nil {
		return r, fmt.Errorf("read the log for the report: %w", err)
	}
	for rows.Next() {
		var rep, kind, at, details string
		if err := rows.Scan(&rep, &kind, &at, &details); err != nil {
			rows.Close()
			return r, fmt.Errorf("read the log for the report: %w", err)
		}
		t, err := parseTime(at)
		if err != nil {
			rows.Close()
			return r, err
		}
		var d map[string]string
		if err := json.Unmarshal([]byte(details), &d); err != nil {
			rows.Close()
			return r, fmt.Errorf("read the log for the report: details of a %s event: %w", kind, err)
		}
		w := week(rep, t)
		switch EventKind(kind) {
		case EventSend:
			if d["first"] == "true" || d["notice"] == "long" {
				w.FirstContacts++
			} else {
				w.FollowUps++
			}
		case EventNotice:
			w.Notices++
		case EventSuppression:
			switch {
			case d["reason"] == "opt_out":
				w.OptOuts++
			case d["reason"] == "objection":
				w.Objections++
			case d["reason"] == "bounce":
				w.Bounces++
			}
		case EventQueued:
			if d["outcome"] == "not_sent" {
				w.NotSent++
			}
		}
	}
	if err := closeRows(rows, "read the log for the report"); err != nil {
		return r, err
	}
	if err := s.reportReplies(ctx, since, week); err != nil {
		return r, err
	}
	for _, w := range weeks {
		r.Weeks = append(r.Weeks, *w)
	}
	sort.Slice(r.Weeks, func(i, j int) bool {
		if !r.Weeks[i].Week.Equal(r.Weeks[j].Week) {
			return r.Weeks[i].Week.Before(r.Weeks[j].Week)
		}
		return r.Weeks[i].Rep < r.Weeks[j].Rep
	})
	if r.Requests, err = s.openRequests(ctx); err != nil {
		return r, err
	}
	r.Overlaps, err = s.overlaps(ctx, since)
	return r, err
}

// lastWriter is the name of the rep who last emailed a contact before a
// moment, as a correlated subquery on a contact id column.
const lastWriter = `COALESCE((SELECT rp.name FROM messages m JOIN reps rp ON rp.id = m.rep_id
	WHERE m.contact_id = %s AND m.state = 'sent' AND m.sent_at <= %s ORDER BY m.sent_at DESC LIMIT 1), '')`

// reportReplies counts the replies since a day for the rep who last wrote.
func (s *Store) reportReplies(ctx context.Context, since time.Time, week func(string, time.Time) *RepWeek) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+fmt.Sprintf(lastWriter, "i.contact_id", "i.received_at")+`, i.received_at
		FROM inbox i WHERE i.received_at >= ? AND i.contact_id IS NOT NULL AND i.class NOT IN ('bounce', 'out_of_office')`, timeText(since))
	if err != nil {
		return fmt.Errorf("read replies for the report: %w", err)
	}
	for rows.Next() {
		var rep, at string
		if err := rows.Scan(&rep, &at); err != nil {
			rows.Close()
			return fmt.Errorf("read replies for the report: %w", err)
		}
		t, err := parseTime(at)
		if err != nil {
			rows.Close()
			return err
		}
		if rep != "" {
			week(rep, t).Replies++
		}
	}
	return closeRows(rows, "read replies for the report")
}

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

// overlaps lists the companies that more than one rep emailed since a day.
func (s *Store) overlaps(ctx context.Context, since time.Time) ([]Overlap, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT lower(c.company), rp.name, c.id, m.sent_at FROM messages m
		JOIN contacts c ON c.id = m.contact_id JOIN reps rp ON rp.id = m.rep_id
		WHERE m.state = 'sent' AND m.sent_at >= ? AND c.company <> '' ORDER BY m.sent_at`, timeText(since))
	if err != nil {
		return nil, fmt.Errorf("read overlaps: %w", err)
	}
	type acc struct {
		reps   map[string]bool
		people map[int64]bool
		last   time.Time
	}
	byCompany := map[string]*acc{}
	for rows.Next() {
		var company, rep, at string
		var id int64
		if err := rows.Scan(&company, &rep, &id, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read overlaps: %w", err)
		}
		t, err := parseTime(at)
		if err != nil {
			rows.Close()
			return nil, err
		}
		a := byCompany[company]
		if a == nil {
			a = &acc{reps: map[string]bool{}, people: map[int64]bool{}}
			byCompany[company] = a
		}
		a.reps[rep], a.people[id], a.last = true, true, t
	}
	if err := closeRows(rows, "read overlaps"); err != nil {
		return nil, err
	}
	var out []Overlap
	for company, a := range byCompany {
		if len(a.reps) < 2 {
			continue
		}
		o := Overlap{Company: company, People: len(a.people), Last: a.last}
		for rep := range a.reps {
			o.Reps = append(o.Reps, rep)
		}
		sort.Strings(o.Reps)
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Last.After(out[j].Last) })
	return out, nil
}
