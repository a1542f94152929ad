package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

var importNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func openImportStore(t testing.TB) (*Store, Rep) {
	t.Helper()
	ctx := context.Background()
	s := openTestStore(t)
	s.SetClock(func() time.Time { return importNow })
	rep, err := s.EnsureRep(ctx, "Robin Maes", "robin.maes@northwind-analytics.example")
	if err != nil {
		t.Fatalf("EnsureRep() = %v", err)
	}
	return s, rep
}

func parseFixture(t testing.TB, name string) contacts.Parsed {
	t.Helper()
	path := filepath.Join("..", "testdata", "import", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := contacts.Parse(path, data, "", nil)
	if err != nil {
		t.Fatalf("Parse(%s) = %v", name, err)
	}
	return p
}

func batchFor(p contacts.Parsed, rep Rep, kind contacts.SourceKind) ImportBatch {
	return ImportBatch{FileName: "fixture", SHA256: "", Format: p.Format, Rep: rep,
		Source: contacts.Source{Kind: kind, Detail: "test import", ObtainedAt: importNow, ObtainedBy: rep.Name},
		Merged: p.Merged, Bad: len(p.Bad)}
}

// dbCounts is the row count of every table an import writes.
func dbCounts(t testing.TB, s *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"contacts", "sources", "import_batches", "events", "suppressions"} {
		var n int
		if err := s.db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func TestImportReimportMerges(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	p := parseFixture(t, "linkedin_current.csv")
	first, err := s.Import(ctx, batchFor(p, rep, contacts.LinkedIn), p.Records, nil)
	if err != nil {
		t.Fatalf("Import() = %v", err)
	}
	if first.Imported != 5 || first.NoEmail != 3 || first.Merged != 0 {
		t.Fatalf("first import = %+v, want 5 imported, 3 without email", first)
	}
	second, err := s.Import(ctx, batchFor(p, rep, contacts.LinkedIn), p.Records, nil)
	if err != nil {
		t.Fatalf("second Import() = %v", err)
	}
	if second.Imported != 0 || second.Merged != 5 {
		t.Fatalf("second import = %+v, want 0 imported, 5 merged", second)
	}
	list, err := s.ListContacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 5 {
		t.Fatalf("%d contacts after importing twice, want 5", len(list))
	}
	for _, c := range list {
		if len(c.Sources) != 2 {
			t.Errorf("%s has %d sources, want 2 (one per import)", c.Name, len(c.Sources))
		}
		if c.Sources[0].Line == 0 || c.Sources[0].File != "fixture" || !strings.HasPrefix(c.Sources[0].Detail, "test import; connected ") {
			t.Errorf("%s source = %+v, want line, file and detail with the connection date", c.Name, c.Sources[0])
		}
	}
}

func TestImportSkipsSuppressedAddress(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	const gone = "anna.mueller@kraftwerk-logistik.example"
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.Suppress(gone, "", rep.Name, ReasonOptOut) }); err != nil {
		t.Fatal(err)
	}
	p := parseFixture(t, "linkedin_current.csv")
	res, err := s.Import(ctx, batchFor(p, rep, contacts.LinkedIn), p.Records, nil)
	if err != nil {
		t.Fatalf("Import() = %v", err)
	}
	if res.Suppressed != 1 || res.Imported != 4 {
		t.Fatalf("Import() = %+v, want 1 suppressed, 4 imported", res)
	}
	if _, err := s.ContactByEmail(ctx, gone); err == nil {
		t.Errorf("suppressed address %s was imported", gone)
	}
	var details string
	if err := s.db.QueryRow(`SELECT details FROM events WHERE kind = 'import'`).Scan(&details); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(details, "anna") || strings.Contains(details, "@") || !strings.Contains(details, `"suppressed":"1"`) {
		t.Errorf("import event details = %s, want counts only", details)
	}
}

func TestImportOptOutInFileWins(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	p := parseFixture(t, "en_comma.csv")
	res, err := s.Import(ctx, batchFor(p, rep, contacts.BusinessCard), p.Records, nil)
	if err != nil {
		t.Fatalf("Import() = %v", err)
	}
	if res.Imported != 2 || res.Suppressed != 1 || res.Merged != 2 {
		t.Fatalf("Import() = %+v, want 2 imported, 1 suppressed, 2 merged in the file", res)
	}
	tx := func(fn func(*Tx) error) {
		if err := s.InTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	tx(func(t2 *Tx) error {
		sup, err := t2.IsSuppressed("ines.ferreira@lisboa-tech.example")
		if !sup {
			t.Errorf("opted-out address not on the suppression list")
		}
		return err
	})
}

func TestImportCancelledLeavesNothing(t *testing.T) {
	s, rep := openImportStore(t)
	p := parseFixture(t, "linkedin_old.csv")
	if _, err := s.Import(context.Background(), batchFor(p, rep, contacts.LinkedIn), p.Records, nil); err != nil {
		t.Fatal(err)
	}
	before := dbCounts(t, s)
	recs := make([]contacts.ImportRow, 2000)
	for i := range recs {
		recs[i] = contacts.ImportRow{Line: i + 2, Name: fmt.Sprintf("Person %d", i), Email: fmt.Sprintf("p%d@cancel.example", i)}
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err := s.Import(ctx, batchFor(p, rep, contacts.LinkedIn), recs, func(done, _ int) {
		if done >= 512 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Import() = %v, want context.Canceled", err)
	}
	if after := dbCounts(t, s); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("after a cancelled import: %v, before: %v", after, before)
	}
}

func TestImportFailedLeavesNothing(t *testing.T) {
	s, rep := openImportStore(t)
	before := dbCounts(t, s)
	p := parseFixture(t, "linkedin_current.csv")
	b := batchFor(p, rep, contacts.SourceKind("bogus")) // breaks the sources CHECK after the contacts are written
	if _, err := s.Import(context.Background(), b, p.Records, nil); err == nil {
		t.Fatal("Import() with a bad source kind succeeded")
	}
	if after := dbCounts(t, s); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("after a failed import: %v, before: %v", after, before)
	}
}

func TestImportGivesAddressToContactWithout(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	p := parseFixture(t, "linkedin_current.csv")
	if _, err := s.Import(ctx, batchFor(p, rep, contacts.LinkedIn), p.Records, nil); err != nil {
		t.Fatal(err)
	}
	card := []contacts.ImportRow{{Line: 2, Name: "Jan de Vries", Company: "Polderdata B.V.", Email: "jan.devries@polderdata.example"}}
	res, err := s.Import(ctx, batchFor(contacts.Parsed{Format: contacts.FormatVCard}, rep, contacts.BusinessCard), card, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 0 || res.Merged != 1 {
		t.Fatalf("Import() = %+v, want the card merged into the LinkedIn contact", res)
	}
	c, err := s.ContactByEmail(ctx, "jan.devries@polderdata.example")
	if err != nil {
		t.Fatalf("ContactByEmail() = %v", err)
	}
	if c.Name != "Jan de Vries" || len(c.Sources) != 2 {
		t.Errorf("contact = %s with %d sources, want Jan de Vries with 2", c.Name, len(c.Sources))
	}
}

func TestImportDryRunSavesNothing(t *testing.T) {
	s, rep := openImportStore(t)
	before := dbCounts(t, s)
	p := parseFixture(t, "linkedin_current.csv")
	b := batchFor(p, rep, contacts.LinkedIn)
	b.DryRun = true
	res, err := s.Import(context.Background(), b, p.Records, nil)
	if err != nil {
		t.Fatalf("dry run Import() = %v", err)
	}
	if res.Imported != 5 || res.BatchID != 0 {
		t.Errorf("dry run = %+v, want 5 counted as imported and no batch", res)
	}
	if after := dbCounts(t, s); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("after a dry run: %v, before: %v", after, before)
	}
}

func TestManyRowsNumbersEachRowsOwnValues(t *testing.T) {
	for _, tc := range []struct {
		q            string
		shared, rows int
		want         string
	}{
		{"INSERT INTO t (a, b) VALUES (?, ?);", 0, 1, "INSERT INTO t (a, b) VALUES (?1, ?2)"},
		{"INSERT INTO t (a, b) VALUES (?, ?);", 0, 2, "INSERT INTO t (a, b) VALUES (?1, ?2), (?3, ?4)"},
		{"INSERT INTO t (a, k, b) VALUES (?, ?1, ?)", 1, 2, "INSERT INTO t (a, k, b) VALUES (?2, ?1, ?3), (?4, ?1, ?5)"},
		{"INSERT INTO t (a, k, j, b)\nVALUES (?, ?2, ?1, ?);", 2, 1, "INSERT INTO t (a, k, j, b)\nVALUES (?3, ?2, ?1, ?4)"},
	} {
		if got := manyRows(tc.q, tc.shared, tc.rows); got != tc.want {
			t.Errorf("manyRows(%q, %d, %d) =\n%q, want\n%q", tc.q, tc.shared, tc.rows, got, tc.want)
		}
	}
}

func TestSortedRefsAreOrderedAndWellFormed(t *testing.T) {
	refs, err := newSortedRefs(2000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, r := range refs {
		if len(r) != len("c-")+16 || !strings.HasPrefix(r, "c-") || strings.Trim(r[2:], "0123456789abcdef") != "" {
			t.Fatalf("ref %q is not c- and 16 hex digits", r)
		}
		if i > 0 && refs[i-1] >= r {
			t.Fatalf("refs %q then %q: not ascending", refs[i-1], r)
		}
		seen[r] = true
	}
	if len(seen) != len(refs) {
		t.Errorf("%d distinct refs of %d", len(seen), len(refs))
	}
}

func TestAddressHasherMatchesAddressHash(t *testing.T) {
	s, _ := openImportStore(t)
	hash := s.addressHasher()
	for _, a := range []string{"Jan.deVries@polderdata.example", "anna@kraftwerk.example", "Jan.deVries@polderdata.example"} {
		if got, want := hash(a), s.AddressHash(a); got != want || len(got) != 64 {
			t.Errorf("addressHasher()(%q) = %q, AddressHash = %q", a, got, want)
		}
	}
	if hash("a@x.example") == hash("b@x.example") {
		t.Error("two addresses share a hash")
	}
}

// TestImportRowWithoutAddressFindsContact: a LinkedIn row has no address,
// but its name and company are those of a contact who has one. It is that
// contact (one more source), and when that contact opted out it is skipped:
// an opt-out must not come back as a fresh contact without an address.
func TestImportRowWithoutAddressFindsContact(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	cards := []contacts.ImportRow{
		{Line: 2, Name: "Jan de Vries", Company: "Polderdata B.V.", Email: "jan.devries@polderdata.example"},
		{Line: 3, Name: "Anna Müller", Company: "Kraftwerk Logistik GmbH", Email: "anna.mueller@kraftwerk.example"},
	}
	if _, err := s.Import(ctx, batchFor(contacts.Parsed{Format: contacts.FormatVCard}, rep, contacts.BusinessCard), cards, nil); err != nil {
		t.Fatal(err)
	}
	anna, err := s.ContactByEmail(ctx, "anna.mueller@kraftwerk.example")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE contacts SET status = 'opted_out' WHERE id = ?`, anna.ID); err != nil {
		t.Fatal(err)
	}
	before := dbCounts(t, s)
	linkedIn := []contacts.ImportRow{
		{Line: 5, Name: "Jan de Vries", Company: "Polderdata B.V."},
		{Line: 6, Name: "Anna Müller", Company: "Kraftwerk Logistik GmbH"},
	}
	res, err := s.Import(ctx, batchFor(contacts.Parsed{Format: contacts.FormatLinkedIn}, rep, contacts.LinkedIn), linkedIn, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Merged != 1 || res.Suppressed != 1 || res.Imported != 0 {
		t.Errorf("Import() = %+v, want Jan merged, Anna skipped", res)
	}
	after := dbCounts(t, s)
	if after["contacts"] != before["contacts"] || after["sources"] != before["sources"]+1 {
		t.Errorf("rows before %v, after %v; want no new contact and one source (Jan's)", before, after)
	}
	jan, err := s.ContactByEmail(ctx, "jan.devries@polderdata.example")
	if err != nil || len(jan.Sources) != 2 {
		t.Errorf("Jan has %d sources (%v), want his card and the LinkedIn row", len(jan.Sources), err)
	}
	if a, _ := s.Contact(ctx, anna.ID); len(a.Sources) != 1 {
		t.Errorf("the opted-out Anna got %d sources, want her one card only", len(a.Sources))
	}
}

// TestImportManyRowsLandOnTheirContacts imports more rows than one many-row
// statement holds (and a remainder written row by row) and checks that every
// source is on its own contact with the batch's shared values.
func TestImportManyRowsLandOnTheirContacts(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	n := 2*importChunk + 45
	recs := make([]contacts.ImportRow, n)
	for i := range recs {
		recs[i] = contacts.ImportRow{Line: i + 2, Name: fmt.Sprintf("Person %d", i), Company: fmt.Sprintf("Company %d", i), Note: fmt.Sprintf("row %d", i)}
		if i%2 == 0 {
			recs[i].Email = fmt.Sprintf("person%d@company%d.example", i, i)
		}
	}
	res, err := s.Import(ctx, batchFor(contacts.Parsed{Format: contacts.FormatLinkedIn}, rep, contacts.LinkedIn), recs, nil)
	if err != nil || res.Imported != n {
		t.Fatalf("Import() = %+v, %v; want %d imported", res, err, n)
	}
	rows, err := s.db.Query(`SELECT c.name, COALESCE(c.email, ''), COALESCE(c.email_hash, ''), c.created_at, c.updated_at,
		s.line, s.kind, s.detail, s.obtained_at, s.obtained_by, s.batch_id
		FROM sources s JOIN contacts c ON c.id = s.contact_id ORDER BY s.line`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	now := timeText(importNow)
	seen := 0
	for rows.Next() {
		var name, email, hash, created, updated, kind, detail, obtained, by string
		var line int
		var batch int64
		if err := rows.Scan(&name, &email, &hash, &created, &updated, &line, &kind, &detail, &obtained, &by, &batch); err != nil {
			t.Fatal(err)
		}
		i := line - 2
		r := recs[i]
		if name != r.Name || email != r.Email || (email != "" && hash != s.AddressHash(email)) || (email == "" && hash != "") {
			t.Errorf("line %d is on %q <%s> (hash %q), want %q <%s>", line, name, email, hash, r.Name, r.Email)
		}
		if created != now || updated != now || kind != "linkedin" || detail != "test import; "+r.Note ||
			obtained != now || by != rep.Name || batch != res.BatchID {
			t.Errorf("line %d: created %s updated %s kind %s detail %q obtained %s by %s batch %d", line, created, updated, kind, detail, obtained, by, batch)
		}
		seen++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != n {
		t.Errorf("%d sources, want %d", seen, n)
	}
}

// TestImportOptOutsReachStoredContacts covers the rows that meet a stored
// contact by name and company: an opt-out in the file ends outreach to that
// contact, an address for someone who objected is not collected, and a name
// two stored people share merges into neither.
func TestImportOptOutsReachStoredContacts(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	stored := []contacts.ImportRow{
		{Line: 2, Name: "Anna Müller", Company: "Kraftwerk Logistik GmbH", Email: "anna@kraftwerk.example"},
		{Line: 3, Name: "Piotr Zieliński", Company: "Gdańsk Shipping S.A."},
		{Line: 4, Name: "Jan de Vries", Company: "Polderdata B.V.", Email: "jan@polderdata.example"},
		{Line: 5, Name: "Jan de Vries", Company: "Polderdata B.V.", Email: "j.devries@polderdata.example"},
	}
	if _, err := s.Import(ctx, batchFor(contacts.Parsed{Format: contacts.FormatCSV}, rep, contacts.Event), stored, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE contacts SET status = 'objected' WHERE name = 'Piotr Zieliński'`); err != nil {
		t.Fatal(err)
	}
	rows := []contacts.ImportRow{
		{Line: 2, Name: "Anna Müller", Company: "Kraftwerk Logistik GmbH", OptedOut: true},
		{Line: 3, Name: "Piotr Zieliński", Company: "Gdańsk Shipping S.A.", Email: "piotr@gdansk-shipping.example"},
		{Line: 4, Name: "Jan de Vries", Company: "Polderdata B.V."},
	}
	res, err := s.Import(ctx, batchFor(contacts.Parsed{Format: contacts.FormatCSV}, rep, contacts.Event), rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Suppressed != 2 || res.Imported != 1 || res.Merged != 0 {
		t.Errorf("Import() = %+v; want Anna and Piotr skipped and the ambiguous Jan new", res)
	}
	anna, err := s.ContactByEmail(ctx, "anna@kraftwerk.example")
	if err != nil {
		t.Fatal(err)
	}
	if anna.Status != contacts.OptedOut || !anna.Suppressed || len(anna.Sources) != 1 {
		t.Errorf("Anna after the file's opt-out: status %s, suppressed %v, %d sources; want opted out, suppressed, her one source",
			anna.Status, anna.Suppressed, len(anna.Sources))
	}
	if _, err := s.ContactByEmail(ctx, "piotr@gdansk-shipping.example"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the objecting Piotr got the file's address: %v", err)
	}
	if sup, err := s.IsSuppressed(ctx, "piotr@gdansk-shipping.example"); err != nil || !sup {
		t.Errorf("Piotr's new address suppressed = %v, %v; want it on the list", sup, err)
	}
	for _, addr := range []string{"jan@polderdata.example", "j.devries@polderdata.example"} {
		if c, _ := s.ContactByEmail(ctx, addr); len(c.Sources) != 1 {
			t.Errorf("%s has %d sources; the ambiguous row must join neither Jan", addr, len(c.Sources))
		}
	}
}

// newSortedRefs makes n random contact refs in ascending order, as a
// refPool draws them.
func newSortedRefs(n int) ([]string, error) {
	var p refPool
	refs := make([]string, n)
	for i := range refs {
		r, err := p.next(n)
		if err != nil {
			return nil, err
		}
		refs[i] = r
	}
	return refs, nil
}
