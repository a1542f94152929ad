package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"legit/contacts"
)

// testListRule stands in for outreach's rule: no basis recorded, basis needed.
var testListRule = ListRule{Version: "test-1", Facts: func(c contacts.Contact) ListFacts {
	return ListFacts{NeedsBasis: !c.Basis.Recorded()}
}}

// listQuery is a query of tab with text, as of rightsNow.
func listQuery(tab ListTab, text string) ListQuery {
	return ListQuery{Rule: testListRule, Tab: tab, Text: text, Today: rightsNow}
}

// listNames returns the names of every row of q, a page of 3 at a time.
func listNames(t *testing.T, s *Store, q ListQuery) []string {
	t.Helper()
	var names []string
	var after *ListKey
	for {
		rows, err := s.ListPage(context.Background(), q, after, 0, 3)
		if err != nil {
			t.Fatalf("ListPage() = %v", err)
		}
		for _, r := range rows {
			names = append(names, r.Contact.Name)
		}
		if len(rows) < 3 {
			return names
		}
		k := rows[len(rows)-1].Key()
		after = &k
	}
}

func TestListTextIsFolded(t *testing.T) {
	s := openRights(t)
	addRights(t, s, person("Jörg Müller", "jm@example.com"))
	addRights(t, s, person("Łukasz Nowak", "ln@example.com"))
	weiss := person("Petra Schmidt", "ps@example.com")
	weiss.Company = "Weiß & Söhne"
	addRights(t, s, weiss)
	addRights(t, s, person("Per_Cent 100%", "pc@example.com"))
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"muller", []string{"Jörg Müller"}},
		{"MÜLLER", []string{"Jörg Müller"}},
		{"lukasz", []string{"Łukasz Nowak"}},
		{"weiss", []string{"Petra Schmidt"}},
		{"söhne", []string{"Petra Schmidt"}},
		{"100%", []string{"Per_Cent 100%"}},
		{"r_c", []string{"Per_Cent 100%"}},
		{"p_r", nil},
		{"%", []string{"Per_Cent 100%"}},
		{"example.com", []string{"Jörg Müller", "Per_Cent 100%", "Petra Schmidt", "Łukasz Nowak"}},
	} {
		if got := listNames(t, s, listQuery(ListAll, tc.text)); !slices.Equal(got, tc.want) {
			t.Errorf("text %q lists %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestListFollowsWrites: a rectified name, a new source and a changed rule
// version are in the next list without anything else being called.
func TestListFollowsWrites(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	c := addRights(t, s, person("Anna Alt", "anna@example.com"))
	if got := listNames(t, s, listQuery(ListAll, "alt")); len(got) != 1 {
		t.Fatalf("before: %q", got)
	}
	f := contacts.FieldsOf(c)
	f.Name = "Anna Neu"
	if err := s.InTx(ctx, func(tx *Tx) error { _, err := tx.Rectify(c.ID, f, rightsRep); return err }); err != nil {
		t.Fatal(err)
	}
	if got := listNames(t, s, listQuery(ListAll, "alt")); len(got) != 0 {
		t.Errorf("the old name still lists: %q", got)
	}
	if got := listNames(t, s, listQuery(ListAll, "neu")); len(got) != 1 {
		t.Errorf("the new name lists %q", got)
	}
	if got := listNames(t, s, listQuery(ListOverdue, "")); len(got) != 0 {
		t.Fatalf("overdue before the old source: %q", got)
	}
	if err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.AddSource(c.ID, contacts.Source{Kind: contacts.BusinessCard, Detail: "card", ObtainedAt: rightsNow.AddDate(0, 0, -3), ObtainedBy: rightsRep})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := listNames(t, s, listQuery(ListOverdue, "")); !slices.Equal(got, []string{"Anna Neu"}) {
		t.Errorf("a business card handed over 3 days ago: overdue tab %q, want Anna Neu", got)
	}
	q := listQuery(ListNeedsBasis, "")
	if n, err := s.CountList(ctx, q); err != nil || n.Tabs[ListNeedsBasis] != 0 {
		t.Fatalf("needs basis = %+v, %v; want 0", n, err)
	}
	q.Rule = ListRule{Version: "test-2", Facts: func(contacts.Contact) ListFacts { return ListFacts{NeedsBasis: true} }}
	if n, err := s.CountList(ctx, q); err != nil || n.Tabs[ListNeedsBasis] != 1 || n.Matched != 1 {
		t.Errorf("needs basis under a new rule = %+v, %v; want 1", n, err)
	}
}

// TestListPagesInOrder: paging by key gives every contact once, in
// ListContacts' order, and ListPosition is each row's index.
func TestListPagesInOrder(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	for i := range 20 {
		name := []string{"anna", "Anna", "Bert", "bert", "Zoë", "émile", "Ö"}[i%7]
		addRights(t, s, person(fmt.Sprintf("%s %d", name, i%3), fmt.Sprintf("p%d@example.com", i)))
	}
	all, err := s.ListContacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, c := range all {
		want = append(want, c.Name)
	}
	q := listQuery(ListAll, "")
	if got := listNames(t, s, q); !slices.Equal(got, want) {
		t.Fatalf("pages list\n%q\nwant\n%q", got, want)
	}
	rows, err := s.ListPage(ctx, q, nil, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if n, err := s.ListPosition(ctx, q, r.Key()); err != nil || n != i {
			t.Errorf("ListPosition(%s) = %d, %v; want %d", r.Contact.Name, n, err, i)
		}
	}
	if skipped, err := s.ListPage(ctx, q, nil, 15, 100); err != nil || len(skipped) != 5 || skipped[0].Contact.ID != rows[15].Contact.ID {
		t.Errorf("ListPage(skip 15) = %d rows, %v", len(skipped), err)
	}
	n, err := s.CountList(ctx, q)
	if err != nil || n.Tabs[ListAll] != 20 || n.Matched != 20 {
		t.Errorf("CountList = %+v, %v; want 20", n, err)
	}
}

// TestListErasedLeavesNoTrace: the folded search text of an erased person
// is gone from the database files, table and index alike.
func TestListErasedLeavesNoTrace(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	c := person("Zdzisław Ążunikat", "zdzislaw@zz-fold-erase.example")
	c.Company = "Weißfold Vanish"
	c = addRights(t, s, c)
	addRights(t, s, person("Otto Bleibt", "otto.bleibt@example.com"))
	if got := listNames(t, s, listQuery(ListAll, "azunikat")); len(got) != 1 {
		t.Fatalf("before the erasure the folded name lists %q", got)
	}
	if b := storeBytes(t, s); !containsBytes(b, "zdzislaw azunikat") || !containsBytes(b, "weissfold vanish") {
		t.Fatal("the folded text is not in the database files before the erasure: the test would prove nothing")
	}
	if _, err := s.EraseWith(ctx, c.ID, rightsRep, ErasureRequest, EraseOptions{}); err != nil {
		t.Fatalf("Erase() = %v", err)
	}
	if got := listNames(t, s, listQuery(ListAll, "azunikat")); len(got) != 0 {
		t.Errorf("after the erasure the folded name lists %q", got)
	}
	assertGone(t, s, "zdzislaw azunikat", "weissfold vanish", "zz-fold-erase")
}

func containsBytes(b []byte, s string) bool { return bytes.Contains(b, []byte(s)) }

// TestEachDueOrder: a deadline group lists the most urgent first, the
// reminder days shortening a due date, no source last.
func TestEachDueOrder(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	for _, p := range []struct {
		name string
		ago  int // days since the source was obtained; -1 for none
	}{{"A later", 2}, {"B sooner", 20}, {"C none", -1}, {"D soonest", 25}} {
		c := person(p.name, fmt.Sprintf("%d@example.com", p.ago+10))
		c.Sources = nil
		if p.ago >= 0 {
			c.Sources = []contacts.Source{{Kind: contacts.LinkedIn, Detail: "x", ObtainedAt: rightsNow.AddDate(0, 0, -p.ago), ObtainedBy: rightsRep}}
		}
		addRights(t, s, c)
	}
	for _, tc := range []struct {
		days int
		g    DueGroup
		want []string
	}{
		{0, DueLater, []string{"B sooner", "A later", "C none"}},
		{0, DueThisWeek, []string{"D soonest"}},
		{0, DueOverdue, nil},
		{21, DueOverdue, []string{"D soonest"}},
		{21, DueThisWeek, []string{"B sooner"}},
		{21, DueLater, []string{"A later", "C none"}},
	} {
		q := listQuery(ListAll, "")
		q.ReminderDays = tc.days
		var got []string
		if err := s.EachDue(ctx, q, tc.g, func(r ListRow) error { got = append(got, r.Contact.Name); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("reminder %d, group %d: %q, want %q", tc.days, tc.g, got, tc.want)
		}
	}
}

// TestEachForRetentionIsListContacts: the contacts read a page at a time
// for the retention rule are ListContacts' contacts, in its order (those
// with an open erasure request alone, or all), with the columns the
// rule reads, their consents when their basis is consent, and the latest
// dates of their sources and consents: the rule gives the same answers as
// with the whole contacts.
func TestEachForRetentionIsListContacts(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	day := func(n int) time.Time { return rightsNow.AddDate(0, 0, n) }
	for i := range contactPage + 7 {
		c := person(fmt.Sprintf("%s %d", []string{"anna", "Bert", "Zoë", "émile"}[i%4], i%5), fmt.Sprintf("e%d@example.com", i))
		c.Sources[0].ObtainedAt = day(-(i % 400))
		if i%4 == 1 { // a later source, and an earlier one
			c.Sources = append(c.Sources, contacts.Source{Kind: contacts.Event, Detail: "fair", ObtainedAt: day(-(i % 90)), ObtainedBy: rightsRep},
				contacts.Source{Kind: contacts.Manual, Detail: "card", ObtainedAt: day(-500), ObtainedBy: rightsRep})
		}
		if i%3 == 0 {
			c.Consents = []contacts.Consent{{Purpose: contacts.ConsentTracking, Evidence: "reply", GrantedAt: day(-(i % 300))}}
		}
		if i%5 == 2 { // consent basis: marketing consent given, withdrawn for some
			k := contacts.Consent{Purpose: contacts.ConsentMarketing, Evidence: "form", GrantedAt: day(-(i % 250))}
			if i%10 == 7 {
				w := day(-1)
				k.WithdrawnAt = &w
			}
			c.Consents = append(c.Consents, k)
			c.Basis = contacts.Basis{Kind: contacts.ConsentBasis, Author: rightsRep}
		}
		if i%11 == 4 {
			bought := day(-(i % 900))
			c.Relationship, c.Basis = contacts.Customer, contacts.Basis{Kind: contacts.ExistingCustomer, Author: rightsRep,
				CustomerSale: contacts.CustomerSale{Purchase: "licence", PurchaseAt: &bought}}
		}
		if i%13 == 3 {
			c.Status = contacts.OptedOut
		}
		c = addRights(t, s, c)
		if i%17 == 8 {
			err := s.InTx(ctx, func(tx *Tx) error { return tx.NoteReply(c.ID, day(-(i % 200))) })
			if err != nil {
				t.Fatal(err)
			}
		}
		if i%97 == 5 { // an open erasure request; one answered, one of another kind
			for _, kind := range []string{"erasure", "access"} {
				if _, err := s.db.Exec(`INSERT INTO rights_requests (contact_id, contact_ref, kind, received_at, due_at, answered_at)
					VALUES (?, ?, ?, ?, ?, NULL)`, c.ID, c.Ref, kind, timeText(rightsNow), timeText(rightsNow.AddDate(0, 1, 0))); err != nil {
					t.Fatal(err)
				}
			}
		}
		if i%97 == 6 {
			if _, err := s.db.Exec(`INSERT INTO rights_requests (contact_id, contact_ref, kind, received_at, due_at, answered_at)
				VALUES (?, ?, 'erasure', ?, ?, ?)`, c.ID, c.Ref, timeText(rightsNow), timeText(rightsNow.AddDate(0, 1, 0)), timeText(rightsNow)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A request of an erased contact (contact_id NULL) is nobody's.
	if _, err := s.db.Exec(`INSERT INTO rights_requests (contact_id, contact_ref, kind, received_at, due_at, answered_at)
		VALUES (NULL, 'gone', 'erasure', ?, ?, NULL)`, timeText(rightsNow), timeText(rightsNow.AddDate(0, 1, 0))); err != nil {
		t.Fatal(err)
	}
	want, err := s.ListContacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	act, err := s.Activity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	latest := func(ts ...time.Time) *time.Time {
		var last *time.Time
		for i := range ts {
			if last == nil || ts[i].After(*last) {
				last = &ts[i]
			}
		}
		return last
	}
	str := func(t *time.Time) string {
		if t == nil {
			return "none"
		}
		return t.UTC().Format(time.RFC3339)
	}
	seen := map[bool]int{}
	for _, erasureAsked := range []bool{true, false} {
		i := 0
		err = s.EachForRetention(ctx, erasureAsked, func(c contacts.Contact, a contacts.Activity) error {
			for i < len(want) && erasureAsked && act[want[i].ID].ErasureAsked == nil {
				i++ // not in the walk of the requests
			}
			if i >= len(want) {
				return fmt.Errorf("%s listed after the last contact", c.Name)
			}
			w, wa := want[i], act[want[i].ID]
			i++
			seen[erasureAsked]++
			var obtained, consented []time.Time
			for _, src := range w.Sources {
				obtained = append(obtained, src.ObtainedAt)
			}
			var consents []string
			for _, k := range w.Consents {
				consented = append(consented, k.GrantedAt)
				if w.Basis.Kind == contacts.ConsentBasis {
					consents = append(consents, fmt.Sprintf("%s %s %s", k.Purpose, str(&k.GrantedAt), str(k.WithdrawnAt)))
				}
			}
			var gotConsents []string
			for _, k := range c.Consents {
				gotConsents = append(gotConsents, fmt.Sprintf("%s %s %s", k.Purpose, str(&k.GrantedAt), str(k.WithdrawnAt)))
			}
			got := fmt.Sprintf("%d %s %q %s %q %s %s %s %s | %q | %s %s %s %s", c.ID, c.Ref, c.Name, c.Email, c.Company, c.Relationship, c.Status,
				c.Basis.Kind, str(c.Basis.PurchaseAt), gotConsents, str(a.LastReply), str(a.ErasureAsked), str(a.LastObtained), str(a.LastConsent))
			exp := fmt.Sprintf("%d %s %q %s %q %s %s %s %s | %q | %s %s %s %s", w.ID, w.Ref, w.Name, w.Email, w.Company, w.Relationship, w.Status,
				w.Basis.Kind, str(w.Basis.PurchaseAt), consents, str(wa.LastReply), str(wa.ErasureAsked), str(latest(obtained...)), str(latest(consented...)))
			if got != exp {
				return fmt.Errorf("contact %d:\n got %s\nwant %s", i-1, got, exp)
			}
			for _, shift := range []int{0, 100, 200, 400, 800} {
				now := rightsNow.AddDate(0, 0, shift)
				d, ok := contacts.RetentionDue(c, a, now, contacts.Retention{})
				wd, wok := contacts.RetentionDue(w, wa, now, contacts.Retention{})
				if d != wd || ok != wok {
					return fmt.Errorf("%s, %+d days: RetentionDue %+v %v, with the whole contact %+v %v", c.Name, shift, d, ok, wd, wok)
				}
			}
			return nil
		})
		if err != nil {
			t.Errorf("EachForRetention(erasureAsked %v): %v", erasureAsked, err)
		}
	}
	if seen[true] != 6 || seen[false] != len(want) {
		t.Errorf("EachForRetention listed %d asking for erasure and %d in all, want 6 and %d", seen[true], seen[false], len(want))
	}
}
