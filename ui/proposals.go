package ui

import (
	"strings"

	"legit/contacts"
)

// proposals are what legit proposes for a contact's unknown country and
// legal form, from the address and the company's name. They are shown and
// applied only when the rep confirms them (p on the contact).
type proposals struct {
	country contacts.CountryProposal
	form    contacts.LegalFormProposal
}

// proposalsFor proposes what c lacks: a country when it has none, a legal
// form when it is unknown.
func proposalsFor(c contacts.Contact) proposals {
	var p proposals
	if c.Country == "" {
		p.country = contacts.ProposeCountry(c.Email, c.Company)
	}
	if c.LegalForm == contacts.LegalFormUnknown {
		p.form = contacts.ProposeLegalForm(c.Email, c.Name, c.Company)
	}
	return p
}

// confirmable reports whether p holds anything p can apply: a proposal
// that points to one answer.
func (p proposals) confirmable() bool {
	return p.country.Confidence >= contacts.ConfidenceLikely || p.form.Confidence >= contacts.ConfidenceLikely
}

// apply puts the one-answer proposals into f.
func (p proposals) apply(f contacts.Fields) contacts.Fields {
	if p.country.Confidence >= contacts.ConfidenceLikely {
		f.Country = p.country.Country
	}
	if p.form.Confidence >= contacts.ConfidenceLikely {
		f.LegalForm = p.form.Form
	}
	return f
}

// countryText is the country field: the country, or why it is unknown and
// what legit proposes.
func (p proposals) countryText(c contacts.Contact) string {
	if c.Country != "" {
		return contacts.CountryName(c.Country) + " (" + c.Country + ")"
	}
	const strict = "unknown: the strictest rule applies (consent)"
	switch pc := p.country; {
	case pc.Confidence >= contacts.ConfidenceLikely:
		return strict + "; proposed " + contacts.CountryName(pc.Country) + ": " + pc.Reason + " (p confirms)"
	case pc.Ambiguous():
		names := make([]string, len(pc.Candidates))
		for i, code := range pc.Candidates {
			names[i] = contacts.CountryName(code)
		}
		return strict + "; perhaps " + strings.Join(names, ", ") + ": " + pc.Reason + " (e sets it)"
	}
	return strict + " (e sets it)"
}

// formText is the legal-form field, with the proposal when unknown.
func (p proposals) formText(c contacts.Contact) string {
	if c.LegalForm != contacts.LegalFormUnknown {
		return c.LegalForm.Label()
	}
	const strict = "unknown: the stricter rule applies"
	if pf := p.form; pf.Confidence >= contacts.ConfidenceAmbiguous {
		how := " (p confirms)"
		if pf.Confidence == contacts.ConfidenceAmbiguous {
			how = " (e sets it)"
		}
		return strict + "; proposed " + pf.Form.Label() + ": " + pf.Reason + how
	}
	return strict + " (e sets it)"
}
