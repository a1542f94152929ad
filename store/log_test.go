package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

var logT0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // a Monday

// logStore opens a temp store holding n events spread over reps, kinds and
// contacts, one hour apart from logT0.
func logStore(t *testing.T, n int) *Store {
	t.Helper()
	ctx := context.Background()
	s := openTestStore(t)
	reps := []string{"Robin Maes", "Sam Peeters"}
	kinds := []Event{
		{Kind: EventImport, Details: map[string]string{"source_kind": "linkedin"}},
		{Kind: EventSend, Details: map[string]string{"first": "true", "notice": "long", "basis": "legitimate_interest", "source_kind": "linkedin", "tracking": "off"}},
		{Kind: EventSend, Details: map[string]string{"notice": "short", "basis": "legitimate_interest", "tracking": "off"}},
		{Kind: EventSuppression, Details: map[string]string{"reason": "opt_out"}},
		{Kind: EventBasis, Details: map[string]string{"basis": "legitimate_interest"}},
		{Kind: EventNotice, Details: map[string]string{"form": "long"}}, // the send path logs one with each long notice
	}
	es := make([]Event, n)
	for i := range es {
		e := kinds[i%len(kinds)]
		e.At = logT0.Add(time.Duration(i) * time.Hour)
		e.Rep = reps[i%len(reps)]
		e.ContactRef = "c-" + string(rune('a'+i%5))
		es[i] = e
	}
	if err := s.InTx(ctx, func(tx *Tx) error { _, err := tx.AppendEvents(es); return err }); err != nil {
		t.Fatalf("AppendEvents() = %v", err)
	}
	return s
}

// tamper runs SQL on the log with the append-only triggers dropped, as
// someone with the database file could.
func tamper(t *testing.T, s *Store, stmts ...string) {
	t.Helper()
	drop := []string{"DROP TRIGGER events_no_update", "DROP TRIGGER events_no_delete"}
	if onPostgres() {
		drop = []string{"DROP TRIGGER events_no_update ON events", "DROP TRIGGER events_no_delete ON events"}
	}
	all := append(drop, stmts...)
	for _, q := range all {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestVerifyChain(t *testing.T) {
	tests := []struct {
		name    string
		sql     []string
		wantID  int64
		wantMsg string
	}{
		{"intact", nil, 0, ""},
		{"edited details", []string{`UPDATE events SET details = '{"reason":"manual"}' WHERE id = 4`}, 4, "edited"},
		{"edited time", []string{`UPDATE events SET at = '2020-01-01T00:00:00Z' WHERE id = 7`}, 7, "edited"},
		{"edited and rehashed", []string{`UPDATE events SET rep = 'Someone', hash = 'x' WHERE id = 5`}, 5, "edited"},
		{"deleted", []string{`DELETE FROM events WHERE id = 6`}, 6, "deleted"},
		{"deleted two", []string{`DELETE FROM events WHERE id IN (6, 7)`}, 6, "6 to 7 are missing"},
		{"reordered", []string{
			`UPDATE events SET id = 100 WHERE id = 3`,
			`UPDATE events SET id = 3 WHERE id = 2`,
			`UPDATE events SET id = 2 WHERE id = 100`}, 2, "prev_hash is not the hash of event 1"},
		{"first deleted", []string{`DELETE FROM events WHERE id = 1`}, 1, "deleted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := logStore(t, 10)
			tamper(t, s, tt.sql...)
			rep, err := s.VerifyChain(context.Background())
			if tt.wantID == 0 {
				if err != nil || rep.Events != 10 {
					t.Fatalf("VerifyChain() = %+v, %v; want 10 events intact", rep, err)
				}
				return
			}
			var ce *ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("VerifyChain() = %v, want a *ChainError", err)
			}
			if ce.EventID != tt.wantID || !strings.Contains(ce.Error(), tt.wantMsg) {
				t.Errorf("VerifyChain() = %q, want event %d and %q", ce.Error(), tt.wantID, tt.wantMsg)
			}
			if rep.Events != int(tt.wantID)-1 {
				t.Errorf("intact events = %d, want %d", rep.Events, tt.wantID-1)
			}
		})
	}
}

func TestAppendEventsContinuesChain(t *testing.T) {
	s := logStore(t, 3)
	ctx := context.Background()
	err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.AppendEvent(Event{Rep: "Robin Maes", Kind: EventBasis, ContactRef: "c-a"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := s.VerifyChain(ctx); err != nil || rep.Events != 4 {
		t.Fatalf("VerifyChain() = %+v, %v; want 4 intact", rep, err)
	}
}

func TestLogFilters(t *testing.T) {
	s := logStore(t, 40)
	ctx := context.Background()
	day := func(d int) time.Time { return logT0.AddDate(0, 0, d) }
	tests := []struct {
		name string
		f    LogFilter
		want int
		ok   func(LogEntry) bool
	}{
		{"all", LogFilter{}, 40, nil},
		{"rep", LogFilter{Rep: "Sam Peeters"}, 20, func(e LogEntry) bool { return e.Rep == "Sam Peeters" }},
		{"kind", LogFilter{Kind: EventSuppression}, 7, func(e LogEntry) bool { return e.Kind == EventSuppression }},
		{"contact", LogFilter{ContactRef: "c-b"}, 8, func(e LogEntry) bool { return e.ContactRef == "c-b" }},
		{"since", LogFilter{Since: day(1)}, 16, func(e LogEntry) bool { return !e.At.Before(day(1)) }},
		{"until", LogFilter{Until: day(1)}, 24, func(e LogEntry) bool { return e.At.Before(day(1)) }},
		{"rep since until", LogFilter{Rep: "Robin Maes", Since: logT0.Add(10 * time.Hour), Until: logT0.Add(20 * time.Hour)}, 5,
			func(e LogEntry) bool { return e.Rep == "Robin Maes" }},
		{"text in rep", LogFilter{Text: "PEETERS"}, 20, func(e LogEntry) bool { return e.Rep == "Sam Peeters" }},
		{"text not in details", LogFilter{Text: "linkedin"}, 0, nil},
		{"text in kind", LogFilter{Text: "suppr"}, 7, func(e LogEntry) bool { return e.Kind == EventSuppression }},
		{"text percent is literal", LogFilter{Text: "%"}, 0, nil},
		{"limit", LogFilter{Limit: 7}, 7, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Log(ctx, tt.f)
			if err != nil {
				t.Fatalf("Log() = %v", err)
			}
			if len(got) != tt.want {
				t.Fatalf("Log() returned %d events, want %d", len(got), tt.want)
			}
			for i, e := range got {
				if tt.ok != nil && !tt.ok(e) {
					t.Errorf("event %d (%s %s %s) does not match the filter", e.ID, e.Rep, e.Kind, e.At)
				}
				if i > 0 && e.At.After(got[i-1].At) {
					t.Errorf("event %d is newer than the one before it: not newest first", e.ID)
				}
			}
		})
	}
}

func TestLogKeysetPagination(t *testing.T) {
	s := logStore(t, 25)
	ctx := context.Background()
	seen := map[int64]bool{}
	var after *LogEntry
	pages := 0
	for {
		page, err := s.Log(ctx, LogFilter{Limit: 10, After: after})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		pages++
		for _, e := range page {
			if seen[e.ID] {
				t.Fatalf("event %d on two pages", e.ID)
			}
			seen[e.ID] = true
		}
		after = &page[len(page)-1]
	}
	if pages != 3 || len(seen) != 25 {
		t.Errorf("paged through %d pages, %d events; want 3 pages, 25 events", pages, len(seen))
	}
}

func TestLogShowsRefAfterErasure(t *testing.T) {
	s := logStore(t, 0)
	ctx := context.Background()
	var ref string
	err := s.InTx(ctx, func(tx *Tx) error {
		c, err := tx.AddContact(testContact("Ada Lovelace", "ada@example.eu"), "Robin Maes")
		ref = c.Ref
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Log(ctx, LogFilter{ContactRef: ref})
	if err != nil || len(got) != 1 || got[0].ContactName != "Ada Lovelace" {
		t.Fatalf("Log() before erasure = %+v, %v; want the contact's name", got, err)
	}
	if _, err := s.db.Exec(`DELETE FROM contacts WHERE ref = ?`, ref); err != nil {
		t.Fatal(err)
	}
	got, err = s.Log(ctx, LogFilter{ContactRef: ref})
	if err != nil || len(got) != 1 || got[0].ContactName != "" || got[0].ContactRef != ref {
		t.Fatalf("Log() after erasure = %+v, %v; want only the ref", got, err)
	}
}

func TestWeeklyCountsAndReps(t *testing.T) {
	s := logStore(t, 24*14-9) // two weeks from Monday 09:00, hourly
	ctx := context.Background()
	weeks, err := s.WeeklyCounts(ctx, logT0.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(weeks) != 4 {
		t.Fatalf("WeeklyCounts() = %d rows, want 2 reps x 2 weeks", len(weeks))
	}
	for _, w := range weeks {
		if w.Week.Weekday() != time.Monday {
			t.Errorf("week %s does not start on a Monday", w.Week)
		}
		// Robin logs kinds 0, 2 and 4 (import, later send, basis); Sam logs 1, 3
		// and 5 (first send, opt-out, the notice that went with the send).
		switch w.Rep {
		case "Robin Maes":
			if w.FirstContacts != 0 || w.Notices != 0 || w.OptOuts != 0 {
				t.Errorf("Robin %s = %+v, want no first contacts, notices or opt-outs", w.Week, w)
			}
		case "Sam Peeters":
			if w.FirstContacts == 0 || w.Notices == 0 || w.OptOuts == 0 || w.Notices-w.FirstContacts > 1 || w.FirstContacts-w.Notices > 1 {
				t.Errorf("Sam %s = %+v, want first contacts with notices, and opt-outs", w.Week, w)
			}
		}
	}
	reps, err := s.LogReps(ctx)
	if err != nil || strings.Join(reps, ",") != "Robin Maes,Sam Peeters" {
		t.Errorf("LogReps() = %v, %v", reps, err)
	}
}

func TestBundleRoundTrip(t *testing.T) {
	s := logStore(t, 12)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "robin.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.ExportLog(ctx, f, "Robin Maes")
	if err != nil {
		t.Fatalf("ExportLog() = %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if h.Count != 12 || h.LastID != 12 {
		t.Errorf("header = %+v, want 12 events", h)
	}
	b, err := ReadBundle(path)
	if err != nil || b.Err != nil {
		t.Fatalf("ReadBundle() = %v / %v, want a good bundle", err, b.Err)
	}
	if len(b.Links) != 12 || b.Header.Rep != "Robin Maes" {
		t.Errorf("bundle holds %d events of %q, want 12 of Robin Maes", len(b.Links), b.Header.Rep)
	}
	rs, err := OpenReview(ctx, filepath.Join(t.TempDir(), "review.db"), []*Bundle{b, b})
	if err != nil {
		t.Fatalf("OpenReview() = %v", err)
	}
	defer rs.Close()
	got, err := rs.Log(ctx, LogFilter{})
	if err != nil || len(got) != 24 {
		t.Fatalf("review Log() = %d events, %v; want 24", len(got), err)
	}
}

func TestBundleTampered(t *testing.T) {
	s := logStore(t, 6)
	var sb strings.Builder
	if _, err := s.ExportLog(context.Background(), &sb, "Robin Maes"); err != nil {
		t.Fatal(err)
	}
	good := sb.String()
	lines := strings.SplitAfter(good, "\n")
	tests := []struct {
		name, text string
		wantID     int64
		readable   bool
	}{
		{"edited", strings.Replace(good, `"reason":"opt_out"`, `"reason":"manual"`, 1), 4, true},
		{"line removed", strings.Join(append(append([]string{}, lines[:3]...), lines[4:]...), ""), 3, true},
		{"lines swapped", lines[0] + lines[1] + lines[3] + lines[2] + strings.Join(lines[4:], ""), 2, true},
		{"cut short", strings.Join(lines[:5], ""), 5, true},
		{"not json", "hello\n", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "b.jsonl")
			if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			b, err := ReadBundle(path)
			if err != nil {
				t.Fatal(err)
			}
			if b.Err == nil || b.Readable() != tt.readable {
				t.Fatalf("ReadBundle() err = %v, readable %v; want an error, readable %v", b.Err, b.Readable(), tt.readable)
			}
			var ce *ChainError
			if tt.readable && (!errors.As(b.Err, &ce) || ce.EventID != tt.wantID) {
				t.Errorf("ReadBundle() = %v, want broken at event %d", b.Err, tt.wantID)
			}
		})
	}
}

func FuzzReadBundle(f *testing.F) {
	f.Add([]byte(`{"legit_log_bundle":1,"rep":"R","count":0,"last_id":0,"head":"` + GenesisHash + `"}` + "\n"))
	f.Add([]byte(`{"legit_log_bundle":1}` + "\n" + `{"id":1,"details":"x"}` + "\n"))
	f.Add([]byte("{}\n{}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := &Bundle{}
		err := b.read(strings.NewReader(string(data)))
		if err == nil && len(b.Links) != b.Header.Count {
			t.Errorf("a good bundle holds %d links, header says %d", len(b.Links), b.Header.Count)
		}
	})
}

// testContact is a prospect with one LinkedIn source.
func testContact(name, email string) contacts.Contact {
	return contacts.Contact{Name: name, Email: email,
		Sources: []contacts.Source{{Kind: contacts.LinkedIn, Detail: "LinkedIn connections export", ObtainedAt: logT0, ObtainedBy: "Robin Maes"}}}
}
