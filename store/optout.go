package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"legit/contacts"
)

// OptOut is an opt-out, objection or consent withdrawal that reached the
// rep outside the inbox sync: by phone, on LinkedIn, in person, or in a
// reply the classifier missed.
type OptOut struct {
	Email   string // the address it concerns; a contact's or not
	Reason  SuppressReason
	Purpose contacts.ConsentPurpose // with ReasonWithdrawal: which consent (marketing when empty)
	Via     string                  // how it came: phone, linkedin, in_person, reply, other
	Note    string                  // kept in the log, which outlives erasure: no names or addresses
	Rep     string
}

// OptOutVias are the ways an opt-out recorded by hand can have come.
var OptOutVias = []string{"phone", "linkedin", "in_person", "reply", "letter", "other"}

// OptOutResult says what RecordOptOut did.
type OptOutResult struct {
	Contact    *contacts.Contact // the contact it concerned, nil when the address is no contact's
	Suppressed bool              // the address went on the suppression list
	Withdrawn  bool              // consents were withdrawn
}

// ErrBadOptOut is returned for an opt-out whose reason or channel is not known.
var ErrBadOptOut = errors.New("unknown opt-out reason or channel")

// RecordOptOut records o in one transaction, as the automatic ones are: the
// contact's status, the address on the suppression list (for an address
// that is no contact's too, so a later import or send is refused), withdrawn
// consents, and the log. A withdrawal of consent to tracking only withdraws
// that consent: it does not stop email.
func (s *Store) RecordOptOut(ctx context.Context, o OptOut) (OptOutResult, error) {
	var res OptOutResult
	switch o.Reason {
	case ReasonOptOut, ReasonObjection, ReasonWithdrawal:
	default:
		return res, fmt.Errorf("record opt-out: reason %q: %w (use opt-out, objection or withdrawal)", o.Reason, ErrBadOptOut)
	}
	if !knownVia(o.Via) {
		return res, fmt.Errorf("record opt-out: channel %q: %w (use one of %v)", o.Via, ErrBadOptOut, OptOutVias)
	}
	email, err := contacts.NormalizeAddress(o.Email)
	if err != nil {
		return res, fmt.Errorf("record opt-out: %w", err)
	}
	var contactID int64
	err = s.InTx(ctx, func(t *Tx) error {
		c, err := t.replyContactByEmail(email)
		if err == nil && c == nil {
			// An address the contact had before: it is still the person.
			c, err = t.contactByFormerAddress(email)
		}
		if err != nil {
			return err
		}
		if c != nil {
			contactID = c.id
		}
		details := map[string]string{"via": o.Via, "class": string(o.Reason), "recorded": "by hand"}
		if note := contacts.Clean(o.Note); note != "" {
			details["note"] = note
		}
		if o.Reason == ReasonWithdrawal {
			purpose := o.Purpose
			if purpose == "" {
				purpose = contacts.ConsentMarketing
			}
			if c != nil {
				if err := t.withdrawConsents(c.id, c.ref, purpose, "recorded by hand: "+o.Via, o.Via, o.Rep); err != nil {
					return err
				}
				res.Withdrawn = true
			}
			if purpose == contacts.ConsentTracking {
				return nil
			}
		}
		res.Suppressed = true
		if c == nil {
			return t.Suppress(email, "", o.Rep, o.Reason)
		}
		return t.stopOutreach(c, o.Reason, "", o.Rep, details)
	})
	if err != nil {
		return res, err
	}
	if contactID == 0 {
		return res, nil
	}
	c, err := s.Contact(ctx, contactID)
	if err != nil {
		return res, err
	}
	res.Contact = &c
	return res, nil
}

// knownVia reports whether via is one of OptOutVias.
func knownVia(via string) bool {
	for _, v := range OptOutVias {
		if v == via {
			return true
		}
	}
	return false
}

// replyContactByEmail finds the contact with this address, nil if none.
func (t *Tx) replyContactByEmail(email string) (*replyContact, error) {
	var c replyContact
	var status string
	err := t.stmt(t.s.q.ReplyContactByKey).QueryRow(contacts.MatchKey(email)).Scan(&c.id, &c.ref, &c.email, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find contact %s: %w", email, err)
	}
	c.status = contacts.Status(status)
	return &c, nil
}

// HeldForReview returns when the oldest reply of the contact that may be an
// opt-out came in, while the rep has not decided it; nil when none waits.
// Sends to the contact are refused meanwhile.
func (s *Store) HeldForReview(ctx context.Context, contactID int64) (*time.Time, error) {
	var at sql.NullString
	if err := s.q.ReviewPendingOf.QueryRowContext(ctx, contactID).Scan(&at); err != nil {
		return nil, fmt.Errorf("check replies under review: %w", err)
	}
	return parseNullTime(at)
}

// ReviewReply settles a reply the classifier was not sure was an opt-out.
// Confirmed, it is acted on as an opt-out (or objection) from that moment;
// overruled, it is marked so and logged, and sends are no longer held by it.
// A reply not waiting for review gives ErrNotFound.
func (s *Store) ReviewReply(ctx context.Context, inboxID int64, confirm bool, rep string) error {
	return s.InTx(ctx, func(t *Tx) error {
		var c replyContact
		var status, stop, sender string
		err := t.stmt(s.q.ReplyForReview).QueryRow(inboxID).Scan(&c.id, &c.ref, &c.email, &status, &stop, &sender, &c.matchedBy)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("reply %d: %w (it is not waiting for a decision)", inboxID, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("read reply %d: %w", inboxID, err)
		}
		c.status = contacts.Status(status)
		state := ReviewOverruled
		if confirm {
			state = ReviewConfirmed
			also := ""
			if sender != "" && contacts.MatchKey(sender) != contacts.MatchKey(c.email) {
				also = sender
			}
			reason := ReasonOptOut
			if contacts.ReplyClass(stop) == contacts.ReplyObjection {
				reason = ReasonObjection
			}
			if err := t.stopOutreach(&c, reason, also, rep, map[string]string{"via": "reply", "class": stop, "review": state}); err != nil {
				return err
			}
		} else if _, err := t.AppendEvent(Event{Rep: rep, Kind: EventReview, ContactRef: c.ref,
			Details: map[string]string{"decision": state, "reply": fmt.Sprint(inboxID)}}); err != nil {
			return err
		}
		if _, err := t.stmt(s.q.SettleReview).Exec(state, rep, inboxID); err != nil {
			return fmt.Errorf("settle reply %d: %w", inboxID, err)
		}
		return nil
	})
}
