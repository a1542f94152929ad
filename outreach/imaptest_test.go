package outreach_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// testNow is the clock of the sync tests.
var testNow = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

const testRep = "Robin Maes"

// memIMAP is an in-process IMAP server on a loopback port with one user.
type memIMAP struct {
	user   *imapmemserver.User
	server outreach.Server
}

// startIMAP starts imapmemserver on 127.0.0.1 with user rep / s3cret and an
// empty INBOX.
func startIMAP(tb testing.TB) *memIMAP {
	tb.Helper()
	u, srv := outreach.StartMemIMAP(tb, "rep", "s3cret", "INBOX")
	return &memIMAP{user: u, server: srv}
}

// dial logs in as the rep.
func dial(tb testing.TB, s outreach.Server) *imapclient.Client {
	tb.Helper()
	c, err := outreach.DialIMAP(context.Background(), s, outreach.ClientOptions())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = c.Close() })
	return c.Client
}

// appendMsgs APPENDs raw messages over IMAP.
func appendMsgs(tb testing.TB, c *imapclient.Client, box string, raws ...[]byte) {
	tb.Helper()
	for _, raw := range raws {
		cmd := c.Append(box, int64(len(raw)), &imap.AppendOptions{Time: testNow})
		if _, err := cmd.Write(raw); err != nil {
			tb.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			tb.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			tb.Fatal(err)
		}
	}
}

// literal is an in-memory imap.LiteralReader, to seed the server directly.
type literal struct {
	*bytes.Reader
}

func (l literal) Size() int64 { return l.Reader.Size() }

// seedDirect appends straight into the server's mailbox (fast, for benchmarks).
func (m *memIMAP) seedDirect(tb testing.TB, box string, raws ...[]byte) {
	tb.Helper()
	for _, raw := range raws {
		if _, err := m.user.Append(box, literal{bytes.NewReader(raw)}, &imap.AppendOptions{Time: testNow}); err != nil {
			tb.Fatal(err)
		}
	}
}

// openStore opens a fresh database with the given contacts.
func openStore(tb testing.TB, emails ...string) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(tb.TempDir(), "legit.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	st.SetClock(func() time.Time { return testNow })
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for i, e := range emails {
			c := contacts.Contact{Name: fmt.Sprintf("Contact %d", i), Email: e,
				Sources: []contacts.Source{{Kind: contacts.SourceKind("event"), Detail: "Expo 2026", ObtainedAt: testNow.AddDate(0, 0, -5), ObtainedBy: testRep}}}
			if _, err := tx.AddContact(c, testRep); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

// msg builds a plain-text reply.
func msg(from, id, subject, body string, extra ...string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: Robin Maes <robin.maes@northwind-analytics.example>\r\nSubject: %s\r\n", from, subject)
	fmt.Fprintf(&b, "Date: Mon, 16 Nov 2026 10:00:00 +0000\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n", id)
	for _, e := range extra {
		b.WriteString(e + "\r\n")
	}
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString(body)
	return b.Bytes()
}

// numbered is n plain "other" replies from one sender, ids prefix-1…n.
func numbered(prefix string, from string, n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = msg(from, fmt.Sprintf("%s-%d@acme.example", prefix, i+1), "Re: Analytics",
			fmt.Sprintf("Thanks, message %d. Let's talk next week about route planning.\r\n\r\nOn Mon, 16 Nov 2026, Robin wrote:\r\n> Hello\r\n", i+1))
	}
	return out
}
