package outreach

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"legit/contacts"
	"legit/store"
)

// smtpBackend is an in-process submission server that records what it got.
// With dropFirst it closes the connection in the middle of the first DATA.
type smtpBackend struct {
	mu        sync.Mutex
	got       [][]byte
	rcpts     [][]string
	users     []string
	dropFirst bool
	drops     int
}

func (b *smtpBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &smtpSession{b: b, conn: c}, nil
}

func (b *smtpBackend) received() ([][]byte, [][]string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([][]byte{}, b.got...), append([][]string{}, b.rcpts...)
}

type smtpSession struct {
	b     *smtpBackend
	conn  *smtp.Conn
	rcpts []string
}

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if pass != "s3cret" {
			return errors.New("bad password")
		}
		s.b.mu.Lock()
		s.b.users = append(s.b.users, user)
		s.b.mu.Unlock()
		return nil
	}), nil
}
func (s *smtpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.rcpts = append(s.rcpts, to)
	return nil
}
func (s *smtpSession) Data(r io.Reader) error {
	s.b.mu.Lock()
	drop := s.b.dropFirst && s.b.drops == 0
	if drop {
		s.b.drops++
	}
	s.b.mu.Unlock()
	if drop {
		buf := make([]byte, 64)
		_, _ = io.ReadFull(r, buf)
		_ = s.conn.Conn().Close()
		return errors.New("connection dropped")
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	s.b.got = append(s.b.got, b)
	s.b.rcpts = append(s.b.rcpts, s.rcpts)
	s.b.mu.Unlock()
	return nil
}
func (s *smtpSession) Reset()        { s.rcpts = nil }
func (s *smtpSession) Logout() error { return nil }

// startSMTP runs a go-smtp server on loopback and returns its settings.
func startSMTP(t testing.TB, b *smtpBackend) Server {
	t.Helper()
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 5*time.Second, 5*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Username: "robin", Password: "s3cret", Security: NoTLS}
}

// startIMAP runs imapmemserver on loopback with a Sent folder.
func startIMAP(t *testing.T) Server {
	t.Helper()
	_, srv := StartMemIMAP(t, "robin", "s3cret", "INBOX", "Sent")
	return srv
}

// testStore opens a temp database with one rep and one sendable contact.
func testStore(t *testing.T) (*store.Store, store.Rep, contacts.Contact) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "legit.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	st.SetClock(func() time.Time { return testNow })
	rep, err := st.EnsureRep(ctx, "Robin Maes", "robin.maes@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	c := passingInput().Contact // a company in Sweden on legitimate interest; the store keeps the legal form
	err = st.InTx(ctx, func(tx *store.Tx) error {
		c, err = tx.AddContact(c, rep.Name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, rep, c
}

func testSender(st *store.Store, rep store.Rep, tr Transport) *Sender {
	return &Sender{Store: st, Builder: testBuilder(), Transport: tr, RepID: rep.ID, Rep: rep.Name, DeadlineDays: 30,
		Now: func() time.Time { return testNow }}
}

func TestSendOverSMTPWithSentCopy(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	b := &smtpBackend{}
	imapSrv := startIMAP(t)
	s := testSender(st, rep, SMTP{Server: startSMTP(t, b)})
	folder := SentFolder{Server: imapSrv}
	s.SentCopy = folder
	d := passingInput().Draft
	res, err := s.Send(ctx, 0, c.ID, d)
	if err != nil || res.SentCopyErr != nil {
		t.Fatalf("Send() = %v, sent copy %v", err, res.SentCopyErr)
	}
	got, rcpts := b.received()
	if len(got) != 1 || len(rcpts[0]) != 1 || rcpts[0][0] != c.Email {
		t.Fatalf("server got %d messages to %v, want 1 to %s", len(got), rcpts, c.Email)
	}
	if b.users[0] != "robin" || !strings.Contains(string(got[0]), "Message-Id: <fixed-1@northwind.example>") {
		t.Errorf("user %v, message:\n%s", b.users, got[0])
	}
	m, err := st.Message(ctx, res.MessageRow)
	if err != nil || m.State != store.StateSent || m.SentCopy != store.SentCopyDone || m.NoticeForm != "long" {
		t.Errorf("stored message = %+v, %v; want sent, copy done, long notice", m, err)
	}
	if after, _ := st.Contact(ctx, c.ID); after.InformedAt == nil {
		t.Error("contact not recorded as informed after the long notice")
	}
	if found, err := folder.Find(ctx, "fixed-1@northwind.example"); err != nil || !found {
		t.Errorf("Sent folder Find() = %v, %v; want the copy there", found, err)
	}
	// The second email carries the short notice and is not a first contact.
	d.Body = "Hello Anna, a short follow-up about the depot question.\n"
	s.Builder.NewID = func() string { return "fixed-2@northwind.example" }
	res, err = s.Send(ctx, 0, c.ID, d)
	if err != nil || res.Verdict.LongNotice {
		t.Errorf("follow-up: %v, long notice %v; want sent with the short notice", err, res.Verdict.LongNotice)
	}
}

// TestSendDroppedMidDataIsInDoubtThenRetriesOnce: a connection that drops
// while the message goes out may have delivered it, so the send is in
// doubt, not failed; only once the rep says it did not go out is the draft
// offered again, and the retry sends one copy with the same Message-ID.
func TestSendDroppedMidDataIsInDoubtThenRetriesOnce(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	b := &smtpBackend{dropFirst: true}
	s := testSender(st, rep, SMTP{Server: startSMTP(t, b)})
	d := passingInput().Draft
	_, err := s.Send(ctx, 0, c.ID, d)
	doubt, ok := errors.AsType[*SendInDoubtError](err)
	if !ok || !strings.Contains(err.Error(), "--resolve") {
		t.Fatalf("Send() = %v, want a SendInDoubtError that says how to resolve it", err)
	}
	m, err := st.Message(ctx, doubt.Row)
	if err != nil || m.State != store.StateUnknown || m.Body != d.Body {
		t.Fatalf("after the drop: %+v, %v; want in doubt with the body kept", m, err)
	}
	if draft, ok, _ := st.Draft(ctx, c.ID, rep.ID); ok {
		t.Errorf("Draft() = %+v; a send in doubt must not be offered for sending again", draft)
	}
	if err := s.Resolve(ctx, doubt.Row, false); err != nil {
		t.Fatal(err)
	}
	if draft, ok, _ := st.Draft(ctx, c.ID, rep.ID); !ok || draft.ID != doubt.Row {
		t.Errorf("Draft() = %+v, %v; want the send the rep said did not go out", draft, ok)
	}
	if after, _ := st.Contact(ctx, c.ID); after.InformedAt != nil {
		t.Error("contact marked informed by a send that did not go out")
	}
	if got, _ := b.received(); len(got) != 0 {
		t.Fatalf("server kept %d messages from the dropped session", len(got))
	}
	res, err := s.Send(ctx, doubt.Row, c.ID, d)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	got, _ := b.received()
	if len(got) != 1 {
		t.Fatalf("server got %d messages after the retry, want exactly 1", len(got))
	}
	if m, _ = st.Message(ctx, res.MessageRow); m.State != store.StateSent || m.MessageID != "fixed-1@northwind.example" {
		t.Errorf("after retry: %+v, want sent with the first Message-ID", m)
	}
	if _, err := s.Send(ctx, doubt.Row, c.ID, d); err == nil {
		t.Error("sending the same row again succeeded, want refusal")
	}
	if got, _ := b.received(); len(got) != 1 {
		t.Errorf("server got %d messages, want still 1", len(got))
	}
}

func TestSentCopyFailureIsRetried(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_ = ln.Close() // nothing listens here: the copy fails at once
	imapSrv := Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Username: "robin", Password: "s3cret", Security: NoTLS}
	s := testSender(st, rep, Outbox{Dir: filepath.Join(t.TempDir(), "outbox")})
	s.SentCopy = SentFolder{Server: imapSrv}
	res, err := s.Send(ctx, 0, c.ID, passingInput().Draft)
	if err != nil || res.SentCopyErr == nil {
		t.Fatalf("Send() = %v, copy error %v; want sent with the copy failing", err, res.SentCopyErr)
	}
	if pend, _ := st.PendingSentCopies(ctx); len(pend) != 1 {
		t.Fatalf("pending copies = %d, want 1", len(pend))
	}
	s.SentCopy = SentFolder{Server: startIMAP(t)}
	if err := s.RetrySentCopies(ctx); err != nil {
		t.Fatal(err)
	}
	if pend, _ := st.PendingSentCopies(ctx); len(pend) != 0 {
		t.Errorf("pending copies = %d after retry, want 0", len(pend))
	}
}

func TestSendRefusedRecordsNothing(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	dir := filepath.Join(t.TempDir(), "outbox")
	s := testSender(st, rep, Outbox{Dir: dir})
	d := passingInput().Draft
	d.To = append(d.To, "other@polderdata.example")
	_, err := s.Send(ctx, 0, c.ID, d)
	var refused *RefusedError
	if !errors.As(err, &refused) || !strings.Contains(err.Error(), "one recipient: 2 recipients") {
		t.Fatalf("Send() = %v, want a refusal naming one-recipient", err)
	}
	if sent, doubt, _ := st.SendCounts(ctx, c.ID); sent+doubt != 0 {
		t.Errorf("send counts = %d, %d after a refusal", sent, doubt)
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); !os.IsNotExist(err) {
		t.Errorf("outbox touched by a refused send: %v", err)
	}
}

func TestOutboxWritesAtomically(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	dir := filepath.Join(t.TempDir(), "outbox")
	s := testSender(st, rep, Outbox{Dir: dir})
	if _, err := s.Send(ctx, 0, c.ID, passingInput().Draft); err != nil {
		t.Fatal(err)
	}
	news, _ := os.ReadDir(filepath.Join(dir, "new"))
	tmps, _ := os.ReadDir(filepath.Join(dir, "tmp"))
	if len(news) != 1 || len(tmps) != 0 {
		t.Fatalf("outbox new=%d tmp=%d, want 1 and 0", len(news), len(tmps))
	}
	if found, err := (Outbox{Dir: dir}).Find(ctx, "fixed-1@northwind.example"); !found || err != nil {
		t.Errorf("Find() = %v, %v", found, err)
	}
}

// crashTransport records "sending" and then dies before the result is
// recorded, as a crash would: it writes (or not) and returns a panic-like
// error that the test turns into an abandoned row.
type crashTransport struct {
	Transport
	deliver bool
}

func (c crashTransport) Send(ctx context.Context, m Built) error {
	if c.deliver {
		if err := c.Transport.Send(ctx, m); err != nil {
			return err
		}
	}
	panic("crash")
}

// sendAndCrash runs a send whose process "dies" inside the transport.
func sendAndCrash(t *testing.T, s *Sender, contactID int64) {
	t.Helper()
	defer func() { _ = recover() }()
	_, _ = s.Send(context.Background(), 0, contactID, passingInput().Draft)
	t.Fatal("the crash transport returned")
}

func TestRecoverAfterCrash(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		transport func(dir string, smtpSrv Server) Transport
		deliver   bool
		want      store.MessageState
		inDoubt   int
	}{
		{"outbox written before crash", func(dir string, _ Server) Transport { return Outbox{Dir: dir} }, true, store.StateSent, 0},
		{"outbox not written", func(dir string, _ Server) Transport { return Outbox{Dir: dir} }, false, store.StateFailed, 0},
		{"smtp without IMAP is in doubt", func(_ string, srv Server) Transport { return SMTP{Server: srv} }, true, store.StateUnknown, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, rep, c := testStore(t)
			b := &smtpBackend{}
			tr := tt.transport(filepath.Join(t.TempDir(), "outbox"), startSMTP(t, b))
			s := testSender(st, rep, crashTransport{Transport: tr, deliver: tt.deliver})
			sendAndCrash(t, s, c.ID)
			s.Transport = tr
			doubt, err := s.Recover(ctx)
			if err != nil || len(doubt) != tt.inDoubt {
				t.Fatalf("Recover() = %v, %v; want %d in doubt", doubt, err, tt.inDoubt)
			}
			msgs, _ := st.MessagesIn(ctx, tt.want)
			if len(msgs) != 1 {
				t.Fatalf("%d messages %s, want 1", len(msgs), tt.want)
			}
			if tt.want == store.StateUnknown {
				if _, err := s.Send(ctx, 0, c.ID, passingInput().Draft); err == nil || !strings.Contains(err.Error(), "no earlier send in doubt:") {
					t.Errorf("send while in doubt = %v, want refusal", err)
				}
				if err := s.Resolve(ctx, doubt[0].Row, true); err != nil {
					t.Fatal(err)
				}
				if m, _ := st.Message(ctx, doubt[0].Row); m.State != store.StateSent {
					t.Errorf("after Resolve(sent): %s", m.State)
				}
			}
			if got, _ := b.received(); len(got) > 1 {
				t.Errorf("server got %d messages, want at most 1", len(got))
			}
		})
	}
}

func TestRecoverFindsMessageInSentFolder(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	b := &smtpBackend{}
	folder := SentFolder{Server: startIMAP(t)}
	tr := SMTP{Server: startSMTP(t, b)}
	s := testSender(st, rep, crashTransport{Transport: tr, deliver: true})
	sendAndCrash(t, s, c.ID)
	built, _ := testBuilder().Build(c, passingInput().Draft, Verdict{LongNotice: true}, testNow, "")
	if err := folder.Append(ctx, built); err != nil {
		t.Fatal(err)
	}
	s.Transport, s.SentCopy = tr, folder
	doubt, err := s.Recover(ctx)
	if err != nil || len(doubt) != 0 {
		t.Fatalf("Recover() = %v, %v; want resolved", doubt, err)
	}
	if after, _ := st.Contact(ctx, c.ID); after.InformedAt == nil {
		t.Error("recovered send did not record the notice")
	}
}

func TestSendNoticeOnly(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	dir := filepath.Join(t.TempDir(), "outbox")
	s := testSender(st, rep, Outbox{Dir: dir})
	res, err := s.SendNoticeOnly(ctx, c.ID)
	if err != nil || !res.Verdict.LongNotice {
		t.Fatalf("SendNoticeOnly() = %v, long %v", err, res.Verdict.LongNotice)
	}
	if !strings.HasPrefix(res.Built.Text, "Hello Anna de Vries,") || !strings.Contains(res.Built.Text, "You may object") {
		t.Errorf("notice-only text:\n%s", res.Built.Text)
	}
}

func TestSMTPRefusesPasswordWithoutTLSOffLoopback(t *testing.T) {
	err := SMTP{Server: Server{Host: "mail.example.com", Port: 25, Username: "u", Password: "p", Security: NoTLS}}.Send(context.Background(), Built{})
	if err == nil || !strings.Contains(err.Error(), "only allowed to localhost") {
		t.Errorf("Send() = %v, want refusal", err)
	}
}

// TestErasureRequestStopsSending: once the person's erasure request is in
// the queue nothing more goes to them, not even a notice, until the erasure
// (which answers it) is done.
func TestErasureRequestStopsSending(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	dir := t.TempDir()
	s := testSender(st, rep, Outbox{Dir: dir})
	reply := NewInboxItem(1, Reply{MessageID: "gone@" + c.Email[strings.IndexByte(c.Email, '@')+1:], From: c.Email,
		Subject: "Re: hello", Text: "Please delete my data.", ContentType: "text/plain", Date: testNow.Add(-time.Hour)})
	if reply.Class != contacts.ReplyErasure {
		t.Fatalf("test reply classified %s, want an erasure request", reply.Class)
	}
	if _, err := st.SaveSyncBatch(ctx, store.SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 1, Rep: rep.Name, Items: []store.InboxItem{reply}}); err != nil {
		t.Fatal(err)
	}
	v, err := s.Check(ctx, c, passingInput().Draft)
	if err != nil {
		t.Fatal(err)
	}
	failing := v.Failing()
	if len(failing) != 1 || failing[0].Rule != RuleNoErasureAsk || !strings.Contains(failing[0].Why, "asked for erasure") {
		t.Fatalf("checklist failing = %+v, want only the erasure request", failing)
	}
	if _, err := s.Send(ctx, 0, c.ID, passingInput().Draft); err == nil {
		t.Fatal("Send() to a person who asked for erasure succeeded")
	}
	if news, _ := os.ReadDir(filepath.Join(dir, "new")); len(news) != 0 {
		t.Errorf("%d messages in the outbox, want none", len(news))
	}
}

// TestOutboxRemove: an erasure takes the person's emails out of the outbox
// and leaves the others.
func TestOutboxRemove(t *testing.T) {
	ctx := context.Background()
	o := Outbox{Dir: t.TempDir()}
	for _, id := range []string{"one@legit.example", "two@legit.example"} {
		raw := "Message-Id: <" + id + ">\r\nTo: someone@example.com\r\n\r\nHello\r\n"
		if err := o.Send(ctx, Built{MessageID: id, Raw: []byte(raw)}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := o.Remove([]string{"<one@legit.example>", "", "missing@legit.example"})
	if err != nil || n != 1 {
		t.Fatalf("Remove() = %d, %v; want the one message removed", n, err)
	}
	if found, _ := o.Find(ctx, "one@legit.example"); found {
		t.Error("the removed message is still in the outbox")
	}
	if found, _ := o.Find(ctx, "two@legit.example"); !found {
		t.Error("the other message was removed too")
	}
	if n, err := (Outbox{Dir: filepath.Join(t.TempDir(), "none")}).Remove([]string{"x@y"}); err != nil || n != 0 {
		t.Errorf("Remove() on a missing outbox = %d, %v; want 0, nil", n, err)
	}
}
