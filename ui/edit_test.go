package ui

import (
	"context"
	"strings"
	"testing"

	"legit/contacts"
	"legit/store"
)

// otherWindow saves change over Anna's current fields from a second store
// on the same database, as a second TUI would, logged as rep.
func otherWindow(t *testing.T, d Deps, rep string, change func(*contacts.Fields)) {
	t.Helper()
	ctx := context.Background()
	w, err := store.Open(ctx, d.Store.Path())
	if err != nil {
		t.Fatalf("open the second window: %v", err)
	}
	defer func() { _ = w.Close() }()
	c, err := w.ContactByEmail(ctx, annaEmail)
	if err != nil {
		t.Fatal(err)
	}
	c, v, err := w.ContactForEdit(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	f := contacts.FieldsOf(c)
	change(&f)
	err = w.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CheckVersion(c.ID, v); err != nil {
			return err
		}
		_, err := tx.Rectify(c.ID, f, rep)
		return err
	})
	if err != nil {
		t.Fatalf("the second window's save: %v", err)
	}
}

// annaRectifications lists "rep: fields" for each rectification of Anna.
func annaRectifications(t *testing.T, d Deps) (contacts.Contact, []string) {
	t.Helper()
	ctx := context.Background()
	c, err := storeOf(d).ContactByEmail(ctx, annaEmail)
	if err != nil {
		t.Fatal(err)
	}
	r, err := d.Store.Record(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range r.Events {
		if e.Kind == string(store.EventRectify) {
			out = append(out, e.Rep+": "+e.Details["fields"])
		}
	}
	return c, out
}

// TestEditRefusesStaleSave is issue 16 item 10 on the screen: the form is
// open, another window changes the company, this one changes the name and
// saves. The save is refused, the form takes the other company and keeps
// the typed name, and the next ctrl+s saves the name alone.
func TestEditRefusesStaleSave(t *testing.T) {
	d := demoDeps(t)
	tm := openAnna(t, d)
	press(tm, "e")
	waitFor(t, tm, "Relationship")
	otherWindow(t, d, "Bea Other", func(f *contacts.Fields) { f.Company = "Kraftwerk Logistik AG" })

	press(tm, "ctrl+u")
	tm.Type("Anna Müller-Schmidt")
	press(tm, "ctrl+s")
	waitFor(t, tm, "changed by someone else since you opened it")
	c, got := annaRectifications(t, d)
	if c.Name != "Anna Müller" || c.Company != "Kraftwerk Logistik AG" {
		t.Errorf("after the refused save: %q at %q, want Anna Müller at Kraftwerk Logistik AG", c.Name, c.Company)
	}
	if strings.Join(got, "|") != "Bea Other: company" {
		t.Errorf("rectifications after the refusal = %q, want only Bea Other's company", got)
	}

	press(tm, "ctrl+s")
	waitFor(t, tm, "Saved: name changed")
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*contactDetail); !ok {
		t.Errorf("after saving the screen is %T, want the contact detail", m.top())
	}
	c, got = annaRectifications(t, d)
	if c.Name != "Anna Müller-Schmidt" || c.Company != "Kraftwerk Logistik AG" {
		t.Errorf("at the end: %q at %q, want Anna Müller-Schmidt at Kraftwerk Logistik AG", c.Name, c.Company)
	}
	if strings.Join(got, "|") != "Bea Other: company|"+testRep+": name" {
		t.Errorf("rectifications = %q, want Bea Other's company, then %s's name", got, testRep)
	}
}

// TestEditStaleConflictGolden: both windows changed the company. The
// refused form keeps this window's company in the field and shows theirs
// beside it, and the other window's new position in its field.
func TestEditStaleConflictGolden(t *testing.T) {
	d := demoDeps(t)
	tm := openAnna(t, d)
	press(tm, "e")
	waitFor(t, tm, "Relationship")
	otherWindow(t, d, "Bea Other", func(f *contacts.Fields) {
		f.Company, f.Position = "Kraftwerk Logistik AG", "COO"
	})
	press(tm, "tab", "tab", "ctrl+u")
	tm.Type("Kraftwerk Logistik SE")
	press(tm, "ctrl+s")
	waitFor(t, tm, "changed by someone else since you opened it")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "edit_form_stale", screen)
	f, ok := m.top().(*editForm)
	if !ok {
		t.Fatalf("screen in view is %T, want the edit form", m.top())
	}
	if got := f.inputs[editCompany].Value(); got != "Kraftwerk Logistik SE" {
		t.Errorf("company field = %q, want what this window typed", got)
	}
	if got := f.inputs[editPosition].Value(); got != "COO" {
		t.Errorf("position field = %q, want the other window's COO", got)
	}
}

// TestEditRebase checks how a refused form takes the fresh values, field
// by field: untouched fields follow the other window, typed ones stay.
func TestEditRebase(t *testing.T) {
	loaded := contacts.Contact{ID: 7, Name: "Anna Müller", Company: "Kraftwerk Logistik GmbH", Position: "Head of Operations",
		Country: "DE", Language: "de", Relationship: contacts.Prospect}
	tests := []struct {
		name      string
		typed     string // company typed in this window; "" leaves it as loaded
		theirs    string // company the other window saved
		wantField string
		want      []editChange
	}{
		{"they changed it, we did not", "", "Kraftwerk AG", "Kraftwerk AG",
			[]editChange{{field: editCompany, was: "Kraftwerk Logistik GmbH", now: "Kraftwerk AG"}}},
		{"we changed it, they did not", "Kraftwerk SE", "Kraftwerk Logistik GmbH", "Kraftwerk SE", nil},
		{"both, to the same", "Kraftwerk AG", "Kraftwerk AG", "Kraftwerk AG",
			[]editChange{{field: editCompany, was: "Kraftwerk Logistik GmbH", now: "Kraftwerk AG"}}},
		{"both, differently", "Kraftwerk SE", "Kraftwerk AG", "Kraftwerk SE",
			[]editChange{{field: editCompany, was: "Kraftwerk Logistik GmbH", now: "Kraftwerk AG", yours: "Kraftwerk SE", conflict: true}}},
		{"neither", "", "Kraftwerk Logistik GmbH", "Kraftwerk Logistik GmbH", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newEditForm(&shared{}, loaded)
			f.fill(loaded, 3)
			if tt.typed != "" {
				f.inputs[editCompany].SetValue(tt.typed)
			}
			fresh := loaded
			fresh.Company = tt.theirs
			r := f.rebase(fresh, 5)
			if got := f.inputs[editCompany].Value(); got != tt.wantField {
				t.Errorf("company field = %q, want %q", got, tt.wantField)
			}
			if f.version != 5 || f.c.Company != tt.theirs {
				t.Errorf("form at version %d with company %q, want version 5 and %q", f.version, f.c.Company, tt.theirs)
			}
			if len(r.changes) != len(tt.want) {
				t.Fatalf("changes = %+v, want %+v", r.changes, tt.want)
			}
			for i := range tt.want {
				if r.changes[i] != tt.want[i] {
					t.Errorf("change %d = %+v, want %+v", i, r.changes[i], tt.want[i])
				}
			}
		})
	}
}

// TestProposalRefusedWhenStale: confirming the proposed country (p) saves
// the fields the contact screen showed; when another window changed the
// contact since, it is refused and the screen reloads instead of writing
// the old company back.
func TestProposalRefusedWhenStale(t *testing.T) {
	d := demoDeps(t)
	ctx := context.Background()
	jan := contacts.Contact{Name: "Jan Zonderland", Email: "jan@zonderland-logistiek.nl", Company: "Zonderland Logistiek B.V.",
		Sources: []contacts.Source{{Kind: contacts.Manual, Detail: "met at a fair", ObtainedAt: testNow.AddDate(0, 0, -3), ObtainedBy: testRep}}}
	err := storeOf(d).InTx(ctx, func(tx *store.Tx) error {
		var err error
		jan, err = tx.AddContact(jan, testRep)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !proposalsFor(jan).confirmable() {
		t.Fatalf("no proposal for %s: the test would prove nothing", jan.Email)
	}
	tm := openByName(t, d, "Zonderland")
	w, err := store.Open(ctx, d.Store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = w.Close() }()
	c, v, err := w.ContactForEdit(ctx, jan.ID)
	if err != nil {
		t.Fatal(err)
	}
	f := contacts.FieldsOf(c)
	f.Company = "Zonderland Groep N.V."
	err = w.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CheckVersion(jan.ID, v); err != nil {
			return err
		}
		_, err := tx.Rectify(jan.ID, f, "Bea Other")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	press(tm, "p")
	waitFor(t, tm, "Groep N.V.") // the company line, drawn again after the reload
	_, screen := finalScreen(t, tm)
	for _, want := range []string{"changed by someone else since you opened it", "Zonderland Groep N.V."} {
		if !strings.Contains(screen, want) {
			t.Errorf("the contact screen after the refusal lacks %q:\n%s", want, screen)
		}
	}
	got, err := d.Store.Contact(ctx, jan.ID)
	if err != nil || got.Company != "Zonderland Groep N.V." || got.Country != "" {
		t.Errorf("after the refused proposal: company %q, country %q (%v); want the other window's company and no country yet", got.Company, got.Country, err)
	}
}
