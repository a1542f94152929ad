package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/contacts"
	"legit/notice"
	"legit/store"
)

// listData is what the contact list asks of the database: the tab counts,
// a page of rows, and where a contact sits in the list.
type listData interface {
	CountList(ctx context.Context, q store.ListQuery) (store.ListCounts, error)
	ListPage(ctx context.Context, q store.ListQuery, after *store.ListKey, skip, limit int) ([]store.ListRow, error)
	ListPosition(ctx context.Context, q store.ListQuery, key store.ListKey) (int, error)
}

// contactList is the first screen: every contact with its source, basis,
// notice deadline and status, in tabs by what needs doing. It asks the store
// for the tab counts and for the rows on screen a page at a time, never for
// the whole table.
type contactList struct {
	sh     *shared
	data   listData
	keys   contactListKeys
	tab    Filter
	cursor int // index in the list of the selected row
	offset int // index of the first row on screen
	search filterBox
	counts store.ListCounts
	// win holds the rows read so far around the screen: win[0] is row winAt
	// of the list. more is false once the list's last row is in win.
	win    []Row
	winAt  int
	asking bool // a page is on its way
	// loading is set while the answer to load is on its way; keys pressed
	// meanwhile wait in queued and act on the rows it brings.
	loading bool
	queued  []tea.KeyPressMsg
	// frame is the last frame drawn: while another tab or text is read,
	// the screen stays as it was rather than showing the old rows under
	// the new tab or text.
	frame string
	// gen numbers the list's queries: an answer to an older one (another
	// tab or text) is dropped.
	gen int
	// applied is the folded filter text the rows follow; typing waits for
	// a pause (filterDelay) before they follow it.
	applied string
	typed   int // bumped with each edit of the filter text
	loaded  bool
}

// filterDelay is how long the list waits after a keystroke in the filter
// before it filters: typing a word filters once, not once per letter.
const filterDelay = 80 * time.Millisecond

// maxWindow is how many rows the list keeps read at most; rows further
// than that from the screen are let go.
const maxWindow = 1000

// filterDueMsg asks the list to filter by the text typed, unless more was
// typed since (typed is then newer).
type filterDueMsg struct{ typed int }

// listLoadedMsg is the answer to load: the counts and a page of rows from
// row at, with the selected contact's new index (cursor, -1 if gone).
type listLoadedMsg struct {
	gen    int
	counts store.ListCounts
	rows   []Row
	at     int
	cursor int
	err    error
}

// listPageMsg is one more page of rows, from row at.
type listPageMsg struct {
	gen  int
	rows []Row
	at   int
	err  error
}

func newContactList(sh *shared) *contactList {
	return &contactList{sh: sh, data: sh.Store, keys: defaultContactListKeys(), search: newFilterBox("name, company, position or email")}
}

func (l *contactList) title() string { return "Contacts" }

func (l *contactList) capturing() bool { return l.search.active }

func (l *contactList) init() tea.Cmd { return l.refresh() }

// refresh reads the list again, keeping the selected contact selected.
func (l *contactList) refresh() tea.Cmd {
	var keep *store.ListKey
	if r := l.selected(); r != nil {
		keep = &store.ListKey{Name: r.Contact.Name, ID: r.Contact.ID}
	}
	return l.load(keep)
}

// pageRows is how many rows one read asks for: two screens.
func (l *contactList) pageRows() int { return max(50, 2*l.tableHeight()) }

// query is the store's query for the tab and text in view.
func (l *contactList) query() store.ListQuery {
	return listQuery(l.tab, l.applied, l.sh.Now(), l.sh.DeadlineDays)
}

// load asks for the counts and the rows around the contact at keep (the
// top when nil), dropping any answer still on its way.
func (l *contactList) load(keep *store.ListKey) tea.Cmd {
	l.gen++
	l.loading = true
	gen, q, st, page, h := l.gen, l.query(), l.data, l.pageRows(), l.tableHeight()
	now, days := l.sh.Now(), l.sh.DeadlineDays
	return func() tea.Msg {
		ctx := bgctx()
		msg := listLoadedMsg{gen: gen, cursor: -1}
		if msg.counts, msg.err = st.CountList(ctx, q); msg.err != nil {
			return msg
		}
		pos := 0
		if keep != nil {
			if pos, msg.err = st.ListPosition(ctx, q, *keep); msg.err != nil {
				return msg
			}
		}
		msg.at = max(0, pos-h)
		rows, err := st.ListPage(ctx, q, nil, msg.at, page)
		if msg.err = err; err != nil {
			return msg
		}
		msg.rows = make([]Row, len(rows))
		for i, r := range rows {
			msg.rows[i] = rowOf(r, now, days)
			if keep != nil && r.Contact.ID == keep.ID {
				msg.cursor = msg.at + i
			}
		}
		return msg
	}
}

// fetch asks for the page of rows the screen needs next, if any: the rows
// after the window when the cursor nears its end, or, after a jump past
// it, the rows around the screen.
func (l *contactList) fetch() tea.Cmd {
	n := l.counts.Matched
	end := l.winAt + len(l.win)
	need := min(n, l.offset+2*l.tableHeight())
	if l.asking || !l.loaded || (l.offset >= l.winAt && need <= end) {
		return nil
	}
	l.asking = true
	gen, q, st, page := l.gen, l.query(), l.data, l.pageRows()
	now, days := l.sh.Now(), l.sh.DeadlineDays
	var after *store.ListKey
	at := max(0, l.offset-l.tableHeight())
	if l.offset >= l.winAt && l.offset <= end && len(l.win) > 0 {
		last := l.win[len(l.win)-1].Contact
		after, at = &store.ListKey{Name: last.Name, ID: last.ID}, end
	}
	return func() tea.Msg {
		skip := at
		if after != nil {
			skip = 0
		}
		rows, err := st.ListPage(bgctx(), q, after, skip, page)
		msg := listPageMsg{gen: gen, at: at, err: err, rows: make([]Row, len(rows))}
		for i, r := range rows {
			msg.rows[i] = rowOf(r, now, days)
		}
		return msg
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
	case listLoadedMsg:
		if msg.gen != l.gen {
			return l, nil
		}
		if msg.err != nil {
			l.loading, l.queued = false, nil
			return l, report(fmt.Errorf("load contacts: %w", msg.err))
		}
		l.counts, l.win, l.winAt, l.loaded, l.asking, l.loading = msg.counts, msg.rows, msg.at, true, false, false
		if msg.cursor >= 0 {
			l.cursor = msg.cursor
		}
		l.keys.ClearText.SetEnabled(l.search.value() != "")
		l.clamp()
		cmds := []tea.Cmd{l.fetch()}
		queued := l.queued
		l.queued = nil
		for _, k := range queued { // in order; queued again if one reads the list
			_, cmd := l.update(k)
			cmds = append(cmds, cmd)
		}
		return l, tea.Batch(cmds...)
	case listPageMsg:
		if msg.gen != l.gen {
			return l, nil
		}
		l.asking = false
		if msg.err != nil {
			return l, report(fmt.Errorf("load contacts: %w", msg.err))
		}
		l.addPage(msg.at, msg.rows)
		return l, l.fetch()
	case filterDueMsg:
		if msg.typed == l.typed {
			return l, l.apply()
		}
		return l, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && len(l.queued) > 0 {
		l.queued = append(l.queued, k) // behind the keys that wait
		return l, nil
	}
	if l.search.active {
		changed, cmd := l.search.update(msg)
		switch {
		case !l.search.active: // enter or esc: filter now
			return l, tea.Batch(cmd, l.now(l.apply()))
		case changed:
			l.typed++
			typed := l.typed
			return l, tea.Batch(cmd, tea.Tick(filterDelay, func(time.Time) tea.Msg { return filterDueMsg{typed: typed} }))
		}
		return l, cmd
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		if l.loading {
			l.queued = append(l.queued, msg)
			return l, nil
		}
		return l, l.updateKeys(msg)
	}
	return l, nil
}

// addPage puts a page of rows from row at into the window: after it when
// it follows on, else in its place; rows far behind the screen are let go.
func (l *contactList) addPage(at int, rows []Row) {
	if at == l.winAt+len(l.win) {
		l.win = append(l.win, rows...)
	} else {
		l.win, l.winAt = rows, at
	}
	if drop := min(len(l.win)-maxWindow, l.offset-l.tableHeight()-l.winAt); drop > 0 {
		l.win, l.winAt = slices.Clone(l.win[drop:]), l.winAt+drop
	}
}

func (l *contactList) updateKeys(msg tea.KeyPressMsg) tea.Cmd {
	page := max(1, l.tableHeight()-1)
	if c, ok := l.keys.move(msg, l.cursor, l.counts.Matched, page); ok {
		l.cursor = c
		l.clamp()
		return l.fetch()
	}
	switch {
	case key.Matches(msg, l.keys.NextTab):
		l.tab = (l.tab + 1) % Filter(len(filterNames))
		l.cursor = 0
		return l.now(l.load(nil))
	case key.Matches(msg, l.keys.PrevTab):
		l.tab = (l.tab + Filter(len(filterNames)) - 1) % Filter(len(filterNames))
		l.cursor = 0
		return l.now(l.load(nil))
	case key.Matches(msg, l.keys.Filter):
		return l.search.focus()
	case key.Matches(msg, l.keys.ClearText):
		l.search.clear()
		return l.now(l.apply())
	case key.Matches(msg, l.keys.Open):
		if r := l.selected(); r != nil {
			return l.sh.push(newContactDetail(l.sh, r.Contact.ID))
		}
	}
	return nil
}

// now reads the list at once, as the answer to a key the rep pressed (a
// tab, enter in the filter): the next frame shows the rows asked for, as a
// sequence of keys expects. Typing and scrolling read in the background.
func (l *contactList) now(load tea.Cmd) tea.Cmd {
	if load == nil {
		return nil
	}
	_, cmd := l.update(load())
	return cmd
}

// row is row i of the list, or nil when it is not read yet.
func (l *contactList) row(i int) *Row {
	if i < l.winAt || i >= l.winAt+len(l.win) {
		return nil
	}
	return &l.win[i-l.winAt]
}

// selected returns the row under the cursor, or nil.
func (l *contactList) selected() *Row {
	if l.cursor < 0 || l.cursor >= l.counts.Matched {
		return nil
	}
	return l.row(l.cursor)
}

// apply reads the list again for the filter text typed, keeping the same
// contact selected where it is still listed, when the folded text changed.
func (l *contactList) apply() tea.Cmd {
	text := contacts.Fold(l.search.value())
	l.keys.ClearText.SetEnabled(l.search.value() != "")
	if text == l.applied {
		return nil
	}
	var keep *store.ListKey
	if r := l.selected(); r != nil {
		keep = &store.ListKey{Name: r.Contact.Name, ID: r.Contact.ID}
	}
	l.applied = text
	return l.load(keep)
}

func (l *contactList) clamp() {
	n := l.counts.Matched
	l.cursor = max(0, min(l.cursor, n-1))
	l.offset = window(l.offset, l.cursor, n, l.tableHeight())
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
	if l.loading && l.loaded && !l.search.active && l.frame != "" {
		return l.frame
	}
	l.frame = l.draw()
	return l.frame
}

// draw draws the screen.
func (l *contactList) draw() string {
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
	if l.counts.Matched == 0 {
		b.WriteString("\n" + st.muted.Render(l.emptyText()))
		return b.String()
	}
	end := min(l.counts.Matched, l.offset+l.tableHeight())
	for i := l.offset; i < end; i++ {
		r := l.row(i)
		if r == nil {
			b.WriteString("\n" + st.muted.Render("…"))
			continue
		}
		b.WriteString("\n" + renderRow(st, l.cells(r), ws, i == l.cursor))
	}
	return b.String()
}

// emptyText explains an empty list and what to do.
func (l *contactList) emptyText() string {
	switch {
	case l.counts.Tabs[store.ListAll] == 0:
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
		count := l.counts.Tabs[i]
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
			st.muted.Render(fmt.Sprintf(" · %d of %d contacts · backspace clears", l.counts.Matched, l.counts.Tabs[l.tab]))
	}
	return st.muted.Render(fmt.Sprintf("%d of %d contacts · / to filter", l.counts.Matched, l.counts.Tabs[l.tab]))
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
