package outreach

import (
	"strings"

	"legit/contacts"
)

// CountryRule is what one country's law asks before a B2B cold email.
//
// The table is deliberately small and cautious; where a country is not
// listed, the default rule applies, and an unknown country counts as EU:
//
//	DE  consent required for B2B email (UWG §7(2)); an existing customer may be
//	    written to about similar products (UWG §7(3))
//	PL  consent required for B2B email (Polish telecommunications law); no
//	    existing-customer exception
//	NL  legitimate interest is enough; generic role addresses (info@, sales@ …)
//	    are fine, a personal business address only with care (a warning)
//	*   legitimate interest is enough (default and unknown country)
type CountryRule struct {
	Country string // ISO code, or "" for the default rule
	// ConsentRequired: legitimate interest is not enough; only recorded
	// consent (or, where CustomerException, an existing customer) is.
	ConsentRequired bool
	// CustomerException: with ConsentRequired, an existing customer may
	// still be written to about similar products.
	CustomerException bool
	// PersonalAddressCare: under legitimate interest, a personal business
	// address (not a role address) is allowed with a warning.
	PersonalAddressCare bool
	Note                string // the rule in words, for the checklist
}

// countryRules is the policy table. Keep it documented above.
var countryRules = map[string]CountryRule{
	"DE": {Country: "DE", ConsentRequired: true, CustomerException: true,
		Note: "Germany requires prior consent for B2B email (existing customers excepted, for similar products)"},
	"PL": {Country: "PL", ConsentRequired: true,
		Note: "Poland requires prior consent for B2B email"},
	"NL": {Country: "NL", PersonalAddressCare: true,
		Note: "the Netherlands allow legitimate interest; personal business addresses need care"},
}

// defaultRule applies to every country not in the table, and to an unknown one.
var defaultRule = CountryRule{Note: "legitimate interest is enough in this country"}

// RuleFor returns the rule for an ISO country code ("" = unknown, counted as EU).
func RuleFor(country string) CountryRule {
	if r, ok := countryRules[strings.ToUpper(strings.TrimSpace(country))]; ok {
		return r
	}
	return defaultRule
}

// roleLocalParts are generic role mailboxes, not addressed to one person.
var roleLocalParts = map[string]bool{
	"info": true, "sales": true, "office": true, "contact": true, "hello": true,
	"inkoop": true, "purchasing": true, "procurement": true, "admin": true, "team": true,
	"support": true, "marketing": true, "hr": true, "jobs": true, "mail": true,
}

// IsRoleAddress reports whether email is a generic role address such as info@.
func IsRoleAddress(email string) bool {
	at := strings.LastIndexByte(email, '@')
	if at <= 0 {
		return false
	}
	return roleLocalParts[strings.ToLower(email[:at])]
}

// basisVerdict is the outcome of the country rule for one contact.
type basisVerdict struct {
	ok   bool
	warn string // allowed, but with care
	why  string // refused: why
	fix  string // refused: what to do
}

// BasisRefused says why a basis of kind k can never let a rep email a
// contact in country (the country's rule, with what to record instead), or
// "" when the rule allows it. Consent is always allowed by the country; it
// still needs its evidence.
func BasisRefused(country string, k contacts.BasisKind) string {
	r, refused := refuses(country, k)
	switch {
	case !refused:
		return ""
	case r.CustomerException:
		return r.Country + ": " + r.Note + ". Record consent, or the purchase of an existing customer."
	}
	return r.Country + ": " + r.Note + ". Record consent."
}

// refuses reports whether country's rule refuses a basis of kind k for a
// cold email, with the rule.
func refuses(country string, k contacts.BasisKind) (CountryRule, bool) {
	r := RuleFor(country)
	switch {
	case !r.ConsentRequired || k == contacts.ConsentBasis:
		return r, false
	case k == contacts.ExistingCustomer && r.CustomerException:
		return r, false
	}
	return r, true
}

// basisAllowed applies the contact's country rule to its recorded basis.
func basisAllowed(c contacts.Contact) basisVerdict {
	r := RuleFor(c.Country)
	where := c.Country
	if where == "" {
		where = "unknown country (treated as EU)"
	}
	switch c.Basis.Kind {
	case contacts.ConsentBasis:
		if _, ok := c.ActiveConsent(contacts.ConsentMarketing); !ok {
			return basisVerdict{why: "the basis is consent, but no unwithdrawn consent to marketing email is recorded",
				fix: "record the consent with its evidence, or record another basis"}
		}
		return basisVerdict{ok: true}
	case contacts.ExistingCustomer:
		if _, refused := refuses(c.Country, c.Basis.Kind); refused {
			return basisVerdict{why: where + ": " + r.Note, fix: "ask for consent and record it before emailing"}
		}
		return basisVerdict{ok: true}
	case contacts.LegitimateInterest:
		if _, refused := refuses(c.Country, c.Basis.Kind); refused {
			return basisVerdict{why: where + ": " + r.Note, fix: "ask for consent (for example by phone) and record it before emailing"}
		}
		if r.PersonalAddressCare && !IsRoleAddress(c.Email) {
			return basisVerdict{ok: true, warn: where + ": personal business address under legitimate interest; keep it strictly about their role"}
		}
		return basisVerdict{ok: true}
	}
	return basisVerdict{why: "no lawful basis is recorded", fix: "record a legitimate-interest assessment, the customer purchase, or consent"}
}
