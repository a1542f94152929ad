package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"legit/contacts"
)

// rightsQueries are the queries of export.go, erase.go, rectify.go,
// merge.go and retention.go.
type rightsQueries struct {
	AssessmentsHistoryOf *sql.Stmt `query:"assessments-history-of"`
	MessagesOf           *sql.Stmt `query:"messages-of"`
	EventsAbout          *sql.Stmt `query:"events-about"`
	ContactLastReply     *sql.Stmt `query:"contact-last-reply"`
	NoteReply            *sql.Stmt `query:"note-reply"`
	Activity             *sql.Stmt `query:"activity"`
	ReferencingTables    *sql.Stmt `query:"contact-referencing-tables"`
	DeleteContact        *sql.Stmt `query:"delete-contact"`
	RectifyContact       *sql.Stmt `query:"rectify-contact"`
	MergeInto            *sql.Stmt `query:"merge-into"`
	CopyBasis            *sql.Stmt `query:"copy-basis"`
	AnswerRequests       *sql.Stmt `query:"answer-requests"`
	AnswerRequest        *sql.Stmt `query:"answer-request"`
	ErasureAsked         *sql.Stmt `query:"erasure-asked"`
	MentionsOf           *sql.Stmt `query:"mentions-of"`
	AccessDue            *sql.Stmt `query:"access-due"`
}

// Record gathers everything held about one contact for an access request
// (Art. 15): the contact with its sources (import file and line) and
// consents, every address it had before, every assessment, every message
// with its text, the person's replies as kept (those kept before the
// address was a contact's included), and every log event about its ref;
// and the same of every other contact row in the organisation that holds
// one of the person's addresses (a colleague's, an older one), as far as
// the role that connected sees (a lead and the DPO see every rep's). It
// only reads; LogExport records that it was handed out.
func (s *Store) Record(ctx context.Context, contactID int64) (contacts.Record, error) {
	r, err := s.recordOf(ctx, contactID)
	if err != nil {
		return r, err
	}
	var others []int64
	err = s.snapshot(ctx, func(t *Tx) error {
		p, err := t.personOf(r.Contact)
		if err != nil {
			return err
		}
		for _, row := range p.rows[1:] {
			others = append(others, row.c.ID)
		}
		return nil
	})
	if err != nil {
		return r, err
	}
	for _, id := range others {
		o, err := s.recordOf(ctx, id)
		if err != nil {
			return r, err
		}
		r.Others = append(r.Others, o)
	}
	return r, nil
}

// recordOf gathers what Record does for one contact row.
func (s *Store) recordOf(ctx context.Context, contactID int64) (contacts.Record, error) {
	var r contacts.Record
	c, err := s.Contact(ctx, contactID)
	if err != nil {
		return r, err
	}
	r.Contact = c
	if r.FormerEmails, err = s.formerAddresses(ctx, c); err != nil {
		return r, err
	}
	var reply sql.NullString
	if err := s.q.ContactLastReply.QueryRowContext(ctx, contactID).Scan(&reply); err != nil {
		return r, fmt.Errorf("read last reply of contact %d: %w", contactID, err)
	}
	if r.LastReplyAt, err = parseNullTime(reply); err != nil {
		return r, err
	}
	if r.Assessments, err = s.assessmentHistory(ctx, contactID); err != nil {
		return r, err
	}
	if r.Messages, err = s.messagesOf(ctx, contactID); err != nil {
		return r, err
	}
	replies, err := s.RepliesOf(ctx, contactID)
	if err != nil {
		return r, err
	}
	if r.MentionedBy, err = s.mentionsOf(ctx, c); err != nil {
		return r, err
	}
	for _, e := range replies {
		r.Replies = append(r.Replies, contacts.ReplyRecord{MessageID: e.MessageID, From: e.Sender, Subject: e.Subject,
			Snippet: e.Snippet, Class: e.Class, ReceivedAt: e.ReceivedAt})
	}
	rows, err := s.q.EventsAbout.QueryContext(ctx, c.Ref)
	if err != nil {
		return r, fmt.Errorf("read log events of %s: %w", c.Ref, err)
	}
	evs, err := scanEventRows(rows)
	if err != nil {
		return r, err
	}
	for _, e := range evs {
		r.Events = append(r.Events, contacts.EventRecord{ID: e.ID, At: e.At, Rep: e.Rep, Kind: string(e.Kind),
			ContactRef: e.ContactRef, Details: e.Details, Hash: e.Hash})
	}
	return r, nil
}

// LogExport records in the log that the record of contact c was exported.
// When answers is set (the export was saved for the person, not only shown)
// it also marks the contact's open access requests answered, and returns how
// many it answered.
func (s *Store) LogExport(ctx context.Context, c contacts.Contact, rep string, answers bool) (int, error) {
	var answered int
	err := s.InTx(ctx, func(t *Tx) error {
		var err error
		if answers {
			if answered, err = t.answerRequests(c, contacts.ReplyAccess); err != nil {
				return err
			}
		}
		_, err = t.AppendEvent(Event{Rep: rep, Kind: EventExport, ContactRef: c.Ref, Details: answeredDetail(answered)})
		return err
	})
	return answered, err
}

// AccessGiven records that the person has their copy: sent by email
// (how "email", with the message's ID) or delivered another way the rep
// names (by hand, post, a secure link). It marks the contact's open access
// requests answered and logs the export as given; it returns how many
// requests it answered. how is kept in the log: no names or addresses.
func (s *Store) AccessGiven(ctx context.Context, c contacts.Contact, rep, how, messageID string) (int, error) {
	var answered int
	err := s.InTx(ctx, func(t *Tx) error {
		var err error
		if answered, err = t.answerRequests(c, contacts.ReplyAccess); err != nil {
			return err
		}
		d := map[string]string{"delivered": contacts.Clean(how)}
		if answered > 0 {
			d["requests_answered"] = strconv.Itoa(answered)
		}
		if messageID != "" {
			d["message_id"] = messageID
		}
		_, err = t.AppendEvent(Event{Rep: rep, Kind: EventExport, ContactRef: c.Ref, Details: d})
		return err
	})
	return answered, err
}

// mentionsOf names the other contacts whose source detail names c.
func (s *Store) mentionsOf(ctx context.Context, c contacts.Contact) ([]string, error) {
	rows, err := s.q.MentionsOf.QueryContext(ctx, c.ID, c.Name)
	if err != nil {
		return nil, fmt.Errorf("find mentions of contact %d: %w", c.ID, err)
	}
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("find mentions of contact %d: %w", c.ID, err)
		}
		out = append(out, name)
	}
	return out, closeRows(rows, "find mentions")
}

// AnswerRequest marks the open request id answered by the rep outside legit
// (an email saying what is held, or that nothing is held any more) and logs
// it under the request's pseudonymous ref. An erasure request of a contact
// still held cannot be marked: only the erasure answers it.
func (s *Store) AnswerRequest(ctx context.Context, id int64, rep string) error {
	return s.InTx(ctx, func(t *Tx) error {
		var ref, kind string
		err := t.stmt(s.q.AnswerRequest).QueryRow(id, timeText(s.now())).Scan(&ref, &kind)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("request %d is answered already, or is an erasure request: erase the contact (D) to answer it: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("mark request %d answered: %w", id, err)
		}
		_, err = t.AppendEvent(Event{Rep: rep, Kind: EventAnswered, ContactRef: ref, Details: map[string]string{"request": kind}})
		return err
	})
}

// answerRequests marks c's open requests of kind answered now and returns
// how many there were.
func (t *Tx) answerRequests(c contacts.Contact, kind contacts.ReplyClass) (int, error) {
	r, err := t.stmt(t.s.q.AnswerRequests).Exec(c.ID, c.Ref, string(kind), timeText(t.s.now()))
	if err != nil {
		return 0, fmt.Errorf("mark %s requests answered: %w", kind, err)
	}
	n, err := r.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("mark %s requests answered: %w", kind, err)
	}
	return int(n), nil
}

// answeredDetail is the log detail of an event that answered n requests:
// none when n is 0.
func answeredDetail(n int) map[string]string {
	if n == 0 {
		return nil
	}
	return map[string]string{"requests_answered": strconv.Itoa(n)}
}

func (s *Store) assessmentHistory(ctx context.Context, contactID int64) ([]contacts.AssessmentRecord, error) {
	rows, err := s.q.AssessmentsHistoryOf.QueryContext(ctx, contactID)
	if err != nil {
		return nil, fmt.Errorf("read assessments: %w", err)
	}
	var out []contacts.AssessmentRecord
	for rows.Next() {
		var a contacts.AssessmentRecord
		var at string
		if err := rows.Scan(&a.Purpose, &a.Necessity, &a.Balancing, &a.Author, &at); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read assessment: %w", err)
		}
		if a.CreatedAt, err = parseTime(at); err != nil {
			_ = rows.Close()
			return nil, err
		}
		out = append(out, a)
	}
	return out, closeRows(rows, "read assessments")
}

func (s *Store) messagesOf(ctx context.Context, contactID int64) ([]contacts.MessageRecord, error) {
	rows, err := s.q.MessagesOf.QueryContext(ctx, contactID)
	if err != nil {
		return nil, fmt.Errorf("read messages: %w", err)
	}
	var out []contacts.MessageRecord
	for rows.Next() {
		var m contacts.MessageRecord
		var created string
		var sent sql.NullString
		if err := rows.Scan(&m.ID, &m.MessageID, &m.Subject, &m.Body, &m.State, &created, &sent); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read message: %w", err)
		}
		if m.CreatedAt, err = parseTime(created); err != nil {
			_ = rows.Close()
			return nil, err
		}
		if m.SentAt, err = parseNullTime(sent); err != nil {
			_ = rows.Close()
			return nil, err
		}
		out = append(out, m)
	}
	return out, closeRows(rows, "read messages")
}

// scanEventRows reads rows of (id, at, rep, kind, contact_ref, details,
// prev_hash, hash) and closes them.
func scanEventRows(rows *sql.Rows) ([]Event, error) {
	var out []Event
	for rows.Next() {
		var e Event
		var at, kind, details string
		if err := rows.Scan(&e.ID, &at, &e.Rep, &kind, &e.ContactRef, &details, &e.PrevHash, &e.Hash); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read event: %w", err)
		}
		e.Kind = EventKind(kind)
		var err error
		if e.At, err = parseTime(at); err != nil {
			_ = rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("event %d details: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, closeRows(rows, "read events")
}
