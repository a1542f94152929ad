package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"legit/contacts"
)

var inboxNow = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// inboxStore opens a store with one contact and one sent message to it.
func inboxStore(t *testing.T) (*Store, contacts.Contact) {
	t.Helper()
	ctx := context.Background()
	s := openTestStore(t)
	s.SetClock(func() time.Time { return inboxNow })
	rep, err := s.EnsureRep(ctx, "Robin Maes", "robin@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	var c contacts.Contact
	err = s.InTx(ctx, func(tx *Tx) error {
		c, err = tx.AddContact(contacts.Contact{Name: "Anna Müller", Email: "anna@kraftwerk.example"}, "Robin Maes")
		if err != nil {
			return err
		}
		_, err = tx.tx.Exec(`INSERT INTO messages (contact_id, rep_id, message_id, state, created_at) VALUES (?, ?, ?, 'sent', ?)`,
			c.ID, rep.ID, "<sent-1@northwind.example>", timeText(inboxNow))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func eventCount(t *testing.T, s *Store, kind EventKind, ref string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM events WHERE kind = ? AND contact_ref = ?`, string(kind), ref).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func item(uid uint32, from, id string, v InboxItem, inReplyTo ...string) InboxItem {
	v.UID, v.From, v.MessageID, v.Snippet = uid, from, id, "…"
	v.Date, v.InReplyTo = inboxNow.Add(-time.Hour), inReplyTo
	return v
}

func TestSaveSyncBatchMatchesThreadAndOptsOut(t *testing.T) {
	ctx := context.Background()
	s, c := inboxStore(t)
	// A reply from the contact's private address, in the thread of our mail.
	b := SyncBatch{Mailbox: "INBOX", UIDValidity: 7, LastUID: 1, Rep: "Robin Maes", Items: []InboxItem{
		item(1, "anna.private@mail.example", "r1@mail.example", InboxItem{Class: contacts.ReplyObjection, Stop: contacts.ReplyObjection}, "sent-1@northwind.example"),
	}}
	res, err := s.SaveSyncBatch(ctx, b)
	if err != nil || res.New != 1 || res.Acted[contacts.ReplyObjection] != 1 {
		t.Fatalf("SaveSyncBatch() = %+v, %v", res, err)
	}
	got, err := s.Contact(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != contacts.Objected || !got.Suppressed {
		t.Errorf("contact status %s suppressed %v, want objected and suppressed", got.Status, got.Suppressed)
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		for _, a := range []string{"anna@kraftwerk.example", "Anna.Private@mail.example"} {
			if ok, err := tx.IsSuppressed(a); err != nil || !ok {
				t.Errorf("%s suppressed = %v, %v; want true", a, ok, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := eventCount(t, s, EventOptOut, c.Ref); n != 1 {
		t.Errorf("%d opt_out events, want 1", n)
	}
	replies, err := s.RepliesOf(ctx, c.ID)
	if err != nil || len(replies) != 1 || replies[0].MatchedBy != "thread" {
		t.Errorf("RepliesOf() = %+v, %v; want one reply matched by thread", replies, err)
	}
	if v, last, err := s.SyncState(ctx, "INBOX"); err != nil || v != 7 || last != 1 {
		t.Errorf("SyncState() = %d, %d, %v; want 7, 1", v, last, err)
	}
	// The same reply again (a rescan) changes nothing.
	res, err = s.SaveSyncBatch(ctx, b)
	if err != nil || res.New != 0 || res.Duplicates != 1 || eventCount(t, s, EventOptOut, c.Ref) != 1 {
		t.Errorf("second save = %+v, %v; want one duplicate and no new event", res, err)
	}
}

func TestSaveSyncBatchBounce(t *testing.T) {
	ctx := context.Background()
	s, c := inboxStore(t)
	_, err := s.SaveSyncBatch(ctx, SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 1, Items: []InboxItem{
		item(1, "mailer-daemon@mx.example", "dsn@mx.example", InboxItem{Class: contacts.ReplyBounce, FailedRecipient: "Anna@kraftwerk.example"}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Contact(ctx, c.ID)
	if got.Status != contacts.Undeliverable || !got.Suppressed {
		t.Errorf("after bounce: status %s suppressed %v, want undeliverable and suppressed", got.Status, got.Suppressed)
	}
	if eventCount(t, s, EventSuppression, c.Ref) != 1 {
		t.Errorf("no suppression event for the bounce")
	}
}

func TestDecideConsent(t *testing.T) {
	ctx := context.Background()
	s, c := inboxStore(t)
	_, err := s.SaveSyncBatch(ctx, SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 2, Items: []InboxItem{
		item(1, "anna@kraftwerk.example", "yes@kraftwerk.example", InboxItem{Class: contacts.ReplyConsent, Purpose: contacts.ConsentTracking}),
		item(2, "anna@kraftwerk.example", "yes2@kraftwerk.example", InboxItem{Class: contacts.ReplyConsent, Purpose: contacts.ConsentMarketing}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	props, err := s.PendingConsents(ctx)
	if err != nil || len(props) != 2 {
		t.Fatalf("PendingConsents() = %+v, %v", props, err)
	}
	if got, _ := s.Contact(ctx, c.ID); len(got.Consents) != 0 || eventCount(t, s, EventConsent, c.Ref) != 0 {
		t.Fatalf("consent recorded before confirmation")
	}
	if err := s.DecideConsent(ctx, props[0].ID, true, "Robin Maes"); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideConsent(ctx, props[1].ID, false, "Robin Maes"); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideConsent(ctx, props[0].ID, true, "Robin Maes"); !errors.Is(err, ErrNotFound) {
		t.Errorf("deciding twice = %v, want ErrNotFound", err)
	}
	got, _ := s.Contact(ctx, c.ID)
	if len(got.Consents) != 1 || got.Consents[0].Purpose != contacts.ConsentTracking || got.Consents[0].Reference != "yes@kraftwerk.example" {
		t.Errorf("consents = %+v, want one tracking consent with the reply's Message-ID", got.Consents)
	}
	if n := eventCount(t, s, EventConsent, c.Ref); n != 1 {
		t.Errorf("%d consent events, want 1", n)
	}
	if props, _ := s.PendingConsents(ctx); len(props) != 0 {
		t.Errorf("%d consents still pending", len(props))
	}
}

func TestUnknownSenderNotActedOn(t *testing.T) {
	ctx := context.Background()
	s, _ := inboxStore(t)
	res, err := s.SaveSyncBatch(ctx, SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 1, Items: []InboxItem{
		item(1, "who@nowhere.example", "u@nowhere.example", InboxItem{Class: contacts.ReplyErasure, Stop: contacts.ReplyOptOut}),
	}})
	if err != nil || res.Unknown != 1 || len(res.Acted) != 0 {
		t.Fatalf("SaveSyncBatch() = %+v, %v; want one unknown, nothing acted on", res, err)
	}
	if reqs, _ := s.OpenRequests(ctx); len(reqs) != 0 {
		t.Errorf("request queued for an unknown sender")
	}
	if list, _ := s.ListInbox(ctx, 10); len(list) != 1 || list[0].ContactID != 0 || list[0].Sender != "who@nowhere.example" {
		t.Errorf("ListInbox() = %+v, want the unknown reply listed", list)
	}
}

func TestReplyRestartsRetentionClock(t *testing.T) {
	ctx := context.Background()
	s, c := inboxStore(t)
	_, err := s.SaveSyncBatch(ctx, SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 2, Items: []InboxItem{
		item(1, "anna@kraftwerk.example", "ooo@kraftwerk.example", InboxItem{Class: contacts.ReplyOutOfOffice}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	act, err := s.Activity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a := act[c.ID]; a.LastReply != nil {
		t.Errorf("an out-of-office reply set the last reply to %v; only a person's answer counts", a.LastReply)
	}
	_, err = s.SaveSyncBatch(ctx, SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 3, Items: []InboxItem{
		item(3, "anna@kraftwerk.example", "re@kraftwerk.example", InboxItem{Class: contacts.ReplyOther}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if act, _ = s.Activity(ctx); act[c.ID].LastReply == nil || !act[c.ID].LastReply.Equal(inboxNow.Add(-time.Hour)) {
		t.Errorf("last reply = %v after a reply, want %v", act[c.ID].LastReply, inboxNow.Add(-time.Hour))
	}
}

// TestAnsweringClosesRequests queues an access and an erasure request from
// the same person: the export answers the first, the erasure the second,
// and each log event says so.
func TestAnsweringClosesRequests(t *testing.T) {
	ctx := context.Background()
	s, c := inboxStore(t)
	_, err := s.SaveSyncBatch(ctx, SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 2, Items: []InboxItem{
		item(1, "anna@kraftwerk.example", "what@kraftwerk.example", InboxItem{Class: contacts.ReplyAccess}),
		item(2, "anna@kraftwerk.example", "gone@kraftwerk.example", InboxItem{Class: contacts.ReplyErasure}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if reqs, _ := s.OpenRequests(ctx); len(reqs) != 2 {
		t.Fatalf("%d open requests, want 2", len(reqs))
	}
	if n, err := s.LogExport(ctx, c, "Robin Maes", false); err != nil || n != 0 {
		t.Fatalf("LogExport(shown only) = %d, %v; want the request left open", n, err)
	}
	if reqs, _ := s.OpenRequests(ctx); len(reqs) != 2 {
		t.Fatalf("%d open requests after an export that was only shown, want 2", len(reqs))
	}
	n, err := s.LogExport(ctx, c, "Robin Maes", true)
	if err != nil || n != 1 {
		t.Fatalf("LogExport() = %d, %v; want the access request answered", n, err)
	}
	reqs, _ := s.OpenRequests(ctx)
	if len(reqs) != 1 || reqs[0].Kind != contacts.ReplyErasure {
		t.Fatalf("open after the export: %+v, want only the erasure request", reqs)
	}
	if n, _ := s.LogExport(ctx, c, "Robin Maes", true); n != 0 {
		t.Errorf("a second export answered %d requests, want 0", n)
	}
	if _, err := s.Erase(ctx, c.ID, "Robin Maes", ErasureRequest); err != nil {
		t.Fatal(err)
	}
	if reqs, _ := s.OpenRequests(ctx); len(reqs) != 0 {
		t.Errorf("open after the erasure: %+v, want none", reqs)
	}
	var kept int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM rights_requests
		WHERE contact_ref = ? AND contact_id IS NULL AND answered_at IS NOT NULL`, c.Ref).Scan(&kept); err != nil {
		t.Fatal(err)
	}
	if kept != 2 {
		t.Errorf("%d answered requests kept under the ref after the erasure, want both", kept)
	}
	var answered int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM events WHERE contact_ref = ? AND kind IN ('export', 'erasure')
		AND json_extract(details, '$.requests_answered') = '1'`, c.Ref).Scan(&answered); err != nil {
		t.Fatal(err)
	}
	if answered != 2 {
		t.Errorf("%d export or erasure events say they answered a request, want 2", answered)
	}
}

// TestAnswerRequestNeedsErasureForErasure: an erasure request of a contact
// still held cannot be marked answered by hand; an access request can, and
// once the person is erased their other open requests can too.
func TestAnswerRequestNeedsErasureForErasure(t *testing.T) {
	ctx := context.Background()
	s, c := inboxStore(t)
	_, err := s.SaveSyncBatch(ctx, SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 2, Items: []InboxItem{
		item(1, "anna@kraftwerk.example", "gone@kraftwerk.example", InboxItem{Class: contacts.ReplyErasure}),
		item(2, "anna@kraftwerk.example", "what@kraftwerk.example", InboxItem{Class: contacts.ReplyAccess}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	reqs, _ := s.OpenRequests(ctx)
	var erasure, access int64
	for _, r := range reqs {
		if r.Kind == contacts.ReplyErasure {
			erasure = r.ID
		} else {
			access = r.ID
		}
	}
	if err := s.AnswerRequest(ctx, erasure, "Robin Maes"); !errors.Is(err, ErrNotFound) {
		t.Errorf("marking an erasure request of a held contact answered = %v, want it refused", err)
	}
	if asked, _ := s.ErasureAsked(ctx, c.ID); asked == nil {
		t.Error("the erasure request was closed without an erasure")
	}
	if err := s.AnswerRequest(ctx, access, "Robin Maes"); err != nil {
		t.Errorf("marking the access request answered = %v", err)
	}
	if err := s.AnswerRequest(ctx, access, "Robin Maes"); !errors.Is(err, ErrNotFound) {
		t.Errorf("marking it twice = %v, want ErrNotFound", err)
	}
	if n := eventCount(t, s, EventAnswered, c.Ref); n != 1 {
		t.Errorf("%d request_answered events, want 1", n)
	}
}
