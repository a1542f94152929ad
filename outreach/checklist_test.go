package outreach

import (
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// passingInput is an input on which every rule passes.
func passingInput() Input {
	obtained := testNow.AddDate(0, 0, -10)
	c := contacts.Contact{
		ID: 7, Ref: "c-anna", Name: "Anna de Vries", Email: "anna.devries@polderdata.example",
		Company: "Polderdata AB", Country: "SE", LegalForm: contacts.LegalPerson, Status: contacts.Active,
		Sources: []contacts.Source{{Kind: contacts.LinkedIn, ObtainedAt: obtained}},
		Basis:   contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: contacts.Assessment{Purpose: "p", Necessity: "n", Balancing: "b"}},
	}
	return Input{
		Contact: c,
		Draft: Draft{To: []string{c.Email}, Subject: "Route planning at Polderdata",
			Body: "Hello Anna,\n\nI saw your talk on depot scheduling and wondered how you plan routes today.\n"},
		FirstContact: true, FirstContactsToday: 3,
	}
}

func TestCheckEachRuleFailsAlone(t *testing.T) {
	withdrawn := testNow.AddDate(0, 0, -1)
	tests := []struct {
		name   string
		change func(*Input)
		rule   Rule
		why    string
	}{
		{"two recipients", func(in *Input) { in.Draft.To = append(in.Draft.To, "x@y.example") }, RuleOneRecipient, "2 recipients"},
		{"bcc", func(in *Input) { in.Draft.Bcc = []string{"boss@northwind.example"} }, RuleOneRecipient, "Cc or Bcc"},
		{"suppressed", func(in *Input) { in.Contact.Suppressed = true }, RuleNotSuppressed, "suppression list"},
		{"opted out status", func(in *Input) { in.Contact.Status = contacts.OptedOut }, RuleNotSuppressed, "opted out"},
		{"no source", func(in *Input) { in.Contact.Sources = nil }, RuleSource, "where this contact's data came from"},
		{"no basis", func(in *Input) { in.Contact.Basis = contacts.Basis{} }, RuleBasis, "no basis is recorded"},
		{"germany needs consent", func(in *Input) { in.Contact.Country = "DE" }, RuleBasis, "DE: prior consent is required for marketing email to a named person at a company (UWG §7(2) Nr. 2)"},
		{"sole trader needs consent", func(in *Input) { in.Contact.LegalForm = contacts.SoleTrader }, RuleBasis, "prior consent is required for marketing email to a sole trader"},
		{"unknown country needs consent", func(in *Input) { in.Contact.Country = "" }, RuleBasis, "country unknown: prior consent is required"},
		{"france needs relevance confirmed", func(in *Input) { in.Contact.Country = "FR" }, RuleBasis, "only about the person's profession"},
		{"tracking without consent", func(in *Input) { in.Draft.Tracking, in.OrgTracking = true, true }, RuleTracking, "no unwithdrawn consent"},
		{"tracking with org switch off", func(in *Input) {
			in.Draft.Tracking = true
			in.Contact.Consents = []contacts.Consent{{Purpose: contacts.ConsentTracking, GrantedAt: testNow}}
		}, RuleTracking, "switched off"},
		{"tracking consent withdrawn", func(in *Input) {
			in.Draft.Tracking, in.OrgTracking = true, true
			in.Contact.Consents = []contacts.Consent{{Purpose: contacts.ConsentTracking, GrantedAt: testNow.AddDate(0, 0, -5), WithdrawnAt: &withdrawn}}
		}, RuleTracking, "no unwithdrawn consent"},
		{"copy of another email", func(in *Input) {
			in.Recent = []SentBody{{ContactID: 9, ContactRef: "c-bram", Name: "Bram Mulder", Company: "Delta Water B.V.",
				Subject: "Route planning at Delta Water", SentAt: testNow.AddDate(0, 0, -2),
				Body: "Hello Bram,\n\nI saw your talk on depot scheduling and wondered how you plan routes today.\n"}}
		}, RulePersonal, "sent 21 Nov to Bram Mulder (c-bram)"},
		{"empty body", func(in *Input) { in.Draft.Body = "  \n" }, RulePersonal, "body is empty"},
		{"daily cap", func(in *Input) { in.FirstContactsToday = 40 }, RuleDailyCap, "daily cap"},
		{"no address", func(in *Input) { in.Contact.Email = ""; in.Draft.To = []string{""} }, RuleAddress, "no email address"},
		{"send in doubt", func(in *Input) { in.Unresolved = 1 }, RuleUnresolved, "may or may not"},
		{"erasure asked", func(in *Input) { asked := testNow.AddDate(0, 0, -2); in.ErasureAsked = &asked }, RuleNoErasureAsk, "asked for erasure on 21 Nov 2026"},
	}
	if v := Check(passingInput(), testNow); !v.OK() {
		t.Fatalf("base input fails: %+v", v.Failing())
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := passingInput()
			tt.change(&in)
			f := Check(in, testNow).Failing()
			if len(f) != 1 || f[0].Rule != tt.rule {
				t.Fatalf("failing = %+v, want only %s", f, tt.rule)
			}
			if !strings.Contains(f[0].Why, tt.why) || f[0].Fix == "" {
				t.Errorf("item = %+v, want why containing %q and a fix", f[0], tt.why)
			}
		})
	}
}

func TestCheckPassingVariants(t *testing.T) {
	informed := testNow.AddDate(0, 0, -3)
	tests := []struct {
		name     string
		change   func(*Input)
		long     bool
		tracking bool
		warn     Rule
	}{
		{"first email gets the long notice", func(*Input) {}, true, false, RuleBasis},
		{"informed gets the short notice", func(in *Input) { in.Contact.InformedAt = &informed }, false, false, RuleBasis},
		{"tracking with consent and switch", func(in *Input) {
			in.Draft.Tracking, in.OrgTracking = true, true
			in.Contact.Consents = []contacts.Consent{{Purpose: contacts.ConsentTracking, GrantedAt: testNow}}
		}, true, true, RuleBasis},
		{"copy to the same person is fine", func(in *Input) {
			in.Recent = []SentBody{{ContactID: 7, Body: in.Draft.Body, SentAt: testNow}}
		}, true, false, RuleBasis},
		{"cap only counts first contacts", func(in *Input) { in.FirstContact, in.FirstContactsToday = false, 99 }, true, false, RuleBasis},
		{"overdue notice-only email warns but passes", func(in *Input) {
			in.Contact.Sources[0].ObtainedAt = testNow.AddDate(0, 0, -40)
			in.NoticeOnly = true
		}, true, false, RuleDeadline},
		{"notice only in Germany", func(in *Input) { in.Contact.Country, in.NoticeOnly, in.FirstContactsToday = "DE", true, 40 }, true, false, RuleBasis},
		{"france with relevance confirmed", func(in *Input) { in.Contact.Country, in.Draft.RelevanceConfirmed = "FR", true }, true, false, RuleBasis},
		{"netherlands role address confirmed", func(in *Input) {
			in.Contact.Country, in.Draft.RoleAddressConfirmed = "NL", true
			in.Contact.Email, in.Draft.To = "info@polderdata.example", []string{"info@polderdata.example"}
		}, true, false, RuleBasis},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := passingInput()
			tt.change(&in)
			v := Check(in, testNow)
			if !v.OK() {
				t.Fatalf("failing = %+v, want none", v.Failing())
			}
			if v.LongNotice != tt.long || v.Tracking != tt.tracking {
				t.Errorf("long, tracking = %v, %v; want %v, %v", v.LongNotice, v.Tracking, tt.long, tt.tracking)
			}
			warned := false
			for _, it := range v.Items {
				warned = warned || (it.Rule == tt.warn && it.Warn != "")
			}
			if tt.warn == RuleDeadline && !warned {
				t.Errorf("no warning on %s: %+v", tt.warn, v.Items)
			}
		})
	}
}

func TestRefusalNamesRules(t *testing.T) {
	in := passingInput()
	in.Contact.Sources, in.FirstContactsToday = nil, 40
	err := Check(in, testNow).Refusal()
	if err == nil || !strings.Contains(err.Error(), "source recorded: no record") || !strings.Contains(err.Error(), "the daily cap. Send it tomorrow") {
		t.Errorf("Refusal() = %v, want it to name source and daily-cap", err)
	}
}
