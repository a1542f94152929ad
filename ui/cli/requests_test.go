package cli

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	neturl "net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"legit/contacts"
	"legit/store"
)

// TestRequestsCommand: the demo's two open requests are listed with their
// deadlines and who answers them (the rep who synced); one is given to
// another rep, which legit requests then shows; a stranger or a bad number
// is a usage error.
func TestRequestsCommand(t *testing.T) {
	ctx := context.Background()
	_, db := demoDB(t)
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnsureRep(ctx, "Sam Peeters", "sam@northwind.example"); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	out, code := runCLI(t, "--db", db, "requests")
	if code != 0 || strings.Count(out, "assigned to Robin Maes") != 2 || !strings.Contains(out, "answer by") ||
		!strings.Contains(out, "erasure request") || !strings.Contains(out, "access request") || !strings.Contains(out, "2 requests open.") {
		t.Fatalf("requests: exit %d:\n%s", code, out)
	}
	js, code := runCLI(t, "--db", db, "requests", "--json")
	var list []struct {
		ID       int64  `json:"id"`
		Kind     string `json:"kind"`
		DaysLeft int    `json:"days_left"`
		HeldBy   string `json:"held_by"`
		Assignee string `json:"assignee"`
		State    string `json:"contact_state"`
	}
	if code != 0 || json.Unmarshal([]byte(js), &list) != nil || len(list) != 2 || list[0].Assignee != "Robin Maes" ||
		list[0].HeldBy != "Robin Maes" || list[0].State != "held" || list[0].DaysLeft <= 0 {
		t.Fatalf("requests --json: exit %d, %+v:\n%s", code, list, js)
	}
	id := list[0].ID
	out, code = runCLI(t, "--db", db, "requests", "assign", itoa(id), "sam@northwind.example")
	if code != 0 || !strings.Contains(out, "is now Sam Peeters's to answer (logged)") {
		t.Errorf("requests assign: exit %d:\n%s", code, out)
	}
	if out, _ := runCLI(t, "--db", db, "requests"); !strings.Contains(out, "assigned to Sam Peeters") {
		t.Errorf("requests after assign:\n%s", out)
	}
	if out, code := runCLI(t, "--db", db, "log", "--kind", "assigned"); code != 0 || !strings.Contains(out, "assigned") {
		t.Errorf("log --kind assigned: exit %d:\n%s", code, out)
	}
	for _, args := range [][]string{{"assign", itoa(id), "stranger@elsewhere.example"}, {"assign", "x", "sam@northwind.example"}, {"assign", itoa(id)}} {
		if _, errOut, code := runCLIErr(t, append([]string{"--db", db, "requests"}, args...)...); code != 2 {
			t.Errorf("requests %v: exit %d, want 2:\n%s", args, code, errOut)
		}
	}
	if _, errOut, code := runCLIErr(t, "--db", db, "requests", "assign", "999", "sam@northwind.example"); code != 1 || !strings.Contains(errOut, "no open request 999") {
		t.Errorf("requests assign 999: exit %d, want 1:\n%s", code, errOut)
	}
}

// itoa is a request number as the command line takes it.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// teamCLI is a team database made through the command line (team init and
// team add, as the owner), with each member's address.
type teamCLI struct {
	owner string
	as    map[string]string // member email → the database address they connect with
}

// newTeamCLI runs legit team init and legit team add for each member
// (name, email, role) on a fresh schema, with logins unique to the test
// (dropped after it). It skips without PostgreSQL.
func newTeamCLI(t *testing.T, members ...[3]string) teamCLI {
	t.Helper()
	owner := pgTestDB(t)
	if out, code := runCLI(t, "team", "init", owner); code != 0 {
		t.Fatalf("team init: exit %d:\n%s", code, out)
	}
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	tm := teamCLI{owner: owner, as: map[string]string{}}
	var logins []string
	t.Cleanup(func() {
		raw, err := sql.Open("pgx", os.Getenv("LEGIT_TEST_POSTGRES"))
		if err != nil {
			return
		}
		defer raw.Close()
		for _, l := range logins {
			_, _ = raw.Exec(`DROP OWNED BY ` + l)
			_, _ = raw.Exec(`DROP ROLE ` + l)
		}
	})
	for _, m := range members {
		login := "c" + hex.EncodeToString(b) + "_" + store.LoginFor(m[1])
		logins = append(logins, login)
		if out, code := runCLI(t, "--db", owner, "team", "add", m[0], m[1], "--role", m[2], "--login", login); code != 0 {
			t.Fatalf("team add %s: exit %d:\n%s", m[1], code, out)
		}
		u, err := neturl.Parse(owner)
		if err != nil {
			t.Fatal(err)
		}
		u.User = neturl.User(login)
		tm.as[m[1]] = u.String()
	}
	return tm
}

// open opens the team database as member email, for what the command line
// has no command for (a contact added by hand, a draft).
func (tm teamCLI) open(t *testing.T, email string) (*store.Store, store.Rep) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, tm.as[email])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	rep, err := st.ConnectRep(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return st, rep
}

// addContact adds a prospect as rep, in st.
func addContact(t *testing.T, st *store.Store, rep store.Rep, name, email string) contacts.Contact {
	t.Helper()
	var c contacts.Contact
	err := st.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		c, err = tx.AddContact(contacts.Contact{Name: name, Email: email, Company: "Unikat", Country: "DE",
			Sources: []contacts.Source{{Kind: contacts.LinkedIn, Detail: "connections of " + rep.Name,
				ObtainedAt: time.Now().AddDate(0, 0, -3), ObtainedBy: rep.Name}}}, rep.Name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTeamRightsCommands (issue 15) drives the rights commands on a team
// database as each member: Sam holds the person under their old address
// (with a draft), Anna under the new one, where the request came in. The
// DPO's export gathers both reps' rows; Sam may not reassign; the DPO gives
// the request to Sam, who sees it though not Anna's contact; the DPO's
// erasure takes both rows; Sam's outbox tells him once.
func TestTeamRightsCommands(t *testing.T) {
	ctx := context.Background()
	const old, current = "ines.alt@unikat.example", "ines.neu@unikat.example"
	ann, sam, dora := "anna@northwind.example", "sam@northwind.example", "dora@northwind.example"
	tm := newTeamCLI(t, [3]string{"Anna Rep", ann, "rep"}, [3]string{"Sam Peeters", sam, "rep"}, [3]string{"Dora DPO", dora, "dpo"})
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home) // the members' outbox folders

	annaSt, annaRep := tm.open(t, ann)
	annaRow := addContact(t, annaSt, annaRep, "Ines Neu", old)
	f := contacts.FieldsOf(annaRow)
	f.Email = current
	if err := annaSt.InTx(ctx, func(tx *store.Tx) error { _, err := tx.Rectify(annaRow.ID, f, annaRep.Name); return err }); err != nil {
		t.Fatal(err)
	}
	if _, err := annaSt.SaveSyncBatch(ctx, store.SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 1, Rep: annaRep.Name,
		Items: []store.InboxItem{{UID: 1, MessageID: "erase-me@unikat.example", From: current, Date: time.Now().Add(-time.Hour),
			Class: contacts.ReplyErasure, Snippet: "Bitte löschen Sie meine Daten."}}}); err != nil {
		t.Fatal(err)
	}
	samSt, samRep := tm.open(t, sam)
	samRow := addContact(t, samSt, samRep, "Ines Altmann", old)
	if _, err := samSt.SaveDraft(ctx, store.Message{ContactID: samRow.ID, RepID: samRep.ID, Subject: "Hallo", Body: "Liebe Ines"}); err != nil {
		t.Fatal(err)
	}

	out, code := runCLI(t, "--db", tm.as[dora], "export", current)
	var doc struct {
		Contact struct{ Ref string } `json:"contact"`
		Others  []struct {
			Contact struct{ Ref string } `json:"contact"`
			Sources []struct {
				ObtainedBy string `json:"obtained_by"`
			} `json:"sources"`
			Messages []struct{ Body string } `json:"messages"`
		} `json:"other_records"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || doc.Contact.Ref != annaRow.Ref || len(doc.Others) != 1 ||
		doc.Others[0].Contact.Ref != samRow.Ref || len(doc.Others[0].Sources) != 1 || doc.Others[0].Sources[0].ObtainedBy != "Sam Peeters" ||
		len(doc.Others[0].Messages) != 1 || doc.Others[0].Messages[0].Body != "Liebe Ines" {
		t.Fatalf("the DPO's export: exit %d, want Anna's row with Sam's under other_records:\n%s", code, out)
	}
	if out, _ := runCLI(t, "--db", tm.as[ann], "export", current); strings.Contains(out, samRow.Ref) {
		t.Errorf("Anna's export holds Sam's row, which she does not see:\n%s", out)
	}

	if out, code := runCLI(t, "--db", tm.as[sam], "requests"); code != 0 || !strings.Contains(out, "No erasure or access request") {
		t.Errorf("Sam's queue before: exit %d:\n%s", code, out)
	}
	out, code = runCLI(t, "--db", tm.as[dora], "requests")
	if code != 0 || !strings.Contains(out, "Ines Neu ("+annaRow.Ref+"), held by Anna Rep") || !strings.Contains(out, "assigned to Anna Rep") {
		t.Fatalf("the DPO's queue: exit %d:\n%s", code, out)
	}
	js, _ := runCLI(t, "--db", tm.as[dora], "requests", "--json")
	var list []struct{ ID int64 }
	if err := json.Unmarshal([]byte(js), &list); err != nil || len(list) != 1 {
		t.Fatalf("requests --json: %v\n%s", err, js)
	}
	id := itoa(list[0].ID)
	if _, errOut, code := runCLIErr(t, "--db", tm.as[ann], "requests", "assign", id, sam); code != 1 || !strings.Contains(errOut, "only a lead or the DPO") {
		t.Errorf("Anna reassigns: exit %d, want 1, only a lead or the DPO:\n%s", code, errOut)
	}
	out, code = runCLI(t, "--db", tm.as[dora], "requests", "assign", id, sam)
	if code != 0 || !strings.Contains(out, "is now Sam Peeters's to answer") || !strings.Contains(out, "Sam Peeters cannot see the contact") {
		t.Errorf("the DPO assigns to Sam: exit %d:\n%s", code, out)
	}
	if out, _ := runCLI(t, "--db", tm.as[sam], "requests"); !strings.Contains(out, annaRow.Ref+" (Anna Rep's)") || !strings.Contains(out, "assigned to Sam Peeters") {
		t.Errorf("Sam's queue after: want the request, Anna's contact by ref:\n%s", out)
	}

	out, code = runCLI(t, "--db", tm.as[dora], "erase", current, "--yes")
	if code != 0 || !strings.Contains(out, "Also erased 1 other contact that held one of their addresses ("+samRow.Ref+")") ||
		!strings.Contains(out, "1 colleague's draft or queued email to them went too; 1 colleague is told") ||
		!strings.Contains(out, "This answers their erasure request") {
		t.Fatalf("the DPO's erasure: exit %d:\n%s", code, out)
	}
	for _, who := range []string{ann, sam, dora} {
		for _, addr := range []string{old, current} {
			if _, errOut, code := runCLIErr(t, "--db", tm.as[who], "export", addr); code != 1 || !strings.Contains(errOut, "on the suppression list") {
				t.Errorf("%s exports %s after the erasure: exit %d, want 1, nothing held but the suppression entry:\n%s", who, addr, code, errOut)
			}
		}
	}
	want := "A draft of yours to contact " + samRow.Ref + " was removed: the person was erased on " + time.Now().Format("2 Jan 2006") + " at their request."
	if out, code := runCLI(t, "--db", tm.as[sam], "outbox"); code != 0 || !strings.Contains(out, want) || strings.Contains(out, "Ines") {
		t.Errorf("Sam's outbox: exit %d, want %q:\n%s", code, want, out)
	}
	if out, _ := runCLI(t, "--db", tm.as[sam], "outbox"); strings.Contains(out, "removed") {
		t.Errorf("Sam's outbox the second time repeats the notice:\n%s", out)
	}
	if out, code := runCLI(t, "--db", tm.as[dora], "requests"); code != 0 || !strings.Contains(out, "No erasure or access request") {
		t.Errorf("the queue after the erasure: exit %d:\n%s", code, out)
	}
}
