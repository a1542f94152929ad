package ui

import tea "charm.land/bubbletea/v2"

// report puts err in the error slot.
func report(err error) tea.Cmd { return func() tea.Msg { return errMsg{err: err} } }
