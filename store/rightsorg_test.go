package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

// queueMessage saves a draft by rep to contact id and, when queued, puts it
// in the outbox with Message-ID msgID, as a send without a mail server does.
func queueMessage(t *testing.T, s *Store, contactID, rep int64, repName, msgID string, queued bool) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := s.SaveDraft(ctx, Message{ContactID: contactID, RepID: rep, Subject: "Hello", Body: "Dear Ines"})
	if err != nil {
		t.Fatalf("SaveDraft() = %v", err)
	}
	if queued {
		if err := s.MarkQueued(ctx, Message{ID: id, ContactID: contactID, RepID: rep, MessageID: msgID, Raw: []byte("To: x\r\n\r\nDear Ines"),
			Subject: "Hello", Body: "Dear Ines"}, repName); err != nil {
			t.Fatalf("MarkQueued() = %v", err)
		}
	}
	return id
}

// syncRequest saves a reply from addr read as a request of class, synced by
// rep.
func syncRequest(t *testing.T, s *Store, addr, rep string, uid uint32, class contacts.ReplyClass) {
	t.Helper()
	_, err := s.SaveSyncBatch(context.Background(), SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: uid, Rep: rep,
		Items: []InboxItem{{UID: uid, MessageID: "req-" + string(class) + "@zz-requests.example", From: addr,
			Date: rightsNow.Add(-time.Hour), Class: class, Snippet: "…"}}})
	if err != nil {
		t.Fatalf("SaveSyncBatch() = %v", err)
	}
}

// TestRequestQueueAssignee: a request goes to the rep whose sync received
// it, with its one-month deadline; it can be given to another rep, which
// is logged; an unknown rep, or a request that is not open, is refused.
func TestRequestQueueAssignee(t *testing.T) {
	ctx := context.Background()
	s := openRights(t)
	other, err := s.EnsureRep(ctx, "Sam Peeters", "sam@example.com")
	if err != nil {
		t.Fatal(err)
	}
	c := addRights(t, s, person("Jan Prospect", "jan@zz-requests.example"))
	syncRequest(t, s, c.Email, rightsRep, 1, contacts.ReplyAccess)
	qs, err := s.OpenRequests(ctx)
	if err != nil || len(qs) != 1 {
		t.Fatalf("OpenRequests() = %+v, %v; want one", qs, err)
	}
	q := qs[0]
	if q.Assignee.Name != rightsRep || q.Assignee.Email != "robin@example.com" {
		t.Errorf("assignee = %+v, want %s, who synced it", q.Assignee, rightsRep)
	}
	if q.Owner != rightsRep || q.ContactName != "Jan Prospect" || q.Hidden() || q.Erased() {
		t.Errorf("request = %+v: want the contact shown, held by %s", q, rightsRep)
	}
	if want := RequestDeadline(rightsNow.Add(-time.Hour)); !q.DueAt.Equal(want) || want.Month() != time.December {
		t.Errorf("due %v, want %v (one calendar month, Art. 12(3))", q.DueAt, want)
	}
	if ok, err := s.CanAssign(ctx); err != nil || !ok {
		t.Errorf("CanAssign() on one rep's file = %v, %v; want true", ok, err)
	}
	a, err := s.AssignRequest(ctx, q.ID, "Sam@Example.com", rightsRep)
	if err != nil {
		t.Fatalf("AssignRequest() = %v", err)
	}
	if a.To.ID != other.ID || a.Ref != c.Ref || !a.Sees {
		t.Errorf("AssignRequest() = %+v, want Sam, %s, sees", a, c.Ref)
	}
	qs, _ = s.OpenRequests(ctx)
	if len(qs) != 1 || qs[0].Assignee.ID != other.ID {
		t.Errorf("after reassigning: %+v, want Sam", qs)
	}
	evs, err := s.Log(ctx, LogFilter{Kind: EventAssigned})
	if err != nil || len(evs) != 1 || evs[0].Details["to"] != "Sam Peeters" || evs[0].ContactRef != c.Ref {
		t.Errorf("assign events = %+v, %v", evs, err)
	}
	// Giving it to whom it is with already changes nothing and logs nothing.
	if a, err := s.AssignRequest(ctx, q.ID, "sam@example.com", rightsRep); err != nil || !a.Already || a.To.ID != other.ID {
		t.Errorf("AssignRequest(to Sam again) = %+v, %v; want Already", a, err)
	}
	if evs, err := s.Log(ctx, LogFilter{Kind: EventAssigned}); err != nil || len(evs) != 1 {
		t.Errorf("assign events after a no-op = %d, %v; want 1", len(evs), err)
	}
	if _, err := s.AssignRequest(ctx, q.ID, "nobody@example.com", rightsRep); !errors.Is(err, ErrBadMember) {
		t.Errorf("assign to a stranger = %v, want ErrBadMember", err)
	}
	if _, err := s.AssignRequest(ctx, q.ID+100, "sam@example.com", rightsRep); !errors.Is(err, ErrNotFound) {
		t.Errorf("assign a request that is not there = %v, want ErrNotFound", err)
	}
	if err := s.AnswerRequest(ctx, q.ID, rightsRep); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AssignRequest(ctx, q.ID, "sam@example.com", rightsRep); !errors.Is(err, ErrNotFound) {
		t.Errorf("assign an answered request = %v, want ErrNotFound", err)
	}
}

// TestErasureTakesEveryRowAndTellsColleagues (issue 15): erasing a person
// removes every contact row that holds one of their addresses (here an
// older contact under the address they had before), with a colleague's
// draft and queued message to them; the colleague is told once, without
// the person's data, and the erasure event counts it all.
func TestErasureTakesEveryRowAndTellsColleagues(t *testing.T) {
	ctx := context.Background()
	const old, current = "ines.alt@zz-org-erase.example", "ines.neu@zz-org-erase.example"
	s := openRights(t)
	me, err := s.EnsureRep(ctx, rightsRep, "robin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	sam, err := s.EnsureRep(ctx, "Sam Peeters", "sam@example.com")
	if err != nil {
		t.Fatal(err)
	}
	keep := addRights(t, s, person("Ines Neu", old))
	correctAddress(t, s, keep, current) // old stays in keep's history
	older := addRights(t, s, person("Ines Altmann", old))
	queueMessage(t, s, older.ID, sam.ID, sam.Name, "", false)
	queueMessage(t, s, older.ID, sam.ID, sam.Name, "q1@zz-org-erase.example", true)
	queueMessage(t, s, keep.ID, me.ID, me.Name, "", false) // the rep's own draft: nobody to tell

	e, err := s.EraseWith(ctx, keep.ID, rightsRep, ErasureRequest, EraseOptions{})
	if err != nil {
		t.Fatalf("EraseWith() = %v", err)
	}
	if !slices.Equal(e.Others, []string{older.Ref}) || e.ColleagueDrafts != 2 || e.Told != 1 || len(e.Elsewhere) != 0 {
		t.Errorf("Erasure = %+v, want the older row too, 2 colleague messages, 1 colleague told", e)
	}
	if e.Outbox != 1 {
		t.Errorf("Erasure.Outbox = %d, want the queued message's file (one rep's file: one outbox)", e.Outbox)
	}
	if n, _ := s.CountContacts(ctx); n != 0 {
		t.Errorf("%d contacts left, want 0", n)
	}
	for a, ok := range suppressedAll(t, s, old, current) {
		if !ok {
			t.Errorf("%s not suppressed", a)
		}
	}
	assertGone(t, s, old, current, "Ines Neu", "Ines Altmann", "Dear Ines")
	evs, err := s.Log(ctx, LogFilter{Kind: EventErasure})
	if err != nil || len(evs) != 2 {
		t.Fatalf("erasure events = %+v, %v; want one per row", evs, err)
	}
	var main, with LogEntry
	for _, ev := range evs {
		if ev.ContactRef == keep.Ref {
			main = ev
		} else {
			with = ev
		}
	}
	if main.Details["contacts"] != "2" || main.Details["colleague_drafts"] != "2" || main.Details["colleagues_told"] != "1" {
		t.Errorf("the erasure event's details = %v, want contacts 2, colleague_drafts 2, colleagues_told 1", main.Details)
	}
	if with.ContactRef != older.Ref || with.Details["with"] != keep.Ref {
		t.Errorf("the other row's event = %+v", with)
	}

	got, err := s.TakeErasureNotices(ctx, sam.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("Sam's notices = %+v, %v; want one", got, err)
	}
	if n := got[0]; n.Ref != older.Ref || n.Drafts != 1 || n.Queued != 1 || n.Reason != ErasureRequest || !n.ErasedAt.Equal(rightsNow) {
		t.Errorf("notice = %+v", n)
	}
	if again, err := s.TakeErasureNotices(ctx, sam.ID); err != nil || len(again) != 0 {
		t.Errorf("Sam's notices the second time = %+v, %v; want none (shown once)", again, err)
	}
	if mine, err := s.TakeErasureNotices(ctx, me.ID); err != nil || len(mine) != 0 {
		t.Errorf("the rep's own notices = %+v, %v; want none", mine, err)
	}
}

// TestRecordGathersEveryRow: the access record of a person holds their
// other contact rows (one under an address they had before), each with its
// sources and messages.
func TestRecordGathersEveryRow(t *testing.T) {
	ctx := context.Background()
	const old, current = "ines.alt@zz-org-export.example", "ines.neu@zz-org-export.example"
	s := openRights(t)
	keep := addRights(t, s, person("Ines Neu", old))
	correctAddress(t, s, keep, current)
	older := addRights(t, s, person("Ines Altmann", old))
	addMessage(t, s, older.ID, "<m-old@zz-org-export.example>", "Hello", "Dear Ines")
	addRights(t, s, person("Someone Else", "else@zz-org-export.example"))
	r, err := s.Record(ctx, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Others) != 1 || r.Others[0].Contact.Ref != older.Ref || len(r.Others[0].Messages) != 1 || len(r.Others[0].Contact.Sources) != 1 {
		t.Fatalf("Record().Others = %+v, want the older row with its source and message", r.Others)
	}
	if r2, err := s.Record(ctx, older.ID); err != nil || len(r2.Others) != 1 || r2.Others[0].Contact.Ref != keep.Ref {
		t.Errorf("the older row's record: others %+v, %v; want the current row", r2.Others, err)
	}
}

// orgTeam is a team with two reps, a lead and the DPO, where Sam holds the
// person under the address they had before and Anna under the current one
// (Anna's contact had Sam's address before her correction).
func orgTeam(t *testing.T) (tm *team, samRow, annaRow contacts.Contact) {
	t.Helper()
	const old, current = "ines.alt@unikat.example", "ines.neu@unikat.example"
	tm = newTeam(t, anna, sam, lena, dora)
	annaRow = tm.add(t, anna[1], old)
	f := contacts.FieldsOf(annaRow)
	f.Email = current
	if err := tm.as[anna[1]].InTx(context.Background(), func(tx *Tx) error {
		_, err := tx.Rectify(annaRow.ID, f, "Anna Rep")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	annaRow.Email = current
	samRow = tm.add(t, sam[1], old)
	return tm, samRow, annaRow
}

// TestTeamErasureAcrossReps (issue 15): a rep's erasure takes only their own
// row and names the colleague who still holds the person; the DPO's takes
// every rep's rows, Sam's draft and queued message with them, queues Sam's
// outbox file for Sam's own client and tells Sam once; afterwards no rep
// sees the person.
func TestTeamErasureAcrossReps(t *testing.T) {
	ctx := context.Background()
	t.Run("a rep", func(t *testing.T) {
		tm, samRow, annaRow := orgTeam(t)
		e, err := tm.as[anna[1]].EraseWith(ctx, annaRow.ID, "Anna Rep", ErasureRequest, EraseOptions{})
		if err != nil {
			t.Fatalf("Anna's EraseWith() = %v", err)
		}
		if len(e.Others) != 0 || !slices.Equal(e.Elsewhere, []string{"Sam Peeters"}) {
			t.Errorf("Anna's erasure = %+v, want her row only, Sam named as still holding the person", e)
		}
		if _, err := tm.owner.Contact(ctx, samRow.ID); err != nil {
			t.Errorf("Sam's row after Anna's erasure: %v, want kept (a rep erases their own)", err)
		}
		if chk, err := tm.as[sam[1]].CheckAddress(ctx, samRow.Email); err != nil || !chk.Suppressed {
			t.Errorf("Sam's address after Anna's erasure: %+v, %v; want suppressed", chk, err)
		}
		evs, err := tm.owner.Log(ctx, LogFilter{Kind: EventErasure})
		if err != nil || len(evs) != 1 || evs[0].Details["held_elsewhere"] != "1" {
			t.Errorf("erasure events = %+v, %v; want held_elsewhere 1", evs, err)
		}
	})
	for _, by := range [][3]string{dora, lena} {
		t.Run("the "+by[2], func(t *testing.T) {
			tm, samRow, annaRow := orgTeam(t)
			samID := tm.who[sam[1]].ID
			queueMessage(t, tm.as[sam[1]], samRow.ID, samID, "Sam Peeters", "", false)
			queueMessage(t, tm.as[sam[1]], samRow.ID, samID, "Sam Peeters", "q1@northwind.example", true)
			e, err := tm.as[by[1]].EraseWith(ctx, annaRow.ID, by[0], ErasureRequest, EraseOptions{})
			if err != nil {
				t.Fatalf("EraseWith() as the %s = %v", by[2], err)
			}
			if !slices.Equal(e.Others, []string{samRow.Ref}) || e.ColleagueDrafts != 2 || e.Told != 1 || len(e.Elsewhere) != 0 {
				t.Errorf("erasure = %+v, want Sam's row too, his 2 messages, Sam told", e)
			}
			if e.Outbox != 0 {
				t.Errorf("the %s's outbox work = %d, want none: the queued file is on Sam's machine", by[2], e.Outbox)
			}
			for _, who := range []string{anna[1], sam[1], lena[1], dora[1]} {
				if list, err := tm.as[who].ListContacts(ctx); err != nil || len(list) != 0 {
					t.Errorf("%s sees %d contacts after the erasure (%v), want none", who, len(list), err)
				}
			}
			var n int
			if err := tm.owner.db.QueryRow(`SELECT COUNT(*) FROM messages`).Scan(&n); err != nil || n != 0 {
				t.Errorf("%d messages left (%v), want none", n, err)
			}
			pend, err := tm.as[sam[1]].PendingErasures(ctx)
			if err != nil || len(pend) != 1 || !slices.Equal(pend[0].Outbox, []string{"q1@northwind.example"}) {
				t.Errorf("Sam's pending erasures = %+v, %v; want his outbox file", pend, err)
			}
			if mine, err := tm.as[by[1]].PendingErasures(ctx); err != nil || len(mine) != 0 {
				t.Errorf("the %s's pending erasures = %+v, %v; want none (Sam's are his client's)", by[2], mine, err)
			}
			got, err := tm.as[sam[1]].TakeErasureNotices(ctx, samID)
			if err != nil || len(got) != 1 || got[0].Ref != samRow.Ref || got[0].Drafts != 1 || got[0].Queued != 1 {
				t.Errorf("Sam's notices = %+v, %v", got, err)
			}
			if other, err := tm.as[anna[1]].TakeErasureNotices(ctx, samID); err != nil || len(other) != 0 {
				t.Errorf("Anna took Sam's notices: %+v, %v", other, err)
			}
		})
	}
}

// TestTeamExportGathersEveryRep: the DPO's access record of a person holds
// what every rep holds (Sam's row under the older address, with his
// message); Anna's holds only what she sees.
func TestTeamExportGathersEveryRep(t *testing.T) {
	ctx := context.Background()
	tm, samRow, annaRow := orgTeam(t)
	queueMessage(t, tm.as[sam[1]], samRow.ID, tm.who[sam[1]].ID, "Sam Peeters", "", false)
	r, err := tm.as[dora[1]].Record(ctx, annaRow.ID)
	if err != nil {
		t.Fatalf("the DPO's Record() = %v", err)
	}
	if len(r.Others) != 1 || r.Others[0].Contact.Ref != samRow.Ref || len(r.Others[0].Messages) != 1 ||
		len(r.Others[0].Contact.Sources) != 1 || r.Others[0].Contact.Sources[0].ObtainedBy != "Sam Peeters" {
		t.Errorf("the DPO's record: others = %+v, want Sam's row with his source and draft", r.Others)
	}
	if !slices.Equal(r.FormerEmails, []string{samRow.Email}) {
		t.Errorf("former addresses = %v", r.FormerEmails)
	}
	r, err = tm.as[anna[1]].Record(ctx, annaRow.ID)
	if err != nil || len(r.Others) != 0 {
		t.Errorf("Anna's record: others %+v, %v; want none (Sam's row is not hers to see)", r.Others, err)
	}
}

// TestTeamRequestQueueRoles (issue 15): the queue as each role sees it; only
// a lead or the DPO reassigns, and the database refuses a rep who tries
// behind the client's back; a request assigned to a rep shows them the
// contact's owner though they cannot see the contact.
func TestTeamRequestQueueRoles(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t, anna, sam, lena, dora)
	c := tm.add(t, sam[1], prosp)
	syncRequest(t, tm.as[sam[1]], prosp, "Sam Peeters", 1, contacts.ReplyErasure)
	seen := func(who string) []RightsRequest {
		t.Helper()
		qs, err := tm.as[who].OpenRequests(ctx)
		if err != nil {
			t.Fatalf("OpenRequests() as %s = %v", who, err)
		}
		return qs
	}
	for _, who := range []string{sam[1], lena[1], dora[1]} {
		qs := seen(who)
		if len(qs) != 1 || qs[0].Assignee.ID != tm.who[sam[1]].ID || qs[0].Owner != "Sam Peeters" || qs[0].ContactID != c.ID {
			t.Errorf("%s's queue = %+v, want Sam's request assigned to Sam", who, qs)
		}
	}
	if qs := seen(anna[1]); len(qs) != 0 {
		t.Errorf("Anna's queue = %+v, want empty", qs)
	}
	id := seen(sam[1])[0].ID
	for who, want := range map[string]bool{sam[1]: false, anna[1]: false, lena[1]: true, dora[1]: true} {
		if ok, err := tm.as[who].CanAssign(ctx); err != nil || ok != want {
			t.Errorf("CanAssign() as %s = %v, %v; want %v", who, ok, err, want)
		}
	}
	if _, err := tm.as[sam[1]].AssignRequest(ctx, id, anna[1], "Sam Peeters"); !errors.Is(err, ErrNotLead) {
		t.Errorf("Sam reassigns = %v, want ErrNotLead", err)
	}
	if _, err := tm.as[sam[1]].db.Exec(`UPDATE rights_requests SET assignee_id = ? WHERE id = ?`, tm.who[anna[1]].ID, id); err == nil ||
		!strings.Contains(err.Error(), "only a lead or the DPO") {
		t.Errorf("Sam's UPDATE of the assignee = %v, want refused by the database", err)
	}
	if _, err := tm.as[anna[1]].db.Exec(`INSERT INTO rights_requests (contact_ref, kind, received_at, due_at, assignee_id)
		VALUES ('c-x', 'access', now(), now(), ?)`, tm.who[sam[1]].ID); err == nil {
		t.Error("Anna inserted a request assigned to Sam")
	}
	a, err := tm.as[lena[1]].AssignRequest(ctx, id, anna[1], "Lena Lead")
	if err != nil {
		t.Fatalf("the lead's AssignRequest() = %v", err)
	}
	if a.Sees || a.To.Name != "Anna Rep" {
		t.Errorf("Assigned = %+v, want Anna, who does not see Sam's contact", a)
	}
	qs := seen(anna[1])
	if len(qs) != 1 || !qs[0].Hidden() || qs[0].Owner != "Sam Peeters" || qs[0].ContactName != "" || qs[0].ContactRef != c.Ref {
		t.Errorf("Anna's queue after the lead gave her the request = %+v, want it, the contact hidden, held by Sam", qs)
	}
	if qs := seen(sam[1]); len(qs) != 1 || qs[0].Assignee.Name != "Anna Rep" {
		t.Errorf("Sam's queue = %+v, want his contact's request, now Anna's", qs)
	}
	if a, err := tm.as[dora[1]].AssignRequest(ctx, id, lena[1], "Dora DPO"); err != nil || !a.Sees {
		t.Errorf("the DPO gives it to the lead: %+v, %v; want done, the lead sees it", a, err)
	}
	if _, err := tm.as[dora[1]].AssignRequest(ctx, id, "stranger@northwind.example", "Dora DPO"); !errors.Is(err, ErrBadMember) {
		t.Errorf("assign to no member = %v, want ErrBadMember", err)
	}
}

// TestRetentionErasureTakesOneRow: under the retention rule (or for an
// overdue notice) only the contact whose clock ran out goes; the person's
// other contact, which may still be kept, stays.
func TestRetentionErasureTakesOneRow(t *testing.T) {
	ctx := context.Background()
	const old, current = "ines.alt@zz-org-retain.example", "ines.neu@zz-org-retain.example"
	for _, reason := range []string{ErasureRetention, ErasureOverdue} {
		t.Run(reason, func(t *testing.T) {
			s := openRights(t)
			keep := addRights(t, s, person("Ines Neu", old))
			correctAddress(t, s, keep, current)
			older := addRights(t, s, person("Ines Altmann", old))
			outbox, _, err := s.ErasureScope(ctx, older.ID, reason, false)
			if err != nil || len(outbox) != 0 {
				t.Fatalf("ErasureScope() = %v, %v", outbox, err)
			}
			e, err := s.EraseWith(ctx, older.ID, rightsRep, reason, EraseOptions{})
			if err != nil || len(e.Others) != 0 {
				t.Fatalf("EraseWith(%s) = %+v, %v; want the one row", reason, e, err)
			}
			if _, err := s.Contact(ctx, keep.ID); err != nil {
				t.Errorf("the person's other contact after a %s erasure: %v, want kept", reason, err)
			}
		})
	}
}

// TestTeamNoticeNamesOnlyAnErasedRef: no member can leave a colleague a
// notice about a ref the log does not show erased (words of their own on
// the colleague's screen).
func TestTeamNoticeNamesOnlyAnErasedRef(t *testing.T) {
	tm := newTeam(t, anna, sam)
	_, err := tm.as[anna[1]].db.Exec(`INSERT INTO erasure_notices (rep_id, contact_ref, reason, erased_at, drafts, queued)
		VALUES (?, 'Call me at once', 'request', now(), 1, 0)`, tm.who[sam[1]].ID)
	if err == nil {
		t.Error("Anna left Sam a notice about a ref that was never erased")
	}
	got, err := tm.as[sam[1]].TakeErasureNotices(context.Background(), tm.who[sam[1]].ID)
	if err != nil || len(got) != 0 {
		t.Errorf("Sam's notices = %+v, %v; want none", got, err)
	}
}
