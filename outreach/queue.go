package outreach

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"legit/contacts"
	"legit/store"
)

// QueueWaitError is a queued message the mail server did not take for
// certain (unreachable, refused): it stays in the queue for the next
// legit outbox send.
type QueueWaitError struct {
	Row int64
	Err error
}

func (e *QueueWaitError) Error() string {
	return fmt.Sprintf("not sent, still queued (message %d): %v", e.Row, e.Err)
}

func (e *QueueWaitError) Unwrap() error { return e.Err }

// QueueState is what became of a queued message when the queue was sent.
type QueueState string

// The outcomes of delivering one queued message.
const (
	QueueSent     QueueState = "sent"     // it went out
	QueueHeld     QueueState = "held"     // a rule holds it for now (cap, send in doubt, reply under review): still queued
	QueueReturned QueueState = "returned" // a rule no longer allows it: back in the drafts, not sent
	QueueWaiting  QueueState = "waiting"  // the server did not take it: still queued
	QueueInDoubt  QueueState = "in doubt" // the connection dropped after the message went: in doubt
	// QueueUnrecorded: it went out, but the database could not be reached
	// to record it (SentUnrecordedError): checked later, never sent again.
	QueueUnrecorded QueueState = "sent, not recorded"
	QueueFailed     QueueState = "failed" // something else went wrong; see Reason
	QueueQueued     QueueState = "queued" // listed, not yet tried
)

// queueNoServer is why a queued message waits when no server is set up.
const queueNoServer = "no SMTP configured: nothing leaves this machine until one is set up and you run legit outbox send"

// Queued is one message in the outbox queue, or what became of it.
type Queued struct {
	Row        int64      `json:"message"`
	ContactRef string     `json:"contact_ref"`
	Name       string     `json:"name"`
	Subject    string     `json:"subject"`
	MessageID  string     `json:"message_id"`
	Kind       string     `json:"kind"`
	QueuedAt   time.Time  `json:"queued_at"`
	State      QueueState `json:"state"`
	Reason     string     `json:"reason,omitempty"` // why it waits, or why it was not sent
	File       string     `json:"file,omitempty"`   // the outbox file, while queued
	LongNotice bool       `json:"long_notice,omitempty"`
}

// Queue lists the rep's queued messages, oldest first, with why each still
// waits and the outbox file that holds it.
func (s *Sender) Queue(ctx context.Context) ([]Queued, error) {
	list, err := s.Store.Queued(ctx, s.RepID)
	if err != nil {
		return nil, err
	}
	out := make([]Queued, 0, len(list))
	for _, m := range list {
		q := s.queued(ctx, m)
		q.Reason = m.QueueReason
		if q.Reason == "" {
			q.Reason = "waiting for legit outbox send"
			if s.Transport == nil {
				q.Reason = queueNoServer
			}
		}
		out = append(out, q)
	}
	return out, nil
}

// queued describes m, with the contact's name and the outbox file.
func (s *Sender) queued(ctx context.Context, m store.Message) Queued {
	q := Queued{Row: m.ID, ContactRef: m.ContactRef, Subject: m.Subject, MessageID: m.MessageID, Kind: string(m.Kind),
		QueuedAt: m.QueuedAt, State: QueueQueued}
	if c, err := s.Store.Contact(ctx, m.ContactID); err == nil {
		q.Name = c.Name
	}
	q.File, _ = s.Outbox.Path(m.MessageID)
	return q
}

// DeliverQueue hands the rep's queued messages to the mail server, oldest
// first, through the same crash-safe states as a direct send (queued →
// sending → sent, failed or in doubt; never twice). Each is rebuilt with its
// Message-ID, today's date and the notice the person needs now, and every
// rule is checked again: the daily cap, a send in doubt or a reply under
// review hold it in the queue; any other refusal takes it back to the
// drafts with the reason (logged as not sent). It returns what became of
// each; the error is set only when the queue could not be read.
func (s *Sender) DeliverQueue(ctx context.Context) ([]Queued, error) {
	if s.Transport == nil {
		return nil, errors.New("no SMTP server configured, so nothing can be sent: add an [smtp] section (host, port, username, password_env) to your config, then run legit outbox send again")
	}
	list, err := s.Store.Queued(ctx, s.RepID)
	if err != nil {
		return nil, err
	}
	out := make([]Queued, 0, len(list))
	for _, m := range list {
		if ctx.Err() != nil {
			q := s.queued(ctx, m)
			q.State, q.Reason = QueueWaiting, "not tried: stopped"
			out = append(out, q)
			continue
		}
		out = append(out, s.deliverQueued(ctx, m))
	}
	return out, nil
}

// deliverQueued checks m again and sends it, holds it or returns it.
func (s *Sender) deliverQueued(ctx context.Context, m store.Message) Queued {
	q := s.queued(ctx, m)
	c, err := s.Store.Contact(ctx, m.ContactID)
	if err != nil {
		q.State, q.Reason = QueueFailed, err.Error()
		return q
	}
	d := Draft{To: []string{c.Email}, Subject: m.Subject, Body: m.Body, Tracking: m.Tracking}
	if k := ConfirmationFor(c); m.Confirmed != "" && k.Label() == m.Confirmed {
		k.Apply(&d, true)
	}
	in, err := s.Input(ctx, c, d)
	if err != nil {
		q.State, q.Reason = QueueFailed, err.Error()
		return q
	}
	in.NoticeOnly = m.Kind == store.KindNotice
	v := Check(in, s.now())
	if !v.OK() {
		reason := failingText(v)
		if holdOnly(in, v) {
			q.State, q.Reason = QueueHeld, reason
			if err := s.Store.HoldQueued(ctx, m.ID, reason); err != nil {
				q.State, q.Reason = QueueFailed, err.Error()
			}
			return q
		}
		q.State, q.Reason = QueueReturned, reason
		if err := s.Store.Unqueue(ctx, m, "taken out of the outbox, not sent: "+reason, s.Rep); err != nil {
			q.State, q.Reason = QueueFailed, err.Error()
			return q
		}
		s.dropFile(m.MessageID)
		q.File = ""
		return q
	}
	b, err := s.Builder.Build(c, in.Draft, v, s.now(), m.MessageID)
	if err != nil {
		q.State, q.Reason = QueueFailed, err.Error()
		return q
	}
	res, err := s.deliver(ctx, c, withFingerprint(c, m), b, v, true)
	q.LongNotice = v.LongNotice
	switch {
	case err == nil:
		q.State, q.Reason = QueueSent, ""
		if res.SentCopyErr != nil {
			q.Reason = res.SentCopyErr.Error()
		}
		s.dropFile(m.MessageID)
		q.File = ""
	case errors.As(err, new(*SendInDoubtError)):
		q.State, q.Reason = QueueInDoubt, err.Error()
	case errors.As(err, new(*SentUnrecordedError)):
		q.State, q.Reason = QueueUnrecorded, err.Error()
		s.dropFile(m.MessageID)
		q.File = ""
	case errors.As(err, new(*QueueWaitError)):
		q.State, q.Reason = QueueWaiting, err.Error()
	default:
		q.State, q.Reason = QueueFailed, err.Error()
	}
	return q
}

// dropFile removes a message that left the queue from the outbox folder.
// A file that stays is harmless: the queue is the database's.
func (s *Sender) dropFile(messageID string) { _, _ = s.Outbox.Remove([]string{messageID}) }

// holdOnly reports whether every failing rule of v only holds a queued
// message for now: the daily cap, an earlier send in doubt, a colleague's
// recent email (the window passes), a reply that may be an opt-out waiting
// for the rep's decision.
func holdOnly(in Input, v Verdict) bool {
	for _, it := range v.Failing() {
		switch it.Rule {
		case RuleDailyCap, RuleUnresolved, RuleColleague:
		case RuleNotSuppressed:
			if in.Contact.Stopped() || in.HeldForReview == nil {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// failingText names each failing rule of v with why and what to do.
func failingText(v Verdict) string {
	var parts []string
	for _, it := range v.Failing() {
		parts = append(parts, contacts.Clean(it.Label)+": "+it.Why+" ("+it.Fix+")")
	}
	return strings.Join(parts, "; ")
}
