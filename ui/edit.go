package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"legit/contacts"
	"legit/store"
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
// the names of the fields changed. The form keeps the version of the
// contact it loaded: a save after another window or command changed the
// contact is refused (store.ErrStale), and the form takes the fresh values
// into the fields the rep did not touch, keeps what the rep typed, and says
// what changed.
type editForm struct {
	sh      *shared
	data    editData
	c       contacts.Contact
	version int64                  // the contact's row version the fields were loaded from
	shown   [editFieldCount]string // the values at that version, as the fields show them
	loaded  bool
	busy    bool         // a save or a reload is under way
	stale   *staleReport // why the last save was refused, and what changed
	inputs  [editFieldCount]textinput.Model
	focus   editField
	keys    formKeys
}

// editData is what the edit form reads from the database: the contact with
// the version it saves over. The save is the rectify use case (rights.go).
type editData interface {
	ContactForEdit(ctx context.Context, id int64) (contacts.Contact, int64, error)
}

// staleReport is what another window changed since the form was loaded,
// as the form shows it after refusing a save.
type staleReport struct {
	changes []editChange
}

// editChange is one field another window changed: its value before and
// after, and what this window typed there when that differs from both
// (it stays in the field).
type editChange struct {
	field    editField
	was, now string
	yours    string
	conflict bool
}

// editLoadedMsg carries the contact the edit form edits, with its version;
// stale is set for the reload after a refused save.
type editLoadedMsg struct {
	id      int64
	c       contacts.Contact
	version int64
	stale   bool
	err     error
}

func newEditForm(sh *shared, c contacts.Contact) *editForm {
	f := &editForm{sh: sh, data: sh.Store, c: c, keys: defaultFormKeys()}
	for i := range f.inputs {
		in := textinput.New()
		in.Prompt = ""
		in.CharLimit = 200
		f.inputs[i] = in
	}
	return f
}

// editValues are the fields of fs as the form shows them.
func editValues(fs contacts.Fields) [editFieldCount]string {
	var out [editFieldCount]string
	for i, v := range []string{fs.Name, fs.Email, fs.Company, fs.Position, fs.Country, legalFormWord(fs.LegalForm), fs.Language, string(fs.Relationship)} {
		out[i] = contacts.Clean(v)
	}
	return out
}

// load reads the contact and its version in one snapshot.
func (f *editForm) load(stale bool) tea.Cmd {
	st, id := f.data, f.c.ID
	return func() tea.Msg {
		c, v, err := st.ContactForEdit(bgctx(), id)
		return editLoadedMsg{id: id, c: c, version: v, stale: stale, err: err}
	}
}

// fill puts a freshly loaded contact into the fields.
func (f *editForm) fill(c contacts.Contact, version int64) {
	f.c, f.version, f.loaded = c, version, true
	f.shown = editValues(contacts.FieldsOf(c))
	for i, v := range f.shown {
		f.inputs[i].SetValue(v)
	}
}

// rebase moves the form to the fresh contact c at version after a refused
// save: a field the rep left as loaded takes the fresh value; a field the
// rep typed in keeps the typing. It reports what the other side changed.
func (f *editForm) rebase(c contacts.Contact, version int64) *staleReport {
	fresh := editValues(contacts.FieldsOf(c))
	r := &staleReport{}
	for i := range editFieldCount {
		was, now, typed := f.shown[i], fresh[i], f.inputs[i].Value()
		if was == now {
			continue
		}
		ch := editChange{field: i, was: was, now: now}
		switch typed {
		case was:
			f.inputs[i].SetValue(now)
		case now:
		default:
			ch.yours, ch.conflict = typed, true
		}
		r.changes = append(r.changes, ch)
	}
	f.c, f.version, f.shown = c, version, fresh
	return r
}

func (f *editForm) title() string   { return "Edit " + contacts.Clean(f.c.Name) }
func (f *editForm) capturing() bool { return true }
func (f *editForm) init() tea.Cmd   { return f.load(false) }

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
	case editLoadedMsg:
		if msg.id != f.c.ID {
			return f, nil
		}
		f.busy = false
		if msg.err != nil {
			if errors.Is(msg.err, store.ErrNotFound) {
				return f, report(errors.New("this contact was erased or merged into another since you opened it: nothing to save here (esc goes back)"))
			}
			return f, report(fmt.Errorf("load contact: %w", msg.err))
		}
		if !msg.stale || !f.loaded {
			f.fill(msg.c, msg.version)
			return f, f.inputs[f.focus].Focus()
		}
		f.stale = f.rebase(msg.c, msg.version)
		return f, nil
	case rectifiedMsg:
		if msg.id != f.c.ID {
			return f, nil
		}
		f.busy = false
		if errors.Is(msg.err, store.ErrStale) {
			f.busy = true
			return f, f.load(true)
		}
		if msg.err != nil {
			return f, report(msg.err)
		}
		return f, popCmd
	case tea.KeyPressMsg:
		if !f.loaded {
			if key.Matches(msg, f.keys.Cancel) {
				return f, popCmd
			}
			return f, nil
		}
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
	if !f.loaded {
		return f, nil
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	return f, cmd
}

// save checks the fields and, if they pass, writes them over the version
// the form loaded.
func (f *editForm) save() tea.Cmd {
	if f.busy {
		return nil
	}
	fs, err := f.fields().Normalize()
	if err != nil {
		return report(err)
	}
	f.busy = true
	return rectifyCmd(f.sh, f.c.ID, f.version, fs)
}

func (f *editForm) view() string {
	st := f.sh.st
	if !f.loaded {
		return st.muted.Render("Loading…")
	}
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
		if i == f.focus && editHints[i] != "" && f.stale == nil {
			b.WriteString("  " + strings.Repeat(" ", lw) + st.muted.Render(fit(editHints[i], max(10, f.sh.width-lw-2))) + "\n")
		}
	}
	if f.stale != nil {
		b.WriteString("\n" + f.staleView(lw))
	}
	b.WriteString("\n" + st.muted.Render("ctrl+s saves; esc leaves without saving."))
	return b.String()
}

// staleView says that the last save was refused and what the other window
// changed, field by field.
func (f *editForm) staleView(lw int) string {
	st, w := f.sh.st, f.sh.width
	quote := func(v string) string {
		if v == "" {
			return "(empty)"
		}
		return "\"" + v + "\""
	}
	lines := []string{st.warn.Render(fit("Not saved: changed by someone else since you opened it.", w))}
	if len(f.stale.changes) == 0 {
		lines = append(lines, lipgloss.Wrap("None of these fields changed (its basis, status or notice did). What you typed is still here: ctrl+s saves it.", max(10, w), " "))
		return strings.Join(lines, "\n") + "\n"
	}
	vw := max(10, w-lw-2)
	for _, ch := range f.stale.changes {
		label := "  " + st.label.Render(fit(editLabels[ch.field], lw))
		if !ch.conflict {
			lines = append(lines, label+fit("now "+quote(ch.now)+" (was "+quote(ch.was)+")", vw))
			continue
		}
		lines = append(lines, label+fit("theirs "+quote(ch.now), vw),
			"  "+strings.Repeat(" ", lw)+fit("yours  "+quote(ch.yours)+", kept in the field", vw))
	}
	lines = append(lines, lipgloss.Wrap("The fields hold their values where you typed nothing, and yours where you did: check them, then ctrl+s saves what is shown.", max(10, w), " "))
	return strings.Join(lines, "\n") + "\n"
}
