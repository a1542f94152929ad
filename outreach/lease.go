package outreach

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// DefaultLease is how long a reservation of a send holds unless renewed.
// The sender renews it while the transport works, so only a client that
// is gone lets it expire.
const DefaultLease = 2 * time.Minute

// ClientID names this process: a send is reserved under it, so that
// recovery after a crash never takes a colleague's send in progress for
// its own.
var ClientID = newClientID()

func newClientID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported systems
	return hex.EncodeToString(b)
}

func (s *Sender) client() string {
	if s.Client == "" {
		return ClientID
	}
	return s.Client
}

func (s *Sender) lease() time.Duration {
	if s.Lease <= 0 {
		return DefaultLease
	}
	return s.Lease
}

// keepLease renews the reservation of row every third of the lease until
// stop is called.
func (s *Sender) keepLease(ctx context.Context, row int64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(s.lease() / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				// A renewal that fails is tried again at the next tick; the
				// lease has room for two misses.
				_ = s.Store.RenewLease(context.WithoutCancel(ctx), row, s.client(), s.now().Add(s.lease()))
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}
