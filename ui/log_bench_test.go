package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"legit/store"
)

// benchLogPath is where this benchmark caches its million-event database.
// Opening it applies any newer migration, so a cached file stays usable.
var benchLogPath = filepath.Join(os.TempDir(), "legit-bench-log-1m-ui-v4", "store.db")

// benchLogEnd is the time of the newest benchmark event.
var benchLogEnd = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func benchLogStore(b *testing.B) *store.Store {
	b.Helper()
	ctx := context.Background()
	path := benchLogPath
	if _, err := os.Stat(path); err != nil {
		buildBenchLog(b, path)
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	return st
}

// buildBenchLog writes a million events (ten reps, 50,000 contacts, one a
// minute back from benchLogEnd) in one transaction.
func buildBenchLog(b *testing.B, path string) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	tmp := path + ".building"
	_ = os.Remove(tmp)
	st, err := store.Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	kinds := []store.Event{
		{Kind: store.EventImport, Details: map[string]string{"source_kind": "linkedin"}},
		{Kind: store.EventSend, Details: map[string]string{"first": "true", "notice": "long", "basis": "legitimate_interest", "source_kind": "linkedin", "tracking": "off"}},
		{Kind: store.EventSend, Details: map[string]string{"notice": "short", "basis": "legitimate_interest", "source_kind": "event", "tracking": "off"}},
		{Kind: store.EventSuppression, Details: map[string]string{"reason": "opt_out"}},
		{Kind: store.EventBasis, Details: map[string]string{"basis": "legitimate_interest"}},
	}
	const n, chunk = 1_000_000, 10_000
	first := benchLogEnd.Add(-(n - 1) * time.Minute)
	err = st.InTx(ctx, func(tx *store.Tx) error {
		es := make([]store.Event, 0, chunk)
		for i := range n {
			e := kinds[(i/10)%len(kinds)]
			e.At, e.Rep, e.ContactRef = first.Add(time.Duration(i)*time.Minute), fmt.Sprintf("Rep %02d", i%10), fmt.Sprintf("c-%016x", (i*7919)%50_000)
			if es = append(es, e); len(es) == chunk {
				if _, err := tx.AppendEvents(es); err != nil {
					return err
				}
				es = es[:0]
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d events in %s", n, time.Since(start).Round(time.Millisecond))
}

// BenchmarkLogScreenOpen1M opens the log screen (key 4) on a million
// events at 80x24: the first page, the reps, the weekly chart, and the
// first frame drawn.
func BenchmarkLogScreenOpen1M(b *testing.B) {
	st := benchLogStore(b)
	sh := &shared{Deps: Deps{Store: st, Rep: "Rep 03", Now: func() time.Time { return benchLogEnd }, DeadlineDays: 30},
		st: newStyles(true), width: 80, height: 22}
	b.ResetTimer()
	for b.Loop() {
		l := newLogScreen(sh, nil)
		msg := l.init()()
		s, _ := l.update(msg)
		l = s.(*logScreen)
		if len(l.entries) != logPageSize || len(l.reps) != 10 || len(l.weeks) == 0 {
			b.Fatalf("opened with %d events, %d reps, %d weeks", len(l.entries), len(l.reps), len(l.weeks))
		}
		_ = l.view()
	}
}
