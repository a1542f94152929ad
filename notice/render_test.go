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

var noticeNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

var testController = Controller{
	Name:                 "Northwind Analytics B.V.",
	Address:              "Keizersgracht 1, 1015 CC Amsterdam, Netherlands",
	PrivacyURL:           "https://northwind-analytics.example/privacy",
	DPO:                  "privacy@northwind-analytics.example",
	SupervisoryAuthority: "Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl)",
	OptOutAddress:        "robin.maes@northwind-analytics.example",
	RetentionDays:        180,
}

// demoContact returns the demo contact with this name as of noticeNow.
func demoContact(t *testing.T, name string) contacts.Contact {
	t.Helper()
	for _, c := range contacts.Demo(noticeNow, "Robin Maes") {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no demo contact %q", name)
	return contacts.Contact{}
}

// goldenContacts is one demo contact per language, each from a different source.
var goldenContacts = map[string]string{
	"en": "Lucía García",  // website
	"nl": "Jan de Vries",  // business card
	"pl": "Zofia Łódź",    // event
	"bg": "Georgi Ivanov", // LinkedIn
	"de": "Thomas Berger", // event
}

func TestEveryLanguageHasEveryKey(t *testing.T) {
	want := []string{"bg", "de", "en", "nl", "pl"}
	if got := Languages(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("Languages() = %v, want %v", got, want)
	}
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
			if strings.Join(got, " ") != strings.Join(exp, " ") {
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
	for lang, name := range goldenContacts {
		c := demoContact(t, name)
		if c.Language != lang {
			t.Fatalf("%s speaks %q, want %q", name, c.Language, lang)
		}
		for _, f := range []struct {
			form Form
			name string
		}{{Long, "long"}, {Short, "short"}} {
			got, err := Render(Input{Controller: testController, Contact: c, Form: f.form})
			if err != nil {
				t.Fatalf("Render(%s, %s) = %v", lang, f.name, err)
			}
			path := filepath.Join("..", "testdata", "notice", lang+"_"+f.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read %s: %v (go test ./notice -update creates it)", path, err)
			}
			if got != string(want) {
				t.Errorf("%s differs (go test ./notice -update rewrites it)\n--- want\n%s\n--- got\n%s", path, want, got)
			}
		}
	}
}

func TestRenderLong(t *testing.T) {
	c := demoContact(t, "Georgi Ivanov")
	c.Language = "en"
	render := func(c contacts.Contact, tracking bool) string {
		t.Helper()
		s, err := Render(Input{Controller: testController, Contact: c, Form: Long, Tracking: tracking})
		if err != nil {
			t.Fatalf("Render() = %v", err)
		}
		return s
	}
	got := render(c, false)
	lines := strings.Split(got, "\n")
	if !strings.HasPrefix(lines[0], "You may object to direct marketing at any time") || lines[1] != "" {
		t.Errorf("the objection is not first and on its own line:\n%s", got)
	}
	if strings.Count(got, "object to direct marketing") != 1 {
		t.Errorf("the objection appears more than once:\n%s", got)
	}
	obtained := c.FirstSource().ObtainedAt
	for _, want := range []string{
		"Controller: Northwind Analytics B.V., Keizersgracht 1",
		"Data protection contact: privacy@northwind-analytics.example",
		`Purpose: "` + c.Basis.Assessment.Purpose + `"`,
		"legitimate interest (Art. 6(1)(f) GDPR)",
		"Data we hold about you: name, email address, company, position, country, language, where we got your details.",
		"we found your details in a LinkedIn connections export on " + obtained.Format("2 Jan 2006") + ".",
		"180 days",
		"access to your data, rectification, erasure, restriction of processing, and objection at any time",
		"complain to the supervisory authority, Autoriteit Persoonsgegevens",
		"we do not track",
		"https://northwind-analytics.example/privacy",
		"reply to this email with the one word STOP",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("long notice lacks %q:\n%s", want, got)
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
	if s := render(less, false); strings.Contains(s, "position") || strings.Contains(s, "country,") {
		t.Errorf("categories name fields not stored:\n%s", s)
	}
	card := c
	card.Sources = []contacts.Source{{Kind: contacts.BusinessCard, Detail: "card from booth 14", ObtainedAt: time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)}}
	if s := render(card, false); !strings.Contains(s, "you gave us your business card on 5 Nov 2026 (card from booth 14).") {
		t.Errorf("business card source not in words:\n%s", s)
	}
	evil := c
	evil.Basis.Assessment.Purpose = "Sell\x1b[2J stuff\nnow"
	if s := render(evil, false); strings.ContainsRune(s, 0x1b) || !strings.Contains(s, `"Sell stuff now"`) {
		t.Errorf("purpose not sanitised:\n%q", s)
	}
}

func TestRenderBases(t *testing.T) {
	cust := demoContact(t, "Lukas Schneider")
	s, err := Render(Input{Controller: testController, Contact: cust, Form: Long})
	if err != nil || !strings.Contains(s, "Zweck: Ihnen Produkte anzubieten") || !strings.Contains(s, "RoutePlanner Pro annual licence") || !strings.Contains(s, "Ihr Kauf") {
		t.Errorf("existing-customer notice = %v\n%s", err, s)
	}
	cons := demoContact(t, "Lucía García")
	cons.Basis = contacts.Basis{Kind: contacts.ConsentBasis}
	cons.Consents = []contacts.Consent{{Purpose: contacts.ConsentMarketing, Evidence: "x", GrantedAt: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)}}
	s, err = Render(Input{Controller: testController, Contact: cons, Form: Long})
	if err != nil || !strings.Contains(s, "your consent of 5 Nov 2026 (Art. 6(1)(a) GDPR)") {
		t.Errorf("consent notice = %v\n%s", err, s)
	}
}

func TestRenderRefusals(t *testing.T) {
	c := demoContact(t, "Anna Müller") // no basis yet
	if _, err := Render(Input{Controller: testController, Contact: c, Form: Long}); !errors.Is(err, ErrNoBasis) {
		t.Errorf("Render(no basis) = %v, want ErrNoBasis", err)
	}
	c = demoContact(t, "Jan de Vries")
	c.Sources = nil
	if _, err := Render(Input{Controller: testController, Contact: c, Form: Long}); !errors.Is(err, ErrNoSource) {
		t.Errorf("Render(no source) = %v, want ErrNoSource", err)
	}
	ctl := testController
	ctl.PrivacyURL = ""
	if _, err := Render(Input{Controller: ctl, Contact: c, Form: Short}); err == nil || !strings.Contains(err.Error(), "privacy_url") {
		t.Errorf("Render(no privacy URL) = %v, want an error naming privacy_url", err)
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
	c := demoContact(t, "Jan de Vries")
	c.Language = "fr"
	s, err := Render(Input{Controller: testController, Contact: c, Form: Short})
	if err != nil || !strings.HasPrefix(s, "Privacy notice: ") {
		t.Errorf("Render(fr) = %q, %v; want English", s, err)
	}
}

func TestFormatDate(t *testing.T) {
	d := time.Date(2026, 11, 5, 23, 30, 0, 0, time.UTC)
	tests := []struct{ lang, want string }{
		{"en", "5 Nov 2026"}, {"nl", "5 nov 2026"}, {"de", "5. Nov. 2026"}, {"pl", "5 lis 2026"}, {"bg", "5 ное 2026 г."}, {"fr", "5 Nov 2026"},
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

// FuzzRender checks that no text from a record can put a control character
// or an escape sequence into the notice, and that the objection stays first.
func FuzzRender(f *testing.F) {
	f.Add("Anna Müller", "Kraftwerk GmbH", "LinkedIn export", "Offering our software.", "de")
	f.Add("\x1b]8;;http://evil\x07x", "\u202eevil", "line\nbreak\r", "\x00\x9b31m", "xx")
	f.Fuzz(func(t *testing.T, name, company, detail, purpose, lang string) {
		c := contacts.Contact{Name: name, Email: "a@b.example", Company: company, Language: lang,
			Basis:   contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: contacts.Assessment{Purpose: purpose}},
			Sources: []contacts.Source{{Kind: contacts.Event, Detail: detail, ObtainedAt: noticeNow}}}
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
