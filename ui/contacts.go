package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/notice"
)

// contactList is the first screen: every contact with its source, basis,
// notice deadline and status, in tabs by what needs doing.
type contactList struct {
	sh     *shared
	keys   contactListKeys
	all    []Row
	shown  []Row
	tab    Filter
	cursor int
	offset int
	search filterBox
	inTab  int // contacts in the tab in view, before the text filter
	loaded bool
}

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
		l.all = Rows(msg.list, l.sh.Now(), l.sh.DeadlineDays)
		l.loaded = true
		l.apply()
		return l, nil
	}
	if l.search.active {
		_, cmd := l.search.update(msg)
		l.apply()
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
		l.apply()
	case key.Matches(msg, l.keys.PrevTab):
		l.tab = (l.tab + Filter(len(filterNames)) - 1) % Filter(len(filterNames))
		l.cursor = 0
		l.apply()
	case key.Matches(msg, l.keys.Filter):
		cmd := l.search.focus()
		l.apply()
		return cmd
	case key.Matches(msg, l.keys.ClearText):
		l.search.clear()
		l.apply()
	case key.Matches(msg, l.keys.Open):
		if r, ok := l.selected(); ok {
			return l.sh.push(newContactDetail(l.sh, r.Contact.ID))
		}
	}
	l.clamp()
	return nil
}

// selected returns the row under the cursor.
func (l *contactList) selected() (Row, bool) {
	if l.cursor < 0 || l.cursor >= len(l.shown) {
		return Row{}, false
	}
	return l.shown[l.cursor], true
}

// apply recomputes the rows shown from the tab and the filter text,
// keeping the same contact selected where it is still shown.
func (l *contactList) apply() {
	var keep int64
	if r, ok := l.selected(); ok {
		keep = r.Contact.ID
	}
	l.shown = FilterRows(l.all, l.tab, l.search.value())
	l.inTab = len(FilterRows(l.all, l.tab, ""))
	for i, r := range l.shown {
		if r.Contact.ID == keep {
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
		b.WriteString("\n" + renderRow(st, l.cells(l.shown[i]), ws, i == l.cursor))
	}
	return b.String()
}

// emptyText explains an empty list and what to do.
func (l *contactList) emptyText() string {
	switch {
	case len(l.all) == 0:
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
		count := len(FilterRows(l.all, Filter(i), ""))
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
			st.muted.Render(fmt.Sprintf(" · %d of %d contacts · backspace clears", len(l.shown), l.inTab))
	}
	return st.muted.Render(fmt.Sprintf("%d of %d contacts · / to filter", len(l.shown), l.inTab))
}

// cells is one contact's row.
func (l *contactList) cells(r Row) []cell {
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
