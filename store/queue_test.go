package store

import (
	"context"
	"testing"
	"time"

	"legit/contacts"
)

// queueFixture opens a store (either engine) with a rep and one contact.
func queueFixture(t *testing.T, now *time.Time) (*Store, Rep, contacts.Contact) {
	t.Helper()
	ctx := context.Background()
	st := openTestStore(t)
	t.Cleanup(func() { _ = st.Close() })
	st.SetClock(func() time.Time { return *now })
	rep, err := st.EnsureRep(ctx, "Robin", "robin@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	var c contacts.Contact
	err = st.InTx(ctx, func(tx *Tx) error {
		c, err = tx.AddContact(contacts.Contact{Name: "Anna", Email: "anna@polder.example"}, rep.Name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, rep, c
}

// logKinds counts the log's events of each kind (with outcome).
func logKinds(t *testing.T, st *Store) map[string]int {
	t.Helper()
	es, err := st.Log(context.Background(), LogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range es {
		k := string(e.Kind)
		if o := e.Details["outcome"]; o != "" {
			k += ":" + o
		}
		out[k]++
	}
	return out
}

func TestQueuedStates(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	st, rep, c := queueFixture(t, &now)
	id, err := st.SaveDraft(ctx, Message{ContactID: c.ID, RepID: rep.ID, Subject: "Hi", Body: "Hello Anna"})
	if err != nil {
		t.Fatal(err)
	}
	m := Message{ID: id, ContactRef: c.Ref, MessageID: "q1@x", Subject: "Hi", Body: "Hello Anna", NoticeForm: "long", Confirmed: "about their job"}
	if err := st.MarkQueued(ctx, m, rep.Name); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkQueued(ctx, m, rep.Name); err == nil {
		t.Error("queued the same message twice")
	}
	if _, ok, _ := st.Draft(ctx, c.ID, rep.ID); ok {
		t.Error("a queued message is offered as a draft")
	}
	if _, err := st.SaveDraft(ctx, Message{ID: id, Subject: "changed"}); err == nil {
		t.Error("SaveDraft changed a queued message")
	}
	q, err := st.Queued(ctx, rep.ID)
	if err != nil || len(q) != 1 || q[0].State != StateQueued || !q[0].QueuedAt.Equal(now) || q[0].Confirmed != "about their job" || q[0].Kind != KindEmail {
		t.Fatalf("Queued() = %+v, %v", q, err)
	}
	if sent, doubt, _ := st.SendCounts(ctx, c.ID); sent != 0 || doubt != 0 {
		t.Errorf("SendCounts = %d, %d for a queued message, want 0, 0", sent, doubt)
	}
	if after, _ := st.Contact(ctx, c.ID); after.InformedAt != nil {
		t.Error("queued message informed the contact")
	}
	recent, err := st.RecentBodies(ctx, rep.ID, now.Add(-time.Hour))
	if err != nil || len(recent) != 1 || !recent[0].SentAt.Equal(now) {
		t.Errorf("RecentBodies = %+v, %v; want the queued message (the not-bulk rule compares it)", recent, err)
	}
	if got := logKinds(t, st); got["queued"] != 1 || got["send"] != 0 || got["notice"] != 0 {
		t.Errorf("log = %v, want one queued event and no send", got)
	}

	if err := st.HoldQueued(ctx, id, "daily cap"); err != nil {
		t.Fatal(err)
	}
	if q, _ := st.Queued(ctx, rep.ID); len(q) != 1 || q[0].QueueReason != "daily cap" {
		t.Errorf("after HoldQueued: %+v", q)
	}

	// Delivery: queued → sending (one client only) → back to queued on a
	// certain failure → sending → sent.
	lease := now.Add(2 * time.Minute)
	m.Client, m.LeaseUntil, m.Transport = "client-a", lease, "smtp"
	if err := st.MarkSending(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSending(ctx, m); err == nil {
		t.Error("a second client reserved a message being sent")
	}
	if err := st.Requeue(ctx, id, "server unreachable"); err != nil {
		t.Fatal(err)
	}
	if q, _ := st.Queued(ctx, rep.ID); len(q) != 1 || q[0].QueueReason != "server unreachable" {
		t.Errorf("after Requeue: %+v", q)
	}
	if err := st.MarkSending(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSent(ctx, SentRecord{ID: id, ContactID: c.ID, ContactRef: c.Ref, Rep: rep.Name, MessageID: "q1@x", At: now, LongNotice: true, Transport: "smtp"}); err != nil {
		t.Fatal(err)
	}
	if q, _ := st.Queued(ctx, rep.ID); len(q) != 0 {
		t.Errorf("still queued after sent: %+v", q)
	}
	if got := logKinds(t, st); got["queued"] != 1 || got["send"] != 1 || got["notice"] != 1 {
		t.Errorf("log = %v, want queued, then send and notice", got)
	}
}

func TestUnqueueReturnsToDraftsAndLogsNotSent(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	st, rep, c := queueFixture(t, &now)
	id, err := st.SaveDraft(ctx, Message{ContactID: c.ID, RepID: rep.ID, Subject: "Hi", Body: "Hello Anna"})
	if err != nil {
		t.Fatal(err)
	}
	m := Message{ID: id, ContactRef: c.Ref, MessageID: "q2@x", Subject: "Hi", Body: "Hello Anna", NoticeForm: "long"}
	if err := st.MarkQueued(ctx, m, rep.Name); err != nil {
		t.Fatal(err)
	}
	if err := st.Unqueue(ctx, m, "opted out meanwhile", rep.Name); err != nil {
		t.Fatal(err)
	}
	d, ok, err := st.Draft(ctx, c.ID, rep.ID)
	if err != nil || !ok || d.ID != id || d.State != StateFailed || d.Error != "opted out meanwhile" {
		t.Errorf("Draft() = %+v, %v, %v; want the message back with the reason", d, ok, err)
	}
	if got := logKinds(t, st); got["queued:not_sent"] != 1 {
		t.Errorf("log = %v, want the not-sent record", got)
	}
	if err := st.Unqueue(ctx, m, "again", rep.Name); err == nil {
		t.Error("took a message out of the queue twice")
	}
}

func TestAccessCopyIsNotOutreach(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	st, rep, c := queueFixture(t, &now)
	id, err := st.SaveDraft(ctx, Message{ContactID: c.ID, RepID: rep.ID, Subject: "Your data", Body: "Attached", Kind: KindAccess})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSending(ctx, Message{ID: id, MessageID: "a1@x", Subject: "Your data", Body: "Attached", NoticeForm: "long", Transport: "smtp", Kind: KindAccess}); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSent(ctx, SentRecord{ID: id, ContactID: c.ID, ContactRef: c.Ref, Rep: rep.Name, MessageID: "a1@x", At: now, Transport: "smtp", Kind: string(KindAccess)}); err != nil {
		t.Fatal(err)
	}
	if sent, _, _ := st.SendCounts(ctx, c.ID); sent != 0 {
		t.Errorf("an access copy counts as %d earlier email(s)", sent)
	}
	if n, _ := st.FirstContactsSince(ctx, rep.ID, now.Add(-time.Hour)); n != 0 {
		t.Errorf("an access copy counts as %d first contact(s)", n)
	}
	if r, _ := st.RecentBodies(ctx, rep.ID, now.Add(-time.Hour)); len(r) != 0 {
		t.Errorf("an access copy is compared by the not-bulk rule: %+v", r)
	}
	if _, ok, _ := st.Draft(ctx, c.ID, rep.ID); ok {
		t.Error("an access copy is offered as a draft")
	}
}

func TestRecoverableLeavesALiveLeaseAlone(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	st, rep, c := queueFixture(t, &now)
	id, err := st.SaveDraft(ctx, Message{ContactID: c.ID, RepID: rep.ID, Subject: "Hi", Body: "Hello Anna"})
	if err != nil {
		t.Fatal(err)
	}
	m := Message{ID: id, ContactRef: c.Ref, MessageID: "l1@x", Subject: "Hi", Body: "Hello Anna", Transport: "smtp",
		Client: "client-a", LeaseUntil: now.Add(2 * time.Minute)}
	if err := st.MarkSending(ctx, m); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		client string
		at     time.Time
		want   int
	}{
		{"client-a", now, 1},                      // its own
		{"client-b", now, 0},                      // a colleague's, in progress
		{"client-b", now.Add(3 * time.Minute), 1}, // the lease ran out
	} {
		got, err := st.Recoverable(ctx, rep.ID, tt.client, tt.at)
		if err != nil || len(got) != tt.want {
			t.Errorf("Recoverable(%s, %s) = %d, %v; want %d", tt.client, tt.at.Format(time.Kitchen), len(got), err, tt.want)
		}
	}
	// A colleague's client never takes the send for its own, even once the
	// lease ran out: it waits for the rep who made it.
	if got, err := st.Recoverable(ctx, rep.ID+1, "client-b", now.Add(3*time.Minute)); err != nil || len(got) != 0 {
		t.Errorf("Recoverable for another rep after the lease = %d, %v; want 0", len(got), err)
	}
	if err := st.RenewLease(ctx, id, "client-a", now.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Recoverable(ctx, rep.ID, "client-b", now.Add(3*time.Minute)); len(got) != 0 {
		t.Errorf("after renewal: %d recoverable by B, want 0", len(got))
	}
	msg, _ := st.Message(ctx, id)
	if err := st.ResolveNotSent(ctx, msg, "the rep said it did not go out", "Kim"); err != nil {
		t.Fatal(err)
	}
	es, _ := st.Log(ctx, LogFilter{Kind: EventSendResolved})
	if len(es) != 1 || es[0].Rep != "Kim" || es[0].Details["outcome"] != "not_sent" {
		t.Errorf("resolution log = %+v, want one not_sent by Kim", es)
	}
}
