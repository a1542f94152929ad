package outreach

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"legit/contacts"
	"legit/store"
)

// twoReps is a database with two reps, Robin and Sam, each with a store of
// their own: on SQLite one file opened twice; on PostgreSQL a fresh schema
// after team init, each rep connected as their own login role (row-level
// security: neither reads the other's messages).
type twoReps struct {
	robin, sam       *store.Store
	robinRep, samRep store.Rep
}

// openTwoReps opens the database of engine ("sqlite" or "postgres"; the
// latter skips without LEGIT_TEST_POSTGRES).
func openTwoReps(t *testing.T, engine string) twoReps {
	t.Helper()
	ctx := context.Background()
	open := func(dsn string) *store.Store {
		t.Helper()
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("open %s: %v", engine, err)
		}
		t.Cleanup(func() { _ = st.Close() })
		st.SetClock(func() time.Time { return testNow })
		return st
	}
	if engine == "sqlite" {
		path := filepath.Join(t.TempDir(), "legit.db")
		tr := twoReps{robin: open(path), sam: open(path)}
		var err error
		if tr.robinRep, err = tr.robin.ConnectRep(ctx, "Robin Maes", "robin.maes@northwind.example"); err != nil {
			t.Fatal(err)
		}
		if tr.samRep, err = tr.sam.ConnectRep(ctx, "Sam Peeters", "sam.peeters@northwind.example"); err != nil {
			t.Fatal(err)
		}
		return tr
	}
	url := os.Getenv("LEGIT_TEST_POSTGRES")
	if url == "" {
		t.Skip("needs PostgreSQL: set LEGIT_TEST_POSTGRES=postgres://… (.ci/run starts one)")
	}
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	suffix := hex.EncodeToString(b)
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	schema := "outreach_" + suffix
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	u, err := neturl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	owner := open(u.String())
	var logins []string
	t.Cleanup(func() { // after the members' stores close (cleanups run last first)
		for _, l := range logins {
			_, _ = admin.Exec(`DROP OWNED BY ` + l)
			_, _ = admin.Exec(`DROP ROLE ` + l)
		}
		_, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		_ = admin.Close()
	})
	if _, err := owner.TeamInit(ctx); err != nil {
		t.Fatalf("TeamInit() = %v", err)
	}
	member := func(name, email string) (*store.Store, store.Rep) {
		t.Helper()
		login := "t" + suffix + "_" + store.LoginFor(email)
		logins = append(logins, login)
		if _, err := owner.AddMember(ctx, name, email, store.RoleRep, login, "Owner"); err != nil {
			t.Fatalf("AddMember(%s) = %v", email, err)
		}
		mu := *u
		mu.User = neturl.User(login)
		st := open(mu.String())
		rep, err := st.ConnectRep(ctx, "", "")
		if err != nil {
			t.Fatalf("ConnectRep as %s: %v", login, err)
		}
		return st, rep
	}
	var tr twoReps
	tr.robin, tr.robinRep = member("Robin Maes", "robin.maes@northwind.example")
	tr.sam, tr.samRep = member("Sam Peeters", "sam.peeters@northwind.example")
	return tr
}

// prospect adds a sendable prospect (a company in Sweden, legitimate
// interest, a LinkedIn source) held by rep.
func prospect(t *testing.T, st *store.Store, rep store.Rep, name, email, company string) contacts.Contact {
	t.Helper()
	c := passingInput().Contact
	c.ID, c.Ref, c.Name, c.Email, c.Company = 0, "", name, email, company
	c.Sources = []contacts.Source{{Kind: contacts.LinkedIn, Detail: "connections", ObtainedAt: testNow.AddDate(0, 0, -10), ObtainedBy: rep.Name}}
	err := st.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		c, err = tx.AddContact(c, rep.Name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTeamCopyAcrossReps: Robin sends an email; Sam's draft of the same
// text (his own recipient's name and company in it) is refused at compose
// and at send, naming Robin, the ratio and the day; a rewritten one goes.
// An email Sam sent before fingerprints is missed until Sam composes again
// (the lazy backfill); then Robin's queued copy of it is taken back to the
// drafts at delivery. On both engines; on PostgreSQL as two rep roles.
func TestTeamCopyAcrossReps(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			tr := openTwoReps(t, engine)
			anna := prospect(t, tr.robin, tr.robinRep, "Anna de Vries", "anna.devries@polderdata.example", "Polderdata AB")
			bram := prospect(t, tr.sam, tr.samRep, "Bram Mulder", "bram@deltawater.example", "Delta Water AB")
			robin := testSender(tr.robin, tr.robinRep, Outbox{Dir: filepath.Join(t.TempDir(), "robin")})
			sam := testSender(tr.sam, tr.samRep, Outbox{Dir: filepath.Join(t.TempDir(), "sam")})
			sam.Builder.NewID = func() string { return "sam-1@northwind.example" }
			text := "Hello %s,\n\nI saw that %s plans routes for many depots. Our tool cuts planning time by a third; could we talk next week about how you split the work between depots today?\n\nRobin\n"
			to := func(c contacts.Contact, body string) Draft {
				return Draft{To: []string{c.Email}, Subject: "Route planning", Body: body}
			}
			if _, err := robin.Send(ctx, 0, anna.ID, to(anna, strings.NewReplacer("%s,", "Anna,", "%s plans", "Polderdata AB plans").Replace(text))); err != nil {
				t.Fatalf("Robin's send = %v", err)
			}

			copyForBram := to(bram, strings.NewReplacer("%s,", "Bram,", "%s plans", "Delta Water AB plans").Replace(text))
			why := "Robin Maes sent a near copy (100%) to someone else on 23 Nov"
			in, err := sam.Input(ctx, bram, copyForBram)
			if err != nil {
				t.Fatalf("Sam's Input() = %v", err)
			}
			if f := Check(in, testNow).Failing(); len(f) != 1 || f[0].Rule != RulePersonal || f[0].Why != why {
				t.Fatalf("Sam's checklist fails %+v, want only %s: %s", f, RulePersonal, why)
			}
			_, err = sam.Send(ctx, 0, bram.ID, copyForBram)
			if _, refused := errors.AsType[*RefusedError](err); !refused || !strings.Contains(err.Error(), why) {
				t.Fatalf("Sam's send = %v, want refused: %s", err, why)
			}
			if n, _, _ := tr.sam.SendCounts(ctx, bram.ID); n != 0 {
				t.Fatalf("%d emails to Bram after the refusal, want 0", n)
			}
			if strings.Contains(err.Error(), "Anna") || strings.Contains(err.Error(), "Polderdata") {
				t.Errorf("the refusal names Robin's recipient: %v", err)
			}
			own := copyForBram
			own.Body = "Hello Bram,\n\nYour post about the new depot in Delft caught my eye: how do you share the routes between the old and the new site?\n\nSam\n"
			if _, err := sam.Send(ctx, 0, bram.ID, own); err != nil {
				t.Fatalf("Sam's own email = %v, want sent", err)
			}

			// Sam's email of before the upgrade: stored with no fingerprint.
			carla := prospect(t, tr.sam, tr.samRep, "Carla Jansen", "carla@vaart.example", "Vaart AB")
			old := "Dear %s, we help logistics teams at companies like %s plan their week in an hour instead of a day. Shall I send you a two-page summary of how it works?"
			id, err := tr.sam.SaveDraft(ctx, store.Message{ContactID: carla.ID, RepID: tr.samRep.ID, Subject: "Planning", Body: strings.NewReplacer("%s,", "Carla,", "%s plan", "Vaart AB plan").Replace(old)})
			if err != nil {
				t.Fatal(err)
			}
			if err := tr.sam.MarkSending(ctx, store.Message{ID: id, MessageID: "old-1@northwind.example", Subject: "Planning",
				Body: strings.NewReplacer("%s,", "Carla,", "%s plan", "Vaart AB plan").Replace(old), NoticeForm: "long", Transport: "smtp"}); err != nil {
				t.Fatal(err)
			}
			if err := tr.sam.MarkSent(ctx, store.SentRecord{ID: id, ContactID: carla.ID, ContactRef: carla.Ref, Rep: tr.samRep.Name,
				MessageID: "old-1@northwind.example", At: testNow.AddDate(0, 0, -2), LongNotice: true, Transport: "smtp"}); err != nil {
				t.Fatal(err)
			}
			dirk := prospect(t, tr.robin, tr.robinRep, "Dirk Smit", "dirk@kanaal.example", "Kanaal AB")
			queue := queueSender(t, tr.robin, tr.robinRep)
			queue.Builder.NewID = func() string { return "robin-q@northwind.example" }
			res, err := queue.Send(ctx, 0, dirk.ID, to(dirk, strings.NewReplacer("%s,", "Dirk,", "%s plan", "Kanaal AB plan").Replace(old)))
			if err != nil || !res.Queued {
				t.Fatalf("Robin's queued copy of an email of before fingerprints = %+v, %v; want queued (not compared yet)", res, err)
			}
			if _, err := sam.Input(ctx, carla, Draft{}); err != nil { // Sam composes: his window gets fingerprints
				t.Fatalf("Sam's Input() = %v", err)
			}
			queue.Transport = Outbox{Dir: filepath.Join(t.TempDir(), "robin-out")}
			got, err := queue.DeliverQueue(ctx)
			if err != nil || len(got) != 1 || got[0].State != QueueReturned || !strings.Contains(got[0].Reason, "Sam Peeters sent a near copy (100%) to someone else on 21 Nov") {
				t.Fatalf("DeliverQueue() = %+v, %v; want the copy back in the drafts, naming Sam", got, err)
			}
			if m, err := tr.robin.Message(ctx, res.MessageRow); err != nil || m.State != store.StateFailed {
				t.Errorf("Robin's queued copy: %+v, %v; want back in the drafts", m.State, err)
			}
		})
	}
}
