package store

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"legit/contacts"
)

// The rows the member-import tests import: people found by address, by
// LinkedIn profile only, and by name and company only.
var (
	byAddress = contacts.ImportRow{Line: 2, Name: "Anna Müller", Email: "anna.mueller@kraftwerk.example",
		Company: "Kraftwerk Logistik GmbH", Country: "DE", Profile: "linkedin.com/in/anna-mueller"}
	byProfile = contacts.ImportRow{Line: 3, Name: "Piotr Nowak", Company: "Kraków Metal", Country: "PL",
		Profile: "linkedin.com/in/piotr-nowak"}
	byName = contacts.ImportRow{Line: 4, Name: "Ingrid de Vries", Company: "Zuiderzee Bouw", Country: "NL"}
	newOne = contacts.ImportRow{Line: 5, Name: "Jan Prospect", Email: "jan.prospect@unikat.example", Company: "Unikat",
		Country: "DE"}
	// optedOut is byAddress again, marked in the file as not to be emailed.
	optedOut = contacts.ImportRow{Line: 6, Name: "Anna Müller", Email: "anna.mueller@kraftwerk.example",
		Company: "Kraftwerk Logistik GmbH", OptedOut: true}
)

// importAs imports rows as the team member with address who.
func (tm *team) importAs(t *testing.T, who string, rows ...contacts.ImportRow) ImportResult {
	t.Helper()
	rep := tm.who[who].Rep
	b := ImportBatch{FileName: "connections.csv", Format: contacts.FormatLinkedIn, Rep: rep,
		Source: contacts.Source{Kind: contacts.LinkedIn, Detail: "my connections", ObtainedAt: importNow, ObtainedBy: rep.Name}}
	res, err := tm.as[who].Import(context.Background(), b, rows, nil)
	if err != nil {
		t.Fatalf("Import as %s = %v", who, err)
	}
	return res
}

// ownerCount counts rows of table as the database's owner sees them.
func (tm *team) ownerCount(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := tm.owner.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestMemberImportOwnedByAColleague(t *testing.T) {
	tm := newTeam(t, anna, sam, lena)
	ctx := context.Background()

	first := tm.importAs(t, anna[1], byAddress, byProfile, byName)
	if first.Imported != 3 || first.Owned != 0 || first.BatchID == 0 {
		t.Fatalf("Anna's import = %+v, want 3 imported", first)
	}
	if list, err := tm.as[anna[1]].ListContacts(ctx); err != nil || len(list) != 3 {
		t.Fatalf("Anna's list = %d contacts (%v), want her 3", len(list), err)
	}
	if n := tm.ownerCount(t, `SELECT COUNT(*) FROM contacts WHERE owner_id = ?`, tm.who[anna[1]].ID); n != 3 {
		t.Errorf("Anna owns %d contacts, want 3: the first importer owns", n)
	}

	// Sam imports the same people and one of his own: the three are
	// Anna's, reported, neither merged into hers nor made again.
	second := tm.importAs(t, sam[1], byAddress, byProfile, byName, newOne)
	want := []OwnedCount{{Owner: "Anna Rep", Rows: 3}}
	if second.Imported != 1 || second.Merged != 0 || second.Owned != 3 || !reflect.DeepEqual(second.OwnedBy, want) {
		t.Errorf("Sam's import = %+v, want 1 imported, 3 owned by Anna Rep", second)
	}
	if n := tm.ownerCount(t, `SELECT COUNT(*) FROM contacts`); n != 4 {
		t.Errorf("%d contacts in the team, want 4: no duplicates", n)
	}
	if n := tm.ownerCount(t, `SELECT COUNT(*) FROM sources s JOIN contacts c ON c.id = s.contact_id WHERE c.owner_id = ?`,
		tm.who[anna[1]].ID); n != 3 {
		t.Errorf("Anna's contacts have %d sources, want 3: Sam's rows are not merged into them", n)
	}
	if list, err := tm.as[sam[1]].ListContacts(ctx); err != nil || len(list) != 1 || list[0].Email != newOne.Email {
		t.Errorf("Sam's list = %+v (%v), want only %s", list, err, newOne.Email)
	}
	var details string
	if err := tm.owner.db.QueryRow(`SELECT details FROM events WHERE kind = 'import' AND rep = ? ORDER BY id DESC LIMIT 1`,
		sam[0]).Scan(&details); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(details, `"owned":"3"`) || strings.Contains(details, "Anna") {
		t.Errorf("Sam's import event = %s, want the owned count and no names", details)
	}

	// The ids go on: a contact added by hand after the imports, and
	// another import, take new ones.
	hand := tm.add(t, sam[1], "kim.hand@unikat.example")
	third := tm.importAs(t, anna[1], contacts.ImportRow{Line: 2, Name: "Eva Nowa", Email: "eva.nowa@krakow.example", Company: "Kraków Metal"})
	if third.Imported != 1 {
		t.Errorf("Anna's third import = %+v, want 1 imported", third)
	}
	var maxID, handID int64
	if err := tm.owner.db.QueryRow(`SELECT MAX(id), (SELECT id FROM contacts WHERE ref = ?) FROM contacts`, hand.Ref).Scan(&maxID, &handID); err != nil {
		t.Fatal(err)
	}
	if handID == 0 || maxID <= handID {
		t.Errorf("the contact added by hand has id %d, the last imported %d: ids must keep rising", handID, maxID)
	}
	if n := tm.ownerCount(t, `SELECT COUNT(*) FROM contacts`); n != 6 {
		t.Errorf("%d contacts, want 6", n)
	}

	// The lead sees the whole team: the same rows merge into Anna's
	// contacts (a lead's import claims nothing of a colleague's).
	lead := tm.importAs(t, lena[1], byAddress, byProfile, newOne, contacts.ImportRow{Line: 9, Name: "Lena's Own",
		Email: "own@lead.example", Company: "Lead Corp"})
	if lead.Imported != 1 || lead.Merged != 3 || lead.Owned != 0 {
		t.Errorf("the lead's import = %+v, want 1 imported, 3 merged", lead)
	}
	if n := tm.ownerCount(t, `SELECT COUNT(*) FROM contacts WHERE owner_id = ?`, tm.who[lena[1]].ID); n != 1 {
		t.Errorf("the lead owns %d contacts, want the 1 she brought", n)
	}
}

func TestMemberImportSuppression(t *testing.T) {
	tm := newTeam(t, anna, sam)
	ctx := context.Background()
	// An address on the organisation's list with no contact: no member's
	// policy shows its entry, and the import must still skip it.
	if err := tm.owner.InTx(ctx, func(tx *Tx) error {
		return tx.Suppress("stop@unikat.example", "", "Owner", ReasonOptOut)
	}); err != nil {
		t.Fatal(err)
	}
	stop := contacts.ImportRow{Line: 7, Name: "Stop Me", Email: "Stop@Unikat.example", Company: "Unikat"}
	got, err := tm.as[sam[1]].SuppressedAmong(ctx, []string{stop.Email, newOne.Email})
	if err != nil || !reflect.DeepEqual(got, map[string]bool{stop.Email: true}) {
		t.Errorf("SuppressedAmong as Sam = %v, %v; want only %s", got, err, stop.Email)
	}
	res := tm.importAs(t, sam[1], stop, newOne)
	if res.Imported != 1 || res.Suppressed != 1 {
		t.Errorf("Sam's import = %+v, want 1 imported, 1 suppressed", res)
	}

	// Anna's contact opts out in Sam's file: Sam may not change it, and
	// the address goes on the organisation's list all the same.
	if r := tm.importAs(t, anna[1], byAddress); r.Imported != 1 {
		t.Fatalf("Anna's import = %+v", r)
	}
	res = tm.importAs(t, sam[1], optedOut)
	if res.Suppressed != 1 || res.Owned != 0 || res.Imported != 0 {
		t.Errorf("Sam's opt-out row = %+v, want 1 suppressed", res)
	}
	if c, err := tm.as[anna[1]].CheckAddress(ctx, byAddress.Email); err != nil || !c.Suppressed {
		t.Errorf("CheckAddress(%s) = %+v, %v; want suppressed", byAddress.Email, c, err)
	}
	again := tm.importAs(t, sam[1], byAddress)
	if again.Suppressed != 1 || again.Owned != 0 {
		t.Errorf("Sam's import of the suppressed address = %+v, want 1 suppressed", again)
	}
	if n := tm.ownerCount(t, `SELECT COUNT(*) FROM contacts`); n != 2 {
		t.Errorf("%d contacts, want 2", n)
	}
}

// TestMemberImportKeys: the keys the server computes for a member are the
// ones the owner computes with the key: a contact the owner imported is
// found by a member's import, by address, profile and name.
func TestMemberImportKeys(t *testing.T) {
	tm := newTeam(t, lena)
	ctx := context.Background()
	rows := []importRow{{ImportRow: byAddress}, {ImportRow: byProfile}, {ImportRow: byName},
		{ImportRow: contacts.ImportRow{Name: "Zoë Ĳzerman", Company: "Łódź \u00a0 Sp. z o.o.", Email: "zoe@łódź.example"}}}
	own, theirs := append([]importRow(nil), rows...), append([]importRow(nil), rows...)
	if err := tm.owner.importKeyer().rows(ctx, own); err != nil {
		t.Fatal(err)
	}
	member := tm.as[lena[1]]
	if !member.serverHash {
		t.Fatal("the lead's store reads the key: want it hashed on the server")
	}
	if err := member.importKeyer().rows(ctx, theirs); err != nil {
		t.Fatalf("keys on the server: %v", err)
	}
	for i := range own {
		if !reflect.DeepEqual(own[i], theirs[i]) {
			t.Errorf("row %d: the owner keys %+v, the server %+v", i, own[i], theirs[i])
		}
	}

	b := ImportBatch{FileName: "owner.csv", Format: contacts.FormatLinkedIn, Rep: Rep{ID: tm.who[lena[1]].ID, Name: "Owner"},
		Source: contacts.Source{Kind: contacts.LinkedIn, Detail: "owner's", ObtainedAt: importNow, ObtainedBy: "Owner"}}
	if res, err := tm.owner.Import(ctx, b, []contacts.ImportRow{byAddress, byProfile, byName}, nil); err != nil || res.Imported != 3 {
		t.Fatalf("the owner's import = %+v, %v", res, err)
	}
	res := tm.importAs(t, lena[1], byAddress, byProfile, byName)
	if res.Imported != 0 || res.Merged != 3 {
		t.Errorf("the lead's import of the owner's contacts = %+v, want 3 merged", res)
	}
	// A dry run as a member counts and keeps nothing.
	before := tm.ownerCount(t, `SELECT COUNT(*) FROM contacts`)
	b.Rep, b.DryRun = tm.who[lena[1]].Rep, true
	if dry, err := member.Import(ctx, b, []contacts.ImportRow{newOne}, nil); err != nil || dry.Imported != 1 {
		t.Errorf("dry run = %+v, %v", dry, err)
	}
	if n := tm.ownerCount(t, `SELECT COUNT(*) FROM contacts`); n != before {
		t.Errorf("%d contacts after a dry run, want %d", n, before)
	}
}

// BenchmarkImportMember30k is BenchmarkImportLinkedIn30k's rows imported by a
// rep connected as their own role (the server keys the rows and answers for
// colleagues' contacts), then the same rows by a second rep, who finds every
// one a colleague's (the PostgreSQL pass only):
//
//	LEGIT_TEST_POSTGRES=postgres://... go test -run '^$' -bench 'ImportMember30k|ImportLinkedIn30k' -benchtime 3x ./store/
func BenchmarkImportMember30k(b *testing.B) {
	if !onPostgres() {
		b.Skip("PostgreSQL pass only: team roles")
	}
	p := parsedLinkedIn30k(b)
	ctx := context.Background()
	for _, second := range []bool{false, true} {
		name := "first"
		if second {
			name = "colleague"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				tm := newTeam(b, anna, sam)
				if second {
					if _, err := tm.as[anna[1]].Import(ctx, batchFor(p, tm.who[anna[1]].Rep, contacts.LinkedIn), p.Records, nil); err != nil {
						b.Fatal(err)
					}
				}
				who := sam[1]
				b.StartTimer()
				res, err := tm.as[who].Import(ctx, batchFor(p, tm.who[who].Rep, contacts.LinkedIn), p.Records, nil)
				if err != nil {
					b.Fatal(err)
				}
				if got := res.Imported + res.Owned; got != linkedIn30k {
					b.Fatalf("imported %d and owned %d, want %d in all", res.Imported, res.Owned, linkedIn30k)
				}
			}
		})
	}
}
