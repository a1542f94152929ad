package ui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"legit/contacts"
	"legit/store"
)

// assignPicker lists who a rights request can go to; enter gives it to the
// rep under the cursor (a lead or the DPO on a team database).
type assignPicker struct {
	sh      *shared
	keys    pickKeys
	req     store.RightsRequest
	reps    []store.Rep
	cursor  int
	loaded  bool
	loadErr error
}

// assigneesLoadedMsg carries who a request can go to.
type assigneesLoadedMsg struct {
	reps []store.Rep
	err  error
}

// requestAssignedMsg reports a request given to a rep.
type requestAssignedMsg struct {
	id  int64
	a   store.Assigned
	err error
}

// assignData is what the reassign picker asks of the database.
type assignData interface {
	Assignees(ctx context.Context) ([]store.Rep, error)
	AssignRequest(ctx context.Context, id int64, email, by string) (store.Assigned, error)
}

func newAssignPicker(sh *shared, r store.RightsRequest) *assignPicker {
	return &assignPicker{sh: sh, req: r, keys: defaultPickKeys("give it to them")}
}

func (p *assignPicker) title() string {
	return fmt.Sprintf("Reassign request #%d", p.req.ID)
}

func (p *assignPicker) capturing() bool { return false }

func (p *assignPicker) init() tea.Cmd {
	st := assignData(p.sh.Store)
	return func() tea.Msg {
		reps, err := st.Assignees(bgctx())
		return assigneesLoadedMsg{reps: reps, err: err}
	}
}

// ShortHelp lists the keys live now.
func (p *assignPicker) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Up, p.keys.Down, p.keys.Pick}
}

// FullHelp lists every key of the screen.
func (p *assignPicker) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

func (p *assignPicker) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case assigneesLoadedMsg:
		p.reps, p.loadErr, p.loaded = msg.reps, msg.err, true
		for i, r := range p.reps {
			if r.ID == p.req.Assignee.ID {
				p.cursor = i
			}
		}
		p.keys.Pick.SetEnabled(len(p.reps) > 0)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Up):
			p.cursor = max(0, p.cursor-1)
		case key.Matches(msg, p.keys.Down):
			p.cursor = max(0, min(len(p.reps)-1, p.cursor+1))
		case key.Matches(msg, p.keys.Pick) && p.cursor < len(p.reps):
			st, rep, id, email := assignData(p.sh.Store), p.sh.Rep, p.req.ID, p.reps[p.cursor].Email
			return p, tea.Sequence(popCmd, func() tea.Msg {
				a, err := st.AssignRequest(bgctx(), id, email, rep)
				return requestAssignedMsg{id: id, a: a, err: err}
			})
		}
	}
	return p, nil
}

var assignColumns = []column{{"Rep", 20, 2}, {"Email", 24, 3}, {"", 12, 0}}

func (p *assignPicker) view() string {
	st := p.sh.st
	var b strings.Builder
	what := fmt.Sprintf("The %s about %s, to answer by %s, now %s's.", classLabels[p.req.Kind], RequestWho(p.req),
		p.req.DueAt.Format("2 Jan 2006"), assigneeText(p.req))
	b.WriteString(st.muted.Render(lipgloss.Wrap(contacts.Clean(what), p.sh.width, " ")) + "\n")
	switch {
	case !p.loaded:
		return b.String() + st.muted.Render("Loading the team…")
	case p.loadErr != nil:
		return b.String() + st.danger.Render(fit("Cannot list the team: "+p.loadErr.Error(), p.sh.width))
	case len(p.reps) == 0:
		return b.String() + st.muted.Render("Nobody to give it to. Press esc to go back.")
	}
	ws := layoutColumns(assignColumns, p.sh.width)
	b.WriteString(renderHeader(st, assignColumns, ws))
	for i, r := range p.reps {
		mark := ""
		if r.ID == p.req.Assignee.ID {
			mark = "answers now"
		}
		b.WriteString("\n" + renderRow(st, []cell{{text: contacts.Clean(r.Name)}, {text: r.Email}, {text: mark, style: &st.muted}}, ws, i == p.cursor))
	}
	return b.String()
}

// assignedNote says whom a request now goes to, and what they need when
// they cannot see the contact.
func assignedNote(id int64, a store.Assigned) string {
	if a.Already {
		return fmt.Sprintf("Request #%d stays with %s: it was theirs already.", id, contacts.Clean(a.To.Name))
	}
	if !a.Sees {
		return fmt.Sprintf("#%d is now %s's (logged). They cannot see the contact: share it.", id, contacts.Clean(a.To.Name))
	}
	return fmt.Sprintf("Request #%d is now %s's to answer (logged).", id, contacts.Clean(a.To.Name))
}
