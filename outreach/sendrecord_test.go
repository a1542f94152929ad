package outreach

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"legit/store"
)

// awayStore is a store whose database is away for the first failures
// calls of MarkSent: each fails as a lost connection does
// (store.ErrUnreachable). With commitFirst the first call is recorded
// before it fails, as when the connection drops after the commit.
type awayStore struct {
	*store.Store
	failures    int
	calls       int
	commitFirst bool
}

func (s *awayStore) MarkSent(ctx context.Context, r store.SentRecord) error {
	s.calls++
	if s.calls > s.failures {
		return s.Store.MarkSent(ctx, r)
	}
	if s.calls == 1 && s.commitFirst {
		if err := s.Store.MarkSent(ctx, r); err != nil {
			return err
		}
	}
	return fmt.Errorf("record it: %w", store.ErrUnreachable)
}

// TestSendRecordWaitsForTheDatabase: an email went out and the database
// went away before it was recorded (a server restart). The send tries
// again until it is back, saying once that it waits; a try after a commit
// that went through finds it recorded; a database away for longer than
// RecordWait fails naming the message, which recovery finds in doubt once
// its reservation ends, and it is never sent twice.
func TestSendRecordWaitsForTheDatabase(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name        string
		failures    int
		commitFirst bool
	}{
		{"back after three tries", 3, false},
		{"the first commit went through", 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, rep, c := testStore(t)
			b := &smtpBackend{}
			s := testSender(st, rep, SMTP{Server: startSMTP(t, b)})
			away := &awayStore{Store: st, failures: tc.failures, commitFirst: tc.commitFirst}
			s.Store = away
			told := 0
			s.OnRecordWait = func(time.Duration) { told++ }
			res, err := s.Send(ctx, 0, c.ID, passingInput().Draft)
			if err != nil {
				t.Fatalf("Send() = %v, want the send recorded once the database is back", err)
			}
			if m, _ := st.Message(ctx, res.MessageRow); m.State != store.StateSent || told != 1 || away.calls != tc.failures+1 {
				t.Errorf("message %s after %d tries, told %d times; want sent after %d, told once", m.State, away.calls, told, tc.failures+1)
			}
			if got, _ := b.received(); len(got) != 1 {
				t.Errorf("server got %d messages, want 1", len(got))
			}
		})
	}

	t.Run("away for longer", func(t *testing.T) {
		st, rep, c := testStore(t)
		b := &smtpBackend{}
		s := testSender(st, rep, SMTP{Server: startSMTP(t, b)})
		s.Store = &awayStore{Store: st, failures: 1 << 20}
		s.RecordWait = 300 * time.Millisecond
		res, err := s.Send(ctx, 0, c.ID, passingInput().Draft)
		want := fmt.Sprintf("It is message %d: legit checks it at the first start after", res.MessageRow)
		if err == nil || !strings.Contains(err.Error(), "sent, but recording it failed") || !strings.Contains(err.Error(), want) {
			t.Fatalf("Send() = %v; want that it went out, could not be recorded, and %q", err, want)
		}
		// The caller can tell: sent, not recorded, which message, and when
		// it is checked (its reservation's end); the result holds the
		// message as it went.
		u, ok := errors.AsType[*SentUnrecordedError](err)
		if !ok || u.Row != res.MessageRow || !u.CheckAfter.Equal(testNow.Add(DefaultLease)) || !errors.Is(err, store.ErrUnreachable) ||
			res.Built.MessageID == "" || !strings.Contains(err.Error(), "Do not send it again") {
			t.Fatalf("Send() = %+v, %#v; want a *SentUnrecordedError for message %d, checked after %s, with the built message", res, err, res.MessageRow, testNow.Add(DefaultLease))
		}
		// Another legit, after the reservation ran out: the send is in
		// doubt, and a send to the person waits for its resolution.
		later := &Sender{Store: st, Builder: testBuilder(), Transport: SMTP{Server: startSMTP(t, b)}, RepID: rep.ID, Rep: rep.Name,
			DeadlineDays: 30, Client: "another", Now: func() time.Time { return testNow.Add(DefaultLease + time.Minute) }}
		doubt, err := later.Recover(ctx)
		if err != nil || len(doubt) != 1 || doubt[0].Row != res.MessageRow {
			t.Fatalf("Recover() after the lease = %+v, %v; want message %d in doubt", doubt, err, res.MessageRow)
		}
		if _, err := later.Send(ctx, 0, c.ID, passingInput().Draft); err == nil || !strings.Contains(err.Error(), "no earlier send in doubt") {
			t.Errorf("a send while the first is in doubt = %v, want refused", err)
		}
		if err := later.Resolve(ctx, doubt[0].Row, true); err != nil {
			t.Fatal(err)
		}
		if got, _ := b.received(); len(got) != 1 {
			t.Errorf("server got %d messages, want 1: never twice", len(got))
		}
	})
}

// TestDeliverQueueSentNotRecorded: a queued message went out while the
// database stayed away for longer than the send waits. Delivering the queue
// says so (sent, not recorded), and a second delivery sends nothing.
func TestDeliverQueueSentNotRecorded(t *testing.T) {
	ctx := context.Background()
	st, rep, c := testStore(t)
	s := queueSender(t, st, rep)
	if _, err := s.Send(ctx, 0, c.ID, passingInput().Draft); err != nil {
		t.Fatal(err)
	}
	b := &smtpBackend{}
	s.Transport = SMTP{Server: startSMTP(t, b)}
	s.Store, s.RecordWait = &awayStore{Store: st, failures: 1 << 20}, 300*time.Millisecond
	out, err := s.DeliverQueue(ctx)
	if err != nil || len(out) != 1 || out[0].State != QueueUnrecorded || !strings.Contains(out[0].Reason, "Do not send it again") {
		t.Fatalf("DeliverQueue() = %+v, %v; want sent, not recorded", out, err)
	}
	if again, err := s.DeliverQueue(ctx); err != nil || len(again) != 0 {
		t.Errorf("second DeliverQueue() = %+v, %v; want nothing (never twice)", again, err)
	}
	if got, _ := b.received(); len(got) != 1 {
		t.Errorf("server got %d messages, want 1", len(got))
	}
}
