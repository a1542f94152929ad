package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// composeDeps is demoDeps with a send path to an outbox in a temp folder and
// a small fixed footer in place of the notice text.
func composeDeps(t *testing.T) (Deps, string) {
	t.Helper()
	d := demoDeps(t)
	rep, err := d.Store.EnsureRep(context.Background(), testRep, "robin.maes@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	outbox := filepath.Join(t.TempDir(), "outbox")
	footer := func(c contacts.Contact, long, _ bool) (string, error) {
		if long {
			return "You may object to direct marketing at any time: reply \"unsubscribe\".\nNorthwind holds your work contact details (" + string(c.FirstSource().Kind) + ").", nil
		}
		return "Privacy: https://northwind.example/privacy · reply \"unsubscribe\" to opt out", nil
	}
	d.Sender = &outreach.Sender{Store: storeOf(d), RepID: rep.ID, Rep: rep.Name, DeadlineDays: 30, Now: d.Now,
		Builder: outreach.Builder{From: outreach.Identity{Name: testRep, Email: "robin.maes@northwind.example"}, Footer: footer,
			NewID: func() string { return "fixed-1@northwind.example" }},
		Transport: outreach.Outbox{Dir: outbox}, Outbox: outreach.Outbox{Dir: outbox}}
	return d, outbox
}

// setInterest records a legitimate-interest basis for the contact with this
// address straight in the store, as a database from before the basis form
// followed the country rules may hold it.
func setInterest(t *testing.T, d Deps, email string) {
	t.Helper()
	ctx := context.Background()
	c, err := storeOf(d).ContactByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	b := contacts.Basis{Kind: contacts.LegitimateInterest, Author: testRep,
		Assessment: contacts.Assessment{Purpose: testPurpose, Necessity: testNecessity, Balancing: testBalancing}}
	if err := storeOf(d).InTx(ctx, func(tx *store.Tx) error { return tx.SetBasis(c.ID, b, testRep) }); err != nil {
		t.Fatal(err)
	}
}

// openCompose starts the app at w x h with the compose screen for the
// contact with this address on top.
func openCompose(t *testing.T, d Deps, email string, w, h int) (*teatest.TestModel, int64) {
	t.Helper()
	c, err := storeOf(d).ContactByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	m := New(d)
	tm := runProbed(t, m, w, h)
	waitFor(t, tm, "Agnieszka")
	tm.Send(pushMsg{s: newContactDetail(m.sh, c.ID)})
	waitFor(t, tm, "c compose")
	press(tm, "c")
	waitFor(t, tm, "Checklist")
	return tm, c.ID
}

// write types a subject and a body into the compose screen.
func write(tm *teatest.TestModel, subject, body string) {
	tm.Type(subject)
	press(tm, "tab")
	for i, line := range strings.Split(body, "\n") {
		if i > 0 {
			press(tm, "enter")
		}
		tm.Type(line)
	}
}

const bramBody = "Hello Bram,\nyour pump rounds at Delta Water came up at the Aqua Nederland fair.\nHow do you plan them today?\nRobin"

func TestComposeFailingChecklist(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	tm, _ := openCompose(t, d, "paula.rossi@milano-design.example", 80, 24)
	write(tm, "Your stand at Salone", "Hello Paula,\nthank you for the chat at stand C2.")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "compose_failing_80x24", screen)
	cm := m.top().(*compose)
	if cm.keys.Send.Enabled() {
		t.Error("send is enabled with a failing checklist")
	}
	// Paula handed over her card 44 days ago and was never told: overdue,
	// so only the notice-only email may go to her.
	if f := cm.verdict.Failing(); len(f) != 2 || f[0].Rule != outreach.RuleBasis || f[1].Rule != outreach.RuleDeadline {
		t.Errorf("failing = %+v, want the basis and the notice deadline", f)
	}
	if !strings.Contains(screen, "no basis is recorded; IT: prior consent is required") {
		t.Error("the screen does not say why it fails")
	}
}

func TestComposePassingChecklist(t *testing.T) {
	t.Parallel()
	for _, size := range []struct {
		w, h int
		name string
	}{{80, 24, "compose_passing_80x24"}, {120, 30, "compose_passing_120x30"}} {
		t.Run(size.name, func(t *testing.T) {
			d, _ := composeDeps(t)
			tm, _ := openCompose(t, d, "bram.mulder@delta-water.example", size.w, size.h)
			write(tm, "Pump rounds at Delta Water", bramBody)
			m, screen := finalScreen(t, tm)
			requireGolden(t, size.name, screen)
			if !m.top().(*compose).keys.Send.Enabled() {
				t.Error("send is disabled with a passing checklist")
			}
			for i, line := range strings.Split(screen, "\n") {
				if n := len([]rune(line)); n > size.w {
					t.Errorf("line %d is %d cells wide, want at most %d", i, n, size.w)
				}
			}
		})
	}
}

func TestComposePreviewAndSend(t *testing.T) {
	t.Parallel()
	d, outbox := composeDeps(t)
	tm, id := openCompose(t, d, "bram.mulder@delta-water.example", 100, 30)
	write(tm, "Pump rounds at Delta Water", bramBody)
	press(tm, "ctrl+p")
	waitFor(t, tm, "Preview: exactly")
	press(tm, "ctrl+p", "ctrl+s")
	waitFor(t, tm, "Demo: written to the outbox")
	m, _ := finalScreen(t, tm)
	if cm := m.top().(*compose); cm.mode != modeSent {
		t.Fatalf("mode = %v, want sent", cm.mode)
	}
	news, _ := os.ReadDir(filepath.Join(outbox, "new"))
	if len(news) != 1 {
		t.Fatalf("outbox holds %d messages, want 1", len(news))
	}
	c, _ := d.Store.Contact(context.Background(), id)
	if c.InformedAt == nil {
		t.Error("the contact is not recorded as informed after the first email")
	}
	if left, ok, _ := d.Store.Draft(context.Background(), id, d.Sender.RepID); ok {
		t.Errorf("a draft is left after the send: %+v", left)
	}
}

// A preview longer than the terminal scrolls to its footer, and its help
// says how.
func TestComposePreviewScrolls(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	tm, _ := openCompose(t, d, "bram.mulder@delta-water.example", 80, 24)
	body := bramBody
	for i := 1; i <= 12; i++ {
		body += fmt.Sprintf("\nP.S. %d: the fair's notes, point %d.", i, i)
	}
	write(tm, "Pump rounds at Delta Water", body)
	press(tm, "ctrl+p")
	waitFor(t, tm, "Preview: exactly")
	press(tm, "pgdown", "pgdown", "pgdown")
	_, screen := finalScreen(t, tm)
	requireGolden(t, "compose_preview_end_80x24", screen)
	if !strings.Contains(screen, "↓/j down") || !strings.Contains(screen, "Northwind holds your work contact details") || strings.Contains(screen, "Subject:") {
		t.Errorf("the preview did not scroll to its footer, or its help lacks the scroll keys:\n%s", screen)
	}
}

func TestComposeDraftSavedAndLeaveAsks(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	tm, id := openCompose(t, d, "bram.mulder@delta-water.example", 80, 24)
	write(tm, "Pump rounds", "Hello Bram")
	// Typing pauses: the draft is saved on its own.
	var draft store.Message
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		draft, _, _ = d.Store.Draft(context.Background(), id, d.Sender.RepID)
		if draft.Body == "Hello Bram" {
			break
		}
	}
	if draft.Subject != "Pump rounds" || draft.Body != "Hello Bram" {
		t.Fatalf("saved draft = %q / %q, want what was typed", draft.Subject, draft.Body)
	}
	tm.Type(", one more line")
	press(tm, "esc")
	waitFor(t, tm, "Unsaved changes")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Lawful basis")
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*contactDetail); !ok {
		t.Errorf("after save and leave the screen is %T, want the contact detail", m.top())
	}
	draft, _, _ = d.Store.Draft(context.Background(), id, d.Sender.RepID)
	if draft.Body != "Hello Bram, one more line" {
		t.Errorf("draft body = %q after save and leave", draft.Body)
	}
}

// leaveInDoubt saves rep repID's "Pump rounds" email to contact contactID
// and leaves it as a crash does: reserved for sending under messageID, then
// marked in doubt. It returns the message's number.
func leaveInDoubt(t *testing.T, d Deps, contactID, repID int64, messageID string) int64 {
	t.Helper()
	ctx := context.Background()
	row, err := d.Store.SaveDraft(ctx, store.Message{ContactID: contactID, RepID: repID, Subject: "Pump rounds", Body: bramBody})
	if err != nil {
		t.Fatal(err)
	}
	if err := storeOf(d).MarkSending(ctx, store.Message{ID: row, MessageID: messageID, Subject: "Pump rounds", Body: bramBody, NoticeForm: "long", Transport: "smtp"}); err != nil {
		t.Fatal(err)
	}
	if err := storeOf(d).MarkUnknown(ctx, row); err != nil {
		t.Fatal(err)
	}
	return row
}

func TestComposeResolvesSendInDoubt(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	ctx := context.Background()
	c, err := storeOf(d).ContactByEmail(ctx, "bram.mulder@delta-water.example")
	if err != nil {
		t.Fatal(err)
	}
	row := leaveInDoubt(t, d, c.ID, d.Sender.RepID, "crashed-1@northwind.example")
	tm, _ := openCompose(t, d, c.Email, 100, 30)
	press(tm, "ctrl+n")
	waitFor(t, tm, "did not go out")
	m, _ := finalScreen(t, tm)
	cm := m.top().(*compose)
	if len(cm.doubt) != 0 || cm.draftID != row || cm.subject.Value() != "Pump rounds" {
		t.Errorf("after resolving: doubt %d, draft %d %q; want none in doubt and the failed send as the draft", len(cm.doubt), cm.draftID, cm.subject.Value())
	}
	if msg, _ := storeOf(d).Message(ctx, row); msg.State != store.StateFailed {
		t.Errorf("message state = %s, want failed (not sent, kept to retry)", msg.State)
	}
}

// TestComposeColleaguesSendInDoubt: a colleague's send to the person in
// doubt is not offered to the rep to resolve (they cannot check the
// colleague's Sent folder); the checklist names it, and whom to ask.
func TestComposeColleaguesSendInDoubt(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	ctx := context.Background()
	c, err := storeOf(d).ContactByEmail(ctx, "bram.mulder@delta-water.example")
	if err != nil {
		t.Fatal(err)
	}
	sam, err := storeOf(d).EnsureRep(ctx, "Sam Peeters", "sam.peeters@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	row := leaveInDoubt(t, d, c.ID, sam.ID, "sams-1@northwind.example")
	tm, _ := openCompose(t, d, c.Email, 120, 40)
	waitOnScreen(t, tm, regexp.MustCompile(`message 1, Sam Peeters's\)`))
	m, screen := finalScreen(t, tm)
	if cm := m.top().(*compose); len(cm.doubt) != 0 || cm.keys.WentOut.Enabled() || strings.Contains(screen, "ctrl+y it went out") {
		t.Errorf("Sam's send in doubt is offered to Robin to resolve (doubt %d):\n%s", len(cm.doubt), screen)
	}
	if msg, _ := storeOf(d).Message(ctx, row); msg.State != store.StateUnknown {
		t.Errorf("Sam's send is %s, want still in doubt", msg.State)
	}
}

// downTransport fails every send, as an unreachable server would.
type downTransport struct{}

func (downTransport) Name() string { return "smtp" }
func (downTransport) Send(context.Context, outreach.Built) error {
	return errors.New("connect to SMTP smtp.example.com:587: connection refused")
}

func TestComposeFailedSendKeepsDraft(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	d.Sender.Transport = downTransport{}
	tm, id := openCompose(t, d, "bram.mulder@delta-water.example", 120, 30)
	write(tm, "Pump rounds at Delta Water", bramBody)
	press(tm, "ctrl+s")
	waitFor(t, tm, "connection refused")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "compose_send_failed_120x30", screen)
	if cm := m.top().(*compose); cm.mode != modeEdit || cm.body.Value() != bramBody {
		t.Errorf("after a failed send: mode %v, body %q; want editing the same text", cm.mode, cm.body.Value())
	}
	draft, ok, _ := d.Store.Draft(context.Background(), id, d.Sender.RepID)
	if !ok || draft.State != store.StateFailed || draft.Body != bramBody {
		t.Errorf("stored draft = %+v, %v; want the failed send kept with its body", draft, ok)
	}
}

func TestComposeFailingChecklistWide(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	setInterest(t, d, "hannah.weber@koeln-media.example")
	tm, _ := openCompose(t, d, "hannah.weber@koeln-media.example", 120, 30)
	write(tm, "Ihr Workshop auf der dmexco", "Hallo Hannah,\ndanke für den Workshop.")
	_, screen := finalScreen(t, tm)
	requireGolden(t, "compose_failing_120x30", screen)
	if !strings.Contains(screen, "(UWG") {
		t.Error("the screen does not name the country rule")
	}
}

// TestComposeSendFromPreview: ctrl+s on the preview sends what it shows.
func TestComposeSendFromPreview(t *testing.T) {
	t.Parallel()
	d, outbox := composeDeps(t)
	tm, _ := openCompose(t, d, "bram.mulder@delta-water.example", 100, 30)
	write(tm, "Pump rounds at Delta Water", bramBody)
	press(tm, "ctrl+p")
	waitFor(t, tm, "Preview: exactly")
	press(tm, "ctrl+s")
	waitFor(t, tm, "Demo: written to the outbox")
	finalScreen(t, tm)
	if news, _ := os.ReadDir(filepath.Join(outbox, "new")); len(news) != 1 {
		t.Errorf("outbox holds %d messages, want 1", len(news))
	}
}

// TestComposeQueuedWithoutServer: with no mail server the message is
// queued in the outbox, the screen says it was not sent and the contact
// stays not informed.
func TestComposeQueuedWithoutServer(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	// A fixed path, so that the golden screen shows where the file is.
	dir := filepath.Join(os.TempDir(), "legit-golden-outbox")
	_ = os.RemoveAll(dir)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	d.Sender.Transport = nil
	d.Sender.Outbox = outreach.Outbox{Dir: dir, NewName: func() string { return "queued-1" }}
	tm, id := openCompose(t, d, "bram.mulder@delta-water.example", 80, 24)
	write(tm, "Pump rounds at Delta Water", bramBody)
	press(tm, "ctrl+s")
	waitFor(t, tm, "legit outbox send")
	_, screen := finalScreen(t, tm)
	requireGolden(t, "compose_queued_80x24", screen)
	c, _ := d.Store.Contact(context.Background(), id)
	if c.InformedAt != nil {
		t.Error("a queued message marked the contact informed")
	}
	if q, _ := storeOf(d).Queued(context.Background(), d.Sender.RepID); len(q) != 1 {
		t.Errorf("%d queued, want 1", len(q))
	}
}
