package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"legit/contacts"
)

// randomFingerprint is a fingerprint as different texts give them: 1,024
// random bits.
func randomFingerprint(t testing.TB) []byte {
	t.Helper()
	fp := make([]byte, FingerprintSize)
	if _, err := rand.Read(fp); err != nil {
		t.Fatal(err)
	}
	return fp
}

// flipped is fp with its first n bits turned over.
func flipped(fp []byte, n int) []byte {
	out := bytes.Clone(fp)
	for i := range n {
		out[i/8] ^= 1 << (i % 8)
	}
	return out
}

// sendWith records an email of kind from rep to c, sent at at with
// fingerprint fp, through the states a real send takes.
func sendWith(t *testing.T, st *Store, rep Rep, c contacts.Contact, at time.Time, kind MessageKind, fp []byte) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := st.SaveDraft(ctx, Message{ContactID: c.ID, RepID: rep.ID, Subject: "Hi", Body: "Hello " + c.Name, Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	mid := fmt.Sprintf("m%d-%d@northwind.example", id, at.UnixNano())
	if err := st.MarkSending(ctx, Message{ID: id, MessageID: mid, Subject: "Hi", Body: "Hello", Kind: kind, NoticeForm: "long", Transport: "smtp", Fingerprint: fp}); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSent(ctx, SentRecord{ID: id, ContactID: c.ID, ContactRef: c.Ref, Rep: rep.Name, MessageID: mid, At: at, LongNotice: true, Transport: "smtp"}); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestFingerprintRatio: the ratio from the share of equal bits, and the
// limit at 93 differing bits (PostgreSQL's legit_colleague_copy counts the
// same).
func TestFingerprintRatio(t *testing.T) {
	fp := make([]byte, FingerprintSize)
	for _, tc := range []struct {
		differ   int
		min, max float64
	}{
		{0, 1, 1},
		{93, NearCopyLimit, 0.901},
		{94, 0.898, NearCopyLimit - 1e-9},
		{512, 0, 0},
		{1024, 0, 0},
	} {
		if got := FingerprintRatio(fp, flipped(fp, tc.differ)); got < tc.min || got > tc.max {
			t.Errorf("%d bits differ: ratio %.4f, want in [%.4f, %.4f]", tc.differ, got, tc.min, tc.max)
		}
	}
	if got := FingerprintRatio(fp, fp[:10]); got != 0 {
		t.Errorf("fingerprints of different sizes: %v, want 0", got)
	}
}

// TestColleagueCopy: on one database with two reps (the owner's on
// PostgreSQL, the file on SQLite), a near copy another rep sent or queued
// to someone else within the window is found, with the rep's name, the
// date and the ratio; the rep's own, the same person's, old, access copies,
// unsent drafts, messages without a fingerprint and anything below the
// limit are not.
func TestColleagueCopy(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	since := now.Add(-30 * 24 * time.Hour)
	st := openTestStore(t)
	st.SetClock(func() time.Time { return now })
	robin, sam := robinAndSam(t, st)
	var err error
	var people []contacts.Contact
	for i := range 12 {
		var c contacts.Contact
		if err := st.InTx(ctx, func(tx *Tx) error {
			c, err = tx.AddContact(contacts.Contact{Name: fmt.Sprint("Person ", i), Email: fmt.Sprintf("p%d@kraftwerk.example", i), Company: "Kraftwerk"}, robin.Name)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		people = append(people, c)
	}
	draftTo := people[0]
	fps := map[string][]byte{}
	for _, k := range []string{"old", "own", "same", "access", "failed", "far", "queued", "sent", "exact"} {
		fps[k] = randomFingerprint(t)
	}
	sendWith(t, st, sam, people[1], now.Add(-31*24*time.Hour), KindEmail, fps["old"]) // outside the window
	sendWith(t, st, robin, people[2], now.Add(-time.Hour), KindEmail, fps["own"])     // Robin's own
	sendWith(t, st, sam, draftTo, now.Add(-time.Hour), KindEmail, fps["same"])        // to the same person
	sendWith(t, st, sam, people[3], now.Add(-time.Hour), KindAccess, fps["access"])   // an access copy
	sendWith(t, st, sam, people[4], now.Add(-time.Hour), KindEmail, nil)              // stored before fingerprints
	sendWith(t, st, sam, people[5], now.Add(-2*time.Hour), KindEmail, fps["far"])     // compared below the limit
	fid, err := st.SaveDraft(ctx, Message{ContactID: people[6].ID, RepID: sam.ID, Subject: "Hi", Body: "failed"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSending(ctx, Message{ID: fid, MessageID: "f1@northwind.example", Subject: "Hi", Body: "failed", Transport: "smtp", Fingerprint: fps["failed"]}); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkFailed(ctx, fid, "refused by the server"); err != nil {
		t.Fatal(err)
	}
	qid, err := st.SaveDraft(ctx, Message{ContactID: people[7].ID, RepID: sam.ID, Subject: "Hi", Body: "queued"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.MarkQueued(ctx, Message{ID: qid, ContactRef: people[7].Ref, MessageID: "q1@northwind.example", Subject: "Hi", Body: "queued", Fingerprint: fps["queued"]}, sam.Name); err != nil {
		t.Fatal(err)
	}
	sendWith(t, st, sam, people[8], now.Add(-3*24*time.Hour), KindEmail, fps["sent"])
	sendWith(t, st, sam, people[9], now.Add(-5*24*time.Hour), KindEmail, fps["exact"])
	sendWith(t, st, sam, people[10], now.Add(-4*24*time.Hour), KindEmail, flipped(fps["exact"], 50))

	for _, tc := range []struct {
		name  string
		fp    []byte
		want  string // "" none; else "rep date", and " queued" when it is
		ratio float64
	}{
		{"a sent near copy", flipped(fps["sent"], 40), "Sam Peeters 20 Nov", FingerprintRatio(fps["sent"], flipped(fps["sent"], 40))},
		{"a queued near copy", flipped(fps["queued"], 10), "Sam Peeters 23 Nov queued", FingerprintRatio(fps["queued"], flipped(fps["queued"], 10))},
		{"the nearest of two", fps["exact"], "Sam Peeters 18 Nov", 1},
		{"at the limit", flipped(fps["sent"], 93), "Sam Peeters 20 Nov", FingerprintRatio(fps["sent"], flipped(fps["sent"], 93))},
		{"just below the limit", flipped(fps["far"], 94), "", 0},
		{"outside the window", fps["old"], "", 0},
		{"the rep's own email", fps["own"], "", 0},
		{"to the same person", fps["same"], "", 0},
		{"an access copy", fps["access"], "", 0},
		{"a failed send", fps["failed"], "", 0},
		{"nothing like it", randomFingerprint(t), "", 0},
	} {
		cp, err := st.ColleagueCopy(ctx, robin.ID, draftTo.ID, tc.fp, since)
		if err != nil {
			t.Fatalf("%s: ColleagueCopy() = %v", tc.name, err)
		}
		got := ""
		if cp != nil {
			got = cp.Rep + " " + cp.At.Format("2 Jan")
			if cp.Queued {
				got += " queued"
			}
		}
		if got != tc.want || (cp != nil && math.Abs(cp.Ratio-tc.ratio) > 1e-9) {
			t.Errorf("%s: %+v, want %q at %.4f", tc.name, cp, tc.want, tc.ratio)
		}
	}
	if cp, err := st.ColleagueCopy(ctx, sam.ID, people[11].ID, fps["own"], since); err != nil || cp == nil || cp.Rep != "Robin Maes" || cp.Ratio != 1 {
		t.Errorf("Sam's check = %+v, %v; want Robin's email at 1", cp, err)
	}
	if _, err := st.ColleagueCopy(ctx, robin.ID, draftTo.ID, []byte("short"), since); err == nil {
		t.Error("a fingerprint of the wrong size was compared")
	}
}

// TestFingerprintBackfill: a message stored before fingerprints says so;
// SetFingerprints stores one, and never replaces one.
func TestFingerprintBackfill(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	st := openTestStore(t)
	st.SetClock(func() time.Time { return now })
	robin, sam := robinAndSam(t, st)
	var err error
	var c contacts.Contact
	if err := st.InTx(ctx, func(tx *Tx) error {
		c, err = tx.AddContact(contacts.Contact{Name: "Anna", Email: "anna@kraftwerk.example"}, robin.Name)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	old := sendWith(t, st, robin, c, now.Add(-time.Hour), KindEmail, nil)
	kept := randomFingerprint(t)
	fresh := sendWith(t, st, robin, c, now.Add(-2*time.Hour), KindEmail, kept)
	has := func() map[int64]bool {
		rows, err := st.RecentBodies(ctx, robin.ID, now.Add(-24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]bool{}
		for _, r := range rows {
			out[r.ID] = r.HasFingerprint
		}
		return out
	}
	if h := has(); len(h) != 2 || h[old] || !h[fresh] {
		t.Fatalf("before: %v, want %d without, %d with", h, old, fresh)
	}
	fp := randomFingerprint(t)
	if err := st.SetFingerprints(ctx, []MessageFingerprint{{ID: old, Fingerprint: fp}, {ID: fresh, Fingerprint: randomFingerprint(t)}}); err != nil {
		t.Fatal(err)
	}
	if h := has(); !h[old] || !h[fresh] {
		t.Fatalf("after: %v, want both with", h)
	}
	since := now.Add(-24 * time.Hour)
	if cp, err := st.ColleagueCopy(ctx, sam.ID, 0, fp, since); err != nil || cp == nil || cp.Ratio != 1 {
		t.Errorf("the backfilled fingerprint: %+v, %v; want found at 1", cp, err)
	}
	if cp, err := st.ColleagueCopy(ctx, sam.ID, 0, kept, since); err != nil || cp == nil || cp.Ratio != 1 {
		t.Errorf("the fingerprint stored at sending: %+v, %v; want kept and found at 1", cp, err)
	}
	if err := st.SetFingerprints(ctx, []MessageFingerprint{{ID: old, Fingerprint: []byte("short")}}); err == nil {
		t.Error("a fingerprint of the wrong size was stored")
	}
}

// TestColleagueCopyAcrossRoles: connected as two rep roles, Anna reads none
// of Sam's messages or fingerprints and cannot overwrite them, yet her
// check finds Sam's near copy (a name, a date, a ratio and whether it is
// only queued); the function is
// nobody's but the team's, and looks only in its own schema.
func TestColleagueCopyAcrossRoles(t *testing.T) {
	tm := newTeam(t, anna, sam)
	ctx := context.Background()
	now := time.Now().UTC()
	as, bs := tm.as[anna[1]], tm.as[sam[1]]
	samRep, annaRep := tm.who[sam[1]].Rep, tm.who[anna[1]].Rep
	samsContact := tm.add(t, sam[1], prosp)
	fp := randomFingerprint(t)
	sent := sendWith(t, bs, samRep, samsContact, now.Add(-time.Hour), KindEmail, fp)
	mine := tm.add(t, anna[1], "eva.prospect@unikat.example")

	var seen int
	if err := as.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages WHERE fingerprint IS NOT NULL`).Scan(&seen); err != nil || seen != 0 {
		t.Fatalf("Anna sees %d fingerprints (%v), want 0", seen, err)
	}
	cp, err := as.ColleagueCopy(ctx, annaRep.ID, mine.ID, flipped(fp, 30), now.AddDate(0, 0, -30))
	if err != nil {
		t.Fatalf("ColleagueCopy as Anna = %v", err)
	}
	if cp == nil || cp.Rep != "Sam Peeters" || math.Abs(cp.Ratio-FingerprintRatio(fp, flipped(fp, 30))) > 1e-9 || now.Sub(cp.At) > 2*time.Hour {
		t.Fatalf("as Anna: %+v, want Sam's email of an hour ago", cp)
	}
	if cp, err := as.ColleagueCopy(ctx, annaRep.ID, mine.ID, flipped(fp, 94), now.AddDate(0, 0, -30)); err != nil || cp != nil {
		t.Errorf("below the limit: %+v, %v; want nothing said", cp, err)
	}
	if err := as.SetFingerprints(ctx, []MessageFingerprint{{ID: sent, Fingerprint: randomFingerprint(t)}}); err != nil {
		t.Fatalf("SetFingerprints on a colleague's message = %v, want no error and nothing changed", err)
	}
	var stored []byte
	if err := tm.owner.db.QueryRowContext(ctx, `SELECT fingerprint FROM messages WHERE id = ?`, sent).Scan(&stored); err != nil || !bytes.Equal(stored, fp) {
		t.Errorf("Sam's fingerprint after Anna's write: %x (%v), want unchanged", stored, err)
	}
	var cols int
	var secure, public bool
	var config string
	if err := tm.owner.db.QueryRowContext(ctx, `SELECT p.prosecdef, array_to_string(p.proconfig, ','), cardinality(p.proallargtypes) - p.pronargs,
			has_function_privilege('public', p.oid, 'EXECUTE')
		FROM pg_proc p WHERE p.proname = 'legit_colleague_copy' AND p.pronamespace = current_schema()::regnamespace`).Scan(&secure, &config, &cols, &public); err != nil {
		t.Fatal(err)
	}
	if !secure || cols != 4 || public || !bytes.Contains([]byte(config), []byte("search_path=")) {
		t.Errorf("legit_colleague_copy: security definer %v, %d columns out, PUBLIC may call %v, settings %q; want definer, 4, no, a search_path",
			secure, cols, public, config)
	}
}

// BenchmarkColleagueCopy is the team's not-bulk check at compose and send:
// 20 reps with 1,500 emails each in the 30-day window (and as many the
// month before), one fingerprint compared with all of theirs. "miss" finds
// nothing (the usual case), "hit" a near copy.
// Run: go test -run '^$' -bench ColleagueCopy ./store
// (with LEGIT_TEST_POSTGRES set, the PostgreSQL pass follows SQLite's).
func BenchmarkColleagueCopy(b *testing.B) {
	const reps, perRep = 20, 1500
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	s := openTestStore(b)
	s.SetClock(func() time.Time { return now })
	r := mrand.New(mrand.NewPCG(20, 1500))
	var target []byte
	var ids []int64
	for i := range reps {
		rep, err := s.EnsureRep(ctx, fmt.Sprint("Rep ", i), fmt.Sprintf("rep%d@northwind.example", i))
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, rep.ID)
	}
	err := s.InTx(ctx, func(t *Tx) error {
		contact, err := t.tx.PrepareContext(ctx, `INSERT INTO contacts (ref, name, email, email_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`)
		if err != nil {
			return err
		}
		defer contact.Close()
		msg, err := t.tx.PrepareContext(ctx, `INSERT INTO messages (contact_id, rep_id, message_id, subject, body, state, kind, created_at, sent_at, updated_at, fingerprint)
			VALUES (?, ?, ?, 'Hi', 'Hello', 'sent', 'email', ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer msg.Close()
		at := timeText(now)
		for i := range perRep {
			var cid int64
			email := fmt.Sprintf("person%d@example.com", i)
			if err := contact.QueryRowContext(ctx, fmt.Sprint("c-", i), fmt.Sprint("Person ", i), email, email, at, at).Scan(&cid); err != nil {
				return err
			}
			for j, rep := range ids {
				for month := range 2 {
					fp := make([]byte, FingerprintSize)
					for k := range fp {
						fp[k] = byte(r.Uint32())
					}
					if target == nil {
						target = fp
					}
					sent := timeText(now.Add(-time.Duration(month*30*24) * time.Hour).Add(-time.Duration(r.IntN(29*24*60)) * time.Minute))
					if _, err := msg.ExecContext(ctx, cid, rep, fmt.Sprintf("m%d-%d-%d@northwind.example", i, j, month), sent, sent, sent, fp); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	me := ids[len(ids)-1] // the first messages are Rep 0's: a colleague's
	for _, tc := range []struct {
		name string
		fp   []byte
		hit  bool
	}{{"miss", randomFingerprint(b), false}, {"hit", flipped(target, 20), true}} {
		b.Run(fmt.Sprintf("%s/%s", engineName(), tc.name), func(b *testing.B) {
			for b.Loop() {
				cp, err := s.ColleagueCopy(ctx, me, 0, tc.fp, now.Add(-30*24*time.Hour))
				if err != nil || (cp != nil) != tc.hit {
					b.Fatalf("ColleagueCopy() = %+v, %v; want found %v", cp, err, tc.hit)
				}
			}
		})
	}
}

// TestColleagueCopyGrantedByTheMigration: on a cluster whose team roles
// exist, the migration itself lets them call legit_colleague_copy, before
// the owner runs team init again.
func TestColleagueCopyGrantedByTheMigration(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: roles")
	}
	ctx := context.Background()
	if _, err := openTestStore(t).TeamInit(ctx); err != nil { // makes the roles when missing
		t.Fatal(err)
	}
	st := openTestStore(t) // a new database: its migrations run with the roles there
	for _, role := range []string{"legit_rep", "legit_lead", "legit_dpo"} {
		var may bool
		if err := st.db.QueryRowContext(ctx, `SELECT has_function_privilege(?, 'legit_colleague_copy(bigint, bigint, bytea, timestamptz)', 'EXECUTE')`, role).Scan(&may); err != nil || !may {
			t.Errorf("%s may call legit_colleague_copy: %v (%v), want true", role, may, err)
		}
	}
}

// TestCopyKeepsFingerprints: an email in a rep's SQLite database keeps its
// fingerprint when legit db copy brings it into the team's, so colleagues'
// drafts are compared with it from the first day.
func TestCopyKeepsFingerprints(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: a rep's SQLite database copied into the team's")
	}
	ctx := context.Background()
	src, err := openSQLite(ctx, filepath.Join(t.TempDir(), "legit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	robin, err := src.EnsureRep(ctx, "Robin Maes", "robin@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	var c contacts.Contact
	if err := src.InTx(ctx, func(tx *Tx) error {
		c, err = tx.AddContact(contacts.Contact{Name: "Anna", Email: "anna@kraftwerk.example"}, robin.Name)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	fp := randomFingerprint(t)
	sent := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	sendWith(t, src, robin, c, sent, KindEmail, fp)

	team := openTestStore(t)
	sam, err := team.EnsureRep(ctx, "Sam Peeters", "sam@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := team.CopyFrom(ctx, src, "/home/robin/.local/share/legit/legit.db", "Lead"); err != nil {
		t.Fatalf("CopyFrom() = %v", err)
	}
	cp, err := team.ColleagueCopy(ctx, sam.ID, 0, fp, sent.Add(-time.Hour))
	if err != nil || cp == nil || cp.Rep != "Robin Maes" || cp.Ratio != 1 || !cp.At.Equal(sent) {
		t.Errorf("after the copy: %+v, %v; want Robin's email at 1", cp, err)
	}
}
