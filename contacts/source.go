package contacts

import (
	"fmt"
	"time"
)

// SourceKind names where a contact's data came from (Art. 14(2)(f)).
type SourceKind string

// The kinds of source a contact can have.
const (
	LinkedIn     SourceKind = "linkedin"
	BusinessCard SourceKind = "business_card"
	Event        SourceKind = "event"
	Referral     SourceKind = "referral"
	Website      SourceKind = "website"
	Directory    SourceKind = "directory"
	Manual       SourceKind = "manual"
)

// SourceKinds lists every valid kind, in the order forms offer them.
func SourceKinds() []SourceKind {
	return []SourceKind{LinkedIn, BusinessCard, Event, Referral, Website, Directory, Manual}
}

// ParseSourceKind checks s against the known kinds.
func ParseSourceKind(s string) (SourceKind, error) {
	for _, k := range SourceKinds() {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown source kind %q: use one of linkedin, business_card, event, referral, website, directory, manual", s)
}

// HandedOver reports whether data of this kind was given by the person
// themselves (a business card at a stand), which puts it under Art. 13: the
// notice is due at once rather than within a month.
func (k SourceKind) HandedOver() bool { return k == BusinessCard }

// Source records where one contact's data came from.
type Source struct {
	ID         int64
	Kind       SourceKind
	Detail     string // e.g. "card from booth 14, Expo Utrecht 2026"
	ObtainedAt time.Time
	ObtainedBy string // the rep's name
	BatchID    int64  // import batch, 0 when entered by hand
	File       string // import file name, empty when entered by hand
	Line       int    // line in the import file, 0 when entered by hand
}
