package contacts

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var ruleNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func goodAssessment() Assessment {
	return Assessment{
		Purpose:   "Offering our route-planning software to logistics teams, a B2B service we sell.",
		Necessity: "She leads operations, the one role that decides; one personal email is the least intrusive way.",
		Balancing: "Work address and role only, one message with a clear opt-out; people in this role expect it.",
	}
}

// day is a date at midnight UTC.
func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// cust is a complete existing-customer basis with change applied.
func cust(change func(*CustomerSale)) Basis {
	cs := CustomerSale{Purchase: "RoutePlanner Pro", PurchaseAt: day(2026, 6, 1), AddressFromSale: true, ObjectionOfferedAt: day(2026, 6, 1)}
	change(&cs)
	return Basis{Kind: ExistingCustomer, CustomerSale: cs}
}

// consent is a consent basis with complete evidence, with change applied.
func consent(change func(*ConsentEvidence)) Basis {
	e := ConsentEvidence{GivenAt: *day(2026, 10, 2), Channel: ConsentByForm, Reference: "form submission 4471",
		Told: "Northwind Analytics will email you about route planning; withdraw any time (unticked box)"}
	change(&e)
	return Basis{Kind: ConsentBasis, Consent: e}
}

func TestValidateBasis(t *testing.T) {
	li := func(f func(*Assessment)) Basis {
		a := goodAssessment()
		f(&a)
		return Basis{Kind: LegitimateInterest, Assessment: a}
	}
	tests := []struct {
		name string
		b    Basis
		want []string // substrings of the problems, in order; nil means valid
	}{
		{"complete assessment", li(func(*Assessment) {}), nil},
		{"no kind", Basis{}, []string{"basis: choose"}},
		{"empty purpose", li(func(a *Assessment) { a.Purpose = "  " }), []string{"purpose: write it out"}},
		{"short necessity", li(func(a *Assessment) { a.Necessity = "she is the boss" }), []string{"necessity: write at least 40"}},
		{"guidance as balancing", li(func(a *Assessment) { a.Balancing = Guidance[PartBalancing] }), []string{"balancing: replace the guidance"}},
		{"other part's guidance", li(func(a *Assessment) { a.Purpose = Guidance[PartNecessity] }), []string{"purpose: replace the guidance"}},
		{"guidance with other spacing", li(func(a *Assessment) { a.Purpose = "  " + strings.ToUpper(Guidance[PartPurpose]) }), []string{"purpose: replace the guidance"}},
		{"three copies of one text", li(func(a *Assessment) { a.Necessity, a.Balancing = a.Purpose, a.Purpose }),
			[]string{"necessity: it repeats the purpose", "balancing: it repeats the purpose"}},
		{"copy differing in case", li(func(a *Assessment) { a.Balancing = strings.ToUpper(a.Necessity) }), []string{"balancing: it repeats the necessity"}},
		{"customer complete", cust(func(*CustomerSale) {}), nil},
		{"customer no purchase", cust(func(cs *CustomerSale) { cs.Purchase = "" }), []string{"purchase: name what"}},
		{"customer no date", cust(func(cs *CustomerSale) { cs.PurchaseAt = nil }), []string{"purchase date: give the date"}},
		{"customer future date", cust(func(cs *CustomerSale) { cs.PurchaseAt = day(2026, 12, 1) }), []string{"in the future"}},
		{"customer dormant purchase", cust(func(cs *CustomerSale) { cs.PurchaseAt = day(2025, 11, 22) }), []string{"dormant"}},
		{"customer purchase exactly 12 months ago", cust(func(cs *CustomerSale) { cs.PurchaseAt = day(2025, 11, 23) }), nil},
		{"customer address not from the sale", cust(func(cs *CustomerSale) { cs.AddressFromSale = false }), []string{"address: the exception covers only"}},
		{"customer never offered a no", cust(func(cs *CustomerSale) { cs.ObjectionOfferedAt = nil }), []string{"objection at collection: give the date"}},
		{"customer no offered in the future", cust(func(cs *CustomerSale) { cs.ObjectionOfferedAt = day(2027, 1, 1) }), []string{"objection at collection: the date is in the future"}},
		{"consent with evidence", consent(func(*ConsentEvidence) {}), nil},
		{"consent by phone only", Basis{Kind: ConsentBasis, Consent: ConsentEvidence{Reference: "by phone"}},
			[]string{"consent date: give", "how: choose", "told: write what"}},
		{"consent given in the future", consent(func(e *ConsentEvidence) { e.GivenAt = *day(2026, 12, 24) }), []string{"consent date: the date is in the future"}},
		{"consent told too little", consent(func(e *ConsentEvidence) { e.Told = "newsletter" }), []string{"told: write what the person was told"}},
		{"consent reply without its text", consent(func(e *ConsentEvidence) { e.Channel, e.ReplyText = ConsentByReply, " " }), []string{"reply: paste the reply"}},
		{"consent reply with its text", consent(func(e *ConsentEvidence) { e.Channel, e.ReplyText = ConsentByReply, "Yes, please keep me posted." }), nil},
		{"consent unknown channel", consent(func(e *ConsentEvidence) { e.Channel = "carrier pigeon" }), []string{"how: choose"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateBasis(tt.b, ruleNow)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("ValidateBasis() = %v, want nil", err)
				}
				return
			}
			var be *BasisError
			if !errors.As(err, &be) {
				t.Fatalf("ValidateBasis() = %v, want a *BasisError", err)
			}
			if len(be.Problems) != len(tt.want) {
				t.Fatalf("problems = %q, want %d matching %q", be.Problems, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(be.Problems[i], w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, be.Problems[i], w)
				}
			}
		})
	}
}

func TestIsDormant(t *testing.T) {
	ago := func(years, months, days int) *time.Time { t := ruleNow.AddDate(-years, -months, -days); return &t }
	customer := func(rel Relationship, kind BasisKind, at *time.Time) Contact {
		return Contact{Relationship: rel, Basis: Basis{Kind: kind, CustomerSale: CustomerSale{Purchase: "x", PurchaseAt: at}}}
	}
	tests := []struct {
		name     string
		c        Contact
		dormant  bool
		needsNew bool
	}{
		{"recent customer", customer(Customer, ExistingCustomer, ago(0, 2, 0)), false, false},
		{"customer at 12 months to the day", customer(Customer, ExistingCustomer, ago(1, 0, 0)), false, false},
		{"customer 12 months and a day", customer(Customer, ExistingCustomer, ago(1, 0, 1)), true, true},
		{"marked dormant, old purchase", customer(Dormant, ExistingCustomer, ago(1, 3, 0)), true, true},
		{"marked dormant, no date", customer(Dormant, ExistingCustomer, nil), true, true},
		{"dormant with a fresh basis", customer(Dormant, LegitimateInterest, ago(1, 3, 0)), false, false},
		{"prospect", Contact{Relationship: Prospect, Basis: Basis{Kind: LegitimateInterest}}, false, false},
		{"prospect without basis", Contact{Relationship: Prospect}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsDormant(tt.c, ruleNow); got != tt.dormant {
				t.Errorf("IsDormant() = %v, want %v", got, tt.dormant)
			}
			if got := NeedsFreshBasis(tt.c, ruleNow); got != tt.needsNew {
				t.Errorf("NeedsFreshBasis() = %v, want %v", got, tt.needsNew)
			}
		})
	}
}

func TestParsePurchaseDate(t *testing.T) {
	if _, err := ParsePurchaseDate(""); !errors.Is(err, ErrNoPurchaseDate) {
		t.Errorf("ParsePurchaseDate(\"\") = %v, want ErrNoPurchaseDate", err)
	}
	if _, err := ParsePurchaseDate("5 Nov 2026"); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("ParsePurchaseDate(\"5 Nov 2026\") = %v, want a YYYY-MM-DD error", err)
	}
	got, err := ParsePurchaseDate(" 2026-11-05 ")
	if err != nil || !got.Equal(time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ParsePurchaseDate(2026-11-05) = %v, %v", got, err)
	}
}

func FuzzParsePurchaseDate(f *testing.F) {
	for _, s := range []string{"2026-11-05", "", "2026-13-01", "\x1b[2J", "0000-00-00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParsePurchaseDate(s)
		if err == nil && d.Format("2006-01-02") != strings.TrimSpace(s) {
			t.Errorf("ParsePurchaseDate(%q) = %v, which does not print back", s, d)
		}
		if err != nil && strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("error carries an escape: %q", err)
		}
	})
}
