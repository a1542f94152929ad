package ui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"legit/store"
)

// logEvent shows one event of the log in full: its details and the two
// hashes that chain it to the event before.
type logEvent struct {
	sh *shared
	e  store.LogEntry
}

func newLogEvent(sh *shared, e store.LogEntry) *logEvent { return &logEvent{sh: sh, e: e} }

func (v *logEvent) title() string { return fmt.Sprintf("Event %d", v.e.ID) }

func (v *logEvent) capturing() bool { return false }

func (v *logEvent) init() tea.Cmd { return nil }

func (v *logEvent) update(tea.Msg) (screen, tea.Cmd) { return v, nil }

// ShortHelp lists the keys live now: only the global ones.
func (v *logEvent) ShortHelp() []key.Binding { return nil }

// FullHelp lists every key of the screen: only the global ones.
func (v *logEvent) FullHelp() [][]key.Binding { return nil }

func (v *logEvent) view() string {
	st := v.sh.st
	e := v.e
	w := max(20, v.sh.width-12)
	var b strings.Builder
	field := func(label, value string) {
		b.WriteString(st.label.Render(fit(label, 11)) + " " + strings.TrimRight(fit(value, w), " ") + "\n")
	}
	field("When", e.At.UTC().Format(time.RFC3339))
	field("Rep", e.Rep)
	field("What", kindText(e.Kind, e.Details)+" ("+string(e.Kind)+")")
	if e.ContactName != "" {
		field("Contact", e.ContactName+" ("+e.ContactRef+")")
	} else if e.ContactRef != "" {
		field("Contact", e.ContactRef+" (no such contact here: erased, or from a bundle)")
	}
	keys := make([]string, 0, len(e.Details))
	for k := range e.Details {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		b.WriteString("\n" + st.section.Render("Details") + "\n")
		for _, k := range keys {
			field(strings.ReplaceAll(k, "_", " "), e.Details[k])
		}
	}
	b.WriteString("\n" + st.section.Render("Chain") + "\n")
	field("Prev hash", e.PrevHash)
	field("Hash", e.Hash)
	b.WriteString(st.muted.Render(fit("The hash covers the previous hash, the time, rep, kind, contact ref and details:", v.sh.width)) + "\n")
	b.WriteString(st.muted.Render(fit("legit log verify recomputes every one of them.", v.sh.width)))
	return b.String()
}
