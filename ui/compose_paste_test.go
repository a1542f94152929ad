package ui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// TestComposePasteAndQuitKeepsTheDraft: a bracketed paste lands in the
// subject and the body, and ctrl+c right after typing (before the timed
// save) keeps every keystroke in the saved draft.
func TestComposePasteAndQuitKeepsTheDraft(t *testing.T) {
	t.Parallel()
	d, _ := composeDeps(t)
	c, err := storeOf(d).ContactByEmail(context.Background(), "bram.mulder@delta-water.example")
	if err != nil {
		t.Fatal(err)
	}
	m := New(d)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	waitFor(t, tm, "Agnieszka")
	tm.Send(pushMsg{s: newContactDetail(m.sh, c.ID)})
	waitFor(t, tm, "c compose")
	press(tm, "c")
	waitFor(t, tm, "Checklist")
	tm.Send(tea.PasteMsg{Content: "Pump rounds"})
	press(tm, "tab")
	tm.Send(tea.PasteMsg{Content: "Hello Bram,\nhow do you plan the rounds?"})
	tm.Type(" Robin")
	press(tm, "ctrl+c")
	final, ok := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if !ok {
		t.Fatal("final model is not ui.Model")
	}
	// ui.Run flushes the final model; do what it does.
	if err := final.flush(); err != nil {
		t.Fatalf("flush() = %v", err)
	}
	draft, _, err := d.Store.Draft(context.Background(), c.ID, d.Sender.RepID)
	if err != nil {
		t.Fatal(err)
	}
	if draft.Subject != "Pump rounds" || draft.Body != "Hello Bram,\nhow do you plan the rounds? Robin" {
		t.Errorf("saved draft = %q / %q, want the pasted subject and body with the last keystrokes", draft.Subject, draft.Body)
	}
}
