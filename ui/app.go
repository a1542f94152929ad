// Package ui is legit's terminal interface: Bubble Tea screens, their key
// maps and styles, and the plain-text and JSON output of the sub-commands.
// It asks the other packages and shows their answers; it holds no SQL and
// no rules.
package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// Deps is what the screens need from the rest of the app.
type Deps struct {
	Store        *store.Store
	Rep          string           // the rep's name, as the log records it
	Now          func() time.Time // the clock; time.Now outside tests
	DeadlineDays int              // the notice deadline in days
	// Sync reads new replies from the rep's IMAP inbox; nil when no IMAP
	// server is configured.
	Sync func(ctx context.Context, progress func(outreach.SyncProgress)) (outreach.SyncResult, error)
}

// shared is the state every screen reads: dependencies, styles and size.
// The root owns it and keeps it current.
type shared struct {
	Deps
	st            styles
	width, height int // the body's size, without title bar and help
}

// screen is one page of the app. Only the root returns a tea.View; a screen
// draws a string into the body area. Its help.KeyMap lists the keys live now.
type screen interface {
	help.KeyMap
	init() tea.Cmd
	update(tea.Msg) (screen, tea.Cmd)
	view() string
	title() string
	// capturing reports whether a text input has the focus, so that the root
	// leaves q, ? and esc to it.
	capturing() bool
}

// refresher is a screen that reloads its data when it comes back into view.
type refresher interface {
	refresh() tea.Cmd
}

// Model is the root model: it routes messages to the screen in view, keeps
// the one error slot and draws the title bar and the help bar.
type Model struct {
	sh      *shared
	stack   []screen
	keys    globalKeys
	secs    []section
	help    help.Model
	err     error
	width   int
	height  int
	fullHlp bool
}

// New builds the root model opened on the contact list.
func New(d Deps) Model {
	if d.Now == nil {
		d.Now = time.Now
	}
	sh := &shared{Deps: d, st: newStyles(true), width: 80, height: 21}
	h := help.New()
	h.Styles = sh.st.help
	return Model{sh: sh, stack: []screen{newContactList(sh)}, keys: defaultGlobalKeys(), secs: sections(), help: h, width: 80, height: 24}
}

// Run opens the app and returns when the rep quits.
func Run(ctx context.Context, d Deps) error {
	_, err := tea.NewProgram(New(d), tea.WithContext(ctx)).Run()
	if err != nil && !errors.Is(err, tea.ErrInterrupted) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("run the app: %w", err)
	}
	return nil
}

// Init asks for the background colour and loads the first screen.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.top().init())
}

func (m Model) top() screen { return m.stack[len(m.stack)-1] }

// Update routes: global keys first, then the screen in view.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.sh.st = newStyles(msg.IsDark())
		m.help.Styles = m.sh.st.help
		return m, nil
	case pushMsg:
		m.stack = append(m.stack, msg.s)
		return m, msg.s.init()
	case popMsg:
		return m.pop()
	case errMsg:
		m.err = msg.err
		return m, nil
	case tea.KeyPressMsg:
		m.err = nil
		if !m.top().capturing() {
			switch {
			case key.Matches(msg, m.keys.Quit):
				return m, tea.Quit
			case key.Matches(msg, m.keys.Help):
				m.fullHlp = !m.fullHlp
				m.layout()
				return m, nil
			case key.Matches(msg, m.keys.Back) && len(m.stack) > 1:
				return m.pop()
			}
			for _, sec := range m.secs {
				if key.Matches(msg, sec.key) {
					s := sec.open(m.sh)
					m.stack = []screen{s}
					return m, s.init()
				}
			}
		}
		s, cmd := m.top().update(msg)
		m.stack[len(m.stack)-1] = s
		return m, cmd
	}
	// Results of commands go to every open screen; each takes its own.
	var cmds []tea.Cmd
	for i, s := range m.stack {
		var cmd tea.Cmd
		m.stack[i], cmd = s.update(msg)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// pop closes the screen in view and refreshes the one below.
func (m Model) pop() (tea.Model, tea.Cmd) {
	if len(m.stack) == 1 {
		return m, nil
	}
	m.stack = m.stack[:len(m.stack)-1]
	if r, ok := m.top().(refresher); ok {
		return m, r.refresh()
	}
	return m, nil
}

// layout gives the screens the body's size.
func (m *Model) layout() {
	m.help.SetWidth(m.width)
	m.sh.width = m.width
	m.sh.height = max(1, m.height-1-lipgloss.Height(m.helpView()))
}

// helpKeys is the screen's keys plus the global ones.
func (m Model) helpKeys() []key.Binding {
	ks := append([]key.Binding{}, m.top().ShortHelp()...)
	if len(m.stack) > 1 && !m.top().capturing() {
		ks = append(ks, m.keys.Back)
	}
	return append(ks, m.keys.Help, m.keys.Quit)
}

func (m Model) helpView() string {
	if m.err != nil {
		return m.sh.st.errBar.Render(fit("✗ "+m.err.Error(), m.width))
	}
	if m.fullHlp {
		nav := []key.Binding{m.keys.Back, m.keys.Help, m.keys.Quit}
		for _, sec := range m.secs {
			nav = append(nav, sec.key)
		}
		groups := append(m.top().FullHelp(), nav)
		return m.help.FullHelpView(groups)
	}
	return m.help.ShortHelpView(m.helpKeys())
}

// View draws the title bar, the screen and the help bar (or the error).
func (m Model) View() tea.View {
	st := m.sh.st
	left := st.title.Render("legit") + st.muted.Render(" › ") + st.crumb.Render(m.top().title())
	right := st.info.Render(ansi.Truncate(contacts.Clean(m.sh.Rep), max(0, m.width/3), "…"))
	gap := max(1, m.width-lipgloss.Width(left)-lipgloss.Width(right))
	bar := left + strings.Repeat(" ", gap) + right
	body := fill(m.top().view(), m.sh.height)
	v := tea.NewView(lipgloss.JoinVertical(lipgloss.Left, bar, body, m.helpView()))
	v.AltScreen = true
	v.WindowTitle = "legit"
	return v
}
