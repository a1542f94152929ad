package store

import (
	"context"
	"fmt"
	"testing"

	"legit/contacts"
)

// TestImportPastMemoryFindsEarlierRows checks that an import into a
// database without contacts that writes more contacts than it keeps in
// memory (maxMemoryContacts) makes the lookup indexes again and goes on
// finding the contacts it wrote: rows at the end of the file that repeat an
// early row's address or profile join that contact, and so does a row with
// only the name and company of an early row that had only them (decided
// in a later chunk of the rows that wait), instead of making a second one.
func TestImportPastMemoryFindsEarlierRows(t *testing.T) {
	if onPostgres() {
		t.Skip("SQLite only: PostgreSQL imports keep their indexes")
	}
	ctx := context.Background()
	s, rep := openImportStore(t)
	n := maxMemoryContacts + importLookup + 10
	const fillers = importLookup + 100 // rows with a name alone, between the two Solos
	recs := []contacts.ImportRow{{Line: 1, Name: "Solo", Company: "Firm S"}}
	for i := range n {
		recs = append(recs, contacts.ImportRow{Line: i + 2, Name: fmt.Sprintf("Person %d", i), Company: fmt.Sprintf("Firm %d", i),
			Email: fmt.Sprintf("p%d@memory.example", i), Profile: fmt.Sprintf("https://www.linkedin.com/in/p%d", i)})
	}
	recs = append(recs,
		contacts.ImportRow{Line: n + 2, Name: "Person 0", Email: "P0@memory.example", Note: "by address"},
		contacts.ImportRow{Line: n + 3, Name: "Someone", Profile: "https://www.linkedin.com/in/p1", Note: "by profile"},
	)
	for i := range fillers {
		recs = append(recs, contacts.ImportRow{Line: n + 4 + i, Name: fmt.Sprintf("Filler %d", i), Company: "Firm F"})
	}
	recs = append(recs, contacts.ImportRow{Line: n + 4 + fillers, Name: "Solo", Company: "Firm S", Note: "by name"})
	p := contacts.Parsed{Format: contacts.FormatCSV}
	res, err := s.Import(ctx, batchFor(p, rep, contacts.Event), recs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != n+fillers+1 || res.Merged != 3 {
		t.Fatalf("Import() = %+v, want %d imported and 3 merged", res, n+fillers+1)
	}
	for name, note := range map[string]string{"Person 0": "by address", "Person 1": "by profile", "Solo": "by name"} {
		var detail string
		err := s.db.QueryRow(`SELECT s.detail FROM sources s JOIN contacts c ON c.id = s.contact_id WHERE c.name = ?`, name).Scan(&detail)
		if err != nil || detail != "test import; "+note {
			t.Errorf("source of %s = %q, %v; want the note %q", name, detail, err, note)
		}
	}
	for _, name := range lookupObjects {
		var held int
		if err := s.db.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name = ?`, name).Scan(&held); err != nil || held != 1 {
			t.Errorf("index %s: %d, %v after the import", name, held, err)
		}
	}
	var check string
	if err := s.db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
}

// TestImportOptOutStaysAcrossChunks checks that an address a file marks
// opted out, in a database whose suppression list was empty when the
// import began, is skipped when a later chunk of the file has it again.
func TestImportOptOutStaysAcrossChunks(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	recs := []contacts.ImportRow{{Line: 2, Name: "Gone", Email: "gone@optout.example", OptedOut: true}}
	for i := range importLookup + 10 {
		recs = append(recs, contacts.ImportRow{Line: i + 3, Name: fmt.Sprintf("Person %d", i), Email: fmt.Sprintf("p%d@optout.example", i)})
	}
	recs = append(recs, contacts.ImportRow{Line: importLookup + 20, Name: "Gone Again", Email: "gone@optout.example"})
	res, err := s.Import(ctx, batchFor(contacts.Parsed{Format: contacts.FormatCSV}, rep, contacts.Event), recs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != importLookup+10 || res.Suppressed != 2 {
		t.Fatalf("Import() = %+v, want %d imported and 2 suppressed", res, importLookup+10)
	}
}
