package store

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// benchEvents is how many events the benchmark log holds.
const benchEvents = 1_000_000

// benchEnd is the time of the newest benchmark event; the events go back
// about two years from it, one a minute, over ten reps and 50,000 contacts.
var benchEnd = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// benchLog returns a store holding benchEvents events. The database is built
// once (in one transaction) and kept in the temp dir for later runs.
func benchLog(b *testing.B) *Store {
	b.Helper()
	// The cached file is keyed by the schema, so a new migration rebuilds it.
	ms, err := migrations()
	if err != nil {
		b.Fatal(err)
	}
	h := sha256.New()
	for _, m := range ms {
		h.Write([]byte(m.name + "\x00" + m.sql))
	}
	path := filepath.Join(os.TempDir(), fmt.Sprintf("legit-bench-log-1m-%x", h.Sum(nil)[:6]), "store.db")
	return cachedBenchSQLite(b, path, []string{"events"}, fillBenchLog)
}

// fillBenchLog appends benchEvents synthetic events in chunks.
func fillBenchLog(tx *Tx) error {
	kinds := []struct {
		kind    EventKind
		details map[string]string
	}{
		{EventImport, map[string]string{"source_kind": "linkedin", "batch": "7"}},
		{EventContactAdded, map[string]string{"relationship": "prospect", "source_kind": "business_card"}},
		{EventBasis, map[string]string{"basis": "legitimate_interest"}},
		{EventSend, map[string]string{"first": "true", "notice": "long", "basis": "legitimate_interest", "source_kind": "linkedin", "tracking": "off"}},
		{EventSend, map[string]string{"notice": "short", "basis": "legitimate_interest", "source_kind": "event", "tracking": "off"}},
		{EventSend, map[string]string{"notice": "short", "basis": "consent", "source_kind": "website", "tracking": "on"}},
		{EventNotice, map[string]string{"notice": "long", "source_kind": "business_card"}},
		{EventOptOut, map[string]string{"via": "reply"}},
		{EventSuppression, map[string]string{"reason": "opt_out"}},
		{EventConsent, map[string]string{"purpose": "tracking"}},
	}
	// The contacts the events name: "Person N", and one Anna Jansen.
	add, err := tx.tx.Prepare(`INSERT INTO contacts (ref, name, created_at, updated_at) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for i := 0; i < 50_000; i++ {
		name := fmt.Sprintf("Person %d", i)
		if i == 4242 {
			name = "Anna Jansen"
		}
		if _, err := add.Exec(fmt.Sprintf("c-%016x", i), name, timeText(benchEnd), timeText(benchEnd)); err != nil {
			return err
		}
	}
	_ = add.Close()
	const chunk = 10_000
	es := make([]Event, 0, chunk)
	start := benchEnd.Add(-time.Duration(benchEvents-1) * time.Minute)
	for i := 0; i < benchEvents; i++ {
		k := kinds[(i/10)%len(kinds)] // each rep logs every kind in turn
		es = append(es, Event{
			At:         start.Add(time.Duration(i) * time.Minute),
			Rep:        fmt.Sprintf("Rep %02d", i%10),
			Kind:       k.kind,
			ContactRef: fmt.Sprintf("c-%016x", (i*7919)%50_000),
			Details:    k.details,
		})
		if len(es) == chunk || i == benchEvents-1 {
			if _, err := tx.AppendEvents(es); err != nil {
				return err
			}
			es = es[:0]
		}
	}
	return nil
}

// BenchmarkLogFirstPage1M is `legit log --rep X --since D` (the target:
// 20 ms) and the other filters: the first page of 50, newest first, in a
// log of a million events.
func BenchmarkLogFirstPage1M(b *testing.B) {
	s := benchLog(b)
	ctx := context.Background()
	month := benchEnd.AddDate(0, 0, -30)
	yearAgo := benchEnd.AddDate(-1, 0, 0)
	for _, bc := range []struct {
		name string
		f    LogFilter
	}{
		{"rep_since", LogFilter{Rep: "Rep 03", Since: month}},
		{"none", LogFilter{}},
		{"rep_until_year_ago", LogFilter{Rep: "Rep 03", Until: yearAgo}},
		{"kind_since", LogFilter{Kind: EventSend, Since: month}},
		{"contact", LogFilter{ContactRef: fmt.Sprintf("c-%016x", 4242)}},
		{"rep_kind_since_until", LogFilter{Rep: "Rep 07", Kind: EventOptOut, Since: yearAgo, Until: month}},
		{"text_common", LogFilter{Text: "Rep 0"}},
		{"text_one_contact", LogFilter{Text: "anna jans"}},
		{"text_ref", LogFilter{Text: fmt.Sprintf("c-%016x", 4242)[:16]}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			f := bc.f
			f.Limit = 50
			for b.Loop() {
				page, err := s.Log(ctx, f)
				if err != nil || len(page) == 0 {
					b.Fatalf("Log() = %d events, %v", len(page), err)
				}
			}
		})
	}
}

// BenchmarkLogTextNoMatch1M is a text filter that matches nothing in a log
// of a million events and 50,000 contacts (the target: 20 ms).
func BenchmarkLogTextNoMatch1M(b *testing.B) {
	s := benchLog(b)
	ctx := context.Background()
	for b.Loop() {
		page, err := s.Log(ctx, LogFilter{Text: "zzzz nobody", Limit: 50})
		if err != nil || len(page) != 0 {
			b.Fatalf("Log() = %d events, %v", len(page), err)
		}
	}
}

// BenchmarkLogWeekly1M is the chart's query: eight weeks of counts per rep.
func BenchmarkLogWeekly1M(b *testing.B) {
	s := benchLog(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		ws, err := s.WeeklyCounts(ctx, benchEnd.AddDate(0, 0, -56))
		if err != nil || len(ws) == 0 {
			b.Fatalf("WeeklyCounts() = %d rows, %v", len(ws), err)
		}
	}
}

// BenchmarkVerifyCheckpoint1M verifies a million events against a signed
// checkpoint at the last one: streaming, in memory that does not grow with
// the log (see the allocations per event).
func BenchmarkVerifyCheckpoint1M(b *testing.B) {
	s := benchLog(b)
	ctx := context.Background()
	r, err := s.VerifyChain(ctx)
	if err != nil {
		b.Fatal(err)
	}
	_, key, _ := ed25519.GenerateKey(nil)
	cp := SignCheckpoint(key, r.Events, r.Head, "Lena Lead", benchEnd)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, err := s.VerifyChainTrusting(ctx, nil, []Checkpoint{cp})
		if err != nil || len(rep.Checkpoints) != 1 || rep.Checkpoints[0].Problem != "" {
			b.Fatalf("VerifyChainTrusting() = %+v, %v", rep.Checkpoints, err)
		}
	}
}

// BenchmarkVerifyChain1M recomputes the chain of a million events.
func BenchmarkVerifyChain1M(b *testing.B) {
	s := benchLog(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if rep, err := s.VerifyChain(ctx); err != nil || rep.Events != benchEvents {
			b.Fatalf("VerifyChain() = %+v, %v", rep, err)
		}
	}
}
