package outreach

import (
	"slices"
	"strings"
)

// Requirement is what a country's law asks before a cold marketing email to
// one kind of recipient.
type Requirement string

// The two answers the marketing-email laws of Europe give.
const (
	// PriorConsent: the recipient must have agreed before the first email;
	// only recorded consent (or an exception the row names) lets the rep write.
	PriorConsent Requirement = "prior-consent"
	// OptOut: prior consent is not needed, but the sender must be identified
	// and every email must offer a free, easy way to object.
	OptOut Requirement = "opt-out"
)

// LawRule is one requirement with the provision it rests on.
type LawRule struct {
	Need Requirement
	Cite string // the provision, e.g. "UWG §7(2) Nr. 2"
}

// Exception is an exception to the consent rule: whether the law has it,
// its conditions in words, and the provision.
type Exception struct {
	Allowed    bool
	Conditions string
	Cite       string
}

// Register is a public list of addresses whose owners refuse marketing
// email; the rep checks the address against it before writing.
type Register struct {
	Name string // the list and who keeps it
	Cite string // the provision that creates it
	// ForOptOut: check it before an email that rests on the opt-out rule.
	ForOptOut bool
	// ForCustomer: check it before an email under the existing-customer exception.
	ForCustomer bool
}

// Policy is what one country's law asks before a cold marketing email, kept
// as data with its sources. The table is policyTable (policy_table.go).
type Policy struct {
	Country string // ISO 3166-1 alpha-2 ("GB" for the United Kingdom)
	Name    string // the country in English
	// LegalPerson is the rule for a named person at a legal person (a company
	// with its own legal personality).
	LegalPerson LawRule
	// NaturalPerson is the rule for natural persons, sole traders and
	// partnerships of natural persons.
	NaturalPerson LawRule
	// Relevance: the legal-person opt-out holds only when the email concerns
	// the recipient's profession; the rep confirms it for each email.
	Relevance bool
	// Customer is the existing-customer exception.
	Customer Exception
	// RoleAddress is the exception for a general address a legal person
	// published itself (info@, sales@), where the law has one.
	RoleAddress Exception
	// AskingProhibited: an email or call that asks for consent is itself
	// prohibited marketing, so the app must never suggest one.
	AskingProhibited bool
	// SubjectMarker must appear in the subject of an email sent without
	// prior consent (BG: recognisable as unsolicited on arrival).
	SubjectMarker string
	// Register is a refusal list to check, where the law keeps one.
	Register Register
	// CustomerFooter is the objection wording the law asks in every email
	// under the existing-customer exception, in the country's language.
	CustomerFooter string
	Statute        string // the statute(s) the row rests on
	Source         string // what was read to write the row
	Checked        string // when the row was checked, YYYY-MM-DD
	// Verified is false where the rules could not be confirmed; such a row
	// applies the strict rule (consent for everyone) and says so in Note.
	Verified bool
	Note     string
}

// countryAliases maps codes people use to the ISO code of the table.
var countryAliases = map[string]string{"UK": "GB", "EL": "GR"}

// normalCountry is country as the table's key: trimmed, upper case, aliases resolved.
func normalCountry(country string) string {
	c := strings.ToUpper(strings.TrimSpace(country))
	if iso, ok := countryAliases[c]; ok {
		return iso
	}
	return c
}

// policyIndex is the table by country code, built once.
var policyIndex = func() map[string]Policy {
	m := make(map[string]Policy, len(policyTable))
	for _, p := range policyTable {
		m[p.Country] = p
	}
	return m
}()

// strictPolicy is the rule for a country that is unknown or not in the
// table: prior consent for everyone, no exception.
func strictPolicy(country string) Policy {
	cite := "strictest rule while the country is unknown"
	if country != "" {
		cite = "strictest rule: legit has no policy for " + country
	}
	return Policy{
		Country: country, LegalPerson: LawRule{PriorConsent, cite}, NaturalPerson: LawRule{PriorConsent, cite},
		Note: "not in the policy table: prior consent is required for everyone until the country is set to one the table covers",
	}
}

// listed reports whether p is a row of the table (not the strict fallback).
func listed(p Policy) bool { return p.Statute != "" }

// PolicyFor returns the policy for an ISO country code. Case and spaces do
// not matter; "UK" means GB and "EL" means GR. An empty or unknown code gets
// the strict rule: prior consent for everyone.
func PolicyFor(country string) Policy {
	c := normalCountry(country)
	if p, ok := policyIndex[c]; ok {
		return p
	}
	return strictPolicy(c)
}

// Policies returns every row of the table, sorted by country code.
func Policies() []Policy {
	out := slices.Clone(policyTable)
	slices.SortFunc(out, func(a, b Policy) int { return strings.Compare(a.Country, b.Country) })
	return out
}
