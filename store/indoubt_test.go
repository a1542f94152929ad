package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

// reserveAt reserves a send from rep to c at at, its client's reservation
// holding until lease (none when zero), and returns its row.
func reserveAt(t *testing.T, st *Store, rep Rep, c contacts.Contact, at, lease time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	st.SetClock(func() time.Time { return at })
	id, err := st.SaveDraft(ctx, Message{ContactID: c.ID, RepID: rep.ID, Subject: "Depot routes", Body: "Hello " + c.Name})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSending(ctx, Message{ID: id, MessageID: fmt.Sprintf("d%d@northwind.example", id), Subject: "Depot routes",
		Body: "Hello", Transport: "smtp", Client: "client-1", LeaseUntil: lease}); err != nil {
		t.Fatal(err)
	}
	return id
}

// unknownAt records the send id as in doubt at at, as a client's start (or
// the transport's dropped connection) does.
func unknownAt(t *testing.T, st *Store, id int64, at time.Time) {
	t.Helper()
	st.SetClock(func() time.Time { return at })
	if err := st.MarkUnknown(context.Background(), id); err != nil {
		t.Fatal(err)
	}
}

// TestSendsInDoubt: a rep's list holds their sends in doubt, with when
// each was reserved and since when it is in doubt: those marked unknown
// (a reservation that ran out, one cut short) and one whose reservation
// ran out though nobody's start looked at it; never one still reserved,
// nor a settled one. SendInDoubtTo names the earliest unsettled send to a
// person, reserved or not.
func TestSendsInDoubt(t *testing.T) {
	ctx := context.Background()
	st := openTestStore(t)
	robin, sam := robinAndSam(t, st)
	var people []contacts.Contact
	for i, n := range []string{"Ada Peeters", "Bram Mulder", "Cas Vos", "Dirk Jansen", "Eva Smit"} {
		if err := st.InTx(ctx, func(tx *Tx) error {
			c, err := tx.AddContact(contacts.Contact{Name: n, Email: fmt.Sprintf("p%d@delta.example", i), Company: "Delta"}, robin.Name)
			people = append(people, c)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	lease := 2 * time.Minute
	// Ada: reserved at t0, the lease ran out, a start found it at t0+1h.
	ran := reserveAt(t, st, robin, people[0], t0, t0.Add(lease))
	unknownAt(t, st, ran, t0.Add(time.Hour))
	// Bram: the connection dropped 10 s into the send.
	cut := reserveAt(t, st, robin, people[1], t0.Add(2*time.Hour), t0.Add(2*time.Hour+lease))
	unknownAt(t, st, cut, t0.Add(2*time.Hour+10*time.Second))
	// Cas: the client was killed; nobody started legit since.
	gone := reserveAt(t, st, robin, people[2], t0.Add(3*time.Hour), t0.Add(3*time.Hour+lease))
	// Dirk: being sent right now.
	now := t0.Add(5 * time.Hour)
	live := reserveAt(t, st, robin, people[3], now.Add(-time.Second), now.Add(lease))
	// Eva: Sam's, in doubt; and one of Robin's that was resolved.
	samsRow := reserveAt(t, st, sam, people[4], t0, t0.Add(lease))
	unknownAt(t, st, samsRow, t0.Add(time.Hour))
	settled := reserveAt(t, st, robin, people[4], t0, t0.Add(lease))
	unknownAt(t, st, settled, t0.Add(time.Hour))
	m, err := st.Message(ctx, settled)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ResolveNotSent(ctx, m, "the rep said it did not go out", robin.Name); err != nil {
		t.Fatal(err)
	}

	list, err := st.SendsInDoubt(ctx, robin.ID, now)
	if err != nil {
		t.Fatalf("SendsInDoubt() = %v", err)
	}
	type row struct {
		id              int64
		rep, name       string
		state           MessageState
		reserved, since time.Time
	}
	want := []row{
		{ran, robin.Name, "Ada Peeters", StateUnknown, t0, t0.Add(lease)},
		{cut, robin.Name, "Bram Mulder", StateUnknown, t0.Add(2 * time.Hour), t0.Add(2*time.Hour + 10*time.Second)},
		{gone, robin.Name, "Cas Vos", StateSending, t0.Add(3 * time.Hour), t0.Add(3*time.Hour + lease)},
	}
	if onPostgres() {
		// The database's owner may resolve every rep's send: it lists them all.
		want = append(want, row{samsRow, sam.Name, "Eva Smit", StateUnknown, t0, t0.Add(lease)})
	}
	if len(list) != len(want) {
		t.Fatalf("SendsInDoubt() = %+v, want %d sends", list, len(want))
	}
	for i, w := range want {
		d := list[i]
		got := row{d.ID, d.Rep, d.Name, d.State, d.ReservedAt.UTC(), d.Since.UTC()}
		if got != w {
			t.Errorf("send %d = %+v, want %+v", i, got, w)
		}
		if d.Subject != "Depot routes" || d.ContactRef == "" || d.Email == "" || d.MessageID == "" || d.Held(now) {
			t.Errorf("send %d = %+v, want its subject, the person's ref and address, its Message-ID, and not held", i, d)
		}
	}

	d, ok, err := st.SendInDoubtTo(ctx, people[3].ID)
	if err != nil || !ok || d.ID != live || d.Rep != robin.Name || !d.Held(now) || d.Held(now.Add(lease)) {
		t.Errorf("SendInDoubtTo(Dirk) = %+v, %v, %v; want Robin's send %d, held until its lease ends", d, ok, err, live)
	}
	if d, ok, err := st.SendInDoubtTo(ctx, people[4].ID); err != nil || !ok || d.ID != samsRow || d.Rep != sam.Name {
		t.Errorf("SendInDoubtTo(Eva) = %+v, %v, %v; want Sam's send %d (Robin's is settled)", d, ok, err, samsRow)
	}
	if err := st.ResolveNotSent(ctx, Message{ID: samsRow, ContactRef: people[4].Ref}, "the rep said it did not go out", sam.Name); err != nil {
		t.Fatal(err)
	}
	if d, ok, err := st.SendInDoubtTo(ctx, people[4].ID); err != nil || ok {
		t.Errorf("SendInDoubtTo(Eva) after both were settled = %+v, %v, %v; want none", d, ok, err)
	}
}

// TestTeamSendsInDoubt: on a team's database whose sends in doubt a member
// is shown is the engine's to decide from the role that connected: a rep
// gets their own, even when a colleague's send in doubt is to a person
// shared with them (row-level security lets them read it) and even when
// they name the colleague; a lead and the DPO get every rep's.
func TestTeamSendsInDoubt(t *testing.T) {
	tm := newTeam(t, anna, sam, lena, dora)
	ctx := context.Background()
	annas := tm.add(t, anna[1], prosp)
	if err := tm.as[lena[1]].ShareContact(ctx, prosp, sam[1], "Lena Lead"); err != nil {
		t.Fatal(err)
	}
	samsOwn := tm.add(t, sam[1], "ola.other@unikat.example")
	now := time.Now().UTC().Truncate(time.Second)
	annaRow := reserveAt(t, tm.as[anna[1]], tm.who[anna[1]].Rep, annas, now.Add(-time.Hour), now.Add(-time.Hour+2*time.Minute))
	unknownAt(t, tm.as[anna[1]], annaRow, now.Add(-30*time.Minute))
	samRow := reserveAt(t, tm.as[sam[1]], tm.who[sam[1]].Rep, samsOwn, now.Add(-time.Hour), now.Add(-time.Hour+2*time.Minute))

	var seen int
	if err := tm.as[sam[1]].db.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages WHERE id = ?`, annaRow).Scan(&seen); err != nil || seen != 1 {
		t.Fatalf("Sam reads %d of Anna's messages to the person shared with him (%v), want 1", seen, err)
	}
	ids := func(who string, repID int64) []int64 {
		t.Helper()
		list, err := tm.as[who].SendsInDoubt(ctx, repID, now)
		if err != nil {
			t.Fatalf("SendsInDoubt as %s = %v", who, err)
		}
		var out []int64
		for _, d := range list {
			out = append(out, d.ID)
		}
		return out
	}
	for _, tc := range []struct {
		who   string
		repID int64
		want  []int64
	}{
		{sam[1], tm.who[sam[1]].ID, []int64{samRow}},
		{sam[1], tm.who[anna[1]].ID, []int64{samRow}}, // naming Anna widens nothing
		{anna[1], tm.who[anna[1]].ID, []int64{annaRow}},
		{lena[1], tm.who[lena[1]].ID, []int64{annaRow, samRow}},
		{dora[1], 0, []int64{annaRow, samRow}},
	} {
		if got := ids(tc.who, tc.repID); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("SendsInDoubt as %s naming rep %d = %v, want %v", tc.who, tc.repID, got, tc.want)
		}
	}
	list, err := tm.as[lena[1]].SendsInDoubt(ctx, 0, now)
	if err != nil || len(list) != 2 || list[0].Rep != "Anna Rep" || list[0].Email != prosp || list[1].Rep != "Sam Peeters" {
		t.Errorf("the lead's list = %+v, %v; want Anna's send to %s, then Sam's", list, err, prosp)
	}
	// The report counts what each may resolve: the lead's every rep's.
	for who, want := range map[string]int{sam[1]: 1, lena[1]: 2} {
		tm.as[who].SetClock(func() time.Time { return now })
		if r, err := tm.as[who].TeamReport(ctx, now.AddDate(0, 0, -7)); err != nil || r.InDoubt != want {
			t.Errorf("TeamReport as %s counts %d sends in doubt (%v), want %d", who, r.InDoubt, err, want)
		}
	}
	// The rule's holder, as Sam's send to the shared person asks it.
	if d, ok, err := tm.as[sam[1]].SendInDoubtTo(ctx, annas.ID); err != nil || !ok || d.ID != annaRow || d.Rep != "Anna Rep" {
		t.Errorf("SendInDoubtTo as Sam = %+v, %v, %v; want Anna's send %d", d, ok, err, annaRow)
	}
	// Settling it is the engine's to allow as well: not Sam's, the lead's.
	m, err := tm.as[sam[1]].Message(ctx, annaRow)
	if err != nil {
		t.Fatal(err)
	}
	if err := tm.as[sam[1]].ResolveNotSent(ctx, m, "Sam said so", "Sam Peeters"); err == nil || !strings.Contains(err.Error(), "Anna Rep's send") {
		t.Errorf("Sam's ResolveNotSent of Anna's send = %v, want refused naming Anna", err)
	}
	if err := tm.as[lena[1]].ResolveNotSent(ctx, m, "a lead said it did not go out", "Lena Lead"); err != nil {
		t.Errorf("the lead's ResolveNotSent of Anna's send = %v", err)
	}
	if got := ids(lena[1], 0); fmt.Sprint(got) != fmt.Sprint([]int64{samRow}) {
		t.Errorf("the lead's list after settling Anna's = %v, want only Sam's %d", got, samRow)
	}
}
