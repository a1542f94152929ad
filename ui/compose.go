package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// composeFocus is the field that has the keys.
type composeFocus int

const (
	focusSubject composeFocus = iota
	focusBody
)

// composeMode is what the compose screen is doing.
type composeMode int

const (
	modeLoading composeMode = iota
	modeEdit
	modePreview
	modeConfirmLeave
	modeSending
	modeSent
)

// saveDelay is how long typing pauses before the draft is saved.
const saveDelay = 400 * time.Millisecond

// checklistWide is the width from which the checklist sits beside the body.
const checklistWide = 100

// composeData is what the compose screen asks of the database (the send
// itself goes through Deps.Sender): the contact, the rep's draft and its
// saves, and the sends in doubt.
type composeData interface {
	Contact(ctx context.Context, id int64) (contacts.Contact, error)
	Draft(ctx context.Context, contactID, repID int64) (store.Message, bool, error)
	SaveDraft(ctx context.Context, m store.Message) (int64, error)
	DeleteDraft(ctx context.Context, id int64) error
	MessagesIn(ctx context.Context, state store.MessageState) ([]store.Message, error)
}

// compose writes one email to one contact, with the live checklist.
type compose struct {
	sh          *shared
	data        composeData
	id          int64
	c           contacts.Contact
	in          outreach.Input // history for the checklist; the draft is filled in per check
	verdict     outreach.Verdict
	keys        composeKeys
	scroll      scrollKeys // the preview's
	focus       composeFocus
	mode        composeMode
	subject     textinput.Model
	body        textarea.Model
	preview     viewport.Model
	previewText string
	tracking    bool
	confirmed   bool // the rep confirmed what the rule asks (outreach.ConfirmationFor)
	discarded   bool // the rep chose to throw the changes away
	draftID     int64
	version     int // bumped on every change
	saved       int // the version last saved
	status      string
	sent        outreach.Result
	quitting    bool            // leaving asked to quit the app, not just this screen
	doubt       []store.Message // the rep's earlier sends to this contact in doubt, for them to resolve
	stray       int64           // a draft row saved while sending, to delete once sent
}

func newCompose(sh *shared, id int64) *compose {
	sub := textinput.New()
	sub.Prompt = ""
	sub.Placeholder = "Subject"
	sub.CharLimit = 200
	sub.SetStyles(textinput.DefaultStyles(sh.st.isDark))
	body := textarea.New()
	body.Prompt = ""
	body.Placeholder = "Write to this one person. The privacy footer is added for you."
	body.ShowLineNumbers = false
	body.SetStyles(textarea.DefaultStyles(sh.st.isDark))
	// ctrl+e and ctrl+p belong to the screen (editor, preview).
	body.KeyMap.LineEnd.SetKeys("end")
	body.KeyMap.LinePrevious.SetKeys("up")
	body.KeyMap.TransposeCharacterBackward.SetEnabled(false)
	return &compose{sh: sh, data: sh.Store, id: id, keys: defaultComposeKeys(), scroll: defaultScrollKeys(), subject: sub, body: body, preview: viewport.New()}
}

// composeLoadedMsg carries the contact, the checklist history and the draft.
type composeLoadedMsg struct {
	id    int64
	c     contacts.Contact
	in    outreach.Input
	draft store.Message
	doubt []store.Message // the rep's earlier sends to this contact in doubt
	err   error
}

// resolvedMsg reports the rep's answer for a send in doubt.
type resolvedMsg struct{ err error }

// draftSavedMsg reports a draft save of one version.
type draftSavedMsg struct {
	id      int64
	version int
	err     error
}

// saveDueMsg asks for a save if nothing changed since version.
type saveDueMsg struct{ version int }

// editorFileMsg carries the temp file the editor opens.
type editorFileMsg struct {
	path string
	err  error
}

// editorDoneMsg carries the body read back from the editor.
type editorDoneMsg struct {
	body string
	err  error
}

// teamCheckedMsg carries a colleague's near copy of the body as it was at
// version (the team's not-bulk rule, asked when the typing pauses).
type teamCheckedMsg struct {
	version int
	copy    *outreach.TeamCopy
	err     error
}

// sendDoneMsg reports the end of a send.
type sendDoneMsg struct {
	res outreach.Result
	err error
}

func (m *compose) title() string {
	if m.c.Name == "" {
		return "Compose"
	}
	return "Compose › " + contacts.Clean(m.c.Name)
}

func (m *compose) capturing() bool { return true }

func (m *compose) init() tea.Cmd {
	sh, st, id := m.sh, m.data, m.id
	return func() tea.Msg {
		if sh.Sender == nil {
			err := sh.SenderErr
			if err == nil {
				err = errors.New("no send path configured")
			}
			return composeLoadedMsg{id: id, err: fmt.Errorf("sending is not set up: %w", err)}
		}
		c, err := st.Contact(bgctx(), id)
		if err != nil {
			return composeLoadedMsg{id: id, err: fmt.Errorf("load contact: %w", err)}
		}
		in, err := sh.Sender.Input(bgctx(), c, outreach.Draft{})
		if err != nil {
			return composeLoadedMsg{id: id, err: err}
		}
		d, _, err := st.Draft(bgctx(), id, sh.Sender.RepID)
		if err != nil {
			return composeLoadedMsg{id: id, err: err}
		}
		unknown, err := st.MessagesIn(bgctx(), store.StateUnknown)
		var doubt []store.Message
		for _, u := range unknown {
			// Only the rep's own: they can check their Sent folder. A
			// colleague's is named by the checklist, with whom to ask.
			if u.ContactID == id && u.RepID == sh.Sender.RepID {
				doubt = append(doubt, u)
			}
		}
		return composeLoadedMsg{id: id, c: c, in: in, draft: d, doubt: doubt, err: err}
	}
}

// draft is what the rep has written so far.
func (m *compose) draft() outreach.Draft {
	d := outreach.Draft{To: []string{m.c.Email}, Subject: m.subject.Value(), Body: m.body.Value(), Tracking: m.tracking}
	outreach.ConfirmationFor(m.c).Apply(&d, m.confirmed)
	return outreach.WithSubjectMarker(m.c, d)
}

// recheck runs the checklist on the current draft (pure, no I/O).
func (m *compose) recheck() {
	in := m.in
	in.Draft = m.draft()
	m.verdict = outreach.Check(in, m.sh.Now())
	m.keys.Send.SetEnabled(m.verdict.OK() && m.mode == modeEdit)
}

// changed records an edit and schedules a save.
func (m *compose) changed() tea.Cmd {
	m.version++
	m.recheck()
	v := m.version
	return tea.Tick(saveDelay, func(time.Time) tea.Msg { return saveDueMsg{version: v} })
}

// teamCheck asks whether a colleague sent a near copy of the body as it is
// now (outreach.Sender.TeamCopy): the one part of the checklist that needs
// the database on every change, asked once the typing pauses.
func (m *compose) teamCheck() tea.Cmd {
	s, c, body, v := m.sh.Sender, m.c, m.body.Value(), m.version
	return func() tea.Msg {
		cp, err := s.TeamCopy(bgctx(), c, body)
		return teamCheckedMsg{version: v, copy: cp, err: err}
	}
}

// save stores the draft as it is now.
func (m *compose) save() tea.Cmd {
	st, msg, v := m.data, store.Message{ID: m.draftID, ContactID: m.c.ID, RepID: m.sh.Sender.RepID,
		Subject: m.subject.Value(), Body: m.body.Value()}, m.version
	return func() tea.Msg {
		id, err := st.SaveDraft(bgctx(), msg)
		return draftSavedMsg{id: id, version: v, err: err}
	}
}

func (m *compose) dirty() bool { return m.saved != m.version }

// flush saves the draft now when it has unsaved changes and was not sent or
// discarded: the program is ending.
func (m *compose) flush() error {
	if !m.dirty() || m.discarded || (m.mode != modeEdit && m.mode != modePreview && m.mode != modeConfirmLeave) {
		return nil
	}
	msg := store.Message{ID: m.draftID, ContactID: m.c.ID, RepID: m.sh.Sender.RepID, Subject: m.subject.Value(), Body: m.body.Value()}
	if _, err := m.data.SaveDraft(context.Background(), msg); err != nil {
		return err
	}
	m.saved = m.version
	return nil
}

// ShortHelp lists the keys live now.
func (m *compose) ShortHelp() []key.Binding {
	switch m.mode {
	case modePreview:
		return []key.Binding{m.keys.Send, m.scroll.Up, m.scroll.Down, m.keys.Back}
	case modeConfirmLeave:
		return []key.Binding{m.keys.SaveLeave, m.keys.Discard, m.keys.Back}
	case modeSent, modeLoading, modeSending:
		return []key.Binding{m.keys.Back}
	}
	return fitHelp([]key.Binding{m.keys.Send, m.keys.WentOut, m.keys.NotSent, m.keys.Confirm, m.keys.Switch, m.keys.Preview, m.keys.Back, m.keys.Editor}, m.sh.width)
}

// fitHelp keeps the enabled bindings that fit in w cells beside the root's
// own "? help • q quit", so the help bar never runs past the screen.
func fitHelp(ks []key.Binding, w int) []key.Binding {
	room := w - len(" • ? help • q quit")
	var out []key.Binding
	used := -3 // the first binding has no separator
	for _, k := range ks {
		if !k.Enabled() {
			continue
		}
		n := ansi.StringWidth(k.Help().Key+" "+k.Help().Desc) + 3
		if used+n > room {
			break
		}
		used += n
		out = append(out, k)
	}
	return out
}

// FullHelp lists every key of the screen.
func (m *compose) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.keys.Send, m.keys.Switch, m.keys.Preview}, {m.keys.Editor, m.keys.Tracking, m.keys.Confirm, m.keys.WentOut, m.keys.NotSent}, {m.keys.Back, m.keys.Quit}}
}

func (m *compose) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case composeLoadedMsg:
		if msg.id != m.id {
			return m, nil
		}
		if msg.err != nil {
			m.mode = modeSent
			m.status = msg.err.Error()
			return m, report(msg.err)
		}
		m.c, m.in, m.mode, m.doubt = msg.c, msg.in, modeEdit, msg.doubt
		m.keys.WentOut.SetEnabled(len(m.doubt) > 0)
		m.keys.NotSent.SetEnabled(len(m.doubt) > 0)
		if k := outreach.ConfirmationFor(m.c); k != outreach.NoConfirmation {
			m.keys.Confirm.SetEnabled(true)
			m.keys.Confirm.SetHelp("ctrl+k", k.Label())
		}
		m.draftID = msg.draft.ID
		m.subject.SetValue(msg.draft.Subject)
		m.body.SetValue(msg.draft.Body)
		if msg.draft.State == store.StateFailed {
			m.status = "Your last send of this draft failed: " + contacts.Clean(msg.draft.Error)
		}
		m.recheck()
		return m, tea.Batch(m.subject.Focus(), m.teamCheck())
	case saveDueMsg:
		if msg.version != m.version || m.mode == modeSending || m.mode == modeSent {
			return m, nil
		}
		if m.dirty() {
			return m, tea.Batch(m.save(), m.teamCheck())
		}
		return m, m.teamCheck()
	case teamCheckedMsg:
		if msg.version != m.version || m.mode == modeSent {
			return m, nil // the body changed since: a newer check follows
		}
		if msg.err != nil {
			return m, report(fmt.Errorf("compare with the team's recent emails: %w", msg.err))
		}
		m.in.TeamCopy = msg.copy
		if m.mode == modeEdit {
			m.recheck()
		}
		return m, nil
	case draftSavedMsg:
		if m.mode == modeSending || m.mode == modeSent {
			return m, m.dropStray(msg)
		}
		if msg.err != nil {
			return m, report(fmt.Errorf("draft not saved: %w", msg.err))
		}
		m.draftID = msg.id
		m.saved = max(m.saved, msg.version)
		if m.mode == modeConfirmLeave && !m.dirty() {
			return m, m.leave()
		}
		return m, nil
	case editorFileMsg:
		if msg.err != nil {
			return m, report(fmt.Errorf("open the editor: %w", msg.err))
		}
		return m, openEditor(msg.path)
	case editorDoneMsg:
		if msg.err != nil {
			return m, report(fmt.Errorf("editor: %w; the draft is unchanged", msg.err))
		}
		m.body.SetValue(msg.body)
		return m, m.changed()
	case sendDoneMsg:
		return m.sendDone(msg)
	case resolvedMsg:
		if msg.err != nil {
			return m, report(fmt.Errorf("resolve the earlier send: %w", msg.err))
		}
		m.mode = modeLoading
		return m, m.init()
	case tea.PasteMsg:
		return m.paste(msg)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m, nil
}

// paste puts pasted text into the field in focus, like typing it.
func (m *compose) paste(msg tea.PasteMsg) (screen, tea.Cmd) {
	if m.mode != modeEdit {
		return m, nil
	}
	var cmd tea.Cmd
	if m.focus == focusSubject {
		m.subject, cmd = m.subject.Update(msg)
	} else {
		m.body, cmd = m.body.Update(msg)
	}
	return m, tea.Batch(cmd, m.changed())
}

func (m *compose) key(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	switch m.mode {
	case modeLoading, modeSending:
		return m, nil
	case modeSent:
		if key.Matches(msg, m.keys.Back, m.keys.Quit) {
			m.quitting = key.Matches(msg, m.keys.Quit)
			return m, m.leave()
		}
		return m, nil
	case modePreview:
		if key.Matches(msg, m.keys.Preview, m.keys.Back) {
			m.mode = modeEdit
			m.recheck()
			return m, nil
		}
		if key.Matches(msg, m.keys.Send) {
			// Send straight from the preview when the checklist allows it.
			m.mode = modeEdit
			m.recheck()
			return m.key(msg)
		}
		var cmd tea.Cmd
		m.preview, cmd = m.preview.Update(msg)
		return m, cmd
	case modeConfirmLeave:
		switch {
		case key.Matches(msg, m.keys.SaveLeave):
			return m, m.save()
		case key.Matches(msg, m.keys.Discard):
			m.discarded = true
			return m, m.leave()
		case key.Matches(msg, m.keys.Back):
			m.mode, m.quitting = modeEdit, false
			m.recheck()
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, m.keys.Back, m.keys.Quit):
		m.quitting = key.Matches(msg, m.keys.Quit)
		if m.dirty() {
			m.mode = modeConfirmLeave
			m.keys.Send.SetEnabled(false)
			return m, nil
		}
		return m, m.leave()
	case key.Matches(msg, m.keys.Send):
		m.mode = modeSending
		m.keys.Send.SetEnabled(false)
		m.status = "Sending…"
		if m.sh.Sender.Queues() {
			m.status = "Queueing in the outbox…"
		}
		s, row, id, d := m.sh.Sender, m.draftID, m.c.ID, m.draft()
		return m, func() tea.Msg {
			res, err := s.Send(bgctx(), row, id, d)
			return sendDoneMsg{res: res, err: err}
		}
	case key.Matches(msg, m.keys.Preview):
		b, err := m.sh.Sender.Builder.Build(m.c, m.draft(), m.verdict, m.sh.Now(), "")
		if err != nil {
			return m, report(fmt.Errorf("preview: %w", err))
		}
		m.previewText = contacts.CleanMultiline(b.Preview())
		m.preview.GotoTop()
		m.mode = modePreview
		m.keys.Send.SetEnabled(m.verdict.OK())
		return m, nil
	case key.Matches(msg, m.keys.Editor):
		body := m.body.Value()
		return m, func() tea.Msg {
			// A final newline, so that an editor that appends does not glue
			// its first line to the last one; it is taken off on the way back.
			path, err := newEditorFile(strings.TrimSuffix(body, "\n") + "\n")
			return editorFileMsg{path: path, err: err}
		}
	case key.Matches(msg, m.keys.WentOut, m.keys.NotSent) && len(m.doubt) > 0:
		s, row, wasSent := m.sh.Sender, m.doubt[0].ID, key.Matches(msg, m.keys.WentOut)
		return m, func() tea.Msg { return resolvedMsg{err: s.Resolve(bgctx(), row, wasSent)} }
	case key.Matches(msg, m.keys.Tracking):
		m.tracking = !m.tracking
		return m, m.changed()
	case key.Matches(msg, m.keys.Confirm):
		m.confirmed = !m.confirmed
		return m, m.changed()
	case key.Matches(msg, m.keys.Switch):
		if m.focus == focusSubject {
			m.focus = focusBody
			m.subject.Blur()
			return m, m.body.Focus()
		}
		m.focus = focusSubject
		m.body.Blur()
		return m, m.subject.Focus()
	}
	var cmd tea.Cmd
	before := m.subject.Value() + "\x00" + m.body.Value()
	if m.focus == focusSubject {
		if key.Matches(msg, m.keys.Down) {
			m.focus = focusBody
			m.subject.Blur()
			return m, m.body.Focus()
		}
		m.subject, cmd = m.subject.Update(msg)
	} else {
		m.body, cmd = m.body.Update(msg)
	}
	if m.subject.Value()+"\x00"+m.body.Value() != before {
		return m, tea.Batch(cmd, m.changed())
	}
	return m, cmd
}

// leave closes the screen, or the app when the rep asked to quit.
func (m *compose) leave() tea.Cmd {
	if m.quitting {
		return tea.Quit
	}
	return popCmd
}

// sendDone shows the outcome; a failed send keeps the draft and says where.
func (m *compose) sendDone(msg sendDoneMsg) (screen, tea.Cmd) {
	if msg.res.MessageRow != 0 {
		m.draftID = msg.res.MessageRow
	}
	unrecorded, _ := errors.AsType[*outreach.SentUnrecordedError](msg.err)
	if msg.err != nil && unrecorded == nil {
		m.mode = modeEdit
		m.status = ""
		var failed *outreach.SendFailedError
		if errors.As(msg.err, &failed) {
			m.saved = m.version // the send path stored subject and body with the failed send
			m.status = fmt.Sprintf("Not sent. Your draft is kept (message %d): press c on this contact to come back to it.", failed.Row)
		}
		var refused *outreach.RefusedError
		var again tea.Cmd
		if errors.As(msg.err, &refused) {
			m.verdict = refused.Verdict
			again = m.teamCheck() // the send asked the team afresh: the checklist does too
		}
		var doubt *outreach.SendInDoubtError
		if errors.As(msg.err, &doubt) {
			// Reload: the send in doubt and its keys (it went out / it did not) show at once.
			m.saved, m.mode = m.version, modeLoading
			return m, tea.Batch(m.init(), report(msg.err))
		}
		m.recheck()
		return m, tea.Batch(report(msg.err), again)
	}
	m.mode, m.sent, m.saved = modeSent, msg.res, m.version
	m.keys.Send.SetEnabled(false)
	var drop tea.Cmd
	if m.stray != 0 && m.stray != msg.res.MessageRow {
		drop = m.deleteDraft(m.stray)
	}
	m.status = SendOutcome(m.c.Name, m.sh.Sender.TransportName(), msg.res)
	if unrecorded != nil {
		// It went out: never offered for sending again.
		m.status += "\n" + UnrecordedText(unrecorded)
	}
	if msg.res.SentCopyErr != nil {
		return m, tea.Batch(drop, report(msg.res.SentCopyErr))
	}
	return m, drop
}

// dropStray handles a draft save that finished while the draft was being
// sent: a save of a new draft made a second row holding the text that is
// now sent, which would come back as a stale draft. It is deleted.
func (m *compose) dropStray(msg draftSavedMsg) tea.Cmd {
	if msg.err != nil || msg.id == 0 || msg.id == m.draftID {
		return nil
	}
	if m.mode == modeSending {
		m.stray = msg.id
		return nil
	}
	if msg.id == m.sent.MessageRow {
		return nil
	}
	return m.deleteDraft(msg.id)
}

// deleteDraft removes an unsent draft row.
func (m *compose) deleteDraft(id int64) tea.Cmd {
	st := m.data
	return func() tea.Msg {
		if err := st.DeleteDraft(bgctx(), id); err != nil {
			return errMsg{err: err}
		}
		return nil
	}
}

// openEditor runs $VISUAL or $EDITOR on path and reads the file back.
func openEditor(path string) tea.Cmd {
	args := strings.Fields(cmp.Or(os.Getenv("VISUAL"), os.Getenv("EDITOR"), "vi"))
	c := exec.Command(args[0], append(args[1:], path)...) //nolint:gosec // the rep's own editor
	return tea.ExecProcess(c, func(err error) tea.Msg {
		defer os.Remove(path)
		if err != nil {
			return editorDoneMsg{err: err}
		}
		b, err := os.ReadFile(path)
		return editorDoneMsg{body: strings.TrimSuffix(string(b), "\n"), err: err}
	})
}
