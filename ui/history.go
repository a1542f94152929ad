package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"legit/contacts"
	"legit/store"
)

// historyItem is one email to or from the contact.
type historyItem struct {
	at      time.Time
	out     bool   // sent by the rep; false for the person's reply
	subject string // the subject
	state   string // sent, queued, failed…; for a reply, how it was read
	text    string // the body as written, or what is kept of a reply
}

// historyData is what the history screen asks of the database.
type historyData interface {
	Record(ctx context.Context, contactID int64) (contacts.Record, error)
	RepliesOf(ctx context.Context, contactID int64) ([]store.InboxEntry, error)
}

// history lists what was sent to a contact and what came back, newest
// first; enter opens one.
type history struct {
	sh     *shared
	data   historyData
	id     int64
	name   string
	keys   historyKeys
	items  []historyItem
	loaded bool
	cursor int
	offset int
}

// historyKeys are the history screen's keys.
type historyKeys struct {
	listKeys
	Open key.Binding
}

// historyLoadedMsg carries a contact's messages and replies.
type historyLoadedMsg struct {
	id    int64
	name  string
	items []historyItem
	err   error
}

func newHistory(sh *shared, id int64) *history {
	return &history{sh: sh, data: sh.Store, id: id, keys: historyKeys{listKeys: defaultListKeys(),
		Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))}}
}

func (h *history) title() string {
	if h.name == "" {
		return "History"
	}
	return "History · " + contacts.Clean(h.name)
}

func (h *history) capturing() bool { return false }

func (h *history) init() tea.Cmd {
	st, id := h.data, h.id
	return func() tea.Msg {
		r, err := st.Record(bgctx(), id)
		if err != nil {
			return historyLoadedMsg{id: id, err: err}
		}
		replies, err := st.RepliesOf(bgctx(), id)
		return historyLoadedMsg{id: id, name: r.Contact.Name, items: historyOf(r, replies), err: err}
	}
}

// historyOf merges the messages and replies of one contact, newest first.
// Drafts are left out: they went nowhere.
func historyOf(r contacts.Record, replies []store.InboxEntry) []historyItem {
	var out []historyItem
	for _, m := range r.Messages {
		if m.State == string(store.StateDraft) {
			continue
		}
		at := m.CreatedAt
		if m.SentAt != nil {
			at = *m.SentAt
		}
		out = append(out, historyItem{at: at, out: true, subject: m.Subject, state: m.State, text: m.Body})
	}
	for _, e := range replies {
		out = append(out, historyItem{at: e.ReceivedAt, subject: e.Subject, state: replyClassText(e), text: e.Snippet})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.After(out[j].at) })
	return out
}

// ShortHelp lists the keys live now.
func (h *history) ShortHelp() []key.Binding {
	return []key.Binding{h.keys.Up, h.keys.Down, h.keys.Open}
}

// FullHelp lists every key of the screen.
func (h *history) FullHelp() [][]key.Binding {
	return [][]key.Binding{h.keys.listKeys.all(), {h.keys.Open}}
}

func (h *history) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case historyLoadedMsg:
		if msg.id != h.id {
			return h, nil
		}
		if msg.err != nil {
			return h, report(fmt.Errorf("load the history: %w", msg.err))
		}
		h.items, h.name, h.loaded = msg.items, msg.name, true
		return h, nil
	case tea.KeyPressMsg:
		if c, ok := h.keys.move(msg, h.cursor, len(h.items), max(1, h.height()-1)); ok {
			h.cursor = c
			h.offset = window(h.offset, h.cursor, len(h.items), h.height())
			return h, nil
		}
		if key.Matches(msg, h.keys.Open) && h.cursor < len(h.items) {
			return h, h.sh.push(newTextView(h.sh, h.items[h.cursor]))
		}
	}
	return h, nil
}

// height is the number of rows the table has room for.
func (h *history) height() int { return max(1, h.sh.height-1) }

var historyColumns = []column{{"Date", 11, 0}, {"", 9, 0}, {"Subject", 20, 4}, {"State", 14, 1}}

func (h *history) view() string {
	st := h.sh.st
	ws := layoutColumns(historyColumns, h.sh.width)
	var b strings.Builder
	b.WriteString(renderHeader(st, historyColumns, ws))
	if !h.loaded {
		return b.String() + "\n" + st.muted.Render("Loading…")
	}
	if len(h.items) == 0 {
		return b.String() + "\n" + st.muted.Render("Nothing sent to or received from this person yet.")
	}
	end := min(len(h.items), h.offset+h.height())
	for i := h.offset; i < end; i++ {
		it := h.items[i]
		dir := cell{text: "← reply", style: &st.ok}
		if it.out {
			dir = cell{text: "→ sent"}
		}
		b.WriteString("\n" + renderRow(st, []cell{{text: it.at.Format("2 Jan 2006")}, dir, {text: it.subject}, {text: it.state}}, ws, i == h.cursor))
	}
	return b.String()
}

// textView shows one message of the history, scrollable.
type textView struct {
	sh   *shared
	it   historyItem
	keys scrollKeys
	vp   viewport.Model
}

func newTextView(sh *shared, it historyItem) *textView {
	vp := viewport.New()
	vp.KeyMap.Left.SetEnabled(false)
	vp.KeyMap.Right.SetEnabled(false)
	return &textView{sh: sh, it: it, keys: defaultScrollKeys(), vp: vp}
}

func (v *textView) title() string   { return contacts.Clean(v.it.subject) }
func (v *textView) capturing() bool { return false }
func (v *textView) init() tea.Cmd   { return nil }

// ShortHelp lists the keys live now.
func (v *textView) ShortHelp() []key.Binding { return []key.Binding{v.keys.Up, v.keys.Down} }

// FullHelp lists every key of the screen.
func (v *textView) FullHelp() [][]key.Binding { return [][]key.Binding{{v.keys.Up, v.keys.Down}} }

func (v *textView) update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		var cmd tea.Cmd
		v.vp, cmd = v.vp.Update(msg)
		return v, cmd
	}
	return v, nil
}

func (v *textView) view() string {
	st, w := v.sh.st, v.sh.width
	head := "Sent " + v.it.at.Format("2 Jan 2006 15:04") + " · " + v.it.state
	note := "The body as you wrote it; the privacy-notice footer went below it."
	if !v.it.out {
		head = "Received " + v.it.at.Format("2 Jan 2006 15:04") + " · read as " + v.it.state
		note = "legit keeps only the first words of a reply (without the quoted history); the whole reply is in your mailbox."
	}
	v.vp.SetWidth(w)
	v.vp.SetHeight(max(1, v.sh.height-2))
	v.vp.SetContent(quotedDim(st, lipgloss.Wrap(contacts.CleanMultiline(v.it.text), max(10, w), " ")))
	return st.muted.Render(fit(head, w)) + "\n" + st.muted.Render(fit(note, w)) + "\n" + v.vp.View()
}

// quotedDim dims the quoted lines (starting with ">") of a message.
func quotedDim(st styles, text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), ">") {
			lines[i] = st.muted.Render(l)
		}
	}
	return strings.Join(lines, "\n")
}
