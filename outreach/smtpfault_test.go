package outreach

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"legit/store"
)

// smtpFault is the one step at which a faultSMTP server misbehaves.
type smtpFault int

const (
	faultRejectRcpt      smtpFault = iota + 1 // 550 to RCPT
	faultStallRcpt                            // no answer to RCPT
	faultRejectData                           // reads the message, answers 554
	faultDropMidBody                          // reads 64 bytes of the message, hangs up
	faultDropAfterStore                       // stores the message, hangs up before answering
	faultStallAfterStore                      // stores the message, never answers
)

// faultSMTP is a go-smtp backend that stores what it is sent and misbehaves
// at the step its fault names.
type faultSMTP struct {
	fault   smtpFault
	release chan struct{} // closed at the end of the test: stalls end
	stored  chan []byte   // every message stored, in order
}

// startFaultSMTP runs a go-smtp server with the fault on loopback.
func startFaultSMTP(t *testing.T, fault smtpFault) (*faultSMTP, Server) {
	t.Helper()
	b := &faultSMTP{fault: fault, release: make(chan struct{}), stored: make(chan []byte, 8)}
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	t.Cleanup(func() { close(b.release) }) // before the server closes
	return b, Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Security: NoTLS}
}

// storedCount is how many messages the server kept.
func (b *faultSMTP) storedCount() int { return len(b.stored) }

func (b *faultSMTP) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &faultSession{b: b, conn: c}, nil
}

type faultSession struct {
	b    *faultSMTP
	conn *smtp.Conn
}

func (s *faultSession) Mail(string, *smtp.MailOptions) error { return nil }

func (s *faultSession) Rcpt(string, *smtp.RcptOptions) error {
	switch s.b.fault {
	case faultRejectRcpt:
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	case faultStallRcpt:
		<-s.b.release
	}
	return nil
}

func (s *faultSession) Data(r io.Reader) error {
	if s.b.fault == faultDropMidBody {
		_, _ = io.ReadFull(r, make([]byte, 64))
		_ = s.conn.Conn().Close()
		return errors.New("dropped")
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	switch s.b.fault {
	case faultRejectData:
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "rejected as spam"}
	case faultDropAfterStore:
		s.b.stored <- raw
		_ = s.conn.Conn().Close()
		return errors.New("dropped")
	case faultStallAfterStore:
		s.b.stored <- raw
		<-s.b.release
		return nil
	}
	s.b.stored <- raw
	return nil
}

func (s *faultSession) Reset()        {}
func (s *faultSession) Logout() error { return nil }

// StartSilent runs a server that accepts connections and never says a
// word, like a firewall that black-holes the session, for the tests here and
// in outreach_test. accepted gets each connection.
func StartSilent(t testing.TB) (Server, <-chan net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan net.Conn, 16)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			accepted <- c
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Security: NoTLS}, accepted
}

// FaultTimeouts are the deadlines of the fault tests (here and in
// outreach_test): short, so a stall ends the call quickly; the tests' own
// context allows far longer.
var FaultTimeouts = Timeouts{Connect: 2 * time.Second, Command: 300 * time.Millisecond, Data: 300 * time.Millisecond}

// Within runs f and fails the test unless it returns before the context
// given to it (limit from now) ends: the call must end by its own deadline,
// not by the test's.
func Within(t *testing.T, limit time.Duration, f func(ctx context.Context) error) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	err := f(ctx)
	if ctx.Err() != nil {
		t.Fatalf("the call ran past %s: %v", limit, err)
	}
	return err
}

// TestSMTPFaultsCertainOrInDoubt: only what happens before the message goes
// out, or a refusal the server answers, makes a send certainly failed (the
// draft kept for a retry); a drop, a silence or a cancel after the message
// went out leaves it in doubt, and then no resend is offered. Each stall
// ends by the short timeouts, long before the test's own deadline.
func TestSMTPFaultsCertainOrInDoubt(t *testing.T) {
	tests := []struct {
		name   string
		fault  smtpFault // 0: a server that never speaks
		want   store.MessageState
		stored int
		says   string
	}{
		{"silent server", 0, store.StateFailed, 0, "no answer from the server within 300ms"},
		{"recipient refused", faultRejectRcpt, store.StateFailed, 0, "recipient refused"},
		{"stall at RCPT", faultStallRcpt, store.StateFailed, 0, "no answer from the server within 300ms"},
		{"message refused after DATA", faultRejectData, store.StateFailed, 0, "rejected as spam"},
		{"drop while the message goes out", faultDropMidBody, store.StateUnknown, 0, "may have gone out"},
		{"drop after the message was stored", faultDropAfterStore, store.StateUnknown, 1, "may have gone out"},
		{"stall after the message was stored", faultStallAfterStore, store.StateUnknown, 1, "no answer from the server within 300ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, rep, c := testStore(t)
			var b *faultSMTP
			var srv Server
			if tt.fault == 0 {
				srv, _ = StartSilent(t)
			} else {
				b, srv = startFaultSMTP(t, tt.fault)
			}
			srv.Timeouts = FaultTimeouts
			s := testSender(st, rep, SMTP{Server: srv})
			var res Result
			err := Within(t, 10*time.Second, func(ctx context.Context) error {
				var err error
				res, err = s.Send(ctx, 0, c.ID, passingInput().Draft)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("Send() = %v, want an error saying %q", err, tt.says)
			}
			m, _ := st.Message(context.Background(), res.MessageRow)
			if m.State != tt.want {
				t.Fatalf("message is %s after %v, want %s", m.State, err, tt.want)
			}
			if b != nil && b.storedCount() != tt.stored {
				t.Errorf("server stored %d messages, want %d", b.storedCount(), tt.stored)
			}
			_, failed := errors.AsType[*SendFailedError](err)
			_, doubt := errors.AsType[*SendInDoubtError](err)
			draft, offered, _ := st.Draft(context.Background(), c.ID, rep.ID)
			switch tt.want {
			case store.StateFailed:
				if !failed || !offered || draft.ID != res.MessageRow {
					t.Errorf("certain failure: SendFailedError %v, draft offered %v; want both", failed, offered)
				}
			case store.StateUnknown:
				if !doubt || offered {
					t.Errorf("in doubt: SendInDoubtError %v, draft offered %v; want in doubt and no draft", doubt, offered)
				}
				_, err := s.Send(context.Background(), res.MessageRow, c.ID, passingInput().Draft)
				if err == nil || !strings.Contains(err.Error(), "no earlier send in doubt:") {
					t.Errorf("resend of a send in doubt = %v, want a refusal naming the send in doubt", err)
				}
				if b != nil && b.storedCount() != tt.stored {
					t.Errorf("server stored %d messages after the refused resend, want %d", b.storedCount(), tt.stored)
				}
			}
		})
	}
}

// TestSendCancelledAfterDataIsInDoubt: ctrl+c or SIGTERM (the program's
// context ending) while the server holds the message but has not answered
// ends the send at once, in doubt, even with the default long timeouts.
func TestSendCancelledAfterDataIsInDoubt(t *testing.T) {
	st, rep, c := testStore(t)
	b, srv := startFaultSMTP(t, faultStallAfterStore)
	s := testSender(st, rep, SMTP{Server: srv})
	var res Result
	err := Within(t, 10*time.Second, func(watchdog context.Context) error {
		ctx, cancel := context.WithCancel(watchdog)
		defer cancel()
		go func() {
			select {
			case raw := <-b.stored:
				b.stored <- raw
				cancel()
			case <-ctx.Done():
			}
		}()
		var err error
		res, err = s.Send(ctx, 0, c.ID, passingInput().Draft)
		return err
	})
	if _, ok := errors.AsType[*SendInDoubtError](err); !ok || !errors.Is(err, context.Canceled) {
		t.Fatalf("Send() = %v, want in doubt because it was cancelled", err)
	}
	if m, _ := st.Message(context.Background(), res.MessageRow); m.State != store.StateUnknown {
		t.Errorf("message is %s, want unknown (in doubt)", m.State)
	}
}

// TestSendCancelledWhileConnectingFails: cancelled before the greeting,
// nothing can have gone out: a certain failure, the draft kept.
func TestSendCancelledWhileConnectingFails(t *testing.T) {
	st, rep, c := testStore(t)
	srv, accepted := StartSilent(t)
	s := testSender(st, rep, SMTP{Server: srv})
	var res Result
	err := Within(t, 10*time.Second, func(watchdog context.Context) error {
		ctx, cancel := context.WithCancel(watchdog)
		defer cancel()
		go func() {
			select {
			case <-accepted:
				cancel()
			case <-ctx.Done():
			}
		}()
		var err error
		res, err = s.Send(ctx, 0, c.ID, passingInput().Draft)
		return err
	})
	if _, ok := errors.AsType[*SendFailedError](err); !ok || !errors.Is(err, context.Canceled) {
		t.Fatalf("Send() = %v, want a certain failure because it was cancelled", err)
	}
	if m, _ := st.Message(context.Background(), res.MessageRow); m.State != store.StateFailed {
		t.Errorf("message is %s, want failed", m.State)
	}
}

// TestSentFolderSilentServer: filing the Sent copy and looking for a
// message there end by the timeout, or at once when cancelled, against a
// server that never greets.
func TestSentFolderSilentServer(t *testing.T) {
	srv, accepted := StartSilent(t)
	srv.Timeouts = FaultTimeouts
	f := SentFolder{Server: srv}
	err := Within(t, 10*time.Second, func(ctx context.Context) error { return f.Append(ctx, Built{Raw: []byte("x")}) })
	if !errors.Is(err, ErrNoAnswer) {
		t.Errorf("Append() = %v, want no answer", err)
	}
	err = Within(t, 10*time.Second, func(ctx context.Context) error {
		_, err := f.Find(ctx, "x@y")
		return err
	})
	if !errors.Is(err, ErrNoAnswer) {
		t.Errorf("Find() = %v, want no answer", err)
	}
	f.Server.Timeouts = Timeouts{}
	err = Within(t, 10*time.Second, func(watchdog context.Context) error {
		ctx, cancel := context.WithCancel(watchdog)
		defer cancel()
		for len(accepted) > 0 {
			<-accepted
		}
		go func() {
			select {
			case <-accepted:
				cancel()
			case <-ctx.Done():
			}
		}()
		return f.Append(ctx, Built{Raw: []byte("x")})
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Append() = %v, want context.Canceled", err)
	}
}
