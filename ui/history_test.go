package ui

import (
	"context"
	"strings"
	"testing"

	"legit/store"
)

// TestHistoryShowsSentAndReceived: Georgi's history lists the email sent to
// him and his reply, newest first; enter opens the email's text.
func TestHistoryShowsSentAndReceived(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	ctx := context.Background()
	rep, err := d.Store.EnsureRep(ctx, testRep, "robin.maes@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	georgi, err := storeOf(d).ContactByEmail(ctx, "g.ivanov@balkanfreight.example")
	if err != nil {
		t.Fatal(err)
	}
	id, err := d.Store.SaveDraft(ctx, store.Message{ContactID: georgi.ID, RepID: rep.ID, Subject: "Route planning", Body: "Hello Georgi,\nhow do you plan routes to Plovdiv?\nRobin"})
	if err != nil {
		t.Fatal(err)
	}
	m := store.Message{ID: id, ContactID: georgi.ID, RepID: rep.ID, MessageID: "<h1@northwind.example>", Subject: "Route planning",
		Body: "Hello Georgi,\nhow do you plan routes to Plovdiv?\nRobin", Transport: "outbox"}
	if err := storeOf(d).MarkSending(ctx, m); err != nil {
		t.Fatal(err)
	}
	sent := testNow.AddDate(0, 0, -3)
	if err := storeOf(d).MarkSent(ctx, store.SentRecord{ID: id, ContactID: georgi.ID, ContactRef: georgi.Ref, Rep: testRep,
		MessageID: m.MessageID, At: sent, Transport: "outbox"}); err != nil {
		t.Fatal(err)
	}
	_, err = storeOf(d).SaveSyncBatch(ctx, store.SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 1, Rep: testRep, Items: []store.InboxItem{{
		UID: 1, MessageID: "r@balkanfreight.example", From: georgi.Email, Subject: "Re: Route planning", Date: testNow.AddDate(0, 0, -1),
		Class: "other", Snippet: "Thanks, call me next week."}}})
	if err != nil {
		t.Fatal(err)
	}
	tm := openByName(t, d, "Georgi")
	press(tm, "h")
	waitFor(t, tm, "→ sent")
	press(tm, "j", "enter")
	waitFor(t, tm, "Plovdiv")
	fm, screen := finalScreen(t, tm)
	if _, ok := fm.top().(*textView); !ok {
		t.Fatalf("screen in view is %T, want the message", fm.top())
	}
	if !strings.Contains(screen, "Sent 20 Nov 2026") {
		t.Errorf("message view lacks its date:\n%s", screen)
	}
	h := fm.stack[len(fm.stack)-2].(*history)
	if len(h.items) != 2 || h.items[0].out || !h.items[1].out {
		t.Errorf("history = %+v, want the reply first, then the sent email", h.items)
	}
}
