package store

import (
	"slices"
	"strings"
)

// eventWords are the words each kind of event answers to besides its
// stored name: what a rep calls it. They are part of the vocabulary the
// store, the log screen and `legit log --kind` share; how the screen labels
// an event is its own affair (and a test keeps the two in step).
var eventWords = map[EventKind][]string{
	EventSend:         {"email", "first email", "access copy"},
	EventNotice:       {"notices"},
	EventOptOut:       {"opt-out"},
	EventSuppression:  {"suppressed", "opted out", "objected", "bounced", "withdrew"},
	EventImport:       {"imports"},
	EventContactAdded: {"added"},
	EventBasis:        {"bases"},
	EventConsent:      {"consent withdrawn"},
	EventExport:       {"access given"},
	EventErasure:      {"erased", "erased (asked)"},
	EventRectify:      {"rectified", "correction"},
	EventMerge:        {"merged"},
	EventAnswered:     {"answered"},
	EventAssigned:     {"assigned", "reassigned"},
	EventReview:       {"not an opt-out", "review"},
	EventOrgSet:       {"setting", "settings"},
	EventJoined:       {"joined the team"},
	EventQueued:       {"outbox", "not sent"},
	EventSendResolved: {"resolved", "in doubt"},
}

// ParseEventKind finds an event kind by its stored name (send, opt_out, …)
// or by one of its words (email, first email, opted out, bounced, …), in
// any case and with - or _ alike. A word for a sort of event finds the
// whole kind: "first email" finds every send.
func ParseEventKind(name string) (EventKind, bool) {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_") }
	n := norm(name)
	if n == "" {
		return "", false
	}
	for _, k := range EventKinds() {
		if n == norm(string(k)) {
			return k, true
		}
		for _, w := range eventWords[k] {
			if n == norm(w) {
				return k, true
			}
		}
	}
	return "", false
}

// EventKindNames lists every name ParseEventKind takes: each kind's stored
// name, then its words.
func EventKindNames() []string {
	var out []string
	for _, k := range EventKinds() {
		out = append(out, string(k))
		for _, w := range eventWords[k] {
			if !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}
