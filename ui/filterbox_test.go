package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestFilterBoxKeys(t *testing.T) {
	t.Parallel()
	f := newFilterBox("name")
	f.focus()
	for _, r := range "jan" {
		if changed, _ := f.update(tea.KeyPressMsg{Code: r, Text: string(r)}); !changed {
			t.Fatalf("typing %q did not change the filter", r)
		}
	}
	if f.value() != "jan" || !f.active {
		t.Fatalf("after typing: value %q, active %v; want jan, active", f.value(), f.active)
	}
	if changed, _ := f.update(tea.KeyPressMsg{Code: tea.KeyEnter}); changed || f.active || f.value() != "jan" {
		t.Errorf("enter: changed %v, active %v, value %q; want the text kept and the focus given back", changed, f.active, f.value())
	}
	f.focus()
	if changed, _ := f.update(tea.KeyPressMsg{Code: tea.KeyEscape}); !changed || f.active || f.value() != "" {
		t.Errorf("esc: changed %v, active %v, value %q; want the text cleared and the focus given back", changed, f.active, f.value())
	}
}
