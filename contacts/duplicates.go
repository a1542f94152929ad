package contacts

import "strings"

// LikelyDuplicates returns the contacts in all that may be the same person as
// c: the same name, the same address local part (jan.devries@old and
// jan.devries@new), or the same company and the same last name. c itself is
// left out. It is pure; merging is the caller's decision.
func LikelyDuplicates(c Contact, all []Contact) []Contact {
	var out []Contact
	name, local, last, company := fold(c.Name), localPart(c.Email), lastWord(c.Name), fold(c.Company)
	for _, o := range all {
		if o.ID == c.ID {
			continue
		}
		switch {
		case name != "" && fold(o.Name) == name,
			local != "" && localPart(o.Email) == local,
			company != "" && last != "" && fold(o.Company) == company && lastWord(o.Name) == last:
			out = append(out, o)
		}
	}
	return out
}

func fold(s string) string { return strings.ToLower(Clean(s)) }

func localPart(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at <= 0 {
		return ""
	}
	return strings.ToLower(email[:at])
}

func lastWord(name string) string {
	f := strings.Fields(fold(name))
	if len(f) < 2 {
		return ""
	}
	return f[len(f)-1]
}
