package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// accessMode is what the access screen is doing.
type accessMode int

const (
	accessLoading accessMode = iota
	accessMenu
	accessPath    // typing where to save the copy
	accessHow     // typing how the copy was delivered
	accessWorking // sending or saving
)

// accessData is what the access screen asks of the database: the person's
// record, their open request and earlier exports, and what it records
// (the export file, the export, the copy given).
type accessData interface {
	ExportFileStore
	Record(ctx context.Context, contactID int64) (contacts.Record, error)
	AccessDue(ctx context.Context, contactID int64) (*time.Time, error)
	Log(ctx context.Context, f store.LogFilter) ([]store.LogEntry, error)
	LogExport(ctx context.Context, c contacts.Contact, rep string, answers bool) (int, error)
	AccessGiven(ctx context.Context, c contacts.Contact, rep, how, messageID string) (int, error)
}

// access gives a person their copy (Art. 15(3) GDPR). The request is
// answered only when they have it: sent by email from here (to an address
// held for them), or delivered another way and recorded. Saving a file only
// logs an export.
type access struct {
	sh       *shared
	data     accessData
	id       int64
	c        contacts.Contact
	r        contacts.Record
	due      *time.Time // the open access request's deadline; nil when none
	exported bool       // an export of the person was made (now or earlier)
	mode     accessMode
	input    textinput.Model
	keys     accessKeys
	note     string
	done     bool // an open request was answered here
}

// accessKeys are the access screen's keys.
type accessKeys struct {
	Send, Save, Delivered, Enter, Back key.Binding
}

func defaultAccessKeys() accessKeys {
	return accessKeys{
		Send:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "email it")),
		Save:      key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "save")),
		Delivered: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delivered")),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

func newAccess(sh *shared, id int64) *access {
	in := textinput.New()
	in.Prompt = "> "
	in.CharLimit = 400
	in.SetStyles(textinput.DefaultStyles(sh.st.isDark))
	return &access{sh: sh, data: sh.Store, id: id, keys: defaultAccessKeys(), input: in}
}

// accessLoadedMsg carries the person's record and their open request.
type accessLoadedMsg struct {
	id       int64
	r        contacts.Record
	due      *time.Time
	exported bool
	err      error
}

// accessDoneMsg reports what s, f or d did.
type accessDoneMsg struct {
	id       int64
	note     string
	exported bool // an export now exists
	answered bool // the request is answered
	err      error
}

func (a *access) title() string {
	if a.c.Name == "" {
		return "Access"
	}
	return "Access › " + contacts.Clean(a.c.Name)
}

func (a *access) capturing() bool { return a.mode == accessPath || a.mode == accessHow }

func (a *access) init() tea.Cmd {
	st, id := a.data, a.id
	return func() tea.Msg {
		r, err := st.Record(bgctx(), id)
		if err != nil {
			return accessLoadedMsg{id: id, err: fmt.Errorf("access: %w", err)}
		}
		due, err := st.AccessDue(bgctx(), id)
		if err != nil {
			return accessLoadedMsg{id: id, err: err}
		}
		earlier, err := st.Log(bgctx(), store.LogFilter{Kind: store.EventExport, ContactRef: r.Contact.Ref, Limit: 1})
		return accessLoadedMsg{id: id, r: r, due: due, exported: len(earlier) > 0, err: err}
	}
}

// ShortHelp lists the keys live now.
func (a *access) ShortHelp() []key.Binding {
	switch a.mode {
	case accessPath, accessHow:
		return []key.Binding{a.keys.Enter, a.keys.Back}
	case accessMenu:
		return []key.Binding{a.keys.Send, a.keys.Save, a.keys.Delivered} // the root adds esc
	}
	return []key.Binding{a.keys.Back}
}

// FullHelp lists every key of the screen.
func (a *access) FullHelp() [][]key.Binding {
	return [][]key.Binding{{a.keys.Send, a.keys.Save, a.keys.Delivered}, {a.keys.Enter, a.keys.Back}}
}

func (a *access) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case accessLoadedMsg:
		if msg.id != a.id {
			return a, nil
		}
		if msg.err != nil {
			return a, report(msg.err)
		}
		a.r, a.c, a.due, a.exported, a.mode = msg.r, msg.r.Contact, msg.due, msg.exported, accessMenu
		return a, nil
	case accessDoneMsg:
		if msg.id != a.id {
			return a, nil
		}
		a.mode = accessMenu
		if msg.err != nil {
			a.note = ""
			return a, report(msg.err)
		}
		a.note, a.exported = msg.note, a.exported || msg.exported
		if msg.answered {
			a.done, a.due = a.due != nil, nil // "answered" only when a request was open
		}
		return a, nil
	case tea.PasteMsg:
		if a.capturing() {
			var cmd tea.Cmd
			a.input, cmd = a.input.Update(msg)
			return a, cmd
		}
	case tea.KeyPressMsg:
		return a.key(msg)
	}
	return a, nil
}

func (a *access) key(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	switch a.mode {
	case accessLoading, accessWorking:
		if key.Matches(msg, a.keys.Back) && a.mode == accessLoading {
			return a, popCmd
		}
		return a, nil
	case accessPath, accessHow:
		switch {
		case key.Matches(msg, a.keys.Back):
			a.mode = accessMenu
			a.input.Blur()
			return a, nil
		case key.Matches(msg, a.keys.Enter):
			v := strings.TrimSpace(a.input.Value())
			if v == "" {
				return a, nil
			}
			mode := a.mode
			a.mode = accessWorking
			a.input.Blur()
			if mode == accessPath {
				return a, a.saveCmd(v)
			}
			return a, a.deliveredCmd(v)
		}
		var cmd tea.Cmd
		a.input, cmd = a.input.Update(msg)
		return a, cmd
	}
	switch {
	case key.Matches(msg, a.keys.Back):
		return a, popCmd
	case key.Matches(msg, a.keys.Send):
		return a, a.send()
	case key.Matches(msg, a.keys.Save):
		a.mode = accessPath
		a.input.SetValue(a.defaultPath())
		a.input.CursorEnd()
		return a, a.input.Focus()
	case key.Matches(msg, a.keys.Delivered):
		if !a.exported {
			a.note = "Nothing was exported yet: save the copy first (f), deliver it, then record how (d)."
			return a, nil
		}
		a.mode = accessHow
		a.input.SetValue("")
		a.input.Placeholder = "by hand, by post, by a secure link…"
		return a, a.input.Focus()
	}
	return a, nil
}

// defaultPath is where f proposes to save: LEGIT_EXPORT_DIR, else the
// working directory.
func (a *access) defaultPath() string {
	dir := a.sh.ExportDir
	if dir == "" {
		dir, _ = os.Getwd()
	}
	return filepath.Join(dir, exportFileName(a.c.Ref, a.sh.Now()))
}

// send emails the copy, when a mail server is there to take it.
func (a *access) send() tea.Cmd {
	snd := a.sh.Sender
	switch {
	case snd == nil:
		a.note = "Sending is not set up yet: wait a moment, or save the copy (f) and deliver it another way."
		return nil
	case snd.Queues():
		a.note = "No SMTP configured: a copy queued in the outbox reaches nobody and answers nothing. Save it (f), deliver it another way, then record how (d)."
		return nil
	case a.c.Email == "":
		a.note = "No address is held for " + contacts.Clean(a.c.Name) + ": save the copy (f), deliver it another way, then record how (d)."
		return nil
	}
	a.mode, a.note = accessWorking, "Sending the copy…"
	d, id, r, name := a.sh.Deps, a.id, a.r, a.c.Name
	return func() tea.Msg {
		var buf bytes.Buffer
		now := d.Now()
		if err := WriteExport(&buf, r, now, d.Retention, d.Controller); err != nil {
			return accessDoneMsg{id: id, err: err}
		}
		file := exportFileName(r.Contact.Ref, now)
		res, err := snd.SendAccess(bgctx(), id, outreach.AccessCopy{Held: r.FormerEmails, Export: buf.Bytes(), FileName: file})
		if u, ok := errors.AsType[*outreach.SentUnrecordedError](err); ok {
			return accessDoneMsg{id: id, exported: true, note: fmt.Sprintf("Sent to %s (%s) with the export attached, Message-ID <%s>. %s It is not logged as access given yet: once the send is recorded, press d and record it delivered by email.",
				contacts.Clean(name), contacts.Clean(res.Built.To), res.Built.MessageID, UnrecordedText(u))}
		}
		if err != nil {
			return accessDoneMsg{id: id, err: fmt.Errorf("copy not sent: %w", err)}
		}
		note := fmt.Sprintf("Sent to %s (%s) with the export attached, Message-ID <%s>.", contacts.Clean(name), contacts.Clean(res.Built.To), res.Built.MessageID)
		note += " " + answeredText(res.Answered)
		if res.File != "" {
			note = "Demo: written to the outbox instead of a mail server. The demo counts it as sent. " + answeredText(res.Answered) + "\nFile: " + res.File
		}
		return accessDoneMsg{id: id, note: note, exported: true, answered: true}
	}
}

// answeredText says what a copy the person has did to their requests.
func answeredText(n int) string {
	switch n {
	case 0:
		return "Logged as access given."
	case 1:
		return "Their access request is answered (logged as access given)."
	}
	return fmt.Sprintf("Their %d access requests are answered (logged as access given).", n)
}

// saveCmd writes the copy to path (never over a file) and logs an export;
// it answers nothing.
func (a *access) saveCmd(path string) tea.Cmd {
	d, st, id, r := a.sh.Deps, a.data, a.id, a.r
	return func() tea.Msg {
		if err := SaveExportFile(bgctx(), st, path, r, d.Now(), d.Retention, d.Controller); err != nil {
			return accessDoneMsg{id: id, err: fmt.Errorf("%w (set the folder with LEGIT_EXPORT_DIR or type another path)", err)}
		}
		if _, err := st.LogExport(bgctx(), r.Contact, d.Rep, false); err != nil {
			return accessDoneMsg{id: id, err: err}
		}
		return accessDoneMsg{id: id, exported: true,
			note: "Saved (mode 0600, logged as an export): " + path + ". This answers nothing yet: deliver it, then press d."}
	}
}

// deliveredCmd records that the person got their copy another way.
func (a *access) deliveredCmd(how string) tea.Cmd {
	st, rep, id, c := a.data, a.sh.Rep, a.id, a.c
	return func() tea.Msg {
		n, err := st.AccessGiven(bgctx(), c, rep, how, "")
		if err != nil {
			return accessDoneMsg{id: id, err: err}
		}
		return accessDoneMsg{id: id, answered: true, note: "Recorded: delivered " + contacts.Clean(how) + ". " + answeredText(n)}
	}
}

func (a *access) view() string {
	if a.mode == accessLoading {
		return "\n  Loading…"
	}
	st, w := a.sh.st, max(20, a.sh.width-4)
	var b strings.Builder
	line := func(s string) { b.WriteString("  " + indentRest(lipgloss.Wrap(s, w, " /"), 2) + "\n") }
	b.WriteString("\n")
	switch {
	case a.done:
		line(st.ok.Render("✓ ") + "They have their copy: the request is answered.")
	case a.due != nil:
		line("Open access request: answer by " + a.due.Format("2 Jan 2006") + " (Art. 12(3) GDPR). It is answered when they have their copy.")
	default:
		line("No open access request: a copy on demand.")
	}
	if a.c.Stopped() {
		line(st.warn.Render("! ") + contacts.Clean(a.c.Name) + " opted out or objected: that stops marketing only (Art. 21(3) GDPR). The copy is still theirs (Art. 15).")
	}
	b.WriteString("\n")
	to := contacts.Clean(a.c.Email)
	switch {
	case a.c.Email == "":
		to = "no address held: use f, then d"
	case a.sh.Sender != nil && a.sh.Sender.Queues():
		to = "not now: no SMTP configured, and a queued copy answers nothing"
	}
	notice := "the short notice"
	if a.c.InformedAt == nil {
		notice = "the full privacy notice"
	}
	line(st.label.Render("s") + "  email it to " + to + " (attached, with " + notice + ")")
	line(st.label.Render("f") + "  save it to a file you choose (mode 0600); this alone answers nothing")
	line(st.label.Render("d") + "  record that they got it another way (by hand, by post, a secure link)")
	switch a.mode {
	case accessPath:
		b.WriteString("\n")
		line("Save the copy to (a new file; nothing is overwritten):")
		b.WriteString("  " + a.input.View() + "\n")
	case accessHow:
		b.WriteString("\n")
		line("How did they get it? (kept in the log: no names or addresses)")
		b.WriteString("  " + a.input.View() + "\n")
	}
	if a.note != "" {
		b.WriteString("\n")
		line(a.note)
	}
	return b.String()
}
