package ui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"legit/contacts"
)

// mergeData is what the merge picker reads from the database; the merge
// is the use case of rights.go.
type mergeData interface {
	ListContacts(ctx context.Context) ([]contacts.Contact, error)
}

// mergePicker lists the likely duplicates of one contact; the one picked is
// merged into it after a confirmation.
type mergePicker struct {
	sh     *shared
	data   mergeData
	keep   contacts.Contact
	dups   []contacts.Contact
	cursor int
	loaded bool
	keys   pickKeys
}

func newMergePicker(sh *shared, keep contacts.Contact) *mergePicker {
	return &mergePicker{sh: sh, data: sh.Store, keep: keep, keys: defaultPickKeys("merge into this contact")}
}

func (p *mergePicker) title() string   { return "Duplicates of " + contacts.Clean(p.keep.Name) }
func (p *mergePicker) capturing() bool { return false }

func (p *mergePicker) init() tea.Cmd {
	st := p.data
	return func() tea.Msg {
		list, err := st.ListContacts(bgctx())
		return contactsLoadedMsg{list: list, err: err}
	}
}

// ShortHelp lists the keys live now.
func (p *mergePicker) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Up, p.keys.Down, p.keys.Pick}
}

// FullHelp lists every key of the screen.
func (p *mergePicker) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

func (p *mergePicker) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case contactsLoadedMsg:
		if msg.err != nil {
			return p, report(fmt.Errorf("load contacts: %w", msg.err))
		}
		p.dups, p.loaded = contacts.LikelyDuplicates(p.keep, msg.list), true
		p.keys.Pick.SetEnabled(len(p.dups) > 0)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Up):
			p.cursor = max(0, p.cursor-1)
		case key.Matches(msg, p.keys.Down):
			p.cursor = min(len(p.dups)-1, p.cursor+1)
		case key.Matches(msg, p.keys.Pick) && p.cursor < len(p.dups):
			return p, p.sh.push(newConfirm(p.sh, "Merge duplicate?", p.mergeText(p.dups[p.cursor]), 2, mergeCmd(p.sh, p.keep.ID, p.dups[p.cursor].ID)))
		}
	}
	return p, nil
}

// mergeText says what merging drop into the kept contact does.
func (p *mergePicker) mergeText(drop contacts.Contact) string {
	return fmt.Sprintf("Merge %s into %s. Its sources, assessments, consents and messages move to %s, empty fields are filled from it, and it is deleted. If either was opted out, objected or suppressed, the merged contact is too, and both addresses stay on the suppression list. The merge is logged.",
		describe(drop), describe(p.keep), contacts.Clean(p.keep.Name))
}

// describe is a contact's name with address and company, for a question.
func describe(c contacts.Contact) string {
	s := contacts.Clean(c.Name)
	if c.Email != "" {
		s += " <" + c.Email + ">"
	}
	if c.Company != "" {
		s += " (" + contacts.Clean(c.Company) + ")"
	}
	return s
}

var mergeColumns = []column{{"Name", 18, 2}, {"Email", 24, 3}, {"Company", 14, 2}, {"Status", 10, 0}}

func (p *mergePicker) view() string {
	st := p.sh.st
	var b strings.Builder
	b.WriteString(st.muted.Render(fit("Keep: "+describe(p.keep), p.sh.width)) + "\n")
	if !p.loaded {
		return b.String() + st.muted.Render("Looking for duplicates…")
	}
	if len(p.dups) == 0 {
		return b.String() + st.muted.Render(lipgloss.Wrap("No likely duplicate (same name, same address before the @, or same company and last name). Press esc to go back.", p.sh.width, " "))
	}
	ws := layoutColumns(mergeColumns, p.sh.width)
	b.WriteString(renderHeader(st, mergeColumns, ws))
	for i, c := range p.dups {
		b.WriteString("\n" + renderRow(st, []cell{{text: c.Name}, {text: c.Email}, {text: c.Company}, {text: statusText(c)}}, ws, i == p.cursor))
	}
	return b.String()
}
