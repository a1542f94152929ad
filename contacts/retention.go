package contacts

import (
	"fmt"
	"slices"
	"time"
)

// DefaultRetentionDays is how long a prospect's data is kept without any
// sign of interest from them before it is proposed for erasure.
const DefaultRetentionDays = 180

// DefaultCustomerRetentionMonths is how long a customer's data is kept after
// the last purchase before it is proposed for erasure.
const DefaultCustomerRetentionMonths = 24

// Retention is the organisation's retention periods (GDPR Art. 5(1)(e)).
type Retention struct {
	ProspectDays   int // DefaultRetentionDays when 0
	CustomerMonths int // DefaultCustomerRetentionMonths when 0
}

// withDefaults fills the zero periods.
func (r Retention) withDefaults() Retention {
	if r.ProspectDays <= 0 {
		r.ProspectDays = DefaultRetentionDays
	}
	if r.CustomerMonths <= 0 {
		r.CustomerMonths = DefaultCustomerRetentionMonths
	}
	return r
}

// Activity is what the retention rule needs besides the contact: when they
// last replied, and when they asked for erasure if that request is still
// open. The rep's own emails are not in it: writing to someone who does not
// answer is no reason to keep their data longer.
//
// LastObtained and LastConsent let a reader that does not load a contact's
// sources and consents give the rule their latest dates instead:
// LastActivity counts them beside Contact.Sources and Contact.Consents.
type Activity struct {
	LastReply    *time.Time
	ErasureAsked *time.Time
	LastObtained *time.Time // the latest source's ObtainedAt
	LastConsent  *time.Time // the latest consent's GrantedAt, whatever its purpose
}

// RetentionReason says why a contact is proposed for erasure.
type RetentionReason string

// The reasons a contact can be due for erasure.
const (
	RetentionExpired   RetentionReason = "retention_expired" // prospect quiet for longer than the period
	RetentionCustomer  RetentionReason = "customer_expired"  // no purchase for longer than the customer period
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

// LastActivity is the latest sign of interest from the person: when the
// data was obtained (every source, or Activity.LastObtained), their last
// reply, their last purchase, and the last consent they gave (every consent,
// or Activity.LastConsent). The retention period counts from it. It is
// the zero time when none is known.
func LastActivity(c Contact, a Activity) time.Time {
	var last time.Time
	later := func(t *time.Time) {
		if t != nil && t.After(last) {
			last = *t
		}
	}
	for i := range c.Sources {
		later(&c.Sources[i].ObtainedAt)
	}
	later(a.LastObtained)
	later(a.LastReply)
	later(c.Basis.PurchaseAt)
	for i := range c.Consents {
		later(&c.Consents[i].GrantedAt)
	}
	later(a.LastConsent)
	return last
}

// isCustomer reports whether the customer period applies to c.
func isCustomer(c Contact) bool {
	return (c.Relationship == Customer || c.Relationship == Dormant) && c.Basis.PurchaseAt != nil
}

// KeepUntil is when a contact's data falls due for erasure if nothing
// happens: for a customer, the last purchase plus the customer period; for
// anyone else, the last sign of interest plus the prospect period. It is
// zero when no date is known.
func KeepUntil(c Contact, a Activity, r Retention) time.Time {
	r = r.withDefaults()
	if isCustomer(c) {
		last := *c.Basis.PurchaseAt
		if reply := a.LastReply; reply != nil && reply.After(last) {
			last = *reply
		}
		return last.AddDate(0, r.CustomerMonths, 0)
	}
	last := LastActivity(c, a)
	if last.IsZero() {
		return time.Time{}
	}
	return last.AddDate(0, 0, r.ProspectDays)
}

// RetentionDue decides whether c should be erased as of now: a person with
// an open erasure request, an opted-out or objecting contact (the basis ended
// and the suppression list keeps them from being written to), a contact whose
// consent basis was withdrawn, a customer with no purchase (or reply) for
// longer than the customer period, or anyone else with no sign of interest
// for longer than the prospect period. It is pure.
func RetentionDue(c Contact, a Activity, now time.Time, r Retention) (Due, bool) {
	r = r.withDefaults()
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
	until := KeepUntil(c, a, r)
	if until.IsZero() || !now.After(until) {
		return Due{}, false
	}
	if isCustomer(c) {
		return Due{Reason: RetentionCustomer, Since: *c.Basis.PurchaseAt,
			Text: fmt.Sprintf("no purchase in %d months", r.CustomerMonths)}, true
	}
	last := LastActivity(c, a)
	quiet := int(now.Sub(last).Hours() / 24)
	return Due{Reason: RetentionExpired, Since: last,
		Text: fmt.Sprintf("quiet %d days (period %d)", quiet, r.ProspectDays)}, true
}

// ErasureDue is one contact proposed for erasure, with the reason.
type ErasureDue struct {
	Contact Contact
	Due     Due
}

// DueForErasure picks the contacts due for erasure as of now
// (RetentionDue): people waiting for the erasure they asked for first, then
// the rest in list order. act holds each contact's activity by ID.
func DueForErasure(list []Contact, act map[int64]Activity, now time.Time, r Retention) []ErasureDue {
	var out []ErasureDue
	for _, c := range list {
		if d, ok := RetentionDue(c, act[c.ID], now, r); ok {
			out = append(out, ErasureDue{Contact: c, Due: d})
		}
	}
	slices.SortStableFunc(out, func(a, b ErasureDue) int {
		ra, rb := a.Due.Reason == RetentionRequested, b.Due.Reason == RetentionRequested
		switch {
		case ra == rb:
			return 0
		case ra:
			return -1
		}
		return 1
	})
	return out
}
