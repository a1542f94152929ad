package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"legit/contacts"
	"legit/notice"
)

// noticePreview shows the long Art. 14 notice exactly as notice.Render makes
// it for one contact, in the contact's language, with its real source.
type noticePreview struct {
	sh   *shared
	c    contacts.Contact
	keys scrollKeys
	vp   viewport.Model
	text string // the notice, rendered once: nothing on this screen changes it
	err  error  // why no notice can be written yet
}

func newNoticePreview(sh *shared, c contacts.Contact) *noticePreview {
	vp := viewport.New()
	vp.KeyMap.Left.SetEnabled(false)
	vp.KeyMap.Right.SetEnabled(false)
	p := &noticePreview{sh: sh, c: c, keys: defaultScrollKeys(), vp: vp}
	p.text, p.err = notice.Render(notice.Input{Controller: sh.Controller, Contact: c, Form: notice.Long, Tracking: p.tracking()})
	return p
}

func (p *noticePreview) title() string { return "Notice · " + contacts.Clean(p.c.Name) }

func (p *noticePreview) capturing() bool { return false }

func (p *noticePreview) init() tea.Cmd { return nil }

// ShortHelp lists the keys live now.
func (p *noticePreview) ShortHelp() []key.Binding { return []key.Binding{p.keys.Up, p.keys.Down} }

// FullHelp lists every key of the screen.
func (p *noticePreview) FullHelp() [][]key.Binding { return [][]key.Binding{{p.keys.Up, p.keys.Down}} }

func (p *noticePreview) update(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		var cmd tea.Cmd
		p.vp, cmd = p.vp.Update(msg)
		return p, cmd
	}
	return p, nil
}

// tracking reports whether a first email to the contact would carry open
// tracking: only with the organisation's switch on and the person's consent.
func (p *noticePreview) tracking() bool {
	_, ok := p.c.ActiveConsent(contacts.ConsentTracking)
	return p.sh.Tracking && ok
}

func (p *noticePreview) view() string {
	st, w := p.sh.st, p.sh.width
	lang := notice.Language(p.c.Language)
	head := fmt.Sprintf("Long notice (first email) in %s (%s)", notice.T(lang, "language_name", nil), lang)
	switch {
	case p.c.Language == "":
		head += "; the contact's language is unknown"
	case lang == notice.DefaultLanguage && !strings.HasPrefix(strings.ToLower(p.c.Language), notice.DefaultLanguage):
		head += fmt.Sprintf("; there is no text in %q", contacts.Clean(p.c.Language))
	}
	var body string
	if p.err != nil {
		body = st.warn.Render(lipgloss.Wrap("No notice can be written yet: "+p.err.Error()+".", max(10, w), "")) +
			"\n" + st.muted.Render("Press esc, then b on the contact to record a basis.")
	} else {
		body = lipgloss.Wrap(p.text, max(10, w), "")
	}
	p.vp.SetWidth(w)
	p.vp.SetHeight(max(1, p.sh.height-2))
	p.vp.SetContent(body)
	return st.muted.Render(fit(head, w)) + "\n\n" + p.vp.View()
}
