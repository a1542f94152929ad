package contacts

import "fmt"

// LegalForm says whether the person is written to at a legal person (a
// company with its own legal personality) or is themselves the business: a
// sole trader or a partnership of natural persons. Marketing law treats the
// second as a natural person everywhere.
type LegalForm string

// The legal forms a contact can have. Unknown means nobody has said; the
// checklist then applies the stricter of the country's two rules.
const (
	LegalFormUnknown LegalForm = ""
	LegalPerson      LegalForm = "legal_person"
	SoleTrader       LegalForm = "sole_trader" // sole trader or partnership of natural persons
)

// LegalForms lists every form a rep can choose, in the order forms offer them.
func LegalForms() []LegalForm { return []LegalForm{LegalFormUnknown, LegalPerson, SoleTrader} }

// Label is the legal form in words for screens.
func (f LegalForm) Label() string {
	switch f {
	case LegalPerson:
		return "company (legal person)"
	case SoleTrader:
		return "sole trader or partnership"
	default:
		return "unknown"
	}
}

// ParseLegalForm checks s against the known forms ("" and "unknown" are unknown).
func ParseLegalForm(s string) (LegalForm, error) {
	switch s {
	case "", "unknown":
		return LegalFormUnknown, nil
	case string(LegalPerson), "company":
		return LegalPerson, nil
	case string(SoleTrader), "sole trader", "partnership":
		return SoleTrader, nil
	}
	return "", fmt.Errorf("unknown legal form %q: use legal_person, sole_trader or unknown", s)
}
