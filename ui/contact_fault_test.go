package ui

import (
	"strings"
	"testing"
)

// TestContactLoadFailureSaysWhatToDo: the database goes away under the app
// (a team server that stopped); opening a contact says it could not be
// loaded, why, and what to do, instead of "Loading…" for ever, and esc
// still goes back.
func TestContactLoadFailureSaysWhatToDo(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := startApp(t, d, 100, 24, "Agnieszka")
	if err := storeOf(d).Close(); err != nil {
		t.Fatal(err)
	}
	press(tm, "enter")
	waitFor(t, tm, "Press any key to try again")
	press(tm, "esc")
	m, screen := finalScreen(t, tm)
	if _, ok := m.top().(*contactList); !ok {
		t.Errorf("after esc the screen is %T, want the contact list", m.top())
	}
	if !strings.Contains(screen, "Agnieszka") {
		t.Errorf("the list is not shown after esc:\n%s", screen)
	}
}
