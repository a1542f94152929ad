package contacts

import (
	"fmt"
	"time"
)

// DefaultRetentionDays is how long a prospect's data is kept without any
// sign of interest before it is proposed for erasure.
const DefaultRetentionDays = 180

// Activity is what the retention rule needs besides the contact: when a
// message last went to them, when they last replied, and when they asked
// for erasure if that request is still open.
type Activity struct {
	LastMessage  *time.Time
	LastReply    *time.Time
	ErasureAsked *time.Time
}

// RetentionReason says why a contact is proposed for erasure.
type RetentionReason string

// The reasons a contact can be due for erasure.
const (
	RetentionExpired   RetentionReason = "retention_expired" // prospect quiet for longer than the period
	RetentionOptedOut  RetentionReason = "opted_out"         // opted out: the basis has ended
	RetentionObjected  RetentionReason = "objected"          // objected (Art. 21): the basis has ended
	RetentionWithdrawn RetentionReason = "consent_withdrawn" // the consent relied on was withdrawn
	RetentionRequested RetentionReason = "erasure_requested" // the person asked for erasure (Art. 17)
)

// Due is a contact proposed for erasure, with the reason in words.
type Due struct {
	Reason RetentionReason
	Since  time.Time // the last activity counted, or when the basis ended
	Text   string
}

// LastActivity is the latest of when the data was obtained, the last message
// and the last reply: the retention period counts from it. It is the zero
// time when none is known.
func LastActivity(c Contact, a Activity) time.Time {
	last := c.FirstSource().ObtainedAt
	for _, s := range c.Sources {
		if s.ObtainedAt.After(last) {
			last = s.ObtainedAt
		}
	}
	for _, t := range []*time.Time{a.LastMessage, a.LastReply} {
		if t != nil && t.After(last) {
			last = *t
		}
	}
	return last
}

// KeepUntil is when a prospect's data falls due for erasure if nothing
// happens: the last activity plus the period. It is zero for a contact the
// period does not apply to (customers, or no date known).
func KeepUntil(c Contact, a Activity, days int) time.Time {
	if days <= 0 {
		days = DefaultRetentionDays
	}
	last := LastActivity(c, a)
	if c.Relationship != Prospect || last.IsZero() {
		return time.Time{}
	}
	return last.AddDate(0, 0, days)
}

// RetentionDue decides whether c should be erased as of now: a person with an
// open erasure request, an opted-out or objecting contact (the basis ended and the suppression list keeps them from
// being written to), a contact whose consent basis was withdrawn, or a
// prospect with no message and no reply for longer than days (default
// DefaultRetentionDays) since the last activity. It is pure.
func RetentionDue(c Contact, a Activity, now time.Time, days int) (Due, bool) {
	if days <= 0 {
		days = DefaultRetentionDays
	}
	if a.ErasureAsked != nil {
		return Due{Reason: RetentionRequested, Since: *a.ErasureAsked,
			Text: "asked for erasure on " + a.ErasureAsked.Format("2 Jan 2006")}, true
	}
	switch c.Status {
	case OptedOut:
		return Due{Reason: RetentionOptedOut, Text: "opted out: the basis has ended"}, true
	case Objected:
		return Due{Reason: RetentionObjected, Text: "objected: the basis has ended"}, true
	}
	if c.Basis.Kind == ConsentBasis {
		if _, ok := c.ActiveConsent(ConsentMarketing); !ok {
			return Due{Reason: RetentionWithdrawn, Text: "consent withdrawn or missing: the basis has ended"}, true
		}
	}
	until := KeepUntil(c, a, days)
	if until.IsZero() || !now.After(until) {
		return Due{}, false
	}
	last := LastActivity(c, a)
	quiet := int(now.Sub(last).Hours() / 24)
	return Due{Reason: RetentionExpired, Since: last,
		Text: fmt.Sprintf("prospect quiet for %d days (period %d)", quiet, days)}, true
}
