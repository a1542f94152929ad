package outreach_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"legit/outreach"
	"legit/store"
)

// replyFrom is a reply from the sync tests' one contact, numbered by uid.
func replyFrom(uid imap.UID) []byte {
	return msg("Agnieszka <agnieszka@firma.example>", fmt.Sprintf("reply-%d@firma.example", uid), "Re: Analytics",
		fmt.Sprintf("Thanks, message %d. Let's talk next week.\r\n", uid))
}

// listed claims the UIDs given, those from "from" up; "n:*" also names the
// newest message, as servers do.
func listed(uids ...imap.UID) func(imap.UID, func(imap.UID) bool) {
	return func(from imap.UID, yield func(imap.UID) bool) {
		for i, u := range uids {
			if (u >= from || i == len(uids)-1) && !yield(u) {
				return
			}
		}
	}
}

func TestSyncSilentServerTimesOut(t *testing.T) {
	srv, _ := outreach.StartSilent(t)
	srv.Timeouts = outreach.FaultTimeouts
	err := outreach.Within(t, 10*time.Second, func(ctx context.Context) error {
		_, err := outreach.RunSync(ctx, srv, openStore(t), outreach.SyncOptions{})
		return err
	})
	if !errors.Is(err, outreach.ErrNoAnswer) || !strings.Contains(err.Error(), "greeting") {
		t.Errorf("RunSync() = %v, want no answer to the greeting", err)
	}
}

// TestSyncSilentServerCancel: SIGTERM or ctrl+c (the context ending) stops
// a sync waiting for a greeting at once, whatever the timeouts.
func TestSyncSilentServerCancel(t *testing.T) {
	srv, accepted := outreach.StartSilent(t)
	err := outreach.Within(t, 10*time.Second, func(watchdog context.Context) error {
		ctx, cancel := context.WithCancel(watchdog)
		defer cancel()
		go func() {
			select {
			case <-accepted:
				cancel()
			case <-ctx.Done():
			}
		}()
		_, err := outreach.RunSync(ctx, srv, openStore(t), outreach.SyncOptions{})
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("RunSync() = %v, want context.Canceled", err)
	}
}

// TestSyncStallMidFetch: a server that stops answering in the middle of
// the sync ends it by the timeout; nothing unread is marked as read.
func TestSyncStallMidFetch(t *testing.T) {
	f := &fakeIMAP{
		selected: func(d *imap.SelectData) { d.NumMessages, d.UIDNext = 3, 4 },
		listing:  listed(1, 2, 3),
		message:  func(uid imap.UID) ([]byte, bool) { return replyFrom(uid), true },
		stall:    make(chan struct{}),
	}
	srv := startFake(t, f)
	srv.Timeouts = outreach.FaultTimeouts
	st := openStore(t, "agnieszka@firma.example")
	err := outreach.Within(t, 10*time.Second, func(ctx context.Context) error {
		_, err := outreach.RunSync(ctx, srv, st, outreach.SyncOptions{})
		return err
	})
	if !errors.Is(err, outreach.ErrNoAnswer) {
		t.Errorf("RunSync() = %v, want no answer", err)
	}
	if _, last, err := st.SyncState(context.Background(), "INBOX"); err != nil || last != 0 {
		t.Errorf("last UID = %d, %v; want 0", last, err)
	}
}

// TestSyncHugeLiteralsAreCut: a server that ignores the partial fetch and
// sends whole bodies (and huge headers) is read up to the caps; every
// message is still saved, named and classified, and counted as truncated.
func TestSyncHugeLiteralsAreCut(t *testing.T) {
	f := &fakeIMAP{
		selected:   func(d *imap.SelectData) { d.NumMessages, d.UIDNext = 3, 4 },
		listing:    listed(1, 2, 3),
		message:    func(uid imap.UID) ([]byte, bool) { return replyFrom(uid), true },
		textSize:   8 << 20,
		headerSize: 4 << 20,
	}
	srv := startFake(t, f)
	st := openStore(t, "agnieszka@firma.example")
	res, err := outreach.RunSync(context.Background(), srv, st, outreach.SyncOptions{Rep: testRep})
	if err != nil || res.New != 3 || res.Unknown != 0 || res.Truncated != 3 || res.LastUID != 3 {
		t.Fatalf("RunSync() = %+v, %v; want 3 new from the contact, 3 truncated", res, err)
	}
	inbox, err := st.ListInbox(context.Background(), 10)
	if err != nil || len(inbox) != 3 {
		t.Fatalf("inbox = %d, %v", len(inbox), err)
	}
	for _, e := range inbox {
		if !strings.HasPrefix(e.MessageID, "reply-") || !strings.HasPrefix(e.Snippet, "Thanks, message") {
			t.Errorf("reply %+v: want its Message-ID and its own text", e)
		}
	}
}

// TestSyncMissingUIDsKeepLastUID: a server that lists a UID and does not
// send it leaves the saved UID below it, so the next sync asks again; the
// messages after it are saved now and not duplicated later.
func TestSyncMissingUIDsKeepLastUID(t *testing.T) {
	withhold := true
	f := &fakeIMAP{
		selected: func(d *imap.SelectData) { d.NumMessages, d.UIDNext = 10, 11 },
		listing:  listed(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
		message:  func(uid imap.UID) ([]byte, bool) { return replyFrom(uid), uid != 5 || !withhold },
	}
	srv := startFake(t, f)
	st := openStore(t, "agnieszka@firma.example")
	var seen []outreach.SyncProgress
	res, err := outreach.RunSync(context.Background(), srv, st, outreach.SyncOptions{Rep: testRep, BatchSize: 4,
		Progress: func(p outreach.SyncProgress) { seen = append(seen, p) }})
	if err != nil || res.New != 9 || res.Missing != 1 || res.LastUID != 4 {
		t.Fatalf("first sync = %+v, %v; want 9 new, 1 missing, last UID 4", res, err)
	}
	if _, last, _ := st.SyncState(context.Background(), "INBOX"); last != 4 {
		t.Errorf("saved last UID %d, want 4 (UID 5 was never read)", last)
	}
	if p := seen[len(seen)-1]; p.Done != p.Total {
		t.Errorf("last progress %+v: want done", p)
	}
	withhold = false
	res, err = outreach.RunSync(context.Background(), srv, st, outreach.SyncOptions{Rep: testRep})
	if err != nil || res.Fetched != 6 || res.New != 1 || res.Duplicates != 5 || res.LastUID != 10 || res.Missing != 0 {
		t.Errorf("second sync = %+v, %v; want UID 5 new, 6..10 known, last UID 10", res, err)
	}
}

// TestSyncMaxUID: UID 4294967295, the last there can be, is read once and
// does not wedge later syncs (before, "UID FETCH 0:*" failed every time).
func TestSyncMaxUID(t *testing.T) {
	const top = imap.UID(4294967295)
	f := &fakeIMAP{
		selected: func(d *imap.SelectData) { d.NumMessages, d.UIDNext = 3, top },
		listing:  listed(1, 2, top),
		message:  func(uid imap.UID) ([]byte, bool) { return replyFrom(uid), true },
	}
	srv := startFake(t, f)
	st := openStore(t, "agnieszka@firma.example")
	res, err := outreach.RunSync(context.Background(), srv, st, outreach.SyncOptions{Rep: testRep})
	if err != nil || res.New != 3 || res.LastUID != uint32(top) {
		t.Fatalf("first sync = %+v, %v; want 3 new up to UID %d", res, err, top)
	}
	for range 2 {
		res, err = outreach.RunSync(context.Background(), srv, st, outreach.SyncOptions{Rep: testRep})
		if err != nil || res.Fetched != 0 || res.LastUID != uint32(top) {
			t.Errorf("next sync = %+v, %v; want nothing to do, no error", res, err)
		}
	}
	if n := f.bodyFetches.Load(); n != 1 {
		t.Errorf("%d body FETCHes, want 1", n)
	}
}

// TestSyncListLimitReadsInRounds: a listing longer than ListLimit, even in
// no order, is read lowest UIDs first in rounds, all in one sync.
func TestSyncListLimitReadsInRounds(t *testing.T) {
	f := &fakeIMAP{
		selected: func(d *imap.SelectData) { d.NumMessages, d.UIDNext = 10, 11 },
		listing: func(from imap.UID, yield func(imap.UID) bool) {
			for _, u := range []imap.UID{7, 3, 10, 1, 9, 2, 8, 4, 6, 5} {
				if u >= from && !yield(u) {
					return
				}
			}
		},
		message: func(uid imap.UID) ([]byte, bool) { return replyFrom(uid), true },
	}
	srv := startFake(t, f)
	st := &countingStore{SyncStore: openStore(t, "agnieszka@firma.example")}
	res, err := outreach.RunSync(context.Background(), srv, st, outreach.SyncOptions{Rep: testRep, ListLimit: 4})
	if err != nil || res.New != 10 || res.Duplicates != 0 || res.LastUID != 10 {
		t.Fatalf("RunSync() = %+v, %v; want all 10 new once", res, err)
	}
	if want := []uint32{4, 8, 10}; !equalUint32(st.lastUIDs, want) {
		t.Errorf("batches saved up to UIDs %v, want %v", st.lastUIDs, want)
	}
}

// TestSyncBatchBytes: replies held reach BatchBytes and are saved before
// the FETCH ends; each save keeps only UIDs wholly read.
func TestSyncBatchBytes(t *testing.T) {
	f := &fakeIMAP{
		selected: func(d *imap.SelectData) { d.NumMessages, d.UIDNext = 5, 6 },
		listing:  listed(1, 2, 3, 4, 5),
		message:  func(uid imap.UID) ([]byte, bool) { return replyFrom(uid), true },
	}
	srv := startFake(t, f)
	st := &countingStore{SyncStore: openStore(t, "agnieszka@firma.example")}
	res, err := outreach.RunSync(context.Background(), srv, st, outreach.SyncOptions{Rep: testRep, BatchBytes: 1})
	if err != nil || res.New != 5 {
		t.Fatalf("RunSync() = %+v, %v", res, err)
	}
	if want := []uint32{1, 2, 3, 4, 5, 5}; !equalUint32(st.lastUIDs, want) {
		t.Errorf("batches saved up to UIDs %v, want %v (one per reply, then the FETCH's end)", st.lastUIDs, want)
	}
}

// countingStore records the last UID of every batch saved.
type countingStore struct {
	outreach.SyncStore
	lastUIDs []uint32
}

func (c *countingStore) SaveSyncBatch(ctx context.Context, b store.SyncBatch) (store.BatchResult, error) {
	c.lastUIDs = append(c.lastUIDs, b.LastUID)
	return c.SyncStore.SaveSyncBatch(ctx, b)
}

func equalUint32(a, b []uint32) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}
