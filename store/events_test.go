package store

import (
	"context"
	"testing"
)

func TestAppendEventChains(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	var got []Event
	err := st.InTx(ctx, func(tx *Tx) error {
		for _, k := range []EventKind{EventImport, EventBasis, EventSend} {
			e, err := tx.AppendEvent(Event{Rep: "Robin", Kind: k, ContactRef: "c-1", Details: map[string]string{"b": "2", "a": "1"}})
			if err != nil {
				return err
			}
			got = append(got, e)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("AppendEvent() = %v", err)
	}
	if got[0].PrevHash != GenesisHash {
		t.Errorf("first event prev_hash = %s, want the genesis hash", got[0].PrevHash)
	}
	for i := 1; i < len(got); i++ {
		if got[i].PrevHash != got[i-1].Hash {
			t.Errorf("event %d prev_hash = %s, want %s", i, got[i].PrevHash, got[i-1].Hash)
		}
	}
	rows, err := st.db.Query(`SELECT at, rep, kind, contact_ref, details, prev_hash, hash FROM events ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var at, rep, kind, ref, details, prev, hash string
		if err := rows.Scan(&at, &rep, &kind, &ref, &details, &prev, &hash); err != nil {
			t.Fatal(err)
		}
		if details != `{"a":"1","b":"2"}` {
			t.Errorf("details = %s, want canonical JSON with sorted keys", details)
		}
		if want := EventHash(prev, at, rep, kind, ref, details); hash != want {
			t.Errorf("stored hash %s does not match its content (%s)", hash, want)
		}
	}
}

func TestEventsAreAppendOnly(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	if err := st.InTx(ctx, func(tx *Tx) error {
		_, err := tx.AppendEvent(Event{Rep: "Robin", Kind: EventImport})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.Exec(`UPDATE events SET rep = 'Mallory'`); err == nil {
		t.Errorf("UPDATE on events succeeded, want the append-only trigger to refuse it")
	}
	if _, err := st.db.Exec(`DELETE FROM events`); err == nil {
		t.Errorf("DELETE on events succeeded, want the append-only trigger to refuse it")
	}
}

func TestEventHashCoversEveryField(t *testing.T) {
	base := []string{GenesisHash, "2026-11-23T12:00:00Z", "Robin", "send", "c-1", "{}"}
	h := EventHash(base[0], base[1], base[2], base[3], base[4], base[5])
	for i := range base {
		changed := append([]string{}, base...)
		changed[i] += "x"
		if EventHash(changed[0], changed[1], changed[2], changed[3], changed[4], changed[5]) == h {
			t.Errorf("changing field %d does not change the hash", i)
		}
	}
	// Moving text between fields must change the hash too.
	if EventHash(GenesisHash, "2026-11-23T12:00:00Z", "Robin", "sendc", "-1", "{}") == h {
		t.Errorf("shifting text between fields keeps the hash")
	}
}
