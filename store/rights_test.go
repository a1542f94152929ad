package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

var rightsNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

const rightsRep = "Robin Maes"

// openRights opens a fresh store at a fixed clock, with the rep recorded.
func openRights(t *testing.T) *Store {
	t.Helper()
	s := openTestStore(t)
	s.SetClock(func() time.Time { return rightsNow })
	if _, err := s.EnsureRep(context.Background(), rightsRep, "robin@example.com"); err != nil {
		t.Fatal(err)
	}
	return s
}

// addRights saves c and returns it with its ID.
func addRights(t *testing.T, s *Store, c contacts.Contact) contacts.Contact {
	t.Helper()
	err := s.InTx(context.Background(), func(tx *Tx) error {
		var err error
		c, err = tx.AddContact(c, rightsRep)
		return err
	})
	if err != nil {
		t.Fatalf("AddContact(%s) = %v", c.Name, err)
	}
	return c
}

// person is a prospect with a LinkedIn source from an import file.
func person(name, email string) contacts.Contact {
	return contacts.Contact{Name: name, Email: email, Company: "Unikat Holding", Country: "DE",
		Sources: []contacts.Source{{Kind: contacts.LinkedIn, Detail: "LinkedIn connections export",
			ObtainedAt: rightsNow.AddDate(0, 0, -10), ObtainedBy: rightsRep}},
		Basis: contacts.Basis{Kind: contacts.LegitimateInterest, Author: rightsRep,
			Assessment: contacts.Assessment{Purpose: "p", Necessity: "n", Balancing: "b"}}}
}

// addBatch records an import batch and returns its ID.
func addBatch(t *testing.T, s *Store, file string) int64 {
	t.Helper()
	var id int64
	err := s.db.QueryRow(`INSERT INTO import_batches (file_name, sha256, format, rep_id, started_at)
		VALUES (?, 'x', 'linkedin', 1, ?) RETURNING id`, file, timeText(rightsNow)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// addMessage stores a sent message to the contact, as compose would.
func addMessage(t *testing.T, s *Store, contactID int64, msgID, subject, body string) {
	t.Helper()
	_, err := s.db.Exec(`INSERT INTO messages (contact_id, rep_id, message_id, subject, body, raw, state, created_at, sent_at)
		VALUES (?, 1, ?, ?, ?, ?, 'sent', ?, ?)`, contactID, msgID, subject, body, []byte("To: x\r\n\r\n"+body),
		timeText(rightsNow.AddDate(0, 0, -2)), timeText(rightsNow.AddDate(0, 0, -2)))
	if err != nil {
		t.Fatal(err)
	}
}

func TestRecordHasSourceAndMessages(t *testing.T) {
	s := openRights(t)
	c := person("Vera Export", "vera.export@unikat.example")
	c.Sources[0].BatchID = addBatch(t, s, "Connections.csv")
	c.Sources[0].Line = 17
	c = addRights(t, s, c)
	addMessage(t, s, c.ID, "<m1@northwind.example>", "Route planning for Unikat", "Hello Vera, …")
	ctx := context.Background()
	if _, err := s.LogExport(ctx, c, rightsRep, true); err != nil {
		t.Fatal(err)
	}
	r, err := s.Record(ctx, c.ID)
	if err != nil {
		t.Fatalf("Record() = %v", err)
	}
	if len(r.Contact.Sources) != 1 || r.Contact.Sources[0].File != "Connections.csv" || r.Contact.Sources[0].Line != 17 {
		t.Errorf("sources = %+v, want Connections.csv line 17", r.Contact.Sources)
	}
	if len(r.Messages) != 1 || r.Messages[0].MessageID != "<m1@northwind.example>" || r.Messages[0].Body != "Hello Vera, …" || r.Messages[0].SentAt == nil {
		t.Errorf("messages = %+v, want the sent message with its text", r.Messages)
	}
	if len(r.Assessments) != 1 || r.Assessments[0].Purpose != "p" {
		t.Errorf("assessments = %+v, want the one assessment", r.Assessments)
	}
	kinds := []string{}
	for _, e := range r.Events {
		kinds = append(kinds, e.Kind)
	}
	if got := strings.Join(kinds, ","); got != "contact_added,export" {
		t.Errorf("event kinds = %s, want contact_added,export", got)
	}
}

// storeBytes reads the database file with its -wal and -shm, if present.
func storeBytes(t *testing.T, s *Store) []byte {
	t.Helper()
	if onPostgres() {
		return pgFileBytes(t, s.where)
	}
	path := s.Path()
	var all []byte
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		b, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

func TestEraseLeavesNoBytes(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	const addr, name, company = "quintus.erasmo@zz-unikat-erase.example", "Quintus Erasmo Unikat", "Erasmo Vanish KG"
	c := person(name, addr)
	c.Company = company
	c.Consents = []contacts.Consent{{Purpose: contacts.ConsentTracking, Evidence: "reply from " + addr, GrantedAt: rightsNow}}
	c = addRights(t, s, c)
	other := addRights(t, s, person("Otto Bleibt", "otto.bleibt@example.com"))
	// A long body lands on overflow pages, which must be wiped too.
	addMessage(t, s, c.ID, "<e1@northwind.example>", "For "+name, strings.Repeat("Dear "+name+" at "+addr+". ", 300))
	addMessage(t, s, other.ID, "<e2@northwind.example>", "For Otto", "Hello Otto")
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.NoteReply(c.ID, rightsNow) }); err != nil {
		t.Fatal(err)
	}
	if b := storeBytes(t, s); !bytes.Contains(b, []byte(addr)) {
		t.Fatalf("before erasure the address is not in the files: the test would prove nothing")
	}
	// On PostgreSQL the erasure itself rewrites the tables that held the
	// person (assertGone's own vacuum would hide an erasure that did not).
	held := []string{"contacts", "sources", "consents", "messages", "contact_addresses"}
	files := relationFiles(t, s, held)
	if _, err := s.Erase(ctx, c.ID, rightsRep, ErasureRequest); err != nil {
		t.Fatalf("Erase() = %v", err)
	}
	for i, after := range relationFiles(t, s, held) {
		if onPostgres() && after == files[i] {
			t.Errorf("the erasure left the file of %s as it was (%s): its dead rows keep the person's bytes until a vacuum", held[i], after)
		}
	}
	assertGone(t, s, addr, strings.ToLower(addr), name, company, "quintus.erasmo")
	if !bytes.Contains(storeBytes(t, s), []byte("otto.bleibt@example.com")) {
		t.Errorf("the other contact's address is gone too: erasure went too far")
	}
	if _, err := s.Contact(ctx, c.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Contact(erased) = %v, want ErrNotFound", err)
	}
	sup, err := s.IsSuppressed(ctx, strings.ToUpper(addr))
	if err != nil || !sup {
		t.Errorf("IsSuppressed(erased address) = %v, %v; want true", sup, err)
	}
	var n int
	for _, table := range []string{"sources", "assessments", "consents", "messages"} {
		if err := s.db.QueryRow("SELECT COUNT(*) FROM "+table+" WHERE contact_id = ?", c.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s rows of the erased contact = %d (%v), want 0", table, n, err)
		}
	}
}

func TestEraseKeepsChainVerifiable(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	c := addRights(t, s, person("Chain Person", "chain.person@unikat.example"))
	addRights(t, s, person("Chain Other", "chain.other@unikat.example"))
	if _, err := s.Erase(ctx, c.ID, rightsRep, ErasureRetention); err != nil {
		t.Fatalf("Erase() = %v", err)
	}
	addRights(t, s, person("Chain After", "chain.after@unikat.example"))
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, rep, kind, contact_ref, details, prev_hash, hash FROM events ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := scanEventRows(rows)
	if err != nil {
		t.Fatal(err)
	}
	prev, erasures := GenesisHash, 0
	for _, e := range evs {
		d, _ := detailsJSON(e.Details)
		if e.PrevHash != prev || EventHash(prev, timeText(e.At), e.Rep, string(e.Kind), e.ContactRef, d) != e.Hash {
			t.Fatalf("event %d (%s) breaks the chain", e.ID, e.Kind)
		}
		prev = e.Hash
		if e.Kind == EventErasure {
			erasures++
			if e.ContactRef != c.Ref || e.Details["reason"] != ErasureRetention || len(e.Details) != 1 {
				t.Errorf("erasure event = %+v, want only the ref and the reason", e)
			}
		}
		if strings.Contains(d, "chain.person") || strings.Contains(d, "Chain Person") {
			t.Errorf("event %d details %s name the erased person", e.ID, d)
		}
	}
	if erasures != 1 {
		t.Errorf("erasure events = %d, want 1", erasures)
	}
}

func TestEveryContactTableCascades(t *testing.T) {
	s := openRights(t)
	var tables []refTable
	err := s.InTx(context.Background(), func(tx *Tx) error {
		var err error
		tables, err = tx.contactTables()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range tables {
		seen[r.table] = true
		// A rights request holds no personal data (ref, kind, dates) and Erase
		// deletes it explicitly like every referring row; SET NULL is safe there.
		if r.onDelete != "CASCADE" && !(r.table == "rights_requests" && r.onDelete == "SET NULL") {
			t.Errorf("%s.%s references contacts with ON DELETE %s, want CASCADE", r.table, r.column, r.onDelete)
		}
	}
	for _, want := range []string{"sources", "assessments", "consents", "messages"} {
		if !seen[want] {
			t.Errorf("table %s not found among those referring to contacts (%v)", want, tables)
		}
	}
}

// TestEraseThenReimportSkips runs the same rows through the path an import
// takes (IsSuppressed, then AddContact) before and after an erasure.
func TestEraseThenReimportSkips(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	file := []contacts.Contact{person("Re Import", "re.import@unikat.example"), person("Stays Here", "stays.here@unikat.example")}
	importRows := func() (added, skipped int) {
		t.Helper()
		err := s.InTx(ctx, func(tx *Tx) error {
			for _, c := range file {
				if sup, err := tx.IsSuppressed(c.Email); err != nil {
					return err
				} else if sup {
					skipped++
					continue
				}
				if _, err := tx.AddContact(c, rightsRep); errors.Is(err, ErrDuplicate) {
					continue
				} else if err != nil {
					return err
				}
				added++
			}
			return nil
		})
		if err != nil {
			t.Fatalf("import = %v", err)
		}
		return added, skipped
	}
	if a, sk := importRows(); a != 2 || sk != 0 {
		t.Fatalf("first import added %d, skipped %d; want 2, 0", a, sk)
	}
	c, err := s.ContactByEmail(ctx, "re.import@unikat.example")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Erase(ctx, c.ID, rightsRep, ErasureRequest); err != nil {
		t.Fatal(err)
	}
	if a, sk := importRows(); a != 0 || sk != 1 {
		t.Errorf("re-import after erasure added %d, skipped %d; want 0, 1", a, sk)
	}
	if _, err := s.ContactByEmail(ctx, "RE.IMPORT@unikat.example"); !errors.Is(err, ErrNotFound) {
		t.Errorf("erased person is back after re-import: %v", err)
	}
}

func TestRectifyLogsFieldNames(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	c := addRights(t, s, person("Rita Typo", "rita.typo@unikat.example"))
	gone := addRights(t, s, person("Gone Person", "gone.person@unikat.example"))
	if _, err := s.Erase(ctx, gone.ID, rightsRep, ErasureRequest); err != nil {
		t.Fatal(err)
	}
	f := contacts.FieldsOf(c)
	f.Name, f.Company, f.Country = "Rita Tippfehler", "Unikat AG", "at"
	var changed []string
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		changed, err = tx.Rectify(c.ID, f, rightsRep)
		return err
	})
	if err != nil || strings.Join(changed, ",") != "name,company,country" {
		t.Fatalf("Rectify() = %v, %v; want name,company,country", changed, err)
	}
	got, _ := s.Contact(ctx, c.ID)
	if got.Name != "Rita Tippfehler" || got.Country != "AT" {
		t.Errorf("after Rectify name %q country %q", got.Name, got.Country)
	}
	r, _ := s.Record(ctx, c.ID)
	last := r.Events[len(r.Events)-1]
	if last.Kind != string(EventRectify) || last.Details["fields"] != "name,company,country" || len(last.Details) != 1 {
		t.Errorf("last event = %+v, want a rectification listing the fields only", last)
	}
	f.Email = "gone.person@unikat.example"
	err = s.InTx(ctx, func(tx *Tx) error { _, err := tx.Rectify(c.ID, f, rightsRep); return err })
	if !errors.Is(err, ErrAddressSuppressed) {
		t.Errorf("Rectify(to an erased address) = %v, want ErrAddressSuppressed", err)
	}
}

func TestMergeSuppressionWins(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	keep := addRights(t, s, person("Jan de Vries", "jan.devries@new-employer.example"))
	old := person("Jan de Vries", "jan.devries@old-employer.example")
	old.Status = contacts.OptedOut
	old.Position = "CTO"
	at := rightsNow.AddDate(0, 0, -5)
	old.InformedAt = &at
	drop := addRights(t, s, old)
	addMessage(t, s, drop.ID, "<old@northwind.example>", "Hello", "Hello Jan")
	if err := s.Merge(ctx, keep.ID, drop.ID, rightsRep); err != nil {
		t.Fatalf("Merge() = %v", err)
	}
	got, err := s.Contact(ctx, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != contacts.OptedOut || !got.Suppressed {
		t.Errorf("merged status %s suppressed %v, want opted_out and suppressed", got.Status, got.Suppressed)
	}
	if len(got.Sources) != 2 || got.Position != "CTO" || got.InformedAt == nil {
		t.Errorf("merged contact = %+v, want 2 sources, position and notice from the dropped one", got)
	}
	for _, e := range []string{keep.Email, drop.Email} {
		if sup, _ := s.IsSuppressed(ctx, e); !sup {
			t.Errorf("%s not suppressed after merge", e)
		}
	}
	if _, err := s.Contact(ctx, drop.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("dropped contact still there: %v", err)
	}
	r, _ := s.Record(ctx, keep.ID)
	if len(r.Messages) != 1 {
		t.Errorf("messages after merge = %d, want the dropped contact's message moved", len(r.Messages))
	}
	var merged bool
	for _, e := range r.Events {
		merged = merged || (e.ContactRef == drop.Ref && e.Kind == string(EventContactAdded))
	}
	if !merged {
		t.Errorf("export of the kept contact lacks the merged contact's events")
	}
}

func TestActivityAndNoteReply(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	c := addRights(t, s, person("Rex Reply", "rex.reply@unikat.example"))
	addMessage(t, s, c.ID, "<a1@northwind.example>", "s", "b")
	later, earlier := rightsNow.AddDate(0, 0, -1), rightsNow.AddDate(0, 0, -3)
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.NoteReply(c.ID, later); err != nil {
			return err
		}
		return tx.NoteReply(c.ID, earlier)
	})
	if err != nil {
		t.Fatal(err)
	}
	act, err := s.Activity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := act[c.ID]
	if a.LastReply == nil || !a.LastReply.Equal(later) {
		t.Errorf("Activity = %+v, want reply %v (the later one)", a, later)
	}
}

// TestOnlyKnownTablesOutliveAnErasure: every table that refers to contacts
// with ON DELETE SET NULL must be one erasure keeps on purpose; a new one
// would keep a person's rows after their erasure without anyone deciding so.
func TestOnlyKnownTablesOutliveAnErasure(t *testing.T) {
	s := openRights(t)
	err := s.InTx(context.Background(), func(tx *Tx) error {
		tables, err := tx.contactTables()
		if err != nil {
			return err
		}
		for _, r := range tables {
			if strings.EqualFold(r.onDelete, "SET NULL") && !keptOnErasure[r.table] {
				t.Errorf("%s.%s is ON DELETE SET NULL but not in keptOnErasure: decide whether its rows may outlive an erasure", r.table, r.column)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// relationFiles is, on PostgreSQL, the file of each table (a VACUUM FULL
// gives a table a new one); on SQLite nothing ("" each).
func relationFiles(t *testing.T, s *Store, tables []string) []string {
	t.Helper()
	out := make([]string, len(tables))
	if !onPostgres() {
		return out
	}
	for i, tb := range tables {
		if err := s.db.QueryRow(`SELECT pg_relation_filepath(?::regclass)`, tb).Scan(&out[i]); err != nil {
			t.Fatalf("the file of %s: %v", tb, err)
		}
	}
	return out
}
