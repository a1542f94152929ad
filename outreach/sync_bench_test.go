package outreach_test

import (
	"context"
	"fmt"
	"testing"

	"legit/outreach"
)

// BenchmarkSyncFirst10k is the first sync of a 10,000-message INBOX over
// loopback from imapmemserver into a fresh database (target: at most 2 s).
func BenchmarkSyncFirst10k(b *testing.B) {
	srv := startIMAP(b)
	srv.seedDirect(b, "INBOX", numbered("bench", "Agnieszka <agnieszka@firma.example>", 10000)...)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		st := openStore(b, "agnieszka@firma.example")
		b.StartTimer()
		res, err := outreach.RunSync(ctx, srv.server, st, outreach.SyncOptions{Rep: testRep})
		if err != nil || res.New != 10000 {
			b.Fatalf("sync = %+v, %v", res, err)
		}
	}
}

// BenchmarkSyncIncremental10 is a sync that finds 10 new messages after a
// first sync of 10,000: only those 10 are fetched.
func BenchmarkSyncIncremental10(b *testing.B) {
	srv := startIMAP(b)
	srv.seedDirect(b, "INBOX", numbered("bench", "Agnieszka <agnieszka@firma.example>", 10000)...)
	st := openStore(b, "agnieszka@firma.example")
	ctx := context.Background()
	if _, err := outreach.RunSync(ctx, srv.server, st, outreach.SyncOptions{Rep: testRep}); err != nil {
		b.Fatal(err)
	}
	round := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		round++
		srv.seedDirect(b, "INBOX", numbered(fmt.Sprintf("inc%d", round), "Agnieszka <agnieszka@firma.example>", 10)...)
		b.StartTimer()
		res, err := outreach.RunSync(ctx, srv.server, st, outreach.SyncOptions{Rep: testRep})
		if err != nil || res.Fetched != 10 || res.New != 10 {
			b.Fatalf("sync = %+v, %v; want exactly 10 fetched", res, err)
		}
	}
}
