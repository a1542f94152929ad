package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"legit/contacts"
)

// contactDump is the contacts and their sources as a string that does not
// depend on ids, refs or the order of writing: two imports that decided the
// same give the same dump.
func contactDump(t testing.TB, s *Store) string {
	t.Helper()
	list, err := s.ListContacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range list {
		var srcs []string
		for _, src := range c.Sources {
			srcs = append(srcs, fmt.Sprintf("%s|%s", src.Kind, src.Detail))
		}
		slices.Sort(srcs)
		out = append(out, fmt.Sprintf("%s <%s> %s / %s / %s / %s: %s", c.Name, c.Email, c.Company, c.Position, c.Country, c.Status, strings.Join(srcs, " + ")))
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// permutations returns every order of rows.
func permutations(rows []contacts.ImportRow) [][]contacts.ImportRow {
	if len(rows) <= 1 {
		return [][]contacts.ImportRow{slices.Clone(rows)}
	}
	var out [][]contacts.ImportRow
	for i := range rows {
		rest := append(slices.Clone(rows[:i]), rows[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]contacts.ImportRow{rows[i]}, p...))
		}
	}
	return out
}

// TestSameNameDifferentPeopleAllOrders (issue 16, item 9): three rows for
// "Anna Jansen, Acme", one without an address and two with different ones,
// are three people in every order of the file, with or without a stored
// Anna Jansen without an address; and a row without an address joins the
// one stored contact of that name and company only when the file holds
// nobody else by that name there.
func TestSameNameDifferentPeopleAllOrders(t *testing.T) {
	rows := []contacts.ImportRow{
		{Name: "Anna Jansen", Company: "Acme", Note: "connected 1 Mar 2024"},
		{Name: "Anna Jansen", Company: "Acme", Email: "anna@acme.example", Note: "connected 2 Mar 2024"},
		{Name: "Anna Jansen", Company: "Acme", Email: "a.jansen@acme-sales.example", Note: "connected 3 Mar 2024"},
	}
	for _, stored := range []bool{false, true} {
		var want string
		for i, order := range permutations(rows) {
			s, rep := openImportStore(t)
			if stored {
				if _, err := s.Import(context.Background(), batchFor(contacts.Parsed{Format: contacts.FormatVCard}, rep, contacts.BusinessCard),
					[]contacts.ImportRow{{Line: 2, Name: "Anna Jansen", Company: "Acme", Position: "stored"}}, nil); err != nil {
					t.Fatal(err)
				}
			}
			for j := range order {
				order[j].Line = j + 2
			}
			res, err := s.Import(context.Background(), batchFor(contacts.Parsed{Format: contacts.FormatLinkedIn}, rep, contacts.LinkedIn), order, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Imported != 3 || res.Merged != 0 {
				t.Errorf("stored %v, order %d: Import() = %+v, want three new people, none merged", stored, i, res)
			}
			got := contactDump(t, s)
			if i == 0 {
				want = got
			} else if got != want {
				t.Errorf("stored %v: order %d gave\n%s\nthe first order gave\n%s", stored, i, got, want)
			}
		}
	}
	// With nobody else of that name in the file, the row without an
	// address is the stored Anna (one more source), in either order.
	for _, order := range permutations([]contacts.ImportRow{rows[0], {Name: "Piet Bos", Company: "Acme", Email: "piet@acme.example"}}) {
		s, rep := openImportStore(t)
		if _, err := s.Import(context.Background(), batchFor(contacts.Parsed{Format: contacts.FormatVCard}, rep, contacts.BusinessCard),
			[]contacts.ImportRow{{Line: 2, Name: "Anna Jansen", Company: "Acme", Email: "anna@acme.example"}}, nil); err != nil {
			t.Fatal(err)
		}
		res, err := s.Import(context.Background(), batchFor(contacts.Parsed{Format: contacts.FormatLinkedIn}, rep, contacts.LinkedIn), order, nil)
		if err != nil || res.Merged != 1 || res.Imported != 1 {
			t.Errorf("Import() = %+v, %v; want the row without an address merged into the stored Anna, Piet new", res, err)
		}
	}
}

// importFile imports the file at path as the CLI does (streaming).
func importFile(t testing.TB, s *Store, rep Rep, path string) ImportResult {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	rd, err := contacts.NewFileReader(path, f, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	b := NewImportBatch(path, rd.SHA256(), rd.Format(), rep, contacts.LinkedIn, "test import", importNow, false)
	res, err := s.ImportFrom(context.Background(), b, rd, nil)
	if err != nil {
		t.Fatalf("ImportFrom(%s) = %v", path, err)
	}
	return res
}

// TestSameFileTwiceChangesNothing: importing the same bytes again adds no
// row anywhere and says which import held them.
func TestSameFileTwiceChangesNothing(t *testing.T) {
	s, rep := openImportStore(t)
	path := filepath.Join("..", "testdata", "import", "linkedin_current.csv")
	first := importFile(t, s, rep, path)
	before := dbCounts(t, s)
	second := importFile(t, s, rep, path)
	if second.PreviousBatch != first.BatchID || second.AlreadyHeld != 5 || second.Imported != 0 || second.BatchID != 0 || second.PreviousAt.IsZero() {
		t.Errorf("second import = %+v, want already held 5 from batch %d", second, first.BatchID)
	}
	if after := dbCounts(t, s); !mapsEqual(before, after) {
		t.Errorf("rows before %v, after the same file again %v", before, after)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// writeSameNames writes a LinkedIn export of n connections whose names and
// companies repeat (40 names at 7 companies), every one with a profile and
// one in three with an address; extra adds a last, new connection.
func writeSameNames(t testing.TB, path string, n int, extra bool) {
	t.Helper()
	var b strings.Builder
	b.WriteString("Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n")
	b.WriteString("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
	row := func(i int) {
		email := ""
		if i%3 == 0 {
			email = fmt.Sprintf("person%d@company%d.example", i, i%7)
		}
		fmt.Fprintf(&b, "First%d,Last%d,https://www.linkedin.com/in/person-%d,%s,Company %d B.V.,Position %d,%02d Nov 2023\n",
			i%40, i%40, i, email, i%7, i%50, i%28+1)
	}
	for i := range n {
		row(i)
	}
	if extra {
		row(n)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestNewExportAddsOneSourcePerContact (issue 16, item 9): a new export (other
// bytes) of connections with repeating names adds one source to every
// contact found by address or profile and no duplicate; the new connection
// is the one new contact.
func TestNewExportAddsOneSourcePerContact(t *testing.T) {
	s, rep := openImportStore(t)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "Connections.csv"), filepath.Join(dir, "Connections (1).csv")
	writeSameNames(t, first, 3000, false)
	writeSameNames(t, second, 3000, true)
	res := importFile(t, s, rep, first)
	if res.Imported != 3000 {
		t.Fatalf("first import = %+v, want 3,000 people (same names, different profiles)", res)
	}
	res = importFile(t, s, rep, second)
	if res.Imported != 1 || res.Merged != 3000 || res.InFile != 0 {
		t.Errorf("new export = %+v, want 1 new, 3,000 found", res)
	}
	var contactsN, sourcesN, most int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM contacts`).Scan(&contactsN); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT COUNT(*), COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM sources GROUP BY contact_id) x`).Scan(&sourcesN, &most); err != nil {
		t.Fatal(err)
	}
	if contactsN != 3001 || most != 2 {
		t.Errorf("%d contacts, at most %d sources each; want 3,001 and 2", contactsN, most)
	}
}

// TestStreamingImportEqualsParseFirst: every fixture imported from its file
// as it is read gives the contacts and sources that parsing it first and
// importing the rows gives.
func TestStreamingImportEqualsParseFirst(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "import", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			streamed, rep := openImportStore(t)
			importFile(t, streamed, rep, path)
			parsed, rep2 := openImportStore(t)
			p := parseFixture(t, name)
			b := batchFor(p, rep2, contacts.LinkedIn)
			if _, err := parsed.Import(context.Background(), b, p.Records, nil); err != nil {
				t.Fatal(err)
			}
			if got, want := contactDump(t, streamed), contactDump(t, parsed); got != want {
				t.Errorf("streamed:\n%s\nparsed first:\n%s", got, want)
			}
		})
	}
}

// TestImportLookupsUseIndexes: every lookup a chunk makes reads an index,
// never the whole contacts, suppressions or sources table.
func TestImportLookupsUseIndexes(t *testing.T) {
	sqliteOnly(t, "EXPLAIN QUERY PLAN")
	s, _ := openImportStore(t)
	text, err := engineQueryText(sqliteEngine)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"import-suppressed-among", "import-contacts-by-address", "import-contacts-by-profile",
		"import-contacts-by-name", "import-names-held", "import-batch-sources", "import-batch-by-sha256", "import-batch-source-of"} {
		args := []any{`[1, 2]`, 1}
		switch q {
		case "import-batch-by-sha256":
			args = []any{"00"}
		case "import-batch-source-of":
			args = []any{1, 1}
		case "import-contacts-by-address", "import-contacts-by-profile", "import-contacts-by-name", "import-suppressed-among":
			args = args[:1]
		}
		rows, err := s.db.Query("EXPLAIN QUERY PLAN "+text[q], args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		_ = rows.Close()
		for _, step := range plan {
			for _, table := range []string{"contacts", "suppressions", "sources", "import_batches"} {
				if step == "SCAN "+table || strings.HasPrefix(step, "SCAN "+table+" ") && !strings.Contains(step, "INDEX") {
					t.Errorf("%s scans %s: %v", q, table, plan)
				}
			}
		}
	}
}

// blockingSource gives rows and then waits for release before the end, so
// that a test can act while the import holds the write lock.
type blockingSource struct {
	sliceSource
	reached chan struct{}
	release chan struct{}
	once    sync.Once
}

func (b *blockingSource) Next() (contacts.ImportRow, error) {
	if b.next == len(b.recs) {
		b.once.Do(func() { close(b.reached) })
		<-b.release
	}
	return b.sliceSource.Next()
}

// TestDraftSaveWaitsForImport: a draft saved (from another process's
// connection) while an import holds the write lock waits past SQLite's busy
// timeout, says what it waits for, and is saved once the import commits.
func TestDraftSaveWaitsForImport(t *testing.T) {
	sqliteOnly(t, "PostgreSQL writes a draft beside an import without waiting")
	ctx := context.Background()
	s, rep := openImportStore(t)
	added, err := s.Import(ctx, batchFor(contacts.Parsed{Format: contacts.FormatVCard}, rep, contacts.BusinessCard),
		[]contacts.ImportRow{{Line: 2, Name: "Jan de Vries", Email: "jan@polderdata.example"}}, nil)
	if err != nil || added.Imported != 1 {
		t.Fatal(added, err)
	}
	jan, err := s.ContactByEmail(ctx, "jan@polderdata.example")
	if err != nil {
		t.Fatal(err)
	}
	other, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Close() }()
	var mu sync.Mutex
	var told []WriteWait
	other.OnWriteWait(func(w WriteWait) { mu.Lock(); told = append(told, w); mu.Unlock() })

	src := &blockingSource{sliceSource: sliceSource{recs: []contacts.ImportRow{{Line: 2, Name: "Anna Jansen", Email: "anna@acme.example"}}},
		reached: make(chan struct{}), release: make(chan struct{})}
	b := batchFor(contacts.Parsed{Format: contacts.FormatLinkedIn}, rep, contacts.LinkedIn)
	b.FileName = "Connections.csv"
	imported := make(chan error, 1)
	go func() { _, err := s.ImportFrom(ctx, b, src, nil); imported <- err }()
	<-src.reached
	// The reader can reach the end before the import's transaction has
	// begun: wait until the import holds the lock (it announces itself
	// inside its transaction).
	for s.runningImport() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	saved := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := other.SaveDraft(ctx, Message{ContactID: jan.ID, RepID: rep.ID, Subject: "Hello", Body: "Dear Jan"})
		saved <- err
	}()
	time.Sleep(6 * time.Second) // past the 5 s busy timeout
	select {
	case err := <-saved:
		t.Fatalf("the draft save ended while the import held the lock: %v", err)
	default:
	}
	close(src.release)
	if err := <-imported; err != nil {
		t.Fatalf("import: %v", err)
	}
	if err := <-saved; err != nil {
		t.Fatalf("draft save after the import = %v, want it saved", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(told) < 2 || told[0].File != "Connections.csv" || told[0].Done || !told[len(told)-1].Done {
		t.Errorf("told %+v, want the wait for Connections.csv and its end", told)
	}
	t.Logf("the draft waited %v: %s", time.Since(start).Round(time.Second), told[0].Message())
}
