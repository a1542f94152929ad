package contacts

import "testing"

// FuzzFieldsNormalize checks that any edit-form input either is refused or
// comes out clean and stable: normalising twice changes nothing.
func FuzzFieldsNormalize(f *testing.F) {
	f.Add("Anna Müller", "anna@Example.COM", "de", "DE", "prospect")
	f.Add("\x1b[31mEve", "eve@ex", "xx", "d", "friend")
	f.Add(" Zofia\u202e Łódź ", "z@wisla-soft.example", "pl", "PL", "")
	f.Fuzz(func(t *testing.T, name, email, lang, country, rel string) {
		in := Fields{Name: name, Email: email, Company: name, Position: name, Country: country, Language: lang, Relationship: Relationship(rel)}
		out, err := in.Normalize()
		if err != nil {
			return
		}
		again, err := out.Normalize()
		if err != nil {
			t.Fatalf("Normalize(%+v) accepted, then refused its own output: %v", in, err)
		}
		if ch := out.Changed(again); len(ch) > 0 {
			t.Errorf("Normalize is not stable on %+v: %v changed", out, ch)
		}
		if Clean(out.Name) != out.Name || out.Name == "" {
			t.Errorf("Normalize left name %q unclean or empty", out.Name)
		}
	})
}
