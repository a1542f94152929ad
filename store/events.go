package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// EventKind names what an event in the outreach log records.
type EventKind string

// The kinds of event the log records.
const (
	EventContactAdded EventKind = "contact_added"
	EventImport       EventKind = "import"
	EventBasis        EventKind = "basis"
	EventConsent      EventKind = "consent"
	EventSend         EventKind = "send"
	EventNotice       EventKind = "notice"
	EventOptOut       EventKind = "opt_out"
	EventSuppression  EventKind = "suppression"
	EventExport       EventKind = "export"
	EventErasure      EventKind = "erasure"
	EventRectify      EventKind = "rectification"
	// EventAnswered records a rights request the rep answered outside legit
	// (by email, say, or for a person already erased).
	EventAnswered EventKind = "request_answered"
	// EventAssigned records a rights request given to a rep to answer (the
	// request's number and the rep's name).
	EventAssigned EventKind = "request_assigned"
	// EventReview records the rep's decision on a reply the classifier was
	// not sure was an opt-out (overruled; a confirmation is an opt-out event).
	EventReview EventKind = "reply_reviewed"
	// EventOrgSet records an organisation setting changed on a team
	// database (the key, not the value).
	EventOrgSet EventKind = "org_set"
	// EventJoined records a rep's own database copied into the team's
	// (legit db copy), with the last hash of the log it brought.
	EventJoined EventKind = "joined"
	// EventQueued records a message that passed the checklist and was put
	// in the outbox to wait for a mail server (nothing was sent), or, with
	// outcome not_sent, one taken back out because a rule no longer allows
	// it.
	EventQueued EventKind = "queued"
	// EventSendResolved records who decided what became of a send in
	// doubt, and what (outcome sent or not_sent).
	EventSendResolved EventKind = "send_resolved"
)

// GenesisHash is the prev_hash of the first event in a chain.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Event is one entry of the outreach log. Details never hold a name or an
// address: the contact is named only by its pseudonymous Ref.
type Event struct {
	ID         int64
	At         time.Time
	Rep        string
	Kind       EventKind
	ContactRef string
	Details    map[string]string
	PrevHash   string
	Hash       string
}

// detailsJSON is the canonical form of details (keys sorted by encoding/json).
func detailsJSON(d map[string]string) (string, error) {
	if len(d) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("encode event details: %w", err)
	}
	return string(b), nil
}

// lockLog takes the lock that serialises appends to the log until the
// transaction ends, so that the last event read is still the last when the
// next is written. Every write transaction holds it from its start (on
// SQLite it begins IMMEDIATE, on PostgreSQL it takes an advisory lock:
// lockWrites); nothing more to take. On PostgreSQL the server's chaining
// trigger takes the same lock again, for clients other than legit.
func (t *Tx) lockLog() error { return nil }

// EventHash is the hash that chains an event to the one before: SHA-256 over
// the JSON array of the previous hash and the event's stored fields. On
// PostgreSQL the server computes it (legit_event_hash, migrations 0014 and
// 0018) and must give the same bytes: FuzzEventHashServer holds them together.
func EventHash(prev, at, rep, kind, contactRef, details string) string {
	b, _ := json.Marshal([]string{prev, at, rep, kind, contactRef, details}) // strings always encode
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// AppendEvent adds e to the log inside the transaction, chained to the last
// event. The transaction takes the log's lock first (lockLog), so two
// writers cannot fork the chain.
func (t *Tx) AppendEvent(e Event) (Event, error) {
	es, err := t.AppendEvents([]Event{e})
	return es[0], err
}

// AppendEvents appends es in order inside the transaction, each chained to
// the one before: the bulk form of AppendEvent (the insert bound once, on
// SQLite the last event read once), for long batches. It hashes exactly as
// AppendEvent.
//
// On PostgreSQL the server chains each event (a trigger takes the log's
// lock, reads the last event and sets the id, prev_hash and hash): the
// client sends what happened and reads the server's link back.
func (t *Tx) AppendEvents(es []Event) ([]Event, error) {
	if err := t.lockLog(); err != nil {
		return es, err
	}
	if t.s.Postgres() {
		return t.appendOnServer(es)
	}
	prev := GenesisHash
	var lastID int64
	err := t.stmt(t.s.q.LastEvent).QueryRow().Scan(&lastID, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return es, fmt.Errorf("read last event: %w", err)
	}
	ins := t.stmt(t.s.q.InsertEvent)
	for i, e := range es {
		at, details, err := t.eventText(&e)
		if err != nil {
			return es, err
		}
		e.PrevHash = prev
		e.Hash = EventHash(prev, at, e.Rep, string(e.Kind), e.ContactRef, details)
		if err := ins.QueryRow(at, e.Rep, string(e.Kind), e.ContactRef, details, e.PrevHash, e.Hash).Scan(&e.ID); err != nil {
			return es, fmt.Errorf("append %s event: %w", e.Kind, err)
		}
		es[i], prev = e, e.Hash
	}
	return es, nil
}

// appendOnServer inserts es on PostgreSQL, where the server sets each
// event's id, prev_hash and hash: those it answers are the log's.
func (t *Tx) appendOnServer(es []Event) ([]Event, error) {
	ins := t.stmt(t.s.q.InsertEvent)
	for i, e := range es {
		at, details, err := t.eventText(&e)
		if err != nil {
			return es, err
		}
		if err := ins.QueryRow(at, e.Rep, string(e.Kind), e.ContactRef, details).Scan(&e.ID, &e.PrevHash, &e.Hash); err != nil {
			return es, fmt.Errorf("append %s event: %w", e.Kind, err)
		}
		es[i] = e
	}
	return es, nil
}

// eventText sets e's time when it has none and returns the time and the
// details as they are stored and hashed.
func (t *Tx) eventText(e *Event) (at, details string, err error) {
	if e.At.IsZero() {
		e.At = t.s.now()
	}
	details, err = detailsJSON(e.Details)
	return timeText(e.At), details, err
}
