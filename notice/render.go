package notice

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"legit/contacts"
)

// Controller is the organisation's details the notice names.
type Controller struct {
	Name, Address, PrivacyURL, DPO, SupervisoryAuthority, OptOutAddress string
	RetentionDays                                                       int
}

// Form picks the long notice (first email) or the short one (later emails).
type Form int

// The two forms of the notice.
const (
	Long  Form = iota // the full Art. 14 information, for the first email
	Short             // the link and a one-line opt-out, for later emails
)

// Input is everything Render needs.
type Input struct {
	Controller Controller
	Contact    contacts.Contact
	Form       Form
	Tracking   bool // whether open tracking is used in this message
}

// ErrNoBasis is returned for a contact with no lawful basis: the notice must
// name one, and no email may go without it.
var ErrNoBasis = errors.New("no lawful basis recorded: record one before the notice can be written")

// ErrNoSource is returned for a contact with no source: the notice must say
// where the data came from.
var ErrNoSource = errors.New("no source recorded: add where the data came from before the notice can be written")

// Render returns the footer text, in the contact's language. It is pure: the
// same input gives the same text. All text from the record is sanitised.
// The long form starts with the right to object to direct marketing on its
// own line, apart from the rest (Art. 21(4)).
func Render(in Input) (string, error) {
	ctl, c := in.Controller, in.Contact
	lang := Language(c.Language)
	var missing []string
	for _, f := range []struct{ name, v string }{{"organisation.name", ctl.Name}, {"organisation.privacy_url", ctl.PrivacyURL}, {"rep.email (the opt-out address)", ctl.OptOutAddress}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("notice: %s not set: add it to the config file", strings.Join(missing, ", "))
	}
	p := map[string]string{
		"org": contacts.Clean(ctl.Name), "url": contacts.Clean(ctl.PrivacyURL), "optout": contacts.Clean(ctl.OptOutAddress),
	}
	if in.Form == Short {
		return T(lang, "short", p) + "\n", nil
	}
	if !c.Basis.Recorded() {
		return "", fmt.Errorf("notice for %s: %w", contacts.Clean(c.Name), ErrNoBasis)
	}
	if !c.HasSource() {
		return "", fmt.Errorf("notice for %s: %w", contacts.Clean(c.Name), ErrNoSource)
	}
	p["address"] = ""
	if addr := contacts.Clean(ctl.Address); addr != "" {
		p["address"] = ", " + addr
	}
	p["dpo"] = contacts.Clean(ctl.DPO)
	if p["dpo"] == "" {
		p["dpo"] = p["optout"]
	}
	p["authority"] = contacts.Clean(ctl.SupervisoryAuthority)
	if p["authority"] == "" {
		p["authority"] = T(lang, "authority_default", nil)
	}
	days := ctl.RetentionDays
	if days <= 0 {
		days = 180
	}
	p["days"] = strconv.Itoa(days)

	lines := []string{
		T(lang, "object", p),
		"",
		T(lang, "heading", p),
		T(lang, "controller", p),
		purposeLine(lang, c),
		T(lang, "categories", map[string]string{"list": strings.Join(categories(lang, c), ", ")}),
		sourceLine(lang, c.FirstSource()),
		T(lang, "retention", p),
		T(lang, "rights", p),
		trackingLine(lang, in.Tracking),
		T(lang, "privacy", p),
		T(lang, "optout", p),
	}
	return strings.Join(lines, "\n") + "\n", nil
}

// purposeLine states the purpose and the basis, quoting the legitimate interest.
func purposeLine(lang string, c contacts.Contact) string {
	b := c.Basis
	switch b.Kind {
	case contacts.LegitimateInterest:
		return T(lang, "purpose_li", map[string]string{"purpose": contacts.Clean(b.Assessment.Purpose)})
	case contacts.ExistingCustomer:
		return T(lang, "purpose_customer", map[string]string{"purchase": contacts.Clean(b.Purchase)})
	default:
		p := map[string]string{"date": "?"}
		if k, ok := c.ActiveConsent(contacts.ConsentMarketing); ok {
			p["date"] = FormatDate(lang, k.GrantedAt)
		} else if !b.RecordedAt.IsZero() {
			p["date"] = FormatDate(lang, b.RecordedAt)
		}
		return T(lang, "purpose_consent", p)
	}
}

// categories lists the kinds of data actually stored about c.
func categories(lang string, c contacts.Contact) []string {
	var out []string
	for _, f := range []struct{ key, v string }{
		{"cat_name", c.Name}, {"cat_email", c.Email}, {"cat_company", c.Company},
		{"cat_position", c.Position}, {"cat_country", c.Country}, {"cat_language", c.Language},
	} {
		if strings.TrimSpace(f.v) != "" {
			out = append(out, T(lang, f.key, nil))
		}
	}
	out = append(out, T(lang, "cat_source", nil))
	if strings.TrimSpace(c.Basis.Purchase) != "" {
		out = append(out, T(lang, "cat_purchase", nil))
	}
	if len(c.Consents) > 0 {
		out = append(out, T(lang, "cat_consent", nil))
	}
	return out
}

// sourceLine says in words where the data came from and when.
func sourceLine(lang string, s contacts.Source) string {
	kind := s.Kind
	if _, ok := texts[DefaultLanguage]["source_"+string(kind)]; !ok {
		kind = contacts.Manual
	}
	detail := contacts.Clean(s.Detail)
	if detail == "" {
		detail = "—"
	}
	return T(lang, "source_"+string(kind), map[string]string{"date": FormatDate(lang, s.ObtainedAt), "detail": detail})
}

func trackingLine(lang string, tracking bool) string {
	if tracking {
		return T(lang, "tracking_on", nil)
	}
	return T(lang, "tracking_off", nil)
}
