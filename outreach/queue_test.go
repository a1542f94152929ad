package outreach

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"legit/contacts"
	"legit/store"
)

// queueSender is a sender with no mail server: it queues in the outbox.
func queueSender(t *testing.T, st *store.Store, rep store.Rep) *Sender {
	t.Helper()
	s := testSender(st, rep, nil)
	s.Outbox = Outbox{Dir: filepath.Join(t.TempDir(), "outbox")}
	return s
}

// kinds lists the kinds of the log's events, oldest first.
func kinds(t *testing.T, st *store.Store) []string {
	t.Helper()
	es, err := st.Log(context.Background(), store.LogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		k := string(es[i].Kind)
		if o := es[i].Details["outcome"]; o != "" {
			k += ":" + o
		}
		out = append(out, k)
	}
	return out
}

// since returns the kinds after the first n.
func since(all []string, n int) string { return strings.Join(all[n:], " ") }

func TestQueueWithoutServerSendsNothingThenDelivers(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	s := queueSender(t, st, rep)
	before := len(kinds(t, st))
	res, err := s.Send(ctx, 0, c.ID, passingInput().Draft)
	if err != nil || !res.Queued || res.File == "" {
		t.Fatalf("Send() = %+v, %v; want queued in a file", res, err)
	}
	if _, err := os.Stat(res.File); err != nil {
		t.Fatalf("queued file: %v", err)
	}
	m, _ := st.Message(ctx, res.MessageRow)
	if m.State != store.StateQueued {
		t.Fatalf("state %s, want queued", m.State)
	}
	if after, _ := st.Contact(ctx, c.ID); after.InformedAt != nil {
		t.Fatal("a queued message marked the contact informed")
	}
	if got := since(kinds(t, st), before); got != "queued" {
		t.Fatalf("log after queueing: %q, want only queued (no send, no notice)", got)
	}
	if sent, _, _ := st.SendCounts(ctx, c.ID); sent != 0 {
		t.Errorf("sent count %d for a queued message", sent)
	}
	list, err := s.Queue(ctx)
	if err != nil || len(list) != 1 || list[0].File != res.File || !strings.Contains(list[0].Reason, "no SMTP configured") || list[0].Name != c.Name {
		t.Fatalf("Queue() = %+v, %v", list, err)
	}
	if _, err := s.DeliverQueue(ctx); err == nil || !strings.Contains(err.Error(), "[smtp]") {
		t.Fatalf("DeliverQueue() without a server = %v, want it to say what to configure", err)
	}

	b := &smtpBackend{}
	s.Transport = SMTP{Server: startSMTP(t, b)}
	s.Now = func() time.Time { return testNow.Add(26 * time.Hour) }
	st.SetClock(s.Now)
	out, err := s.DeliverQueue(ctx)
	if err != nil || len(out) != 1 || out[0].State != QueueSent || !out[0].LongNotice {
		t.Fatalf("DeliverQueue() = %+v, %v; want sent with the long notice", out, err)
	}
	got, _ := b.received()
	if len(got) != 1 || !strings.Contains(string(got[0]), "Message-Id: <"+res.Built.MessageID+">") {
		t.Fatalf("server got %d messages; want the one with the queued Message-ID", len(got))
	}
	if !strings.Contains(string(got[0]), testNow.Add(26*time.Hour).UTC().Format("2 Jan 2006")) {
		t.Errorf("delivered message does not carry today's date:\n%s", got[0])
	}
	if after, _ := st.Contact(ctx, c.ID); after.InformedAt == nil {
		t.Error("contact not informed after the delivery")
	}
	if _, err := os.Stat(res.File); !os.IsNotExist(err) {
		t.Errorf("delivered message still in the outbox: %v", err)
	}
	if got := since(kinds(t, st), before); got != "queued send notice" {
		t.Errorf("log: %q, want queued, then send and notice at delivery", got)
	}
	if out, _ := s.DeliverQueue(ctx); len(out) != 0 {
		t.Errorf("second DeliverQueue() = %+v, want nothing (never twice)", out)
	}
	if got, _ := b.received(); len(got) != 1 {
		t.Errorf("server got %d messages, want 1", len(got))
	}
}

func TestQueuedMessageIsCheckedAgain(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		change func(t *testing.T, st *store.Store, s *Sender, c contacts.Contact)
		want   QueueState
		reason string
	}{
		{"opt-out meanwhile returns it to the drafts", func(t *testing.T, st *store.Store, _ *Sender, c contacts.Contact) {
			if _, err := st.RecordOptOut(ctx, store.OptOut{Email: c.Email, Reason: store.ReasonOptOut, Via: "phone", Rep: "Robin Maes"}); err != nil {
				t.Fatal(err)
			}
		}, QueueReturned, "opted out"},
		{"daily cap holds it", func(_ *testing.T, _ *store.Store, s *Sender, _ contacts.Contact) {
			s.DailyCap = -1 // the default cap, reached below
		}, QueueHeld, "daily cap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, rep, c := testStore(t)
			s := queueSender(t, st, rep)
			res, err := s.Send(ctx, 0, c.ID, passingInput().Draft)
			if err != nil {
				t.Fatal(err)
			}
			tt.change(t, st, s, c)
			b := &smtpBackend{}
			s.Transport = SMTP{Server: startSMTP(t, b)}
			if tt.want == QueueHeld {
				s.DailyCap = 1
				fillDailyCap(t, s)
			}
			out, err := s.DeliverQueue(ctx)
			if err != nil || len(out) != 1 || out[0].State != tt.want || !strings.Contains(out[0].Reason, tt.reason) {
				t.Fatalf("DeliverQueue() = %+v, %v; want %s naming %q", out, err, tt.want, tt.reason)
			}
			m, _ := st.Message(ctx, res.MessageRow)
			switch tt.want {
			case QueueReturned:
				if m.State != store.StateFailed || !strings.Contains(m.Error, "not sent") {
					t.Errorf("returned message: %s %q, want back in the drafts with the reason", m.State, m.Error)
				}
				if k := kinds(t, st); k[len(k)-1] != "queued:not_sent" {
					t.Errorf("log ends with %q, want the not-sent record", k[len(k)-1])
				}
				if _, err := os.Stat(res.File); !os.IsNotExist(err) {
					t.Errorf("returned message still in the outbox: %v", err)
				}
			case QueueHeld:
				if m.State != store.StateQueued || !strings.Contains(m.QueueReason, "daily cap") {
					t.Errorf("held message: %s %q, want still queued with the reason", m.State, m.QueueReason)
				}
			}
			if got, _ := b.received(); len(got) != 1 && tt.want == QueueHeld || len(got) != 0 && tt.want == QueueReturned {
				t.Errorf("server got %d messages", len(got))
			}
		})
	}
}

// fillDailyCap sends one first contact to someone else, so a cap of 1 is
// reached.
func fillDailyCap(t *testing.T, s *Sender) {
	t.Helper()
	ctx := context.Background()
	st := s.Store.(*store.Store)
	other := passingInput().Contact
	other.ID, other.Ref, other.Name, other.Email, other.Company = 0, "", "Bram Peeters", "bram@delta.example", "Delta"
	other.Sources[0].ObtainedAt = testNow.AddDate(0, 0, -3)
	err := st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		other, err = tx.AddContact(other, "Robin Maes")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Builder.NewID = func() string { return "fixed-2@northwind.example" }
	d := Draft{To: []string{other.Email}, Subject: "Planning in Delft", Body: "Dear Bram, a short question about your depot in Delft and the new lanes you opened there last spring."}
	if res, err := s.Send(ctx, 0, other.ID, d); err != nil || res.Queued {
		t.Fatalf("first contact to fill the cap: %+v, %v", res, err)
	}
}

func TestQueueServerTrouble(t *testing.T) {
	ctx := context.Background()
	t.Run("unreachable leaves it queued", func(t *testing.T) {
		st, rep, c := testStore(t)
		s := queueSender(t, st, rep)
		res, err := s.Send(ctx, 0, c.ID, passingInput().Draft)
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		_ = ln.Close() // nothing listens there now
		s.Transport = SMTP{Server: Server{Host: "127.0.0.1", Port: port, Username: "robin", Password: "s3cret", Security: NoTLS}}
		out, err := s.DeliverQueue(ctx)
		if err != nil || len(out) != 1 || out[0].State != QueueWaiting {
			t.Fatalf("DeliverQueue() = %+v, %v; want still waiting", out, err)
		}
		if m, _ := st.Message(ctx, res.MessageRow); m.State != store.StateQueued || m.QueueReason == "" {
			t.Errorf("after an unreachable server: %s %q, want queued with the reason", m.State, m.QueueReason)
		}
		if _, err := os.Stat(res.File); err != nil {
			t.Errorf("the outbox file went: %v", err)
		}
	})
	t.Run("dropped after DATA is in doubt", func(t *testing.T) {
		st, rep, c := testStore(t)
		s := queueSender(t, st, rep)
		res, err := s.Send(ctx, 0, c.ID, passingInput().Draft)
		if err != nil {
			t.Fatal(err)
		}
		b := &smtpBackend{dropFirst: true}
		s.Transport = SMTP{Server: startSMTP(t, b)}
		out, err := s.DeliverQueue(ctx)
		if err != nil || len(out) != 1 || out[0].State != QueueInDoubt {
			t.Fatalf("DeliverQueue() = %+v, %v; want in doubt", out, err)
		}
		if m, _ := st.Message(ctx, res.MessageRow); m.State != store.StateUnknown {
			t.Errorf("state %s, want unknown", m.State)
		}
		if out, _ := s.DeliverQueue(ctx); len(out) != 0 {
			t.Errorf("a send in doubt was offered again: %+v", out)
		}
		if got, _ := b.received(); len(got) != 0 {
			t.Errorf("server kept %d messages", len(got))
		}
	})
}

func TestQueuedCountsForNotBulk(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	s := queueSender(t, st, rep)
	if _, err := s.Send(ctx, 0, c.ID, passingInput().Draft); err != nil {
		t.Fatal(err)
	}
	other := contacts.Contact{ID: c.ID + 100, Name: "Bram Peeters", Company: "Delta"}
	in, err := s.Input(ctx, other, passingInput().Draft)
	if err != nil || len(in.Recent) != 1 {
		t.Fatalf("Input().Recent = %+v, %v; want the queued message", in.Recent, err)
	}
}

func TestQueueWriteFailureReturnsToDrafts(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	s := queueSender(t, st, rep)
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s.Outbox = Outbox{Dir: filepath.Join(blocker, "outbox")} // under a file: cannot be made
	_, err := s.Send(ctx, 0, c.ID, passingInput().Draft)
	var failed *SendFailedError
	if !errors.As(err, &failed) {
		t.Fatalf("Send() = %v, want a SendFailedError", err)
	}
	if d, ok, _ := st.Draft(ctx, c.ID, rep.ID); !ok || d.ID != failed.Row {
		t.Errorf("Draft() = %+v, %v; want the message back in the drafts", d, ok)
	}
}

func TestRecoverLeavesAColleaguesSendAlone(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	dir := filepath.Join(t.TempDir(), "outbox")
	a := testSender(st, rep, crashTransport{Transport: Outbox{Dir: dir}, deliver: false})
	a.Client = "client-a"
	sendAndCrash(t, a, c.ID) // A's send is in flight: reserved, lease live
	b := testSender(st, rep, SMTP{Server: startSMTP(t, &smtpBackend{})})
	b.Client = "client-b"
	doubt, err := b.Recover(ctx)
	if err != nil || len(doubt) != 0 {
		t.Fatalf("B's Recover() = %+v, %v; want nothing offered", doubt, err)
	}
	if msgs, _ := st.MessagesIn(ctx, store.StateSending); len(msgs) != 1 {
		t.Fatalf("%d messages sending, want A's still in flight", len(msgs))
	}
	// The lease runs out: A is gone, and B may look at it.
	b.Now = func() time.Time { return testNow.Add(DefaultLease + time.Second) }
	doubt, err = b.Recover(ctx)
	if err != nil || len(doubt) != 1 {
		t.Fatalf("after the lease: Recover() = %+v, %v; want the send in doubt", doubt, err)
	}
	if err := b.Resolve(ctx, doubt[0].Row, false); err != nil {
		t.Fatal(err)
	}
	es, _ := st.Log(ctx, store.LogFilter{Kind: store.EventSendResolved})
	if len(es) != 1 || es[0].Rep != rep.Name || es[0].Details["outcome"] != "not_sent" {
		t.Errorf("resolution log = %+v, want one not_sent by %s", es, rep.Name)
	}
}

// TestSendAccessCopy: the copy goes to the held address even after an
// opt-out (Art. 21(3) ends marketing only), attached, with the full notice
// to a person never informed, as no outreach; any other address is refused,
// and so is a send without a server.
func TestSendAccessCopy(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	if _, err := st.RecordOptOut(ctx, store.OptOut{Email: c.Email, Reason: store.ReasonObjection, Via: "phone", Rep: rep.Name}); err != nil {
		t.Fatal(err)
	}
	copyOf := AccessCopy{Export: []byte(`{"summary":"all we hold"}`), FileName: "legit-export-c-anna.json"}
	if _, err := queueSender(t, st, rep).SendAccess(ctx, c.ID, copyOf); !errors.Is(err, ErrAccessNeedsServer) {
		t.Fatalf("SendAccess() without a server = %v, want ErrAccessNeedsServer", err)
	}
	b := &smtpBackend{}
	s := testSender(st, rep, SMTP{Server: startSMTP(t, b)})
	other := copyOf
	other.To = "someone@elsewhere.example"
	if _, err := s.SendAccess(ctx, c.ID, other); !errors.Is(err, ErrNotHeldAddress) {
		t.Fatalf("SendAccess() to an address not held = %v, want ErrNotHeldAddress", err)
	}
	res, err := s.SendAccess(ctx, c.ID, copyOf)
	if err != nil || !res.Verdict.LongNotice {
		t.Fatalf("SendAccess() = %+v, %v; want sent with the full notice", res, err)
	}
	got, rcpts := b.received()
	if len(got) != 1 || rcpts[0][0] != c.Email || !strings.Contains(string(got[0]), "multipart/mixed") ||
		!strings.Contains(string(got[0]), `filename=legit-export-c-anna.json`) || strings.Contains(string(got[0]), "List-Unsubscribe") {
		t.Fatalf("server got %d messages:\n%s", len(got), got)
	}
	if m, _ := st.Message(ctx, res.MessageRow); m.Kind != store.KindAccess || m.State != store.StateSent {
		t.Errorf("stored as %s %s, want a sent access copy", m.Kind, m.State)
	}
	if sent, _, _ := st.SendCounts(ctx, c.ID); sent != 0 {
		t.Errorf("the access copy counts as %d earlier email(s)", sent)
	}
	if after, _ := st.Contact(ctx, c.ID); after.InformedAt == nil {
		t.Error("the full notice went with the copy, but the contact is not informed")
	}
}
