package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"legit/contacts"
)

// TestCopyKnowsEveryTable: every table of a rep's database is either copied
// or deliberately left out, so a table added by a later migration cannot be
// forgotten by legit db copy.
func TestCopyKnowsEveryTable(t *testing.T) {
	sqliteOnly(t, "the rep's database a copy reads is SQLite")
	s := openTestStore(t)
	if err := s.checkCopyable(context.Background()); err != nil {
		t.Fatalf("checkCopyable() on a new database = %v: add the table to copyTables or copySkipped", err)
	}
}

// TestCopyRepDatabaseIntoTeam: Robin's own SQLite database joins the team's.
// His contacts come over (Marie, whom the team already holds, keeps the
// team's row), his opt-out and his erased person's suppression stay
// binding, his log is kept with its chain and the team's log records the
// join; a second copy adds nothing.
func TestCopyRepDatabaseIntoTeam(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: a rep's SQLite database copied into the team's")
	}
	ctx := context.Background()
	src, err := openSQLite(ctx, filepath.Join(t.TempDir(), "legit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	row := func(name, email string) contacts.ImportRow {
		return contacts.ImportRow{Line: 2, Name: name, Email: email, Company: "Acme BV", Country: "NL"}
	}
	importRows(t, src, row("Anna Jansen", "anna@acme.example"), row("Jan de Vries", "jan@acme.example"), row("Marie Dubois", "marie@acme.example"))
	if _, err := src.RecordOptOut(ctx, OptOut{Email: "anna@acme.example", Reason: ReasonOptOut, Via: "phone", Rep: rightsRep}); err != nil {
		t.Fatal(err)
	}
	jan, err := src.ContactByEmail(ctx, "jan@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Erase(ctx, jan.ID, rightsRep, ErasureRequest); err != nil {
		t.Fatal(err)
	}
	srcChain, err := src.VerifyChain(ctx)
	if err != nil {
		t.Fatal(err)
	}

	team := openTestStore(t)
	importRows(t, team, row("Marie Dubois", "marie@acme.example"))
	before := dbCounts(t, team)
	r, err := team.CopyFrom(ctx, src, "/home/robin/.local/share/legit/legit.db", "Lead")
	if err != nil {
		t.Fatalf("CopyFrom() = %v", err)
	}
	if r.Added["contacts"] != 1 || r.Shared != 1 {
		t.Errorf("copy added %d contacts and shared %d, want Anna added and Marie shared: %+v", r.Added["contacts"], r.Shared, r)
	}
	if r.Suppressions != 1 || r.Foreign != 1 {
		t.Errorf("copy re-keyed %d suppressions and kept %d foreign, want Anna's re-keyed and Jan's kept: %+v", r.Suppressions, r.Foreign, r)
	}
	for email, want := range map[string]bool{"anna@acme.example": true, "jan@acme.example": true, "marie@acme.example": false} {
		if got, err := team.IsSuppressed(ctx, email); err != nil || got != want {
			t.Errorf("team IsSuppressed(%s) = %v, %v; want %v", email, got, err, want)
		}
	}
	if res := importRows(t, team, row("Jan de Vries", "jan@acme.example")); res.Suppressed != 1 || res.Imported != 0 {
		t.Errorf("re-import of the person erased in Robin's database = %+v, want it skipped as suppressed", res)
	}
	if r.Events != srcChain.Events || r.Head != srcChain.Head {
		t.Errorf("copy kept %d events ending %s, want %d ending %s", r.Events, r.Head, srcChain.Events, srcChain.Head)
	}
	if _, err := team.VerifyChain(ctx); err != nil {
		t.Errorf("team chain after the copy: %v", err)
	}
	var head string
	if err := team.db.QueryRow(`SELECT details_json->>'head' FROM events WHERE kind = 'joined'`).Scan(&head); err != nil || head != srcChain.Head {
		t.Errorf("joined event head = %q, %v; want %q", head, err, srcChain.Head)
	}
	js, err := team.VerifyJoined(ctx)
	if err != nil || len(js) != 1 || js[0].Err != nil || js[0].Head != js[0].Recorded || js[0].Events != srcChain.Events {
		t.Errorf("VerifyJoined() = %+v, %v; want Robin's chain intact, ending at the recorded head", js, err)
	}
	var anna contacts.Contact
	if anna, err = team.ContactByEmail(ctx, "anna@acme.example"); err != nil || len(anna.Sources) != 1 || !anna.Suppressed {
		t.Errorf("Anna in the team database = %+v, %v; want her source and her opt-out", anna, err)
	}

	after := dbCounts(t, team)
	again, err := team.CopyFrom(ctx, src, "/home/robin/.local/share/legit/legit.db", "Lead")
	if err != nil {
		t.Fatalf("second CopyFrom() = %v", err)
	}
	if len(again.Added) != 0 || again.NewEvents != 0 {
		t.Errorf("second copy added %+v and %d events, want nothing", again.Added, again.NewEvents)
	}
	if got := dbCounts(t, team); got["events"] != after["events"] || got["contacts"] != after["contacts"] || got["sources"] != after["sources"] {
		t.Errorf("counts after a second copy = %v, want %v (before the first: %v)", got, after, before)
	}
}

// TestCopyLeavesTheListToWorkOut: the contacts a copy brings have their
// list columns worked out by the team's database (list_search NULL until
// its first list), not taken from the rep's.
func TestCopyLeavesTheListToWorkOut(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: a rep's SQLite database copied into the team's")
	}
	ctx := context.Background()
	src, err := openSQLite(ctx, filepath.Join(t.TempDir(), "legit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	importRows(t, src, contacts.ImportRow{Line: 2, Name: "Anna Jansen", Email: "anna@acme.example", Company: "Acme BV", Country: "NL"})
	// A contact with no source: no copied source marks it stale.
	if err := src.InTx(ctx, func(tx *Tx) error {
		_, err := tx.AddContact(contacts.Contact{Name: "Bert Smit", Email: "bert@acme.example", Country: "NL"}, rightsRep)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := src.CountList(ctx, listQuery(ListAll, "")); err != nil || n.Tabs[ListAll] != 2 {
		t.Fatalf("the rep's list = %+v, %v", n, err)
	}
	if _, err := src.db.Exec(`UPDATE contacts SET list_search = 'worked out elsewhere', list_needs_basis = 0`); err != nil {
		t.Fatal(err)
	}
	team := openTestStore(t)
	if _, err := team.CopyFrom(ctx, src, "/home/robin/.local/share/legit/legit.db", "Lead"); err != nil {
		t.Fatalf("CopyFrom() = %v", err)
	}
	var kept int
	if err := team.db.QueryRow(`SELECT COUNT(*) FROM contacts WHERE list_search IS NOT NULL OR list_needs_basis = 0`).Scan(&kept); err != nil || kept != 0 {
		t.Errorf("%d copied contacts kept the rep's list columns (%v), want none", kept, err)
	}
	if n, err := team.CountList(ctx, listQuery(ListNeedsBasis, "")); err != nil || n.Tabs[ListAll] != 2 || n.Tabs[ListNeedsBasis] != 2 {
		t.Errorf("the team's list after the copy = %+v, %v; want both contacts, needing a basis", n, err)
	}
	if got := listNames(t, team, listQuery(ListAll, "smit")); !slices.Equal(got, []string{"Bert Smit"}) {
		t.Errorf("filter smit lists %q", got)
	}
}

// TestCopyRefusesAnotherEngine: only a rep's SQLite file goes into a team's
// PostgreSQL database.
func TestCopyRefusesAnotherEngine(t *testing.T) {
	s := openTestStore(t)
	if _, err := s.CopyFrom(context.Background(), s, "x", "Lead"); err == nil || errors.Is(err, ErrCopySource) {
		t.Errorf("CopyFrom(itself) = %v, want the engines refused", err)
	}
}

// TestContactAddedAfterImport: after an import, which picks the new
// contacts' ids itself, a contact added by hand gets a new id (on
// PostgreSQL the identity must have moved on).
func TestContactAddedAfterImport(t *testing.T) {
	s := openTestStore(t)
	importRows(t, s, contacts.ImportRow{Line: 2, Name: "Anna Jansen", Email: "anna@acme.example"})
	err := s.InTx(context.Background(), func(tx *Tx) error {
		_, err := tx.AddContact(contacts.Contact{Name: "Jan de Vries", Email: "jan@acme.example",
			Sources: []contacts.Source{{Kind: contacts.Manual, Detail: "phone call", ObtainedAt: rightsNow, ObtainedBy: rightsRep}}}, rightsRep)
		return err
	})
	if err != nil {
		t.Fatalf("AddContact() after an import = %v", err)
	}
}

// TestCopyRekeysImportKeys: a contact copied from a rep's database is found
// by the team's next import of the same LinkedIn row (by name and company,
// as its keys were made with the rep's key), not added a second time.
func TestCopyRekeysImportKeys(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: a rep's SQLite database copied into the team's")
	}
	ctx := context.Background()
	src, err := openSQLite(ctx, filepath.Join(t.TempDir(), "legit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	piet := contacts.ImportRow{Line: 2, Name: "Piet Bakker", Company: "Bakkerij BV", Profile: "https://www.linkedin.com/in/pietbakker"}
	importRows(t, src, piet)
	team := openTestStore(t)
	if _, err := team.CopyFrom(ctx, src, "/home/robin/.local/share/legit/legit.db", "Lead"); err != nil {
		t.Fatalf("CopyFrom() = %v", err)
	}
	if res := importRows(t, team, piet); res.Imported != 0 || res.Merged != 1 {
		t.Errorf("import into the team of a row copied from Robin's database = %+v, want it merged into the copied contact", res)
	}
	if got := dbCounts(t, team)["contacts"]; got != 1 {
		t.Errorf("team contacts = %d, want 1", got)
	}
	// The contact now has the team's profile key: the next import finds
	// it by profile.
	if res := importRows(t, team, piet); res.Imported != 0 || res.Merged != 1 {
		t.Errorf("second import into the team = %+v, want it merged", res)
	}
}
