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
		{key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "inbox")), func(sh *shared) screen { return newInbox(sh) }},
	}
}
