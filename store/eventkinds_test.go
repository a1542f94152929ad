package store

import "testing"

func TestParseEventKind(t *testing.T) {
	for _, tc := range []struct {
		name string
		want EventKind
		ok   bool
	}{
		{"send", EventSend, true},
		{"email", EventSend, true},
		{"opt-out", EventOptOut, true},
		{"OPT_OUT", EventOptOut, true},
		{"erased", EventErasure, true},
		{"answered", EventAnswered, true},
		{"first email", EventSend, true},
		{"bounced", EventSuppression, true},
		{"Erased (asked)", EventErasure, true},
		{"request-answered", EventAnswered, true},
		{"emails", "", false},
		{"", "", false},
	} {
		if got, ok := ParseEventKind(tc.name); got != tc.want || ok != tc.ok {
			t.Errorf("ParseEventKind(%q) = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	for _, k := range EventKinds() {
		if _, ok := eventWords[k]; !ok {
			t.Errorf("event kind %s has no words: add them to eventWords", k)
		}
	}
}
