package ui

import (
	"context"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"legit/contacts"
	"legit/store"
)

// theirAssessment is what the other window records for Stefan.
var theirAssessment = contacts.Assessment{Purpose: "Offering port-side warehousing to a shipping operator, a service we sell.",
	Necessity: testNecessity, Balancing: testBalancing}

// staleBasisSave opens Stefan's basis form, lets a second window record a
// basis for him, then types an assessment and saves it, and waits for the
// refusal. It returns the running program and Stefan's id.
func staleBasisSave(t *testing.T, d Deps) (*teatest.TestModel, int64) {
	t.Helper()
	ctx := context.Background()
	tm := openByName(t, d, "Stefan")
	press(tm, "b")
	waitFor(t, tm, "● legitimate interest")

	w, err := store.Open(ctx, d.Store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = w.Close() }()
	w.SetClock(func() time.Time { return testNow })
	stefan, err := w.ContactByEmail(ctx, "stefan.dimitrov@varna-ports.example")
	if err != nil {
		t.Fatal(err)
	}
	_, v, err := w.ContactForEdit(ctx, stefan.ID)
	if err != nil {
		t.Fatal(err)
	}
	err = w.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CheckVersion(stefan.ID, v); err != nil {
			return err
		}
		return tx.SetBasis(stefan.ID, contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: theirAssessment}, "Bea Other")
	})
	if err != nil {
		t.Fatalf("the other window's basis: %v", err)
	}

	typeAssessment(tm)
	press(tm, "ctrl+s")
	waitFor(t, tm, "Their purpose: \"Offering port-side") // below "Not saved: changed by someone else…"
	if c, err := d.Store.Contact(ctx, stefan.ID); err != nil || c.Basis.Assessment != theirAssessment || c.Basis.Author != "Bea Other" {
		t.Errorf("after the refusal the basis is %+v (%v), want Bea Other's", c.Basis, err)
	}
	return tm, stefan.ID
}

// TestBasisFormStaleGolden: the refused form names the other basis and its
// different purpose, and keeps the typed text.
func TestBasisFormStaleGolden(t *testing.T) {
	d := demoDeps(t)
	d.Controller = testController
	tm, _ := staleBasisSave(t, d)
	m, screen := finalScreen(t, tm)
	requireGolden(t, "basis_form_stale", screen)
	f, ok := m.top().(*basisForm)
	if !ok {
		t.Fatalf("screen in view is %T, want the basis form", m.top())
	}
	if got := f.assessment(); got.Purpose != testPurpose {
		t.Errorf("the typed purpose was replaced by %q", got.Purpose)
	}
}

// TestBasisFormSavesAfterStale: after the refusal, ctrl+s records what
// was typed, over the other window's basis.
func TestBasisFormSavesAfterStale(t *testing.T) {
	d := demoDeps(t)
	d.Controller = testController
	tm, id := staleBasisSave(t, d)
	press(tm, "ctrl+s")
	waitFor(t, tm, "legitimate interest, recorded 23 Nov 2026 by Robin Maes")
	ours := contacts.Assessment{Purpose: testPurpose, Necessity: testNecessity, Balancing: testBalancing}
	if c, err := d.Store.Contact(context.Background(), id); err != nil || c.Basis.Assessment != ours || c.Basis.Author != testRep {
		t.Errorf("after the second save the basis is %+v (%v), want ours", c.Basis, err)
	}
	if m, _ := finalScreen(t, tm); len(m.stack) != 2 {
		t.Errorf("after saving %d screens are open, want the list and the contact", len(m.stack))
	}
}
