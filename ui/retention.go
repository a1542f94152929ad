package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"legit/contacts"
	"legit/store"
)

// retentionLoadedMsg carries the contacts due for erasure.
type retentionLoadedMsg struct {
	rows    []contacts.ErasureDue
	waiting int // erased contacts whose mailbox cleanup still waits
	err     error
}

// toErase lists the contacts the retention rule proposes for erasure, each
// with its reason, and erases one with a key after a confirmation.
type toErase struct {
	sh      *shared
	rows    []contacts.ErasureDue
	cursor  int
	offset  int
	loaded  bool
	note    string // the outcome of the last erasure
	waiting int    // erased contacts whose mailbox cleanup still waits
	keys    toEraseKeys
}

func newToErase(sh *shared) *toErase { return &toErase{sh: sh, keys: defaultToEraseKeys()} }

func (s *toErase) title() string   { return "To erase" }
func (s *toErase) capturing() bool { return false }
func (s *toErase) init() tea.Cmd   { return s.refresh() }

// refresh reloads the list.
func (s *toErase) refresh() tea.Cmd {
	d := s.sh.Deps
	return func() tea.Msg {
		list, err := d.Store.ListContacts(bgctx())
		if err != nil {
			return retentionLoadedMsg{err: err}
		}
		act, err := d.Store.Activity(bgctx())
		if err != nil {
			return retentionLoadedMsg{err: err}
		}
		waiting, err := d.Store.PendingMailbox(bgctx())
		if err != nil {
			return retentionLoadedMsg{err: err}
		}
		return retentionLoadedMsg{rows: contacts.DueForErasure(list, act, d.Now(), d.Retention), waiting: waiting}
	}
}

// ShortHelp lists the keys live now.
func (s *toErase) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Up, s.keys.Down, s.keys.Pick, s.keys.Erase}
}

// FullHelp lists every key of the screen.
func (s *toErase) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *toErase) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case retentionLoadedMsg:
		if msg.err != nil {
			return s, report(fmt.Errorf("load contacts to erase: %w", msg.err))
		}
		s.rows, s.loaded, s.waiting = msg.rows, true, msg.waiting
		s.keys.Erase.SetEnabled(len(s.rows) > 0)
		s.keys.Pick.SetEnabled(len(s.rows) > 0)
	case erasedMsg:
		if msg.err != nil {
			return s, report(msg.err)
		}
		s.note = "Erased and logged. The address stays on the suppression list."
		if msg.answered > 0 {
			s.note = "Erased and logged; their erasure request is answered: tell them."
		}
		s.note += " " + msg.outcome
		return s, s.refresh()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Up):
			s.cursor--
		case key.Matches(msg, s.keys.Down):
			s.cursor++
		case key.Matches(msg, s.keys.Pick) && s.cursor < len(s.rows):
			return s, s.sh.push(newContactDetail(s.sh, s.rows[s.cursor].Contact.ID))
		case key.Matches(msg, s.keys.Erase) && s.cursor < len(s.rows):
			r := s.rows[s.cursor]
			reason := store.ErasureRetention
			if r.Due.Reason == contacts.RetentionRequested {
				reason = store.ErasureRequest
			}
			return s, askEraseCmd(s.sh, r.Contact.ID, reason)
		}
	}
	s.cursor = max(0, min(s.cursor, len(s.rows)-1))
	s.offset = window(s.offset, s.cursor, len(s.rows), s.sh.height-2)
	return s, nil
}

var toEraseColumns = []column{{"Name", 18, 2}, {"Company", 16, 2}, {"Why", 30, 3}, {"Last", 11, 0}}

func (s *toErase) view() string {
	st := s.sh.st
	days := s.sh.Retention.ProspectDays
	if days <= 0 {
		days = contacts.DefaultRetentionDays
	}
	var b strings.Builder
	intro := st.muted.Render(fit(fmt.Sprintf("Erasure requests, ended bases, no reply/purchase/consent in %d days.", days), s.sh.width))
	switch {
	case s.note != "":
		intro = st.ok.Render(fit(s.note, s.sh.width))
	case s.waiting > 0:
		intro = st.warn.Render(fit(pendingLine(s.waiting), s.sh.width))
	}
	b.WriteString(intro + "\n")
	ws := layoutColumns(toEraseColumns, s.sh.width)
	b.WriteString(renderHeader(st, toEraseColumns, ws))
	if !s.loaded {
		return b.String() + "\n" + st.muted.Render("Loading…")
	}
	if len(s.rows) == 0 {
		return b.String() + "\n" + st.muted.Render("Nothing to erase: every contact is within its retention period.")
	}
	end := min(len(s.rows), s.offset+max(1, s.sh.height-2))
	for i := s.offset; i < end; i++ {
		r := s.rows[i]
		last := "—"
		if !r.Due.Since.IsZero() {
			last = r.Due.Since.Format("2 Jan 2006")
		}
		b.WriteString("\n" + renderRow(st, []cell{{text: r.Contact.Name}, {text: r.Contact.Company}, {text: r.Due.Text, style: &st.warn}, {text: last}}, ws, i == s.cursor))
	}
	return b.String()
}
