package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"legit/outreach"
	"legit/store"
)

// markInformedHook is a SendNotice hook that only records the notice.
func markInformedHook(st *store.Store) func(context.Context, int64) (outreach.Result, error) {
	return func(ctx context.Context, id int64) (outreach.Result, error) {
		return outreach.Result{}, st.InTx(ctx, func(tx *store.Tx) error { return tx.MarkInformed(id, testNow, "", testRep) })
	}
}

func TestDeadlinesGolden(t *testing.T) {
	t.Parallel()
	tm := startApp(t, demoDeps(t), 80, 24, "Agnieszka")
	press(tm, "2")
	waitFor(t, tm, "Overdue (10)")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "deadlines_80x24", screen)
	dl, ok := m.top().(*deadlines)
	if !ok {
		t.Fatalf("screen in view is %T, want deadlines", m.top())
	}
	if dl.keys.Notice.Enabled() || dl.keys.Compose.Enabled() || !dl.keys.Erase.Enabled() {
		t.Errorf("action keys enabled with no hooks wired")
	}
	if !strings.Contains(screen, "Not set up in this build: n send notice, c compose.") {
		t.Errorf("the screen does not say which actions are off")
	}
}

func TestDeadlinesSendNoticeMovesToInformed(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	d.SendNotice = markInformedHook(storeOf(d))
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "2")
	waitFor(t, tm, "Overdue (10)")
	press(tm, "j", "j", "j", "n") // Georgi Ivanov: overdue, with a basis
	waitFor(t, tm, "Send Georgi Ivanov")
	press(tm, "y")
	// The renderer sends only the cells that changed: wait for text whose
	// changes (the count shifts the start of the summary line).
	waitFor(t, tm, "9 overdue · 7 due this week · 9 later")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "deadlines_after_notice", screen)
	dl := m.top().(*deadlines)
	for _, r := range dl.groups.Overdue {
		if r.Contact.Name == "Georgi Ivanov" {
			t.Errorf("Georgi Ivanov is still overdue after the notice")
		}
	}
	if dl.groups.Informed != 15 {
		t.Errorf("informed = %d, want 15", dl.groups.Informed)
	}
	georgi, err := storeOf(d).ContactByEmail(context.Background(), "g.ivanov@balkanfreight.example")
	if err != nil || georgi.InformedAt == nil {
		t.Errorf("Georgi Ivanov informed_at = %v (%v), want set", georgi.InformedAt, err)
	}
}

func TestDeadlinesEraseAsksFirst(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	d.SendNotice = func(context.Context, int64) (outreach.Result, error) {
		return outreach.Result{}, errors.New("no transport")
	}
	ctx := context.Background()
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "2")
	waitFor(t, tm, "Overdue (10)")
	press(tm, "D")
	waitFor(t, tm, "Erase Paula Rossi?")
	press(tm, "n")
	waitFor(t, tm, "Overdue (10)")
	press(tm, "j", "D")
	waitFor(t, tm, "Erase Tomasz")
	press(tm, "y")
	waitFor(t, tm, "Erased. The address stays")
	press(tm, "g", "j", "j", "n") // Georgi Ivanov, now third: he has a basis
	waitFor(t, tm, "Send Georgi Ivanov")
	press(tm, "y")
	waitFor(t, tm, "no transport")
	m, _ := finalScreen(t, tm)
	if _, err := storeOf(d).ContactByEmail(ctx, "paula.rossi@milano-design.example"); err != nil {
		t.Errorf("Paula Rossi was erased after n: %v", err)
	}
	if _, err := storeOf(d).ContactByEmail(ctx, "tomasz.wojcik@krakow-metal.example"); err == nil {
		t.Errorf("Tomasz Wójcik is still held after y")
	}
	if ok, _ := storeOf(d).IsSuppressed(ctx, "tomasz.wojcik@krakow-metal.example"); !ok {
		t.Errorf("Tomasz Wójcik's address is not suppressed after erasure")
	}
	if m.err == nil || !strings.Contains(m.err.Error(), "notice sent to") {
		t.Errorf("error slot = %v, want the failed notice", m.err)
	}
}

func TestDeadlinesOpenContact(t *testing.T) {
	t.Parallel()
	tm := startApp(t, demoDeps(t), 80, 24, "Agnieszka")
	press(tm, "2")
	waitFor(t, tm, "Overdue (10)")
	press(tm, "enter")
	waitFor(t, tm, "Milano Design")
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*contactDetail); !ok {
		t.Errorf("enter opened %T, want the contact detail", m.top())
	}
}

// TestDeadlinesAgreeWithOverdueFilter checks that `legit deadlines` and
// `legit contacts --filter overdue` list the same contacts, at several dates.
func TestDeadlinesAgreeWithOverdueFilter(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	list, err := d.Store.ListContacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, days := range []int{0, 5, 20, 60} {
		now := testNow.AddDate(0, 0, days)
		rows := Rows(list, now, 30)
		g := GroupDeadlines(rows)
		var a, b bytes.Buffer
		if err := PrintDeadlines(&a, g, true); err != nil {
			t.Fatal(err)
		}
		if err := PrintContacts(&b, FilterRows(rows, FilterOverdue, ""), true); err != nil {
			t.Fatal(err)
		}
		var dj deadlinesJSON
		var cj []contactJSON
		if err := json.Unmarshal(a.Bytes(), &dj); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b.Bytes(), &cj); err != nil {
			t.Fatal(err)
		}
		ids := map[int64]bool{}
		for _, c := range cj {
			ids[c.ID] = true
		}
		if len(dj.Overdue) != len(cj) {
			t.Errorf("+%d days: deadlines lists %d overdue, contacts --filter overdue %d", days, len(dj.Overdue), len(cj))
		}
		for _, r := range dj.Overdue {
			if !ids[r.ID] {
				t.Errorf("+%d days: %s overdue in deadlines but not in the filter", days, r.Name)
			}
		}
		if total := len(dj.Overdue) + len(dj.ThisWeek) + len(dj.Later) + dj.Informed; total != len(list) {
			t.Errorf("+%d days: groups hold %d contacts, want %d", days, total, len(list))
		}
	}
}

func TestPrintDeadlinesText(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	list, _ := d.Store.ListContacts(context.Background())
	var b bytes.Buffer
	if err := PrintDeadlines(&b, GroupDeadlines(Rows(list, testNow, 30)), false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"Overdue (10)\n  Paula Rossi", "Due this week (7)", "Later (9)", "10 overdue, 7 due this week, 9 later; 14 informed", "44d late"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	var none bytes.Buffer
	if err := PrintDeadlines(&none, GroupDeadlines(Rows(list, testNow.AddDate(0, 0, -60), 30)), false); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(none.String(), "Inform or erase") {
		t.Errorf("advice to inform printed with nothing overdue:\n%s", none.String())
	}
}

// TestDeadlinesNoNoticeToSuppressed: Jan opted out in a reply and is still
// overdue. n on him sends nothing and says to erase him instead.
func TestDeadlinesNoNoticeToSuppressed(t *testing.T) {
	t.Parallel()
	d := inboxDeps(t)
	sent := 0
	d.SendNotice = func(context.Context, int64) (outreach.Result, error) { sent++; return outreach.Result{}, nil }
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "2")
	waitFor(t, tm, "Overdue (10)")
	press(tm, "j", "j", "j", "j", "j", "j", "j") // Jan de Vries, eighth overdue
	press(tm, "n")
	waitFor(t, tm, "Jan de Vries is suppressed: not even a notice")
	finalScreen(t, tm)
	if sent != 0 {
		t.Errorf("%d notices sent to a suppressed contact", sent)
	}
}

// TestDeadlinesNoNoticeWithoutBasis: Paula has no lawful basis; n says what
// to record first instead of asking, then failing.
func TestDeadlinesNoNoticeWithoutBasis(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	sent := 0
	d.SendNotice = func(context.Context, int64) (outreach.Result, error) { sent++; return outreach.Result{}, nil }
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "2")
	waitFor(t, tm, "Overdue (10)")
	press(tm, "n")
	waitFor(t, tm, "Paula Rossi has no usable lawful basis")
	finalScreen(t, tm)
	if sent != 0 {
		t.Errorf("%d notices sent without a basis", sent)
	}
}
