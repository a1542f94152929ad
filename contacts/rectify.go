package contacts

import (
	"fmt"
	"strings"
)

// Fields are the parts of a contact a rep can correct (Art. 16).
type Fields struct {
	Name         string
	Email        string
	Company      string
	Position     string
	Country      string
	Language     string
	LegalForm    LegalForm
	Relationship Relationship
}

// FieldsOf returns the editable fields of c.
func FieldsOf(c Contact) Fields {
	return Fields{Name: c.Name, Email: c.Email, Company: c.Company, Position: c.Position,
		Country: c.Country, Language: c.Language, LegalForm: c.LegalForm, Relationship: c.Relationship}
}

// Normalize cleans every field and checks it: the name is required, the
// address valid (or empty), the country two letters, the language two
// letters, the relationship one of prospect, customer or dormant.
func (f Fields) Normalize() (Fields, error) {
	f.Name, f.Company, f.Position = Clean(f.Name), Clean(f.Company), Clean(f.Position)
	f.Country = strings.ToUpper(Clean(f.Country))
	f.Language = strings.ToLower(Clean(f.Language))
	if f.Name == "" {
		return f, fmt.Errorf("name is empty: every contact needs a name")
	}
	if strings.TrimSpace(f.Email) != "" {
		e, err := NormalizeAddress(f.Email)
		if err != nil {
			return f, err
		}
		f.Email = e
	} else {
		f.Email = ""
	}
	if code, err := ParseCountry(f.Country); err == nil {
		f.Country = code
	} else if !isLetters(f.Country, 2) {
		return f, fmt.Errorf("country %q: type its name (Germany, Nederland) or two-letter code (DE, NL, PL), or leave it empty", f.Country)
	}
	if f.Language != "" && !isLetters(f.Language, 2) {
		return f, fmt.Errorf("language %q: use the two-letter code (en, de, nl) or leave it empty", f.Language)
	}
	lf, err := ParseLegalForm(string(f.LegalForm))
	if err != nil {
		return f, err
	}
	f.LegalForm = lf
	switch f.Relationship {
	case Prospect, Customer, Dormant:
	case "":
		f.Relationship = Prospect
	default:
		return f, fmt.Errorf("relationship %q: use prospect, customer or dormant", f.Relationship)
	}
	return f, nil
}

// Changed lists the names of the fields that differ between f and g, in
// form order.
func (f Fields) Changed(g Fields) []string {
	var out []string
	add := func(name string, a, b string) {
		if a != b {
			out = append(out, name)
		}
	}
	add("name", f.Name, g.Name)
	add("email", f.Email, g.Email)
	add("company", f.Company, g.Company)
	add("position", f.Position, g.Position)
	add("country", f.Country, g.Country)
	add("language", f.Language, g.Language)
	add("legal form", string(f.LegalForm), string(g.LegalForm))
	add("relationship", string(f.Relationship), string(g.Relationship))
	return out
}

func isLetters(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}
