package outreach_test

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// The person erased in these tests, with the address they had before, and
// what must survive their erasure: a colleague at the same domain, someone
// else, a message that only mentions them, another contact's mail.
const (
	eraseAddr  = "anna@acme.example"
	eraseOld   = "anna.m@acme-old.example"
	colleague  = "bob@acme.example"
	eraseOther = "vera@elsewhere.example"
)

// mailboxFixture is a store with the person and another contact, an outbox
// with one email to each, and a mailbox holding the person's mail and mail
// that must stay.
type mailboxFixture struct {
	st     *store.Store
	anna   contacts.Contact
	outbox outreach.Outbox
}

// seedErasure fills st, the outbox beside it and the mailbox (through seed,
// which appends raw messages to "INBOX" or "Sent") for the erasure tests;
// inbox names the folder the sync read the reply from.
func seedErasure(t *testing.T, inbox string, seed func(box string, raws ...[]byte)) mailboxFixture {
	t.Helper()
	ctx := context.Background()
	st := openStore(t, eraseOld, eraseOther)
	anna, err := st.ContactByEmail(ctx, eraseOld)
	if err != nil {
		t.Fatal(err)
	}
	f := contacts.FieldsOf(anna)
	f.Email = eraseAddr
	if err := st.InTx(ctx, func(tx *store.Tx) error { _, err := tx.Rectify(anna.ID, f, testRep); return err }); err != nil {
		t.Fatal(err)
	}
	vera, err := st.ContactByEmail(ctx, eraseOther)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := st.EnsureRep(ctx, testRep, "robin.maes@northwind-analytics.example")
	if err != nil {
		t.Fatal(err)
	}
	ob := outreach.OutboxBeside(st.Path())
	for _, m := range []struct {
		contact contacts.Contact
		id, to  string
	}{{anna, "sent-anna@northwind.example", eraseAddr}, {vera, "sent-vera@northwind.example", eraseOther}} {
		raw := msg("Robin Maes <robin.maes@northwind-analytics.example>", m.id, "Route planning", "Hello", "X-To: "+m.to)
		sentMessage(t, st, rep.ID, m.contact, m.id, raw)
		if err := ob.Send(ctx, outreach.Built{MessageID: m.id, Raw: raw}); err != nil {
			t.Fatal(err)
		}
		seed("Sent", raw)
	}
	seed("INBOX",
		msg("Anna M <"+eraseAddr+">", "reply-anna@acme.example", "Re: Route planning", "Not now, thanks."),
		msg("Anna <"+strings.ToUpper(eraseOld)+">", "unsynced-anna@acme-old.example", "Hello again", "From my old address."),
		msg("Bob <"+colleague+">", "bob-1@acme.example", "Anna asked me", "Anna ("+eraseAddr+") asked me to write."),
		msg("Vera <"+eraseOther+">", "vera-1@elsewhere.example", "Re: Route planning", "Yes please."),
	)
	if _, err := st.SaveSyncBatch(ctx, store.SyncBatch{Mailbox: inbox, UIDValidity: 1, LastUID: 1, Rep: testRep,
		Items: []store.InboxItem{{UID: 1, MessageID: "reply-anna@acme.example", From: eraseAddr, Date: testNow,
			Class: contacts.ReplyOther, Snippet: "Not now, thanks."}}}); err != nil {
		t.Fatal(err)
	}
	return mailboxFixture{st: st, anna: anna, outbox: ob}
}

// sentMessage stores a message sent to c whose copy is to be filed in Sent,
// as the send path does.
func sentMessage(t *testing.T, st *store.Store, repID int64, c contacts.Contact, id string, raw []byte) {
	t.Helper()
	ctx := context.Background()
	m := store.Message{ContactID: c.ID, RepID: repID, Subject: "Route planning", Body: "Hello"}
	var err error
	if m.ID, err = st.SaveDraft(ctx, m); err != nil {
		t.Fatal(err)
	}
	m.MessageID, m.Raw, m.Transport, m.NoticeForm = id, raw, "smtp", "long"
	if err := st.MarkSending(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSent(ctx, store.SentRecord{ID: m.ID, ContactID: c.ID, ContactRef: c.Ref, Rep: testRep, MessageID: id,
		At: testNow, Transport: "smtp", SentCopy: store.SentCopyPending}); err != nil {
		t.Fatal(err)
	}
}

// messageIDs lists the Message-IDs in box.
func messageIDs(t *testing.T, c *imapclient.Client, box string) []string {
	t.Helper()
	if _, err := c.Select(box, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{Envelope: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.Envelope.MessageID)
	}
	slices.Sort(out)
	return out
}

// outboxIDs lists the Message-IDs of the files in the outbox.
func outboxIDs(t *testing.T, o outreach.Outbox) []string {
	t.Helper()
	var out []string
	for _, d := range []string{"new", "cur", "tmp"} {
		entries, err := os.ReadDir(filepath.Join(o.Dir, d))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(o.Dir, d, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"sent-anna@northwind.example", "sent-vera@northwind.example"} {
				if bytes.Contains(b, []byte("<"+id+">")) {
					out = append(out, id)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestEraseRemovesMailboxCopies (issue 12 §7): an erasure removes the
// person's mail legit put or read in the rep's mailbox (the Sent copy, the
// reply it read, their other mail in INBOX, from their old address too)
// and their outbox file, and nothing else.
func TestEraseRemovesMailboxCopies(t *testing.T) {
	ctx := context.Background()
	srv := startIMAP(t)
	if err := srv.user.Create("Sent", nil); err != nil {
		t.Fatal(err)
	}
	fx := seedErasure(t, "INBOX", func(box string, raws ...[]byte) { srv.seedDirect(t, box, raws...) })
	cl := outreach.ErasureCleanup{Outbox: fx.outbox, Rep: testRep,
		IMAP: func() (outreach.Server, error) { return srv.server, nil }}
	e, err := fx.st.EraseWith(ctx, fx.anna.ID, testRep, store.ErasureRequest, store.EraseOptions{Mailbox: cl.HasMailbox()})
	if err != nil {
		t.Fatalf("EraseWith() = %v", err)
	}
	if len(e.Mailbox.Sent) != 1 || len(e.Mailbox.Replies) != 1 || len(e.Mailbox.Senders) != 2 || e.Outbox != 1 {
		t.Fatalf("queued %+v, want the Sent copy, the reply, two addresses and one outbox file", e)
	}
	res, err := cl.Finish(ctx, fx.st)
	if err != nil {
		t.Fatalf("Finish() = %v", err)
	}
	want := store.MailboxCleanup{Sent: 1, Replies: 1, Inbox: 1}
	if res.Mailbox != want || res.OutboxRemoved != 1 || res.Finished != 1 || res.Waiting != 0 {
		t.Errorf("Finish() = %+v, want %+v, one outbox file, finished", res, want)
	}
	c := dial(t, srv.server)
	if got, want := messageIDs(t, c, "Sent"), []string{"sent-vera@northwind.example"}; !slices.Equal(got, want) {
		t.Errorf("Sent after erasure = %v, want %v", got, want)
	}
	if got, want := messageIDs(t, c, "INBOX"), []string{"bob-1@acme.example", "vera-1@elsewhere.example"}; !slices.Equal(got, want) {
		t.Errorf("INBOX after erasure = %v, want %v", got, want)
	}
	if got, want := outboxIDs(t, fx.outbox), []string{"sent-vera@northwind.example"}; !slices.Equal(got, want) {
		t.Errorf("outbox after erasure = %v, want %v", got, want)
	}
	if pend, _ := fx.st.PendingErasures(ctx); len(pend) != 0 {
		t.Errorf("pending after Finish = %+v, want none", pend)
	}
	// Done is done: another run finds nothing to do.
	if res, err := cl.Finish(ctx, fx.st); err != nil || res != (outreach.CleanupResult{}) {
		t.Errorf("second Finish() = %+v, %v; want nothing done", res, err)
	}
}

// TestEraseWithServerDownQueuesMailbox: with the server unreachable, or
// never greeting, the erasure still happens locally, the outbox file goes,
// and the mailbox part waits; it is done at the next try once the server
// answers.
func TestEraseWithServerDownQueuesMailbox(t *testing.T) {
	ctx := context.Background()
	for _, down := range []struct {
		name   string
		server func(t *testing.T) outreach.Server
	}{
		{"refused", func(t *testing.T) outreach.Server { return closedPort(t) }},
		{"never greets", func(t *testing.T) outreach.Server { return silentServer(t) }},
	} {
		t.Run(down.name, func(t *testing.T) {
			srv := startIMAP(t)
			if err := srv.user.Create("Sent", nil); err != nil {
				t.Fatal(err)
			}
			fx := seedErasure(t, "INBOX", func(box string, raws ...[]byte) { srv.seedDirect(t, box, raws...) })
			dead := down.server(t)
			cl := outreach.ErasureCleanup{Outbox: fx.outbox, Rep: testRep, Timeout: 500 * time.Millisecond,
				IMAP: func() (outreach.Server, error) { return dead, nil }}
			if _, err := fx.st.EraseWith(ctx, fx.anna.ID, testRep, store.ErasureRequest, store.EraseOptions{Mailbox: true}); err != nil {
				t.Fatalf("EraseWith() = %v", err)
			}
			start := time.Now()
			res, err := cl.Finish(ctx, fx.st)
			if err != nil {
				t.Fatalf("Finish() = %v, want the failure recorded, not returned", err)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("Finish() took %s with a dead server, want about the timeout", took)
			}
			if res.Waiting != 1 || res.Err == nil || res.OutboxRemoved != 1 {
				t.Errorf("Finish() = %+v, want the outbox file removed and the mailbox part waiting", res)
			}
			if _, err := fx.st.Contact(ctx, fx.anna.ID); err == nil {
				t.Error("the contact is still there: the erasure must not wait for the server")
			}
			if n, _ := fx.st.PendingMailbox(ctx); n != 1 {
				t.Errorf("PendingMailbox() = %d, want 1", n)
			}
			pend, _ := fx.st.PendingErasures(ctx)
			if len(pend) != 1 || pend[0].Attempts != 1 || pend[0].Outbox != nil {
				t.Fatalf("pending = %+v, want the mailbox part with one failed try", pend)
			}
			cl.IMAP = func() (outreach.Server, error) { return srv.server, nil }
			res, err = cl.Finish(ctx, fx.st)
			if err != nil || res.Finished != 1 || res.Mailbox.Sent != 1 || res.Mailbox.Replies != 1 || res.Mailbox.Inbox != 1 {
				t.Errorf("Finish() with the server back = %+v, %v; want the mailbox part done", res, err)
			}
			if n, _ := fx.st.PendingMailbox(ctx); n != 0 {
				t.Errorf("PendingMailbox() = %d after the retry, want 0", n)
			}
		})
	}
}

// TestEraseWithoutUIDPlusOnlyFlags: a server that cannot expunge single
// messages gets them flagged \Deleted, and the result says so; the rest of
// the mailbox keeps its flags.
func TestEraseWithoutUIDPlusOnlyFlags(t *testing.T) {
	ctx := context.Background()
	u, server := startIMAP4rev1(t, "INBOX", "Sent")
	fx := seedErasure(t, "INBOX", func(box string, raws ...[]byte) {
		for _, raw := range raws {
			if _, err := u.Append(box, literal{bytes.NewReader(raw)}, &imap.AppendOptions{Time: testNow}); err != nil {
				t.Fatal(err)
			}
		}
	})
	cl := outreach.ErasureCleanup{Outbox: fx.outbox, Rep: testRep, IMAP: func() (outreach.Server, error) { return server, nil }}
	if _, err := fx.st.EraseWith(ctx, fx.anna.ID, testRep, store.ErasureRequest, store.EraseOptions{Mailbox: true}); err != nil {
		t.Fatal(err)
	}
	res, err := cl.Finish(ctx, fx.st)
	if err != nil || !res.Mailbox.Flagged || res.Finished != 1 {
		t.Fatalf("Finish() = %+v, %v; want the messages flagged, not expunged", res, err)
	}
	c := dial(t, server)
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{Envelope: true, Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var deleted []string
	for _, m := range msgs {
		if slices.Contains(m.Flags, imap.FlagDeleted) {
			deleted = append(deleted, m.Envelope.MessageID)
		}
	}
	slices.Sort(deleted)
	if want := []string{"reply-anna@acme.example", "unsynced-anna@acme-old.example"}; !slices.Equal(deleted, want) {
		t.Errorf("flagged \\Deleted in INBOX = %v, want %v", deleted, want)
	}
}

// startIMAP4rev1 runs imapmemserver announcing IMAP4rev1 only (no UIDPLUS).
func startIMAP4rev1(t *testing.T, boxes ...string) (*imapmemserver.User, outreach.Server) {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser("rep", "s3cret")
	for _, box := range boxes {
		if err := u.Create(box, nil); err != nil {
			t.Fatal(err)
		}
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return u, outreach.Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Username: "rep", Password: "s3cret", Security: outreach.NoTLS}
}

// closedPort is a loopback server address nobody listens on.
func closedPort(t *testing.T) outreach.Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return outreach.Server{Host: "127.0.0.1", Port: port, Username: "rep", Password: "s3cret", Security: outreach.NoTLS}
}

// silentServer accepts connections and never says a word.
func silentServer(t *testing.T) outreach.Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return outreach.Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Username: "rep", Password: "s3cret", Security: outreach.NoTLS}
}

// TestEraseMailboxDovecot runs the mailbox part against a real Dovecot that
// .ci/run starts on loopback and names in LEGIT_TEST_IMAP_ADDR, _USER and
// _PASSWORD, in folders of its own.
func TestEraseMailboxDovecot(t *testing.T) {
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
	suffix := "-erase-" + strconv.Itoa(os.Getpid())
	inbox, sent := "legit-inbox"+suffix, "legit-sent"+suffix
	for _, box := range []string{inbox, sent} {
		if err := c.Create(box, nil).Wait(); err != nil {
			t.Fatalf("create %s: %v", box, err)
		}
		t.Cleanup(func() { _ = c.Delete(box).Wait() })
	}
	folder := map[string]string{"INBOX": inbox, "Sent": sent}
	fx := seedErasure(t, inbox, func(box string, raws ...[]byte) { appendMsgs(t, c, folder[box], raws...) })
	cl := outreach.ErasureCleanup{Outbox: fx.outbox, Rep: testRep, SentMailbox: sent, InboxMailbox: inbox,
		IMAP: func() (outreach.Server, error) { return s, nil }}
	ctx := context.Background()
	if _, err := fx.st.EraseWith(ctx, fx.anna.ID, testRep, store.ErasureRequest, store.EraseOptions{Mailbox: true}); err != nil {
		t.Fatal(err)
	}
	res, err := cl.Finish(ctx, fx.st)
	want := store.MailboxCleanup{Sent: 1, Replies: 1, Inbox: 1}
	if err != nil || res.Mailbox != want || res.Finished != 1 {
		t.Fatalf("Finish() against Dovecot = %+v, %v; want %+v", res, err, want)
	}
	if got, want := messageIDs(t, c, sent), []string{"sent-vera@northwind.example"}; !slices.Equal(got, want) {
		t.Errorf("Sent after erasure = %v, want %v", got, want)
	}
	if got, want := messageIDs(t, c, inbox), []string{"bob-1@acme.example", "vera-1@elsewhere.example"}; !slices.Equal(got, want) {
		t.Errorf("INBOX after erasure = %v, want %v", got, want)
	}
}
