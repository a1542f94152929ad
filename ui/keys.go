package ui

import "charm.land/bubbles/v2/key"

// globalKeys are handled by the root on every screen (unless a text input
// has the focus).
type globalKeys struct {
	Help key.Binding
	Back key.Binding
	Quit key.Binding
}

func defaultGlobalKeys() globalKeys {
	return globalKeys{
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit: key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
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
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
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
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		SaveLeave: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save and leave")),
		Discard:   key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "discard changes")),
		Quit:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		WentOut:   key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", "it went out"), key.WithDisabled()),
		NotSent:   key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "it did not"), key.WithDisabled()),
	}
}

// composeBinding opens the compose screen from the contact detail.
func composeBinding() key.Binding {
	return key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "compose"))
}
