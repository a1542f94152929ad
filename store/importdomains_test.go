package store

import (
	"context"
	"maps"
	"strings"
	"testing"

	"legit/contacts"
)

// blockedRows are two people at a domain a lead has put on the list (one
// address written in capitals), one at another domain that only ends the
// same, and one elsewhere.
var blockedRows = []contacts.ImportRow{
	{Line: 2, Name: "Eva Blocked", Email: "eva@blocked.example", Company: "Blocked BV", Country: "NL"},
	{Line: 3, Name: "Piet Blocked", Email: "Piet@BLOCKED.example", Company: "Blocked BV", Country: "NL"},
	{Line: 4, Name: "Nina Notblocked", Email: "nina@notblocked.example", Company: "Other BV", Country: "NL"},
	{Line: 5, Name: "Jan Prospect", Email: "jan.prospect@unikat.example", Company: "Unikat", Country: "DE"},
}

// checkPreview checks that SuppressedAmong, which an import's preview asks,
// names the two addresses at the suppressed domain and only those.
func checkPreview(t *testing.T, s *Store) {
	t.Helper()
	var emails []string
	for _, r := range blockedRows {
		emails = append(emails, r.Email)
	}
	got, err := s.SuppressedAmong(context.Background(), emails)
	want := map[string]bool{blockedRows[0].Email: true, blockedRows[1].Email: true}
	if err != nil || !maps.Equal(got, want) {
		t.Errorf("SuppressedAmong() = %v, %v; want %v", got, err, want)
	}
}

// TestImportSkipsSuppressedDomains: a domain on the suppression list
// suppresses every address at it in an import, as it does at send.
func TestImportSkipsSuppressedDomains(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	if err := s.SuppressDomain(ctx, "blocked.example", rep.Name); err != nil {
		t.Fatal(err)
	}
	checkPreview(t, s)
	b := ImportBatch{FileName: "people.csv", Format: contacts.FormatCSV, Rep: rep,
		Source: contacts.Source{Kind: contacts.Event, Detail: "fair", ObtainedAt: importNow, ObtainedBy: rep.Name}}
	res, err := s.Import(ctx, b, blockedRows, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 2 || res.Suppressed != 2 {
		t.Fatalf("Import() = %+v, want 2 imported, 2 suppressed (the domain's)", res)
	}
	for _, r := range blockedRows[:2] {
		if c, err := s.ContactByEmail(ctx, r.Email); err == nil {
			t.Errorf("%s at the suppressed domain was imported as contact %d", r.Email, c.ID)
		}
	}
}

// TestMemberImportSkipsSuppressedDomains: the same for a rep on a team,
// who cannot read the list: the server answers for the domains too.
func TestMemberImportSkipsSuppressedDomains(t *testing.T) {
	tm := newTeam(t, anna, sam, lena)
	if err := tm.as[lena[1]].SuppressDomain(context.Background(), "blocked.example", "Lena Lead"); err != nil {
		t.Fatal(err)
	}
	checkPreview(t, tm.as[sam[1]])
	res := tm.importAs(t, sam[1], blockedRows...)
	if res.Imported != 2 || res.Suppressed != 2 {
		t.Fatalf("Sam's import = %+v, want 2 imported, 2 suppressed (the domain's)", res)
	}
	if n := tm.ownerCount(t, `SELECT COUNT(*) FROM contacts WHERE email_key LIKE '%@blocked.example'`); n != 0 {
		t.Errorf("%d contacts at the suppressed domain, want none", n)
	}
}

// TestContactSuppressedByDomain: a contact read for compose and send says
// its address may not be written to when its whole domain is on the list,
// for the owner of the database and, on a team, for the rep who owns the
// contact and cannot read the list (address and domain alike).
func TestContactSuppressedByDomain(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	if _, err := s.Import(ctx, ImportBatch{FileName: "people.csv", Format: contacts.FormatCSV, Rep: rep,
		Source: contacts.Source{Kind: contacts.Event, Detail: "fair", ObtainedAt: importNow, ObtainedBy: rep.Name}}, blockedRows, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.SuppressDomain(ctx, "blocked.example", rep.Name); err != nil {
		t.Fatal(err)
	}
	for _, r := range blockedRows {
		c, err := s.ContactByEmail(ctx, r.Email)
		if err != nil {
			t.Fatal(err)
		}
		if want := r.Email != blockedRows[2].Email && r.Email != blockedRows[3].Email; c.Suppressed != want {
			t.Errorf("%s: Suppressed = %v, want %v", r.Email, c.Suppressed, want)
		}
	}
}

// TestMemberContactSuppressed: the same for a rep on a team, who cannot
// read the list: an address a colleague's opt-out put on it and a domain
// the lead put on it both show on the rep's own contacts.
func TestMemberContactSuppressed(t *testing.T) {
	tm := newTeam(t, anna, sam, lena)
	ctx := context.Background()
	byAddr := tm.add(t, sam[1], "stop@unikat.example")
	byDomain := tm.add(t, sam[1], "jan@blocked.example")
	free := tm.add(t, sam[1], "free@unikat.example")
	if err := tm.owner.InTx(ctx, func(tx *Tx) error {
		return tx.Suppress("stop@unikat.example", "", "Owner", ReasonOptOut)
	}); err != nil {
		t.Fatal(err)
	}
	if err := tm.as[lena[1]].SuppressDomain(ctx, "blocked.example", "Lena Lead"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   int64
		want bool
	}{{byAddr.ID, true}, {byDomain.ID, true}, {free.ID, false}} {
		c, err := tm.as[sam[1]].Contact(ctx, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Suppressed != tc.want {
			t.Errorf("Sam's %s: Suppressed = %v, want %v", c.Email, c.Suppressed, tc.want)
		}
	}
}

// checkListedAsStopped checks that s's contact list counts the two people
// at the suppressed domain as stopped and shows them suppressed, and only
// them.
func checkListedAsStopped(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	q := ListQuery{Rule: testListRule, Tab: ListAll, Today: importNow}
	n, err := s.CountList(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if n.Tabs[ListStopped] != 2 {
		t.Errorf("the Suppressed tab counts %d, want the 2 people at the suppressed domain", n.Tabs[ListStopped])
	}
	rows, err := s.ListPage(ctx, q, nil, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		want := strings.HasSuffix(strings.ToLower(r.Contact.Email), "@blocked.example")
		if r.Contact.Suppressed != want {
			t.Errorf("the list shows %s with Suppressed = %v, want %v", r.Contact.Email, r.Contact.Suppressed, want)
		}
	}
}

// TestSuppressedDomainInTheList: people already held at a domain that is
// then suppressed show as suppressed in the contact list and its counts,
// not only when a rep opens them.
func TestSuppressedDomainInTheList(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	b := ImportBatch{FileName: "people.csv", Format: contacts.FormatCSV, Rep: rep,
		Source: contacts.Source{Kind: contacts.Event, Detail: "fair", ObtainedAt: importNow, ObtainedBy: rep.Name}}
	if _, err := s.Import(ctx, b, blockedRows, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.SuppressDomain(ctx, "blocked.example", rep.Name); err != nil {
		t.Fatal(err)
	}
	checkListedAsStopped(t, s)
}

// TestLeadSuppressedDomainInRepsList: on a team, the lead's domain marks
// a rep's own contacts at it as suppressed in the rep's list.
func TestLeadSuppressedDomainInRepsList(t *testing.T) {
	tm := newTeam(t, anna, sam, lena)
	tm.importAs(t, sam[1], blockedRows...)
	if err := tm.as[lena[1]].SuppressDomain(context.Background(), "blocked.example", "Lena Lead"); err != nil {
		t.Fatal(err)
	}
	checkListedAsStopped(t, tm.as[sam[1]])
}

// TestHandAddedAtSuppressedDomain: a contact added by hand at a domain
// already on the list is marked suppressed at once, in the list too.
func TestHandAddedAtSuppressedDomain(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	if err := s.SuppressDomain(ctx, "blocked.example", rep.Name); err != nil {
		t.Fatal(err)
	}
	var added contacts.Contact
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		added, err = tx.AddContact(contacts.Contact{Name: "Late Blocked", Email: "late@Blocked.example", Company: "Blocked BV", Country: "NL",
			Sources: []contacts.Source{{Kind: contacts.Event, Detail: "fair", ObtainedAt: importNow, ObtainedBy: rep.Name}}}, rep.Name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !added.Suppressed {
		t.Errorf("AddContact() at a suppressed domain returned Suppressed = false")
	}
	n, err := s.CountList(ctx, ListQuery{Rule: testListRule, Tab: ListAll, Today: importNow})
	if err != nil {
		t.Fatal(err)
	}
	if n.Tabs[ListStopped] != 1 {
		t.Errorf("the Suppressed tab counts %d, want the contact added at the suppressed domain", n.Tabs[ListStopped])
	}
}
