package outreach

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"legit/store"
)

// TestUnresolvedSaysWhoResolves: the no-send-in-doubt refusal names the
// message, whose send it is and the command that settles it: the rep's
// own Sent folder for their own, the colleague or a lead for a
// colleague's, and to wait while a reservation still holds.
func TestUnresolvedSaysWhoResolves(t *testing.T) {
	until := testNow.Add(90 * time.Second)
	for _, tc := range []struct {
		name      string
		holder    *DoubtHolder
		why, fix  []string
		forbidden string
	}{
		{"not looked up", nil, []string{"may or may not have gone out"}, []string{"legit send --resolve"}, "ask"},
		{"the rep's own", &DoubtHolder{Row: 7, Rep: "Robin Maes", Own: true},
			[]string{"message 7, yours"}, []string{"your Sent folder", "legit send --resolve 7 --outcome sent|not-sent"}, "ask"},
		{"the rep's own, still being sent", &DoubtHolder{Row: 7, Rep: "Robin Maes", Own: true, Until: until},
			[]string{"still being sent until 12:01 UTC"}, []string{"wait", "legit send --resolve 7"}, "ask"},
		{"a colleague's", &DoubtHolder{Row: 7, Rep: "Robin Maes"},
			[]string{"message 7, Robin Maes's"}, []string{"ask Robin Maes", "or a lead", "legit send --resolve 7 --outcome sent|not-sent", "legit send --in-doubt"}, "your Sent"},
		{"a colleague's, still being sent", &DoubtHolder{Row: 7, Rep: "Robin Maes", Until: until},
			[]string{"Robin Maes's, still being sent until 12:01 UTC"}, []string{"wait", "ask Robin Maes or a lead", "legit send --resolve 7"}, "your Sent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := passingInput()
			in.Unresolved, in.Holder = 1, tc.holder
			f := Check(in, testNow).Failing()
			if len(f) != 1 || f[0].Rule != RuleUnresolved {
				t.Fatalf("failing = %+v, want only %s", f, RuleUnresolved)
			}
			for _, w := range append([]string{"may or may not have gone out"}, tc.why...) {
				if !strings.Contains(f[0].Why, w) {
					t.Errorf("why %q lacks %q", f[0].Why, w)
				}
			}
			for _, w := range tc.fix {
				if !strings.Contains(f[0].Fix, w) {
					t.Errorf("fix %q lacks %q", f[0].Fix, w)
				}
			}
			if strings.Contains(f[0].Fix, tc.forbidden) {
				t.Errorf("fix %q says %q", f[0].Fix, tc.forbidden)
			}
		})
	}
}

// TestColleagueSendInDoubt: Robin's client dies while the mail server has
// his email. Sam's send to the person is refused naming Robin and the
// message; while Robin's reservation holds nobody may resolve it; once it
// ran out, though Robin never started legit again, it is listed in doubt
// and another rep's sender (a lead's) resolves it: logged as Robin's send
// and the lead's resolution, and Sam's send is no longer held by the rule.
func TestColleagueSendInDoubt(t *testing.T) {
	ctx := context.Background()
	st, robin, c := testStore(t)
	samRep, err := st.EnsureRep(ctx, "Sam Peeters", "sam.peeters@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	robinSends := testSender(st, robin, crashTransport{Transport: SMTP{Server: startSMTP(t, &smtpBackend{})}, deliver: true})
	sendAndCrash(t, robinSends, c.ID)
	sam := testSender(st, samRep, nil)

	msgs, err := st.MessagesIn(ctx, store.StateSending)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("messages sending = %+v, %v; want Robin's one", msgs, err)
	}
	id := msgs[0].ID
	refusal := func(when string) Item {
		t.Helper()
		v, _, err := sam.Preview(ctx, c, passingInput().Draft)
		if err != nil {
			t.Fatalf("%s: Preview() = %v", when, err)
		}
		for _, it := range v.Failing() {
			if it.Rule == RuleUnresolved {
				if !strings.Contains(it.Why, fmt.Sprintf("message %d,", id)) || !strings.Contains(it.Fix, fmt.Sprintf("legit send --resolve %d ", id)) {
					t.Errorf("%s: %+v, want message %d and its --resolve named", when, it, id)
				}
				return it
			}
		}
		t.Fatalf("%s: Sam's send is not refused by %s: %+v", when, RuleUnresolved, v.Failing())
		return Item{}
	}
	it := refusal("while Robin's reservation holds")
	if !strings.Contains(it.Why, "Robin Maes's, still being sent until") || !strings.Contains(it.Fix, "wait") {
		t.Errorf("while Robin's reservation holds: %+v, want it named Robin's and being sent", it)
	}
	list, err := st.SendsInDoubt(ctx, robin.ID, testNow)
	if err != nil || len(list) != 0 {
		t.Errorf("SendsInDoubt() while it is reserved = %+v, %v; want none", list, err)
	}
	leadRep, err := st.EnsureRep(ctx, "Lena Lead", "lena.lead@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	lead := testSender(st, leadRep, nil)
	if err := lead.Resolve(ctx, id, false); err == nil || !strings.Contains(err.Error(), "not in doubt") {
		t.Errorf("Resolve() while Robin's reservation holds = %v, want refused: not in doubt yet", err)
	}

	// The reservation runs out; Robin never starts legit again.
	later := testNow.Add(DefaultLease + time.Second)
	sam.Now, lead.Now = func() time.Time { return later }, func() time.Time { return later }
	it = refusal("after Robin's reservation ran out")
	if !strings.Contains(it.Why, "Robin Maes's)") || !strings.Contains(it.Fix, "ask Robin Maes") || !strings.Contains(it.Fix, "or a lead") {
		t.Errorf("after the reservation ran out: %+v, want Robin or a lead asked to resolve it", it)
	}
	if list, err = st.SendsInDoubt(ctx, robin.ID, later); err != nil || len(list) != 1 || list[0].ID != id || list[0].State != store.StateSending {
		t.Fatalf("SendsInDoubt() after the reservation ran out = %+v, %v; want Robin's send %d", list, err, id)
	}
	if err := lead.Resolve(ctx, id, true); err != nil {
		t.Fatalf("the lead's Resolve() = %v", err)
	}
	if m, _ := st.Message(ctx, id); m.State != store.StateSent {
		t.Errorf("after the lead resolved it as sent: %s, want sent", m.State)
	}
	// The email is logged as Robin's send; its resolution as the lead's.
	events, err := st.Log(ctx, store.LogFilter{ContactRef: c.Ref, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	who := map[store.EventKind]string{}
	for _, e := range events {
		who[e.Kind] = e.Rep
		if e.Kind == store.EventSendResolved && e.Details["how"] != "Lena Lead said it went out" {
			t.Errorf("the resolution says how %q, want the lead's word by name", e.Details["how"])
		}
	}
	if who[store.EventSend] != robin.Name || who[store.EventSendResolved] != leadRep.Name {
		t.Errorf("logged: send by %q, resolution by %q; want Robin's send, resolved by the lead", who[store.EventSend], who[store.EventSendResolved])
	}
	v, _, err := sam.Preview(ctx, c, passingInput().Draft)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range v.Failing() {
		if it.Rule == RuleUnresolved {
			t.Errorf("after the lead resolved Robin's send, Sam's is still refused: %+v", it)
		}
	}
}
