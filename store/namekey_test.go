package store

import (
	"context"
	"testing"

	"legit/contacts"
)

// TestHandAddedContactFoundByName: a contact a rep adds by hand, without
// an address or a profile, has the name key an import finds people by, so a
// colleague's import of the same name and company counts the row as the
// rep's instead of making a second contact of the same person; a
// correction of the name keys it again.
func TestHandAddedContactFoundByName(t *testing.T) {
	tm := newTeam(t, anna, sam, lena)
	ctx := context.Background()
	var added contacts.Contact
	err := tm.as[anna[1]].InTx(ctx, func(tx *Tx) error {
		var err error
		added, err = tx.AddContact(contacts.Contact{Name: "Ingrid de Vries", Company: "Zuiderzee Bouw", Country: "NL",
			Sources: []contacts.Source{{Kind: contacts.Event, Detail: "fair", ObtainedAt: importNow, ObtainedBy: "Anna Rep"}}}, "Anna Rep")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res := tm.importAs(t, sam[1], contacts.ImportRow{Line: 2, Name: "Ingrid de Vries", Company: "Zuiderzee Bouw", Country: "NL"})
	if res.Imported != 0 || res.Owned != 1 {
		t.Errorf("Sam's import of Anna's hand-added contact = %+v, want 1 row owned by Anna, none imported", res)
	}

	v, err := tm.as[anna[1]].Contact(ctx, added.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, version, err := tm.as[anna[1]].ContactForEdit(ctx, added.ID)
	if err != nil {
		t.Fatal(err)
	}
	f := contacts.FieldsOf(v)
	f.Name = "Ingrid van Dijk"
	if _, err := tm.as[anna[1]].Rectify(ctx, added.ID, version, f, "Anna Rep"); err != nil {
		t.Fatal(err)
	}
	res = tm.importAs(t, sam[1], contacts.ImportRow{Line: 2, Name: "Ingrid van Dijk", Company: "Zuiderzee Bouw", Country: "NL"})
	if res.Imported != 0 || res.Owned != 1 {
		t.Errorf("Sam's import of the corrected name = %+v, want 1 row owned by Anna, none imported", res)
	}
	if n := tm.ownerCount(t, `SELECT COUNT(*) FROM contacts WHERE company = 'Zuiderzee Bouw'`); n != 1 {
		t.Errorf("%d contacts at Zuiderzee Bouw, want Anna's one", n)
	}
}
