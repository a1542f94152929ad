package store

import (
	"context"
	"testing"
	"time"

	"legit/contacts"
)

func TestMarkSentRecordsEverythingOrNothing(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	st := openTestStore(t)
	defer st.Close()
	st.SetClock(func() time.Time { return now })
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
	events := func() int {
		var n int
		if err := st.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE kind IN ('send', 'notice')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	id, err := st.SaveDraft(ctx, Message{ContactID: c.ID, RepID: rep.ID, Subject: "Hi", Body: "Hello Anna"})
	if err != nil {
		t.Fatal(err)
	}
	rec := SentRecord{ID: id, ContactID: c.ID, ContactRef: c.Ref, Rep: rep.Name, MessageID: "m1@x", At: now, LongNotice: true, Transport: "outbox"}
	if err := st.MarkSent(ctx, rec); err == nil {
		t.Fatal("MarkSent on a draft succeeded, want an error")
	}
	if n := events(); n != 0 {
		t.Fatalf("%d events after a refused MarkSent, want 0", n)
	}
	if err := st.MarkSending(ctx, Message{ID: id, MessageID: "m1@x", Subject: "Hi", Body: "Hello Anna", NoticeForm: "long", Transport: "outbox"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveDraft(ctx, Message{ID: id, Subject: "changed"}); err == nil {
		t.Error("SaveDraft changed a message being sent")
	}
	if err := st.MarkSent(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if n := events(); n != 2 {
		t.Errorf("%d send/notice events, want 2", n)
	}
	after, _ := st.Contact(ctx, c.ID)
	if after.InformedAt == nil || !after.InformedAt.Equal(now) {
		t.Errorf("informed at %v, want %v", after.InformedAt, now)
	}
	if n, _ := st.FirstContactsSince(ctx, rep.ID, now.Add(-time.Hour)); n != 1 {
		t.Errorf("first contacts today = %d, want 1", n)
	}
	if bodies, _ := st.RecentBodies(ctx, rep.ID, now.AddDate(0, 0, -30)); len(bodies) != 1 || bodies[0].Name != "Anna" {
		t.Errorf("recent bodies = %+v", bodies)
	}
}
