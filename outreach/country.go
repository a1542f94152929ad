package outreach

import (
	"strings"
	"time"

	"legit/contacts"
)

// ColdEmailRule is what the law of a contact's country asks before a cold
// marketing email to that contact, given its legal form and address.
type ColdEmailRule struct {
	Policy Policy
	Need   Requirement // prior consent, or opt-out
	Cite   string      // the provision Need rests on
	Whom   string      // who the rule is for, in words
	// RoleAddress: the opt-out rests on the published-role-address
	// exception; the rep confirms the company published the address itself.
	RoleAddress bool
	// Relevance: the opt-out holds only if the email concerns the
	// recipient's profession; the rep confirms it.
	Relevance bool
	// FormUnknown: nobody set the legal form, so the stricter rule applies.
	FormUnknown bool
}

// ColdEmail says what the law of country asks for a cold marketing email to
// a contact of legal form form at address email. Sole traders follow the
// natural-person rule; an unknown legal form follows the stricter of the
// country's two rules; a legal person's general address (IsRoleAddress) gets
// the role-address exception where the country has one. An unknown country
// gets prior consent.
func ColdEmail(country string, form contacts.LegalForm, email string) ColdEmailRule {
	p := PolicyFor(country)
	r := ColdEmailRule{Policy: p}
	switch form {
	case contacts.SoleTrader:
		r.Need, r.Cite, r.Whom = p.NaturalPerson.Need, p.NaturalPerson.Cite, "a sole trader or partnership"
	case contacts.LegalPerson:
		r.Need, r.Cite, r.Whom = p.LegalPerson.Need, p.LegalPerson.Cite, "a named person at a company"
		switch {
		case r.Need == PriorConsent && p.RoleAddress.Allowed && IsRoleAddress(email):
			r.Need, r.Cite, r.Whom, r.RoleAddress = OptOut, p.RoleAddress.Cite, "a company's general address", true
		case r.Need == OptOut:
			r.Relevance = p.Relevance
		}
	default:
		strict := p.NaturalPerson
		if strict.Need != PriorConsent {
			strict = p.LegalPerson
		}
		r.Need, r.Cite, r.Whom, r.FormUnknown = strict.Need, strict.Cite, "a contact whose legal form is unknown", true
		r.Relevance = r.Need == OptOut && p.Relevance
	}
	return r
}

// roleLocalParts are generic role mailboxes, not addressed to one person.
var roleLocalParts = map[string]bool{
	"info": true, "sales": true, "office": true, "contact": true, "hello": true, "kontakt": true,
	"inkoop": true, "purchasing": true, "procurement": true, "admin": true, "team": true,
	"support": true, "marketing": true, "hr": true, "jobs": true, "mail": true, "post": true, "firmapost": true,
}

// IsRoleAddress reports whether email is a generic role address such as info@.
func IsRoleAddress(email string) bool {
	at := strings.LastIndexByte(email, '@')
	if at <= 0 {
		return false
	}
	return roleLocalParts[strings.ToLower(email[:at])]
}

// SubjectMarker returns the marker the law of c's country asks in the
// subject of an email sent to c without prior consent (BG: "Непоискано
// търговско съобщение"), or "" when none is needed. The sender should put it
// at the start of the subject before the checklist runs.
func SubjectMarker(c contacts.Contact) string {
	if c.Basis.Kind == contacts.ConsentBasis {
		return ""
	}
	return PolicyFor(c.Country).SubjectMarker
}

// hasMarker reports whether subject carries marker, in any case.
func hasMarker(subject, marker string) bool {
	return strings.Contains(strings.ToLower(subject), strings.ToLower(marker))
}

// BasisRefused says why a basis of kind k can never let a rep email a
// contact of legal form form in country, with what to do instead, or ""
// when some email could rest on it. Consent is never refused here (it still
// needs its evidence); a basis that depends on the address (a legal
// person's published role address) is not refused either: the checklist
// decides for the address.
func BasisRefused(country string, form contacts.LegalForm, k contacts.BasisKind) string {
	r := ColdEmail(country, form, "")
	p := r.Policy
	roleCouldApply := form == contacts.LegalPerson && p.RoleAddress.Allowed
	switch k {
	case contacts.NoBasis, contacts.ConsentBasis:
		return ""
	case contacts.ExistingCustomer:
		if p.Customer.Allowed || r.Need == OptOut || roleCouldApply {
			return ""
		}
		return upperFirst(noCustomerWhy(r, country)) + ". " + upperFirst(consentFix(r, country, "", false)) + "."
	}
	if r.Need == OptOut || roleCouldApply {
		return ""
	}
	return upperFirst(consentWhy(r, country)) + ". " + upperFirst(consentFix(r, country, "", p.Customer.Allowed)) + "."
}

// ContactBasisRefused is BasisRefused for c itself, its address included: at
// a company whose country excepts only a published general address, a
// named person's address is refused too. The lists, the contact screen and
// the basis form use it; "" when some email to c could rest on the basis.
func ContactBasisRefused(c contacts.Contact) string {
	r := ColdEmail(c.Country, c.LegalForm, c.Email)
	p := r.Policy
	switch c.Basis.Kind {
	case contacts.NoBasis, contacts.ConsentBasis:
		return ""
	case contacts.ExistingCustomer:
		if p.Customer.Allowed || r.Need == OptOut {
			return ""
		}
		return upperFirst(noCustomerWhy(r, c.Country)) + ". " + upperFirst(consentFix(r, c.Country, c.Email, false)) + "."
	}
	if r.Need == OptOut {
		return ""
	}
	return upperFirst(consentWhy(r, c.Country)) + ". " + upperFirst(consentFix(r, c.Country, c.Email, p.Customer.Allowed)) + "."
}

// basisVerdict is the outcome of the country rule for one contact.
type basisVerdict struct {
	ok    bool
	label string // the checklist label: the basis and the rule it rests on
	warn  string // allowed, but with care
	why   string // refused: why
	fix   string // refused: what to do
}

// where names the country for a rule text: its code, or that it is unknown.
func where(country string, p Policy) string {
	switch {
	case strings.TrimSpace(country) == "":
		return "country unknown"
	case !listed(p):
		return p.Country + " (no policy in legit)"
	}
	return p.Country
}

// basisLabel is the checklist label for kind resting on cite in country.
func basisLabel(k contacts.BasisKind, country string, p Policy, cite string) string {
	return "Basis: " + k.Label() + " (" + where(country, p) + ": " + cite + ")"
}

// consentWhy says that prior consent is required, and for whom.
func consentWhy(r ColdEmailRule, country string) string {
	why := where(country, r.Policy) + ": prior consent is required for marketing email to " + r.Whom + " (" + r.Cite + ")"
	if listed(r.Policy) && !r.Policy.Verified {
		why += "; legit has not verified this country's rules, so it applies the strictest one"
	}
	return why
}

// noCustomerWhy says that the country has no existing-customer exception.
func noCustomerWhy(r ColdEmailRule, country string) string {
	return where(country, r.Policy) + ": the law has no existing-customer exception for email, so prior consent is required for " +
		r.Whom + " (" + r.Cite + ")"
}

// consentFix offers, where the country's rule asks for prior consent and
// none is recorded, only steps that rule leaves open: set the missing facts, record a consent obtained elsewhere with
// its evidence, or keep the contact for another channel. It never suggests
// asking for consent by email or phone. email is the contact's address, or
// "" when the advice is for any address.
func consentFix(r ColdEmailRule, country, email string, customer bool) string {
	p := r.Policy
	var steps []string
	if strings.TrimSpace(country) == "" {
		steps = append(steps, "set the country on the contact screen (e edits the contact, Country field)")
	}
	switch {
	case r.FormUnknown && p.LegalPerson.Need == OptOut:
		steps = append(steps, "if they work for a company, set the legal form on the contact screen (e edits the contact): "+
			p.Country+" lets you write to a named person at a company on the opt-out rule")
	case r.FormUnknown && p.RoleAddress.Allowed && (email == "" || IsRoleAddress(email)):
		steps = append(steps, "if this is a company's general address, set the legal form on the contact screen (e edits the contact): "+
			p.Country+" exempts "+p.RoleAddress.Conditions)
	}
	steps = append(steps, "record a consent obtained elsewhere, with its evidence")
	if customer {
		steps = append(steps, "record the purchase if they are an existing customer")
	}
	fix := strings.Join(steps, "; or ") + "; otherwise keep the contact for another channel"
	if p.AskingProhibited {
		fix += " (in " + p.Country + " an email or call asking for consent is itself prohibited)"
	}
	return fix
}

// basisAllowed applies the law of the contact's country to its recorded
// basis and the draft: legal form, role-address exception, the relevance
// confirmation and the subject marker.
func basisAllowed(c contacts.Contact, d Draft) basisVerdict {
	r := ColdEmail(c.Country, c.LegalForm, c.Email)
	p := r.Policy
	k := c.Basis.Kind
	switch k {
	case contacts.NoBasis:
		if r.Need == PriorConsent {
			return basisVerdict{label: "Basis: none", why: "no basis is recorded; " + consentWhy(r, c.Country),
				fix: consentFix(r, c.Country, c.Email, p.Customer.Allowed)}
		}
		return basisVerdict{label: "Basis: none", why: "no basis is recorded",
			fix: "record a legitimate-interest assessment, the customer purchase, or a consent obtained elsewhere with its evidence"}
	case contacts.ConsentBasis:
		if _, ok := c.ActiveConsent(contacts.ConsentMarketing); !ok {
			return basisVerdict{label: "Basis: consent", why: "the basis is consent, but no unwithdrawn consent to marketing email is recorded",
				fix: "record the consent with its evidence, or record another basis"}
		}
		return basisVerdict{ok: true, label: basisLabel(k, c.Country, p, r.Cite)}
	case contacts.ExistingCustomer:
		if p.Customer.Allowed {
			return basisVerdict{ok: true, label: basisLabel(k, c.Country, p, p.Customer.Cite)}
		}
		if r.Need == PriorConsent {
			return basisVerdict{label: "Basis: " + k.Label(), why: noCustomerWhy(r, c.Country), fix: consentFix(r, c.Country, c.Email, false)}
		}
	case contacts.LegitimateInterest:
		if r.Need == PriorConsent {
			return basisVerdict{label: "Basis: " + k.Label(), why: consentWhy(r, c.Country), fix: consentFix(r, c.Country, c.Email, p.Customer.Allowed)}
		}
	}
	return optOutVerdict(c, d, r)
}

// optOutVerdict checks an email without prior consent that rests on the
// opt-out rule or the role-address exception: what the rep must confirm,
// the subject marker, and the refusal list to check.
func optOutVerdict(c contacts.Contact, d Draft, r ColdEmailRule) basisVerdict {
	p := r.Policy
	k := c.Basis.Kind
	label := basisLabel(k, c.Country, p, r.Cite)
	refused := "Basis: " + k.Label() // a refusal names the rule in its reason
	cc := where(c.Country, p)
	orConsent := ", or record a consent obtained elsewhere with its evidence"
	switch {
	case r.RoleAddress && !d.RoleAddressConfirmed:
		return basisVerdict{label: refused,
			why: cc + ": without consent, only a general address the company published itself may be written to (" + r.Cite + ")",
			fix: "confirm that " + company(c) + " published this address for contact (ctrl+k in compose, --published-address with legit send)" + orConsent}
	case r.Relevance && !d.RelevanceConfirmed:
		return basisVerdict{label: refused,
			why: cc + ": without consent, a professional address may be written to only about the person's profession (" + r.Cite + ")",
			fix: "confirm that this email concerns their profession (ctrl+k in compose, --about-their-job with legit send)" + orConsent}
	case p.SubjectMarker != "" && !hasMarker(d.Subject, p.SubjectMarker):
		return basisVerdict{label: refused,
			why: cc + ": an email sent without prior consent must be recognisable as unsolicited when it arrives (" + r.Cite + ")",
			fix: "start the subject with \"" + p.SubjectMarker + "\""}
	}
	switch {
	case r.RoleAddress:
		label += "; published general address confirmed by you"
	case r.Relevance:
		label += "; relevance to their profession confirmed by you"
	}
	return basisVerdict{ok: true, label: label}
}

// RegisterFor is the public refusal register a send to c must be checked
// against under c's basis and the law of c's country (the KZP register in
// Bulgaria, the ECG list in Austria, the Robinson list in Portugal), or nil.
// Consent needs no register check.
func RegisterFor(c contacts.Contact) *Register {
	p := PolicyFor(c.Country)
	if p.Register.Name == "" {
		return nil
	}
	switch c.Basis.Kind {
	case contacts.ExistingCustomer:
		if p.Customer.Allowed && p.Register.ForCustomer {
			return &p.Register
		}
	case contacts.LegitimateInterest:
		if p.Register.ForOptOut && ColdEmail(c.Country, c.LegalForm, c.Email).Need == OptOut {
			return &p.Register
		}
	}
	return nil
}

// RegisterFresh is how old an imported register may be before the checklist
// asks for a fresh copy: the lists change every day.
const RegisterFresh = 31 * 24 * time.Hour

// registerItem checks that the register reg of c's country was imported
// (its addresses are then on the suppression list, which the send checks).
func registerItem(c contacts.Contact, reg *Register, imported *time.Time, now time.Time) Item {
	cc := PolicyFor(c.Country).Country
	it := Item{Rule: RuleRegister, Label: "Refusal register checked (" + cc + ")", OK: true}
	fix := "download it and import it: legit register import FILE --country " + cc
	switch {
	case imported == nil:
		it.OK, it.Why, it.Fix = false, "the "+reg.Name+" ("+reg.Cite+") was never imported, so this address was not checked against it", fix
	case now.Sub(*imported) > RegisterFresh:
		it.Label = "Refusal register checked (" + cc + ", imported " + imported.UTC().Format("2 Jan 2006") + ")"
		it.Warn = "the copy is over a month old: " + fix
	default:
		it.Label = "Refusal register checked (" + cc + ", imported " + imported.UTC().Format("2 Jan 2006") + ")"
	}
	return it
}

// company names the contact's company for a rule text.
func company(c contacts.Contact) string {
	if name := contacts.Clean(c.Company); name != "" {
		return name
	}
	return "the company"
}
