package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// messageQueries are the queries of messages.go.
type messageQueries struct {
	DraftFor           *sql.Stmt `query:"draft-for"`
	InsertDraft        *sql.Stmt `query:"insert-draft"`
	UpdateDraft        *sql.Stmt `query:"update-draft"`
	DeleteDraft        *sql.Stmt `query:"delete-draft"`
	MarkSending        *sql.Stmt `query:"mark-sending"`
	MarkSent           *sql.Stmt `query:"mark-sent"`
	MarkFailed         *sql.Stmt `query:"mark-failed"`
	MarkUnknown        *sql.Stmt `query:"mark-unknown"`
	MarkQueued         *sql.Stmt `query:"mark-queued"`
	HoldQueued         *sql.Stmt `query:"hold-queued"`
	Unqueue            *sql.Stmt `query:"unqueue"`
	RenewLease         *sql.Stmt `query:"renew-lease"`
	QueuedOfRep        *sql.Stmt `query:"queued-of-rep"`
	Recoverable        *sql.Stmt `query:"recoverable"`
	Requeue            *sql.Stmt `query:"requeue"`
	MessageByID        *sql.Stmt `query:"message-by-id"`
	MessagesInState    *sql.Stmt `query:"messages-in-state"`
	SentCopyPending    *sql.Stmt `query:"sent-copy-pending"`
	SetSentCopy        *sql.Stmt `query:"set-sent-copy"`
	RecentBodies       *sql.Stmt `query:"recent-bodies"`
	SetFingerprint     *sql.Stmt `query:"set-fingerprint"`
	FirstContactsSince *sql.Stmt `query:"first-contacts-since"`
	ContactSendCounts  *sql.Stmt `query:"contact-send-counts"`
	MessageRepName     *sql.Stmt `query:"message-rep-name"`
}

// MessageState is where a message stands.
type MessageState string

// The message states. A message is "queued" when it passed the checklist
// but waits in the local outbox for a mail server: it went nowhere. It is
// "sending" from just before the transport is called until its result is
// recorded; one left "sending" after a crash becomes "unknown" until
// resolved.
const (
	StateDraft   MessageState = "draft"
	StateQueued  MessageState = "queued"
	StateSending MessageState = "sending"
	StateSent    MessageState = "sent"
	StateUnknown MessageState = "unknown"
	StateFailed  MessageState = "failed"
)

// MessageKind is what a message is for.
type MessageKind string

// The kinds of message. An access copy (Art. 15 GDPR) is not outreach: it
// counts as no first contact, no earlier email, no draft.
const (
	KindEmail  MessageKind = "email"
	KindNotice MessageKind = "notice" // the notice-only email
	KindAccess MessageKind = "access" // a copy of the person's data
)

// Sent-copy states: whether the copy in the IMAP Sent folder is still to do.
const (
	SentCopyNone    = ""
	SentCopyPending = "pending"
	SentCopyDone    = "done"
)

// Message is one stored email: a draft, or one sent or being sent.
type Message struct {
	ID         int64
	ContactID  int64
	ContactRef string
	RepID      int64
	MessageID  string // without <>; empty for a draft never sent
	Subject    string
	Body       string // what the rep wrote, without the footer
	Raw        []byte // the whole message as sent
	NoticeForm string // "long", "short" or ""
	Tracking   bool
	State      MessageState
	Error      string // why the last send failed
	SentCopy   string
	Transport  string
	UpdatedAt  time.Time
	Kind       MessageKind // KindEmail when empty
	// QueuedAt is when the message was queued in the outbox; QueueReason
	// why it still waits there.
	QueuedAt    time.Time
	QueueReason string
	Confirmed   string // what the rep confirmed for the rule the email rests on
	// Client is the client instance that reserved the send, LeaseUntil
	// until when its reservation holds unless renewed.
	Client     string
	LeaseUntil time.Time
	// Fingerprint is the body's, with the recipient's name and company
	// out (outreach.Fingerprint), stored when the message is queued or sent
	// for the team's not-bulk rule; nil for an access copy. It is written,
	// never read back with the message.
	Fingerprint []byte
}

// kind is m's kind, KindEmail when unset.
func (m Message) kind() string {
	if m.Kind == "" {
		return string(KindEmail)
	}
	return string(m.Kind)
}

// RecentBody is a message this rep sent, for the not-bulk rule.
type RecentBody struct {
	ID         int64 // the messages row
	ContactID  int64
	ContactRef string
	Name       string
	Company    string
	Subject    string
	Body       string
	SentAt     time.Time
	// HasFingerprint is false for a message stored before fingerprints:
	// colleagues' checks miss it until its rep's next compose stores one.
	HasFingerprint bool
}

// Draft returns the rep's open draft (or failed send) to a contact.
func (s *Store) Draft(ctx context.Context, contactID, repID int64) (Message, bool, error) {
	var m Message
	var state, updated string
	err := s.q.DraftFor.QueryRowContext(ctx, contactID, repID).Scan(&m.ID, &m.ContactID, &m.RepID, &m.MessageID, &m.Subject, &m.Body, &state, &m.Error, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("read draft: %w", err)
	}
	m.State = MessageState(state)
	m.UpdatedAt, _ = time.Parse(time.RFC3339, updated) // an empty time on old rows is harmless
	return m, true, nil
}

// SaveDraft stores the draft, creating it when m.ID is 0, and returns its ID.
func (s *Store) SaveDraft(ctx context.Context, m Message) (int64, error) {
	now := timeText(s.now())
	if m.ID == 0 {
		var id int64
		if err := s.waitWrites(ctx, func() error {
			return s.q.InsertDraft.QueryRowContext(ctx, m.ContactID, m.RepID, m.Subject, m.Body, m.kind(), now, now).Scan(&id)
		}); err != nil {
			return 0, fmt.Errorf("save draft: %w", err)
		}
		return id, nil
	}
	var res sql.Result
	err := s.waitWrites(ctx, func() error {
		var err error
		res, err = s.q.UpdateDraft.ExecContext(ctx, m.Subject, m.Body, now, m.ID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("save draft %d: %w", m.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, fmt.Errorf("save draft %d: it is no longer a draft (already sending or sent)", m.ID)
	}
	return m.ID, nil
}

// DeleteDraft removes an unsent draft.
func (s *Store) DeleteDraft(ctx context.Context, id int64) error {
	if _, err := s.q.DeleteDraft.ExecContext(ctx, id); err != nil {
		return fmt.Errorf("delete draft %d: %w", id, err)
	}
	return nil
}

// MarkSending records, in one statement, that m (a draft, a failed send or
// a queued message) is about to be handed to transport, with its
// Message-ID and raw bytes, reserved by m.Client until m.LeaseUntil. Of two
// clients that try at once, one only succeeds. It changes one row and
// appends nothing to the log, so on PostgreSQL it does not wait for the
// team's write lock (lockWrites): with 20 reps sending, every send waited
// for it twice.
func (s *Store) MarkSending(ctx context.Context, m Message) error {
	var res sql.Result
	err := s.waitWrites(ctx, func() error {
		var err error
		res, err = s.q.MarkSending.ExecContext(ctx, m.MessageID, m.Raw, m.NoticeForm, m.Tracking, m.Subject, m.Body, m.Transport,
			m.kind(), m.Confirmed, m.Client, nullTime(&m.LeaseUntil), m.Fingerprint, timeText(s.now()), m.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("record message %d as sending: %w", m.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("record message %d as sending: it is not a draft (sent or sending already)", m.ID)
	}
	return nil
}

// RenewLease extends client's reservation of a message it is sending.
func (s *Store) RenewLease(ctx context.Context, id int64, client string, until time.Time) error {
	if _, err := s.q.RenewLease.ExecContext(ctx, timeText(until), id, client); err != nil {
		return fmt.Errorf("renew the reservation of message %d: %w", id, err)
	}
	return nil
}

// MarkQueued records, with a queued event in the log, that m (a draft or
// failed send) passed the checklist and waits in the outbox: built with its
// Message-ID, sent to nobody. rep is the rep's name as the log records it.
func (s *Store) MarkQueued(ctx context.Context, m Message, rep string) error {
	return s.InTx(ctx, func(t *Tx) error {
		now := t.s.now()
		at := timeText(now)
		res, err := t.stmt(t.s.q.MarkQueued).Exec(m.MessageID, m.Raw, m.NoticeForm, m.Tracking, m.Subject, m.Body,
			m.kind(), m.Confirmed, at, m.Fingerprint, at, m.ID)
		if err != nil {
			return fmt.Errorf("record message %d as queued: %w", m.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("record message %d as queued: it is not a draft (queued, sending or sent already)", m.ID)
		}
		_, err = t.AppendEvent(Event{At: now, Rep: rep, Kind: EventQueued, ContactRef: m.ContactRef,
			Details: map[string]string{"message_id": m.MessageID, "kind": m.kind(), "notice": m.NoticeForm}})
		return err
	})
}

// HoldQueued records why a queued message still waits (the daily cap, a
// send in doubt, a reply under review); it stays queued.
func (s *Store) HoldQueued(ctx context.Context, id int64, reason string) error {
	if _, err := s.q.HoldQueued.ExecContext(ctx, reason, timeText(s.now()), id); err != nil {
		return fmt.Errorf("record why message %d waits: %w", id, err)
	}
	return nil
}

// Unqueue takes a queued message out of the queue, back to the drafts with
// the reason (a rule no longer allows it), and logs that it was not sent.
func (s *Store) Unqueue(ctx context.Context, m Message, reason, rep string) error {
	return s.InTx(ctx, func(t *Tx) error {
		now := t.s.now()
		res, err := t.stmt(t.s.q.Unqueue).Exec(reason, timeText(now), m.ID)
		if err != nil {
			return fmt.Errorf("take message %d out of the queue: %w", m.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("take message %d out of the queue: it is no longer queued", m.ID)
		}
		_, err = t.AppendEvent(Event{At: now, Rep: rep, Kind: EventQueued, ContactRef: m.ContactRef,
			Details: map[string]string{"message_id": m.MessageID, "kind": m.kind(), "outcome": "not_sent"}})
		return err
	})
}

// Queued returns the rep's queued messages, oldest first.
func (s *Store) Queued(ctx context.Context, repID int64) ([]Message, error) {
	return s.listMessages(ctx, s.q.QueuedOfRep, repID)
}

// Recoverable returns the sends of rep repID a crash may have left for
// this client to resolve: the ones it reserved itself, those whose
// reservation expired before now (their client is gone), and the rep's
// sends in doubt. A send another client is making, under a live lease, is
// not among them, nor is any colleague's send: a colleague's interrupted
// send waits for the colleague.
func (s *Store) Recoverable(ctx context.Context, repID int64, client string, now time.Time) ([]Message, error) {
	return s.listMessages(ctx, s.q.Recoverable, repID, client, timeText(now))
}

// SentRecord is what is recorded when a transport accepted a message.
type SentRecord struct {
	ID         int64 // the messages row
	ContactID  int64
	ContactRef string
	Rep        string // the rep's name, as the log records it
	MessageID  string
	At         time.Time
	LongNotice bool   // the contact is informed by this message
	NoticeKey  string // with LongNotice: the contacts.Basis.NoticeKey the notice described
	Tracking   bool
	Transport  string
	SentCopy   string // SentCopyPending when an IMAP copy is still to make
	Basis      string // the lawful basis relied on, for the log
	SourceKind string // where the contact's data came from, for the log
	// Confirmed is what the rep confirmed for the rule the email rests on
	// (similar products, about their job, published address), or "".
	Confirmed string
	Kind      string // the message's kind; "" or "email" for outreach
	// ResolvedBy, for a send that was in doubt, is who found out it went
	// out (the rep, or legit when it found the message): the resolution
	// is logged with them.
	ResolvedBy string
	// ResolvedHow says how it was found out ("the rep said so", "found in
	// the Sent folder").
	ResolvedHow string
}

// sendDetails is what the log keeps of a send: no name, no address.
func sendDetails(r SentRecord, form, tracking string) map[string]string {
	d := map[string]string{"message_id": r.MessageID, "notice": form, "tracking": tracking, "transport": r.Transport}
	if r.LongNotice {
		d["first"] = "true"
	}
	if r.Basis != "" {
		d["basis"] = r.Basis
	}
	if r.SourceKind != "" {
		d["source_kind"] = r.SourceKind
	}
	if r.Confirmed != "" {
		d["confirmed"] = r.Confirmed
	}
	if r.Kind != "" && r.Kind != string(KindEmail) {
		d["kind"] = r.Kind
	}
	return d
}

// MarkSent records a sent message in one transaction: its state, the
// contact's informed date (for the long notice), and the send (and notice)
// events. Either all of it is recorded or none.
func (s *Store) MarkSent(ctx context.Context, r SentRecord) error {
	return s.colleaguesSend(ctx, r.ID, s.InTx(ctx, func(t *Tx) error {
		at := timeText(r.At)
		res, err := t.stmt(t.s.q.MarkSent).Exec(at, r.SentCopy, at, r.ID)
		if err != nil {
			return fmt.Errorf("record message %d as sent: %w", r.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("record message %d as sent: it was not being sent", r.ID)
		}
		form := "short"
		if r.LongNotice {
			form = "long"
			if _, err := t.stmt(t.s.q.MarkInformed).Exec(at, at, r.NoticeKey, r.ContactID); err != nil {
				return fmt.Errorf("record contact as informed: %w", err)
			}
		}
		tracking := "off"
		if r.Tracking {
			tracking = "on"
		}
		es := []Event{{At: r.At, Rep: r.Rep, Kind: EventSend, ContactRef: r.ContactRef, Details: sendDetails(r, form, tracking)}}
		if r.LongNotice {
			es = append(es, Event{At: r.At, Rep: r.Rep, Kind: EventNotice, ContactRef: r.ContactRef,
				Details: map[string]string{"message_id": r.MessageID, "notice": "long"}})
		}
		if r.ResolvedBy != "" {
			es = append(es, Event{At: t.s.now(), Rep: r.ResolvedBy, Kind: EventSendResolved, ContactRef: r.ContactRef,
				Details: map[string]string{"message_id": r.MessageID, "outcome": "sent", "how": r.ResolvedHow}})
		}
		_, err = t.AppendEvents(es) // one read of the chain's head for all
		return err
	}))
}

// ResolveNotSent records that a send in doubt (or one left sending by a
// client that is gone) did not go out: the row is kept as a failed send to
// retry or drop, and the log records who decided and how.
func (s *Store) ResolveNotSent(ctx context.Context, m Message, reason, by string) error {
	return s.colleaguesSend(ctx, m.ID, s.InTx(ctx, func(t *Tx) error {
		now := t.s.now()
		res, err := t.stmt(t.s.q.MarkFailed).Exec(reason, timeText(now), m.ID)
		if err != nil {
			return fmt.Errorf("record message %d as not sent: %w", m.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("record message %d as not sent: it is no longer in doubt", m.ID)
		}
		_, err = t.AppendEvent(Event{At: now, Rep: by, Kind: EventSendResolved, ContactRef: m.ContactRef,
			Details: map[string]string{"message_id": m.MessageID, "outcome": "not_sent", "how": reason}})
		return err
	}))
}

// colleaguesSend says in words why err, from recording what became of
// message id, was refused when the database's policies keep the message a
// colleague's (a rep records only their own sends; a lead anyone's): it
// names whose it is. Any other err is returned as it is.
func (s *Store) colleaguesSend(ctx context.Context, id int64, err error) error {
	if err == nil || !isPermissionDenied(err) {
		return err
	}
	name, nerr := s.MessageRep(ctx, id)
	if nerr != nil {
		return fmt.Errorf("message %d is a colleague's send: only they (or a lead) can record what became of it", id)
	}
	return fmt.Errorf("message %d is %s's send: only they (or a lead) can record what became of it", id, name)
}

// MessageRep returns the name of the rep whose send message id is (reps
// are the whole team's to read), as the log records them.
func (s *Store) MessageRep(ctx context.Context, id int64) (string, error) {
	var name string
	if err := s.q.MessageRepName.QueryRowContext(ctx, id).Scan(&name); err != nil {
		return "", fmt.Errorf("whose send message %d is: %w", id, err)
	}
	return name, nil
}

// Requeue puts a message whose delivery failed for certain (the server
// could not be reached) back in the queue, with the reason it waits.
func (s *Store) Requeue(ctx context.Context, id int64, reason string) error {
	res, err := s.q.Requeue.ExecContext(ctx, reason, timeText(s.now()), id)
	if err != nil {
		return fmt.Errorf("put message %d back in the queue: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("put message %d back in the queue: it was not being sent", id)
	}
	return nil
}

// MarkFailed records that the transport refused or failed; the row, and so
// the draft, is kept for a retry.
func (s *Store) MarkFailed(ctx context.Context, id int64, reason string) error {
	if _, err := s.q.MarkFailed.ExecContext(ctx, reason, timeText(s.now()), id); err != nil {
		return fmt.Errorf("record message %d as failed: %w", id, err)
	}
	return nil
}

// MarkUnknown records that a message left "sending" may or may not have
// gone. It keeps when the send was reserved, and records when it fell in
// doubt (SendsInDoubt reads both).
func (s *Store) MarkUnknown(ctx context.Context, id int64) error {
	if _, err := s.q.MarkUnknown.ExecContext(ctx, timeText(s.now()), id); err != nil {
		return fmt.Errorf("record message %d as unknown: %w", id, err)
	}
	return nil
}

// Message returns one stored message, or ErrNotFound.
func (s *Store) Message(ctx context.Context, id int64) (Message, error) {
	m, err := scanMessage(s.q.MessageByID.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	return m, err
}

// MessagesIn returns every message in state.
func (s *Store) MessagesIn(ctx context.Context, state MessageState) ([]Message, error) {
	return s.listMessages(ctx, s.q.MessagesInState, string(state))
}

// PendingSentCopies returns sent messages whose IMAP Sent copy is still to make.
func (s *Store) PendingSentCopies(ctx context.Context) ([]Message, error) {
	return s.listMessages(ctx, s.q.SentCopyPending)
}

// SetSentCopy records the state of a message's Sent-folder copy.
func (s *Store) SetSentCopy(ctx context.Context, id int64, state string) error {
	if _, err := s.q.SetSentCopy.ExecContext(ctx, state, id); err != nil {
		return fmt.Errorf("record sent copy of message %d: %w", id, err)
	}
	return nil
}

func (s *Store) listMessages(ctx context.Context, q *sql.Stmt, args ...any) ([]Message, error) {
	rows, err := q.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			_ = rows.Close()
			return nil, err
		}
		out = append(out, m)
	}
	return out, closeRows(rows, "list messages")
}

// scanMessage reads the columns of message-by-id and its siblings.
func scanMessage(r scanner) (Message, error) {
	var m Message
	var state, updated, kind string
	var queued, lease sql.NullString
	err := r.Scan(&m.ID, &m.ContactID, &m.RepID, &m.MessageID, &m.Subject, &m.Body, &m.Raw, &m.NoticeForm,
		&m.Tracking, &state, &m.Error, &m.SentCopy, &m.Transport, &updated, &m.ContactRef,
		&kind, &queued, &m.QueueReason, &m.Confirmed, &m.Client, &lease)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return m, err
		}
		return m, fmt.Errorf("read message: %w", err)
	}
	m.State, m.Kind = MessageState(state), MessageKind(kind)
	m.UpdatedAt, _ = time.Parse(time.RFC3339, updated) // empty on rows from before 0004
	m.QueuedAt, _ = time.Parse(time.RFC3339, queued.String)
	m.LeaseUntil, _ = time.Parse(time.RFC3339, lease.String)
	return m, nil
}

// RecentBodies returns what this rep sent since the given time.
func (s *Store) RecentBodies(ctx context.Context, repID int64, since time.Time) ([]RecentBody, error) {
	rows, err := s.q.RecentBodies.QueryContext(ctx, repID, timeText(since))
	if err != nil {
		return nil, fmt.Errorf("read recent emails: %w", err)
	}
	var out []RecentBody
	for rows.Next() {
		var b RecentBody
		var at string
		if err := rows.Scan(&b.ContactID, &b.ContactRef, &b.Name, &b.Company, &b.Subject, &b.Body, &at, &b.ID, &b.HasFingerprint); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read recent email: %w", err)
		}
		if b.SentAt, err = parseTime(at); err != nil {
			_ = rows.Close()
			return nil, err
		}
		out = append(out, b)
	}
	return out, closeRows(rows, "read recent emails")
}

// FirstContactsSince counts the contacts this rep first emailed at or after since.
func (s *Store) FirstContactsSince(ctx context.Context, repID int64, since time.Time) (int, error) {
	var n int
	if err := s.q.FirstContactsSince.QueryRowContext(ctx, repID, timeText(since)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count today's first contacts: %w", err)
	}
	return n, nil
}

// SendCounts returns how many messages to a contact were sent (or may have
// been), and how many of those are in doubt (sending or unknown).
func (s *Store) SendCounts(ctx context.Context, contactID int64) (sent, inDoubt int, err error) {
	if err := s.q.ContactSendCounts.QueryRowContext(ctx, contactID).Scan(&sent, &inDoubt); err != nil {
		return 0, 0, fmt.Errorf("count emails to contact %d: %w", contactID, err)
	}
	return sent, inDoubt, nil
}
