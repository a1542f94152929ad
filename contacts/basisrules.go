package contacts

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// MinAssessmentChars is the fewest characters each part of a
// legitimate-interest assessment must have: a sentence, not a tick box.
const MinAssessmentChars = 40

// DormantAfterMonths is how long after the last purchase a customer turns
// dormant and needs a fresh basis.
const DormantAfterMonths = 12

// AssessmentPart names one part of the legitimate-interest test.
type AssessmentPart string

// The three parts, in the order the test asks them.
const (
	PartPurpose   AssessmentPart = "purpose"
	PartNecessity AssessmentPart = "necessity"
	PartBalancing AssessmentPart = "balancing"
)

// Guidance is the one line of help each part of the assessment shows. It is
// also the placeholder text, which is never accepted as an answer.
var Guidance = map[AssessmentPart]string{
	PartPurpose:   "What legitimate interest do you pursue by writing to this person?",
	PartNecessity: "Why is emailing this person needed for it? Is there a lighter way?",
	PartBalancing: "Why does it not override their interests? Would they expect it?",
}

// BasisError lists every problem with a basis, each naming what to fix.
type BasisError struct {
	Problems []string
}

// Error joins the problems into one line.
func (e *BasisError) Error() string {
	return "the basis cannot be saved: " + strings.Join(e.Problems, "; ")
}

// ValidateBasis checks that b can be relied on at now. A legitimate-interest
// basis needs each part of the assessment written out (at least
// MinAssessmentChars, not the guidance text, not the same text as another
// part); an existing-customer basis needs the purchase and its date (not in
// the future, not over DormantAfterMonths old), the address obtained in the
// sale and the objection offered at collection; consent needs evidence that
// would stand up (ConsentProblems). It returns a *BasisError listing every
// problem, or nil.
func ValidateBasis(b Basis, now time.Time) error {
	var probs []string
	switch b.Kind {
	case LegitimateInterest:
		probs = assessmentProblems(b.Assessment)
	case ExistingCustomer:
		probs = customerProblems(b.CustomerSale, now)
	case ConsentBasis:
		probs = ConsentProblems(b.Consent, now)
	default:
		probs = append(probs, "basis: choose legitimate interest, existing customer or consent")
	}
	if len(probs) > 0 {
		return &BasisError{Problems: probs}
	}
	return nil
}

// customerProblems checks the conditions of the existing-customer exception
// (ePrivacy Directive Art. 13(2)) as recorded at now.
func customerProblems(cs CustomerSale, now time.Time) []string {
	var probs []string
	if strings.TrimSpace(cs.Purchase) == "" {
		probs = append(probs, "purchase: name what the customer bought (the basis covers similar products only)")
	}
	switch {
	case cs.PurchaseAt == nil || cs.PurchaseAt.IsZero():
		probs = append(probs, "purchase date: give the date of the purchase (YYYY-MM-DD)")
	case cs.PurchaseAt.After(now):
		probs = append(probs, "purchase date: the date is in the future; give the date it was bought")
	case IsDormantAt(*cs.PurchaseAt, now):
		probs = append(probs, fmt.Sprintf("purchase date: the purchase is over %d months old, so the customer is dormant; record consent instead", DormantAfterMonths))
	}
	if !cs.AddressFromSale {
		probs = append(probs, "address: the exception covers only an address the customer gave you in the sale; confirm it, or record consent")
	}
	switch {
	case cs.ObjectionOfferedAt == nil || cs.ObjectionOfferedAt.IsZero():
		probs = append(probs, "objection at collection: give the date the customer was offered the chance to refuse marketing email when the address was collected")
	case cs.ObjectionOfferedAt.After(now):
		probs = append(probs, "objection at collection: the date is in the future")
	}
	return probs
}

// CustomerExceptionProblems lists why the existing-customer exception does
// not hold for c at the moment of sending now: every condition of
// customerProblems checked again at now (a purchase goes dormant, an old
// record may lack a condition), and an address that can only have come from
// a third party (every source is a LinkedIn export, a directory, a website or
// a referral) was not obtained from the customer in the sale. Empty when it
// holds; the similar-products condition is the draft's and the rep confirms it.
func CustomerExceptionProblems(c Contact, now time.Time) []string {
	probs := customerProblems(c.Basis.CustomerSale, now)
	if c.HasSource() && !c.hasFirstPartySource() {
		probs = append(probs, "address: every source of this contact is a third party ("+string(c.FirstSource().Kind)+"), so the address was not given by the customer in the sale")
	}
	return probs
}

// hasFirstPartySource reports whether any source could be the person
// themselves: a card, an event, or a record entered by hand.
func (c Contact) hasFirstPartySource() bool {
	for _, s := range c.Sources {
		switch s.Kind {
		case BusinessCard, Event, Manual:
			return true
		}
	}
	return false
}

// MinConsentToldChars is the fewest characters the record of what a person
// was told when they consented must have: who, for what, in which words.
const MinConsentToldChars = 30

// ConsentProblems lists what is missing for a consent to stand up (GDPR
// Art. 7(1): the controller must be able to show it was given): the date, the
// channel, what the person was told, a reference to the record, and for a
// reply the reply itself. "by phone" alone is not evidence.
func ConsentProblems(e ConsentEvidence, now time.Time) []string {
	var probs []string
	switch {
	case e.GivenAt.IsZero():
		probs = append(probs, "consent date: give the date it was given (YYYY-MM-DD)")
	case e.GivenAt.After(now):
		probs = append(probs, "consent date: the date is in the future")
	}
	known := false
	for _, c := range ConsentChannels() {
		known = known || c == e.Channel
	}
	if !known {
		probs = append(probs, "how: choose how it was given (email reply, web form, signed form or card, recorded call)")
	}
	if n := len([]rune(strings.TrimSpace(e.Told))); n < MinConsentToldChars {
		probs = append(probs, fmt.Sprintf("told: write what the person was told: who you are, what they agreed to receive, the wording shown (at least %d characters, now %d)", MinConsentToldChars, n))
	}
	if len(strings.TrimSpace(e.Reference)) < 4 {
		probs = append(probs, "reference: give the reply's Message-ID, the form id, the file name of the signed card's photo or the recording id")
	}
	if e.Channel == ConsentByReply && strings.TrimSpace(e.ReplyText) == "" {
		probs = append(probs, "reply: paste the reply that gave consent, so the evidence survives the mailbox")
	}
	return probs
}

// assessmentProblems checks the three parts of a legitimate-interest test.
func assessmentProblems(a Assessment) []string {
	parts := []struct {
		part AssessmentPart
		text string
	}{{PartPurpose, a.Purpose}, {PartNecessity, a.Necessity}, {PartBalancing, a.Balancing}}
	var probs []string
	seen := map[string]AssessmentPart{}
	for _, p := range parts {
		text := normalizeText(p.text)
		switch {
		case text == "":
			probs = append(probs, fmt.Sprintf("%s: write it out: %s", p.part, strings.ToLower(Guidance[p.part][:1])+Guidance[p.part][1:]))
		case text == normalizeText(Guidance[p.part]) || isGuidance(text):
			probs = append(probs, fmt.Sprintf("%s: replace the guidance text with your own words", p.part))
		case len(unfilled(p.text)) > 0:
			probs = append(probs, fmt.Sprintf("%s: replace %s with this contact's own details (none is recorded)", p.part, strings.Join(unfilled(p.text), ", ")))
		case len([]rune(text)) < MinAssessmentChars:
			probs = append(probs, fmt.Sprintf("%s: write at least %d characters (now %d)", p.part, MinAssessmentChars, len([]rune(text))))
		default:
			if other, dup := seen[text]; dup {
				probs = append(probs, fmt.Sprintf("%s: it repeats the %s; answer this part's own question", p.part, other))
			} else {
				seen[text] = p.part
			}
		}
	}
	return probs
}

// isGuidance reports whether text is any part's guidance line.
func isGuidance(text string) bool {
	for _, g := range Guidance {
		if text == normalizeText(g) {
			return true
		}
	}
	return false
}

// normalizeText lower-cases text and folds its white space, so that copies
// differing only in case or spacing count as the same.
func normalizeText(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// IsDormantAt reports whether a customer whose last purchase was at lastPurchase
// is dormant at now: the purchase is more than DormantAfterMonths months ago,
// counted in calendar dates (UTC), so on the anniversary it is not dormant yet.
func IsDormantAt(lastPurchase, now time.Time) bool {
	return dateOnly(now).After(dateOnly(lastPurchase).AddDate(0, DormantAfterMonths, 0))
}

// dateOnly is t's calendar date in UTC.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// IsDormant reports whether c is a customer gone dormant at now: a customer
// (or one already marked dormant) still on the existing-customer basis whose
// recorded purchase is over DormantAfterMonths months old. Such a contact
// needs a fresh basis.
func IsDormant(c Contact, now time.Time) bool {
	if c.Relationship != Customer && c.Relationship != Dormant {
		return false
	}
	if c.Relationship == Dormant && c.Basis.Kind != ExistingCustomer {
		return false // a fresh basis has been recorded
	}
	if c.Basis.PurchaseAt == nil {
		return c.Relationship == Dormant
	}
	return IsDormantAt(*c.Basis.PurchaseAt, now)
}

// NeedsFreshBasis reports whether c's basis can no longer be relied on at
// now: none is recorded, or it is the existing-customer basis of a dormant
// customer.
func NeedsFreshBasis(c Contact, now time.Time) bool {
	if !c.Basis.Recorded() {
		return true
	}
	return c.Basis.Kind == ExistingCustomer && IsDormant(c, now)
}

// ErrNoPurchaseDate is returned by ParsePurchaseDate for an empty input.
var ErrNoPurchaseDate = errors.New("no purchase date")

// ParsePurchaseDate reads a purchase date written as YYYY-MM-DD.
func ParsePurchaseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ErrNoPurchaseDate
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("purchase date %q: write it as YYYY-MM-DD", Clean(s))
	}
	return t, nil
}
