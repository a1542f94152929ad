// Package ui is legit's terminal interface: Bubble Tea screens, their key
// maps and styles, and the plain-text and JSON output of the sub-commands.
// It asks the other packages and shows their answers; it holds no SQL and
// no rules. Each screen asks the database through its own small interface,
// declared beside it (Store embeds them all); none holds the concrete store
// or a transaction.
package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/contacts"
	"legit/notice"
	"legit/outreach"
	"legit/store"
)

// Deps is what the screens need from the rest of the app.
type Deps struct {
	Store        Store
	Rep          string           // the rep's name, as the log records it
	Now          func() time.Time // the clock; time.Now outside tests
	DeadlineDays int              // the notice deadline in days

	// Retention is how long quiet prospects and customers are kept (the
	// defaults when zero); ExportDir is where the x key writes exports (the
	// current directory when empty).
	Retention contacts.Retention
	ExportDir string
	RepEmail  string // the rep's address, the key imports record the rep under
	// Controller is the organisation as the Art. 14 notice names it.
	Controller notice.Controller
	// Tracking reports whether the organisation turned open tracking on.
	Tracking bool
	// SendNotice sends the notice-only email to a contact (queues it, when
	// no mail server is configured); nil disables the action (the screen
	// says so).
	SendNotice func(ctx context.Context, contactID int64) (outreach.Result, error)
	Sender     *outreach.Sender // the send path; nil when it could not be set up
	SenderErr  error            // why there is no sender
	// Sync reads new replies from the rep's IMAP inbox; nil when no IMAP
	// server is configured.
	Sync func(ctx context.Context, progress func(outreach.SyncProgress)) (outreach.SyncResult, error)
	// Erasure finishes what an erasure leaves outside the database (the
	// outbox beside it when unset; the rep's mailbox when IMAP is set).
	Erasure outreach.ErasureCleanup
	// Startup, when set, is run once the first frame is drawn: it sets up
	// the sender and checks the sends a crash interrupted (Sender and
	// SenderErr stay unset until then). Nil when Sender is given directly.
	Startup func(ctx context.Context) Startup
	// Banner is a line shown above the help bar on every screen (the
	// demo's outbox path); none when empty.
	Banner string
}

// writeWaiter is what Run asks of the database: to be told while a save
// waits for an import to finish.
type writeWaiter interface {
	OnWriteWait(fn func(store.WriteWait))
}

// shared is the state every screen reads: dependencies, styles and size.
// The root owns it and keeps it current.
type shared struct {
	Deps
	st            styles
	width, height int      // the body's size, without title bar and help
	pending       []screen // opened by the screen in view; the root stacks them
}

// push opens s on top of the current screen as soon as the message being
// handled is done. A screen's key handler returns its result (nil).
func (sh *shared) push(s screen) tea.Cmd {
	sh.pending = append(sh.pending, s)
	return nil
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

// busy is a screen running long work, which ctrl+c cancels instead of quitting.
type busy interface {
	busy() bool
}

// refresher is a screen that reloads its data when it comes back into view.
type refresher interface {
	refresh() tea.Cmd
}

// Model is the root model: it routes messages to the screen in view, keeps
// the one error slot and draws the title bar and the help bar.
type Model struct {
	sh    *shared
	stack []screen
	keys  globalKeys
	secs  []section
	cur   int // the section at the bottom of the stack
	help  help.Model
	err   error
	note  string // what the start-up work found, until the next key
	// waitNote says note is a save waiting for an import (store.WriteWait),
	// cleared when the wait ends.
	waitNote bool
	// recordNote says note is a send that went out waiting for the
	// database to record it (recordWaitMsg), cleared when the send ends.
	recordNote bool
	width      int
	height     int
	fullHlp    bool
}

// New builds the root model opened on the contact list.
func New(d Deps) Model {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Startup != nil && d.Sender == nil {
		d.SenderErr = errStarting
	}
	sh := &shared{Deps: d, st: newStyles(true), width: 80, height: 21}
	h := help.New()
	h.Styles = sh.st.help
	return Model{sh: sh, stack: []screen{newContactList(sh)}, keys: defaultGlobalKeys(), secs: sections(), help: h, width: 80, height: 24}
}

// Run opens the app and returns when the rep quits.
//
// However the program ends (q, ctrl+c, a closed terminal, SIGTERM), what an
// open screen would lose is saved first: the draft in compose.
func Run(ctx context.Context, d Deps) error {
	if _, err := RemoveStaleEditorFiles(); err != nil {
		fmt.Fprintf(os.Stderr, "legit: could not remove drafts an earlier crash left for $EDITOR: %v\n", err)
	}
	programCtx.Store(&ctx)
	var p *tea.Program
	// A send that went out and waits for the database says so on the
	// status line. It is told from the send's own goroutine, before the
	// send's outcome, and so arrives first.
	d.tellRecordWait(func(msg tea.Msg) { p.Send(msg) })
	p = tea.NewProgram(New(d), tea.WithContext(ctx))
	if d.Store != nil {
		// A save that waits for an import says so on the status line.
		d.Store.OnWriteWait(func(w store.WriteWait) { go p.Send(writeWaitMsg{w}) })
		defer d.Store.OnWriteWait(nil)
	}
	final, err := p.Run()
	if m, ok := final.(Model); ok {
		if ferr := m.flush(); ferr != nil {
			return fmt.Errorf("save your draft on the way out: %w", ferr)
		}
	}
	if err != nil && !errors.Is(err, tea.ErrInterrupted) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("run the app: %w", err)
	}
	return nil
}

// tellRecordWait has every send of the app's sender, given now or set up
// at start-up, tell send (the program's) when it went out and waits for the
// database to record it.
func (d *Deps) tellRecordWait(send func(tea.Msg)) {
	hook := func(wait time.Duration) { send(recordWaitMsg{wait: wait}) }
	if d.Sender != nil {
		d.Sender.OnRecordWait = hook
	}
	if start := d.Startup; start != nil {
		d.Startup = func(ctx context.Context) Startup {
			s := start(ctx)
			if s.Sender != nil {
				s.Sender.OnRecordWait = hook
			}
			return s
		}
	}
}

// flusher is a screen holding work that is saved on a timer, which must be
// saved at once when the program ends.
type flusher interface {
	flush() error
}

// flush saves what the open screens would otherwise lose.
func (m Model) flush() error {
	var errs []error
	for _, s := range m.stack {
		if f, ok := s.(flusher); ok {
			errs = append(errs, f.flush())
		}
	}
	return errors.Join(errs...)
}

// Init asks for the background colour, loads the first screen and starts
// the start-up work (after the first frame: nothing waits for it).
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.top().init()}
	if m.sh.Startup != nil {
		cmds = append(cmds, startupCmd(m.sh.Startup))
	}
	return tea.Batch(cmds...)
}

func (m Model) top() screen { return m.stack[len(m.stack)-1] }

// Update routes: global keys first, then the screen in view.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(sendEnder); ok && m.recordNote {
		m.note, m.recordNote = "", false
	}
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
	case erasedNoteMsg:
		if _, ok := m.top().(*contactList); ok {
			m.note = msg.text
		}
		return m, nil
	case writeWaitMsg:
		switch {
		case !msg.w.Done:
			m.note, m.waitNote = contacts.Clean(msg.w.Message()), true
		case m.waitNote:
			m.note, m.waitNote = "", false
		}
		return m, nil
	case recordWaitMsg:
		m.note, m.waitNote, m.recordNote = recordWaitText(msg.wait), false, true
		return m, nil
	case startupDoneMsg:
		m.note = m.sh.onStartup(msg.s)
		var cmds []tea.Cmd
		for i, s := range m.stack {
			var cmd tea.Cmd
			m.stack[i], cmd = s.update(msg)
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	case tea.KeyPressMsg:
		m.err = nil
		if !m.recordNote { // the send still waits: its note stays
			m.note = ""
		}
		if b, ok := m.top().(busy); key.Matches(msg, m.keys.Interrupt) && m.top().capturing() && (!ok || !b.busy()) {
			return m, tea.Quit
		}
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
			for i, sec := range m.secs {
				if key.Matches(msg, sec.key) {
					s := sec.open(m.sh)
					m.stack, m.cur = []screen{s}, i
					return m, s.init()
				}
			}
		}
		s, cmd := m.top().update(msg)
		m.stack[len(m.stack)-1] = s
		return m.openPending(cmd)
	}
	// Results of commands go to every open screen; each takes its own.
	var cmds []tea.Cmd
	for i, s := range m.stack {
		var cmd tea.Cmd
		m.stack[i], cmd = s.update(msg)
		cmds = append(cmds, cmd)
	}
	return m.openPending(tea.Batch(cmds...))
}

// openPending puts the screens a screen opened while handling a message on
// the stack at once, so keys typed ahead reach the new screen, not the old.
func (m Model) openPending(cmd tea.Cmd) (tea.Model, tea.Cmd) {
	cmds := []tea.Cmd{cmd}
	for _, s := range m.sh.pending {
		m.stack = append(m.stack, s)
		cmds = append(cmds, s.init())
	}
	m.sh.pending = nil
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
//
// When they do not fit the width, the screen's last keys give way first, so
// that the way back and "? help" (which lists every key) stay in view.
func (m Model) helpKeys() []key.Binding {
	ks := append([]key.Binding{}, m.top().ShortHelp()...)
	if m.top().capturing() {
		return ks // a text input has the keys: only the screen's own apply
	}
	var global []key.Binding
	if len(m.stack) > 1 {
		global = append(global, m.keys.Back)
	}
	global = append(global, m.keys.Help, m.keys.Quit)
	wide := m.help
	wide.SetWidth(0) // measure without the help's own clipping
	for len(ks) > 0 && lipgloss.Width(wide.ShortHelpView(append(ks[:len(ks):len(ks)], global...))) > m.width {
		ks = ks[:len(ks)-1]
	}
	return append(ks, global...)
}

// maxErrLines is how many lines an error may take at the bottom.
const maxErrLines = 3

func (m Model) helpView() string {
	bar := m.barView()
	if m.sh.Banner != "" {
		bar = m.sh.st.muted.Render(ansi.Truncate(m.sh.Banner, m.width, "…")) + "\n" + bar
	}
	if m.note == "" {
		return bar
	}
	lines := strings.Split(lipgloss.Wrap(m.note, max(10, m.width), " /"), "\n")
	if len(lines) > maxErrLines {
		lines = append(lines[:maxErrLines-1], ansi.Truncate(strings.Join(lines[maxErrLines-1:], " "), m.width, "…"))
	}
	for i, l := range lines {
		lines[i] = m.sh.st.warn.Render(fit(l, m.width))
	}
	return strings.Join(lines, "\n") + "\n" + bar
}

// barView is the bottom bar: the error when there is one, else the keys.
func (m Model) barView() string {
	if m.err != nil {
		// An error says what to do last: wrap it (up to three lines) rather
		// than cut the fix off.
		lines := strings.Split(lipgloss.Wrap("✗ "+m.err.Error(), max(10, m.width), " /"), "\n")
		if len(lines) > maxErrLines {
			lines = append(lines[:maxErrLines-1], ansi.Truncate(strings.Join(lines[maxErrLines-1:], " "), m.width, "…"))
		}
		for i, l := range lines {
			lines[i] = m.sh.st.errBar.Render(fit(l, m.width))
		}
		return strings.Join(lines, "\n")
	}
	if m.fullHlp {
		nav := []key.Binding{m.keys.Back, m.keys.Help, m.keys.Quit}
		for _, sec := range m.secs {
			nav = append(nav, sec.key)
		}
		groups := append(m.top().FullHelp(), nav)
		return m.help.FullHelpView(groups)
	}
	// bubbles/help can run past the width when even "…" does not fit: clip.
	return ansi.Truncate(m.help.ShortHelpView(m.helpKeys()), m.width, "…")
}

// View draws the title bar, the screen and the help bar (or the error).
func (m Model) View() tea.View {
	st := m.sh.st
	left := st.title.Render("legit") + st.muted.Render(" › ") + st.crumb.Render(m.top().title())
	rep := st.info.Render(ansi.Truncate(contacts.Clean(m.sh.Rep), max(0, m.width/3), "…"))
	nav := m.navView()
	// The section keys when there is room, then the rep's name if it fits too.
	right := ""
	for _, r := range []string{nav + "  " + rep, nav, rep} {
		if lipgloss.Width(left)+2+lipgloss.Width(r) <= m.width {
			right = r
			break
		}
	}
	gap := max(1, m.width-lipgloss.Width(left)-lipgloss.Width(right))
	bar := left + strings.Repeat(" ", gap) + right
	help := m.helpView()
	// The help's height now: an error or a note may have grown it since
	// the last layout.
	body := fill(m.top().view(), max(1, m.height-1-lipgloss.Height(help)))
	v := tea.NewView(lipgloss.JoinVertical(lipgloss.Left, bar, body, help))
	v.AltScreen = true
	v.WindowTitle = "legit"
	return v
}

// navView lists the section keys, the current section marked.
func (m Model) navView() string {
	st := m.sh.st
	parts := make([]string, len(m.secs))
	for i, sec := range m.secs {
		h := sec.key.Help()
		if i == m.cur {
			parts[i] = st.tabs.active.Render(h.Key + " " + h.Desc)
		} else {
			parts[i] = st.muted.Render(h.Key+" ") + st.tabs.inactive.Render(h.Desc)
		}
	}
	return strings.Join(parts, " ")
}
