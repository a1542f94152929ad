package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"legit/contacts"
	"legit/store"
)

// caseContacts are contacts for every corner of the tabs: statuses, a
// suppressed address, sources handed over or not, none, informed, bases of
// each kind (consent given, withdrawn or missing), consents to tracking given
// after every source, a customer going dormant, countries with and without
// a rule.
func caseContacts(now time.Time) []contacts.Contact {
	day := func(n int) time.Time { return now.AddDate(0, 0, n) }
	bought, old := day(-40), now.AddDate(-1, 0, 3)
	var out []contacts.Contact
	i := 0
	for _, src := range [][]contacts.Source{
		nil,
		{{Kind: contacts.LinkedIn, ObtainedAt: day(-35)}},
		{{Kind: contacts.LinkedIn, ObtainedAt: day(-25)}},
		{{Kind: contacts.LinkedIn, ObtainedAt: day(-31)}, {Kind: contacts.BusinessCard, ObtainedAt: day(-2)}},
		{{Kind: contacts.BusinessCard, ObtainedAt: day(0)}},
		{{Kind: contacts.Event, ObtainedAt: day(-5)}},
	} {
		for _, b := range []contacts.Basis{{}, {Kind: contacts.LegitimateInterest}, {Kind: contacts.ConsentBasis},
			{Kind: contacts.ExistingCustomer, CustomerSale: contacts.CustomerSale{Purchase: "x", PurchaseAt: &bought}},
			{Kind: contacts.ExistingCustomer, CustomerSale: contacts.CustomerSale{Purchase: "x", PurchaseAt: &old}}} {
			i++
			c := contacts.Contact{Name: fmt.Sprintf("Case %03d", i), Email: fmt.Sprintf("case%d@example.com", i),
				Country: []string{"NL", "SE", "FR", "", "DE"}[i%5], LegalForm: []contacts.LegalForm{contacts.LegalPerson, contacts.SoleTrader, ""}[i%3],
				Status: []contacts.Status{contacts.Active, contacts.Active, contacts.OptedOut, contacts.Active, contacts.Undeliverable}[i%5],
				Basis:  b}
			for _, s := range src {
				s.Detail, s.ObtainedBy = "case", testRep
				c.Sources = append(c.Sources, s)
			}
			if b.Kind == contacts.ExistingCustomer {
				c.Relationship = contacts.Customer
			}
			if i%7 == 0 {
				informed := day(-1)
				c.InformedAt = &informed
			}
			if b.Kind == contacts.ConsentBasis && i%2 == 0 { // a marketing consent, withdrawn for some
				k := contacts.Consent{Purpose: contacts.ConsentMarketing, Evidence: "form", GrantedAt: day(-20)}
				if i%4 == 0 {
					k.WithdrawnAt = &bought
				}
				c.Consents = append(c.Consents, k)
			}
			if i%3 == 0 { // a consent to tracking after every source
				c.Consents = append(c.Consents, contacts.Consent{Purpose: contacts.ConsentTracking, Evidence: "reply", GrantedAt: day(1)})
			}
			out = append(out, c)
		}
	}
	return out
}

// TestListAgreesWithGo: the store's tabs and rows (the list as a query) are
// exactly what the rules in Go say (Rows, Filter.Match, FilterRows,
// GroupDeadlines, DueForErasure), on the demo data and on a table of cases, for every tab,
// at several dates and with and without a shorter reminder: `legit
// contacts`, `legit deadlines` and `legit retention` print the same bytes
// either way.
func TestListAgreesWithGo(t *testing.T) {
	ctx := context.Background()
	cases := benchStoreWith(t, 0)
	err := cases.InTx(ctx, func(tx *store.Tx) error {
		for i, c := range caseContacts(testNow) {
			if _, err := tx.AddContact(c, testRep); err != nil {
				return err
			}
			if i%9 == 0 {
				if err := tx.Suppress(c.Email, "", testRep, store.ReasonManual); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, st := range map[string]*store.Store{"demo": storeOf(demoDeps(t)), "cases": cases} {
		list, err := st.ListContacts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		act, err := st.Activity(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, shift := range []int{-30, 0, 90, 200, 400, 800} {
			now := testNow.AddDate(0, 0, shift)
			for _, asJSON := range []bool{false, true} {
				var got, exp bytes.Buffer
				if _, err := StreamRetention(ctx, st, &got, now, contacts.Retention{}, asJSON); err != nil {
					t.Fatal(err)
				}
				if err := PrintRetention(&exp, contacts.DueForErasure(list, act, now, contacts.Retention{}), asJSON); err != nil {
					t.Fatal(err)
				}
				if got.String() != exp.String() {
					t.Errorf("%s, %+d days, json %v: retention streamed\n%s\nfrom the whole list\n%s", name, shift, asJSON, got.String(), exp.String())
				}
			}
		}
		for _, days := range []int{0, 10, 30} {
			for _, shift := range []int{-400, -60, -31, -8, -7, -1, 0, 1, 2, 3, 4, 6, 7, 8, 28, 40, 400} {
				now := testNow.AddDate(0, 0, shift)
				rows := Rows(list, now, days)
				counts, err := st.CountList(ctx, listQuery(FilterAll, "", now, days))
				if err != nil {
					t.Fatal(err)
				}
				for _, asJSON := range []bool{false, true} {
					var got, exp bytes.Buffer
					if _, err := StreamDeadlines(ctx, st, &got, now, days, asJSON); err != nil {
						t.Fatal(err)
					}
					if err := PrintDeadlines(&exp, GroupDeadlines(rows), asJSON); err != nil {
						t.Fatal(err)
					}
					if got.String() != exp.String() {
						t.Errorf("%s, %+d days, reminder %d, json %v: the query's deadlines\n%s\nGo's\n%s", name, shift, days, asJSON, got.String(), exp.String())
					}
				}
				for f := range Filter(len(filterNames)) {
					want := FilterRows(rows, f, "")
					if counts.Tabs[f] != len(want) {
						t.Errorf("%s, %+d days, reminder %d: tab %s counts %d, Go says %d", name, shift, days, f, counts.Tabs[f], len(want))
					}
					for _, asJSON := range []bool{false, true} {
						var got, exp bytes.Buffer
						if err := StreamContacts(ctx, st, &got, f, now, days, asJSON); err != nil {
							t.Fatal(err)
						}
						if err := PrintContacts(&exp, want, asJSON); err != nil {
							t.Fatal(err)
						}
						if got.String() != exp.String() {
							t.Errorf("%s, %+d days, reminder %d, tab %s, json %v: the query lists\n%s\nGo lists\n%s", name, shift, days, f, asJSON, got.String(), exp.String())
						}
					}
				}
			}
		}
	}
}

// TestContactWriterIsWriteJSON: the streamed JSON array is byte for byte
// what writeJSON gives for the whole slice, empty or not.
func TestContactWriterIsWriteJSON(t *testing.T) {
	for _, n := range []int{0, 1, 3} {
		var rows []Row
		for i := range n {
			c := benchContact(i)
			c.Name += " <&> \"quoted\""
			rows = append(rows, Row{Contact: c})
		}
		var got bytes.Buffer
		if err := PrintContacts(&got, rows, true); err != nil {
			t.Fatal(err)
		}
		out := make([]contactJSON, 0, n)
		if err := json.Unmarshal(got.Bytes(), &out); err != nil {
			t.Fatalf("%d rows: not JSON: %v\n%s", n, err, got.String())
		}
		var want bytes.Buffer
		if err := writeJSON(&want, out); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d rows: streamed\n%s\nwriteJSON\n%s", n, got.String(), want.String())
		}
	}
}
