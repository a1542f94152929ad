package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// confirm asks one yes/no question about something that cannot be undone.
// On yes it closes itself (and pops more screens below it, as asked) and then
// runs the action; on n or esc it only closes.
type confirm struct {
	sh      *shared
	heading string
	text    string
	keys    confirmKeys
	pops    int
	action  tea.Cmd
}

func newConfirm(sh *shared, heading, text string, pops int, action tea.Cmd) *confirm {
	return &confirm{sh: sh, heading: heading, text: text, keys: defaultConfirmKeys(), pops: max(1, pops), action: action}
}

func (c *confirm) title() string   { return c.heading }
func (c *confirm) capturing() bool { return false }
func (c *confirm) init() tea.Cmd   { return nil }

// ShortHelp lists the keys live now.
func (c *confirm) ShortHelp() []key.Binding { return []key.Binding{c.keys.Yes, c.keys.No} }

// FullHelp lists every key of the screen.
func (c *confirm) FullHelp() [][]key.Binding { return [][]key.Binding{{c.keys.Yes, c.keys.No}} }

func (c *confirm) update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return c, nil
	}
	switch {
	case key.Matches(k, c.keys.Yes):
		steps := make([]tea.Cmd, 0, c.pops+1)
		for range c.pops {
			steps = append(steps, popCmd)
		}
		return c, tea.Sequence(append(steps, c.action)...)
	case key.Matches(k, c.keys.No):
		return c, popCmd
	}
	return c, nil
}

func (c *confirm) view() string {
	st, w := c.sh.st, max(20, c.sh.width-4)
	var b strings.Builder
	b.WriteString("\n  " + st.danger.Render(c.heading) + "\n\n")
	b.WriteString("  " + indentRest(lipgloss.Wrap(c.text, w, ""), 2) + "\n\n")
	b.WriteString("  " + st.muted.Render("Press y to go ahead, n or esc to keep everything as it is."))
	return b.String()
}

// popCmd closes the screen in view.
func popCmd() tea.Msg { return popMsg{} }
