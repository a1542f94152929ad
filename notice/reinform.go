package notice

import (
	"strings"

	"legit/contacts"
)

// Terms is what a long notice told the person about why their data is used:
// the lawful basis and, for legitimate interest, the purpose quoted.
type Terms struct {
	Basis   contacts.BasisKind
	Purpose string
}

// TermsOf returns the terms a long notice written for b states. Store it (or
// the basis it came from) when the long notice goes, and compare it with
// Reinform before the next email.
func TermsOf(b contacts.Basis) Terms {
	t := Terms{Basis: b.Kind}
	if b.Kind == contacts.LegitimateInterest {
		t.Purpose = b.Assessment.Purpose
	}
	return t
}

// Reinform reports whether the long notice must go again because the basis
// or its purpose changed since the last long notice, given (the zero Terms
// when none was given under any basis). Art. 13(3) and 14(4) GDPR: before
// processing for another purpose, the person gets the information on that
// purpose. A change of wording only (case, spacing, a final full stop) is
// not a new purpose; any other change of the quoted purpose is.
func Reinform(given, now Terms) bool {
	if given.Basis == contacts.NoBasis || given.Basis != now.Basis {
		return true
	}
	return samePurpose(given.Purpose) != samePurpose(now.Purpose)
}

// samePurpose normalises a purpose for comparison.
func samePurpose(s string) string {
	return strings.TrimRight(strings.ToLower(contacts.Clean(s)), ". ")
}
