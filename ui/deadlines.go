package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"legit/contacts"
	"legit/notice"
	"legit/outreach"
	"legit/store"
)

// deadlinesData is what the deadlines screen asks of the database.
type deadlinesData interface {
	ListContacts(ctx context.Context) ([]contacts.Contact, error)
}

// deadlines is the top-level screen of the Art. 14 clock: the contacts not
// yet informed, grouped into overdue, due this week and later, with the
// actions that close each one (send the notice, compose, erase).
type deadlines struct {
	sh     *shared
	data   deadlinesData
	keys   deadlineKeys
	groups DeadlineGroups
	items  []Row // the rows in display order
	cursor int
	offset int
	loaded bool
	note   string // the result of the last action
}

func newDeadlines(sh *shared) *deadlines {
	k := defaultDeadlineKeys()
	k.Notice.SetEnabled(sh.SendNotice != nil)
	k.Compose.SetEnabled(sh.Sender != nil)
	return &deadlines{sh: sh, data: sh.Store, keys: k}
}

func (d *deadlines) title() string { return "Deadlines" }

func (d *deadlines) capturing() bool { return false }

func (d *deadlines) init() tea.Cmd { return d.refresh() }

// refresh reloads the contacts from the store.
func (d *deadlines) refresh() tea.Cmd {
	st := d.data
	return func() tea.Msg {
		list, err := st.ListContacts(bgctx())
		return deadlinesLoadedMsg{list: list, err: err}
	}
}

// ShortHelp lists the keys live now.
func (d *deadlines) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Up, d.keys.Down, d.keys.Open, d.keys.Notice, d.keys.Compose, d.keys.Erase}
}

// FullHelp lists every key of the screen.
func (d *deadlines) FullHelp() [][]key.Binding {
	return [][]key.Binding{d.keys.listKeys.all(), {d.keys.Open, d.keys.Notice, d.keys.Compose, d.keys.Erase}}
}

func (d *deadlines) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case deadlinesLoadedMsg:
		if msg.err != nil {
			return d, report(fmt.Errorf("load contacts: %w", msg.err))
		}
		d.load(msg.list)
		return d, nil
	case startupDoneMsg:
		d.keys.Notice.SetEnabled(d.sh.SendNotice != nil)
		d.keys.Compose.SetEnabled(d.sh.Sender != nil)
		return d, nil
	case noticeSentMsg:
		if u, ok := errors.AsType[*outreach.SentUnrecordedError](msg.err); ok {
			d.note = "Notice sent to " + contacts.Clean(msg.name) + ". " + UnrecordedText(u)
			return d, d.refresh()
		}
		if msg.err != nil {
			return d, tea.Batch(report(fmt.Errorf("no notice sent to %s: %w", contacts.Clean(msg.name), msg.err)), d.refresh())
		}
		d.note = "Notice sent to " + contacts.Clean(msg.name) + ": informed."
		if msg.res.Queued || msg.res.File != "" {
			d.note = SendOutcome(msg.name, "", msg.res)
		}
		return d, d.refresh()
	case erasedMsg:
		if msg.err != nil {
			return d, report(msg.err)
		}
		d.note = "Erased. The address stays on the suppression list. " + msg.outcome
		return d, d.refresh()
	case tea.KeyPressMsg:
		return d, d.updateKeys(msg)
	}
	return d, nil
}

// load groups the contacts, keeping the same contact selected if still listed.
func (d *deadlines) load(list []contacts.Contact) {
	var keep int64
	if r, ok := d.selected(); ok {
		keep = r.Contact.ID
	}
	d.groups = GroupDeadlines(Rows(list, d.sh.Now(), d.sh.DeadlineDays))
	d.items = d.items[:0]
	for _, g := range d.groups.groups() {
		d.items = append(d.items, g.rows...)
	}
	for i, r := range d.items {
		if r.Contact.ID == keep {
			d.cursor = i
		}
	}
	d.loaded = true
	d.clamp()
}

func (d *deadlines) updateKeys(msg tea.KeyPressMsg) tea.Cmd {
	d.note = ""
	page := max(1, d.listHeight()-1)
	if c, ok := d.keys.move(msg, d.cursor, len(d.items), page); ok {
		d.cursor = c
		d.clamp()
		return nil
	}
	switch {
	case key.Matches(msg, d.keys.Open):
		if r, ok := d.selected(); ok {
			return d.sh.push(newContactDetail(d.sh, r.Contact.ID))
		}
	case key.Matches(msg, d.keys.Notice):
		r, ok := d.selected()
		switch {
		case !ok:
		case r.Contact.Stopped():
			d.note = contacts.Clean(r.Contact.Name) + " is suppressed: not even a notice may go to them. D erases them."
		case r.NeedsBasis:
			// The notice names the basis: without one the send is refused.
			d.note = contacts.Clean(r.Contact.Name) + " has no usable lawful basis: enter, then b, before the notice."
		default:
			send, id, name := d.sh.SendNotice, r.Contact.ID, r.Contact.Name
			text := fmt.Sprintf("Send %s (%s) the notice-only email now? It says who you are, what you hold, where it came from and how to object; "+
				"n on their contact screen previews it.", contacts.Clean(name), contacts.Clean(r.Contact.Email))
			return d.sh.push(newConfirm(d.sh, "Send the notice?", text, 1, func() tea.Msg {
				res, err := send(bgctx(), id)
				return noticeSentMsg{name: name, res: res, err: err}
			}))
		}
	case key.Matches(msg, d.keys.Compose):
		if r, ok := d.selected(); ok {
			return d.sh.push(newCompose(d.sh, r.Contact.ID))
		}
	case key.Matches(msg, d.keys.Erase):
		if r, ok := d.selected(); ok {
			return askEraseCmd(d.sh, r.Contact.ID, store.ErasureOverdue)
		}
	}
	d.clamp()
	return nil
}

// selected returns the row under the cursor.
func (d *deadlines) selected() (Row, bool) {
	if d.cursor < 0 || d.cursor >= len(d.items) {
		return Row{}, false
	}
	return d.items[d.cursor], true
}

func (d *deadlines) clamp() {
	d.cursor = max(0, min(d.cursor, len(d.items)-1))
}

// listHeight is the number of lines the grouped list has room for.
func (d *deadlines) listHeight() int { return max(1, d.sh.height-3) }

var deadlineColumns = []column{
	{"Name", 18, 3},
	{"Company", 16, 3},
	{"Source", 13, 0},
	{"Due", 11, 0},
	{"Left", 9, 0},
}

func (d *deadlines) view() string {
	st, w := d.sh.st, d.sh.width
	if !d.loaded {
		return st.muted.Render("Loading deadlines…")
	}
	g := d.groups
	var b strings.Builder
	summary := fmt.Sprintf("%d overdue · %d due this week · %d later · %d informed (hidden)", len(g.Overdue), len(g.ThisWeek), len(g.Later), g.Informed)
	if len(g.Overdue) > 0 {
		b.WriteString(st.danger.Render(fit(summary, w)))
	} else {
		b.WriteString(st.ok.Render(fit(summary, w)))
	}
	b.WriteString("\n" + d.statusLine() + "\n")
	ws := layoutColumns(deadlineColumns, w)
	b.WriteString(renderHeader(st, deadlineColumns, ws))

	// Lay out headings and rows, then show the window around the cursor.
	var lines []string
	cursorLine, i := 0, 0
	for _, grp := range g.groups() {
		heading := fmt.Sprintf("%s (%d)", upper(grp.group.String()), len(grp.rows))
		lines = append(lines, st.section.Render(heading))
		if len(grp.rows) == 0 {
			lines = append(lines, st.muted.Render("  none"))
		}
		for _, r := range grp.rows {
			if i == d.cursor {
				cursorLine = len(lines)
			}
			lines = append(lines, renderRow(st, d.cells(r), ws, i == d.cursor))
			i++
		}
	}
	h := d.listHeight()
	d.offset = window(d.offset, cursorLine, len(lines), h)
	if d.cursor == 0 {
		d.offset = 0 // keep the first heading in view at the top
	}
	end := min(len(lines), d.offset+h)
	for _, l := range lines[d.offset:end] {
		b.WriteString("\n" + l)
	}
	return b.String()
}

// statusLine is the erase question, the last action's result, or what is
// not set up.
func (d *deadlines) statusLine() string {
	st, w := d.sh.st, d.sh.width
	switch {
	case d.note != "":
		return st.ok.Render(fit(d.note, w))
	}
	var off []string
	if !d.keys.Notice.Enabled() {
		off = append(off, "n send notice")
	}
	if !d.keys.Compose.Enabled() {
		off = append(off, "c compose")
	}
	if len(off) > 0 {
		return st.muted.Render(fit("Not set up in this build: "+strings.Join(off, ", ")+".", w))
	}
	return st.muted.Render(fit("Inform each contact before the deadline, or erase them.", w))
}

// cells is one contact's row.
func (d *deadlines) cells(r Row) []cell {
	st := d.sh.st
	c := r.Contact
	left := cell{text: deadlineText(r.Deadline)}
	switch r.Deadline.State {
	case notice.Overdue:
		left.style = &st.danger
	case notice.DueSoon:
		left.style = &st.warn
	}
	name := cell{text: c.Name}
	if c.Stopped() {
		name.text += " (suppressed)"
		name.style = &st.danger
	}
	return []cell{name, {text: c.Company}, {text: sourceText(c)}, {text: dueText(r.Deadline)}, left}
}

// deadlinesLoadedMsg carries the contacts for the deadlines screen.
type deadlinesLoadedMsg struct {
	list []contacts.Contact
	err  error
}

// noticeSentMsg reports a notice-only email sent from the deadlines screen.
type noticeSentMsg struct {
	name string
	res  outreach.Result
	err  error
}
