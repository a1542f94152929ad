package outreach

import (
	"fmt"
	"math"
	"strings"
	"time"

	"legit/contacts"
	"legit/notice"
)

// Rule names one item of the checklist; scripts see these names.
type Rule string

// The checklist rules, in the order they are shown.
const (
	RuleOneRecipient  Rule = "one-recipient"
	RuleAddress       Rule = "address"
	RuleNotSuppressed Rule = "not-suppressed"
	RuleNoErasureAsk  Rule = "no-erasure-request"
	RuleSource        Rule = "source"
	RuleBasis         Rule = "basis"
	RuleCustomer      Rule = "customer-conditions"
	RuleRegister      Rule = "refusal-register"
	RuleNotice        Rule = "notice"
	RuleTracking      Rule = "tracking"
	RulePersonal      Rule = "personal"
	RuleDailyCap      Rule = "daily-cap"
	RuleColleague     Rule = "colleague"
	RuleDeadline      Rule = "deadline"
	RuleUnresolved    Rule = "no-send-in-doubt"
)

// DefaultDailyCap is the number of first contacts a rep may make in a day.
const DefaultDailyCap = 40

// DefaultOverlapDays is how far back a colleague's email to the same person
// or company is pointed out when the organisation sets nothing.
const DefaultOverlapDays = 14

// TeamGuards are the organisation's rules for a team of reps (a lead sets
// them on a team database): a daily cap of first contacts for the whole
// organisation (0: none), and how far back a colleague's email to the same
// person or company is pointed out (0: never), as a refusal when
// OverlapRefuse, else as a warning.
type TeamGuards struct {
	OrgDailyCap   int
	OverlapDays   int
	OverlapRefuse bool
}

// ColleagueEmail is the latest email another rep sent to this person or to
// someone at their company: who and when, never the email.
type ColleagueEmail struct {
	Rep        string
	At         time.Time
	SamePerson bool
}

// TeamCopy is a near copy of the draft that a colleague sent or queued to
// someone else within RecentWindow: who, when and how close (the estimate
// store.FingerprintRatio makes from the two fingerprints), never the email.
type TeamCopy struct {
	Rep    string
	At     time.Time
	Ratio  float64
	Queued bool // it waits in the colleague's outbox
}

// Item is one checked rule. A failing item says why and what to do.
type Item struct {
	Rule  Rule   `json:"rule"`
	Label string `json:"label"`
	OK    bool   `json:"ok"`
	Warn  string `json:"warning,omitempty"` // passes, but take care
	Why   string `json:"why,omitempty"`     // fails: the reason
	Fix   string `json:"fix,omitempty"`     // fails: what to do
}

// Verdict is the checklist for one draft.
type Verdict struct {
	Items      []Item `json:"items"`
	LongNotice bool   `json:"long_notice"` // the full Art. 14 notice goes with this email
	Tracking   bool   `json:"tracking"`    // an open pixel is allowed and asked for
}

// OK reports whether every item passes.
func (v Verdict) OK() bool { return len(v.Failing()) == 0 }

// Failing returns the items that fail.
func (v Verdict) Failing() []Item {
	var out []Item
	for _, it := range v.Items {
		if !it.OK {
			out = append(out, it)
		}
	}
	return out
}

// Refusal is the error a refused send returns: it names every failing rule.
func (v Verdict) Refusal() error {
	f := v.Failing()
	if len(f) == 0 {
		return nil
	}
	parts := make([]string, len(f))
	for i, it := range f {
		parts[i] = fmt.Sprintf("%s: %s. %s", strings.ToLower(it.Label[:1])+it.Label[1:], it.Why, upperFirst(it.Fix))
	}
	return &RefusedError{Verdict: v, msg: "not sent: " + strings.Join(parts, "; ")}
}

// upperFirst starts s with a capital letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// RefusedError is returned when the checklist refuses a send.
type RefusedError struct {
	Verdict Verdict
	msg     string
}

func (e *RefusedError) Error() string { return e.msg }

// Draft is what the rep wrote.
type Draft struct {
	To       []string // the recipients asked for; exactly one is allowed
	Cc, Bcc  []string // always refused when set
	Subject  string
	Body     string
	Tracking bool // the rep asks for open tracking
	// SimilarProducts is the rep's confirmation that an email under the
	// existing-customer basis is about products similar to the purchase.
	SimilarProducts bool
	// RelevanceConfirmed: the rep confirms the email concerns the
	// recipient's profession (FR, IE: needed without consent).
	RelevanceConfirmed bool
	// RoleAddressConfirmed: the rep confirms the company itself published
	// this general address for contact (NL, BE, HU, NO without consent).
	RoleAddressConfirmed bool
}

// Input is everything the checklist looks at. The caller gathers the
// history (recent bodies, today's first contacts) from the store.
type Input struct {
	Contact contacts.Contact
	Draft   Draft
	Recent  []SentBody // this rep's emails of the last 30 days
	// TeamCopy is a colleague's near copy of Draft.Body (nil when none): the
	// not-bulk rule holds for the whole organisation. The caller asks the
	// store for the body it checks (Sender.TeamCopy).
	TeamCopy           *TeamCopy
	FirstContact       bool // nothing was ever sent to this contact
	FirstContactsToday int  // first contacts this rep made today
	DailyCap           int  // DefaultDailyCap when 0
	Guards             TeamGuards
	OrgFirstContacts   int             // first contacts the whole organisation made today
	Colleague          *ColleagueEmail // within Guards.OverlapDays; nil when none
	OrgTracking        bool            // the organisation's tracking switch
	DeadlineDays       int             // optional shorter notice reminder (notice.Clock.Days); 0: the legal month
	Unresolved         int             // earlier sends to this contact in doubt
	ErasureAsked       *time.Time      // the person asked for erasure and it is not yet done
	HeldForReview      *time.Time      // a reply that may be an opt-out waits for the rep's decision
	// Holder is the earliest send in doubt (Unresolved), to say who can
	// resolve it; nil when the caller did not look (the rule then says only
	// that one is).
	Holder *DoubtHolder
	// RegisterImported is when the refusal register of the contact's
	// country (RegisterFor) was last imported; nil if never.
	RegisterImported *time.Time
	// NoticeOnly marks the notice-only email: it is not a sales email, so the
	// country's consent rule, the not-bulk rule and the daily cap do not apply.
	NoticeOnly bool
}

// Check runs every rule on in as seen at now. It is pure.
func Check(in Input, now time.Time) Verdict {
	c, d := in.Contact, in.Draft
	var v Verdict
	add := func(it Item) { v.Items = append(v.Items, it) }

	one := Item{Rule: RuleOneRecipient, Label: "One recipient", OK: true}
	switch {
	case len(d.Cc)+len(d.Bcc) > 0:
		one.OK, one.Why, one.Fix = false, "Cc or Bcc is set", "remove them: every email goes to one person only"
	case len(d.To) != 1:
		one.OK, one.Why, one.Fix = false, fmt.Sprintf("%d recipients", len(d.To)), "write to exactly one person"
	case !strings.EqualFold(d.To[0], c.Email):
		one.OK, one.Why, one.Fix = false, "the address is not this contact's", "send to the contact's recorded address"
	}
	add(one)

	addr := Item{Rule: RuleAddress, Label: "Has an address", OK: c.Emailable()}
	if !addr.OK {
		addr.Why, addr.Fix = "no email address is recorded", "add the address to the contact first"
	}
	add(addr)

	sup := Item{Rule: RuleNotSuppressed, Label: "Not on the suppression list", OK: !c.Stopped()}
	switch {
	case !sup.OK && c.Status != contacts.Active && c.Status != "":
		sup.Why, sup.Fix = "this person opted out, objected or bounced", "do not write to them again"
	case !sup.OK:
		sup.Why, sup.Fix = "their address or its whole domain is on the suppression list", "do not write to it"
	case in.HeldForReview != nil:
		sup.OK = false
		sup.Why = "their reply of " + in.HeldForReview.UTC().Format("2 Jan 2006") + " may be an opt-out"
		sup.Fix = "read it in the inbox (3) and confirm or overrule it"
	}
	add(sup)

	er := Item{Rule: RuleNoErasureAsk, Label: "No open erasure request", OK: in.ErasureAsked == nil}
	if !er.OK {
		er.Why = "this person asked for erasure on " + in.ErasureAsked.UTC().Format("2 Jan 2006")
		er.Fix = "erase them (D on the contact, or legit erase): that answers the request"
	}
	add(er)

	src := Item{Rule: RuleSource, Label: "Source recorded", OK: c.HasSource()}
	if !src.OK {
		src.Why, src.Fix = "no record of where this contact's data came from", "record the source on the contact screen"
	}
	add(src)

	bv := basisAllowed(c, d)
	if in.NoticeOnly && c.Basis.Recorded() {
		bv = basisVerdict{ok: true, label: "Basis: " + c.Basis.Kind.Label() + " (notice only, not a sales email)"}
	}
	bas := Item{Rule: RuleBasis, Label: bv.label, OK: bv.ok, Warn: bv.warn, Why: bv.why, Fix: bv.fix}
	add(bas)
	if c.Basis.Kind == contacts.ExistingCustomer && !in.NoticeOnly {
		add(customerItem(c, d, now))
	}
	if reg := RegisterFor(c); reg != nil && !in.NoticeOnly {
		add(registerItem(c, reg, in.RegisterImported, now))
	}

	v.LongNotice = c.InformedAt == nil || in.NoticeOnly || c.NoticeOutdated()
	form := "short notice (already informed)"
	switch {
	case c.InformedAt != nil && c.NoticeOutdated() && !in.NoticeOnly:
		form = "full privacy notice again (the basis or its purpose changed)"
	case v.LongNotice:
		form = "full privacy notice (first email)"
	}
	add(Item{Rule: RuleNotice, Label: "Footer: " + form, OK: true})

	_, consent := c.ActiveConsent(contacts.ConsentTracking)
	tr := Item{Rule: RuleTracking, Label: "Open tracking off", OK: true}
	if d.Tracking {
		tr.Label = "Open tracking on"
		switch {
		case !in.OrgTracking:
			tr.OK, tr.Why, tr.Fix = false, "the organisation has tracking switched off", "turn tracking off for this email"
		case !consent:
			tr.OK, tr.Why, tr.Fix = false, "no unwithdrawn consent to tracking is recorded", "turn tracking off, or record their consent first"
		default:
			v.Tracking = true
		}
	}
	add(tr)

	per := Item{Rule: RulePersonal, Label: "Personal, not a copy", OK: true}
	switch {
	case strings.TrimSpace(d.Body) == "":
		per.OK, per.Why, per.Fix = false, "the body is empty", "write the email"
	case strings.TrimSpace(d.Subject) == "":
		per.OK, per.Why, per.Fix = false, "the subject is empty", "write a subject"
	case headerSafe(d.Subject) != nil:
		per.OK, per.Why, per.Fix = false, "the subject "+headerSafe(d.Subject).Error(), "retype the subject"
	case in.NoticeOnly:
		per.Label = "Notice only, not a sales email"
	default:
		if cp, found := FindCopy(d.Body, c.Name, c.Company, c.ID, in.Recent); found {
			e := cp.Earlier
			per.OK = false
			to := e.ContactRef
			if name := contacts.Clean(e.Name); name != "" {
				to = name + " (" + e.ContactRef + ")"
			}
			per.Why = fmt.Sprintf("%.0f%% the same as %q sent %s to %s", cp.Ratio*100, contacts.Clean(e.Subject), e.SentAt.UTC().Format("2 Jan"), to)
			per.Fix = "write this email for this person"
		} else if tc := in.TeamCopy; tc != nil {
			per.OK = false
			did := "sent a near copy (%.0f%%) to someone else"
			if tc.Queued {
				did = "queued a near copy (%.0f%%) for someone else"
			}
			per.Why = fmt.Sprintf("%s "+did+" on %s", contacts.Clean(tc.Rep), math.Floor(tc.Ratio*100), tc.At.UTC().Format("2 Jan"))
			per.Fix = "write this email for this person: one text to two people in 30 days is bulk, whoever sends it"
		}
	}
	add(per)

	limit := in.DailyCap
	if limit <= 0 {
		limit = DefaultDailyCap
	}
	cp := Item{Rule: RuleDailyCap, Label: fmt.Sprintf("First contacts today %d/%d", in.FirstContactsToday, limit), OK: true}
	if in.FirstContact && in.FirstContactsToday >= limit && !in.NoticeOnly {
		cp.OK, cp.Why, cp.Fix = false, fmt.Sprintf("you made %d first contacts today, the daily cap", in.FirstContactsToday), "send it tomorrow"
	}
	if org := in.Guards.OrgDailyCap; org > 0 {
		cp.Label += fmt.Sprintf(" · team %d/%d", in.OrgFirstContacts, org)
		if cp.OK && in.FirstContact && in.OrgFirstContacts >= org && !in.NoticeOnly {
			cp.OK, cp.Why, cp.Fix = false, fmt.Sprintf("the team made %d first contacts today, the organisation's daily cap", in.OrgFirstContacts), "send it tomorrow"
		}
	}
	add(cp)
	if in.Guards.OverlapDays > 0 {
		add(colleagueItem(c, in, now))
	}

	add(deadlineItem(c, now, in.DeadlineDays, in.NoticeOnly))

	add(unresolvedItem(in, now))
	return v
}

// DoubtHolder is an earlier send to the person that may or may not have
// gone out, and whose it is: who can settle it.
type DoubtHolder struct {
	Row int64  // the message number legit send --resolve takes
	Rep string // whose send it is
	Own bool   // the sending rep's own
	// Until is when the reservation of a send still under way ends (zero
	// when it ended): nobody may resolve it before.
	Until time.Time
}

// unresolvedItem refuses while an earlier send to the person is in doubt,
// saying who can resolve it and how: the rep who sent it (they can check
// their Sent folder) or a lead.
func unresolvedItem(in Input, now time.Time) Item {
	un := Item{Rule: RuleUnresolved, Label: "No earlier send in doubt", OK: in.Unresolved == 0}
	if un.OK {
		return un
	}
	un.Why = "an earlier email to this person may or may not have gone out"
	h := in.Holder
	if h == nil {
		un.Fix = "check your Sent folder and resolve it first (legit send --resolve)"
		return un
	}
	resolve := fmt.Sprintf("legit send --resolve %d --outcome sent|not-sent", h.Row)
	who := contacts.Clean(h.Rep)
	switch {
	case h.Own && h.Until.After(now):
		un.Why += fmt.Sprintf(" (message %d, still being sent until %s)", h.Row, h.Until.UTC().Format("15:04 UTC"))
		un.Fix = "wait for it; if it is still in doubt then, check your Sent folder and run " + resolve
	case h.Own:
		un.Why += fmt.Sprintf(" (message %d, yours)", h.Row)
		un.Fix = "check your Sent folder, then run " + resolve
	case h.Until.After(now):
		un.Why += fmt.Sprintf(" (message %d, %s's, still being sent until %s)", h.Row, who, h.Until.UTC().Format("15:04 UTC"))
		un.Fix = fmt.Sprintf("wait for it; if it is still in doubt then, ask %s or a lead to run %s", who, resolve)
	default:
		un.Why += fmt.Sprintf(" (message %d, %s's)", h.Row, who)
		un.Fix = fmt.Sprintf("ask %s (who can check their Sent folder) or a lead to run %s; legit send --in-doubt lists it for them", who, resolve)
	}
	return un
}

// customerItem checks the existing-customer exception at the moment of
// sending (ePrivacy Directive Art. 13(2)): every condition recorded with the
// basis still holds, and the rep confirms the email is about similar products.
func customerItem(c contacts.Contact, d Draft, now time.Time) Item {
	it := Item{Rule: RuleCustomer, Label: "Existing-customer conditions", OK: true}
	if probs := contacts.CustomerExceptionProblems(c, now); len(probs) > 0 {
		it.OK, it.Why = false, strings.Join(probs, "; ")
		it.Fix = "update the basis (b on the contact), or record consent"
		return it
	}
	if !d.SimilarProducts {
		it.OK = false
		it.Why = "the exception covers only products similar to what they bought (" + contacts.Clean(c.Basis.Purchase) + ")"
		it.Fix = "confirm the email is about similar products (ctrl+k in compose, --similar-products with legit send)"
		return it
	}
	it.Label = "Existing-customer conditions (similar products confirmed)"
	return it
}

// deadlineItem shows the notice clock. An overdue contact may only receive
// the notice-only email (or be erased): a sales email is refused.
func deadlineItem(c contacts.Contact, now time.Time, days int, noticeOnly bool) Item {
	dl := notice.DeadlineAt(notice.ClockFor(c, days), now)
	it := Item{Rule: RuleDeadline, OK: true}
	switch dl.State {
	case notice.Informed:
		it.Label = "Notice deadline: informed"
	case notice.OK:
		it.Label = fmt.Sprintf("Notice deadline: %d days left", dl.DaysLeft)
	case notice.DueSoon:
		it.Label = fmt.Sprintf("Notice deadline: %d days left", dl.DaysLeft)
		it.Warn = "this email informs them just in time"
	case notice.Overdue:
		switch {
		case !dl.PastLegalDue():
			it.Label = fmt.Sprintf("Notice deadline: %d days left (your reminder date has passed)", dl.LegalDaysLeft)
			it.Warn = "inform them now: this email does"
		case noticeOnly:
			it.Label = fmt.Sprintf("Notice deadline: %d days late", -dl.LegalDaysLeft)
			it.Warn = "overdue: this email informs them now"
		default:
			it.Label = fmt.Sprintf("Notice deadline: %d days late", -dl.LegalDaysLeft)
			it.OK = false
			it.Why = "the deadline to tell them about their data (Art. 13/14 GDPR) passed on " + dl.LegalDue.Format("2 Jan 2006")
			it.Fix = "send the notice-only email first (n on the Deadlines screen), or erase them"
		}
	default:
		it.Label = "Notice deadline: no source"
	}
	return it
}

// colleagueItem points out a colleague's recent email to the same person or
// company: a team rule the lead sets, so that two reps do not write to one
// person (or one company) unawares. A warning, or a refusal until the
// window has passed when the lead chose so; never for the notice-only
// email, which the law asks for.
func colleagueItem(c contacts.Contact, in Input, now time.Time) Item {
	days := in.Guards.OverlapDays
	it := Item{Rule: RuleColleague, Label: fmt.Sprintf("No colleague wrote to them or their company in %d days", days), OK: true}
	e := in.Colleague
	if e == nil || in.NoticeOnly {
		return it
	}
	whom := "this person"
	if !e.SamePerson {
		whom = "someone at " + contacts.Clean(c.Company)
	}
	rep := contacts.Clean(e.Rep)
	what := fmt.Sprintf("%s emailed %s on %s", rep, whom, e.At.UTC().Format("2 Jan"))
	if !in.Guards.OverlapRefuse {
		it.Warn = what + ": agree who writes"
		return it
	}
	it.OK, it.Why = false, what
	it.Fix = fmt.Sprintf("agree with %s who writes, or wait until %s (a team rule your lead set)", rep, e.At.AddDate(0, 0, days).UTC().Format("2 Jan"))
	return it
}
