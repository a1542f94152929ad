package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/contacts"
	"legit/notice"
)

// contactList is the first screen: every contact with its source, basis,
// notice deadline and status, in tabs by what needs doing.
type contactList struct {
	sh     *shared
	keys   contactListKeys
	rows   rowSet
	shown  []int32 // row numbers in rows.all of the rows in view, in order
	tab    Filter
	cursor int
	offset int
	search filterBox
	// applied is the folded filter text shown now; typing waits for a
	// pause (filterDelay) before the rows follow it.
	applied string
	typed   int // bumped with each edit of the filter text
	loaded  bool
}

// filterDelay is how long the list waits after a keystroke in the filter
// before it filters: typing a word filters once, not once per letter.
const filterDelay = 80 * time.Millisecond

// filterDueMsg asks the list to filter by the text typed, unless more was
// typed since (typed is then newer).
type filterDueMsg struct{ typed int }

func newContactList(sh *shared) *contactList {
	return &contactList{sh: sh, keys: defaultContactListKeys(), search: newFilterBox("name, company, position or email")}
}

func (l *contactList) title() string { return "Contacts" }

func (l *contactList) capturing() bool { return l.search.active }

func (l *contactList) init() tea.Cmd { return l.refresh() }

// refresh reloads the contacts from the store.
func (l *contactList) refresh() tea.Cmd {
	st := l.sh.Store
	return func() tea.Msg {
		list, err := st.ListContacts(bgctx())
		return contactsLoadedMsg{list: list, err: err}
	}
}

// ShortHelp lists the keys live now.
func (l *contactList) ShortHelp() []key.Binding {
	if l.search.active {
		return l.search.help()
	}
	return []key.Binding{l.keys.Up, l.keys.Down, l.keys.Open, l.keys.Filter, l.keys.NextTab, l.keys.ClearText}
}

// FullHelp lists every key of the screen in columns.
func (l *contactList) FullHelp() [][]key.Binding {
	return [][]key.Binding{l.keys.listKeys.all(), {l.keys.Open, l.keys.Filter, l.keys.ClearText, l.keys.NextTab, l.keys.PrevTab}}
}

func (l *contactList) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case contactsLoadedMsg:
		if msg.err != nil {
			return l, report(fmt.Errorf("load contacts: %w", msg.err))
		}
		var keep int64
		if r, ok := l.selected(); ok {
			keep = r.Contact.ID
		}
		l.rows = newRowSet(Rows(msg.list, l.sh.Now(), l.sh.DeadlineDays))
		l.loaded = true
		l.shown = nil
		l.apply(true)
		for i, n := range l.shown {
			if l.rows.all[n].Contact.ID == keep {
				l.cursor = i
				l.clamp()
			}
		}
		return l, nil
	case filterDueMsg:
		if msg.typed == l.typed {
			l.apply(false)
		}
		return l, nil
	}
	if l.search.active {
		changed, cmd := l.search.update(msg)
		switch {
		case !l.search.active: // enter or esc: filter now
			l.apply(false)
		case changed:
			l.typed++
			typed := l.typed
			return l, tea.Batch(cmd, tea.Tick(filterDelay, func(time.Time) tea.Msg { return filterDueMsg{typed: typed} }))
		}
		return l, cmd
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return l, l.updateKeys(msg)
	}
	return l, nil
}

func (l *contactList) updateKeys(msg tea.KeyPressMsg) tea.Cmd {
	page := max(1, l.tableHeight()-1)
	if c, ok := l.keys.move(msg, l.cursor, len(l.shown), page); ok {
		l.cursor = c
		l.clamp()
		return nil
	}
	switch {
	case key.Matches(msg, l.keys.NextTab):
		l.tab = (l.tab + 1) % Filter(len(filterNames))
		l.cursor = 0
		l.apply(true)
	case key.Matches(msg, l.keys.PrevTab):
		l.tab = (l.tab + Filter(len(filterNames)) - 1) % Filter(len(filterNames))
		l.cursor = 0
		l.apply(true)
	case key.Matches(msg, l.keys.Filter):
		return l.search.focus()
	case key.Matches(msg, l.keys.ClearText):
		l.search.clear()
		l.apply(false)
	case key.Matches(msg, l.keys.Open):
		if r, ok := l.selected(); ok {
			return l.sh.push(newContactDetail(l.sh, r.Contact.ID))
		}
	}
	l.clamp()
	return nil
}

// selected returns the row under the cursor.
func (l *contactList) selected() (*Row, bool) {
	if l.cursor < 0 || l.cursor >= len(l.shown) {
		return nil, false
	}
	return l.row(l.cursor), true
}

// row is the i-th row in view.
func (l *contactList) row(i int) *Row { return &l.rows.all[l.shown[i]] }

// apply recomputes the rows shown from the tab and the filter text, keeping
// the same contact selected where it is still shown. It filters only when
// the tab changed, the rows were reloaded (fresh) or the text changed; text
// that extends the text shown narrows the rows shown instead of the tab.
func (l *contactList) apply(fresh bool) {
	text := contacts.Fold(l.search.value())
	if !fresh && text == l.applied && l.shown != nil {
		return
	}
	keep := int32(-1)
	if l.cursor >= 0 && l.cursor < len(l.shown) {
		keep = l.shown[l.cursor]
	}
	from := l.rows.tabs[l.tab]
	if !fresh && l.applied != "" && strings.HasPrefix(text, l.applied) {
		from = l.shown
	}
	l.shown = l.rows.match(from, text, l.shown)
	l.applied = text
	if keep >= 0 {
		if i, ok := slices.BinarySearch(l.shown, keep); ok {
			l.cursor = i
		}
	}
	l.keys.ClearText.SetEnabled(l.search.value() != "")
	l.clamp()
}

func (l *contactList) clamp() {
	l.cursor = max(0, min(l.cursor, len(l.shown)-1))
	l.offset = window(l.offset, l.cursor, len(l.shown), l.tableHeight())
}

// tableHeight is the number of rows the table has room for.
func (l *contactList) tableHeight() int { return max(1, l.sh.height-3) }

var contactColumns = []column{
	{"Name", 18, 3},
	{"Company", 16, 3},
	{"Source", 13, 0},
	{"Basis", 5, 0},
	{"Notice", 9, 0},
	{"Status", 10, 1},
}

// wideColumns add the address and the country when the terminal has room.
var wideColumns = []column{
	{"Name", 18, 3},
	{"Email", 24, 3},
	{"Company", 16, 3},
	{"Ctry", 4, 0},
	{"Source", 13, 0},
	{"Basis", 5, 0},
	{"Notice", 9, 0},
	{"Status", 10, 1},
}

// wideFrom is the width from which the list shows the wide columns.
const wideFrom = 110

// columns are the list's columns at the current width.
func (l *contactList) columns() []column {
	if l.sh.width >= wideFrom {
		return wideColumns
	}
	return contactColumns
}

func (l *contactList) view() string {
	st := l.sh.st
	var b strings.Builder
	b.WriteString(l.tabsView())
	b.WriteByte('\n')
	b.WriteString(l.filterView())
	b.WriteByte('\n')
	cols := l.columns()
	ws := layoutColumns(cols, l.sh.width)
	b.WriteString(renderHeader(st, cols, ws))
	if !l.loaded {
		b.WriteString("\n" + st.muted.Render("Loading contacts…"))
		return b.String()
	}
	if len(l.shown) == 0 {
		b.WriteString("\n" + st.muted.Render(l.emptyText()))
		return b.String()
	}
	end := min(len(l.shown), l.offset+l.tableHeight())
	for i := l.offset; i < end; i++ {
		b.WriteString("\n" + renderRow(st, l.cells(l.row(i)), ws, i == l.cursor))
	}
	return b.String()
}

// emptyText explains an empty list and what to do.
func (l *contactList) emptyText() string {
	switch {
	case len(l.rows.all) == 0:
		return "No contacts yet. Press 5 to import a LinkedIn export, vCards or a spreadsheet."
	case l.search.value() != "":
		return fmt.Sprintf("No contact in %q matches %q. Press backspace to clear the filter.", filterNames[l.tab].tab, l.search.value())
	default:
		return fmt.Sprintf("Nothing in %q. Press tab for the next view.", filterNames[l.tab].tab)
	}
}

func (l *contactList) tabsView() string {
	st := l.sh.st
	parts := make([]string, len(filterNames))
	for i, n := range filterNames {
		count := l.rows.count(Filter(i))
		label := fmt.Sprintf("%s %d", n.tab, count)
		if Filter(i) == l.tab {
			parts[i] = st.tabs.active.Render(label)
		} else {
			parts[i] = st.tabs.inactive.Render(label)
		}
	}
	return strings.Join(parts, st.tabs.sep.Render(" │ "))
}

func (l *contactList) filterView() string {
	st := l.sh.st
	if l.search.active {
		return l.search.view(l.sh.width - 4)
	}
	if v := l.search.value(); v != "" {
		return st.prompt.Render("/ ") + fit(v, min(30, ansi.StringWidth(v))) +
			st.muted.Render(fmt.Sprintf(" · %d of %d contacts · backspace clears", len(l.shown), l.rows.count(l.tab)))
	}
	return st.muted.Render(fmt.Sprintf("%d of %d contacts · / to filter", len(l.shown), l.rows.count(l.tab)))
}

// cells is one contact's row.
func (l *contactList) cells(r *Row) []cell {
	st := l.sh.st
	c := r.Contact
	basis := cell{text: yesNo(!r.NeedsBasis), style: &st.ok}
	if r.NeedsBasis {
		basis.style = &st.warn
	}
	dl := cell{text: deadlineText(r.Deadline)}
	switch r.Deadline.State {
	case notice.Overdue:
		dl.style = &st.danger
	case notice.DueSoon:
		dl.style = &st.warn
	case notice.Informed:
		dl.style = &st.muted
	}
	status := cell{text: statusText(c)}
	if c.Stopped() {
		status.style = &st.danger
	}
	if l.sh.width >= wideFrom {
		country := cell{text: orDash(c.Country)}
		if c.Country == "" {
			country.style = &st.warn
		}
		return []cell{{text: c.Name}, {text: orDash(c.Email)}, {text: c.Company}, country, {text: sourceText(c)}, basis, dl, status}
	}
	return []cell{{text: c.Name}, {text: c.Company}, {text: sourceText(c)}, basis, dl, status}
}
