package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestTeamReport: two reps wrote to people at one company; one person
// replied, one opted out, one asked for erasure. The report counts each
// for the right rep and week, lists the open request with its deadline and
// the company both reps wrote to.
func TestTeamReport(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	robin, err := s.EnsureRep(ctx, "Robin Maes", "robin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	sam, err := s.EnsureRep(ctx, "Sam Peeters", "sam@example.com")
	if err != nil {
		t.Fatal(err)
	}
	mon := time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC) // a Monday
	exec := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := s.db.QueryRow(q+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	contact := func(ref, name string) int64 {
		return exec(`INSERT INTO contacts (ref, name, company, created_at, updated_at) VALUES (?, ?, 'Acme BV', ?, ?)`, ref, name, timeText(mon), timeText(mon))
	}
	anna, jan := contact("c-anna", "Anna Jansen"), contact("c-jan", "Jan de Vries")
	sent := func(c int64, rep Rep, at time.Time, mid string) {
		exec(`INSERT INTO messages (contact_id, rep_id, message_id, state, created_at, sent_at) VALUES (?, ?, ?, 'sent', ?, ?)`,
			c, rep.ID, mid, timeText(at), timeText(at))
	}
	sent(anna, robin, mon, "<1@x>")
	sent(jan, sam, mon.Add(24*time.Hour), "<2@x>")
	sent(anna, robin, mon.AddDate(0, 0, 7), "<3@x>")
	err = s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.AppendEvents([]Event{
			{At: mon, Rep: robin.Name, Kind: EventSend, ContactRef: "c-anna", Details: map[string]string{"first": "true", "notice": "long"}},
			{At: mon.Add(24 * time.Hour), Rep: sam.Name, Kind: EventSend, ContactRef: "c-jan", Details: map[string]string{"first": "true", "notice": "long"}},
			{At: mon.AddDate(0, 0, 7), Rep: robin.Name, Kind: EventSend, ContactRef: "c-anna", Details: map[string]string{"notice": "short"}},
			{At: mon.AddDate(0, 0, 8), Rep: sam.Name, Kind: EventSuppression, ContactRef: "c-jan", Details: map[string]string{"reason": "opt_out"}},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	exec(`INSERT INTO inbox (message_id, mailbox, uid, contact_id, class, received_at, synced_at) VALUES ('<r1@x>', 'INBOX', 1, ?, 'other', ?, ?)`,
		anna, timeText(mon.Add(2*time.Hour)), timeText(mon.Add(2*time.Hour)))
	exec(`INSERT INTO rights_requests (contact_id, contact_ref, kind, received_at, due_at) VALUES (?, 'c-jan', 'erasure', ?, ?)`,
		jan, timeText(mon.AddDate(0, 0, 9)), timeText(mon.AddDate(0, 1, 9)))

	// Sends in doubt: Sam's marked so, Robin's whose reservation ran out;
	// not Robin's still reserved.
	now := time.Now().UTC()
	exec(`INSERT INTO messages (contact_id, rep_id, message_id, state, created_at) VALUES (?, ?, '<4@x>', 'unknown', ?)`, jan, sam.ID, timeText(mon))
	for i, lease := range []time.Time{now.Add(-time.Hour), now.Add(time.Hour)} {
		exec(`INSERT INTO messages (contact_id, rep_id, message_id, state, created_at, lease_until) VALUES (?, ?, ?, 'sending', ?, ?)`,
			anna, robin.ID, fmt.Sprintf("<%d@x>", 5+i), timeText(mon), timeText(lease))
	}

	r, err := s.TeamReport(ctx, mon.AddDate(0, 0, -7))
	if err != nil {
		t.Fatalf("TeamReport() = %v", err)
	}
	if r.InDoubt != 2 {
		t.Errorf("sends in doubt = %d, want 2 (one marked so, one whose reservation ran out; not one still reserved)", r.InDoubt)
	}
	want := []RepWeek{
		{Rep: "Robin Maes", Week: weekOf(mon), FirstContacts: 1, Replies: 1},
		{Rep: "Sam Peeters", Week: weekOf(mon), FirstContacts: 1},
		{Rep: "Robin Maes", Week: weekOf(mon.AddDate(0, 0, 7)), FollowUps: 1},
		{Rep: "Sam Peeters", Week: weekOf(mon.AddDate(0, 0, 7)), OptOuts: 1},
	}
	if len(r.Weeks) != len(want) {
		t.Fatalf("weeks = %+v, want %+v", r.Weeks, want)
	}
	for i := range want {
		if g := r.Weeks[i]; g != want[i] {
			t.Errorf("week %d = %+v, want %+v", i, g, want[i])
		}
	}
	if len(r.Requests) != 1 || r.Requests[0].Rep != "Sam Peeters" || r.Requests[0].Kind != "erasure" || !r.Requests[0].DueAt.Equal(mon.AddDate(0, 1, 9)) {
		t.Errorf("open requests = %+v, want Jan's erasure, Sam's, due a month on", r.Requests)
	}
	if len(r.Overlaps) != 1 || r.Overlaps[0].Company != "acme bv" || len(r.Overlaps[0].Reps) != 2 || r.Overlaps[0].People != 2 {
		t.Errorf("overlaps = %+v, want Acme BV by both reps", r.Overlaps)
	}
}
