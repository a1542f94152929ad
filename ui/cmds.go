package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// bgctx is the context for store calls made from commands. The app's own
// context ends the program; a store call in flight finishes on its own.
func bgctx() context.Context { return context.Background() }

// report puts err in the error slot.
func report(err error) tea.Cmd { return func() tea.Msg { return errMsg{err: err} } }
