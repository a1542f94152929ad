package outreach_test

import (
	"context"
	"net"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/emersion/go-imap/v2"

	"legit/contacts"
	"legit/outreach"
)

// TestSyncDovecot syncs from a real Dovecot that .ci/run starts on loopback
// and names in LEGIT_TEST_IMAP_ADDR, _USER and _PASSWORD.
func TestSyncDovecot(t *testing.T) {
	addr := os.Getenv("LEGIT_TEST_IMAP_ADDR")
	if addr == "" {
		t.Skip("no Dovecot: set LEGIT_TEST_IMAP_ADDR, LEGIT_TEST_IMAP_USER and LEGIT_TEST_IMAP_PASSWORD (.ci/run starts one)")
	}
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("LEGIT_TEST_IMAP_ADDR %q: %v", addr, err)
	}
	port, _ := strconv.Atoi(portText)
	s := outreach.Server{Host: host, Port: port, Username: os.Getenv("LEGIT_TEST_IMAP_USER"),
		Password: os.Getenv("LEGIT_TEST_IMAP_PASSWORD"), Security: outreach.NoTLS}
	c := dial(t, s)
	box := "legit-test-" + strconv.Itoa(os.Getpid())
	if err := c.Create(box, nil).Wait(); err != nil {
		t.Fatalf("create %s: %v", box, err)
	}
	t.Cleanup(func() { _ = c.Delete(box).Wait() })
	appendMsgs(t, c, box, seedReplies()...)

	st := openStore(t, seedContacts...)
	ctx := context.Background()
	o := outreach.SyncOptions{Mailbox: box, Rep: testRep, BatchSize: 3}
	res, err := outreach.RunSync(ctx, s, st, o)
	if err != nil {
		t.Fatalf("RunSync() = %v", err)
	}
	if res.Fetched != 10 || res.New != 10 || res.Unknown != 1 {
		t.Errorf("sync from Dovecot = %+v, want 10 new, 1 unknown", res)
	}
	for email, want := range map[string]contacts.Status{"anna@acme.example": contacts.OptedOut,
		"jonas.weber@firma.example": contacts.Objected, "gone@oldco.example": contacts.Undeliverable} {
		if got := contactByEmail(t, st, email); got.Status != want || !got.Suppressed {
			t.Errorf("%s: status %s suppressed %v, want %s and suppressed", email, got.Status, got.Suppressed, want)
		}
	}
	if reqs, _ := st.OpenRequests(ctx); len(reqs) != 2 {
		t.Errorf("%d open requests, want 2", len(reqs))
	}
	if _, err := c.Select(box, nil).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if slices.Contains(m.Flags, imap.FlagSeen) {
			t.Errorf("message %d is \\Seen after sync", m.SeqNum)
		}
	}
	appendMsgs(t, c, box, numbered("dove", "Agnieszka <agnieszka@firma.example>", 10)...)
	res, err = outreach.RunSync(ctx, s, st, o)
	if err != nil || res.Fetched != 10 || res.New != 10 {
		t.Errorf("second sync = %+v, %v; want only the 10 new", res, err)
	}
}
