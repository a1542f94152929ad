package ui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"legit/contacts"
	"legit/store"
)

// optOutChoice is one thing the rep can record on the opt-out form.
type optOutChoice struct {
	label   string
	reason  store.SuppressReason
	purpose contacts.ConsentPurpose
}

// optOutChoices are the form's reasons, in order.
var optOutChoices = []optOutChoice{
	{"opt-out", store.ReasonOptOut, ""},
	{"objection (Art. 21)", store.ReasonObjection, ""},
	{"consent to email withdrawn", store.ReasonWithdrawal, contacts.ConsentMarketing},
	{"consent to tracking withdrawn", store.ReasonWithdrawal, contacts.ConsentTracking},
}

// optOutData is what the opt-out form asks of the database.
type optOutData interface {
	RecordOptOut(ctx context.Context, o store.OptOut) (store.OptOutResult, error)
}

// optOutForm records an opt-out, objection or consent withdrawal that came
// by phone, on LinkedIn, in person or in a reply the classifier missed.
type optOutForm struct {
	sh     *shared
	data   optOutData
	name   string // the person, for the heading
	email  string
	keys   basisFormKeys
	focus  int // 0 reason, 1 how it came, 2 note
	reason int
	via    int
	note   textinput.Model
	err    string
}

// optOutRecordedMsg reports what the form recorded.
type optOutRecordedMsg struct {
	name string
	res  store.OptOutResult
	err  error
}

func newOptOutForm(sh *shared, name, email string) *optOutForm {
	f := &optOutForm{sh: sh, data: sh.Store, name: contacts.Clean(name), email: email, keys: defaultBasisFormKeys(),
		note: newInput("how and when it came, e.g. call of 3 Dec (no names or addresses: the log outlives erasure)", 200)}
	f.keys.KindNext.SetHelp("←/→", "choose")
	f.keys.Save.SetHelp("ctrl+s", "record")
	return f
}

func (f *optOutForm) title() string   { return "Record an opt-out · " + f.name }
func (f *optOutForm) capturing() bool { return true }
func (f *optOutForm) init() tea.Cmd   { return nil }

// ShortHelp lists the keys live now.
func (f *optOutForm) ShortHelp() []key.Binding {
	if f.focus == 2 {
		return []key.Binding{f.keys.Next, f.keys.Save, f.keys.Cancel}
	}
	return []key.Binding{f.keys.KindNext, f.keys.Next, f.keys.Save, f.keys.Cancel}
}

// FullHelp lists every key of the form.
func (f *optOutForm) FullHelp() [][]key.Binding {
	return [][]key.Binding{{f.keys.Next, f.keys.Prev, f.keys.KindNext, f.keys.KindPrev}, {f.keys.Save, f.keys.Cancel}}
}

func (f *optOutForm) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case optOutRecordedMsg:
		if msg.err != nil {
			f.err = msg.err.Error()
			return f, nil
		}
		return f, popCmd // the screen below says what was recorded
	case tea.PasteMsg:
		if f.focus == 2 {
			var cmd tea.Cmd
			f.note, cmd = f.note.Update(msg)
			return f, cmd
		}
		return f, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, f.keys.Cancel):
			return f, popCmd
		case key.Matches(msg, f.keys.Save):
			return f, f.record()
		case key.Matches(msg, f.keys.Next):
			return f, f.setFocus((f.focus + 1) % 3)
		case key.Matches(msg, f.keys.Prev):
			return f, f.setFocus((f.focus + 2) % 3)
		case f.focus < 2 && key.Matches(msg, f.keys.KindNext, f.keys.KindPrev):
			step := 1
			if key.Matches(msg, f.keys.KindPrev) {
				step = -1
			}
			if f.focus == 0 {
				f.reason = (f.reason + len(optOutChoices) + step) % len(optOutChoices)
			} else {
				f.via = (f.via + len(store.OptOutVias) + step) % len(store.OptOutVias)
			}
			return f, nil
		}
		if f.focus == 2 {
			var cmd tea.Cmd
			f.note, cmd = f.note.Update(msg)
			return f, cmd
		}
	}
	return f, nil
}

func (f *optOutForm) setFocus(i int) tea.Cmd {
	f.focus = i
	if i == 2 {
		return f.note.Focus()
	}
	f.note.Blur()
	return nil
}

// record saves the opt-out in the background.
func (f *optOutForm) record() tea.Cmd {
	ch := optOutChoices[f.reason]
	o := store.OptOut{Email: f.email, Reason: ch.reason, Purpose: ch.purpose, Via: store.OptOutVias[f.via],
		Note: f.note.Value(), Rep: f.sh.Rep}
	st, name := f.data, f.name
	return func() tea.Msg {
		res, err := st.RecordOptOut(bgctx(), o)
		return optOutRecordedMsg{name: name, res: res, err: err}
	}
}

// optOutNote says what was recorded, for the screen the form was opened from.
func optOutNote(name string, r store.OptOutResult) string {
	switch {
	case r.Suppressed:
		return name + " is on the suppression list: never written to again. Logged."
	case r.Withdrawn:
		return name + ": consent to tracking withdrawn, no open tracking from now on. Logged."
	}
	return name + " holds no consent to tracking: nothing to withdraw."
}

func (f *optOutForm) view() string {
	st, w := f.sh.st, f.sh.width
	var b strings.Builder
	b.WriteString(st.crumb.Render(f.name) + st.muted.Render(" · "+contacts.Clean(f.email)) + "\n")
	b.WriteString(st.muted.Render(lipgloss.Wrap("For an opt-out, objection or withdrawal that came by phone, on LinkedIn, in person or in a reply legit did not recognise. It is honoured at once, like one read in a reply.", max(10, w), " ")) + "\n\n")
	labels := make([]string, len(optOutChoices))
	for i, c := range optOutChoices {
		labels[i] = c.label
	}
	vias := make([]string, len(store.OptOutVias))
	for i, v := range store.OptOutVias {
		vias[i] = strings.ReplaceAll(v, "_", " ")
	}
	b.WriteString(f.label(0, "What") + "  " + choiceView(st, labels, f.reason) + "\n")
	b.WriteString(f.label(1, "Came by") + " " + choiceView(st, vias, f.via) + "\n")
	f.note.SetWidth(max(10, w-12))
	b.WriteString(f.label(2, "Note") + "  " + f.note.View() + "\n")
	if f.err != "" {
		b.WriteString("\n" + st.danger.Render(lipgloss.Wrap(fmt.Sprintf("Not recorded: %s", f.err), max(10, w), " ")))
	}
	return strings.TrimRight(b.String(), "\n")
}

// label draws a field's name, marked when the field has the focus.
func (f *optOutForm) label(field int, name string) string {
	if f.focus == field {
		return f.sh.st.prompt.Render("› " + name)
	}
	return f.sh.st.label.Render("  " + name)
}
