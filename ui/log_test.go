package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"legit/contacts"
	"legit/store"
)

// seedLog adds six weeks of outreach by two reps before testNow to the demo
// database: first emails with the long notice, follow-ups, a notice-only
// email, opt-outs, and events of an erased contact that only has its ref.
func seedLog(t *testing.T, st *store.Store, list []contacts.Contact) {
	t.Helper()
	ctx := context.Background()
	var es []store.Event
	at := func(daysAgo, hour int) time.Time {
		return testNow.AddDate(0, 0, -daysAgo).Truncate(24 * time.Hour).Add(time.Duration(hour) * time.Hour)
	}
	reps := []string{testRep, "Sam Peeters"}
	for i := range 24 {
		c := list[i%len(list)]
		rep := reps[i%2]
		day := 40 - i*40/24
		es = append(es, store.Event{At: at(day, 9), Rep: rep, Kind: store.EventSend, ContactRef: c.Ref,
			Details: map[string]string{"first": "true", "notice": "long", "basis": "legitimate_interest", "source_kind": sourceKindOf(c.Sources), "tracking": "off"}},
			store.Event{At: at(day, 9), Rep: rep, Kind: store.EventNotice, ContactRef: c.Ref, Details: map[string]string{"form": "long"}})
		if i%3 == 0 {
			es = append(es, store.Event{At: at(day-2, 11), Rep: rep, Kind: store.EventSend, ContactRef: c.Ref,
				Details: map[string]string{"notice": "short", "basis": "legitimate_interest", "source_kind": sourceKindOf(c.Sources), "tracking": "off"}})
		}
		if i%5 == 4 {
			es = append(es, store.Event{At: at(day-3, 14), Rep: rep, Kind: store.EventSuppression, ContactRef: c.Ref,
				Details: map[string]string{"reason": "opt_out"}})
		}
	}
	es = append(es,
		store.Event{At: at(1, 10), Rep: "Sam Peeters", Kind: store.EventNotice, ContactRef: list[3].Ref,
			Details: map[string]string{"notice": "long", "basis": "legitimate_interest", "source_kind": "business_card"}},
		store.Event{At: at(0, 8), Rep: testRep, Kind: store.EventSend, ContactRef: list[5].Ref,
			Details: map[string]string{"first": "true", "notice": "long", "basis": "consent", "source_kind": "business_card", "tracking": "on"}},
		store.Event{At: at(9, 15), Rep: testRep, Kind: store.EventSend, ContactRef: "c-00e4a5ed00000001",
			Details: map[string]string{"first": "true", "notice": "long", "basis": "legitimate_interest", "source_kind": "linkedin", "tracking": "off"}},
		store.Event{At: at(2, 16), Rep: testRep, Kind: store.EventErasure, ContactRef: "c-00e4a5ed00000001",
			Details: map[string]string{"reason": "request"}},
	)
	if err := st.InTx(ctx, func(tx *store.Tx) error { _, err := tx.AppendEvents(es); return err }); err != nil {
		t.Fatalf("seed log: %v", err)
	}
}

// logDeps is a database with the demo contacts added 45 days before
// testNow, and seedLog's outreach since.
func logDeps(t *testing.T) Deps {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "legit.db"))
	if err != nil {
		t.Fatalf("store.Open() = %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	added := testNow.AddDate(0, 0, -45)
	st.SetClock(func() time.Time { return added })
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for _, c := range contacts.Demo(added, testRep) {
			if _, err := tx.AddContact(c, testRep); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	st.SetClock(func() time.Time { return testNow })
	list, err := st.ListContacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seedLog(t, st, list)
	return Deps{Store: st, Rep: testRep, Now: func() time.Time { return testNow }, DeadlineDays: 30}
}

// reviewStore is a rep's database holding only seedLog's outreach, with
// fixed contact refs so that the review screen's golden file is stable.
func reviewStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rep.db"))
	if err != nil {
		t.Fatalf("store.Open() = %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	st.SetClock(func() time.Time { return testNow })
	list := make([]contacts.Contact, 10)
	for i := range list {
		list[i] = contacts.Contact{Ref: fmt.Sprintf("c-%04x%012x", 0x1000+i*0x1111, i),
			Sources: []contacts.Source{{Kind: []contacts.SourceKind{contacts.LinkedIn, contacts.BusinessCard, contacts.Event}[i%3]}}}
	}
	seedLog(t, st, list)
	return st
}

// openLog starts the app on the log's demo data at w x h and opens the log.
func openLog(t *testing.T, w, h int) *teatest.TestModel {
	t.Helper()
	tm := startApp(t, logDeps(t), w, h, "Agnieszka")
	press(tm, "4")
	waitFor(t, tm, "first email")
	return tm
}

// filterLog types text into the log's filter and keeps it.
func filterLog(tm *teatest.TestModel, text string) {
	press(tm, "/")
	tm.Type(text)
	press(tm, "enter")
}

func TestLogScreenGolden(t *testing.T) {
	t.Parallel()
	tm := openLog(t, 80, 24)
	m, screen := finalScreen(t, tm)
	requireGolden(t, "log_80x24", screen)
	if _, ok := m.top().(*logScreen); !ok {
		t.Fatalf("screen in view is %T, want the log", m.top())
	}
	for i, line := range strings.Split(screen, "\n") {
		if w := len([]rune(line)); w > 80 {
			t.Errorf("line %d is %d cells wide, want at most 80", i, w)
		}
	}
}

func TestLogScreenWide(t *testing.T) {
	t.Parallel()
	tm := openLog(t, 120, 32)
	_, screen := finalScreen(t, tm)
	requireGolden(t, "log_120x32", screen)
}

func TestLogScreenFilters(t *testing.T) {
	t.Parallel()
	tm := openLog(t, 100, 30)
	press(tm, "tab") // kind: send
	waitFor(t, tm, "email (tab)")
	press(tm, "r", "r") // rep: the second in name order
	waitFor(t, tm, "Sam Peeters (r)")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "log_send_sam", screen)
	l := m.top().(*logScreen)
	if len(l.entries) == 0 {
		t.Fatal("no sends by Sam Peeters shown")
	}
	for _, e := range l.entries {
		if e.Kind != store.EventSend || e.Rep != "Sam Peeters" {
			t.Errorf("event %d (%s by %s) shown under kind send, rep Sam Peeters", e.ID, e.Kind, e.Rep)
		}
	}
}

func TestLogScreenTextFilterShowsErasedRef(t *testing.T) {
	t.Parallel()
	tm := openLog(t, 100, 30)
	filterLog(tm, "00e4a5ed")
	waitFor(t, tm, "2 events")
	m, _ := finalScreen(t, tm)
	l := m.top().(*logScreen)
	if len(l.entries) != 2 {
		t.Fatalf("filter shows %d events, want the erased contact's 2", len(l.entries))
	}
	for _, e := range l.entries {
		if e.ContactName != "" || e.ContactRef != "c-00e4a5ed00000001" {
			t.Errorf("erased contact's event shows name %q ref %q, want only the ref", e.ContactName, e.ContactRef)
		}
	}
}

func TestReviewGolden(t *testing.T) {
	t.Parallel()
	rep := reviewStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "robin.jsonl")
	f, err := os.Create(good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rep.ExportLog(ctx, f, testRep); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(dir, "sam.jsonl")
	lines := strings.Split(string(text), "\n")
	for i := 20; i < len(lines); i++ {
		if strings.Contains(lines[i], `"tracking":"off"`) {
			lines[i] = strings.Replace(lines[i], `"tracking":"off"`, `"tracking":"on"`, 1)
			break
		}
	}
	if err := os.WriteFile(edited, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(junk, []byte("meeting notes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var bundles []*store.Bundle
	for _, p := range []string{good, edited, junk} {
		b, err := store.ReadBundle(p)
		if err != nil {
			t.Fatal(err)
		}
		bundles = append(bundles, b)
	}
	if bundles[0].Err != nil || bundles[1].Err == nil || bundles[2].Readable() {
		t.Fatalf("bundle statuses = %v / %v / %v, want ok, broken, unreadable", bundles[0].Err, bundles[1].Err, bundles[2].Err)
	}
	rs, err := store.OpenReview(ctx, filepath.Join(dir, "review.db"), bundles)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rs.Close() })
	rd := Deps{Store: rs, Rep: "Team lead", Now: func() time.Time { return testNow }, DeadlineDays: 30}
	tm := teatest.NewTestModel(t, NewReview(rd, bundles), teatest.WithInitialTermSize(80, 24))
	waitFor(t, tm, "first email")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "review_80x24", screen)
	l := m.top().(*logScreen)
	want := len(bundles[0].Links) + len(bundles[1].Links)
	if !l.more && len(l.entries) != want {
		t.Errorf("review shows %d events, want %d (the good bundle and the broken one up to its break)", len(l.entries), want)
	}
}

// sourceKindOf is the first source's kind as the log details name it.
func sourceKindOf(srcs []contacts.Source) string {
	if len(srcs) == 0 {
		return ""
	}
	return string(srcs[0].Kind)
}

func TestLogVerifyAndEventDetail(t *testing.T) {
	t.Parallel()
	// Fixed refs and times make fixed hashes, so the golden file is stable.
	d := Deps{Store: reviewStore(t), Rep: testRep, Now: func() time.Time { return testNow }, DeadlineDays: 30}
	tm := startApp(t, d, 80, 24, "No contacts yet")
	press(tm, "4")
	waitFor(t, tm, "first email")
	press(tm, "v")
	waitFor(t, tm, "chain ok: ")
	press(tm, "enter")
	waitFor(t, tm, "Prev hash")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "log_event_80x24", screen)
	v, ok := m.top().(*logEvent)
	if !ok || len(m.stack) != 2 {
		t.Fatalf("screen in view is %T (stack %d), want the event over the log", m.top(), len(m.stack))
	}
	if v.e.Kind != store.EventSend || v.e.Details["tracking"] != "on" {
		t.Errorf("event shown = %+v, want the newest send (with tracking on)", v.e)
	}
}

func TestLogBackFromEventKeepsPlace(t *testing.T) {
	t.Parallel()
	tm := openLog(t, 80, 24)
	press(tm, "j", "j", "j", "enter")
	waitFor(t, tm, "Prev hash")
	press(tm, "esc")
	waitFor(t, tm, "first contacts")
	m, _ := finalScreen(t, tm)
	l, ok := m.top().(*logScreen)
	if !ok || l.cursor != 3 {
		t.Fatalf("back on %T, want the log with the cursor still on row 3", m.top())
	}
}

func TestLogPagesInOlderEvents(t *testing.T) {
	t.Parallel()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "legit.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	es := make([]store.Event, 450)
	for i := range es {
		es[i] = store.Event{At: testNow.Add(-time.Duration(i) * time.Hour), Rep: testRep, Kind: store.EventImport,
			ContactRef: fmt.Sprintf("c-%016x", i), Details: map[string]string{"source_kind": "linkedin"}}
	}
	if err := st.InTx(context.Background(), func(tx *store.Tx) error { _, err := tx.AppendEvents(es); return err }); err != nil {
		t.Fatal(err)
	}
	// Driven without a program: each command runs at once and its message
	// goes straight back to the screen.
	sh := &shared{Deps: Deps{Store: st, Rep: testRep, Now: func() time.Time { return testNow }, DeadlineDays: 30},
		st: newStyles(true), width: 80, height: 22}
	l := newLogScreen(sh, nil)
	run := func(cmd tea.Cmd) {
		for cmd != nil {
			var s screen
			s, cmd = l.update(cmd())
			l = s.(*logScreen)
		}
	}
	run(l.init())
	if len(l.entries) != logPageSize || !l.more {
		t.Fatalf("first page = %d events (more: %v), want %d and more", len(l.entries), l.more, logPageSize)
	}
	for range 3 {
		_, cmd := l.update(keyPress("G"))
		run(cmd)
	}
	seen := map[int64]bool{}
	for i, e := range l.entries {
		if seen[e.ID] || (i > 0 && e.At.After(l.entries[i-1].At)) {
			t.Fatalf("event %d repeated or out of order after paging", e.ID)
		}
		seen[e.ID] = true
	}
	if len(seen) != 450 || l.more {
		t.Errorf("paged in %d events (more: %v), want all 450", len(seen), l.more)
	}
}

func TestKindTextNamesAnsweredRequests(t *testing.T) {
	t.Parallel()
	answered := map[string]string{"requests_answered": "1"}
	for _, tc := range []struct {
		kind    store.EventKind
		details map[string]string
		want    string
	}{
		{store.EventExport, nil, "export"},
		{store.EventExport, answered, "access given"},
		{store.EventErasure, map[string]string{"reason": "retention"}, "erased"},
		{store.EventErasure, map[string]string{"reason": "request", "requests_answered": "1"}, "erased (asked)"},
		{store.EventSend, map[string]string{"first": "true"}, "first email"},
		{store.EventSuppression, map[string]string{"reason": "bounce"}, "bounced"},
		{store.EventOrgSet, nil, "setting"}, // the kind filter's label, without a key
		{store.EventOrgSet, map[string]string{"key": "daily_cap"}, "setting daily_cap"},
	} {
		if got := kindText(tc.kind, tc.details); got != tc.want {
			t.Errorf("kindText(%s, %v) = %q, want %q", tc.kind, tc.details, got, tc.want)
		}
	}
}

// TestLogWordsAreTheVocabulary: every word the log screen shows for an
// event finds that event's kind on the command line (legit log --kind).
func TestLogWordsAreTheVocabulary(t *testing.T) {
	t.Parallel()
	for _, k := range store.EventKinds() {
		for _, d := range kindDetails {
			w := kindText(k, d)
			if got, ok := store.ParseEventKind(w); !ok || got != k {
				t.Errorf("the screen shows %q for %s, but ParseEventKind(%q) = %q, %v", w, k, w, got, ok)
			}
		}
	}
}

// TestLogScreenDateFilter: / takes a date range; every event shown falls in it.
func TestLogScreenDateFilter(t *testing.T) {
	t.Parallel()
	tm := openLog(t, 100, 30)
	filterLog(tm, "this week")
	waitOnScreen(t, tm, regexp.MustCompile(`/ this week · \d+\+? events?`)) // the count shows once the filtered page is in
	m, _ := finalScreen(t, tm)
	l := m.top().(*logScreen)
	since, until, _ := logDates("this week", testNow)
	if len(l.entries) == 0 {
		t.Fatal("no event this week")
	}
	for _, e := range l.entries {
		if e.At.Before(since) || !e.At.Before(until) {
			t.Errorf("event %d at %v shown for this week (%v to %v)", e.ID, e.At, since, until)
		}
	}
}

// TestLogScreenDateFilterMatchingNothing: a date range with no event says
// that nothing matches the filter, not that the log is empty.
func TestLogScreenDateFilterMatchingNothing(t *testing.T) {
	t.Parallel()
	tm := openLog(t, 100, 30)
	filterLog(tm, "2020-01-06..2020-01-10")
	waitFor(t, tm, "No event matches")
	_, screen := finalScreen(t, tm)
	if strings.Contains(screen, "The log is empty") {
		t.Errorf("a date range with no event says the log is empty:\n%s", screen)
	}
}

// TestTeamScreenFromLog: t on the log opens the lead's report for the last
// four weeks (per rep and week, from the log), w widens it.
func TestTeamScreenFromLog(t *testing.T) {
	t.Parallel()
	tm := startApp(t, logDeps(t), 80, 24, "Agnieszka")
	// Each step waits for the screen it leads to, loaded (the report's
	// heading is drawn before the report, with "Loading the report…").
	press(tm, "4")
	waitOnScreen(t, tm, regexp.MustCompile(`(?s)^legit › Outreach log.*first email`))
	press(tm, "t")
	waitOnScreen(t, tm, regexp.MustCompile(`(?s)The last 4 weeks.*Since Mon 2 Nov 2026.*Week of 16 Nov 2026`))
	press(tm, "w")
	waitOnScreen(t, tm, regexp.MustCompile(`(?s)The last 12 weeks.*Since Mon 7 Sep 2026`))
	press(tm, "esc", "w") // w on the log does nothing
	waitOnScreen(t, tm, regexp.MustCompile(`(?s)^legit › Outreach log.*first email`))
	press(tm, "t")
	waitOnScreen(t, tm, regexp.MustCompile(`(?s)The last 4 weeks.*Since Mon 2 Nov 2026.*Week of 23 Nov 2026`))
	m, screen := finalScreen(t, tm)
	requireGolden(t, "team_report_80x24", screen)
	if _, ok := m.top().(*teamScreen); !ok {
		t.Fatalf("screen is %T, want the team report", m.top())
	}
	for _, want := range []string{"Sam Peeters", "Robin Maes", "first  follow-up  notice"} {
		if !strings.Contains(screen, want) {
			t.Errorf("team report lacks %q:\n%s", want, screen)
		}
	}
}

// A range typed backwards says so, not that it is no date.
func TestLogScreenBackwardsRange(t *testing.T) {
	t.Parallel()
	tm := openLog(t, 80, 24)
	filterLog(tm, "2026-11-15..2026-11-01")
	waitFor(t, tm, "ends before it starts")
	_, screen := finalScreen(t, tm)
	if strings.Contains(screen, "is not a date") {
		t.Errorf("a backwards range is called no date:\n%s", screen)
	}
}
