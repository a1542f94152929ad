package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"legit/contacts"
)

// addAs saves c as the member with address by.
func (tm *team) addAs(t *testing.T, by string, c contacts.Contact) contacts.Contact {
	t.Helper()
	name := tm.who[by].Name
	c.Sources[0].ObtainedBy = name
	err := tm.as[by].InTx(context.Background(), func(tx *Tx) error {
		var err error
		c, err = tx.AddContact(c, name)
		return err
	})
	if err != nil {
		t.Fatalf("AddContact(%s) as %s = %v", c.Name, by, err)
	}
	return c
}

// staleNames are the names of the contacts whose list columns are still to
// be worked out, as the owner sees them.
func (tm *team) staleNames(t *testing.T) []string {
	t.Helper()
	rows, err := tm.owner.db.Query(`SELECT name FROM contacts WHERE list_search IS NULL ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if err := closeRows(rows, "stale"); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTeamContactList: on a team database every role reads the contact
// list (the TUI's pages and counts, legit contacts and legit deadlines):
// each sees only the contacts it may, and the tab counts are those of its
// own view. A new version of the list rule is recorded by whoever lists
// first; each member then works out the rows they see, and a colleague's
// rows wait until someone who sees them lists.
func TestTeamContactList(t *testing.T) {
	tm := newTeam(t, anna, sam, lena, dora)
	ctx := context.Background()
	noBasis := func(name, email string) contacts.Contact {
		c := person(name, email)
		c.Basis = contacts.Basis{}
		return c
	}
	tm.addAs(t, anna[1], person("Anke Aalders", "anke@aalders.example"))
	tm.addAs(t, anna[1], noBasis("Arne Berg", "arne@berg.example"))
	tm.addAs(t, sam[1], noBasis("Saskia Claes", "saskia@claes.example"))
	tm.addAs(t, sam[1], person("Stijn Dams", "stijn@dams.example"))
	tm.addAs(t, lena[1], noBasis("Lotte Engels", "lotte@engels.example"))
	if err := tm.as[lena[1]].ShareContact(ctx, "saskia@claes.example", anna[1], "Lena Lead"); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.as[sam[1]].RecordOptOut(ctx, OptOut{Email: "stijn@dams.example", Reason: ReasonObjection, Via: "phone", Rep: "Sam Peeters"}); err != nil {
		t.Fatal(err)
	}
	all := []string{"Anke Aalders", "Arne Berg", "Lotte Engels", "Saskia Claes", "Stijn Dams"}
	sees := map[string][]string{
		anna[1]: {"Anke Aalders", "Arne Berg", "Saskia Claes"},
		sam[1]:  {"Saskia Claes", "Stijn Dams"},
		lena[1]: all,
		dora[1]: all,
	}
	// The tabs each role should count, by name (every source is a LinkedIn
	// connection of 10 days ago: the notice is due in about three weeks).
	tabs := map[ListTab][]string{
		ListAll:        all,
		ListNeedsBasis: {"Arne Berg", "Lotte Engels", "Saskia Claes"},
		ListStopped:    {"Stijn Dams"},
	}
	check := func(t *testing.T, who string, rule ListRule) {
		t.Helper()
		s := tm.as[who]
		want := sees[who]
		for tab := ListAll; tab < listTabs; tab++ {
			q := listQuery(tab, "")
			q.Rule = rule
			var wantTab []string
			for _, n := range tabs[tab] {
				if slices.Contains(want, n) {
					wantTab = append(wantTab, n)
				}
			}
			n, err := s.CountList(ctx, q)
			if err != nil {
				t.Fatalf("%s: CountList(tab %d) = %v", who, tab, err)
			}
			got := listNames(t, s, q)
			if !slices.Equal(got, wantTab) {
				t.Errorf("%s: tab %d lists %q, want %q", who, tab, got, wantTab)
			}
			if n.Tabs[tab] != len(wantTab) || n.Matched != len(wantTab) {
				t.Errorf("%s: tab %d counts %d (matched %d), want %d", who, tab, n.Tabs[tab], n.Matched, len(wantTab))
			}
		}
		var listed []string
		if err := s.EachListed(ctx, ListQuery{Rule: rule, Today: rightsNow}, func(r ListRow) error {
			listed = append(listed, r.Contact.Name)
			return nil
		}); err != nil || !slices.Equal(listed, want) {
			t.Errorf("%s: EachListed = %q, %v; want %q", who, listed, err, want)
		}
		var due []string
		if err := s.EachDue(ctx, ListQuery{Rule: rule, Today: rightsNow}, DueLater, func(r ListRow) error {
			due = append(due, r.Contact.Name)
			return nil
		}); err != nil || len(due) != len(want) {
			t.Errorf("%s: later deadlines = %q, %v; want %d", who, due, err, len(want))
		}
		if got := listNames(t, s, ListQuery{Rule: rule, Tab: ListAll, Text: "SASKIA", Today: rightsNow}); len(got) != boolInt(slices.Contains(want, "Saskia Claes")) {
			t.Errorf("%s: filter SASKIA lists %q", who, got)
		}
	}
	for _, who := range []string{anna[1], sam[1], lena[1], dora[1]} {
		t.Run(strings.Split(who, "@")[0], func(t *testing.T) { check(t, who, testListRule) })
	}
	if got := tm.staleNames(t); len(got) != 0 {
		t.Fatalf("after every role listed, stale rows: %q", got)
	}

	// A new rule: every contact needs a basis. Anna lists first: her rows
	// are worked out, the others wait for someone who sees them.
	rule2 := ListRule{Version: "test-2", Facts: func(contacts.Contact) ListFacts { return ListFacts{NeedsBasis: true} }}
	tabs[ListNeedsBasis] = []string{"Anke Aalders", "Arne Berg", "Lotte Engels", "Saskia Claes"}
	check(t, anna[1], rule2)
	if got, want := tm.staleNames(t), []string{"Lotte Engels", "Stijn Dams"}; !slices.Equal(got, want) {
		t.Errorf("after Anna listed under a new rule, stale rows %q, want %q", got, want)
	}
	check(t, sam[1], rule2)
	if got, want := tm.staleNames(t), []string{"Lotte Engels"}; !slices.Equal(got, want) {
		t.Errorf("after Sam listed, stale rows %q, want %q", got, want)
	}
	check(t, dora[1], rule2)
	if got := tm.staleNames(t); len(got) != 0 {
		t.Errorf("after the DPO listed, stale rows %q", got)
	}
	check(t, lena[1], rule2)
	var v []byte
	if err := tm.owner.db.QueryRow(`SELECT value FROM meta WHERE key = 'list_rule'`).Scan(&v); err != nil || string(v) != "test-2" {
		t.Errorf("recorded list rule %q (%v), want test-2", v, err)
	}
}

// TestTeamListRuleFunction: the function that records the list rule runs
// as its owner in the schema's own search path, and only members may call
// it.
func TestTeamListRuleFunction(t *testing.T) {
	tm := newTeam(t, anna)
	var public, rep bool
	var config string
	err := tm.owner.db.QueryRow(`SELECT
		has_function_privilege('public', 'legit_list_rule(bytea)', 'EXECUTE'),
		has_function_privilege('legit_rep', 'legit_list_rule(bytea)', 'EXECUTE'),
		COALESCE(array_to_string(proconfig, ','), '')
		FROM pg_proc WHERE oid = 'legit_list_rule(bytea)'::regprocedure AND prosecdef`).Scan(&public, &rep, &config)
	if err != nil {
		t.Fatalf("read legit_list_rule: %v (a SECURITY DEFINER function is wanted)", err)
	}
	if public || !rep || !strings.HasPrefix(config, "search_path=") {
		t.Errorf("legit_list_rule: PUBLIC may run it %v, legit_rep %v, settings %q; want false, true, a search_path", public, rep, config)
	}
	// A member's call under a rule already recorded changes nothing.
	s := tm.as[anna[1]]
	var changed bool
	for _, want := range []bool{true, false} {
		if err := s.db.QueryRow(`SELECT legit_list_rule(?)`, []byte("x-1")).Scan(&changed); err != nil || changed != want {
			t.Errorf("legit_list_rule(x-1) = %v, %v; want %v", changed, err, want)
		}
	}
}
