package store

import (
	"context"
	"testing"
)

// TestSyncStateIsEachReps: two reps of a team sync their own INBOX, with
// the same UIDVALIDITY; each sync starts where that rep's last one stopped,
// not where a colleague's did (which would skip the rep's new replies).
// The owner, who is no rep, keeps a state of their own.
func TestSyncStateIsEachReps(t *testing.T) {
	tm := newTeam(t, anna, sam)
	ctx := context.Background()
	for _, c := range []struct {
		st   *Store
		last uint32
	}{{tm.as[anna[1]], 40}, {tm.as[sam[1]], 7}, {tm.owner, 99}} {
		if _, err := c.st.SaveSyncBatch(ctx, SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: c.last, Rep: "x"}); err != nil {
			t.Fatalf("SaveSyncBatch() = %v", err)
		}
	}
	if _, err := tm.as[anna[1]].SaveSyncBatch(ctx, SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 41, Rep: "x"}); err != nil {
		t.Fatalf("SaveSyncBatch() again = %v", err)
	}
	for _, c := range []struct {
		who  string
		st   *Store
		want uint32
	}{{"Anna", tm.as[anna[1]], 41}, {"Sam", tm.as[sam[1]], 7}, {"the owner", tm.owner, 99}} {
		v, last, err := c.st.SyncState(ctx, "INBOX")
		if err != nil || v != 1 || last != c.want {
			t.Errorf("%s's SyncState() = %d, %d, %v; want 1, %d", c.who, v, last, err, c.want)
		}
	}
}
