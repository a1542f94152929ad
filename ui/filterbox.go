package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// filterBox is the "/" text filter of a list screen: an input that has the
// focus while the rep types in it, with its own keys.
type filterBox struct {
	input  textinput.Model
	keys   filterKeys
	active bool // the input has the focus
}

func newFilterBox(placeholder string) filterBox {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = placeholder
	in.CharLimit = 80
	return filterBox{input: in, keys: defaultFilterKeys()}
}

// focus gives the input the focus.
func (f *filterBox) focus() tea.Cmd {
	f.active = true
	return f.input.Focus()
}

// value is the filter text.
func (f *filterBox) value() string { return f.input.Value() }

// clear empties the filter.
func (f *filterBox) clear() { f.input.SetValue("") }

// update handles a message while the input has the focus: enter keeps the
// text, esc clears it (both give the focus back), anything else edits it. It
// reports whether the text changed.
func (f *filterBox) update(msg tea.Msg) (bool, tea.Cmd) {
	before := f.input.Value()
	var cmd tea.Cmd
	k, isKey := msg.(tea.KeyPressMsg)
	switch {
	case isKey && key.Matches(k, f.keys.Apply):
		f.active = false
		f.input.Blur()
	case isKey && key.Matches(k, f.keys.Cancel):
		f.active = false
		f.input.Blur()
		f.input.SetValue("")
	default:
		f.input, cmd = f.input.Update(msg)
	}
	return f.input.Value() != before, cmd
}

// help is the keys live while the input has the focus.
func (f *filterBox) help() []key.Binding { return []key.Binding{f.keys.Apply, f.keys.Cancel} }

// view draws the input width cells wide.
func (f *filterBox) view(width int) string {
	f.input.SetWidth(max(10, width))
	return f.input.View()
}
