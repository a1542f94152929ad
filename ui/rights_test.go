package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"legit/contacts"
	"legit/store"
)

const annaEmail = "anna.mueller@kraftwerk-logistik.example"

// openAnna starts the app and opens Anna Müller's contact detail.
func openAnna(t *testing.T, d Deps) *teatest.TestModel {
	t.Helper()
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "j", "enter")
	waitFor(t, tm, "Privacy notice")
	return tm
}

func TestEditFormGolden(t *testing.T) {
	t.Parallel()
	tm := openAnna(t, demoDeps(t))
	press(tm, "e")
	waitFor(t, tm, "Relationship")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "edit_form_anna", screen)
	if _, ok := m.top().(*editForm); !ok {
		t.Fatalf("screen in view is %T, want the edit form", m.top())
	}
}

func TestEditSaveIsLogged(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := openAnna(t, d)
	press(tm, "e")
	waitFor(t, tm, "Relationship")
	press(tm, "tab", "tab", "ctrl+u")
	tm.Type("Kraftwerk Logistik AG")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Saved: company changed")
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*contactDetail); !ok {
		t.Errorf("after saving the screen is %T, want the contact detail", m.top())
	}
	ctx := context.Background()
	c, err := storeOf(d).ContactByEmail(ctx, annaEmail)
	if err != nil || c.Company != "Kraftwerk Logistik AG" {
		t.Fatalf("after save company = %q (%v), want Kraftwerk Logistik AG", c.Company, err)
	}
	r, err := d.Store.Record(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := r.Events[len(r.Events)-1]
	if last.Kind != string(store.EventRectify) || last.Details["fields"] != "company" {
		t.Errorf("last event = %+v, want a rectification naming company", last)
	}
}

func TestEditRefusesSuppressedAddress(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := openAnna(t, d)
	press(tm, "e")
	waitFor(t, tm, "Relationship")
	press(tm, "tab", "ctrl+u")
	tm.Type("ines.ferreira@lisboa-tech.example")
	press(tm, "ctrl+s")
	waitFor(t, tm, "suppression list")
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*editForm); !ok {
		t.Errorf("after a refused save the screen is %T, want the edit form still", m.top())
	}
	if _, err := storeOf(d).ContactByEmail(context.Background(), annaEmail); err != nil {
		t.Errorf("Anna's address changed despite the refusal: %v", err)
	}
}

func TestEraseConfirmGolden(t *testing.T) {
	t.Parallel()
	tm := openAnna(t, demoDeps(t))
	press(tm, "D")
	waitFor(t, tm, "cannot be undone")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "erase_confirm_anna", screen)
	if _, ok := m.top().(*confirm); !ok {
		t.Fatalf("screen in view is %T, want the confirmation", m.top())
	}
}

func TestEraseFromDetail(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := openAnna(t, d)
	press(tm, "D")
	waitFor(t, tm, "cannot be undone")
	press(tm, "y")
	waitFor(t, tm, "Agnieszka")
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*contactList); !ok || len(m.stack) != 1 {
		t.Errorf("after erasing the screen is %T (stack %d), want the contact list", m.top(), len(m.stack))
	}
	ctx := context.Background()
	if _, err := storeOf(d).ContactByEmail(ctx, annaEmail); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ContactByEmail(erased) = %v, want ErrNotFound", err)
	}
	if sup, err := storeOf(d).IsSuppressed(ctx, annaEmail); err != nil || !sup {
		t.Errorf("IsSuppressed(erased) = %v, %v; want true", sup, err)
	}
}

func TestEraseCancelKeepsContact(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := openAnna(t, d)
	press(tm, "D")
	waitFor(t, tm, "cannot be undone")
	press(tm, "n")
	waitFor(t, tm, "Privacy notice")
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*contactDetail); !ok {
		t.Errorf("after n the screen is %T, want the contact detail", m.top())
	}
	if _, err := storeOf(d).ContactByEmail(context.Background(), annaEmail); err != nil {
		t.Errorf("contact gone after answering no: %v", err)
	}
}

func TestToEraseGolden(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "6")
	waitFor(t, tm, "Ines Ferreira")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "to_erase_80x24", screen)
	s, ok := m.top().(*toErase)
	if !ok {
		t.Fatalf("screen in view is %T, want To erase", m.top())
	}
	var names []string
	for _, r := range s.rows {
		names = append(names, r.Contact.Name)
	}
	if got := strings.Join(names, ", "); got != "Clara Fischer, Felix Hoffmann, Ines Ferreira, Joanna Kowalska" {
		t.Errorf("to erase = %s, want the objected and the two opted-out contacts, and Joanna (consent 400 days ago, no reply since)", got)
	}
}

func TestToEraseOneKey(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "6")
	waitFor(t, tm, "Ines Ferreira")
	press(tm, "D")
	waitFor(t, tm, "Erase Clara Fischer")
	press(tm, "y")
	settle(t, func() bool {
		_, err := storeOf(d).ContactByEmail(context.Background(), "clara.fischer@hamburg-hafen.example")
		return errors.Is(err, store.ErrNotFound)
	})
	// The screen reloads once the outbox work after the commit is done too.
	waitFor(t, tm, "Erased and logged")
	m, _ := finalScreen(t, tm)
	s, ok := m.top().(*toErase)
	if !ok || len(s.rows) != 3 {
		t.Fatalf("after erasing, screen %T shows %d rows; want To erase with 3", m.top(), len(s.rows))
	}
	if _, err := storeOf(d).ContactByEmail(context.Background(), "clara.fischer@hamburg-hafen.example"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Clara still held: %v", err)
	}
}

func TestExportKeyWritesFile(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	d.ExportDir = t.TempDir()
	tm := openAnna(t, d)
	press(tm, "x")
	waitFor(t, tm, "save it to a file")
	press(tm, "f")
	waitFor(t, tm, "Save the copy to")
	press(tm, "enter")
	waitFor(t, tm, "logged as an export")
	finalScreen(t, tm)
	files, _ := filepath.Glob(filepath.Join(d.ExportDir, "legit-export-c-*.json"))
	if len(files) != 1 {
		t.Fatalf("export files = %v, want one", files)
	}
	info, err := os.Stat(files[0])
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("export file mode = %v (%v), want 0600", info.Mode().Perm(), err)
	}
	b, _ := os.ReadFile(files[0])
	for _, want := range []string{`"detail": "LinkedIn connections export"`, `"email": "` + annaEmail + `"`, `"kind": "contact_added"`, "a LinkedIn connections export made by", `"complaint": `} {
		if !strings.Contains(string(b), want) {
			t.Errorf("export lacks %s", want)
		}
	}
	c, _ := storeOf(d).ContactByEmail(context.Background(), annaEmail)
	r, _ := d.Store.Record(context.Background(), c.ID)
	if last := r.Events[len(r.Events)-1]; last.Kind != string(store.EventExport) {
		t.Errorf("last event = %s, want export", last.Kind)
	}
}

func TestMergeFromDetail(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	ctx := context.Background()
	old := contacts.Contact{Name: "Anna Müller", Email: "a.mueller@old-spedition.example", Status: contacts.OptedOut,
		Sources: []contacts.Source{{Kind: contacts.Event, Detail: "badge scan", ObtainedAt: testNow.AddDate(0, -3, 0), ObtainedBy: testRep}}}
	err := storeOf(d).InTx(ctx, func(tx *store.Tx) error { _, err := tx.AddContact(old, testRep); return err })
	if err != nil {
		t.Fatal(err)
	}
	tm := openAnna(t, d)
	press(tm, "m")
	waitFor(t, tm, "old-spedition")
	press(tm, "enter")
	waitFor(t, tm, "Merge duplicate?")
	press(tm, "y")
	waitFor(t, tm, "Merged the duplicate")
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*contactDetail); !ok {
		t.Errorf("after merging the screen is %T, want the contact detail", m.top())
	}
	c, err := storeOf(d).ContactByEmail(ctx, annaEmail)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sources) != 2 || c.Status != contacts.OptedOut || !c.Suppressed {
		t.Errorf("merged Anna: %d sources, status %s, suppressed %v; want 2, opted_out, true", len(c.Sources), c.Status, c.Suppressed)
	}
}

// settle waits until cond holds (a store change made by a command), then a
// moment more for the screens to take the result.
func settle(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met after 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
}

// TestAccessAnswersOnlyWhenDelivered: Anna asked for her data. x opens
// the access screen; saving the copy (f) answers nothing, recording how she
// got it (d) answers the request.
func TestAccessAnswersOnlyWhenDelivered(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	d.ExportDir = t.TempDir()
	ctx := context.Background()
	_, err := storeOf(d).SaveSyncBatch(ctx, store.SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 1, Rep: testRep,
		Items: []store.InboxItem{{UID: 1, MessageID: "what@kraftwerk-logistik.example", From: annaEmail,
			Subject: "Re: Route planning", Date: testNow.Add(-time.Hour), Class: contacts.ReplyAccess, Snippet: "Which data do you hold?"}}})
	if err != nil {
		t.Fatal(err)
	}
	tm := openAnna(t, d)
	press(tm, "x")
	waitFor(t, tm, "record that they got it another way")
	press(tm, "d")
	waitFor(t, tm, "Nothing was exported yet")
	press(tm, "f")
	waitFor(t, tm, "Save the copy to")
	press(tm, "enter")
	waitFor(t, tm, "This answers nothing yet")
	if reqs, _ := d.Store.OpenRequests(ctx); len(reqs) != 1 {
		t.Fatalf("%d open requests after saving the copy, want 1: a file answers nothing", len(reqs))
	}
	press(tm, "d")
	waitFor(t, tm, "How did they get it?")
	tm.Type("by hand")
	press(tm, "enter")
	waitFor(t, tm, "access request is answered")
	_, screen := finalScreen(t, tm)
	if !strings.Contains(screen, "They have their copy") {
		t.Errorf("screen does not say the request is answered:\n%s", screen)
	}
	if reqs, _ := d.Store.OpenRequests(ctx); len(reqs) != 0 {
		t.Errorf("open requests after the delivery: %+v, want none", reqs)
	}
}

// TestAccessOnDemandAnswersNothing: a copy given when no request is open is
// logged as access given, and the screen does not claim a request was
// answered.
func TestAccessOnDemandAnswersNothing(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	d.ExportDir = t.TempDir()
	tm := openAnna(t, d)
	press(tm, "x")
	waitFor(t, tm, "No open access request")
	press(tm, "f")
	waitFor(t, tm, "Save the copy to")
	press(tm, "enter")
	waitFor(t, tm, "This answers nothing yet")
	press(tm, "d")
	waitFor(t, tm, "How did they get it?")
	tm.Type("by post")
	press(tm, "enter")
	waitFor(t, tm, "Logged as access given")
	_, screen := finalScreen(t, tm)
	if strings.Contains(screen, "the request is answered") || !strings.Contains(screen, "No open access request") {
		t.Errorf("a copy on demand claims to answer a request:\n%s", screen)
	}
}

// TestAccessScreenGolden: the access screen of a person with an open
// request, at 80x24.
func TestAccessScreenGolden(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	ctx := context.Background()
	_, err := storeOf(d).SaveSyncBatch(ctx, store.SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 1, Rep: testRep,
		Items: []store.InboxItem{{UID: 1, MessageID: "what@kraftwerk-logistik.example", From: annaEmail,
			Subject: "Re: Route planning", Date: testNow.Add(-time.Hour), Class: contacts.ReplyAccess, Snippet: "Which data do you hold?"}}})
	if err != nil {
		t.Fatal(err)
	}
	tm := openAnna(t, d)
	press(tm, "x")
	waitFor(t, tm, "record that they got it another way")
	_, screen := finalScreen(t, tm)
	requireGolden(t, "access_80x24", screen)
}

// TestToEraseAnswersErasureRequest: Zofia asked for erasure in a reply. She
// heads the To erase list; erasing her from there logs it as a request and
// closes the request.
func TestToEraseAnswersErasureRequest(t *testing.T) {
	t.Parallel()
	d := inboxDeps(t)
	ctx := context.Background()
	zofia, err := storeOf(d).ContactByEmail(ctx, "zofia.lodz@wisla-soft.example")
	if err != nil {
		t.Fatal(err)
	}
	tm := startApp(t, d, 100, 24, "Agnieszka")
	press(tm, "6")
	waitFor(t, tm, "asked for erasure on 21 Nov 2026")
	press(tm, "D")
	waitFor(t, tm, "Erase Zofia")
	press(tm, "y")
	waitFor(t, tm, "their erasure request is answered")
	finalScreen(t, tm)
	if reqs, _ := d.Store.OpenRequests(ctx); len(reqs) != 1 || reqs[0].Kind != contacts.ReplyAccess {
		t.Errorf("open requests after the erasure: %+v, want only Marie's access request", reqs)
	}
	evs, err := d.Store.Log(ctx, store.LogFilter{Text: zofia.Ref, Kind: store.EventErasure, Limit: 5})
	if err != nil || len(evs) != 1 || evs[0].Details["reason"] != store.ErasureRequest || evs[0].Details["requests_answered"] != "1" {
		t.Errorf("erasure events = %+v, %v; want one with reason request that answered the request", evs, err)
	}
}

// TestRecordNamesMentions: Lukas was introduced by Anna, so Anna's record
// names him as a place her name stays after an erasure; Eva has none.
func TestRecordNamesMentions(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	ctx := context.Background()
	for email, want := range map[string]string{"tomasz.wojcik@krakow-metal.example": "[Joanna Kowalska]", "eva.novak@ljubljana-labs.example": "[]"} {
		c, err := storeOf(d).ContactByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		r, err := d.Store.Record(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(r.MentionedBy); got != want {
			t.Errorf("%s is mentioned by %s, want %s", c.Name, got, want)
		}
	}
}
