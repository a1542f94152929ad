package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// appendConcurrently has writers clients (each a Store of its own on the same
// database, as separate reps' processes would be) append perWriter events
// each, one transaction per event, all at once.
func appendConcurrently(tb testing.TB, dsn string, writers, perWriter int) {
	tb.Helper()
	ctx := context.Background()
	clients := make([]*Store, writers)
	for i := range clients {
		s, err := Open(ctx, dsn)
		if err != nil {
			tb.Fatalf("client %d: Open() = %v", i, err)
		}
		clients[i] = s
	}
	defer func() {
		for _, s := range clients {
			_ = s.Close()
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i, s := range clients {
		wg.Add(1)
		go func(i int, s *Store) {
			defer wg.Done()
			rep := fmt.Sprintf("Rep %02d", i)
			for n := 0; n < perWriter; n++ {
				err := s.InTx(ctx, func(t *Tx) error {
					_, err := t.AppendEvent(Event{Rep: rep, Kind: EventExport, Details: map[string]string{"n": fmt.Sprint(n)}})
					return err
				})
				if err != nil {
					errs <- fmt.Errorf("%s event %d: %w", rep, n, err)
					return
				}
			}
		}(i, s)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
}

// TestChainHoldsUnderConcurrentWriters: 20 clients append 500 events each at
// the same time; the log is then one chain of 10,000 events, with no fork
// and no gap, that verifies.
func TestChainHoldsUnderConcurrentWriters(t *testing.T) {
	writers, perWriter := 20, 500
	if testing.Short() {
		writers, perWriter = 5, 40
	}
	dsn := testDSN(t)
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	appendConcurrently(t, dsn, writers, perWriter)
	rep, err := s.VerifyChain(context.Background())
	if err != nil {
		t.Fatalf("VerifyChain() after %d×%d concurrent appends = %v", writers, perWriter, err)
	}
	if rep.Events != writers*perWriter {
		t.Errorf("chain holds %d events, want %d", rep.Events, writers*perWriter)
	}
	var forks int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM (SELECT prev_hash FROM events GROUP BY prev_hash HAVING COUNT(*) > 1) f`).Scan(&forks); err != nil {
		t.Fatal(err)
	}
	if forks != 0 {
		t.Errorf("%d events share a predecessor: the chain forked", forks)
	}
}

// BenchmarkConcurrentAppend measures events per second with 20 clients
// appending at once (one transaction per event), then checks the chain.
// Run: go test -run '^$' -bench ConcurrentAppend -benchtime 1x ./store
// (LEGIT_TEST_POSTGRES set for the PostgreSQL figure too).
func BenchmarkConcurrentAppend(b *testing.B) {
	const writers, perWriter = 20, 500
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dsn := testDSN(b)
		s, err := Open(context.Background(), dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		appendConcurrently(b, dsn, writers, perWriter)
		b.StopTimer()
		if _, err := s.VerifyChain(context.Background()); err != nil {
			b.Fatalf("chain broken after concurrent appends: %v", err)
		}
		_ = s.Close()
	}
	b.ReportMetric(float64(writers*perWriter*b.N)/b.Elapsed().Seconds(), "events/s")
}
