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
	}
}
