package notice

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/notice")

var testController = Controller{
	Name:                 "Northwind Analytics B.V.",
	Address:              "Keizersgracht 1, 1015 CC Amsterdam, Netherlands",
	PrivacyURL:           "https://northwind-analytics.example/privacy",
	DPO:                  "privacy@northwind-analytics.example",
	SupervisoryAuthority: "Autoriteit Persoonsgegevens, autoriteitpersoonsgegevens.nl",
	OptOutAddress:        "robin.maes@northwind-analytics.example",
	RetentionDays:        180,
	Recipients:           "our email provider, Example Mail GmbH (Berlin), as our processor",
}

// homeCountry is the country of each language's golden contacts; German
// is spoken by the Austrian one so that only the German customer case
// falls under UWG § 7(3).
var homeCountry = map[string]string{"en": "IE", "nl": "NL", "pl": "PL", "bg": "BG", "de": "AT"}

const purpose = "Offering our route-planning software to logistics and operations teams, a B2B service we sell."

func at(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 30, 0, 0, time.UTC) }

// noticeCase is one contact the notice is rendered for.
type noticeCase struct {
	name     string
	c        contacts.Contact
	tracking bool
}

// noticeCases are the situations every language is rendered in: a prospect
// on legitimate interest with two sources, a customer, a consent contact
// with open tracking, a business card (Art. 13), a customer in Germany
// (UWG § 7(3)) and a prospect in the United Kingdom (UK GDPR).
func noticeCases(lang string) []noticeCase {
	base := contacts.Contact{Name: "Alex Example", Email: "alex@example-logistics.example", Company: "Example Logistics",
		Position: "Head of Operations", Country: homeCountry[lang], Language: lang, Relationship: contacts.Prospect}
	li := contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: contacts.Assessment{Purpose: purpose}}
	purchased := at(2026, 3, 2)
	customer := contacts.Basis{Kind: contacts.ExistingCustomer, CustomerSale: contacts.CustomerSale{Purchase: "RoutePlanner Pro annual licence", PurchaseAt: &purchased}}
	referral := []contacts.Source{{Kind: contacts.Referral, Detail: "introduced by Anna Müller", ObtainedAt: at(2026, 2, 20), ObtainedBy: "Robin Maes"}}

	prospect := base
	prospect.Basis = li
	prospect.Sources = []contacts.Source{
		{Kind: contacts.Website, Detail: "speaker page, Solar Madrid 2026", ObtainedAt: at(2026, 10, 17), ObtainedBy: "Robin Maes"},
		{Kind: contacts.LinkedIn, Detail: "LinkedIn connections export", ObtainedAt: at(2026, 10, 13), ObtainedBy: "Robin Maes"},
	}

	cust := base
	cust.Relationship, cust.Basis, cust.Sources = contacts.Customer, customer, referral

	cons := base
	cons.Basis = contacts.Basis{Kind: contacts.ConsentBasis, Consent: contacts.ConsentEvidence{Reference: "reply <a1@example>"}, RecordedAt: at(2026, 10, 28)}
	cons.Sources = []contacts.Source{{Kind: contacts.Event, Detail: "speaker list, Warsaw Data Days 2026", ObtainedAt: at(2026, 10, 27)}}
	cons.Consents = []contacts.Consent{
		{Purpose: contacts.ConsentMarketing, Evidence: "reply <a1@example>", GrantedAt: at(2026, 10, 28)},
		{Purpose: contacts.ConsentTracking, Evidence: "reply <a1@example>", GrantedAt: at(2026, 10, 28)},
	}

	card := base
	card.Basis = li
	card.Sources = []contacts.Source{{Kind: contacts.BusinessCard, Detail: "card from booth 14, Expo Utrecht 2026", ObtainedAt: at(2026, 11, 21)}}

	de := cust
	de.Country = "DE"

	uk := base
	uk.Country, uk.Basis = "GB", li
	uk.Sources = []contacts.Source{{Kind: contacts.Directory, ObtainedAt: at(2026, 11, 2)}}

	return []noticeCase{
		{"prospect on legitimate interest, two sources", prospect, false},
		{"existing customer", cust, false},
		{"consent, with open tracking", cons, true},
		{"business card (Art. 13)", card, false},
		{"existing customer in Germany (UWG § 7(3))", de, false},
		{"prospect in the United Kingdom, source without detail", uk, false},
	}
}

func TestEveryLanguageHasEveryKey(t *testing.T) {
	want := []string{"bg", "de", "en", "nl", "pl"}
	if got := Languages(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("Languages() = %v, want %v", got, want)
	}
	// A translation may leave out a parameter only where its grammar has no
	// place for it: a Polish greeting does not name the person.
	optional := map[string]map[string]bool{"pl": {"only_greeting_name": true}}
	param := regexp.MustCompile(`\{[a-z]+\}`)
	en := texts[DefaultLanguage]
	for _, lang := range Languages() {
		tx := texts[lang]
		for key, ref := range en {
			s, ok := tx[key]
			if !ok || strings.TrimSpace(s) == "" {
				t.Errorf("%s: key %q is missing or empty", lang, key)
				continue
			}
			got, exp := param.FindAllString(s, -1), param.FindAllString(ref, -1)
			sort.Strings(got)
			sort.Strings(exp)
			if strings.Join(got, " ") != strings.Join(exp, " ") && !(optional[lang][key] && len(got) < len(exp)) {
				t.Errorf("%s: key %q has parameters %v, English has %v", lang, key, got, exp)
			}
		}
		for key := range tx {
			if _, ok := en[key]; !ok {
				t.Errorf("%s: key %q is not in English", lang, key)
			}
		}
		for _, k := range contacts.SourceKinds() {
			if _, ok := tx["source_"+string(k)]; !ok {
				t.Errorf("%s: no text for source kind %s", lang, k)
			}
		}
	}
}

func TestRenderGolden(t *testing.T) {
	for _, lang := range Languages() {
		for _, f := range []struct {
			form Form
			name string
		}{{Long, "long"}, {Short, "short"}} {
			var b strings.Builder
			for _, nc := range noticeCases(lang) {
				got, err := Render(Input{Controller: testController, Contact: nc.c, Form: f.form, Tracking: nc.tracking})
				if err != nil {
					t.Fatalf("Render(%s, %s, %s) = %v", lang, nc.name, f.name, err)
				}
				if strings.Contains(got, "..") {
					t.Errorf("%s %s %s: a doubled full stop:\n%s", lang, nc.name, f.name, got)
				}
				b.WriteString("=== " + nc.name + " ===\n" + got + "\n")
			}
			path := filepath.Join("..", "testdata", "notice", lang+"_"+f.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read %s: %v (go test ./notice -update creates it)", path, err)
			}
			if b.String() != string(want) {
				t.Errorf("%s differs (go test ./notice -update rewrites it)\n--- want\n%s\n--- got\n%s", path, want, b.String())
			}
		}
	}
}

// element is something Art. 13/14 GDPR (or the design) asks the long notice
// to say, met by any one of the text keys listed.
type element struct {
	what string
	keys []string
}

// requiredElements lists, for one contact, the elements its long notice must
// carry, each with the article it comes from.
func requiredElements(ctl Controller, c contacts.Contact) []element {
	el := []element{
		{"the right to object to direct marketing, first (Art. 21(4))", []string{"object"}},
		{"heading naming the article", []string{"heading_13", "heading_14", "heading_13_14"}},
		{"controller identity and contact details (Art. 13/14(1)(a))", []string{"controller"}},
		{"purposes and legal basis (Art. 13/14(1)(c)), the legitimate interest (Art. 13(1)(d), 14(2)(b))", []string{"purpose_li", "purpose_customer", "purpose_consent"}},
		{"categories of data (Art. 14(1)(d))", []string{"categories"}},
		{"recipients (Art. 13/14(1)(e))", []string{"recipients"}},
		{"third-country transfers (Art. 13/14(1)(f))", []string{"transfers", "transfers_none"}},
		{"retention period (Art. 13/14(2)(a))", []string{"retention_prospect", "retention_customer"}},
		{"suppression hash kept after an opt-out", []string{"suppression"}},
		{"rights (Art. 13(2)(b), 14(2)(c))", []string{"rights", "rights_portability"}},
		{"right to complain (Art. 13(2)(d), 14(2)(e), 77)", []string{"complaint", "complaint_uk", "complaint_ch"}},
		{"automated decision-making (Art. 13(2)(f), 14(2)(g))", []string{"automated"}},
		{"tracking", []string{"tracking_on", "tracking_off"}},
		{"privacy notice link", []string{"privacy"}},
		{"opt-out in one reply", []string{"optout"}},
	}
	if ctl.DPO != "" {
		el = append(el, element{"data protection officer (Art. 13/14(1)(b))", []string{"dpo"}})
	}
	if c.Basis.Kind == contacts.ConsentBasis {
		el = append(el, element{"withdrawal of consent (Art. 7(3), 13(2)(c), 14(2)(d))", []string{"withdraw"}},
			element{"portability (Art. 20)", []string{"rights_portability"}})
	}
	for _, s := range c.Sources {
		if s.Kind.HandedOver() {
			el = append(el, element{"whether giving the data was required (Art. 13(2)(e))", []string{"obligation"}},
				element{"Art. 13 heading", []string{"heading_13", "heading_13_14"}})
			continue
		}
		el = append(el, element{"source " + string(s.Kind) + " (Art. 14(2)(f))", []string{"source_" + string(s.Kind)}})
	}
	if countryCode(c.Country) == "DE" && c.Basis.Kind == contacts.ExistingCustomer {
		el = append(el, element{"objection without extra costs (UWG § 7(3) Nr. 4)", []string{"uwg_customer"}})
	}
	return el
}

// TestEveryElementInEveryLanguage checks by text key, not by English words,
// that every long notice in every language carries every element the law
// asks for, written in that language's own text.
func TestEveryElementInEveryLanguage(t *testing.T) {
	noDPO := testController
	noDPO.DPO, noDPO.Transfers = "", "to our CRM provider in the USA, under the EU-US Data Privacy Framework (adequacy decision)"
	for _, lang := range Languages() {
		for _, ctl := range []Controller{testController, noDPO} {
			for _, nc := range noticeCases(lang) {
				lines, err := compose(Input{Controller: ctl, Contact: nc.c, Form: Long, Tracking: nc.tracking})
				if err != nil {
					t.Fatalf("%s %s: %v", lang, nc.name, err)
				}
				used := map[string]bool{}
				for _, l := range lines {
					for _, k := range l.keys {
						used[k] = true
						if _, ok := texts[lang][k]; !ok {
							t.Errorf("%s %s: line %q falls back to English", lang, nc.name, k)
						}
					}
				}
				for _, e := range requiredElements(ctl, nc.c) {
					found := false
					for _, k := range e.keys {
						found = found || used[k]
					}
					if !found {
						t.Errorf("%s %s: no %s (keys %v)", lang, nc.name, e.what, e.keys)
					}
				}
				if lines[0].keys[0] != "object" {
					t.Errorf("%s %s: the objection is not first", lang, nc.name)
				}
				if used["dpo"] != (ctl.DPO != "") || used["transfers"] != (ctl.Transfers != "") {
					t.Errorf("%s %s: DPO or transfers line does not follow the controller", lang, nc.name)
				}
			}
		}
	}
}

func TestRenderLong(t *testing.T) {
	render := func(c contacts.Contact, tracking bool) string {
		t.Helper()
		s, err := Render(Input{Controller: testController, Contact: c, Form: Long, Tracking: tracking})
		if err != nil {
			t.Fatalf("Render() = %v", err)
		}
		return s
	}
	c := noticeCases("en")[0].c
	got := render(c, false)
	lines := strings.Split(got, "\n")
	if !strings.HasPrefix(lines[0], "You may object to direct marketing at any time") || lines[1] != "" {
		t.Errorf("the objection is not first and on its own line:\n%s", got)
	}
	if strings.Count(got, "object to direct marketing") != 1 {
		t.Errorf("the objection appears more than once:\n%s", got)
	}
	for _, want := range []string{
		"Why you are receiving this email (Art. 14 GDPR):",
		"Controller: Northwind Analytics B.V., Keizersgracht 1, 1015 CC Amsterdam, Netherlands; email: robin.maes@northwind-analytics.example.",
		"Data protection officer: privacy@northwind-analytics.example.",
		`Purpose: "Offering our route-planning software to logistics and operations teams, a B2B service we sell".`,
		"Recipients: our email provider, Example Mail GmbH (Berlin), as our processor.",
		"We do not transfer your data outside the European Economic Area.",
		"Source: a LinkedIn connections export made by Robin Maes on 13 Oct 2026, in which you are listed as a connection.\nSource: a publicly accessible website",
		"180 days after your last reply to us",
		"keyed hash of your email address",
		"in particular in the member state of your habitual residence, place of work or of the alleged infringement (Art. 77 GDPR). For example: Data Protection Commission, dataprotection.ie.",
		"we do not track",
		"https://northwind-analytics.example/privacy",
		"reply to this email with the one word STOP",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("long notice lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"your LinkedIn profile", "unless you become a customer", "portability"} {
		if strings.Contains(got, bad) {
			t.Errorf("long notice says %q:\n%s", bad, got)
		}
	}
	if again := render(c, false); again != got {
		t.Errorf("Render is not pure: two calls differ")
	}
	if tr := render(c, true); !strings.Contains(tr, "open-tracking pixel") || strings.Contains(tr, "we do not track") {
		t.Errorf("tracking on is not stated:\n%s", tr)
	}
	less := c
	less.Position, less.Country, less.Language = "", "", ""
	s := render(less, false)
	if strings.Contains(s, "position") || strings.Contains(s, "country,") {
		t.Errorf("categories name fields not stored:\n%s", s)
	}
	if !strings.Contains(s, "For example: Autoriteit Persoonsgegevens") {
		t.Errorf("unknown country does not fall back to the controller's authority:\n%s", s)
	}
	none := testController
	none.SupervisoryAuthority, none.DPO, none.Recipients = "", "", ""
	s, err := Render(Input{Controller: none, Contact: less, Form: Long})
	if err != nil || strings.Contains(s, "For example") || strings.Contains(s, "Data protection officer") ||
		!strings.Contains(s, "To use them, write to robin.maes@northwind-analytics.example.") ||
		!strings.Contains(s, "Recipients: our email provider, which processes the data on our behalf (processor).") {
		t.Errorf("Render(no authority, DPO, recipients) = %v\n%s", err, s)
	}
	dup := c
	dup.Sources = append(dup.Sources, dup.Sources[0])
	if s := render(dup, false); strings.Count(s, "publicly accessible website") != 1 {
		t.Errorf("a duplicated source record is told twice:\n%s", s)
	}
	evil := c
	evil.Basis.Assessment.Purpose = "Sell\x1b[2J stuff\nnow"
	if s := render(evil, false); strings.ContainsRune(s, 0x1b) || !strings.Contains(s, `"Sell stuff now"`) {
		t.Errorf("purpose not sanitised:\n%q", s)
	}
}

func TestRenderByCase(t *testing.T) {
	cases := noticeCases("en")
	render := func(nc noticeCase, form Form) string {
		t.Helper()
		s, err := Render(Input{Controller: testController, Contact: nc.c, Form: form, Tracking: nc.tracking})
		if err != nil {
			t.Fatalf("Render(%s) = %v", nc.name, err)
		}
		return s
	}
	tests := []struct {
		nc        noticeCase
		form      Form
		want, not []string
	}{
		{cases[1], Long, []string{"2 years after your last purchase", "offering you products similar to the one you bought from us (RoutePlanner Pro annual licence)"}, []string{"transmission costs", "after your last reply"}},
		{cases[2], Long, []string{"your consent of 28 Oct 2026 (Art. 6(1)(a) GDPR)", "You may withdraw your consent at any time", "portability of the data you gave us", "open-tracking pixel"}, nil},
		{cases[3], Long, []string{"How we use the details you gave us (Art. 13 GDPR):", "You were not obliged to give us your details", "you gave us your business card on 21 Nov 2026 (card from booth 14, Expo Utrecht 2026)."}, []string{"Art. 14"}},
		{cases[4], Long, []string{"STOP\" (or write to robin.maes@northwind-analytics.example) and we will never write to you again.\nYou may object to the use of your email address for advertising at any time, at no cost other than the transmission costs at basic rates.\n\n"}, nil},
		{cases[4], Short, []string{"reply STOP.\nYou may object to the use of your email address for advertising at any time, at no cost other than the transmission costs at basic rates.\n"}, nil},
		{cases[1], Short, []string{"Privacy notice: https://northwind-analytics.example/privacy · To hear no more from Northwind Analytics B.V., reply STOP.\n"}, []string{"transmission costs"}},
		{cases[5], Long, []string{"(Art. 14 GDPR / UK GDPR)", "with the Information Commissioner's Office, ico.org.uk (Art. 77 UK GDPR)", "a publicly accessible business directory, where we found your details on 2 Nov 2026."}, []string{"member state of your habitual residence"}},
	}
	for _, tt := range tests {
		s := render(tt.nc, tt.form)
		for _, w := range tt.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s: lacks %q:\n%s", tt.nc.name, w, s)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(s, n) {
				t.Errorf("%s: says %q:\n%s", tt.nc.name, n, s)
			}
		}
	}
	ch := cases[0].c
	ch.Country = "CH"
	if s := render(noticeCase{c: ch}, Long); !strings.Contains(s, "in Switzerland you may also turn to this office: Eidgenössischer Datenschutz") {
		t.Errorf("Swiss contact not pointed to the FDPIC:\n%s", s)
	}
	mixed := cases[0].c
	mixed.Sources = append(mixed.Sources, cases[3].c.Sources...)
	if s := render(noticeCase{c: mixed}, Long); !strings.Contains(s, "(Art. 13 and 14 GDPR)") || !strings.Contains(s, "not obliged") {
		t.Errorf("a card beside other sources does not name both articles:\n%s", s)
	}
	months := testController
	months.CustomerRetentionMonths = 18
	if s, _ := Render(Input{Controller: months, Contact: cases[1].c, Form: Long}); !strings.Contains(s, "18 months after your last purchase") {
		t.Errorf("customer retention in months not stated:\n%s", s)
	}
}

func TestRenderRefusals(t *testing.T) {
	c := noticeCases("en")[0].c
	noBasis := c
	noBasis.Basis = contacts.Basis{}
	if _, err := Render(Input{Controller: testController, Contact: noBasis, Form: Long}); !errors.Is(err, ErrNoBasis) {
		t.Errorf("Render(no basis) = %v, want ErrNoBasis", err)
	}
	noSource := c
	noSource.Sources = nil
	if _, err := Render(Input{Controller: testController, Contact: noSource, Form: Long}); !errors.Is(err, ErrNoSource) {
		t.Errorf("Render(no source) = %v, want ErrNoSource", err)
	}
	tests := []struct {
		name      string
		edit      func(*Controller)
		want, not []string
	}{
		{"no organisation", func(c *Controller) { c.Name, c.Address, c.PrivacyURL = "", "", " " },
			[]string{"[organisation]\nname = \"Your Company Ltd\"\naddress = \"Street 1, 1000 City, Country\"\nprivacy_url = \"https://your-company.example/privacy\""}, nil},
		{"no address", func(c *Controller) { c.Address = "" }, []string{"[organisation]\naddress = "}, []string{"name =", "privacy_url ="}},
		{"no privacy URL", func(c *Controller) { c.PrivacyURL = "" }, []string{"[organisation]\nprivacy_url = "}, []string{"name =", "address ="}},
	}
	for _, tt := range tests {
		ctl := testController
		tt.edit(&ctl)
		for _, form := range []Form{Long, Short} {
			_, err := Render(Input{Controller: ctl, Contact: c, Form: form})
			if !errors.Is(err, ErrNoController) {
				t.Fatalf("%s: Render() = %v, want ErrNoController", tt.name, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%s: error lacks %q:\n%v", tt.name, w, err)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(err.Error(), n) {
					t.Errorf("%s: error asks for %q, which is set:\n%v", tt.name, n, err)
				}
			}
		}
	}
	ctl := testController
	ctl.OptOutAddress = ""
	if err := CheckController(ctl); err == nil || errors.Is(err, ErrNoController) || !strings.Contains(err.Error(), "[rep]\nemail = ") {
		t.Errorf("CheckController(no opt-out address) = %v, want the [rep] email line", err)
	}
	if err := CheckController(testController); err != nil {
		t.Errorf("CheckController(complete) = %v", err)
	}
}

func TestLanguageFallback(t *testing.T) {
	tests := []struct{ in, want string }{
		{"de", "de"}, {"DE", "de"}, {"de-AT", "de"}, {"nl_BE", "nl"}, {"fr", "en"}, {"", "en"}, {"xx-yy", "en"},
	}
	for _, tt := range tests {
		if got := Language(tt.in); got != tt.want {
			t.Errorf("Language(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	c := noticeCases("en")[0].c
	c.Language = "fr"
	s, err := Render(Input{Controller: testController, Contact: c, Form: Short})
	if err != nil || !strings.HasPrefix(s, "Privacy notice: ") {
		t.Errorf("Render(fr) = %q, %v; want English", s, err)
	}
}

func TestFormatDate(t *testing.T) {
	d := time.Date(2026, 11, 5, 23, 30, 0, 0, time.UTC)
	tests := []struct{ lang, want string }{
		{"en", "5 Nov 2026"}, {"nl", "5 november 2026"}, {"de", "5. November 2026"}, {"pl", "5 listopada 2026 r."}, {"bg", "5 ноември 2026 г."}, {"fr", "5 Nov 2026"},
	}
	for _, tt := range tests {
		if got := FormatDate(tt.lang, d); got != tt.want {
			t.Errorf("FormatDate(%s) = %q, want %q", tt.lang, got, tt.want)
		}
	}
	if got := FormatDate("en", time.Date(2026, 11, 5, 23, 30, 0, 0, time.FixedZone("CET", -3600))); got != "6 Nov 2026" {
		t.Errorf("FormatDate uses the local date, want UTC: %q", got)
	}
	if got := T("en", "no-such-key", nil); got != "no-such-key" {
		t.Errorf("T(missing) = %q, want the key", got)
	}
}

func TestAbbreviationEndsSentence(t *testing.T) {
	tests := []struct {
		lang string
		src  contacts.Source
		want string
	}{
		{"bg", contacts.Source{Kind: contacts.Referral, ObtainedAt: at(2026, 11, 2)}, "Източник: бяхте ни препоръчани на 2 ноември 2026 г."},
		{"bg", contacts.Source{Kind: contacts.Referral, Detail: "от Анна", ObtainedAt: at(2026, 11, 2)}, "Източник: бяхте ни препоръчани на 2 ноември 2026 г. (от Анна)."},
		{"pl", contacts.Source{Kind: contacts.Website, ObtainedAt: at(2026, 11, 2)}, "Źródło danych: publicznie dostępna strona internetowa, na której znaleźliśmy dane dnia 2 listopada 2026 r."},
		{"de", contacts.Source{Kind: contacts.Referral, ObtainedAt: at(2026, 11, 2)}, "Quelle: Sie wurden uns am 2. November 2026 empfohlen."},
		{"en", contacts.Source{Kind: contacts.LinkedIn, ObtainedAt: at(2026, 11, 2)}, "Source: a LinkedIn connections export made by Northwind Analytics B.V. on 2 Nov 2026, in which you are listed as a connection."},
	}
	for _, tt := range tests {
		if got := SourceText(tt.lang, tt.src, "Northwind Analytics B.V."); got != tt.want {
			t.Errorf("SourceText(%s, %s) = %q, want %q", tt.lang, tt.src.Kind, got, tt.want)
		}
	}
}

func TestPeriod(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		unit string
		want string
	}{
		{"pl", 1, unitDays, "1 dzień"}, {"pl", 180, unitDays, "180 dni"}, {"pl", 2, unitYears, "2 lata"}, {"pl", 5, unitYears, "5 lat"},
		{"pl", 12, unitYears, "12 lat"}, {"pl", 22, unitYears, "22 lata"}, {"pl", 24, unitMonths, "24 miesiące"}, {"pl", 25, unitMonths, "25 miesięcy"},
		{"pl", 1, unitYears, "1 rok"}, {"bg", 1, unitYears, "1 година"}, {"bg", 2, unitMonths, "2 месеца"}, {"de", 1, unitYears, "1 Jahr"},
		{"de", 2, unitYears, "2 Jahre"}, {"nl", 2, unitYears, "2 jaar"}, {"en", 1, unitDays, "1 day"}, {"en", 3, unitYears, "3 years"},
	}
	for _, tt := range tests {
		if got := period(tt.lang, tt.n, tt.unit); got != tt.want {
			t.Errorf("period(%s, %d, %s) = %q, want %q", tt.lang, tt.n, tt.unit, got, tt.want)
		}
	}
}

// FuzzRender checks that no text from a record can put a control character
// or an escape sequence into the notice, and that the objection stays first.
func FuzzRender(f *testing.F) {
	f.Add("Anna Müller", "Kraftwerk GmbH", "LinkedIn export", "Offering our software.", "de", "DE")
	f.Add("\x1b]8;;http://evil\x07x", "\u202eevil", "line\nbreak\r", "\x00\x9b31m", "xx", "\x1b")
	f.Fuzz(func(t *testing.T, name, company, detail, purpose, lang, country string) {
		c := contacts.Contact{Name: name, Email: "a@b.example", Company: company, Language: lang, Country: country,
			Basis:   contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: contacts.Assessment{Purpose: purpose}},
			Sources: []contacts.Source{{Kind: contacts.Event, Detail: detail, ObtainedAt: at(2026, 11, 1), ObtainedBy: name}}}
		s, err := Render(Input{Controller: testController, Contact: c, Form: Long})
		if err != nil {
			t.Fatalf("Render() = %v", err)
		}
		for _, r := range s {
			if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202e') {
				t.Fatalf("notice carries control character %U:\n%q", r, s)
			}
		}
		first := strings.SplitN(s, "\n", 3)
		if len(first) < 3 || first[1] != "" || first[0] != T(lang, "object", map[string]string{"optout": testController.OptOutAddress}) {
			t.Fatalf("the objection is not first on its own line:\n%s", s)
		}
	})
}

// TestNativeReaderNotes keeps the corrections a native reader asked for:
// each language's rendered notices (every case, both forms) must use the
// listed wording and must not fall back to the wording reported as odd.
func TestNativeReaderNotes(t *testing.T) {
	notes := map[string]struct{ want, not []string }{
		"bg": {want: []string{"легитимен интерес", "подобни на продукта, който сте закупили от нас", "бяхте ни препоръчани на 20 февруари 2026 г.", "След това изтриваме данните."},
			not: []string{"законен интерес", "г..", "освен ако не станете клиент"}},
		"pl": {want: []string{"Pan/Pani", "dotychczasowych klientów", "Polityka prywatności", "13 października 2026 r.", "Inspektor ochrony danych"},
			not: []string{"Możesz", "Ciebie", "Twoje", "stałych klientów", "Informacja o prywatności", "r..", " paź "}},
		"nl": {want: []string{"waar u om vroeg", "Functionaris voor gegevensbescherming"}, not: []string{"waarom u vroeg"}},
		"de": {want: []string{"bei einer Aufsichtsbehörde", "Datenschutzbeauftragter", "ohne dass Ihnen hierfür andere als die Übermittlungskosten nach den Basistarifen entstehen"},
			not: []string{"bei der Aufsichtsbehörde beschweren", "Kontakt für Datenschutz"}},
		"en": {want: []string{"publicly accessible", "a LinkedIn connections export made by"}, not: []string{"your LinkedIn profile", "unless you become a customer"}},
	}
	for lang, n := range notes {
		var all strings.Builder
		for _, nc := range noticeCases(lang) {
			for _, form := range []Form{Long, Short} {
				s, err := Render(Input{Controller: testController, Contact: nc.c, Form: form, Tracking: nc.tracking})
				if err != nil {
					t.Fatalf("Render(%s, %s) = %v", lang, nc.name, err)
				}
				all.WriteString(s)
			}
		}
		for _, w := range n.want {
			if !strings.Contains(all.String(), w) {
				t.Errorf("%s: no %q", lang, w)
			}
		}
		for _, w := range n.not {
			if strings.Contains(all.String(), w) {
				t.Errorf("%s: still says %q", lang, w)
			}
		}
	}
}
