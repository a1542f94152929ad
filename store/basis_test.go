package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

var basisNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// basisStore opens a temp store holding one contact with no basis.
func basisStore(t *testing.T) (*Store, int64) {
	t.Helper()
	ctx := context.Background()
	s := openTestStore(t)
	s.SetClock(func() time.Time { return basisNow })
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		c, err := tx.AddContact(contacts.Contact{Name: "Anna Müller", Email: "anna@example.com",
			Sources: []contacts.Source{{Kind: contacts.LinkedIn, Detail: "export", ObtainedAt: basisNow.AddDate(0, 0, -40), ObtainedBy: "Robin"}}}, "Robin")
		id = c.ID
		return err
	})
	if err != nil {
		t.Fatalf("AddContact() = %v", err)
	}
	return s, id
}

func liAssessment() contacts.Assessment {
	return contacts.Assessment{
		Purpose:   "Offering our route-planning software to logistics teams, a B2B service.",
		Necessity: "She leads operations, the one role that decides; one email is least intrusive.",
		Balancing: "Work address only, one message with a clear opt-out; people in this role expect it.",
	}
}

// lastEvent returns the kind, rep and details of the newest event.
func lastEvent(t *testing.T, s *Store) (kind, rep, details string) {
	t.Helper()
	if err := s.db.QueryRow(`SELECT kind, rep, details FROM events ORDER BY id DESC LIMIT 1`).Scan(&kind, &rep, &details); err != nil {
		t.Fatalf("read last event: %v", err)
	}
	return kind, rep, details
}

func TestSetBasisLegitimateInterest(t *testing.T) {
	ctx := context.Background()
	s, id := basisStore(t)
	a := liAssessment()
	if err := s.InTx(ctx, func(tx *Tx) error {
		return tx.SetBasis(id, contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: a}, "Robin")
	}); err != nil {
		t.Fatalf("SetBasis() = %v", err)
	}
	c, err := s.Contact(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Basis.Kind != contacts.LegitimateInterest || c.Basis.Assessment != a || c.Basis.Author != "Robin" || !c.Basis.RecordedAt.Equal(basisNow) {
		t.Errorf("basis read back = %+v, want legitimate interest by Robin with the assessment", c.Basis)
	}
	kind, rep, details := lastEvent(t, s)
	if kind != string(EventBasis) || rep != "Robin" || details != `{"basis":"legitimate_interest"}` {
		t.Errorf("event = %s by %s %s, want basis by Robin naming only the kind", kind, rep, details)
	}
	if strings.Contains(details, "Anna") || strings.Contains(details, "route") {
		t.Errorf("event details %s carry personal data or assessment text", details)
	}
}

func TestSetBasisRefusesInvalidAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	s, id := basisStore(t)
	kindBefore, _, _ := lastEvent(t, s)
	err := s.InTx(ctx, func(tx *Tx) error {
		return tx.SetBasis(id, contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: contacts.Assessment{Purpose: "sales"}}, "Robin")
	})
	var be *contacts.BasisError
	if !errors.As(err, &be) {
		t.Fatalf("SetBasis(incomplete) = %v, want a BasisError", err)
	}
	c, _ := s.Contact(ctx, id)
	if c.Basis.Recorded() {
		t.Errorf("basis after refusal = %+v, want none", c.Basis)
	}
	if kind, _, _ := lastEvent(t, s); kind != kindBefore {
		t.Errorf("last event kind = %s after a refusal, want %s", kind, kindBefore)
	}
}

func TestSetBasisCustomerAndConsent(t *testing.T) {
	ctx := context.Background()
	s, id := basisStore(t)
	bought := basisNow.AddDate(0, -2, 0)
	err := s.InTx(ctx, func(tx *Tx) error {
		return tx.SetBasis(id, contacts.Basis{Kind: contacts.ExistingCustomer, CustomerSale: contacts.CustomerSale{
			Purchase: "RoutePlanner Pro", PurchaseAt: &bought, AddressFromSale: true, ObjectionOfferedAt: &bought}}, "Robin")
	})
	if err != nil {
		t.Fatalf("SetBasis(customer) = %v", err)
	}
	c, _ := s.Contact(ctx, id)
	if c.Relationship != contacts.Customer || c.Basis.Purchase != "RoutePlanner Pro" || c.Basis.PurchaseAt == nil || !c.Basis.PurchaseAt.Equal(bought) ||
		!c.Basis.AddressFromSale || c.Basis.ObjectionOfferedAt == nil || !c.Basis.ObjectionOfferedAt.Equal(bought) {
		t.Errorf("after customer basis: relationship %s, basis %+v", c.Relationship, c.Basis)
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		return tx.SetBasis(id, contacts.Basis{Kind: contacts.ConsentBasis, CustomerSale: contacts.CustomerSale{Purchase: "dropped"},
			Consent: contacts.ConsentEvidence{GivenAt: bought, Channel: contacts.ConsentByReply, Reference: "<yes@mail.example>",
				Told:      "our email of 2 Sep asked whether Northwind may send news on route planning",
				ReplyText: "Yes, keep me posted.\n\nAnna"}}, "Robin")
	})
	if err != nil {
		t.Fatalf("SetBasis(consent) = %v", err)
	}
	c, _ = s.Contact(ctx, id)
	k, ok := c.ActiveConsent(contacts.ConsentMarketing)
	if c.Basis.Kind != contacts.ConsentBasis || !ok || k.Reference != "<yes@mail.example>" || k.Channel != contacts.ConsentByReply ||
		k.ReplyText != "Yes, keep me posted.\n\nAnna" || !k.GivenAt.Equal(bought) || !strings.Contains(k.Told, "route planning") || c.Basis.Purchase != "" {
		t.Errorf("after consent basis: basis %+v, consent %+v (%v)", c.Basis, k, ok)
	}
}

func TestTemplatesCopyText(t *testing.T) {
	ctx := context.Background()
	s, id := basisStore(t)
	a := liAssessment()
	if err := s.SaveTemplate(ctx, "logistics DE", a, "Robin"); err != nil {
		t.Fatalf("SaveTemplate() = %v", err)
	}
	if err := s.SaveTemplate(ctx, " ", a, "Robin"); err == nil {
		t.Errorf("SaveTemplate(no segment) = nil, want an error")
	}
	tp, err := s.Template(ctx, "logistics DE")
	if err != nil || tp.Assessment != a || tp.Author != "Robin" {
		t.Fatalf("Template() = %+v, %v", tp, err)
	}
	edited := tp.Assessment
	edited.Necessity = "He runs the fleet of forty trucks, so the route tool is his decision alone."
	if err := s.InTx(ctx, func(tx *Tx) error {
		return tx.SetBasis(id, contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: edited}, "Robin")
	}); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Template(ctx, "logistics DE")
	if again.Assessment != a {
		t.Errorf("template changed after a contact's copy was edited: %+v", again.Assessment)
	}
	list, err := s.Templates(ctx)
	if err != nil || len(list) != 1 || list[0].Segment != "logistics DE" {
		t.Errorf("Templates() = %+v, %v", list, err)
	}
	if _, err := s.Template(ctx, "retail"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Template(unknown) = %v, want ErrNotFound", err)
	}
}

func TestMarkInformed(t *testing.T) {
	ctx := context.Background()
	s, id := basisStore(t)
	first := basisNow.Add(-time.Hour)
	for _, at := range []time.Time{first, basisNow} {
		if err := s.InTx(ctx, func(tx *Tx) error { return tx.MarkInformed(id, at, "", "Robin") }); err != nil {
			t.Fatalf("MarkInformed() = %v", err)
		}
	}
	c, _ := s.Contact(ctx, id)
	if c.InformedAt == nil || !c.InformedAt.Equal(first) {
		t.Errorf("InformedAt = %v, want the first notice %v", c.InformedAt, first)
	}
	if kind, rep, _ := lastEvent(t, s); kind != string(EventNotice) || rep != "Robin" {
		t.Errorf("last event = %s by %s, want notice by Robin", kind, rep)
	}
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.MarkInformed(9999, basisNow, "", "Robin") }); !errors.Is(err, ErrNotFound) {
		t.Errorf("MarkInformed(unknown) = %v, want ErrNotFound", err)
	}
}

// TestSetBasisRefusesAnotherContactsAssessment: Pieter's assessment, saved
// as Niels's unedited, is refused and names Pieter; written for Niels, it
// is saved.
func TestSetBasisRefusesAnotherContactsAssessment(t *testing.T) {
	ctx := context.Background()
	s, _ := basisStore(t)
	var pieter, niels contacts.Contact
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		if pieter, err = tx.AddContact(contacts.Contact{Name: "Pieter Janssens", Company: "Vlaamse Bouw NV", Email: "pieter@vlaamse-bouw.example"}, "Robin"); err != nil {
			return err
		}
		niels, err = tx.AddContact(contacts.Contact{Name: "Niels Peeters", Company: "Gentse Haven BV", Email: "niels@gentse-haven.example"}, "Robin")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	a := contacts.Assessment{
		Purpose:   "Pieter beheert de faciliteiten van Vlaamse Bouw NV; wij bieden planning voor onderhoudsrondes.",
		Necessity: "Als facility manager beslist hij over de planning; één persoonlijke mail is het lichtst.",
		Balancing: "Zakelijk adres en rol alleen, één bericht met een duidelijke opt-out; dit wordt verwacht.",
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		return tx.SetBasis(niels.ID, contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: a}, "Robin")
	})
	var be *contacts.BasisError
	if !errors.As(err, &be) || len(be.Problems) != 1 || !strings.Contains(be.Problems[0], `purpose: it names "Vlaamse Bouw NV", which belongs to Pieter Janssens`) ||
		!strings.Contains(be.Problems[0], "write it for Niels Peeters") {
		t.Fatalf("SetBasis(Pieter's text for Niels) = %v, want the purpose refused naming Pieter", err)
	}
	if err := s.InTx(ctx, func(tx *Tx) error {
		return tx.SetBasis(pieter.ID, contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: a}, "Robin")
	}); err != nil {
		t.Errorf("SetBasis(Pieter's own) = %v", err)
	}
	a.Purpose = "Niels beheert de logistiek van Gentse Haven BV; wij bieden planning voor onderhoudsrondes."
	if err := s.InTx(ctx, func(tx *Tx) error {
		return tx.SetBasis(niels.ID, contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: a}, "Robin")
	}); err != nil {
		t.Errorf("SetBasis(written for Niels) = %v", err)
	}
}
