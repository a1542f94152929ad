package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"legit/contacts"
)

// sendAt records an email from rep to c as sent at at, through the states
// a real send takes.
func sendAt(t *testing.T, st *Store, rep Rep, c contacts.Contact, at time.Time) {
	t.Helper()
	ctx := context.Background()
	id, err := st.SaveDraft(ctx, Message{ContactID: c.ID, RepID: rep.ID, Subject: "Hi", Body: "Hello " + c.Name})
	if err != nil {
		t.Fatal(err)
	}
	mid := fmt.Sprintf("m%d-%d@northwind.example", id, at.Unix())
	if err := st.MarkSending(ctx, Message{ID: id, MessageID: mid, Subject: "Hi", Body: "Hello", NoticeForm: "long", Transport: "smtp"}); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSent(ctx, SentRecord{ID: id, ContactID: c.ID, ContactRef: c.Ref, Rep: rep.Name, MessageID: mid, At: at, LongNotice: true, Transport: "smtp"}); err != nil {
		t.Fatal(err)
	}
}

func TestTeamActivity(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	st := openTestStore(t)
	st.SetClock(func() time.Time { return now })
	robin, sam := robinAndSam(t, st)
	var err error
	add := func(name, email, company string) contacts.Contact {
		var c contacts.Contact
		if err := st.InTx(ctx, func(tx *Tx) error {
			c, err = tx.AddContact(contacts.Contact{Name: name, Email: email, Company: company}, robin.Name)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	anna := add("Anna Müller", "anna@kraftwerk.example", "Kraftwerk Logistik GmbH")
	jonas := add("Jonas Berg", "jonas@kraftwerk.example", "KRAFTWERK LOGISTIK GMBH")
	lena := add("Lena Vos", "lena@polder.example", "Polder BV")
	bare := add("No Company", "nc@solo.example", "")
	other := add("Other Bare", "ob@solo2.example", "")

	sendAt(t, st, sam, jonas, now.Add(-3*24*time.Hour)) // Sam, same company as Anna, 3 days ago
	sendAt(t, st, sam, lena, now.Add(-20*24*time.Hour)) // Sam, Lena, 20 days ago: outside 14 days
	sendAt(t, st, robin, anna, now.Add(-2*time.Hour))   // Robin himself: never a colleague
	sendAt(t, st, sam, other, now.Add(-1*time.Hour))    // Sam, first contact today, no company
	window := now.AddDate(0, 0, -14)

	for _, tc := range []struct {
		name   string
		rep    Rep
		c      contacts.Contact
		want   string // "" none; else "rep same|company"
		firsts int
	}{
		{"a colleague wrote to someone at the same company", robin, anna, "Sam Peeters company", 2},
		{"Sam's own emails are not a colleague's", sam, jonas, "Robin Maes company", 2},
		{"outside the window", robin, lena, "", 2},
		{"no company matches no company", robin, bare, "", 2},
		{"the same person", robin, other, "Sam Peeters same", 2},
	} {
		a, err := st.TeamActivity(ctx, tc.rep.ID, tc.c.ID, tc.c.Company, today, window)
		if err != nil {
			t.Fatalf("%s: TeamActivity() = %v", tc.name, err)
		}
		got := ""
		if o := a.Overlap; o != nil {
			got = o.Rep + " company"
			if o.SamePerson {
				got = o.Rep + " same"
			}
		}
		if got != tc.want || a.OrgFirstContacts != tc.firsts {
			t.Errorf("%s: overlap %q, %d first contacts today; want %q, %d", tc.name, got, a.OrgFirstContacts, tc.want, tc.firsts)
		}
	}
	a, err := st.TeamActivity(ctx, robin.ID, anna.ID, anna.Company, today, window)
	if err != nil || a.Overlap == nil || !a.Overlap.At.Equal(now.Add(-3*24*time.Hour)) {
		t.Errorf("overlap date = %+v (%v), want 3 days ago", a.Overlap, err)
	}
}

// TestTeamActivityAcrossRoles: a rep cannot read a colleague's messages,
// yet the organisation's cap and the overlap count them (the server
// answers with a name and a date only).
func TestTeamActivityAcrossRoles(t *testing.T) {
	tm := newTeam(t, anna, sam)
	ctx := context.Background()
	now := time.Now().UTC()
	samContact := tm.add(t, sam[1], prosp) // company Unikat
	sendAt(t, tm.as[sam[1]], tm.who[sam[1]].Rep, samContact, now.Add(-time.Hour))
	mine := tm.add(t, anna[1], "eva.prospect@unikat.example")

	as := tm.as[anna[1]]
	var seen int
	if err := as.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages`).Scan(&seen); err != nil || seen != 0 {
		t.Fatalf("Anna sees %d messages (%v), want 0", seen, err)
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	a, err := as.TeamActivity(ctx, tm.who[anna[1]].ID, mine.ID, mine.Company, day.Add(-24*time.Hour), now.AddDate(0, 0, -14))
	if err != nil {
		t.Fatalf("TeamActivity as Anna = %v", err)
	}
	if a.OrgFirstContacts != 1 || a.Overlap == nil || a.Overlap.Rep != "Sam Peeters" || a.Overlap.SamePerson {
		t.Errorf("as Anna: %d first contacts, overlap %+v; want 1 and Sam at the same company", a.OrgFirstContacts, a.Overlap)
	}
	if _, err := as.db.ExecContext(ctx, `UPDATE organisation SET overlap_refuse = true`); err == nil {
		t.Error("a rep changed overlap_refuse: only a lead may")
	}
}

// robinAndSam makes the two reps of the team tests: Robin Maes and Sam
// Peeters.
func robinAndSam(t *testing.T, st *Store) (robin, sam Rep) {
	t.Helper()
	ctx := context.Background()
	var err error
	if robin, err = st.EnsureRep(ctx, "Robin Maes", "robin@northwind.example"); err != nil {
		t.Fatal(err)
	}
	if sam, err = st.EnsureRep(ctx, "Sam Peeters", "sam@northwind.example"); err != nil {
		t.Fatal(err)
	}
	return robin, sam
}
