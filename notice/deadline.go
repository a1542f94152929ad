// Package notice owns what people are told about the data held on them: the
// Art. 13/14 GDPR notice text in each language, the access-copy texts, and
// the one-month arithmetic for giving the notice and answering requests. It
// knows nothing of SQL, terminals or sending.
package notice

import (
	"time"

	"legit/contacts"
)

// WarnDays is how many days before the deadline a contact shows as due soon.
const WarnDays = 7

// State is where a contact stands against the notice deadline.
type State int

// The deadline states, from best to worst.
const (
	Informed State = iota // the notice has been sent
	OK                    // not yet informed, more than WarnDays left
	DueSoon               // not yet informed, WarnDays or fewer left
	Overdue               // not yet informed, the deadline (Due) has passed
	NoSource              // no obtained date: the clock cannot run
)

// String names the state as screens and JSON show it.
func (s State) String() string {
	switch s {
	case Informed:
		return "informed"
	case OK:
		return "ok"
	case DueSoon:
		return "due soon"
	case Overdue:
		return "overdue"
	default:
		return "no source"
	}
}

// Deadline is a contact's standing against the notice deadline. Due is the
// date the contact shows as due: the organisation's shorter reminder date
// when one is set, else the legal date. LegalDue is always the date the law
// sets, and is reported beside Due.
type Deadline struct {
	State         State     // measured against Due
	Due           time.Time // the last day the notice should go (date only, UTC)
	DaysLeft      int       // whole days from today to Due; negative when past it
	LegalDue      time.Time // the last day the law allows (Art. 13 or 14(3)(a) GDPR)
	LegalDaysLeft int       // whole days from today to LegalDue; negative when past it
}

// PastLegalDue reports whether the contact is not yet informed and the legal
// deadline itself has passed (not only a shorter reminder). Such a contact
// may receive only the notice-only email, or be erased.
func (d Deadline) PastLegalDue() bool {
	return d.State != Informed && d.State != NoSource && d.LegalDaysLeft < 0
}

// Clock inputs for one contact.
type Clock struct {
	Obtained   time.Time  // when the data was obtained; zero if unknown
	HandedOver bool       // the person gave the data themselves (Art. 13): due at once
	InformedAt *time.Time // when the notice was sent, nil if not yet
	// Days is an optional shorter reminder period, in days from Obtained:
	// when it ends before the legal month, Due is that earlier date. It
	// never makes the deadline longer than the month. 0 means no reminder.
	Days int
}

// ClockFor builds the clock for c: the source whose legal deadline comes
// first starts it (a business card handed over is due at once, Art. 13(1);
// data from anywhere else within one month, Art. 14(3)(a)). reminderDays is
// the organisation's optional shorter reminder period (Clock.Days).
func ClockFor(c contacts.Contact, reminderDays int) Clock {
	clock := Clock{InformedAt: c.InformedAt, Days: reminderDays}
	var best time.Time
	for _, s := range c.Sources {
		if s.ObtainedAt.IsZero() {
			continue
		}
		due := legalDue(s.ObtainedAt, s.Kind.HandedOver())
		if best.IsZero() || due.Before(best) {
			best, clock.Obtained, clock.HandedOver = due, s.ObtainedAt, s.Kind.HandedOver()
		}
	}
	return clock
}

// DeadlineAt computes the deadline for c as seen at now. It is pure: the same
// inputs give the same answer. Dates are calendar dates in UTC: a contact
// obtained on 31 Jan 2026 is legally due on 28 Feb 2026 (MonthAfter) and
// overdue from 1 Mar; data handed over in person is due the same day.
func DeadlineAt(c Clock, now time.Time) Deadline {
	if c.Obtained.IsZero() {
		return Deadline{State: NoSource}
	}
	legal := legalDue(c.Obtained, c.HandedOver)
	due := legal
	if c.Days > 0 {
		if reminder := dateOf(c.Obtained).AddDate(0, 0, c.Days); reminder.Before(legal) {
			due = reminder
		}
	}
	today := dateOf(now)
	d := Deadline{Due: due, DaysLeft: daysBetween(today, due), LegalDue: legal, LegalDaysLeft: daysBetween(today, legal)}
	switch {
	case c.InformedAt != nil:
		d.State = Informed
	case d.DaysLeft < 0:
		d.State = Overdue
	case d.DaysLeft <= WarnDays:
		d.State = DueSoon
	default:
		d.State = OK
	}
	return d
}

// legalDue is the legal notice deadline for data obtained at t: that day for
// data the person handed over (Art. 13(1): at the time the data are
// obtained), else one calendar month later (Art. 14(3)(a)).
func legalDue(t time.Time, handedOver bool) time.Time {
	if handedOver {
		return dateOf(t)
	}
	return MonthAfter(t)
}

// daysBetween counts whole calendar days from a to b (both midnight UTC).
func daysBetween(a, b time.Time) int {
	return int(b.Sub(a).Hours() / 24)
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
