package store

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"legit/contacts"
)

// openWindow opens a second store on the database of s, as a second TUI
// on the same file would.
func openWindow(t *testing.T, s *Store) *Store {
	t.Helper()
	w, err := Open(context.Background(), s.where)
	if err != nil {
		t.Fatalf("Open(second window) = %v", err)
	}
	t.Cleanup(func() { _ = w.Close() })
	w.SetClock(func() time.Time { return rightsNow })
	return w
}

// rectifications lists the fields each rectification event of id names.
func rectifications(t *testing.T, s *Store, id int64) []string {
	t.Helper()
	r, err := s.Record(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range r.Events {
		if e.Kind == string(EventRectify) {
			out = append(out, e.Rep+": "+e.Details["fields"])
		}
	}
	return out
}

// TestTwoWindowsLostUpdate is issue 16 item 10: window A opens the form,
// window B changes the company and saves, A changes the name and saves.
// A's save must be refused, B's company kept, and nothing logged for A
// until A saves again over the fresh values.
func TestTwoWindowsLostUpdate(t *testing.T) {
	ctx := context.Background()
	a := openRights(t)
	c := addRights(t, a, person("Anna Jansen", "anna.jansen@acme.example"))
	b := openWindow(t, a)

	seenA, vA, err := a.ContactForEdit(ctx, c.ID)
	if err != nil {
		t.Fatalf("ContactForEdit(A) = %v", err)
	}
	seenB, vB, err := b.ContactForEdit(ctx, c.ID)
	if err != nil || vB != vA {
		t.Fatalf("ContactForEdit(B) = %d, %v; want version %d", vB, err, vA)
	}
	fb := contacts.FieldsOf(seenB)
	fb.Company = "Acme Logistics BV"
	if _, err := b.Rectify(ctx, c.ID, vB, fb, "Bea"); err != nil {
		t.Fatalf("B's save = %v", err)
	}

	fa := contacts.FieldsOf(seenA)
	fa.Name = "Anna Jansen-de Vries"
	if changed, err := a.Rectify(ctx, c.ID, vA, fa, rightsRep); !errors.Is(err, ErrStale) {
		t.Fatalf("A's stale save = %v, %v; want ErrStale", changed, err)
	}
	now, err := a.Contact(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if now.Company != "Acme Logistics BV" || now.Name != "Anna Jansen" {
		t.Errorf("after the refused save: name %q, company %q; want Anna Jansen at Acme Logistics BV", now.Name, now.Company)
	}
	if got := rectifications(t, a, c.ID); strings.Join(got, "|") != "Bea: company" {
		t.Errorf("rectifications after the refusal = %q, want only Bea's company", got)
	}

	// A reloads, keeps the name typed, and saves over the fresh values.
	fresh, v2, err := a.ContactForEdit(ctx, c.ID)
	if err != nil || v2 == vA {
		t.Fatalf("reload = version %d, %v; want a version past %d", v2, err, vA)
	}
	fa = contacts.FieldsOf(fresh)
	fa.Name = "Anna Jansen-de Vries"
	if changed, err := a.Rectify(ctx, c.ID, v2, fa, rightsRep); err != nil || strings.Join(changed, ",") != "name" {
		t.Fatalf("A's save after reload = %v, %v; want name changed", changed, err)
	}
	now, err = b.Contact(ctx, c.ID)
	if err != nil || now.Name != "Anna Jansen-de Vries" || now.Company != "Acme Logistics BV" {
		t.Errorf("at the end: %q at %q (%v); want both changes kept", now.Name, now.Company, err)
	}
	if got := rectifications(t, a, c.ID); strings.Join(got, "|") != "Bea: company|"+rightsRep+": name" {
		t.Errorf("rectifications = %q, want Bea's company then A's name", got)
	}
}

// TestSimultaneousSavesOneWins saves from two windows at once, both from
// the same version: exactly one save goes through, the other is stale.
func TestSimultaneousSavesOneWins(t *testing.T) {
	ctx := context.Background()
	a := openRights(t)
	c := addRights(t, a, person("Jan de Vries", "jan@polder.example"))
	b := openWindow(t, a)
	for round := range 20 {
		seen, v, err := a.ContactForEdit(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, w := range []*Store{a, b} {
			f := contacts.FieldsOf(seen)
			f.Position = strings.Repeat("x", round+1) + string(rune('A'+i))
			wg.Go(func() { _, errs[i] = w.Rectify(ctx, c.ID, v, f, rightsRep) })
		}
		wg.Wait()
		var ok, stale int
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, ErrStale):
				stale++
			default:
				t.Fatalf("round %d: save = %v", round, err)
			}
		}
		if ok != 1 || stale != 1 {
			t.Fatalf("round %d: %d saves went through and %d were stale; want 1 and 1 (%v)", round, ok, stale, errs)
		}
	}
}

// TestWritesMoveTheVersion checks every kind of write to a contact against
// its version: each must move it, except noting a reply's time.
func TestWritesMoveTheVersion(t *testing.T) {
	tests := []struct {
		name  string
		write func(t *Tx, c contacts.Contact) error
		moves bool
	}{
		{"rectify", func(t *Tx, c contacts.Contact) error {
			f := contacts.FieldsOf(c)
			f.Position = "Buyer"
			_, err := t.Rectify(c.ID, f, rightsRep)
			return err
		}, true},
		{"basis", func(t *Tx, c contacts.Contact) error {
			return t.SetBasis(c.ID, contacts.Basis{Kind: contacts.LegitimateInterest,
				Assessment: contacts.Assessment{Purpose: "Offer pallet tracking to a logistics buyer.",
					Necessity: "Email is the least intrusive way to reach a buyer.",
					Balancing: "A business address, a work topic, an opt-out in every email."}}, rightsRep)
		}, true},
		{"notice", func(t *Tx, c contacts.Contact) error { return t.MarkInformed(c.ID, rightsNow, "li", rightsRep) }, true},
		{"status", func(t *Tx, c contacts.Contact) error { return t.setStatus(c.ID, contacts.OptedOut) }, true},
		{"consent given", func(t *Tx, c contacts.Contact) error {
			_, err := t.insertConsent(c.ID, contacts.Consent{Purpose: contacts.ConsentTracking, Evidence: "form 12", GrantedAt: rightsNow})
			return err
		}, true},
		{"consent withdrawn", func(t *Tx, c contacts.Contact) error {
			return t.withdrawConsents(c.ID, c.Ref, contacts.ConsentTracking, "reply", "inbox", rightsRep)
		}, true},
		{"import fills the address", func(t *Tx, c contacts.Contact) error {
			_, err := t.stmt(t.s.q.ImportSetAddress).Exec("new@acme.example", "new@acme.example", "h", timeText(rightsNow), c.ID)
			return err
		}, true},
		{"reply noted", func(t *Tx, c contacts.Contact) error { return t.NoteReply(c.ID, rightsNow) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := openRights(t)
			p := person("Piet Bakker", "piet@acme.example")
			if tt.name == "import fills the address" {
				p.Email = ""
			}
			if tt.name == "consent withdrawn" {
				p.Consents = []contacts.Consent{{Purpose: contacts.ConsentTracking, Evidence: "form 12", GrantedAt: rightsNow}}
			}
			c := addRights(t, s, p)
			_, before, err := s.ContactForEdit(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.InTx(ctx, func(tx *Tx) error { return tt.write(tx, c) }); err != nil {
				t.Fatalf("write = %v", err)
			}
			_, after, err := s.ContactForEdit(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if moved := after != before; moved != tt.moves {
				t.Errorf("version %d → %d: moved = %v, want %v", before, after, moved, tt.moves)
			}
			err = s.InTx(ctx, func(tx *Tx) error { return tx.CheckVersion(c.ID, before) })
			if stale := errors.Is(err, ErrStale); stale != tt.moves {
				t.Errorf("CheckVersion(version before) = %v, want stale = %v", err, tt.moves)
			}
		})
	}
}

// TestMergeMovesTheVersion: a form opened on the kept contact before a
// merge is stale after it; one opened on the dropped contact finds it gone.
func TestMergeMovesTheVersion(t *testing.T) {
	ctx := context.Background()
	s := openRights(t)
	keep := addRights(t, s, person("Eva Novak", "eva@acme.example"))
	drop := addRights(t, s, person("Eva Novak", "eva.novak@acme.example"))
	_, vKeep, err := s.ContactForEdit(ctx, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, vDrop, err := s.ContactForEdit(ctx, drop.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Merge(ctx, keep.ID, drop.ID, rightsRep); err != nil {
		t.Fatalf("Merge() = %v", err)
	}
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.CheckVersion(keep.ID, vKeep) }); !errors.Is(err, ErrStale) {
		t.Errorf("CheckVersion(kept, before the merge) = %v, want ErrStale", err)
	}
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.CheckVersion(drop.ID, vDrop) }); !errors.Is(err, ErrNotFound) {
		t.Errorf("CheckVersion(dropped) = %v, want ErrNotFound", err)
	}
}

// TestVersionTriggerCoversEveryColumn guards the trigger of migration 0013
// against a later migration: a column added to contacts must be named in
// it (or the version would not move when only that column is written), and
// a rebuilt table must have the trigger again.
func TestVersionTriggerCoversEveryColumn(t *testing.T) {
	s := openRights(t)
	var sqlText string
	triggerSQL := `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'contacts_version' AND tbl_name = 'contacts'`
	columnsSQL := `SELECT name FROM pragma_table_info('contacts')`
	if onPostgres() {
		triggerSQL = `SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'contacts_version' AND tgrelid = 'contacts'::regclass`
		columnsSQL = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'contacts'`
	}
	if err := s.db.QueryRow(triggerSQL).Scan(&sqlText); err != nil {
		t.Fatalf("the contacts_version trigger is missing (%v): create it again after rebuilding contacts", err)
	}
	m := regexp.MustCompile(`(?is)UPDATE OF (.*?)\s+ON (?:\w+\.)?contacts`).FindStringSubmatch(sqlText)
	if m == nil {
		t.Fatalf("cannot read the column list of the trigger:\n%s", sqlText)
	}
	named := map[string]bool{}
	for _, col := range strings.Split(m[1], ",") {
		named[strings.Trim(strings.TrimSpace(col), `"`)] = true
	}
	// name_key and profile_key are lookup keys no form shows (the import's).
	notWatched := map[string]bool{"id": true, "version": true, "last_reply_at": true, "name_key": true, "profile_key": true}
	rows, err := s.db.Query(columnsSQL)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	n := 0
	for rows.Next() {
		var col string
		if err := rows.Scan(&col); err != nil {
			t.Fatal(err)
		}
		n++
		// The list_ columns (migration 0019) are worked out from the others
		// by the store, never written by a form: they move no version.
		if !named[col] && !notWatched[col] && !strings.HasPrefix(col, "list_") {
			t.Errorf("column contacts.%s is not in the contacts_version trigger: a write to it would not move the version", col)
		}
	}
	if err := rows.Err(); err != nil || n < 20 {
		t.Fatalf("read %d columns of contacts (%v)", n, err)
	}
}
