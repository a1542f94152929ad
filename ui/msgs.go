package ui

import (
	"time"

	"legit/contacts"
	"legit/store"
)

// pushMsg asks the root to open a screen on top of the current one.
type pushMsg struct{ s screen }

// popMsg asks the root to close the current screen.
type popMsg struct{}

// errMsg puts an error in the root's error slot until the next key press.
type errMsg struct{ err error }

// contactsLoadedMsg carries the contact list read from the store.
type contactsLoadedMsg struct {
	list []contacts.Contact
	err  error
}

// contactLoadedMsg carries one contact read from the store.
type contactLoadedMsg struct {
	c            contacts.Contact
	erasureAsked *time.Time // when the person asked for erasure, if still open
	err          error
}

// writeWaitMsg tells that a save waits for an import, or no longer does.
type writeWaitMsg struct{ w store.WriteWait }
