package ui

import (
	"context"
	"strings"
	"testing"

	"legit/contacts"
	"legit/store"
)

// TestOptOutFormRecordsAnObjectionByPhone: o on a contact, choose objection
// and phone, type a note, ctrl+s; the contact is suppressed and objected,
// and the contact screen says so.
func TestOptOutFormRecordsAnObjectionByPhone(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := openByName(t, d, "Pieter")
	press(tm, "o")
	waitFor(t, tm, "Came by")
	press(tm, "right") // objection
	press(tm, "tab")   // how it came: phone is the first
	press(tm, "tab")
	tm.Type("call of 3 Dec")
	press(tm, "ctrl+s")
	waitFor(t, tm, "never written to again")
	m, screen := finalScreen(t, tm)
	if _, ok := m.top().(*contactDetail); !ok {
		t.Errorf("after recording, screen in view is %T, want the contact", m.top())
	}
	if !strings.Contains(screen, "suppression list") {
		t.Errorf("the contact screen does not say what was recorded:\n%s", screen)
	}
	list, err := d.Store.ListContacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if strings.HasPrefix(c.Name, "Pieter") && (c.Status != contacts.Objected || !c.Suppressed) {
			t.Errorf("%s: status %s, suppressed %v; want objected and suppressed", c.Name, c.Status, c.Suppressed)
		}
	}
}

// TestInboxReviewsAnUnsureReply: a reply the classifier was not sure about
// holds sends; y on it in the inbox makes it an opt-out.
func TestInboxReviewsAnUnsureReply(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	ctx := context.Background()
	jan, err := storeOf(d).ContactByEmail(ctx, "jan.devries@polderdata.example")
	if err != nil {
		t.Fatal(err)
	}
	_, err = storeOf(d).SaveSyncBatch(ctx, store.SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 1, Rep: testRep, Items: []store.InboxItem{{
		UID: 1, MessageID: "maybe@polderdata.example", From: jan.Email, Subject: "Re: routes", Date: testNow,
		Class: contacts.ReplyOptOut, Stop: contacts.ReplyOptOut, Unsure: true, Phrase: "remove", Snippet: "please remove this from the thread",
	}}})
	if err != nil {
		t.Fatal(err)
	}
	tm := startApp(t, d, 100, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "sends are held")
	press(tm, "y")
	waitFor(t, tm, "opted out: on the suppression list")
	_, screen := finalScreen(t, tm)
	got, err := d.Store.Contact(ctx, jan.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Suppressed || got.Status != contacts.OptedOut {
		t.Errorf("after y: status %s, suppressed %v\n%s", got.Status, got.Suppressed, screen)
	}
}

// TestComposeDoesNotOpenForAnObjector: c on a contact who objected says why
// and stays on the contact: no editor that could never send.
func TestComposeDoesNotOpenForAnObjector(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := openByName(t, d, "Clara")
	press(tm, "c")
	waitFor(t, tm, "legit never writes to them again")
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*contactDetail); !ok {
		t.Errorf("screen in view is %T, want the contact (compose must not open)", m.top())
	}
}
