package ui

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"legit/contacts"
	"legit/store"
)

// testNow is the fixed clock of every screen test.
var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

const testRep = "Robin Maes"

// demoDeps opens a fresh database in a temp dir filled with the demo
// contacts as of testNow: a copy of one seeded file, so the tests do not
// seed forty contacts each.
func demoDeps(t *testing.T) Deps {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "legit.db")
	if err := copyFile(demoTemplate(t), path); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("store.Open() = %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	st.SetClock(func() time.Time { return testNow })
	return Deps{Store: st, Rep: testRep, Now: func() time.Time { return testNow }, DeadlineDays: 30}
}

var (
	templateOnce sync.Once
	templatePath string
	templateErr  error
)

// demoTemplate seeds the demo database once per test run and returns its
// path; TestMain removes it.
func demoTemplate(t *testing.T) string {
	t.Helper()
	templateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "legit-ui-test-")
		if err != nil {
			templateErr = err
			return
		}
		templatePath = filepath.Join(dir, "legit.db")
		templateErr = seedDemoFile(templatePath)
	})
	if templateErr != nil {
		t.Fatalf("seed the demo template: %v", templateErr)
	}
	return templatePath
}

// seedDemoFile writes the demo contacts as of testNow into a new database at
// path and closes it, so that the file holds everything (no WAL).
func seedDemoFile(path string) error {
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	st.SetClock(func() time.Time { return testNow })
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for _, c := range contacts.Demo(testNow, testRep) {
			if _, err := tx.AddContact(c, testRep); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}

// copyFile copies the file at from to to, mode 0600.
func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}

// TestMain runs the tests and removes the demo template.
func TestMain(m *testing.M) {
	code := m.Run()
	if templatePath != "" {
		_ = os.RemoveAll(filepath.Dir(templatePath))
	}
	os.Exit(code)
}

// startApp runs the root model at w x h and waits for the first frame that
// shows want.
func startApp(t *testing.T, d Deps, w, h int, want string) *teatest.TestModel {
	t.Helper()
	tm := teatest.NewTestModel(t, New(d), teatest.WithInitialTermSize(w, h))
	waitFor(t, tm, want)
	return tm
}

// waitFor waits until the program's output contains want.
func waitFor(t *testing.T, tm *teatest.TestModel, want string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return strings.Contains(ansi.Strip(string(b)), want)
	}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(10*time.Millisecond)) // long: CI machines can be loaded
}

// press sends one key press per key name ("j", "enter", "esc", "tab", "ctrl+e").
func press(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(keyPress(k))
	}
}

// keyPress builds the message a terminal sends for a key name.
func keyPress(k string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab,
		"backspace": tea.KeyBackspace, "up": tea.KeyUp, "down": tea.KeyDown, "space": tea.KeySpace}
	if strings.HasPrefix(k, "ctrl+") {
		return tea.KeyPressMsg{Code: rune(k[len("ctrl+")]), Mod: tea.ModCtrl}
	}
	if k == "shift+tab" {
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	}
	if r, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: r}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// finalScreen quits the program and returns the last screen as plain text.
func finalScreen(t *testing.T, tm *teatest.TestModel) (Model, string) {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatalf("Quit() = %v", err)
	}
	m, ok := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if !ok {
		t.Fatalf("final model is not ui.Model")
	}
	return m, ansi.Strip(m.View().Content)
}

// requireGolden compares got with testdata/screens/<name>.golden at the top of
// the repository; -update rewrites the file.
func requireGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "testdata", "screens", name+".golden")
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden %s: %v (run go test ./ui -update to create it)", path, err)
	}
	if string(want) != got {
		t.Errorf("screen %s differs from its golden file (go test ./ui -update rewrites it)\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}
