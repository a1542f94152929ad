package ui

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"legit/contacts"
	"legit/notice"
	"legit/outreach"
	"legit/outreach/usecase"
	"legit/store"
)

// inboxItem builds a classified reply as sync would hand it to the store.
func inboxItem(uid uint32, from, id, subject, body string, hoursAgo int) store.InboxItem {
	r := outreach.Reply{MessageID: id, From: from, Subject: subject, Text: body, ContentType: "text/plain",
		Date: testNow.Add(-time.Duration(hoursAgo) * time.Hour)}
	return outreach.NewInboxItem(uid, r)
}

// inboxDeps is the demo database with a synced inbox, and a Sync that
// delivers more replies.
func inboxDeps(t *testing.T) Deps {
	t.Helper()
	d := demoDeps(t)
	items := outreach.DemoReplies(testNow)
	_, err := storeOf(d).SaveSyncBatch(context.Background(), store.SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 6, Rep: testRep, Items: items})
	if err != nil {
		t.Fatalf("seed inbox: %v", err)
	}
	d.Sync = func(ctx context.Context, progress func(outreach.SyncProgress)) (outreach.SyncResult, error) {
		progress(outreach.SyncProgress{Mailbox: "INBOX", Done: 0, Total: 1})
		more := []store.InboxItem{inboxItem(7, "eva.novak@ljubljana-labs.example", "r7@ljubljana.example", "Re: Route planning", "Please remove me from your list.", 1)}
		br, err := storeOf(d).SaveSyncBatch(ctx, store.SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 7, Rep: testRep, Items: more})
		progress(outreach.SyncProgress{Mailbox: "INBOX", Done: 1, Total: 1})
		return outreach.SyncResult{Mailbox: "INBOX", Fetched: 1, New: br.New, Acted: br.Acted}, err
	}
	return d
}

func TestInboxGolden(t *testing.T) {
	t.Parallel()
	tm := startApp(t, inboxDeps(t), 80, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	_, screen := finalScreen(t, tm)
	requireGolden(t, "inbox_replies_80x24", screen)
}

func TestInboxWide(t *testing.T) {
	t.Parallel()
	tm := startApp(t, inboxDeps(t), 120, 30, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	_, screen := finalScreen(t, tm)
	requireGolden(t, "inbox_replies_120x30", screen)
}

func TestInboxRequestsTab(t *testing.T) {
	t.Parallel()
	tm := startApp(t, inboxDeps(t), 80, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	press(tm, "tab")
	waitFor(t, tm, "Answer by")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "inbox_requests", screen)
	v := m.top().(*inbox)
	if len(v.requests) != 2 {
		t.Fatalf("%d requests, want erasure and access", len(v.requests))
	}
	for _, r := range v.requests {
		if !r.DueAt.Equal(notice.MonthAfter(r.ReceivedAt)) {
			t.Errorf("%s due %v, want one month after %v", r.Kind, r.DueAt, r.ReceivedAt)
		}
	}
	if !strings.Contains(screen, "29d left") {
		t.Errorf("requests screen does not show the days left:\n%s", screen)
	}
}

func TestInboxConfirmConsent(t *testing.T) {
	t.Parallel()
	d := inboxDeps(t)
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	press(tm, "tab", "tab")
	waitFor(t, tm, "confirm consent")
	press(tm, "y")
	waitFor(t, tm, "recorded, with the reply")
	// The note comes before the lists reload: wait for the reloaded list
	// (Georgi's proposal was the only one), or the program may quit first.
	waitOnScreen(t, tm, regexp.MustCompile(`Consents 0[\s\S]*No consent waits for your confirmation\.`))
	_, screen := finalScreen(t, tm)
	requireGolden(t, "inbox_consent_confirmed", screen)
	list, err := d.Store.ListContacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.Email != "g.ivanov@balkanfreight.example" {
			continue
		}
		k, ok := c.ActiveConsent(contacts.ConsentMarketing)
		if !ok || k.Reference != "r3@balkanfreight.example" || k.ReplyText == "" {
			t.Errorf("Georgi's consents = %+v, want marketing with evidence r3@balkanfreight.example", c.Consents)
		}
	}
}

func TestInboxSyncProgressAndResult(t *testing.T) {
	t.Parallel()
	d := inboxDeps(t)
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	press(tm, "s")
	waitFor(t, tm, "Synced: 1 new replies · 1 opt-out.")
	waitOnScreen(t, tm, regexp.MustCompile(`Please remove me from your list\.`)) // the list reloads after the status
	m, screen := finalScreen(t, tm)
	requireGolden(t, "inbox_after_sync", screen)
	if v := m.top().(*inbox); len(v.replies) != 7 || v.syncing {
		t.Errorf("after sync: %d replies, syncing %v; want 7 and done", len(v.replies), v.syncing)
	}
}

func TestInboxSyncCancel(t *testing.T) {
	t.Parallel()
	d := inboxDeps(t)
	started := make(chan struct{})
	d.Sync = func(ctx context.Context, progress func(outreach.SyncProgress)) (outreach.SyncResult, error) {
		progress(outreach.SyncProgress{Mailbox: "INBOX", Done: 500, Total: 2000})
		close(started)
		<-ctx.Done()
		return outreach.SyncResult{Mailbox: "INBOX", Fetched: 500}, ctx.Err()
	}
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	press(tm, "s")
	<-started
	// The progress bar's cells may be redrawn only in part: wait on the
	// screen, not the output.
	waitOnScreen(t, tm, regexp.MustCompile(`Syncing INBOX .* 500/2000`))
	press(tm, "esc")
	waitFor(t, tm, "Sync cancelled: 500 messages kept")
	m, _ := finalScreen(t, tm)
	if v, ok := m.top().(*inbox); !ok || v.syncing {
		t.Errorf("after esc the screen is %T (syncing %v), want the inbox, not syncing", m.top(), ok && v.syncing)
	}
}

func TestInboxNoIMAP(t *testing.T) {
	t.Parallel()
	d := inboxDeps(t)
	d.Sync = nil
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "3", "s")
	waitFor(t, tm, "No IMAP server set up")
	_, screen := finalScreen(t, tm)
	if !strings.Contains(screen, "[imap]") {
		t.Errorf("no-IMAP message does not say what to add:\n%s", screen)
	}
}

func TestContactDetailReplies(t *testing.T) {
	t.Parallel()
	tm := startApp(t, inboxDeps(t), 80, 40, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	press(tm, "G", "enter")
	waitFor(t, tm, "Replies")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "contact_detail_replies", screen)
	if d, ok := m.top().(*contactDetail); !ok || len(d.replies) != 1 {
		t.Errorf("screen %T, want the contact detail with one reply", m.top())
	}
}

// TestInboxMarkRequestAnswered: a on Marie's access request opens the
// access screen; once her copy is saved and its delivery recorded the
// request is closed, logged under her ref as access given.
func TestInboxMarkRequestAnswered(t *testing.T) {
	t.Parallel()
	d := inboxDeps(t)
	d.ExportDir = t.TempDir()
	ctx := context.Background()
	tm := startApp(t, d, 100, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	press(tm, "tab")
	waitFor(t, tm, "29d left")
	press(tm, "j")
	press(tm, "a")
	waitOnScreen(t, tm, regexp.MustCompile(`Access › Marie Dubois`)) // the renderer may redraw only part of the title
	press(tm, "f")
	waitFor(t, tm, "Save the copy to")
	press(tm, "enter")
	waitFor(t, tm, "This answers nothing yet")
	press(tm, "d")
	waitFor(t, tm, "How did they get it?")
	tm.Type("by post")
	press(tm, "enter")
	waitFor(t, tm, "access request is answered")
	finalScreen(t, tm)
	reqs, err := d.Store.OpenRequests(ctx)
	if err != nil || len(reqs) != 1 || reqs[0].Kind != contacts.ReplyErasure {
		t.Fatalf("open requests = %+v, %v; want only Zofia's erasure request", reqs, err)
	}
	marie, _ := storeOf(d).ContactByEmail(ctx, "marie.dubois@atelier-lumiere.example")
	evs, err := d.Store.Log(ctx, store.LogFilter{Kind: store.EventExport, Limit: 5})
	if err != nil || len(evs) != 2 || evs[0].ContactRef != marie.Ref || evs[0].Details["delivered"] != "by post" || evs[0].Details["requests_answered"] != "1" {
		t.Errorf("export events = %+v, %v; want the save, then the delivery that answered the request, under Marie's ref", evs, err)
	}
}

// TestInboxOpenUnknownSender: enter on a reply from someone who is not a
// contact says so instead of doing nothing.
func TestInboxOpenUnknownSender(t *testing.T) {
	t.Parallel()
	tm := startApp(t, inboxDeps(t), 100, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	press(tm, "j", "enter") // the stranger's reply, second newest
	waitFor(t, tm, "someone@elsewhere.example is not a contact")
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*inbox); !ok {
		t.Errorf("screen in view is %T, want the inbox still", m.top())
	}
}

// TestInboxErasureRequestNeedsErasure: a on Zofia's erasure request does not
// close it: only erasing her does, and the screen says how.
func TestInboxErasureRequestNeedsErasure(t *testing.T) {
	t.Parallel()
	d := inboxDeps(t)
	tm := startApp(t, d, 100, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	press(tm, "tab")
	waitFor(t, tm, "28d left")
	press(tm, "a")
	waitFor(t, tm, "Only erasing answers this request")
	finalScreen(t, tm)
	if reqs, _ := d.Store.OpenRequests(context.Background()); len(reqs) != 2 {
		t.Errorf("%d open requests, want both still open", len(reqs))
	}
}

// TestInboxDeleteStrangersReply: D on a stranger's reply deletes it after
// asking; a contact's reply cannot be deleted this way.
func TestInboxDeleteStrangersReply(t *testing.T) {
	t.Parallel()
	d := inboxDeps(t)
	ctx := context.Background()
	tm := startApp(t, d, 100, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	press(tm, "D") // Anna's reply, newest: not a stranger's, nothing happens
	press(tm, "j", "D")
	waitFor(t, tm, "Delete the reply from someone@elsewhere.example")
	press(tm, "y")
	waitFor(t, tm, "Reply deleted")
	finalScreen(t, tm)
	list, err := d.Store.ListInbox(ctx, 50)
	if err != nil || len(list) != 5 {
		t.Fatalf("ListInbox() = %d, %v; want the 5 contacts' replies left", len(list), err)
	}
	for _, e := range list {
		if e.ContactID == 0 {
			t.Errorf("a stranger's reply is still held: %+v", e)
		}
	}
	if err := d.Store.DeleteStrangerReply(ctx, list[0].ID); err == nil {
		t.Error("DeleteStrangerReply() deleted a contact's reply")
	}
}

// TestInboxOpenReplyShowsIt: enter on a reply opens the contact scrolled to
// the replies, so the one the rep came for is in view.
func TestInboxOpenReplyShowsIt(t *testing.T) {
	t.Parallel()
	tm := startApp(t, inboxDeps(t), 80, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	press(tm, "enter") // Anna's reply, the newest
	waitFor(t, tm, "telefonieren")
	m, screen := finalScreen(t, tm)
	if _, ok := m.top().(*contactDetail); !ok {
		t.Fatalf("screen in view is %T, want the contact", m.top())
	}
	if !strings.Contains(screen, "Replies") || !strings.Contains(screen, "Können wir am Donnerstag telefonieren?") {
		t.Errorf("the reply is not in view:\n%s", screen)
	}
}

// TestInboxReassignRequest: r on a request lists who it can go to, the one
// answering now marked; enter gives it to the rep under the cursor, logged,
// and the Assignee column shows them.
func TestInboxReassignRequest(t *testing.T) {
	t.Parallel()
	d := inboxDeps(t)
	if _, err := d.Store.EnsureRep(context.Background(), "Sam Peeters", "sam@northwind.example"); err != nil {
		t.Fatal(err)
	}
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "3")
	waitFor(t, tm, "Who is this")
	press(tm, "tab")
	waitFor(t, tm, "r gives it to a colleague")
	press(tm, "r")
	waitOnScreen(t, tm, regexp.MustCompile(`Sam Peeters\s+sam@northwind\.example`))
	requireGolden(t, "inbox_reassign_picker", screenNow(tm))
	press(tm, "down", "enter")
	waitFor(t, tm, "Request #1 is now Sam Peeters's to answer (logged).")
	waitOnScreen(t, tm, regexp.MustCompile(`Zofia Łódź\s+Robin Maes\s+Sam Peeters`))
	_, screen := finalScreen(t, tm)
	requireGolden(t, "inbox_reassigned", screen)
	qs, err := d.Store.OpenRequests(context.Background())
	if err != nil || len(qs) != 2 || qs[0].Assignee.Name != "Sam Peeters" || qs[1].Assignee.Name != testRep {
		t.Errorf("requests after reassigning = %+v, %v", qs, err)
	}
}

// TestRequestTexts: how a request's contact is named, and what a colleague
// is told of an erasure that took their drafts (no name, no address).
func TestRequestTexts(t *testing.T) {
	at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		r    store.RightsRequest
		want string
	}{
		{store.RightsRequest{ContactID: 4, ContactRef: "c-1", ContactName: "Jan\x1b[31m", Owner: "Sam"}, "Jan"},
		{store.RightsRequest{ContactRef: "c-1"}, "erased (c-1)"},
		{store.RightsRequest{ContactRef: "c-1", Owner: "Sam Peeters"}, "c-1 (Sam Peeters's)"},
	} {
		if got := RequestWho(tc.r); got != tc.want {
			t.Errorf("RequestWho(%+v) = %q, want %q", tc.r, got, tc.want)
		}
	}
	for _, tc := range []struct {
		n    store.ErasureNotice
		want string
	}{
		{store.ErasureNotice{Ref: "c-9", Reason: store.ErasureRequest, ErasedAt: at, Drafts: 1},
			"A draft of yours to contact c-9 was removed: the person was erased on 3 Dec 2026 at their request."},
		{store.ErasureNotice{Ref: "c-9", Reason: store.ErasureRetention, ErasedAt: at, Drafts: 2, Queued: 1},
			"2 drafts and a queued message of yours to contact c-9 were removed: the person was erased on 3 Dec 2026 under the retention rule."},
		{store.ErasureNotice{Ref: "c-9", Reason: store.ErasureOverdue, ErasedAt: at, Queued: 3},
			"3 queued messages of yours to contact c-9 were removed: the person was erased on 3 Dec 2026 because the notice deadline passed."},
	} {
		if got := ErasureNoticeText(tc.n); got != tc.want {
			t.Errorf("ErasureNoticeText(%+v) =\n%q, want\n%q", tc.n, got, tc.want)
		}
	}
}

// TestErasureOutcomeAcross: what an erasure did beyond the contact asked
// about is said after it: the other rows, colleagues' drafts, and who still
// holds the person where the rep may not erase.
func TestErasureOutcomeAcross(t *testing.T) {
	e := usecase.Erased{Erasure: store.Erasure{Ref: "c-1", Others: []string{"c-2"}, ColleagueDrafts: 2, Told: 1,
		Elsewhere: []string{"Sam Peeters", "Lena Lead"}}}
	want := "Also erased 1 other contact that held one of their addresses (c-2). " +
		"2 colleagues' drafts or queued emails to them went too; 1 colleague is told, without the person's details. " +
		"Still held by Sam Peeters and Lena Lead in a contact you may not erase: ask a lead or the DPO to erase the person there too."
	if got := ErasureOutcome(e); got != want {
		t.Errorf("ErasureOutcome() =\n%q, want\n%q", got, want)
	}
	if got := ErasureOutcome(usecase.Erased{Erasure: store.Erasure{Ref: "c-1"}}); got != "" {
		t.Errorf("ErasureOutcome() of a plain erasure = %q, want nothing", got)
	}
}

// TestErasurePlanNamesOtherContacts: the erasure question names the
// person's other contacts it takes, and says a colleague whose draft goes
// is told.
func TestErasurePlanNamesOtherContacts(t *testing.T) {
	r := contacts.Record{Contact: contacts.Contact{Name: "Ines Neu", Email: "ines.neu@unikat.example", Ref: "c-1"},
		Others: []contacts.Record{{Contact: contacts.Contact{Name: "Ines Altmann", Ref: "c-2"},
			Messages: []contacts.MessageRecord{{Subject: "Hallo", State: "draft"}}}}}
	plan := ErasurePlan(r, usecase.MailboxPlan{})
	for _, want := range []string{"It also erases 1 other contact in the organisation that holds one of their addresses, with everything held there: Ines Altmann (c-2).",
		"a colleague whose draft goes is told so, by the contact's reference only"} {
		if !strings.Contains(plan, want) {
			t.Errorf("ErasurePlan() lacks %q:\n%s", want, plan)
		}
	}
	r.Others = nil
	if plan := ErasurePlan(r, usecase.MailboxPlan{}); strings.Contains(plan, "also erases") || strings.Contains(plan, "colleague") {
		t.Errorf("ErasurePlan() of one contact speaks of others:\n%s", plan)
	}
}
