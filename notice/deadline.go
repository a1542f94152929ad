// Package notice owns what people are told about the data held on them: the
// Art. 14 notice text in each language and the one-month deadline for giving
// it. It knows nothing of SQL, terminals or sending.
package notice

import "time"

// DefaultDeadlineDays is the Art. 14(3)(a) month, as days.
const DefaultDeadlineDays = 30

// WarnDays is how many days before the deadline a contact shows as due soon.
const WarnDays = 7

// State is where a contact stands against the notice deadline.
type State int

// The deadline states, from best to worst.
const (
	Informed State = iota // the notice has been sent
	OK                    // not yet informed, more than WarnDays left
	DueSoon               // not yet informed, WarnDays or fewer left
	Overdue               // not yet informed, the deadline has passed
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

// Deadline is a contact's standing against the notice deadline.
type Deadline struct {
	State    State
	Due      time.Time // the last day the notice may be sent (date only, UTC)
	DaysLeft int       // whole days from today to Due; negative when overdue
}

// Clock inputs for one contact.
type Clock struct {
	Obtained   time.Time  // when the data was obtained; zero if unknown
	HandedOver bool       // the person gave the data themselves (Art. 13): due at once
	InformedAt *time.Time // when the notice was sent, nil if not yet
	Days       int        // deadline length; DefaultDeadlineDays when 0
}

// DeadlineAt computes the deadline for c as seen at now. It is pure: the same
// inputs give the same answer. Days count calendar dates in UTC, so a contact
// obtained on 1 Nov with 30 days is due on 1 Dec and overdue from 2 Dec.
func DeadlineAt(c Clock, now time.Time) Deadline {
	if c.Obtained.IsZero() {
		return Deadline{State: NoSource}
	}
	days := c.Days
	if days <= 0 {
		days = DefaultDeadlineDays
	}
	obtained := dateOf(c.Obtained)
	due := obtained.AddDate(0, 0, days)
	if c.HandedOver {
		due = obtained
	}
	left := int(due.Sub(dateOf(now)).Hours() / 24)
	d := Deadline{Due: due, DaysLeft: left}
	switch {
	case c.InformedAt != nil:
		d.State = Informed
	case left < 0:
		d.State = Overdue
	case left <= WarnDays:
		d.State = DueSoon
	default:
		d.State = OK
	}
	return d
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
