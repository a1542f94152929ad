package contacts

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// BasisKind names the lawful basis relied on to email a contact.
type BasisKind string

// The lawful bases the app knows. None means no basis is recorded yet.
const (
	NoBasis            BasisKind = ""
	LegitimateInterest BasisKind = "legitimate_interest"
	ExistingCustomer   BasisKind = "existing_customer"
	ConsentBasis       BasisKind = "consent"
)

// Label is the basis in words for screens and notices.
func (k BasisKind) Label() string {
	switch k {
	case LegitimateInterest:
		return "legitimate interest"
	case ExistingCustomer:
		return "existing customer"
	case ConsentBasis:
		return "consent"
	default:
		return "none"
	}
}

// Basis is the contact's current lawful basis with what it rests on.
type Basis struct {
	Kind       BasisKind
	Assessment Assessment // for legitimate interest
	CustomerSale
	Consent    ConsentEvidence // for consent: how it was given (kept as a consent record)
	Author     string
	RecordedAt time.Time
}

// CustomerSale is what the existing-customer exception rests on (ePrivacy
// Directive 2002/58/EC Art. 13(2) and its national laws, e.g. UWG §7(3)):
// the address was obtained from the customer in connection with a sale, the
// customer was offered the chance to object when it was collected, and the
// mail is about similar products. Each is checked at every send.
type CustomerSale struct {
	Purchase           string     // what they bought
	PurchaseAt         *time.Time // when
	AddressFromSale    bool       // the address was given by the customer in connection with the sale
	ObjectionOfferedAt *time.Time // when the customer was offered an objection at collection; nil if never
}

// NoticeKey identifies what the full notice says about this basis: its kind
// and, for legitimate interest, the purpose pursued (for a customer, what
// they bought). When it changes, the person must be informed again.
func (b Basis) NoticeKey() string {
	var what string
	switch b.Kind {
	case LegitimateInterest:
		what = normalizeText(b.Assessment.Purpose)
	case ExistingCustomer:
		what = normalizeText(b.Purchase)
	}
	if what == "" {
		return string(b.Kind)
	}
	sum := sha256.Sum256([]byte(what))
	return string(b.Kind) + ":" + hex.EncodeToString(sum[:6])
}

// Recorded reports whether any basis is on file.
func (b Basis) Recorded() bool { return b.Kind != NoBasis }

// Assessment is a legitimate-interest assessment in the three parts of the test.
type Assessment struct {
	Purpose   string // what legitimate interest is pursued
	Necessity string // why email to this person serves it
	Balancing string // why it does not override the person's interests
}

// ConsentPurpose names what a consent covers.
type ConsentPurpose string

// The purposes a consent can cover.
const (
	ConsentMarketing ConsentPurpose = "marketing"
	ConsentTracking  ConsentPurpose = "tracking"
)

// ConsentChannel is how a consent was given.
type ConsentChannel string

// The channels a consent can be given through. Each leaves something that
// can be shown later: a reply, a form submission, a signed form, a recording.
const (
	ConsentByReply  ConsentChannel = "email_reply"   // a reply to an email (the reply is kept)
	ConsentByForm   ConsentChannel = "web_form"      // a form on a website (form id and submission)
	ConsentBySigned ConsentChannel = "signed_form"   // a signed card or form (photo or scan file)
	ConsentByCall   ConsentChannel = "recorded_call" // a recorded call (recording reference)
)

// ConsentChannels lists every channel, in the order forms offer them.
func ConsentChannels() []ConsentChannel {
	return []ConsentChannel{ConsentByReply, ConsentByForm, ConsentBySigned, ConsentByCall}
}

// Label is the channel in words for screens.
func (c ConsentChannel) Label() string {
	switch c {
	case ConsentByReply:
		return "email reply"
	case ConsentByForm:
		return "web form"
	case ConsentBySigned:
		return "signed form or card"
	case ConsentByCall:
		return "recorded call"
	}
	return "not recorded"
}

// ConsentEvidence is what would show later that a consent was given (GDPR
// Art. 7(1)): when, how, what the person was told, and a reference to the
// record itself. A consent given in a reply keeps the reply's full text, so
// the evidence survives the mailbox.
type ConsentEvidence struct {
	GivenAt   time.Time
	Channel   ConsentChannel
	Told      string // what the person was told: controller, purpose, the wording shown
	Reference string // reply Message-ID, form id, file name of the signed card's photo, recording id
	ReplyText string // the reply that gave it, in full (email_reply only)
}

// Summary is the evidence in one line, for lists and the log screen.
func (e ConsentEvidence) Summary() string {
	if e.Channel == "" {
		return e.Reference
	}
	return e.Channel.Label() + ", " + e.Reference
}

// Consent is one recorded consent with its evidence.
type Consent struct {
	ID      int64
	Purpose ConsentPurpose
	// Evidence is the free-text evidence of consents recorded before the
	// fields of ConsentEvidence existed; new consents leave it empty.
	Evidence string
	ConsentEvidence
	GrantedAt   time.Time
	WithdrawnAt *time.Time
	Withdrawal  string // how the withdrawal reached us (a reply's Message-ID, "phone call with …")
}

// EvidenceText is the consent's evidence in one line, old or new.
func (k Consent) EvidenceText() string {
	if k.Reference == "" && k.Channel == "" {
		return k.Evidence
	}
	return k.Summary()
}
