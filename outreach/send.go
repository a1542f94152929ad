package outreach

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"legit/contacts"
	"legit/notice"
	"legit/store"
)

// Store is what sending needs from the database. *store.Store satisfies it.
type Store interface {
	Contact(ctx context.Context, id int64) (contacts.Contact, error)
	SaveDraft(ctx context.Context, m store.Message) (int64, error)
	Message(ctx context.Context, id int64) (store.Message, error)
	MarkSending(ctx context.Context, m store.Message) error
	MarkSent(ctx context.Context, r store.SentRecord) error
	MarkFailed(ctx context.Context, id int64, reason string) error
	MarkUnknown(ctx context.Context, id int64) error
	MarkQueued(ctx context.Context, m store.Message, rep string) error
	HoldQueued(ctx context.Context, id int64, reason string) error
	Unqueue(ctx context.Context, m store.Message, reason, rep string) error
	Requeue(ctx context.Context, id int64, reason string) error
	Queued(ctx context.Context, repID int64) ([]store.Message, error)
	RenewLease(ctx context.Context, id int64, client string, until time.Time) error
	Recoverable(ctx context.Context, repID int64, client string, now time.Time) ([]store.Message, error)
	ResolveNotSent(ctx context.Context, m store.Message, reason, by string) error
	AccessGiven(ctx context.Context, c contacts.Contact, rep, how, messageID string) (int, error)
	PendingSentCopies(ctx context.Context) ([]store.Message, error)
	SetSentCopy(ctx context.Context, id int64, state string) error
	RecentBodies(ctx context.Context, repID int64, since time.Time) ([]store.RecentBody, error)
	SetFingerprints(ctx context.Context, fps []store.MessageFingerprint) error
	ColleagueCopy(ctx context.Context, repID, contactID int64, fingerprint []byte, since time.Time) (*store.ColleagueCopy, error)
	FirstContactsSince(ctx context.Context, repID int64, since time.Time) (int, error)
	TeamActivity(ctx context.Context, repID, contactID int64, company string, today, overlapSince time.Time) (store.TeamActivity, error)
	SendCounts(ctx context.Context, contactID int64) (sent, inDoubt int, err error)
	SendInDoubtTo(ctx context.Context, contactID int64) (store.SendInDoubt, bool, error)
	MessageRep(ctx context.Context, id int64) (string, error)
	ErasureAsked(ctx context.Context, contactID int64) (*time.Time, error)
	HeldForReview(ctx context.Context, contactID int64) (*time.Time, error)
	RegisterImported(ctx context.Context, country string) (*time.Time, error)
}

// SentCopier files sent messages in the rep's IMAP Sent folder and finds
// them there. *SentFolder satisfies it.
type SentCopier interface {
	Append(ctx context.Context, m Built) error
	Finder
}

// Sender is the one send path, for the compose screen and `legit send`:
// check, build, record "sending", hand to the transport, record "sent".
// Without a mail server it checks, builds and queues in the outbox: nothing
// is sent and nobody is informed until DeliverQueue hands it over.
type Sender struct {
	Store   Store
	Builder Builder
	// Transport hands a message to the mail server (SMTP). nil when none is
	// configured: a message that passes is queued in Outbox. The demo sets
	// it to the outbox itself, where a message counts as sent.
	Transport Transport
	// Outbox is the local queue (and, in the demo, the transport).
	Outbox   Outbox
	SentCopy SentCopier // nil when no IMAP is configured
	// Client names this client instance; ClientID (one per process) when
	// empty. A send is reserved under it, with a lease of Lease
	// (DefaultLease when 0) renewed while the transport works.
	Client       string
	Lease        time.Duration
	RepID        int64
	Rep          string // the rep's name, as the log records it
	Org          string // the organisation's name, for the notice-only email
	DailyCap     int
	Guards       TeamGuards
	OrgTracking  bool
	DeadlineDays int
	Now          func() time.Time
	// RecordWait is how long a send that went out waits for the database
	// to come back to record it (DefaultRecordWait when 0); OnRecordWait,
	// when set, is told once that it waits.
	RecordWait   time.Duration
	OnRecordWait func(wait time.Duration)
}

func (s *Sender) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Queues reports whether a message that passes is queued in the outbox
// rather than sent: no mail server is configured.
func (s *Sender) Queues() bool { return s.Transport == nil }

// OutboxIsSent reports whether the outbox stands in for the mail server
// and what is written there counts as sent: the demo.
func (s *Sender) OutboxIsSent() bool {
	_, ok := s.Transport.(Outbox)
	return ok
}

// TransportName names where a message goes: the transport, or "outbox"
// when it is queued.
func (s *Sender) TransportName() string {
	if s.Transport == nil {
		return "outbox"
	}
	return s.Transport.Name()
}

// Check gathers the history the checklist needs and runs it for d to c.
func (s *Sender) Check(ctx context.Context, c contacts.Contact, d Draft) (Verdict, error) {
	in, err := s.Input(ctx, c, d)
	if err != nil {
		return Verdict{}, err
	}
	return Check(in, s.now()), nil
}

// Input gathers what the checklist needs besides the draft: this rep's
// recent emails, a colleague's near copy of d's body, today's first
// contacts, earlier sends to c, and whether c asked for erasure. The
// compose screen gathers it once and re-checks on every key press with
// Check, asking TeamCopy again when the typing pauses.
//
// It is also where fingerprints are backfilled, lazily: this rep's emails
// of the window stored before there were fingerprints get theirs here, the
// first time the rep composes after the upgrade (a rep may write only
// their own messages). Until then colleagues' checks do not see them; after
// RecentWindow every email in any window has one.
func (s *Sender) Input(ctx context.Context, c contacts.Contact, d Draft) (Input, error) {
	now := s.now()
	rows, err := s.Store.RecentBodies(ctx, s.RepID, now.Add(-RecentWindow))
	if err != nil {
		return Input{}, err
	}
	recent := make([]SentBody, len(rows))
	var missing []store.MessageFingerprint
	for i, r := range rows {
		recent[i] = SentBody{ContactID: r.ContactID, ContactRef: r.ContactRef, Name: r.Name, Company: r.Company, Subject: r.Subject, Body: r.Body, SentAt: r.SentAt}
		if !r.HasFingerprint {
			missing = append(missing, store.MessageFingerprint{ID: r.ID, Fingerprint: Fingerprint(r.Body, r.Name, r.Company)})
		}
	}
	if err := s.Store.SetFingerprints(ctx, missing); err != nil {
		return Input{}, fmt.Errorf("store the fingerprints of your earlier emails: %w", err)
	}
	teamCopy, err := s.TeamCopy(ctx, c, d.Body)
	if err != nil {
		return Input{}, err
	}
	y, m, day := now.UTC().Date()
	today, err := s.Store.FirstContactsSince(ctx, s.RepID, time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return Input{}, err
	}
	sent, inDoubt, err := s.Store.SendCounts(ctx, c.ID)
	if err != nil {
		return Input{}, err
	}
	var holder *DoubtHolder
	if inDoubt > 0 {
		if holder, err = s.doubtHolder(ctx, c.ID, now); err != nil {
			return Input{}, err
		}
	}
	var team store.TeamActivity
	if g := s.Guards; g.OrgDailyCap > 0 || g.OverlapDays > 0 {
		if team, err = s.Store.TeamActivity(ctx, s.RepID, c.ID, c.Company, time.Date(y, m, day, 0, 0, 0, 0, time.UTC), now.AddDate(0, 0, -g.OverlapDays)); err != nil {
			return Input{}, err
		}
	}
	var colleague *ColleagueEmail
	if o := team.Overlap; o != nil && s.Guards.OverlapDays > 0 {
		colleague = &ColleagueEmail{Rep: o.Rep, At: o.At, SamePerson: o.SamePerson}
	}
	asked, err := s.Store.ErasureAsked(ctx, c.ID)
	if err != nil {
		return Input{}, err
	}
	held, err := s.Store.HeldForReview(ctx, c.ID)
	if err != nil {
		return Input{}, err
	}
	var register *time.Time
	if RegisterFor(c) != nil {
		if register, err = s.Store.RegisterImported(ctx, PolicyFor(c.Country).Country); err != nil {
			return Input{}, err
		}
	}
	return Input{Contact: c, Draft: WithSubjectMarker(c, d), Recent: recent, TeamCopy: teamCopy, FirstContact: sent == 0, FirstContactsToday: today,
		DailyCap: s.DailyCap, Guards: s.Guards, OrgFirstContacts: team.OrgFirstContacts, Colleague: colleague, OrgTracking: s.OrgTracking, DeadlineDays: s.DeadlineDays, Unresolved: inDoubt, Holder: holder,
		ErasureAsked: asked, HeldForReview: held, RegisterImported: register}, nil
}

// doubtHolder is the earliest send to contact contactID in doubt and whose
// it is, for the no-send-in-doubt rule to say who can resolve it; nil when
// none is left (resolved meanwhile).
func (s *Sender) doubtHolder(ctx context.Context, contactID int64, now time.Time) (*DoubtHolder, error) {
	d, ok, err := s.Store.SendInDoubtTo(ctx, contactID)
	if err != nil || !ok {
		return nil, err
	}
	h := &DoubtHolder{Row: d.ID, Rep: d.Rep, Own: d.RepID == s.RepID}
	if d.Held(now) {
		h.Until = d.Since
	}
	return h, nil
}

// TeamCopy asks the store whether a colleague sent or queued a near copy
// of body (to c, with c's name and company out) to someone else within
// RecentWindow; nil when none, or when body is blank (nothing to compare).
func (s *Sender) TeamCopy(ctx context.Context, c contacts.Contact, body string) (*TeamCopy, error) {
	if strings.TrimSpace(body) == "" {
		return nil, nil
	}
	cp, err := s.Store.ColleagueCopy(ctx, s.RepID, c.ID, Fingerprint(body, c.Name, c.Company), s.now().Add(-RecentWindow))
	if err != nil || cp == nil {
		return nil, err
	}
	return &TeamCopy{Rep: cp.Rep, At: cp.At, Ratio: cp.Ratio, Queued: cp.Queued}, nil
}

// withFingerprint sets m's fingerprint from its body, for c: the team's
// not-bulk rule compares colleagues' drafts with it. An access copy is no
// outreach and has none.
func withFingerprint(c contacts.Contact, m store.Message) store.Message {
	m.Fingerprint = nil
	if m.Kind != store.KindAccess {
		m.Fingerprint = Fingerprint(m.Body, c.Name, c.Company)
	}
	return m
}

// Preview checks d and builds the message exactly as it would go out.
func (s *Sender) Preview(ctx context.Context, c contacts.Contact, d Draft) (Verdict, Built, error) {
	in, err := s.Input(ctx, c, d)
	if err != nil {
		return Verdict{}, Built{}, err
	}
	v := Check(in, s.now())
	b, err := s.Builder.Build(c, in.Draft, v, s.now(), "")
	return v, b, err
}

// Result is what a send did.
type Result struct {
	MessageRow int64
	Built      Built
	Verdict    Verdict
	// Queued is set when the message was queued in the outbox, not sent
	// (no mail server): the person is not informed by it yet.
	Queued bool
	// File is the outbox file that holds the message (queued, or in the
	// demo sent there).
	File string
	// Answered is how many access requests an access copy answered.
	Answered int
	// SentCopyErr is set when the copy to the IMAP Sent folder failed; it
	// stays pending and is retried later. The send itself succeeded.
	SentCopyErr error
}

// SendFailedError is a send the transport did not complete. The draft is
// kept in the messages row, marked failed, for a retry.
type SendFailedError struct {
	Row int64
	Err error
}

func (e *SendFailedError) Error() string {
	return fmt.Sprintf("not sent: %v; your draft is kept (message %d): fix the problem and send again", e.Err, e.Row)
}

func (e *SendFailedError) Unwrap() error { return e.Err }

// SendInDoubtError is a send that may have gone out: the transport lost the
// server after the message began to go out (see MaybeSentError). The
// message is recorded as in doubt, not as failed, so it is not offered for
// sending again until the rep says what happened.
type SendInDoubtError struct {
	Row int64
	Err error
}

func (e *SendInDoubtError) Error() string {
	return fmt.Sprintf("may have gone out: %v. It will not be sent again on its own: look for it in your Sent folder (or ask the recipient), then record what happened: legit send --resolve %d --outcome sent|not-sent", e.Err, e.Row)
}

func (e *SendInDoubtError) Unwrap() error { return e.Err }

// SentUnrecordedError is a send that went out (the mail server accepted
// it) but could not be recorded: the database stayed unreachable for
// longer than the send waits (Sender.RecordWait). The message stays
// reserved ("sending") until CheckAfter; at the first start after it legit
// looks for it and asks the rep when it cannot tell. It must not be sent
// again.
type SentUnrecordedError struct {
	Row        int64
	CheckAfter time.Time // when its reservation ends and legit checks it
	Err        error     // why recording failed
}

func (e *SentUnrecordedError) Error() string {
	return fmt.Sprintf("sent, but recording it failed: %v. It is message %d: legit checks it at the first start after %s (when its reservation ends) and asks you to resolve it if it cannot tell. Do not send it again",
		e.Err, e.Row, e.CheckAfter.Local().Format("15:04"))
}

func (e *SentUnrecordedError) Unwrap() error { return e.Err }

// Send sends draft row (0 creates it) to contactID; without a mail server
// it queues it in the outbox (Result.Queued). A refusal returns a
// *RefusedError; a transport failure a *SendFailedError with the draft kept,
// or a *SendInDoubtError when the message may have been accepted; a
// *SentUnrecordedError when it went out but could not be recorded.
func (s *Sender) Send(ctx context.Context, row, contactID int64, d Draft) (Result, error) {
	c, err := s.Store.Contact(ctx, contactID)
	if err != nil {
		return Result{}, err
	}
	return s.send(ctx, row, c, d, store.KindEmail)
}

func (s *Sender) send(ctx context.Context, row int64, c contacts.Contact, d Draft, kind store.MessageKind) (Result, error) {
	in, err := s.Input(ctx, c, d)
	if err != nil {
		return Result{}, err
	}
	d = in.Draft // with the subject marker the law asks
	in.NoticeOnly = kind == store.KindNotice
	v := Check(in, s.now())
	if err := v.Refusal(); err != nil {
		return Result{Verdict: v}, err
	}
	msg := store.Message{ID: row, ContactID: c.ID, ContactRef: c.Ref, RepID: s.RepID, Subject: d.Subject, Body: d.Body,
		Kind: kind, Confirmed: confirmed(c, d)}
	if row == 0 {
		if msg.ID, err = s.Store.SaveDraft(ctx, msg); err != nil {
			return Result{Verdict: v}, err
		}
	} else {
		prev, err := s.Store.Message(ctx, row)
		if err != nil {
			return Result{Verdict: v}, err
		}
		msg.MessageID = prev.MessageID // a retry keeps its Message-ID
	}
	b, err := s.Builder.Build(c, d, v, s.now(), msg.MessageID)
	if err != nil {
		return Result{MessageRow: msg.ID, Verdict: v}, err
	}
	msg = withFingerprint(c, msg)
	if s.Transport == nil {
		return s.queue(ctx, msg, b, v)
	}
	return s.deliver(ctx, c, msg, b, v, false)
}

// queue records msg as queued (with a queued event) and writes it to the
// outbox. A message that cannot be written goes back to the drafts.
func (s *Sender) queue(ctx context.Context, msg store.Message, b Built, v Verdict) (Result, error) {
	msg.MessageID, msg.Raw, msg.Tracking, msg.NoticeForm = b.MessageID, b.Raw, v.Tracking, noticeForm(v)
	res := Result{MessageRow: msg.ID, Built: b, Verdict: v}
	if err := s.Store.MarkQueued(ctx, msg, s.Rep); err != nil {
		return res, err
	}
	path, err := s.Outbox.Write(ctx, b)
	if err != nil {
		if uerr := s.Store.Unqueue(context.WithoutCancel(ctx), msg, "could not write it to the outbox: "+err.Error(), s.Rep); uerr != nil {
			err = errors.Join(err, uerr)
		}
		return res, &SendFailedError{Row: msg.ID, Err: err}
	}
	res.Queued, res.File = true, path
	return res, nil
}

// noticeForm is the notice the verdict asks for, as stored.
func noticeForm(v Verdict) string {
	if v.LongNotice {
		return "long"
	}
	return "short"
}

// deliver reserves msg for this client, hands it to the transport and
// records the outcome. fromQueue: a certain failure puts it back in the
// queue rather than in the drafts.
func (s *Sender) deliver(ctx context.Context, c contacts.Contact, msg store.Message, b Built, v Verdict, fromQueue bool) (Result, error) {
	now := s.now()
	msg.MessageID, msg.Raw, msg.Tracking, msg.Transport, msg.NoticeForm = b.MessageID, b.Raw, v.Tracking, s.Transport.Name(), noticeForm(v)
	msg.Client, msg.LeaseUntil = s.client(), now.Add(s.lease())
	if err := s.Store.MarkSending(ctx, msg); err != nil {
		return Result{MessageRow: msg.ID, Verdict: v}, err
	}
	res := Result{MessageRow: msg.ID, Built: b, Verdict: v}
	stop := s.keepLease(ctx, msg.ID)
	var err error
	if o, ok := s.Transport.(Outbox); ok {
		res.File, err = o.Write(ctx, b)
	} else {
		err = s.Transport.Send(ctx, b)
	}
	stop()
	if err != nil {
		if _, maybe := errors.AsType[*MaybeSentError](err); maybe {
			if uerr := s.Store.MarkUnknown(context.WithoutCancel(ctx), msg.ID); uerr != nil {
				return res, fmt.Errorf("%w (and recording it failed: %v; it will be checked at next start)", &SendInDoubtError{Row: msg.ID, Err: err}, uerr)
			}
			return res, &SendInDoubtError{Row: msg.ID, Err: err}
		}
		if fromQueue {
			if qerr := s.Store.Requeue(context.WithoutCancel(ctx), msg.ID, "the mail server did not take it: "+err.Error()); qerr != nil {
				return res, fmt.Errorf("not sent: %w (and putting it back in the queue failed: %v; it will show as unknown at next start)", err, qerr)
			}
			return res, &QueueWaitError{Row: msg.ID, Err: err}
		}
		if ferr := s.Store.MarkFailed(context.WithoutCancel(ctx), msg.ID, err.Error()); ferr != nil {
			return res, fmt.Errorf("%w (and recording the failure failed: %v; it will show as unknown at next start)", &SendFailedError{Row: msg.ID, Err: err}, ferr)
		}
		return res, &SendFailedError{Row: msg.ID, Err: err}
	}
	copyState := store.SentCopyNone
	if s.SentCopy != nil {
		copyState = store.SentCopyPending
	}
	rec := store.SentRecord{ID: msg.ID, ContactID: c.ID, ContactRef: c.Ref, Rep: s.Rep, MessageID: b.MessageID, At: now,
		LongNotice: v.LongNotice, NoticeKey: c.Basis.NoticeKey(), Tracking: v.Tracking, Transport: s.Transport.Name(),
		SentCopy: copyState, Basis: string(c.Basis.Kind), SourceKind: string(c.FirstSource().Kind), Confirmed: msg.Confirmed,
		Kind: string(msg.Kind)}
	if msg.Kind == store.KindAccess {
		rec.Basis, rec.SourceKind, rec.Confirmed = "", "", ""
	}
	if err := s.recordSent(ctx, rec); err != nil {
		return res, &SentUnrecordedError{Row: msg.ID, CheckAfter: s.now().Add(s.lease()), Err: err}
	}
	if s.SentCopy != nil {
		res.SentCopyErr = s.fileCopy(ctx, msg.ID, b)
	}
	return res, nil
}

// DefaultRecordWait is how long a send that went out waits for an
// unreachable database to come back to record it: a server restart takes
// seconds. It is well inside DefaultLease, so no other client takes the
// send for an interrupted one meanwhile.
const DefaultRecordWait = 30 * time.Second

// recordSent records a send that went out. While the database cannot be
// reached (a server restarting, store.ErrUnreachable) it tries again, for
// RecordWait (DefaultRecordWait when 0) or until ctx ends, telling
// OnRecordWait once; recording is the whole point, the email is gone. A
// try after one whose connection dropped at the commit may find it
// recorded already.
func (s *Sender) recordSent(ctx context.Context, rec store.SentRecord) error {
	wait := s.RecordWait
	if wait <= 0 {
		wait = DefaultRecordWait
	}
	deadline := time.Now().Add(wait)
	pause := 200 * time.Millisecond
	for try := 1; ; try++ {
		err := s.Store.MarkSent(context.WithoutCancel(ctx), rec)
		if err != nil && try > 1 && !errors.Is(err, store.ErrUnreachable) {
			if m, merr := s.Store.Message(context.WithoutCancel(ctx), rec.ID); merr == nil && m.State == store.StateSent {
				return nil // the commit of an earlier try went through
			}
		}
		if err == nil || !errors.Is(err, store.ErrUnreachable) || time.Now().Add(pause).After(deadline) {
			return err
		}
		if try == 1 && s.OnRecordWait != nil {
			s.OnRecordWait(wait)
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
		pause = min(2*pause, 2*time.Second)
	}
}

// fileCopy appends b to the Sent folder and records that it is done.
func (s *Sender) fileCopy(ctx context.Context, row int64, b Built) error {
	if err := s.SentCopy.Append(ctx, b); err != nil {
		return fmt.Errorf("the copy in your Sent folder will be retried: %w", err)
	}
	return s.Store.SetSentCopy(ctx, row, store.SentCopyDone)
}

// NoticeDraft is the short personal email that carries only the long notice,
// in the contact's language: for a business-card contact (Art. 13) or one
// whose deadline is near. org is the organisation's name.
func NoticeDraft(c contacts.Contact, rep, org string) Draft {
	subject, body := notice.NoticeOnly(c.Language, c.Name, org, rep)
	return Draft{To: []string{c.Email}, Subject: subject, Body: body}
}

// SendNoticeOnly sends the notice-only email to contactID through the same
// path, with the long notice (queued when there is no mail server).
func (s *Sender) SendNoticeOnly(ctx context.Context, contactID int64) (Result, error) {
	c, err := s.Store.Contact(ctx, contactID)
	if err != nil {
		return Result{}, err
	}
	return s.send(ctx, 0, c, NoticeDraft(c, s.Rep, s.Org), store.KindNotice)
}

// InDoubt is a send interrupted before its result was recorded, that could
// not be resolved automatically: the rep decides.
type InDoubt struct {
	Row        int64
	ContactRef string
	Subject    string
	MessageID  string
}

// Recover resolves messages left "sending" by a crash: a message found in
// the Sent folder (or the outbox) is recorded as sent; one the outbox does
// not have was never written; anything else becomes "unknown" and is
// returned for the rep to decide. Nothing is sent again.
//
// It looks only at this rep's sends: this client's own reservations, those
// whose lease expired (the client that made them is gone) and the sends in
// doubt. A colleague's send is left alone, in progress or interrupted: it
// waits for them (and the checklist refuses the person meanwhile). Each
// resolution is logged with who made it.
func (s *Sender) Recover(ctx context.Context) ([]InDoubt, error) {
	list, err := s.Store.Recoverable(ctx, s.RepID, s.client(), s.now())
	if err != nil {
		return nil, err
	}
	var out []InDoubt
	var errs []error
	for _, m := range list {
		found, definite, err := s.find(ctx, m)
		switch {
		case err != nil:
			errs = append(errs, err)
		case found:
			err = s.Store.MarkSent(ctx, store.SentRecord{ID: m.ID, ContactID: m.ContactID, ContactRef: m.ContactRef, Rep: s.Rep,
				MessageID: m.MessageID, At: m.UpdatedAt, LongNotice: m.NoticeForm == "long", Tracking: m.Tracking, Transport: m.Transport,
				SentCopy: store.SentCopyDone, Kind: string(m.Kind), ResolvedBy: s.Rep, ResolvedHow: "found where it went (" + m.Transport + ")"})
			errs = append(errs, err)
			continue
		case definite:
			errs = append(errs, s.Store.ResolveNotSent(ctx, m, "interrupted before it was handed over; it was not sent", s.Rep))
			continue
		}
		if m.State == store.StateSending {
			errs = append(errs, s.Store.MarkUnknown(ctx, m.ID))
		}
		out = append(out, InDoubt{Row: m.ID, ContactRef: m.ContactRef, Subject: m.Subject, MessageID: m.MessageID})
	}
	return out, errors.Join(errs...)
}

// find looks for m where it would be if it went out. definite is true when
// "not found" proves it was not sent (the outbox writes atomically).
func (s *Sender) find(ctx context.Context, m store.Message) (found, definite bool, err error) {
	if m.Transport == "outbox" {
		if f, ok := s.Transport.(Finder); ok && s.Transport.Name() == "outbox" {
			found, err = f.Find(ctx, m.MessageID)
			return found, true, err
		}
	}
	if s.SentCopy != nil && m.Transport == "smtp" {
		found, err = s.SentCopy.Find(ctx, m.MessageID)
		return found, false, err
	}
	return false, false, nil
}

// Resolve records the rep's answer for a message in doubt: sent, or not
// sent (the draft is kept as a failed send to retry or drop). A send
// whose reservation ran out is in doubt too, though its rep never started
// legit again: a lead may settle it. One still reserved is not yet.
func (s *Sender) Resolve(ctx context.Context, row int64, wasSent bool) error {
	m, err := s.Store.Message(ctx, row)
	if err != nil {
		return err
	}
	switch {
	case m.State == store.StateSending && m.LeaseUntil.After(s.now()):
		return fmt.Errorf("message %d is being sent (reserved until %s), not in doubt: try again after", row, m.LeaseUntil.UTC().Format("15:04:05 UTC"))
	case m.State != store.StateUnknown && m.State != store.StateSending:
		return fmt.Errorf("message %d is %s, not in doubt", row, m.State)
	}
	// A lead (or the DPO) settles a colleague's send: it is logged as the
	// colleague's send, and the resolution under the settler's name.
	rep, by := s.Rep, "the rep"
	if m.RepID != s.RepID {
		if rep, err = s.Store.MessageRep(ctx, row); err != nil {
			return err
		}
		by = s.Rep
	}
	if !wasSent {
		return s.Store.ResolveNotSent(ctx, m, by+" said it did not go out", s.Rep)
	}
	return s.Store.MarkSent(ctx, store.SentRecord{ID: m.ID, ContactID: m.ContactID, ContactRef: m.ContactRef, Rep: rep,
		MessageID: m.MessageID, At: m.UpdatedAt, LongNotice: m.NoticeForm == "long", Tracking: m.Tracking, Transport: m.Transport,
		Kind: string(m.Kind), ResolvedBy: s.Rep, ResolvedHow: by + " said it went out"})
}

// RetrySentCopies files the Sent-folder copies that failed before.
func (s *Sender) RetrySentCopies(ctx context.Context) error {
	if s.SentCopy == nil {
		return nil
	}
	pending, err := s.Store.PendingSentCopies(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, m := range pending {
		errs = append(errs, s.fileCopy(ctx, m.ID, Built{MessageID: m.MessageID, Raw: m.Raw, Date: m.UpdatedAt}))
	}
	return errors.Join(errs...)
}
