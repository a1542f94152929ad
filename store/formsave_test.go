package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"legit/contacts"
)

// failEvents makes every later append of an event of kind fail, as a full
// disk or a lost connection would at the last step of a save: a trigger on
// the engine under test.
func failEvents(t *testing.T, s *Store, kind EventKind) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER test_fail_event BEFORE INSERT ON events WHEN NEW.kind = '` + string(kind) + `'
		BEGIN SELECT RAISE(ABORT, 'injected failure'); END`}
	if onPostgres() {
		stmts = []string{
			`CREATE FUNCTION test_fail_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`,
			`CREATE TRIGGER test_fail_event BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.kind = '` + string(kind) + `') EXECUTE FUNCTION test_fail_event()`,
		}
	}
	for _, q := range stmts {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// editVersion is contact id's version as a form loads it.
func editVersion(t *testing.T, s *Store, id int64) int64 {
	t.Helper()
	_, v, err := s.ContactForEdit(context.Background(), id)
	if err != nil {
		t.Fatalf("ContactForEdit(%d) = %v", id, err)
	}
	return v
}

func TestStoreSetBasisOverVersion(t *testing.T) {
	ctx := context.Background()
	s, id := basisStore(t)
	v := editVersion(t, s, id)
	li := contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: liAssessment()}
	if err := s.SetBasis(ctx, id, v-1, li, "Robin"); !errors.Is(err, ErrStale) {
		t.Fatalf("SetBasis(an older version) = %v, want ErrStale", err)
	}
	if kind, _, _ := lastEvent(t, s); kind == string(EventBasis) {
		t.Errorf("a stale save logged a basis event")
	}
	if err := s.SetBasis(ctx, id, v, li, "Robin"); err != nil {
		t.Fatalf("SetBasis(the loaded version) = %v", err)
	}
	c, err := s.Contact(ctx, id)
	if err != nil || c.Basis.Kind != contacts.LegitimateInterest || c.Basis.Assessment != li.Assessment {
		t.Errorf("after the save: basis %+v (%v), want the assessment", c.Basis, err)
	}
	if err := s.SetBasis(ctx, id, v, li, "Robin"); !errors.Is(err, ErrStale) {
		t.Errorf("SetBasis(the version before its own save) = %v, want ErrStale", err)
	}
}

// TestStoreSetBasisIsOneTransaction fails the last step of a basis save
// (the log event): the basis written before it must be undone.
func TestStoreSetBasisIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	s, id := basisStore(t)
	v := editVersion(t, s, id)
	failEvents(t, s, EventBasis)
	err := s.SetBasis(ctx, id, v, contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: liAssessment()}, "Robin")
	if err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("SetBasis(with the event failing) = %v, want the injected failure", err)
	}
	c, err := s.Contact(ctx, id)
	if err != nil || c.Basis.Kind != "" || c.Basis.Assessment != (contacts.Assessment{}) {
		t.Errorf("after the failed save: basis %+v (%v), want none", c.Basis, err)
	}
	if now := editVersion(t, s, id); now != v {
		t.Errorf("version after the failed save = %d, want %d (nothing written)", now, v)
	}
}

// TestStoreRectifyIsOneTransaction fails the last step of a correction
// (the log event): the fields and the address written before it must be
// undone.
func TestStoreRectifyIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	s := openRights(t)
	c := addRights(t, s, person("Rita Typo", "rita.typo@unikat.example"))
	v := editVersion(t, s, c.ID)
	f := contacts.FieldsOf(c)
	f.Name, f.Email = "Rita Tippfehler", "rita@unikat.example"
	failEvents(t, s, EventRectify)
	if changed, err := s.Rectify(ctx, c.ID, v, f, rightsRep); err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("Rectify(with the event failing) = %v, %v; want the injected failure", changed, err)
	}
	got, err := s.Contact(ctx, c.ID)
	if err != nil || got.Name != "Rita Typo" || got.Email != "rita.typo@unikat.example" {
		t.Errorf("after the failed correction: %q <%s> (%v), want Rita Typo as before", got.Name, got.Email, err)
	}
	if _, err := s.ContactByEmail(ctx, "rita@unikat.example"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ContactByEmail(the new address) = %v, want ErrNotFound", err)
	}
	if now := editVersion(t, s, c.ID); now != v {
		t.Errorf("version after the failed correction = %d, want %d (nothing written)", now, v)
	}
}

// TestRectifyToATakenAddress: correcting a contact to an address another
// contact holds is ErrDuplicate on both engines (read from the driver's
// error code: PostgreSQL's message does not say UNIQUE).
func TestRectifyToATakenAddress(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	var a, b contacts.Contact
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		if a, err = tx.AddContact(sampleContact("anna@kraftwerk.example"), "Robin"); err != nil {
			return err
		}
		b, err = tx.AddContact(sampleContact("bert@kraftwerk.example"), "Robin")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f := contacts.FieldsOf(b)
	f.Email = a.Email
	if _, err := s.Rectify(ctx, b.ID, editVersion(t, s, b.ID), f, "Robin"); !errors.Is(err, ErrDuplicate) {
		t.Fatalf("Rectify(to anna's address) = %v, want ErrDuplicate", err)
	}
	if got, err := s.Contact(ctx, b.ID); err != nil || got.Email != "bert@kraftwerk.example" {
		t.Errorf("after the refused correction: %q (%v), want bert's address kept", got.Email, err)
	}
}
