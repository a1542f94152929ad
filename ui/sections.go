package ui

import "charm.land/bubbles/v2/key"

// section is a top-level screen that one key opens from anywhere.
type section struct {
	key  key.Binding
	open func(*shared) screen
}

// sections lists the top-level screens in key order. A new top-level screen
// adds one line here.
func sections() []section {
	return []section{
		{key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "contacts")), func(sh *shared) screen { return newContactList(sh) }},
		{key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "deadlines")), func(sh *shared) screen { return newDeadlines(sh) }},
		{key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "inbox")), func(sh *shared) screen { return newInbox(sh) }},
		{key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "log")), func(sh *shared) screen { return newLogScreen(sh, nil) }},
		{key.NewBinding(key.WithKeys("5"), key.WithHelp("5", "import")), func(sh *shared) screen { return newImportScreen(sh) }},
		{key.NewBinding(key.WithKeys("6"), key.WithHelp("6", "to erase")), func(sh *shared) screen { return newToErase(sh) }},
	}
}
