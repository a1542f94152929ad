package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// globalKeys are handled by the root on every screen (unless a text input
// has the focus).
type globalKeys struct {
	Help      key.Binding
	Back      key.Binding
	Quit      key.Binding
	Interrupt key.Binding // ctrl+c quits even while a text input has the focus
}

func defaultGlobalKeys() globalKeys {
	return globalKeys{
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:      key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Interrupt: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// listKeys move through a list or table.
type listKeys struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
}

func defaultListKeys() listKeys {
	return listKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d", "space"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),
	}
}

// move applies a movement key to a cursor over n rows, page rows a page.
// It reports whether msg was one of the movement keys; the caller clamps.
func (k listKeys) move(msg tea.KeyPressMsg, cursor, n, page int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return cursor - 1, true
	case key.Matches(msg, k.Down):
		return cursor + 1, true
	case key.Matches(msg, k.PageUp):
		return cursor - page, true
	case key.Matches(msg, k.PageDown):
		return cursor + page, true
	case key.Matches(msg, k.Top):
		return 0, true
	case key.Matches(msg, k.Bottom):
		return n - 1, true
	}
	return cursor, false
}

// all returns the bindings for the full help view.
func (k listKeys) all() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// contactListKeys are the contact list's own keys.
type contactListKeys struct {
	listKeys
	Open      key.Binding
	Filter    key.Binding
	NextTab   key.Binding
	PrevTab   key.Binding
	ClearText key.Binding
}

func defaultContactListKeys() contactListKeys {
	return contactListKeys{
		listKeys:  defaultListKeys(),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		NextTab:   key.NewBinding(key.WithKeys("tab", "l", "right"), key.WithHelp("tab", "next view")),
		PrevTab:   key.NewBinding(key.WithKeys("shift+tab", "h", "left"), key.WithHelp("shift+tab", "prev view")),
		ClearText: key.NewBinding(key.WithKeys("backspace"), key.WithHelp("⌫", "clear filter"), key.WithDisabled()),
	}
}

// filterKeys apply while the filter input has the focus.
type filterKeys struct {
	Apply  key.Binding
	Cancel key.Binding
}

func defaultFilterKeys() filterKeys {
	return filterKeys{
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
	}
}

// scrollKeys scroll a detail view.
type scrollKeys struct {
	Up   key.Binding
	Down key.Binding
}

func defaultScrollKeys() scrollKeys {
	return scrollKeys{
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	}
}

// contactActionKeys open the basis form and the notice preview from the
// contact detail.
type contactActionKeys struct {
	Compose key.Binding
	Basis   key.Binding
	Notice  key.Binding
	OptOut  key.Binding
	History key.Binding
	Confirm key.Binding // confirm the proposed country and legal form
}

func defaultContactActionKeys() contactActionKeys {
	return contactActionKeys{
		Compose: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "compose")),
		Basis:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "basis")),
		Notice:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "notice")),
		OptOut:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "opt-out")),
		History: key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "history")),
		Confirm: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "confirm proposal")),
	}
}

// basisFormKeys are the basis form's keys; text keys go to the field in focus.
type basisFormKeys struct {
	Next          key.Binding
	Prev          key.Binding
	KindNext      key.Binding
	KindPrev      key.Binding
	Save          key.Binding
	SaveTemplate  key.Binding
	ApplyTemplate key.Binding
	Cancel        key.Binding
}

func defaultBasisFormKeys() basisFormKeys {
	return basisFormKeys{
		Next:          key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:          key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev field")),
		KindNext:      key.NewBinding(key.WithKeys("right", "l", "space"), key.WithHelp("←/→", "change basis")),
		KindPrev:      key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←", "prev basis")),
		Save:          key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		SaveTemplate:  key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "save template")),
		ApplyTemplate: key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "use template")),
		Cancel:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// deadlineKeys are the deadlines screen's own keys. The action keys are
// disabled when their hook is not wired.
type deadlineKeys struct {
	listKeys
	Open    key.Binding
	Notice  key.Binding
	Compose key.Binding
	Erase   key.Binding
}

func defaultDeadlineKeys() deadlineKeys {
	return deadlineKeys{
		listKeys: defaultListKeys(),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Notice:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "send notice only")),
		Compose:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "compose"), key.WithDisabled()),
		Erase:    key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "erase")),
	}
}

// rightsKeys are the contact detail's keys for the data subject's rights.
type rightsKeys struct {
	Export key.Binding
	Erase  key.Binding
	Edit   key.Binding
	Merge  key.Binding
}

func defaultRightsKeys() rightsKeys {
	return rightsKeys{
		Export: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "give copy")),
		Erase:  key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "erase")),
		Edit:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Merge:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "merge")),
	}
}

// confirmKeys answer a yes/no question.
type confirmKeys struct {
	Yes key.Binding
	No  key.Binding
}

func defaultConfirmKeys() confirmKeys {
	return confirmKeys{
		Yes: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		No:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "no")),
	}
}

// formKeys move through a form and save or leave it.
type formKeys struct {
	Next   key.Binding
	Prev   key.Binding
	Save   key.Binding
	Cancel key.Binding
}

func defaultFormKeys() formKeys {
	return formKeys{
		Next:   key.NewBinding(key.WithKeys("tab", "down", "enter"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous")),
		Save:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// pickKeys choose one row of a short list.
type pickKeys struct {
	Up   key.Binding
	Down key.Binding
	Pick key.Binding
}

func defaultPickKeys(what string) pickKeys {
	return pickKeys{
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Pick: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", what)),
	}
}

// toEraseKeys are the To-erase screen's keys.
type toEraseKeys struct {
	pickKeys
	Erase key.Binding
}

func defaultToEraseKeys() toEraseKeys {
	return toEraseKeys{
		pickKeys: defaultPickKeys("open"),
		Erase:    key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "erase")),
	}
}

// importKeys are the import screen's keys; setKeys enables those of the step.
type importKeys struct {
	Read   key.Binding
	Edit   key.Binding
	Next   key.Binding
	Kind   key.Binding
	Start  key.Binding
	Back   key.Binding
	Cancel key.Binding
	Again  key.Binding
}

func defaultImportKeys() importKeys {
	return importKeys{
		Read:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read file")),
		Edit:   key.NewBinding(key.WithKeys("enter", "i"), key.WithHelp("enter", "edit path")),
		Next:   key.NewBinding(key.WithKeys("tab", "shift+tab", "down", "up"), key.WithHelp("tab", "next field")),
		Kind:   key.NewBinding(key.WithKeys("left", "right", "h", "l", "space"), key.WithHelp("←/→", "source kind")),
		Start:  key.NewBinding(key.WithKeys("ctrl+s", "enter"), key.WithHelp("enter", "import")),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Cancel: key.NewBinding(key.WithKeys("esc", "ctrl+c"), key.WithHelp("esc", "cancel import")),
		Again:  key.NewBinding(key.WithKeys("enter", "n"), key.WithHelp("enter", "import another")),
	}
}

// composeKeys are the compose screen's keys. None of them is a printable
// character, so they never collide with typing.
type composeKeys struct {
	Send      key.Binding
	Switch    key.Binding
	Down      key.Binding
	Preview   key.Binding
	Editor    key.Binding
	Tracking  key.Binding
	Confirm   key.Binding // the rep confirms what the rule asks (outreach.ConfirmationFor)
	Back      key.Binding
	SaveLeave key.Binding
	Discard   key.Binding
	Quit      key.Binding
	WentOut   key.Binding // a send in doubt did go out
	NotSent   key.Binding // a send in doubt did not go out
}

func defaultComposeKeys() composeKeys {
	return composeKeys{
		Send:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "send"), key.WithDisabled()),
		Switch:    key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "next field")),
		Down:      key.NewBinding(key.WithKeys("enter", "down")),
		Preview:   key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "preview")),
		Editor:    key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "editor")),
		Tracking:  key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "tracking")),
		Confirm:   key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "similar products"), key.WithDisabled()),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		SaveLeave: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save and leave")),
		Discard:   key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "discard changes")),
		Quit:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		WentOut:   key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", "it went out"), key.WithDisabled()),
		NotSent:   key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "it did not"), key.WithDisabled()),
	}
}

// logKeys are the log screen's own keys.
type logKeys struct {
	listKeys
	Filter    key.Binding
	NextKind  key.Binding
	PrevKind  key.Binding
	NextRep   key.Binding
	ClearText key.Binding
	Open      key.Binding
	Verify    key.Binding
	Team      key.Binding
}

func defaultLogKeys() logKeys {
	return logKeys{
		listKeys:  defaultListKeys(),
		Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		NextKind:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next kind")),
		PrevKind:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev kind")),
		NextRep:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "next rep")),
		ClearText: key.NewBinding(key.WithKeys("backspace"), key.WithHelp("⌫", "clear filter"), key.WithDisabled()),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "event")),
		Verify:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "verify chain")),
		Team:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "team report")),
	}
}

// inboxKeys are the inbox screen's own keys.
type inboxKeys struct {
	listKeys
	NextTab key.Binding
	PrevTab key.Binding
	Sync    key.Binding
	Cancel  key.Binding
	Confirm key.Binding
	Reject  key.Binding
	Open    key.Binding
	Answer  key.Binding
	Delete  key.Binding
	OptOut  key.Binding
	View    key.Binding
	// Reassign gives a rights request to another rep (a lead or the DPO on
	// a team database).
	Reassign key.Binding
}

func defaultInboxKeys() inboxKeys {
	return inboxKeys{
		listKeys: defaultListKeys(),
		NextTab:  key.NewBinding(key.WithKeys("tab", "l", "right"), key.WithHelp("tab", "next list")),
		PrevTab:  key.NewBinding(key.WithKeys("shift+tab", "h", "left"), key.WithHelp("shift+tab", "prev list")),
		Sync:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sync")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel sync"), key.WithDisabled()),
		Confirm:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "confirm consent"), key.WithDisabled()),
		Reject:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "reject consent"), key.WithDisabled()),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open contact")),
		Answer:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "answer"), key.WithDisabled()),
		Delete:   key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "delete stranger's reply"), key.WithDisabled()),
		OptOut:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "opt-out"), key.WithDisabled()),
		View:     key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "read"), key.WithDisabled()),
		Reassign: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reassign"), key.WithDisabled()),
	}
}
