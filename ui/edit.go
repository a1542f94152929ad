package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"legit/contacts"
)

// editField is the field of the edit form that has the focus.
type editField int

// The fields of the edit form, in order.
const (
	editName editField = iota
	editEmail
	editCompany
	editPosition
	editCountry
	editLegalForm
	editLanguage
	editRelationship
	editFieldCount
)

var editLabels = [editFieldCount]string{"Name", "Email", "Company", "Position", "Country", "Legal form", "Language", "Relationship"}

var editHints = [editFieldCount]string{
	"as the person writes it",
	"a valid address; one on the suppression list is refused",
	"",
	"",
	"its name or two letters, e.g. Germany or DE; empty means unknown (the strictest rule)",
	"company, or sole trader (also a partnership); empty means unknown (the stricter rule)",
	"two letters, e.g. de; empty means English",
	"prospect, customer or dormant",
}

// editForm corrects a contact's fields (Art. 16). Each save is logged with
// the names of the fields that changed.
type editForm struct {
	sh     *shared
	c      contacts.Contact
	inputs [editFieldCount]textinput.Model
	focus  editField
	keys   formKeys
}

func newEditForm(sh *shared, c contacts.Contact) *editForm {
	f := &editForm{sh: sh, c: c, keys: defaultFormKeys()}
	vals := contacts.FieldsOf(c)
	for i, v := range []string{vals.Name, vals.Email, vals.Company, vals.Position, vals.Country, legalFormWord(vals.LegalForm), vals.Language, string(vals.Relationship)} {
		in := textinput.New()
		in.Prompt = ""
		in.CharLimit = 200
		in.SetValue(contacts.Clean(v))
		f.inputs[i] = in
	}
	return f
}

func (f *editForm) title() string   { return "Edit " + contacts.Clean(f.c.Name) }
func (f *editForm) capturing() bool { return true }
func (f *editForm) init() tea.Cmd   { return f.inputs[f.focus].Focus() }

// ShortHelp lists the keys live now.
func (f *editForm) ShortHelp() []key.Binding {
	return []key.Binding{f.keys.Next, f.keys.Prev, f.keys.Save, f.keys.Cancel}
}

// FullHelp lists every key of the screen.
func (f *editForm) FullHelp() [][]key.Binding {
	return [][]key.Binding{{f.keys.Next, f.keys.Prev, f.keys.Save, f.keys.Cancel}}
}

// fields is what the form holds now.
func (f *editForm) fields() contacts.Fields {
	v := func(i editField) string { return f.inputs[i].Value() }
	return contacts.Fields{Name: v(editName), Email: v(editEmail), Company: v(editCompany), Position: v(editPosition),
		Country: v(editCountry), LegalForm: contacts.LegalForm(strings.ToLower(strings.TrimSpace(v(editLegalForm)))),
		Language: v(editLanguage), Relationship: contacts.Relationship(strings.ToLower(strings.TrimSpace(v(editRelationship))))}
}

// legalFormWord is a legal form as the edit form shows and reads it.
func legalFormWord(f contacts.LegalForm) string {
	switch f {
	case contacts.LegalPerson:
		return "company"
	case contacts.SoleTrader:
		return "sole trader"
	}
	return ""
}

func (f *editForm) move(to editField) tea.Cmd {
	f.inputs[f.focus].Blur()
	f.focus = (to + editFieldCount) % editFieldCount
	return f.inputs[f.focus].Focus()
}

func (f *editForm) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case rectifiedMsg:
		if msg.id != f.c.ID {
			return f, nil
		}
		if msg.err != nil {
			return f, report(msg.err)
		}
		return f, popCmd
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, f.keys.Cancel):
			return f, popCmd
		case key.Matches(msg, f.keys.Save):
			return f, f.save()
		case key.Matches(msg, f.keys.Next):
			if msg.Code == tea.KeyEnter && f.focus == editFieldCount-1 {
				return f, f.save()
			}
			return f, f.move(f.focus + 1)
		case key.Matches(msg, f.keys.Prev):
			return f, f.move(f.focus - 1)
		}
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	return f, cmd
}

// save checks the fields and, if they pass, writes them.
func (f *editForm) save() tea.Cmd {
	fs, err := f.fields().Normalize()
	if err != nil {
		return report(err)
	}
	return rectifyCmd(f.sh, f.c.ID, fs)
}

func (f *editForm) view() string {
	st := f.sh.st
	var b strings.Builder
	b.WriteString(st.muted.Render("Correct what is wrong. Each save is logged with the names of the fields changed.") + "\n\n")
	lw := 13
	iw := max(10, min(50, f.sh.width-lw-4))
	for i := range editFieldCount {
		label := fit(editLabels[i], lw)
		if i == f.focus {
			label = st.prompt.Render(label)
		} else {
			label = st.label.Render(label)
		}
		f.inputs[i].SetWidth(iw)
		b.WriteString("  " + label + f.inputs[i].View() + "\n")
		if i == f.focus && editHints[i] != "" {
			b.WriteString("  " + strings.Repeat(" ", lw) + st.muted.Render(fit(editHints[i], max(10, f.sh.width-lw-2))) + "\n")
		}
	}
	b.WriteString("\n" + st.muted.Render("ctrl+s saves; esc leaves without saving."))
	return b.String()
}
