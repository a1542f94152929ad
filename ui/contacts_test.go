package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestContactListGolden(t *testing.T) {
	t.Parallel()
	tm := startApp(t, demoDeps(t), 80, 24, "Agnieszka")
	_, screen := finalScreen(t, tm)
	requireGolden(t, "contacts_list_80x24", screen)
}

func TestContactListWide(t *testing.T) {
	t.Parallel()
	tm := startApp(t, demoDeps(t), 120, 30, "Agnieszka")
	_, screen := finalScreen(t, tm)
	requireGolden(t, "contacts_list_120x30", screen)
	for i, line := range strings.Split(screen, "\n") {
		if w := len([]rune(line)); w > 120 {
			t.Errorf("line %d is %d cells wide, want at most 120", i, w)
		}
	}
}

func TestContactListFilterAndTabs(t *testing.T) {
	t.Parallel()
	tm := startApp(t, demoDeps(t), 80, 24, "Agnieszka")
	press(tm, "/")
	tm.Type("pol")
	press(tm, "enter")
	waitFor(t, tm, "1 of 40 contacts · backspace")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "contacts_filter_pol", screen)
	l := m.top().(*contactList)
	if l.counts.Matched != 1 || l.row(0).Contact.Company != "Polderdata B.V." {
		t.Errorf("filter \"pol\" shows %d rows, want only Polderdata", l.counts.Matched)
	}
}

func TestContactListOverdueTab(t *testing.T) {
	t.Parallel()
	tm := startApp(t, demoDeps(t), 80, 24, "Agnieszka")
	press(tm, "tab", "tab", "tab")
	waitFor(t, tm, "late")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "contacts_tab_overdue", screen)
	l := m.top().(*contactList)
	if l.tab != FilterOverdue {
		t.Fatalf("tab = %v, want overdue", l.tab)
	}
	for i := range l.counts.Matched {
		if r := l.row(i); r == nil || r.Deadline.DaysLeft >= 0 {
			t.Errorf("%s in overdue tab with %d days left", r.Contact.Name, r.Deadline.DaysLeft)
		}
	}
}

func TestContactDetailGolden(t *testing.T) {
	t.Parallel()
	tm := startApp(t, demoDeps(t), 80, 24, "Agnieszka")
	press(tm, "j", "enter")
	waitFor(t, tm, "Privacy notice")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "contact_detail_anna", screen)
	if _, ok := m.top().(*contactDetail); !ok {
		t.Fatalf("screen in view is %T, want the contact detail", m.top())
	}
}

func TestHelpAndBack(t *testing.T) {
	t.Parallel()
	tm := startApp(t, demoDeps(t), 80, 24, "Agnieszka")
	press(tm, "enter")
	waitFor(t, tm, "Lawful basis")
	press(tm, "esc", "?")
	waitFor(t, tm, "page down")
	m, screen := finalScreen(t, tm)
	if _, ok := m.top().(*contactList); !ok || len(m.stack) != 1 {
		t.Fatalf("after esc the screen is %T (stack %d), want the contact list alone", m.top(), len(m.stack))
	}
	requireGolden(t, "contacts_full_help", screen)
}

func TestTypeAheadReachesTheOpenedScreen(t *testing.T) {
	t.Parallel()
	tm := startApp(t, demoDeps(t), 80, 24, "Agnieszka")
	press(tm, "j", "enter", "c")              // sent at once, as a fast typist does
	waitFor(t, tm, "esc back to the contact") // demoDeps has no sender: compose says so
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*compose); !ok || len(m.stack) != 3 {
		t.Fatalf("screen in view is %T (stack %d), want compose over the contact over the list", m.top(), len(m.stack))
	}
}

// TestNarrowHelpKeepsHelpKey: at 60 columns the screen's last keys give way
// so that "? help" (which lists them all) stays on the help bar.
func TestNarrowHelpKeepsHelpKey(t *testing.T) {
	t.Parallel()
	tm := startApp(t, demoDeps(t), 60, 16, "Needs basis")
	press(tm, "j", "enter")
	waitFor(t, tm, "Position")
	_, screen := finalScreen(t, tm)
	lines := strings.Split(strings.TrimRight(screen, "\n "), "\n")
	last := lines[len(lines)-1]
	if !strings.Contains(last, "? help") || !strings.Contains(last, "esc back") || strings.Contains(last, "…") {
		t.Errorf("help bar at 60 columns = %q, want the screen's first keys, esc back and ? help, unclipped", last)
	}
}

func TestLayoutColumnsNarrowKeepsFixedColumns(t *testing.T) {
	t.Parallel()
	cols := []column{{"Name", 18, 3}, {"Company", 16, 3}, {"Source", 13, 0}, {"Basis", 5, 0}, {"Notice", 9, 0}, {"Status", 10, 1}}
	for _, tc := range []struct {
		width int
		want  []int
	}{
		{80, []int{19, 17, 13, 5, 9, 12}}, // room to spare, shared by grow
		{76, []int{18, 16, 13, 5, 9, 10}}, // exactly the minimum
		{60, []int{9, 9, 13, 5, 9, 10}},   // the free-text columns give way
		{40, []int{9, 8, 13, 5, 9, 5}},    // down to half their minimum, then cut
	} {
		got := layoutColumns(cols, tc.width)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("layoutColumns(%d) = %v, want %v", tc.width, got, tc.want)
		}
	}
}

// runList runs cmd, a read of the list, and hands its answers to l until
// no more is asked.
func runList(l *contactList, cmd tea.Cmd) {
	for cmd != nil {
		_, cmd = l.update(cmd())
	}
}

// TestContactListFiltersWhenTypingPauses: a keystroke in the filter only
// schedules filtering; a later keystroke makes the earlier schedule void;
// a message that does not change the text (a cursor blink) reads nothing.
// The text is folded: "muller" finds Müller.
func TestContactListFiltersWhenTypingPauses(t *testing.T) {
	l := testList(t, benchStoreWith(t, 80))
	l.search.focus()
	all := l.counts.Matched
	for _, r := range "muller" {
		l.update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if l.counts.Matched != all || l.applied != "" {
		t.Fatalf("rows shown while typing = %d, want all %d until typing pauses", l.counts.Matched, all)
	}
	if _, cmd := l.update(filterDueMsg{typed: l.typed - 1}); cmd != nil {
		t.Fatal("an outdated pause reads the list")
	}
	_, cmd := l.update(filterDueMsg{typed: l.typed})
	runList(l, cmd)
	if l.counts.Matched != 10 {
		t.Fatalf("\"muller\" shows %d rows, want the 10 Müllers", l.counts.Matched)
	}
	for i := range l.counts.Matched {
		if !strings.Contains(l.row(i).Contact.Name, "Müller") {
			t.Errorf("\"muller\" shows %q", l.row(i).Contact.Name)
		}
	}
	gen := l.gen
	if _, cmd := l.update(struct{}{}); cmd != nil || l.gen != gen { // a blink or any message that leaves the text alone
		t.Error("a message that did not change the text read the list again")
	}
}

// TestContactListPagesAhead: the list reads a page at a time as the cursor
// moves down, keeps the rows it read in order, and a jump to the end reads
// the rows there.
func TestContactListPagesAhead(t *testing.T) {
	l := testList(t, benchStoreWith(t, 300))
	if len(l.win) >= 300 || l.counts.Matched != 300 {
		t.Fatalf("first read: %d rows of %d, want a page", len(l.win), l.counts.Matched)
	}
	want, err := l.sh.Store.ListContacts(bgctx())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 299 {
		_, cmd := l.update(tea.KeyPressMsg{Code: 'j', Text: "j"})
		runList(l, cmd)
		r := l.selected()
		if r == nil || r.Contact.ID != want[i+1].ID {
			t.Fatalf("row %d: %v, want %s", i+1, r, want[i+1].Name)
		}
	}
	_, cmd := l.update(tea.KeyPressMsg{Code: 'g', Text: "g"})
	runList(l, cmd)
	_, cmd = l.update(tea.KeyPressMsg{Code: 'G', Text: "G"})
	runList(l, cmd)
	if r := l.selected(); r == nil || r.Contact.ID != want[299].ID {
		t.Errorf("after G the cursor is on %v, want %s", r, want[299].Name)
	}
	if !strings.Contains(l.view(), want[299].Name) {
		t.Error("the last row is not drawn after G")
	}
}
