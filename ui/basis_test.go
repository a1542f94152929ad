package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"legit/contacts"
	"legit/notice"
)

// testController is the demo organisation as the notice names it.
var testController = notice.Controller{
	Name: "Northwind Analytics B.V.", Address: "Keizersgracht 1, 1015 CC Amsterdam, Netherlands",
	PrivacyURL: "https://northwind-analytics.example/privacy", DPO: "privacy@northwind-analytics.example",
	SupervisoryAuthority: "Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl)",
	OptOutAddress:        "robin.maes@northwind-analytics.example", RetentionDays: 180,
}

const (
	testPurpose   = "Offering our route-planning software to logistics teams, a B2B service we sell."
	testNecessity = "She heads operations, the one role that decides on route tools; one email is least intrusive."
	testBalancing = "Work address and role only, one message with a clear opt-out; people in this role expect it."
)

// openByName starts the app and opens the contact whose name the filter
// finds first.
func openByName(t *testing.T, d Deps, name string) *teatest.TestModel {
	t.Helper()
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "/")
	tm.Type(name)
	press(tm, "enter", "enter")
	waitFor(t, tm, "Lawful basis")
	return tm
}

// typeAssessment tabs from the basis selector through the three parts of a
// legitimate-interest assessment, typing the test's words in each.
func typeAssessment(tm *teatest.TestModel) {
	for _, part := range []string{testPurpose, testNecessity, testBalancing} {
		press(tm, "tab")
		tm.Type(part)
	}
}

func TestBasisFormRefusesThenSaves(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	d.Controller = testController
	tm := openByName(t, d, "Mihail") // a company in Bulgaria: legitimate interest may be enough
	press(tm, "b")
	waitFor(t, tm, "● legitimate interest")
	press(tm, "tab")
	tm.Type("sell stuff")
	press(tm, "tab")
	tm.Type("sell stuff")
	press(tm, "ctrl+s")
	waitFor(t, tm, "To fix before saving")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "basis_form_refused", screen)
	f, ok := m.top().(*basisForm)
	if !ok {
		t.Fatalf("screen in view is %T, want the basis form still open", m.top())
	}
	want := []string{"purpose: write at least 40", "necessity: write at least 40", "balancing: write it out"}
	if len(f.problems) != len(want) {
		t.Fatalf("problems = %q, want %d", f.problems, len(want))
	}
	for i, w := range want {
		if !strings.Contains(f.problems[i], w) {
			t.Errorf("problem %d = %q, want %q", i, f.problems[i], w)
		}
	}
	c, _ := d.Store.Contact(context.Background(), f.id)
	if c.Basis.Recorded() {
		t.Errorf("a refused basis was saved: %+v", c.Basis)
	}
}

func TestBasisFormSavesAndTemplates(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	d.Controller = testController
	tm := openByName(t, d, "Stefan")
	press(tm, "b")
	waitFor(t, tm, "● legitimate interest")
	typeAssessment(tm)
	press(tm, "tab")
	tm.Type("logistics DE")
	press(tm, "ctrl+t")
	waitFor(t, tm, "saved: logistics DE")
	press(tm, "ctrl+s")
	waitFor(t, tm, "legitimate interest, recorded 23 Nov 2026 by Robin Maes")
	press(tm, "n")
	waitFor(t, tm, "Notice · Stefan")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "notice_preview_stefan_bg", screen)
	if _, ok := m.top().(*noticePreview); !ok {
		t.Fatalf("screen in view is %T, want the notice preview", m.top())
	}
	for _, want := range []string{"Можете по всяко време да възразите срещу директния маркетинг", "Offering our route-planning", "фирмен указател"} {
		if !strings.Contains(screen, want) {
			t.Errorf("notice preview lacks %q", want)
		}
	}
	ctx := context.Background()
	stefan, err := storeOf(d).ContactByEmail(ctx, "stefan.dimitrov@varna-ports.example")
	if err != nil {
		t.Fatal(err)
	}
	want := contacts.Assessment{Purpose: testPurpose, Necessity: testNecessity, Balancing: testBalancing}
	if stefan.Basis.Kind != contacts.LegitimateInterest || stefan.Basis.Assessment != want || stefan.Basis.Author != testRep {
		t.Errorf("saved basis = %+v", stefan.Basis)
	}
	tp, err := d.Store.Template(ctx, "logistics DE")
	if err != nil || tp.Assessment != want {
		t.Errorf("template = %+v, %v", tp, err)
	}
}

func TestBasisFormAppliesTemplateAsCopy(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := openByName(t, d, "Mihail")
	press(tm, "b")
	waitFor(t, tm, "● legitimate interest")
	typeAssessment(tm)
	press(tm, "tab")
	tm.Type("logistics")
	press(tm, "ctrl+t")
	waitFor(t, tm, "saved: logistics")
	press(tm, "esc") // the assessment was typed, not saved: legit asks first
	waitFor(t, tm, "Throw away what you typed?")
	press(tm, "y")
	waitFor(t, tm, "None recorded")
	press(tm, "esc", "/", "ctrl+u")
	tm.Type("Stefan")
	press(tm, "enter", "enter")
	waitFor(t, tm, "Operations") // his position: only the detail shows it
	press(tm, "b")
	// The renderer sends only changed cells, so wait for text that is new
	// in every cell: the end of the title once the contact is loaded.
	waitFor(t, tm, "· Stefan Dimitrov")
	press(tm, "shift+tab")
	tm.Type("logistics")
	press(tm, "ctrl+o")
	waitFor(t, tm, "copied in")
	m, _ := finalScreen(t, tm)
	f := m.top().(*basisForm)
	if got := f.assessment(); got.Purpose != testPurpose || got.Balancing != testBalancing {
		t.Errorf("applied template = %+v", got)
	}
}

func TestBasisFormCustomerNeedsPurchaseDate(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := openByName(t, d, "Mihail")
	press(tm, "b")
	waitFor(t, tm, "● legitimate interest")
	press(tm, "right")
	waitFor(t, tm, "● existing customer")
	press(tm, "tab")
	tm.Type("RoutePlanner Pro")
	press(tm, "tab")
	tm.Type("23.11.2025")
	press(tm, "ctrl+s")
	waitFor(t, tm, "YYYY-MM-DD")
	m, _ := finalScreen(t, tm)
	f := m.top().(*basisForm)
	if n := len(f.problems); n != 4 || !strings.Contains(f.problems[0], "purchase date: give the date") ||
		!strings.Contains(f.problems[1], "address: the exception covers only") ||
		!strings.Contains(f.problems[2], "objection at collection") || !strings.Contains(f.problems[3], "write it as YYYY-MM-DD") {
		t.Errorf("problems = %q, want the missing date, the address and objection conditions, and the unreadable date", f.problems)
	}
}

func TestContactDetailShowsDormant(t *testing.T) {
	t.Parallel()
	tm := startApp(t, demoDeps(t), 80, 24, "Agnieszka")
	press(tm, "/")
	tm.Type("Gdańsk")
	press(tm, "enter", "enter")
	waitFor(t, tm, "Dormant: the last purchase is over 12 months old. Press b")
	m, _ := finalScreen(t, tm)
	if _, ok := m.top().(*contactDetail); !ok {
		t.Fatalf("screen in view is %T, want the contact detail", m.top())
	}
}

func TestNoticePreviewWithoutBasis(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	d.Controller = testController
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "/")
	tm.Type("Julia")
	press(tm, "enter", "enter")
	waitFor(t, tm, "Lawful basis")
	press(tm, "n")
	waitFor(t, tm, "No notice can be written yet")
	_, screen := finalScreen(t, tm)
	for _, want := range []string{"in English (en); the contact's language is unknown", "no lawful basis recorded", "b on the contact"} {
		if !strings.Contains(screen, want) {
			t.Errorf("preview lacks %q:\n%s", want, screen)
		}
	}
}

// TestBasisFormFollowsCountryRule: Anna is in Germany, where cold email
// needs consent. Her form starts on consent; legitimate interest shows the
// rule and is refused on save.
func TestBasisFormFollowsCountryRule(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	tm := openByName(t, d, "Anna")
	press(tm, "b")
	waitFor(t, tm, "● consent")
	press(tm, "left", "left")
	waitFor(t, tm, "● legitimate interest")
	typeAssessment(tm)
	press(tm, "ctrl+s")
	waitFor(t, tm, "To fix before saving")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "basis_form_country_rule", screen)
	f, ok := m.top().(*basisForm)
	if !ok || len(f.problems) != 1 || !strings.Contains(f.problems[0], "legitimate interest is not enough for a cold email to this person") {
		t.Fatalf("screen %T with problems %q; want the form refusing under the country rule", m.top(), f.problems)
	}
	if c, _ := d.Store.Contact(context.Background(), f.id); c.Basis.Recorded() {
		t.Errorf("a basis the country forbids was saved: %+v", c.Basis)
	}
}

// TestBasisFormStartsOnAllowedKind: a contact without a basis starts on the
// first kind its country allows for cold email.
func TestBasisFormStartsOnAllowedKind(t *testing.T) {
	t.Parallel()
	sh := &shared{Deps: Deps{Now: func() time.Time { return testNow }}, st: newStyles(true), width: 80, height: 24}
	for _, tc := range []struct {
		country string
		form    contacts.LegalForm
		rel     contacts.Relationship
		want    contacts.BasisKind
	}{
		{"NL", contacts.LegalPerson, contacts.Prospect, contacts.ConsentBasis},
		{"SE", contacts.LegalPerson, contacts.Prospect, contacts.LegitimateInterest},
		{"SE", contacts.SoleTrader, contacts.Prospect, contacts.ConsentBasis},
		{"DE", contacts.LegalPerson, contacts.Prospect, contacts.ConsentBasis},
		{"DE", contacts.LegalPerson, contacts.Customer, contacts.ExistingCustomer},
		{"PL", contacts.LegalPerson, contacts.Customer, contacts.ConsentBasis},
		{"", contacts.LegalPerson, contacts.Prospect, contacts.ConsentBasis},
	} {
		f := newBasisForm(sh, 1)
		f.fill(contacts.Contact{ID: 1, Name: "Test", Country: tc.country, LegalForm: tc.form, Email: "t@x.example", Relationship: tc.rel})
		if got := f.kindNow(); got != tc.want {
			t.Errorf("%s %s %s: form starts on %s, want %s", tc.country, tc.form, tc.rel, got, tc.want)
		}
	}
}
