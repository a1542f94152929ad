package outreach_test

import (
	"context"
	"errors"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"

	"legit/contacts"
	"legit/notice"
	"legit/outreach"
	"legit/store"
)

const dsn = "From: Mail Delivery System <MAILER-DAEMON@mx.northwind-analytics.example>\r\n" +
	"To: robin.maes@northwind-analytics.example\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
	"Date: Mon, 16 Nov 2026 10:05:00 +0000\r\nMessage-ID: <dsn-1@mx.northwind-analytics.example>\r\n" +
	"Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n" +
	"Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsnB\"\r\n\r\n" +
	"--dsnB\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nYour message could not be delivered.\r\n\r\n" +
	"--dsnB\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.northwind-analytics.example\r\n\r\n" +
	"Final-Recipient: rfc822; gone@oldco.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--dsnB--\r\n"

// seedReplies is the realistic INBOX of the sync tests.
func seedReplies() [][]byte {
	return [][]byte{
		msg("Anna Kowalska <anna@acme.example>", "r1@acme.example", "Re: Analytics for Acme", "Please unsubscribe me.\r\n\r\nOn Mon, 16 Nov 2026, Robin Maes wrote:\r\n> Hi Anna\r\n"),
		msg("Daan de Vries <daan@polder.example>", "r2@polder.example", "Re: Analytics", "Graag afmelden, geen interesse.\r\n"),
		msg("Jonas Weber <Jonas.Weber@Firma.example>", "r3@firma.example", "AW: Analytics", "Ich widerspreche der Nutzung meiner Daten zu Werbezwecken.\r\n"),
		msg("Zofia <zofia@firma.example>", "r4@firma.example", "Odp: Analityka", "Proszę o usunięcie moich danych.\r\n"),
		msg("Marie <marie@societe.example>", "r5@societe.example", "RE: Analytique", "D'où tenez-vous mon adresse ? Je demande l'accès à mes données.\r\n"),
		msg("Petar <petar@bg.example>", "r6@bg.example", "Re: Analytics", "Sounds good, keep me posted!\r\n"),
		[]byte(dsn),
		msg("Lena <lena@ooo.example>", "r7@ooo.example", "Automatic reply: Analytics", "I am out of the office until 30 November.\r\n", "Auto-Submitted: auto-replied"),
		msg("Stranger <stranger@nowhere.example>", "r8@nowhere.example", "Re: Analytics", "Unsubscribe.\r\n"),
		msg("Agnieszka <agnieszka@firma.example>", "r9@firma.example", "Re: Analytics", "Can we talk on Thursday?\r\n"),
	}
}

var seedContacts = []string{"anna@acme.example", "daan@polder.example", "jonas.weber@firma.example",
	"zofia@firma.example", "marie@societe.example", "petar@bg.example", "gone@oldco.example",
	"lena@ooo.example", "agnieszka@firma.example"}

func contactByEmail(t *testing.T, st *store.Store, email string) contacts.Contact {
	t.Helper()
	list, err := st.ListContacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if contacts.MatchKey(c.Email) == contacts.MatchKey(email) {
			return c
		}
	}
	t.Fatalf("no contact %s", email)
	return contacts.Contact{}
}

func TestSyncActsOnReplies(t *testing.T) {
	ctx := context.Background()
	srv := startIMAP(t)
	c := dial(t, srv.server)
	appendMsgs(t, c, "INBOX", seedReplies()...)
	st := openStore(t, seedContacts...)

	var seen []outreach.SyncProgress
	res, err := outreach.RunSync(ctx, srv.server, st, outreach.SyncOptions{Rep: testRep, BatchSize: 4,
		Progress: func(p outreach.SyncProgress) { seen = append(seen, p) }})
	if err != nil {
		t.Fatalf("RunSync() = %v", err)
	}
	if res.Fetched != 10 || res.New != 10 || res.Unknown != 1 || res.LastUID != 10 {
		t.Errorf("result = %+v, want 10 fetched, 10 new, 1 unknown, last UID 10", res)
	}
	if len(seen) != 4 || seen[3].Done != 10 || seen[3].Total != 10 {
		t.Errorf("progress = %+v, want 0, 4, 8, 10 of 10", seen)
	}
	wantStatus := map[string]contacts.Status{
		"anna@acme.example": contacts.OptedOut, "daan@polder.example": contacts.OptedOut,
		"jonas.weber@firma.example": contacts.Objected, "gone@oldco.example": contacts.Undeliverable,
		"zofia@firma.example": contacts.OptedOut, "petar@bg.example": contacts.Active, // an erasure request also stops outreach (issue 12 §2)
		"lena@ooo.example": contacts.Active, "agnieszka@firma.example": contacts.Active,
	}
	for email, want := range wantStatus {
		got := contactByEmail(t, st, email)
		if got.Status != want {
			t.Errorf("%s status = %s, want %s", email, got.Status, want)
		}
		if wantSupp := want != contacts.Active; got.Suppressed != wantSupp {
			t.Errorf("%s suppressed = %v, want %v", email, got.Suppressed, wantSupp)
		}
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if s, err := tx.IsSuppressed("stranger@nowhere.example"); err != nil || s {
			t.Errorf("unknown sender suppressed = %v, %v; want not acted on", s, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs, err := st.OpenRequests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	kinds := []contacts.ReplyClass{}
	for _, r := range reqs {
		kinds = append(kinds, r.Kind)
		if want := notice.MonthAfter(r.ReceivedAt); !r.DueAt.Equal(want) {
			t.Errorf("%s request due %v, want %v", r.Kind, r.DueAt, want)
		}
	}
	slices.Sort(kinds)
	if !slices.Equal(kinds, []contacts.ReplyClass{contacts.ReplyAccess, contacts.ReplyErasure}) {
		t.Errorf("requests = %v, want access and erasure", kinds)
	}
	props, err := st.PendingConsents(ctx)
	if err != nil || len(props) != 1 || props[0].Evidence != "r6@bg.example" || props[0].Purpose != contacts.ConsentMarketing {
		t.Fatalf("pending consents = %+v, %v; want one marketing consent with evidence r6@bg.example", props, err)
	}
	if c := contactByEmail(t, st, "petar@bg.example"); len(c.Consents) != 0 {
		t.Errorf("consent recorded before the rep confirmed: %+v", c.Consents)
	}
	inbox, err := st.ListInbox(ctx, 100)
	if err != nil || len(inbox) != 10 {
		t.Fatalf("ListInbox() = %d entries, %v; want 10", len(inbox), err)
	}
	classes := map[contacts.ReplyClass]int{}
	for _, e := range inbox {
		classes[e.Class]++
	}
	want := map[contacts.ReplyClass]int{contacts.ReplyOptOut: 3, contacts.ReplyObjection: 1, contacts.ReplyErasure: 1,
		contacts.ReplyAccess: 1, contacts.ReplyConsent: 1, contacts.ReplyBounce: 1, contacts.ReplyOutOfOffice: 1, contacts.ReplyOther: 1}
	for k, n := range want {
		if classes[k] != n {
			t.Errorf("%d replies of class %s, want %d (all: %v)", classes[k], k, n, classes)
		}
	}

	// Nothing was marked as read.
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSetNum(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), &imap.FetchOptions{Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if slices.Contains(m.Flags, imap.FlagSeen) {
			t.Errorf("message %d is \\Seen after sync", m.SeqNum)
		}
	}

	// A second sync with 10 new messages fetches only those.
	appendMsgs(t, c, "INBOX", numbered("more", "Agnieszka <agnieszka@firma.example>", 10)...)
	res, err = outreach.RunSync(ctx, srv.server, st, outreach.SyncOptions{Rep: testRep})
	if err != nil {
		t.Fatal(err)
	}
	if res.Fetched != 10 || res.New != 10 || res.LastUID != 20 || res.Rescan {
		t.Errorf("second sync = %+v, want only the 10 new messages", res)
	}
	res, err = outreach.RunSync(ctx, srv.server, st, outreach.SyncOptions{Rep: testRep})
	if err != nil || res.Fetched != 0 {
		t.Errorf("third sync = %+v, %v; want nothing fetched", res, err)
	}
}

func TestSyncUIDValidityChangeRescansWithoutDuplicates(t *testing.T) {
	ctx := context.Background()
	srv := startIMAP(t)
	if err := srv.user.Create("Replies", nil); err != nil {
		t.Fatal(err)
	}
	srv.seedDirect(t, "Replies", seedReplies()...)
	st := openStore(t, seedContacts...)
	o := outreach.SyncOptions{Mailbox: "Replies", Rep: testRep}
	first, err := outreach.RunSync(ctx, srv.server, st, o)
	if err != nil || first.New != 10 {
		t.Fatalf("first sync = %+v, %v", first, err)
	}
	// The server rebuilt the mailbox: new UIDVALIDITY, same messages plus 2.
	if err := srv.user.Delete("Replies"); err != nil {
		t.Fatal(err)
	}
	if err := srv.user.Create("Replies", nil); err != nil {
		t.Fatal(err)
	}
	srv.seedDirect(t, "Replies", append(seedReplies(), numbered("after", "x@acme.example", 2)...)...)
	res, err := outreach.RunSync(ctx, srv.server, st, o)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Rescan || res.UIDValidity == first.UIDValidity || res.Fetched != 12 || res.New != 2 || res.Duplicates != 10 {
		t.Errorf("sync after UIDVALIDITY change = %+v, want a rescan of 12 with 2 new and 10 duplicates", res)
	}
	inbox, err := st.ListInbox(ctx, 100)
	if err != nil || len(inbox) != 12 {
		t.Errorf("inbox has %d replies, %v; want 12", len(inbox), err)
	}
	reqs, _ := st.OpenRequests(ctx)
	if len(reqs) != 2 {
		t.Errorf("%d open requests after rescan, want 2 (not duplicated)", len(reqs))
	}
}

func TestSyncCancelKeepsWhatWasDoneAndResumes(t *testing.T) {
	srv := startIMAP(t)
	srv.seedDirect(t, "INBOX", numbered("c", "Agnieszka <agnieszka@firma.example>", 25)...)
	st := openStore(t, "agnieszka@firma.example")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := outreach.RunSync(ctx, srv.server, st, outreach.SyncOptions{Rep: testRep, BatchSize: 10,
		Progress: func(p outreach.SyncProgress) {
			if p.Done >= 10 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled sync error = %v, want context.Canceled", err)
	}
	if res.Fetched != 10 {
		t.Errorf("cancelled sync fetched %d, want the first batch of 10", res.Fetched)
	}
	if _, last, err := st.SyncState(context.Background(), "INBOX"); err != nil || last != 10 {
		t.Errorf("saved last UID = %d, %v; want 10", last, err)
	}
	res, err = outreach.RunSync(context.Background(), srv.server, st, outreach.SyncOptions{Rep: testRep, BatchSize: 10})
	if err != nil || res.Fetched != 15 || res.New != 15 || res.LastUID != 25 {
		t.Errorf("resumed sync = %+v, %v; want the remaining 15", res, err)
	}
}

func TestSyncLoginFailureHidesPassword(t *testing.T) {
	srv := startIMAP(t)
	s := srv.server
	s.Password = "wrong-Secret-123"
	_, err := outreach.RunSync(context.Background(), s, openStore(t), outreach.SyncOptions{})
	if err == nil {
		t.Fatal("RunSync() with a wrong password succeeded")
	}
	if msg := err.Error(); !containsAll(msg, "log in", "127.0.0.1") || containsAll(msg, "wrong-Secret-123") {
		t.Errorf("error %q: want a login failure naming the server and never the password", msg)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func TestSyncDroppedConnectionResumes(t *testing.T) {
	srv := startIMAP(t)
	srv.seedDirect(t, "INBOX", numbered("d", "Agnieszka <agnieszka@firma.example>", 25)...)
	st := openStore(t, "agnieszka@firma.example")
	p := startProxy(t, srv.server.Addr())
	viaProxy := srv.server
	viaProxy.Port = p.port
	res, err := outreach.RunSync(context.Background(), viaProxy, st, outreach.SyncOptions{Rep: testRep, BatchSize: 10,
		Progress: func(pr outreach.SyncProgress) {
			if pr.Done == 10 {
				p.cut() // the network drops after the first batch
			}
		}})
	if err == nil || errors.Is(err, context.Canceled) {
		t.Fatalf("RunSync() over a dropped connection = %v, want a connection error", err)
	}
	if res.Fetched < 10 || res.Fetched == 25 {
		t.Fatalf("fetched %d before the drop, want the first batch saved and not all", res.Fetched)
	}
	done := res.Fetched
	res, err = outreach.RunSync(context.Background(), srv.server, st, outreach.SyncOptions{Rep: testRep, BatchSize: 10})
	if err != nil || res.Fetched != 25-done || res.New != 25-done || res.Duplicates != 0 {
		t.Errorf("next sync = %+v, %v; want the remaining %d only", res, err, 25-done)
	}
}

// proxy forwards TCP to an address until cut, like a network that drops.
type proxy struct {
	port  int
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	p := &proxy{port: ln.Addr().(*net.TCPAddr).Port}
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				_ = in.Close()
				return
			}
			p.mu.Lock()
			p.conns = append(p.conns, in, out)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(out, in) }()
			go func() { _, _ = io.Copy(in, out) }()
		}
	}()
	return p
}

// cut closes every forwarded connection.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		_ = c.Close()
	}
}

// failingStore fails the second batch, as a full disk would.
type failingStore struct {
	outreach.SyncStore
	batches int
}

func (f *failingStore) SaveSyncBatch(ctx context.Context, b store.SyncBatch) (store.BatchResult, error) {
	if len(b.Items) > 0 {
		f.batches++
		if f.batches == 2 {
			return store.BatchResult{}, errors.New("disk full")
		}
	}
	return f.SyncStore.SaveSyncBatch(ctx, b)
}

func TestSyncStoreFailureStopsCleanly(t *testing.T) {
	srv := startIMAP(t)
	srv.seedDirect(t, "INBOX", numbered("f", "Agnieszka <agnieszka@firma.example>", 35)...)
	st := openStore(t, "agnieszka@firma.example")
	res, err := outreach.RunSync(context.Background(), srv.server, &failingStore{SyncStore: st}, outreach.SyncOptions{BatchSize: 10})
	if err == nil || !strings.Contains(err.Error(), "disk full") || res.Fetched != 10 {
		t.Fatalf("RunSync() = %+v, %v; want the disk error after the first batch", res, err)
	}
	if _, last, _ := st.SyncState(context.Background(), "INBOX"); last != 10 {
		t.Errorf("saved last UID %d, want 10", last)
	}
}
