package outreach_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"legit/outreach"
)

// peakMemory follows the process while a measured call runs: the peak
// resident set (Linux VmHWM, reset first) and the peak live heap, sampled.
type peakMemory struct {
	stop    chan struct{}
	done    sync.WaitGroup
	mu      sync.Mutex
	maxHeap uint64
	rss     bool
}

// watchMemory starts following; call end to stop and read the peaks.
func watchMemory() *peakMemory {
	debug.FreeOSMemory()
	p := &peakMemory{stop: make(chan struct{})}
	// Writing 5 to clear_refs resets VmHWM to the current RSS.
	p.rss = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		tick := time.NewTicker(200 * time.Microsecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			p.mu.Lock()
			p.maxHeap = max(p.maxHeap, sample[0].Value.Uint64())
			p.mu.Unlock()
			select {
			case <-p.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return p
}

// end stops following and reports the peaks in MB on b.
func (p *peakMemory) end(b *testing.B) {
	close(p.stop)
	p.done.Wait()
	b.ReportMetric(float64(p.maxHeap)/1e6, "peak-heap-MB")
	if !p.rss {
		return
	}
	if kb, err := vmHWM(); err == nil {
		b.ReportMetric(float64(kb)/1e3, "peak-RSS-MB")
	}
}

// vmHWM is the process's peak resident set in kB.
func vmHWM() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		}
	}
	return 0, errors.New("no VmHWM in /proc/self/status")
}

// BenchmarkSyncHugeLiterals is a sync from a server that ignores the 4 KiB
// partial fetch and sends every message's whole 50 MB body: 20 of them.
// Target: peak RSS under 100 MB.
func BenchmarkSyncHugeLiterals(b *testing.B) {
	f := &fakeIMAP{
		selected: func(d *imap.SelectData) { d.NumMessages, d.UIDNext = 20, 21 },
		listing: func(from imap.UID, yield func(imap.UID) bool) {
			for u := max(from, 1); u <= 20 && yield(u); u++ {
			}
		},
		message: func(uid imap.UID) ([]byte, bool) {
			return msg("Agnieszka <agnieszka@firma.example>", fmt.Sprintf("huge-%d@firma.example", uid), "Re: Analytics", "Thanks, see the attachment.\r\n"), true
		},
		textSize: 50 << 20,
	}
	srv := startFake(b, f)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		st := openStore(b, "agnieszka@firma.example")
		b.StartTimer()
		p := watchMemory()
		res, err := outreach.RunSync(ctx, srv, st, outreach.SyncOptions{Rep: testRep})
		p.end(b)
		if err != nil || res.New != 20 {
			b.Fatalf("sync = %+v, %v; want 20 new", res, err)
		}
	}
}

// BenchmarkSyncListMillion is the start of a sync from a server that
// claims a million new UIDs: the listing alone, stopped once it is read.
// Target: peak RSS under 100 MB.
func BenchmarkSyncListMillion(b *testing.B) {
	const n = 1_000_000
	f := &fakeIMAP{
		selected: func(d *imap.SelectData) { d.NumMessages, d.UIDNext = n, n+1 },
		listing: func(from imap.UID, yield func(imap.UID) bool) {
			for u := max(from, 1); u <= n && yield(u); u++ {
			}
		},
		message: func(imap.UID) ([]byte, bool) { return nil, false },
	}
	srv := startFake(b, f)
	for b.Loop() {
		b.StopTimer()
		st := openStore(b, "agnieszka@firma.example")
		ctx, cancel := context.WithCancel(context.Background())
		b.StartTimer()
		p := watchMemory()
		var listed int
		_, err := outreach.RunSync(ctx, srv, st, outreach.SyncOptions{Rep: testRep, Progress: func(pr outreach.SyncProgress) {
			listed = max(listed, pr.Total)
			cancel() // the listing is read: that is what is measured
		}})
		p.end(b)
		cancel()
		if listed == 0 || err != nil && !errors.Is(err, context.Canceled) {
			b.Fatalf("sync listed %d, %v", listed, err)
		}
	}
}
