package contacts

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRetentionDue(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	ago := func(days int) *time.Time { d := now.AddDate(0, 0, -days); return &d }
	prospect := func(obtainedDaysAgo int) Contact {
		return Contact{Relationship: Prospect, Status: Active,
			Sources: []Source{{Kind: LinkedIn, ObtainedAt: *ago(obtainedDaysAgo)}}}
	}
	withStatus := func(c Contact, s Status) Contact { c.Status = s; return c }
	withRel := func(c Contact, r Relationship) Contact { c.Relationship = r; return c }
	customer := func(c Contact, boughtDaysAgo int) Contact {
		c.Relationship = Customer
		c.Basis.PurchaseAt = ago(boughtDaysAgo)
		return c
	}
	consentBasis := func(c Contact, withdrawn bool) Contact {
		c.Basis.Kind = ConsentBasis
		k := Consent{Purpose: ConsentMarketing, GrantedAt: *ago(20)}
		if withdrawn {
			k.WithdrawnAt = ago(3)
		}
		c.Consents = []Consent{k}
		return c
	}
	tests := []struct {
		name   string
		c      Contact
		a      Activity
		days   int
		due    bool
		reason RetentionReason
	}{
		{"fresh prospect", prospect(10), Activity{}, 0, false, ""},
		{"fresh prospect who asked for erasure", prospect(10), Activity{ErasureAsked: ago(2)}, 0, true, RetentionRequested},
		{"opted out and asked for erasure", withStatus(prospect(10), OptedOut), Activity{ErasureAsked: ago(2)}, 0, true, RetentionRequested},
		{"prospect exactly at the period", prospect(180), Activity{}, 0, false, ""},
		{"prospect one day past the default", prospect(181), Activity{}, 0, true, RetentionExpired},
		{"old prospect with a recent reply", prospect(400), Activity{LastReply: ago(100)}, 0, false, ""},
		{"old reply", prospect(400), Activity{LastReply: ago(200)}, 0, true, RetentionExpired},
		{"old prospect with a recent consent", consentBasis(prospect(400), false), Activity{}, 0, false, ""},
		{"shorter configured period", prospect(40), Activity{}, 30, true, RetentionExpired},
		{"customer who bought a year ago is kept", customer(prospect(900), 365), Activity{}, 0, false, ""},
		{"customer with no purchase for 25 months", customer(prospect(900), 760), Activity{}, 0, true, RetentionCustomer},
		{"dormant customer within the customer period", withRel(customer(prospect(900), 500), Dormant), Activity{}, 0, false, ""},
		{"customer past the period who replied lately", customer(prospect(900), 760), Activity{LastReply: ago(10)}, 0, false, ""},
		{"no source, no date", Contact{Relationship: Prospect, Status: Active}, Activity{}, 0, false, ""},
		{"opted out yesterday", withStatus(prospect(5), OptedOut), Activity{}, 0, true, RetentionOptedOut},
		{"objected customer", withStatus(withRel(prospect(5), Customer), Objected), Activity{}, 0, true, RetentionObjected},
		{"consent withdrawn", consentBasis(prospect(30), true), Activity{}, 0, true, RetentionWithdrawn},
		{"consent standing", consentBasis(prospect(30), false), Activity{}, 0, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, due := RetentionDue(tt.c, tt.a, now, Retention{ProspectDays: tt.days})
			if due != tt.due || d.Reason != tt.reason {
				t.Errorf("RetentionDue() = %+v, %v; want %v, %q", d, due, tt.due, tt.reason)
			}
			if due && d.Text == "" {
				t.Errorf("RetentionDue() gives no text for %q", d.Reason)
			}
		})
	}
}

// TestRetentionDueFromLatestDates: a contact read without its sources
// (Activity.LastObtained instead) and with its consents only when its basis
// is consent (Activity.LastConsent for the latest date), as the retention
// listing reads it, gets the same answer as the whole contact.
func TestRetentionDueFromLatestDates(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	agoP := func(days int) *time.Time { d := ago(days); return &d }
	src := func(days ...int) []Source {
		var out []Source
		for _, d := range days {
			out = append(out, Source{Kind: LinkedIn, ObtainedAt: ago(d)})
		}
		return out
	}
	consent := func(p ConsentPurpose, days int, withdrawn *time.Time) Consent {
		return Consent{Purpose: p, GrantedAt: ago(days), WithdrawnAt: withdrawn}
	}
	// lean is c as the retention listing reads it.
	lean := func(c Contact, a Activity) (Contact, Activity) {
		for _, s := range c.Sources {
			if a.LastObtained == nil || s.ObtainedAt.After(*a.LastObtained) {
				a.LastObtained = &s.ObtainedAt
			}
		}
		for _, k := range c.Consents {
			if a.LastConsent == nil || k.GrantedAt.After(*a.LastConsent) {
				a.LastConsent = &k.GrantedAt
			}
		}
		c.Sources = nil
		if c.Basis.Kind != ConsentBasis {
			c.Consents = nil
		}
		return c, a
	}
	tests := []struct {
		name   string
		c      Contact
		a      Activity
		due    bool
		reason RetentionReason
	}{
		{"latest of three sources is fresh", Contact{Sources: src(400, 20, 300)}, Activity{}, false, ""},
		{"every source old", Contact{Sources: src(400, 200, 300)}, Activity{}, true, RetentionExpired},
		{"no source, no date", Contact{}, Activity{}, false, ""},
		{"tracking consent keeps an old prospect", Contact{Sources: src(400), Consents: []Consent{consent(ConsentTracking, 10, nil)}}, Activity{}, false, ""},
		{"old tracking consent", Contact{Sources: src(400), Consents: []Consent{consent(ConsentTracking, 300, nil)}}, Activity{}, true, RetentionExpired},
		{"withdrawn consent still counts as given", Contact{Sources: src(400), Consents: []Consent{consent(ConsentMarketing, 30, agoP(5))}}, Activity{}, false, ""},
		{"consent basis, marketing consent active", Contact{Basis: Basis{Kind: ConsentBasis}, Sources: src(400),
			Consents: []Consent{consent(ConsentMarketing, 50, nil), consent(ConsentTracking, 10, nil)}}, Activity{}, false, ""},
		{"consent basis, marketing consent withdrawn", Contact{Basis: Basis{Kind: ConsentBasis}, Sources: src(10),
			Consents: []Consent{consent(ConsentMarketing, 50, agoP(4)), consent(ConsentTracking, 10, nil)}}, Activity{}, true, RetentionWithdrawn},
		{"consent basis, only tracking", Contact{Basis: Basis{Kind: ConsentBasis}, Sources: src(10),
			Consents: []Consent{consent(ConsentTracking, 10, nil)}}, Activity{}, true, RetentionWithdrawn},
		{"consent basis, old marketing consent", Contact{Basis: Basis{Kind: ConsentBasis}, Sources: src(500),
			Consents: []Consent{consent(ConsentMarketing, 450, nil)}}, Activity{}, true, RetentionExpired},
		{"reply after every source", Contact{Sources: src(400, 300)}, Activity{LastReply: agoP(30)}, false, ""},
		{"customer", Contact{Relationship: Customer, Basis: Basis{CustomerSale: CustomerSale{PurchaseAt: agoP(800)}}, Sources: src(10)}, Activity{}, true, RetentionCustomer},
		{"opted out", Contact{Status: OptedOut, Sources: src(1)}, Activity{}, true, RetentionOptedOut},
		{"asked for erasure", Contact{Sources: src(1)}, Activity{ErasureAsked: agoP(2)}, true, RetentionRequested},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Retention{}
			d, due := RetentionDue(tt.c, tt.a, now, r)
			if due != tt.due || d.Reason != tt.reason {
				t.Fatalf("RetentionDue(whole) = %+v, %v; want %v, %q", d, due, tt.due, tt.reason)
			}
			lc, la := lean(tt.c, tt.a)
			ld, ldue := RetentionDue(lc, la, now, r)
			if ldue != due || ld != d {
				t.Errorf("RetentionDue(lean) = %+v, %v; the whole contact gives %+v, %v", ld, ldue, d, due)
			}
			if got, want := KeepUntil(lc, la, r), KeepUntil(tt.c, tt.a, r); !got.Equal(want) {
				t.Errorf("KeepUntil(lean) = %v, the whole contact gives %v", got, want)
			}
		})
	}
}

func TestKeepUntil(t *testing.T) {
	obtained := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	reply := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	c := Contact{Relationship: Prospect, Sources: []Source{{ObtainedAt: obtained}}}
	if got, want := KeepUntil(c, Activity{LastReply: &reply}, Retention{ProspectDays: 180}), reply.AddDate(0, 0, 180); !got.Equal(want) {
		t.Errorf("KeepUntil() = %v, want %v", got, want)
	}
	bought := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	c.Relationship, c.Basis.PurchaseAt = Customer, &bought
	if got, want := KeepUntil(c, Activity{}, Retention{}), bought.AddDate(0, DefaultCustomerRetentionMonths, 0); !got.Equal(want) {
		t.Errorf("KeepUntil(customer) = %v, want %v (the last purchase plus the customer period)", got, want)
	}
	if got := KeepUntil(Contact{Relationship: Prospect}, Activity{}, Retention{}); !got.IsZero() {
		t.Errorf("KeepUntil(no date known) = %v, want zero", got)
	}
}

func TestFieldsNormalizeAndChanged(t *testing.T) {
	old := Fields{Name: "Anna Müller", Email: "anna@example.com", Country: "DE", Language: "de", Relationship: Prospect}
	tests := []struct {
		name    string
		in      Fields
		changed string
		wantErr bool
	}{
		{"nothing", old, "", false},
		{"case and space only", Fields{Name: " Anna  Müller ", Email: "anna@EXAMPLE.com", Country: "de", Language: "DE", Relationship: Prospect}, "", false},
		{"new address and company", Fields{Name: "Anna Müller", Email: "anna@new.example", Company: "New GmbH", Country: "DE", Language: "de", Relationship: Prospect}, "email,company", false},
		{"escape in name is cleaned", Fields{Name: "Anna\x1b[31m Müller", Email: "anna@example.com", Country: "DE", Language: "de"}, "", false},
		{"bad address", Fields{Name: "Anna", Email: "not an address"}, "", true},
		{"empty name", Fields{Name: "  ", Email: "anna@example.com"}, "", true},
		{"country by name", Fields{Name: "Anna Müller", Email: "anna@example.com", Country: "Deutschland", Language: "de", Relationship: Prospect}, "", false},
		{"bad country", Fields{Name: "Anna", Country: "Atlantis"}, "", true},
		{"bad relationship", Fields{Name: "Anna", Relationship: "friend"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.in.Normalize()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Normalize() error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			got := ""
			for i, n := range old.Changed(f) {
				if i > 0 {
					got += ","
				}
				got += n
			}
			if got != tt.changed {
				t.Errorf("Changed() = %q, want %q", got, tt.changed)
			}
		})
	}
}

func TestLikelyDuplicates(t *testing.T) {
	c := Contact{ID: 1, Name: "Jan de Vries", Email: "jan.devries@new.example", Company: "Polderdata B.V."}
	all := []Contact{
		c,
		{ID: 2, Name: "jan de vries", Email: "j@other.example"},
		{ID: 3, Name: "J. de Vries", Email: "Jan.DeVries@old.example"},
		{ID: 4, Name: "Piet de Vries", Email: "piet@polderdata.example", Company: "polderdata b.v."},
		{ID: 5, Name: "Anna Bakker", Email: "anna@polderdata.example", Company: "Polderdata B.V."},
	}
	var ids []int64
	for _, d := range LikelyDuplicates(c, all) {
		ids = append(ids, d.ID)
	}
	if len(ids) != 3 || ids[0] != 2 || ids[1] != 3 || ids[2] != 4 {
		t.Errorf("LikelyDuplicates() = %v, want [2 3 4]", ids)
	}
}

func TestDueForErasureOrder(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	old := now.AddDate(0, 0, -400)
	asked := now.AddDate(0, 0, -2)
	list := []Contact{
		{ID: 1, Name: "Quiet", Relationship: Prospect, Sources: []Source{{ObtainedAt: old}}},
		{ID: 2, Name: "Fresh", Relationship: Prospect, Sources: []Source{{ObtainedAt: now}}},
		{ID: 3, Name: "Out", Relationship: Prospect, Status: OptedOut, Sources: []Source{{ObtainedAt: now}}},
		{ID: 4, Name: "Asked", Relationship: Prospect, Sources: []Source{{ObtainedAt: now}}},
	}
	got := DueForErasure(list, map[int64]Activity{4: {ErasureAsked: &asked}}, now, Retention{})
	var names []string
	for _, d := range got {
		names = append(names, d.Contact.Name)
	}
	if fmt.Sprint(names) != "[Asked Quiet Out]" {
		t.Errorf("DueForErasure() = %v, want the erasure request first, then list order", names)
	}
}

func TestWritable(t *testing.T) {
	for _, tc := range []struct {
		c   Contact
		ok  bool
		why string
	}{
		{Contact{Email: "a@b.example", Status: Active}, true, ""},
		{Contact{Status: Active}, false, "no email address"},
		{Contact{Email: "a@b.example", Status: Objected}, false, "objected"},
		{Contact{Email: "a@b.example", Status: Active, Suppressed: true}, false, "suppression list"},
		{Contact{Email: "a@b.example", Status: OptedOut, Suppressed: true}, false, "opted out"},
	} {
		ok, why := tc.c.Writable()
		if ok != tc.ok || !strings.Contains(why, tc.why) {
			t.Errorf("Writable(%+v) = %v, %q; want %v, %q", tc.c, ok, why, tc.ok, tc.why)
		}
	}
}
