package notice

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"legit/contacts"
)

// DefaultCustomerRetentionMonths is how long a customer's data is kept
// after the last purchase when the organisation sets nothing: two years.
const DefaultCustomerRetentionMonths = 24

// Controller is the organisation's details the notice names.
type Controller struct {
	Name       string // legal name (Art. 13(1)(a), 14(1)(a) GDPR); required
	Address    string // postal address (Art. 13(1)(a), 14(1)(a)); required
	PrivacyURL string // the full privacy notice; required
	// DPO is the data protection officer's contact (Art. 13(1)(b),
	// 14(1)(b)); empty when none is designated.
	DPO string
	// SupervisoryAuthority is the authority named as the example of where
	// to complain when the contact's country has no entry in the table
	// (Authority), usually the controller's own.
	SupervisoryAuthority string
	// OptOutAddress is where opt-outs and questions go (the rep's address);
	// required.
	OptOutAddress string
	// RetentionDays is how long a prospect's data is kept after their last
	// reply (or after it was obtained, if they never replied);
	// contacts.DefaultRetentionDays when 0.
	RetentionDays int
	// CustomerRetentionMonths is how long a customer's data is kept after
	// the last purchase; DefaultCustomerRetentionMonths when 0.
	CustomerRetentionMonths int
	// Recipients names who receives the data (Art. 13(1)(e), 14(1)(e)),
	// such as "our email provider, Example Mail GmbH (Berlin), as our
	// processor". Empty states the category: the email provider as processor.
	Recipients string
	// Transfers describes transfers outside the EEA and what they rest on
	// (Art. 13(1)(f), 14(1)(f): the adequacy decision or the safeguard and
	// where to get a copy). Empty states that there are none.
	Transfers string
}

// Form picks the long notice (first email) or the short one (later emails).
type Form int

// The two forms of the notice.
const (
	Long  Form = iota // the full Art. 13/14 information, for the first email
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

// ErrNoController is returned when the organisation's name, postal address
// or privacy URL is missing: the notice must name the real controller
// (Art. 13(1)(a), 14(1)(a) GDPR), never an invented one.
var ErrNoController = errors.New("the organisation (the controller) is not fully set")

// CheckController returns an error when ctl lacks what every notice must
// name. For a missing organisation detail it wraps ErrNoController and
// shows the exact config lines to add.
func CheckController(ctl Controller) error {
	var lines []string
	for _, f := range []struct{ key, v, example string }{
		{"name", ctl.Name, "Your Company Ltd"},
		{"address", ctl.Address, "Street 1, 1000 City, Country"},
		{"privacy_url", ctl.PrivacyURL, "https://your-company.example/privacy"},
	} {
		if strings.TrimSpace(f.v) == "" {
			lines = append(lines, fmt.Sprintf("%s = %q", f.key, f.example))
		}
	}
	if len(lines) > 0 {
		return fmt.Errorf("notice: %w: add these lines to the config file, with your organisation's real details:\n\n[organisation]\n%s",
			ErrNoController, strings.Join(lines, "\n"))
	}
	if strings.TrimSpace(ctl.OptOutAddress) == "" {
		return errors.New("notice: no address for opt-outs: set your own address in the config file:\n\n[rep]\nemail = \"you@your-company.example\"")
	}
	return nil
}

// Render returns the footer text, in the contact's language. It is pure: the
// same input gives the same text. All text from the record is sanitised.
// The long form starts with the right to object to direct marketing on its
// own line, apart from the rest (Art. 21(4) GDPR), then gives everything
// Art. 14(1)-(2) asks (Art. 13(1)-(2) for data the person handed over).
// For an existing customer in Germany both forms also carry the objection
// wording UWG § 7(3) Nr. 4 requires in every message.
func Render(in Input) (string, error) {
	lines, err := compose(in)
	if err != nil {
		return "", err
	}
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text
	}
	return strings.Join(texts, "\n") + "\n", nil
}

// line is one line of a notice with the text keys it was written from, so
// tests can check by key that every element the law asks for is there.
type line struct {
	keys []string
	text string
}

// compose builds the notice line by line.
func compose(in Input) ([]line, error) {
	ctl, c := in.Controller, in.Contact
	if err := CheckController(ctl); err != nil {
		return nil, err
	}
	lang := Language(c.Language)
	p := params(lang, ctl, c)
	var out []line
	add := func(keys ...string) {
		texts := make([]string, len(keys))
		for i, k := range keys {
			texts[i] = T(lang, k, p)
		}
		out = append(out, line{keys: keys, text: strings.Join(texts, " ")})
	}
	if in.Form == Short {
		add("short")
		if customerObjectionDE(c) {
			add("uwg_customer")
		}
		return out, nil
	}
	if !c.Basis.Recorded() {
		return nil, fmt.Errorf("notice for %s: %w", contacts.Clean(c.Name), ErrNoBasis)
	}
	if !c.HasSource() {
		return nil, fmt.Errorf("notice for %s: %w", contacts.Clean(c.Name), ErrNoSource)
	}
	// Art. 21(4): the right to object, first and apart from the rest.
	add("object")
	if customerObjectionDE(c) {
		add("uwg_customer") // UWG § 7(3) Nr. 4
	}
	out = append(out, line{})
	handed := handedOver(c)
	add(headingKey(handed))
	// Art. 13/14(1)(a) identity and contact details; (1)(b) the DPO.
	if strings.TrimSpace(ctl.DPO) != "" {
		add("controller", "dpo")
	} else {
		add("controller")
	}
	// Art. 13/14(1)(c) purposes and basis; the legitimate interest (Art. 13(1)(d), 14(2)(b)).
	out = append(out, purposeLine(lang, c, p))
	if c.Basis.Kind == contacts.ConsentBasis {
		add("withdraw") // Art. 13(2)(c), 14(2)(d), 7(3)
	}
	// Art. 14(1)(d) categories.
	out = append(out, line{keys: []string{"categories"},
		text: T(lang, "categories", map[string]string{"list": strings.Join(categories(lang, c), ", ")})})
	add("recipients") // Art. 13/14(1)(e)
	if strings.TrimSpace(ctl.Transfers) != "" {
		add("transfers") // Art. 13/14(1)(f)
	} else {
		add("transfers_none")
	}
	// Art. 14(2)(f): every source, and whether it was publicly accessible.
	for _, s := range sourcesInOrder(c) {
		out = append(out, line{keys: []string{sourceKey(s.Kind)}, text: SourceText(lang, s, ctl.Name)})
	}
	out = append(out, line{keys: []string{retentionKey(c)}, text: retentionText(lang, ctl, c)}) // Art. 13/14(2)(a)
	add("suppression")
	// Art. 13(2)(b), 14(2)(c) the rights; portability (Art. 20) for consent.
	add(rightsKey(c))
	// Art. 13(2)(d), 14(2)(e) the right to complain (Art. 77).
	out = append(out, complaintLine(lang, ctl, c, p))
	// Art. 13(2)(f), 14(2)(g) automated decision-making.
	add("automated")
	if handed != handedNone {
		add("obligation") // Art. 13(2)(e)
	}
	if in.Tracking {
		add("tracking_on")
	} else {
		add("tracking_off")
	}
	add("privacy")
	add("optout")
	return dedupe(out), nil
}

// params are the values every notice text may use, sanitised.
func params(lang string, ctl Controller, c contacts.Contact) map[string]string {
	p := map[string]string{
		"org": contacts.Clean(ctl.Name), "address": contacts.Clean(ctl.Address), "url": contacts.Clean(ctl.PrivacyURL),
		"optout": contacts.Clean(ctl.OptOutAddress), "dpo": contacts.Clean(ctl.DPO),
		"recipients": contacts.Clean(ctl.Recipients), "transfers": contacts.Clean(ctl.Transfers),
		"gdpr": T(lang, "gdpr", nil),
	}
	if p["recipients"] == "" {
		p["recipients"] = T(lang, "recipients_default", nil)
	}
	p["contact"] = p["dpo"]
	if p["contact"] == "" {
		p["contact"] = p["optout"]
	}
	if countryCode(c.Country) == "GB" {
		p["gdpr"] = T(lang, "gdpr_uk", nil) // UK GDPR applies beside the EU GDPR
	}
	return p
}

// customerObjectionDE reports whether c is an existing customer in Germany,
// written to under UWG § 7(3): every message must then tell them they may
// object at any time without costs beyond basic transmission rates (Nr. 4).
func customerObjectionDE(c contacts.Contact) bool {
	return countryCode(c.Country) == "DE" && c.Basis.Kind == contacts.ExistingCustomer
}

// How much of a contact's data the person handed over themselves.
const (
	handedNone = iota // none: Art. 14
	handedSome        // some sources handed over, some not: Art. 13 and 14
	handedAll         // all handed over (a business card): Art. 13
)

func handedOver(c contacts.Contact) int {
	n := 0
	for _, s := range c.Sources {
		if s.Kind.HandedOver() {
			n++
		}
	}
	switch {
	case n == 0:
		return handedNone
	case n == len(c.Sources):
		return handedAll
	default:
		return handedSome
	}
}

func headingKey(handed int) string {
	switch handed {
	case handedAll:
		return "heading_13"
	case handedSome:
		return "heading_13_14"
	default:
		return "heading_14"
	}
}

// purposeLine states the purpose and the basis, quoting the legitimate interest.
func purposeLine(lang string, c contacts.Contact, p map[string]string) line {
	b := c.Basis
	q := map[string]string{"gdpr": p["gdpr"]}
	var key string
	switch b.Kind {
	case contacts.LegitimateInterest:
		key, q["purpose"] = "purpose_li", strings.TrimRight(contacts.Clean(b.Assessment.Purpose), ". ") // the text closes the quote with its own full stop
	case contacts.ExistingCustomer:
		key, q["purchase"] = "purpose_customer", contacts.Clean(b.Purchase)
	default:
		key, q["date"] = "purpose_consent", "?"
		if k, ok := c.ActiveConsent(contacts.ConsentMarketing); ok {
			q["date"] = FormatDate(lang, k.GrantedAt)
		} else if !b.RecordedAt.IsZero() {
			q["date"] = FormatDate(lang, b.RecordedAt)
		}
	}
	return line{keys: []string{key}, text: T(lang, key, q)}
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

// sourcesInOrder returns c's sources, oldest first.
func sourcesInOrder(c contacts.Contact) []contacts.Source {
	s := append([]contacts.Source(nil), c.Sources...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].ObtainedAt.Before(s[j].ObtainedAt) })
	return s
}

// sourceKey is the text key for a source kind; an unknown kind reads as a note.
func sourceKey(k contacts.SourceKind) string {
	if _, ok := texts[DefaultLanguage]["source_"+string(k)]; ok {
		return "source_" + string(k)
	}
	return "source_" + string(contacts.Manual)
}

// SourceText says in lang where one source's data came from and when, as
// Art. 14(2)(f) GDPR asks: a website or directory is called publicly
// accessible, and a LinkedIn source is what it is, a connections export made
// by the rep who obtained it (or org when no rep is recorded). The Art. 15
// access copy uses the same sentence.
func SourceText(lang string, s contacts.Source, org string) string {
	p := map[string]string{"date": FormatDate(lang, s.ObtainedAt), "detail": "", "by": contacts.Clean(s.ObtainedBy)}
	if d := contacts.Clean(s.Detail); d != "" {
		p["detail"] = " (" + d + ")"
	}
	if p["by"] == "" {
		p["by"] = contacts.Clean(org)
	}
	return T(lang, sourceKey(s.Kind), p)
}

// isCustomer reports whether the customer retention period applies to c.
func isCustomer(c contacts.Contact) bool {
	return c.Relationship == contacts.Customer || c.Relationship == contacts.Dormant || c.Basis.Kind == contacts.ExistingCustomer
}

func retentionKey(c contacts.Contact) string {
	if isCustomer(c) {
		return "retention_customer"
	}
	return "retention_prospect"
}

// retentionText states how long the data is kept (Art. 13/14(2)(a)): for a
// prospect, counted from their last reply, not from our last email; for a
// customer, from the last purchase.
func retentionText(lang string, ctl Controller, c contacts.Contact) string {
	if isCustomer(c) {
		months := ctl.CustomerRetentionMonths
		if months <= 0 {
			months = DefaultCustomerRetentionMonths
		}
		pd := period(lang, months, unitMonths)
		if months%12 == 0 {
			pd = period(lang, months/12, unitYears)
		}
		return T(lang, "retention_customer", map[string]string{"period": pd})
	}
	days := ctl.RetentionDays
	if days <= 0 {
		days = contacts.DefaultRetentionDays
	}
	return T(lang, "retention_prospect", map[string]string{"period": period(lang, days, unitDays)})
}

// rightsKey picks the list of rights: with portability (Art. 20(1)(a)) when
// the basis is consent.
func rightsKey(c contacts.Contact) string {
	if c.Basis.Kind == contacts.ConsentBasis {
		return "rights_portability"
	}
	return "rights"
}

// complaintLine states the right to complain (Art. 77): to a supervisory
// authority, in particular in the member state of the person's habitual
// residence, place of work or of the alleged infringement, with the
// authority of their country as an example. A UK contact is pointed to the
// ICO (UK GDPR) and a Swiss one to the FDPIC as well.
func complaintLine(lang string, ctl Controller, c contacts.Contact, p map[string]string) line {
	q := map[string]string{"gdpr": p["gdpr"]}
	switch cc := countryCode(c.Country); cc {
	case "GB", "CH":
		a, _ := Authority(cc)
		q["authority"] = a.String()
		key := "complaint_uk"
		if cc == "CH" {
			key = "complaint_ch"
		}
		return line{keys: []string{key}, text: T(lang, key, q)}
	}
	example := contacts.Clean(ctl.SupervisoryAuthority)
	if a, ok := Authority(c.Country); ok {
		example = a.String()
	}
	if example == "" {
		return line{keys: []string{"complaint"}, text: T(lang, "complaint", q)}
	}
	q["authority"] = example
	return line{keys: []string{"complaint", "authority_example"},
		text: T(lang, "complaint", q) + " " + T(lang, "authority_example", q)}
}

// dedupe drops a line whose text an earlier line already gave (two identical
// source records read as one); blank lines stay.
func dedupe(lines []line) []line {
	out := lines[:0]
	seen := map[string]bool{}
	for _, l := range lines {
		if l.text != "" && seen[l.text] {
			continue
		}
		seen[l.text] = true
		out = append(out, l)
	}
	return out
}
