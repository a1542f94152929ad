package contacts

import "time"

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
	Purchase   string     // for an existing customer: what they bought
	PurchaseAt *time.Time // for an existing customer: when
	Evidence   string     // for consent: the evidence it was given (kept as a consent record)
	Author     string
	RecordedAt time.Time
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

// Consent is one recorded consent with its evidence.
type Consent struct {
	ID          int64
	Purpose     ConsentPurpose
	Evidence    string // e.g. the Message-ID of the reply that gave it
	GrantedAt   time.Time
	WithdrawnAt *time.Time
}
