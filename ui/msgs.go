package ui

import (
	"fmt"
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

// recordWaitMsg tells that an email went out and the send waits, for up to
// wait, for the database to come back to record it
// (outreach.Sender.OnRecordWait).
type recordWaitMsg struct{ wait time.Duration }

// sendEnder is the message that ends a send (of any screen): the note that
// it waited to be recorded goes.
type sendEnder interface{ endsSend() }

func (sendDoneMsg) endsSend()   {}
func (noticeSentMsg) endsSend() {}
func (accessDoneMsg) endsSend() {}

// recordWaitText is the status line while a send that went out waits for
// the database to record it.
func recordWaitText(wait time.Duration) string {
	return fmt.Sprintf("Sent; the database is not answering: waiting up to %s to record it…", wait)
}
