package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"legit/contacts"
	"legit/notice"
)

// inboxQueries are the queries of inbox.go.
type inboxQueries struct {
	SyncState             *sql.Stmt `query:"sync-state"`
	SaveSyncState         *sql.Stmt `query:"save-sync-state"`
	InsertInbox           *sql.Stmt `query:"insert-inbox"`
	ReplyContactByKey     *sql.Stmt `query:"reply-contact-by-key"`
	ReplyContactByMsgID   *sql.Stmt `query:"reply-contact-by-message-id"`
	SetContactStatus      *sql.Stmt `query:"set-contact-status"`
	InsertRightsRequest   *sql.Stmt `query:"insert-rights-request"`
	InsertConsentProposal *sql.Stmt `query:"insert-consent-proposal"`
	ListInbox             *sql.Stmt `query:"list-inbox"`
	InboxOfContact        *sql.Stmt `query:"inbox-of-contact"`
	DeleteStrangerReply   *sql.Stmt `query:"delete-stranger-reply"`
	ListOpenRequests      *sql.Stmt `query:"list-open-requests"`
	ListPendingConsents   *sql.Stmt `query:"list-pending-consents"`
	PendingConsentByID    *sql.Stmt `query:"pending-consent-by-id"`
	DecideConsent         *sql.Stmt `query:"decide-consent"`
	ReviewPendingOf       *sql.Stmt `query:"review-pending-of"`
	ReplyForReview        *sql.Stmt `query:"reply-for-review"`
	SettleReview          *sql.Stmt `query:"settle-review"`
	WithdrawConsents      *sql.Stmt `query:"withdraw-consents"`
}

// InboxItem is one fetched, classified reply, ready to be saved and acted
// on. It keeps the headers matching needs and a snippet, never the body.
type InboxItem struct {
	UID             uint32
	MessageID       string // without <>
	From            string // normalised sender address
	Subject         string
	Date            time.Time
	InReplyTo       []string
	References      []string
	Class           contacts.ReplyClass
	Stop            contacts.ReplyClass // opt-out or objection also found in the text
	Phrase          string              // the reply's own words that decided the class
	Lang            string              // the language whose rule matched
	Purpose         contacts.ConsentPurpose
	FailedRecipient string // the address a bounce reports as undeliverable
	Snippet         string
	// Unsure marks a reply that may be an opt-out: sends to the contact are
	// held until the rep confirms or overrules it (ReviewReply).
	Unsure bool
	// Text is the reply's own text, kept only with a consent it offers, as
	// the consent's evidence.
	Text string
}

// SyncBatch is a group of fetched replies saved in one transaction together
// with the mailbox position they bring the sync to.
type SyncBatch struct {
	Mailbox     string
	UIDValidity uint32
	LastUID     uint32 // the highest UID fetched so far
	Rep         string // who the log records as acting
	Items       []InboxItem
}

// BatchResult is what the store did with a batch.
type BatchResult struct {
	New        int                         // replies stored for the first time
	Duplicates int                         // already stored (same Message-ID)
	Unknown    int                         // new replies from no known contact (listed only)
	Acted      map[contacts.ReplyClass]int // new replies acted on, by class
}

// InboxEntry is one synced reply as the inbox screen lists it.
type InboxEntry struct {
	ID          int64
	MessageID   string
	Class       contacts.ReplyClass
	Stop        contacts.ReplyClass // opt-out or objection also found in the text
	Phrase      string              // the reply's own words that decided the class
	Sender      string
	Subject     string
	Snippet     string
	ReceivedAt  time.Time
	ContactID   int64 // 0 for an unknown sender
	ContactName string
	MatchedBy   string // "sender", "thread", "recipient" or ""
	Unsure      bool   // the classifier was not sure it is an opt-out
	Review      string // "pending" while the rep has not decided an unsure reply; "confirmed" or "overruled" after
}

// RightsRequest is an erasure or access request waiting for an answer.
type RightsRequest struct {
	ID          int64
	Kind        contacts.ReplyClass // ClassErasure or ClassAccess
	ContactID   int64               // 0 once the contact is erased, or while the rep does not see it
	ContactRef  string
	ContactName string // "" as ContactID
	ReceivedAt  time.Time
	DueAt       time.Time // one month after receipt (Art. 12(3))
	// Owner is the name of the rep who holds the contact (on one rep's
	// file, who imported or obtained it); "" once it is erased.
	Owner string
	// Assignee is the rep who answers the request; ID 0 when nobody is.
	Assignee Rep
}

// Erased reports whether the request's contact is erased (the request
// waits only to be marked answered).
func (r RightsRequest) Erased() bool { return r.ContactID == 0 && r.Owner == "" }

// Hidden reports whether the contact is held by a colleague the rep cannot
// see it from (the request was assigned to them): the owner or a lead can
// share it.
func (r RightsRequest) Hidden() bool { return r.ContactID == 0 && r.Owner != "" }

// ConsentProposal is a consent read in a reply, waiting for the rep.
type ConsentProposal struct {
	ID          int64
	ContactID   int64
	ContactName string
	Purpose     contacts.ConsentPurpose
	Evidence    string // the reply's Message-ID
	ProposedAt  time.Time
	Snippet     string
}

// RequestDeadline is when a request received at t must be answered: one
// calendar month later (Art. 12(3) GDPR, counted as Regulation 1182/71 asks).
func RequestDeadline(t time.Time) time.Time { return notice.MonthAfter(t) }

// Review states of an unsure reply.
const (
	ReviewPending   = "pending"
	ReviewConfirmed = "confirmed"
	ReviewOverruled = "overruled"
)

// SyncState returns where the last sync of mailbox stopped; zeros if never.
func (s *Store) SyncState(ctx context.Context, mailbox string) (uidValidity, lastUID uint32, err error) {
	err = s.q.SyncState.QueryRowContext(ctx, mailbox).Scan(&uidValidity, &lastUID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("read sync state of %s: %w", mailbox, err)
	}
	return uidValidity, lastUID, nil
}

// replyContact is the part of a contact a reply acts on.
type replyContact struct {
	id           int64
	ref, email   string
	status       contacts.Status
	matchedBy    string
	senderDiffer bool
}

// SaveSyncBatch stores a batch of replies in one transaction, acts on those
// not seen before (same Message-ID) and records the mailbox position, so a
// batch is either wholly saved with its position or not at all.
func (s *Store) SaveSyncBatch(ctx context.Context, b SyncBatch) (BatchResult, error) {
	var res BatchResult
	err := s.InTx(ctx, func(t *Tx) error {
		var err error
		res, err = t.SaveSyncBatch(b)
		return err
	})
	return res, err
}

// SaveSyncBatch is Store.SaveSyncBatch inside the transaction t.
func (t *Tx) SaveSyncBatch(b SyncBatch) (BatchResult, error) {
	res := BatchResult{Acted: map[contacts.ReplyClass]int{}}
	now := t.s.now()
	insert := t.stmt(t.s.q.InsertInbox)
	m := matcher{byKey: t.stmt(t.s.q.ReplyContactByKey), byMsgID: t.stmt(t.s.q.ReplyContactByMsgID),
		byHash: t.stmt(t.s.q.ContactByAddressHash), hash: t.s.addressHasher()}
	for _, it := range b.Items {
		c, err := m.match(it)
		if err != nil {
			return res, err
		}
		received := it.Date
		if received.IsZero() || received.After(now) {
			received = now
		}
		var cid sql.NullInt64
		if c != nil {
			cid = sql.NullInt64{Int64: c.id, Valid: true}
		}
		matched, review := "", ""
		if c != nil {
			matched = c.matchedBy
			if it.Unsure && it.Stop != "" {
				review = ReviewPending
			}
		}
		var inboxID int64
		err = insert.QueryRow(it.MessageID, b.Mailbox, it.UID, cid, matched,
			it.From, it.Subject, it.Snippet, string(it.Class), string(it.Stop),
			it.Phrase, timeText(received), timeText(now), it.Unsure, review).Scan(&inboxID)
		if errors.Is(err, sql.ErrNoRows) { // ON CONFLICT DO NOTHING: stored before
			res.Duplicates++
			continue
		}
		if err != nil {
			return res, fmt.Errorf("save reply uid %d: %w", it.UID, err)
		}
		res.New++
		if c == nil {
			res.Unknown++
			continue
		}
		if it.Class != contacts.ReplyOutOfOffice && it.Class != contacts.ReplyBounce {
			// A person answered: the retention clock starts again.
			if err := t.NoteReply(c.id, received); err != nil {
				return res, err
			}
		}
		acted, err := t.actOnReply(it, c, inboxID, received, b.Rep)
		if err != nil {
			return res, err
		}
		if acted {
			res.Acted[it.Class]++
		}
	}
	if _, err := t.stmt(t.s.q.SaveSyncState).Exec(b.Mailbox, b.UIDValidity, b.LastUID, timeText(now)); err != nil {
		return res, fmt.Errorf("save sync state of %s: %w", b.Mailbox, err)
	}
	return res, nil
}

// matcher finds the contact a reply is from, with its queries bound to the
// batch's transaction.
type matcher struct {
	byKey, byMsgID, byHash *sql.Stmt
	hash                   func(email string) string // the keyed hash of an address
}

// match finds the contact a reply is from: for a bounce by the failed
// recipient, otherwise by the sender's address (the contact's current one,
// else one it had before); then by In-Reply-To and References against the
// Message-IDs of the mail we sent. nil if none.
func (m matcher) match(it InboxItem) (*replyContact, error) {
	byKey := func(addr, how string) (*replyContact, error) {
		if addr == "" {
			return nil, nil
		}
		var c replyContact
		var status string
		err := m.byKey.QueryRow(contacts.MatchKey(addr)).Scan(&c.id, &c.ref, &c.email, &status)
		if errors.Is(err, sql.ErrNoRows) && how == "sender" {
			// Not for a bounce: an old address that bounces says nothing
			// of the current one.
			err = m.byHash.QueryRow(m.hash(addr)).Scan(&c.id, &c.ref, &c.email, &status)
			c.senderDiffer = true
		}
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("match reply to a contact: %w", err)
		}
		c.status, c.matchedBy = contacts.Status(status), how
		return &c, nil
	}
	var c *replyContact
	var err error
	if it.Class == contacts.ReplyBounce {
		c, err = byKey(it.FailedRecipient, "recipient")
	} else {
		c, err = byKey(it.From, "sender")
	}
	if c != nil || err != nil {
		return c, err
	}
	ids := append(append([]string{}, it.InReplyTo...), it.References...)
	for _, id := range ids {
		var rc replyContact
		var status string
		err := m.byMsgID.QueryRow(id, id).Scan(&rc.id, &rc.ref, &rc.email, &status)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("match reply to a sent message: %w", err)
		}
		rc.status, rc.matchedBy = contacts.Status(status), "thread"
		rc.senderDiffer = it.Class != contacts.ReplyBounce && it.From != "" &&
			contacts.MatchKey(it.From) != contacts.MatchKey(rc.email)
		return &rc, nil
	}
	return nil, nil
}

// actOnReply does what a new reply from a known contact asks: stop outreach
// at once for an opt-out, objection or withdrawn consent (status,
// suppression, log), withdraw a consent, mark the address undeliverable for
// a bounce, queue an erasure or access request with its deadline, propose a
// consent. An unsure stop is held for the rep (the reply waits in review and
// sends are refused meanwhile). It reports whether it did anything beyond
// keeping the reply on the contact's history.
func (t *Tx) actOnReply(it InboxItem, c *replyContact, inboxID int64, received time.Time, rep string) (bool, error) {
	v := it
	acted := false
	if v.Class == contacts.ReplyWithdrawal {
		if err := t.withdrawConsents(c.id, c.ref, v.Purpose, "reply "+it.MessageID, "reply", rep); err != nil {
			return false, err
		}
		acted = true
	}
	if v.Stop != "" && !v.Unsure {
		if err := t.stopOutreach(c, stopReason(v.Class, v.Stop, v.Purpose), senderIf(c, it), rep,
			map[string]string{"via": "reply", "class": string(v.Stop), "lang": v.Lang}); err != nil {
			return false, err
		}
		acted = true
	}
	acted = acted || (v.Stop != "" && v.Unsure)
	switch v.Class {
	case contacts.ReplyBounce:
		if c.status == contacts.Active {
			if err := t.setStatus(c.id, contacts.Undeliverable); err != nil {
				return false, err
			}
		}
		addr := v.FailedRecipient
		if addr == "" {
			addr = c.email
		}
		if err := t.Suppress(addr, c.ref, rep, ReasonBounce); err != nil {
			return false, err
		}
		acted = true
	case contacts.ReplyErasure, contacts.ReplyAccess:
		if _, err := t.stmt(t.s.q.InsertRightsRequest).Exec(inboxID, c.id, c.ref, string(v.Class),
			timeText(received), timeText(RequestDeadline(received)), rep); err != nil {
			return false, fmt.Errorf("queue %s request: %w", v.Class, err)
		}
		acted = true
	case contacts.ReplyConsent:
		told := "replied to our email; what that email told them (controller, purpose, privacy notice) is in the sent message it answers"
		if subj := contacts.Clean(it.Subject); subj != "" {
			told = fmt.Sprintf("replied %q to our email; what that email told them (controller, purpose, privacy notice) is in the sent message it answers", subj)
		}
		if _, err := t.stmt(t.s.q.InsertConsentProposal).Exec(inboxID, c.id, string(v.Purpose),
			it.MessageID, timeText(t.s.now()), it.Text, told); err != nil {
			return false, fmt.Errorf("propose consent: %w", err)
		}
		acted = true
	}
	return acted, nil
}

// stopReason is the suppression reason of a reply that stops outreach.
func stopReason(class, stop contacts.ReplyClass, purpose contacts.ConsentPurpose) SuppressReason {
	switch {
	case stop == contacts.ReplyObjection:
		return ReasonObjection
	case class == contacts.ReplyWithdrawal && purpose == contacts.ConsentMarketing:
		return ReasonWithdrawal
	}
	return ReasonOptOut
}

// stopOutreach ends outreach to contact c for reason: its status (an
// objection is never weakened to an opt-out), every address of it on the
// suppression list (c's own, every one it had before, and also, when set,
// another address it used), and an opt-out event with details.
func (t *Tx) stopOutreach(c *replyContact, reason SuppressReason, also, rep string, details map[string]string) error {
	status := contacts.OptedOut
	if reason == ReasonObjection {
		status = contacts.Objected
	}
	if c.status != contacts.Objected {
		if err := t.setStatus(c.id, status); err != nil {
			return err
		}
	}
	for _, addr := range []string{c.email, also} {
		if addr == "" {
			continue
		}
		if err := t.Suppress(addr, c.ref, rep, reason); err != nil {
			return err
		}
	}
	if _, err := t.suppressFormer(c.id, []string{c.email, also}, c.ref, rep, reason); err != nil {
		return err
	}
	_, err := t.AppendEvent(Event{Rep: rep, Kind: EventOptOut, ContactRef: c.ref, Details: details})
	return err
}

// withdrawConsents withdraws every unwithdrawn consent of purpose of the
// contact, noting how the withdrawal came (how) and logging it.
func (t *Tx) withdrawConsents(contactID int64, ref string, purpose contacts.ConsentPurpose, how, via, rep string) error {
	if purpose == "" {
		purpose = contacts.ConsentMarketing
	}
	res, err := t.stmt(t.s.q.WithdrawConsents).Exec(timeText(t.s.now()), how, contactID, string(purpose))
	if err != nil {
		return fmt.Errorf("withdraw consent of contact %d: %w", contactID, err)
	}
	n, _ := res.RowsAffected()
	_, err = t.AppendEvent(Event{Rep: rep, Kind: EventConsent, ContactRef: ref,
		Details: map[string]string{"withdrawn": string(purpose), "via": via, "consents": fmt.Sprint(n)}})
	return err
}

// senderIf is the reply's sender when it differs from the contact's address
// (a reply from another mailbox in the same thread), so it is suppressed too.
func senderIf(c *replyContact, it InboxItem) string {
	if c.senderDiffer {
		return it.From
	}
	return ""
}

func (t *Tx) setStatus(id int64, st contacts.Status) error {
	if _, err := t.stmt(t.s.q.SetContactStatus).Exec(string(st), timeText(t.s.now()), id); err != nil {
		return fmt.Errorf("set contact status %s: %w", st, err)
	}
	return nil
}

// DeleteStrangerReply deletes the reply id of someone who is not a contact:
// it is all legit holds about them, and there is no reason to keep it. A
// reply that matched a contact is not deleted here (erase the contact).
func (s *Store) DeleteStrangerReply(ctx context.Context, id int64) error {
	r, err := s.q.DeleteStrangerReply.ExecContext(ctx, id)
	if err != nil {
		return fmt.Errorf("delete reply %d: %w", id, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return fmt.Errorf("reply %d: %w (it belongs to a contact: erase the contact instead)", id, ErrNotFound)
	}
	return s.checkpoint(ctx)
}

// ListInbox returns the newest synced replies, at most limit.
func (s *Store) ListInbox(ctx context.Context, limit int) ([]InboxEntry, error) {
	return s.inboxRows(ctx, s.q.ListInbox, limit)
}

// RepliesOf returns the synced replies of one contact, newest first.
func (s *Store) RepliesOf(ctx context.Context, contactID int64) ([]InboxEntry, error) {
	return s.inboxRows(ctx, s.q.InboxOfContact, contactID)
}

func (s *Store) inboxRows(ctx context.Context, q *sql.Stmt, arg any) ([]InboxEntry, error) {
	rows, err := q.QueryContext(ctx, arg)
	if err != nil {
		return nil, fmt.Errorf("list replies: %w", err)
	}
	defer rows.Close()
	var out []InboxEntry
	for rows.Next() {
		var e InboxEntry
		var class, stop, at string
		if err := rows.Scan(&e.ID, &e.MessageID, &class, &stop, &e.Phrase, &e.Sender, &e.Subject, &e.Snippet, &at,
			&e.ContactID, &e.ContactName, &e.MatchedBy, &e.Unsure, &e.Review); err != nil {
			return nil, fmt.Errorf("read reply: %w", err)
		}
		e.Class, e.Stop = contacts.ReplyClass(class), contacts.ReplyClass(stop)
		if e.ReceivedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list replies: %w", err)
	}
	return out, nil
}

// OpenRequests returns the unanswered erasure and access requests, the
// soonest due first: on a team database those the role may see (a lead and
// the DPO the whole organisation's queue; a rep those assigned to them and
// those about contacts they see).
func (s *Store) OpenRequests(ctx context.Context) ([]RightsRequest, error) {
	rows, err := s.q.ListOpenRequests.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	defer rows.Close()
	var out []RightsRequest
	for rows.Next() {
		var r RightsRequest
		var kind, rec, due string
		if err := rows.Scan(&r.ID, &kind, &r.ContactID, &r.ContactRef, &r.ContactName, &rec, &due,
			&r.Assignee.ID, &r.Assignee.Name, &r.Assignee.Email, &r.Owner); err != nil {
			return nil, fmt.Errorf("read request: %w", err)
		}
		r.Kind = contacts.ReplyClass(kind)
		if r.ReceivedAt, err = parseTime(rec); err != nil {
			return nil, err
		}
		if r.DueAt, err = parseTime(due); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	return out, nil
}

// PendingConsents returns the consents read in replies that wait for the rep.
func (s *Store) PendingConsents(ctx context.Context) ([]ConsentProposal, error) {
	rows, err := s.q.ListPendingConsents.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("list proposed consents: %w", err)
	}
	defer rows.Close()
	var out []ConsentProposal
	for rows.Next() {
		var p ConsentProposal
		var purpose, at string
		if err := rows.Scan(&p.ID, &p.ContactID, &p.ContactName, &purpose, &p.Evidence, &at, &p.Snippet); err != nil {
			return nil, fmt.Errorf("read proposed consent: %w", err)
		}
		p.Purpose = contacts.ConsentPurpose(purpose)
		if p.ProposedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list proposed consents: %w", err)
	}
	return out, nil
}

// DecideConsent settles a proposed consent. Confirmed, it is recorded as a
// consent given by email reply, with the reply's Message-ID, its text and
// what the person replied to as evidence, and logged; rejected, it is only
// marked so. A proposal already decided gives ErrNotFound.
func (s *Store) DecideConsent(ctx context.Context, id int64, confirm bool, rep string) error {
	return s.InTx(ctx, func(t *Tx) error {
		var cid int64
		var ref, purpose string
		var k contacts.Consent
		var received string
		err := t.stmt(s.q.PendingConsentByID).QueryRow(id).Scan(&cid, &ref, &purpose, &k.Reference, &k.ReplyText, &k.Told, &received)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("proposed consent %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("read proposed consent %d: %w", id, err)
		}
		now := timeText(s.now())
		state := "rejected"
		if confirm {
			state = "confirmed"
			k.Purpose, k.Channel = contacts.ConsentPurpose(purpose), contacts.ConsentByReply
			if k.GivenAt, err = parseTime(received); err != nil {
				return err
			}
			k.GrantedAt = k.GivenAt
			if _, err := t.insertConsent(cid, k); err != nil {
				return err
			}
			if _, err := t.AppendEvent(Event{Rep: rep, Kind: EventConsent, ContactRef: ref,
				Details: map[string]string{"purpose": purpose, "evidence": "reply", "proposal": fmt.Sprint(id)}}); err != nil {
				return err
			}
		}
		if _, err := t.stmt(s.q.DecideConsent).Exec(state, now, rep, id); err != nil {
			return fmt.Errorf("settle proposed consent %d: %w", id, err)
		}
		return nil
	})
}
