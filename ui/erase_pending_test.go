package ui

import (
	"context"
	"net"
	"strings"
	"testing"

	"legit/outreach"
	"legit/outreach/usecase"
	"legit/store"
)

// TestToEraseShowsPendingMailboxCleanup: an erasure whose mailbox part
// waits for the server says so at once, and the To erase screen keeps
// saying so until it is done.
func TestToEraseShowsPendingMailboxCleanup(t *testing.T) {
	t.Parallel()
	d := demoDeps(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := outreach.Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Username: "rep", Password: "pw", Security: outreach.NoTLS}
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	d.Erasure = outreach.ErasureCleanup{IMAP: func() (outreach.Server, error) { return down, nil }}
	ctx := context.Background()
	c, err := storeOf(d).ContactByEmail(ctx, "clara.fischer@hamburg-hafen.example")
	if err != nil {
		t.Fatal(err)
	}
	e, err := usecase.Erase(ctx, d.Store, c.ID, testRep, store.ErasureRetention, d.Erasure)
	if err != nil {
		t.Fatalf("Erase() = %v", err)
	}
	if got := ErasureOutcome(e); !strings.Contains(got, "Mailbox cleanup pending for 1 erased contact: will retry") {
		t.Errorf("ErasureOutcome() = %q, want the pending cleanup named", got)
	}
	tm := startApp(t, d, 100, 24, "Agnieszka")
	press(tm, "6")
	waitFor(t, tm, "Mailbox cleanup pending for 1 erased contact")
	finalScreen(t, tm)
}
