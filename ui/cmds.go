package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// bgctx is the context for store calls made from commands. The app's own
// context ends the program; a store call in flight finishes on its own.
func bgctx() context.Context { return context.Background() }

// push opens s on top of the current screen.
func push(s screen) tea.Cmd { return func() tea.Msg { return pushMsg{s: s} } }

// report puts err in the error slot.
func report(err error) tea.Cmd { return func() tea.Msg { return errMsg{err: err} } }
