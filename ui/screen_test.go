package ui

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
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

// storeOf is the real store under d, for a test's own setup and checks
// (what no screen asks of the database).
func storeOf(d Deps) *store.Store { return d.Store.(*store.Store) }

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
	if _, err := st.EnsureRep(ctx, testRep, "robin@northwind.example"); err != nil {
		_ = st.Close()
		return err
	}
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
	tm := runProbed(t, New(d), w, h)
	waitFor(t, tm, want)
	return tm
}

// runProbed runs m at w x h with a probe on the screen it draws (screenNow).
func runProbed(t *testing.T, m tea.Model, w, h int) *teatest.TestModel {
	t.Helper()
	p := &probe{}
	tm := teatest.NewTestModel(t, probed{m, p}, teatest.WithInitialTermSize(w, h))
	probes.Store(tm, p)
	t.Cleanup(func() { probes.Delete(tm) })
	return tm
}

// probes holds the probe of each program startApp started.
var probes sync.Map // *teatest.TestModel -> *probe

// probe keeps the whole screen as the model last drew it. The output stream
// holds only the cells the renderer chose to redraw, so a text that did not
// change in a later frame may never appear in it whole; the probe's screen
// always does.
type probe struct {
	mu     sync.Mutex
	screen string
}

// probed wraps a model so that every update records its screen in the probe.
// The screen is drawn on the program's goroutine, so the test never reads
// the model while the program changes it.
type probed struct {
	tea.Model
	p *probe
}

// Update updates the wrapped model and records the screen it now draws.
func (w probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := w.Model.Update(msg)
	screen := ansi.Strip(m.View().Content)
	w.p.mu.Lock()
	w.p.screen = screen
	w.p.mu.Unlock()
	return probed{m, w.p}, cmd
}

// screenNow is the screen the program's model last drew ("" when tm was not
// started by startApp).
func screenNow(tm *teatest.TestModel) string {
	v, ok := probes.Load(tm)
	if !ok {
		return ""
	}
	p := v.(*probe)
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.screen
}

// waitFor waits until the output since the last wait contains want: a text
// already on the screen before a key was pressed does not count.
func waitFor(t *testing.T, tm *teatest.TestModel, want string) {
	t.Helper()
	var out strings.Builder
	wait(t, want, func() bool {
		b, _ := io.ReadAll(tm.Output()) // what was written since the last poll
		out.Write(b)
		return strings.Contains(ansi.Strip(out.String()), want)
	}, tm)
}

// waitOnScreen waits until the screen the model last drew matches re. The
// output holds only the cells the renderer chose to redraw, so a text whose
// cells did not all change may never appear in it whole; use this for a
// text that cannot be on the screen before the awaited change.
func waitOnScreen(t *testing.T, tm *teatest.TestModel, re *regexp.Regexp) {
	t.Helper()
	wait(t, re.String(), func() bool { return re.MatchString(screenNow(tm)) }, tm)
}

// wait polls ok for 15 s at most (CI machines can be loaded).
func wait(t *testing.T, what string, ok func() bool, tm *teatest.TestModel) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 15 s for %q; the screen shows:\n%s", what, screenNow(tm))
		}
	}
}

// press sends one key press per key name ("j", "enter", "esc", "tab", "pgdown", "ctrl+e").
func press(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		tm.Send(keyPress(k))
	}
}

// keyPress builds the message a terminal sends for a key name.
func keyPress(k string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab,
		"backspace": tea.KeyBackspace, "up": tea.KeyUp, "down": tea.KeyDown, "space": tea.KeySpace,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown}
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
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	if w, ok := final.(probed); ok {
		final = w.Model
	}
	m, ok := final.(Model)
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
