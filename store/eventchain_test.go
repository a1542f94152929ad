package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// trickyStrings are texts whose JSON encoding differs between Go and a
// naive encoder: quotes, backslashes, what Go escapes for HTML, the two
// JavaScript line separators, every control character, and text outside
// ASCII (accents, combining marks, emoji, characters outside the BMP).
var trickyStrings = func() []string {
	ss := []string{
		"", "plain", `"quoted"`, `back\slash`, `\"`, `\\`, `\u003c`, "/", "'", "$$", "?", "?1", "%s",
		"<script>alert(1)</script>", "a&b", "<>&", "&amp;", "\u2028", "\u2029", "line\u2028sep\u2029para",
		"\b\f\n\r\t", "\x7f", "\u0085", "\u00a0", "\u00e9t\u00e9", "e\u0301", "\u0301", "\ufeff", "\ufffd",
		"\uffff", "\U0010ffff", "😀", "👩‍👩‍👧", "𝄞", "日本語", "عربى", "\u200b\u200d",
		`{"first":"true","note":"<b>\u2028</b>"}`, `{"a":"\"\\\n"}`,
	}
	for c := rune(1); c < 0x20; c++ {
		ss = append(ss, string(c), "x"+string(c)+"y")
	}
	return ss
}()

// serverHashDB is a database of its own with legit's PostgreSQL schema, for
// asking the server's hash functions; the test skips without
// LEGIT_TEST_POSTGRES.
func serverHashDB(tb testing.TB) *sql.DB {
	tb.Helper()
	url := os.Getenv("LEGIT_TEST_POSTGRES")
	if url == "" {
		tb.Skip("PostgreSQL only: set LEGIT_TEST_POSTGRES")
	}
	s, err := Open(context.Background(), postgresTestDSN(tb, url))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s.db
}

// goJSONString is a string as encoding/json writes it.
func goJSONString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// checkServerHash fails t when the server's JSON of a or b, or its event
// hash over them, differs from Go's.
func checkServerHash(t *testing.T, db *sql.DB, a, b string) {
	t.Helper()
	var ja, jb, h string
	err := db.QueryRow(`SELECT legit_go_json(to_json(?1::text)), legit_go_json(to_json(?2::text)),
		legit_event_hash(?1, ?2, ?1 || ?2, ?2, ?1, ?2 || ?1)`,
		a, b).Scan(&ja, &jb, &h)
	if err != nil {
		t.Fatalf("server hash of %q, %q: %v", a, b, err)
	}
	if want := goJSONString(a); ja != want {
		t.Errorf("the server writes %q as %s, Go as %s", a, ja, want)
	}
	if want := goJSONString(b); jb != want {
		t.Errorf("the server writes %q as %s, Go as %s", b, jb, want)
	}
	if want := EventHash(a, b, a+b, b, a, b+a); h != want {
		t.Errorf("legit_event_hash over %q, %q = %s, EventHash = %s", a, b, h, want)
	}
}

func TestEventHashServerMatchesGo(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: the server's hash")
	}
	db := serverHashDB(t)
	for _, s := range trickyStrings {
		checkServerHash(t, db, s, "")
		checkServerHash(t, db, "", s)
	}
	checkServerHash(t, db, strings.Join(trickyStrings, ""), strings.Join(trickyStrings, ","))
	// The short escapes of \b and \f are this Go's (older ones wrote \u0008
	// and \u000c): the server must follow the Go legit is built with.
	if got := goJSONString("\b\f"); got != `"\b\f"` {
		t.Errorf("Go writes \\b\\f as %s", got)
	}
}

// FuzzEventHashServer checks the server's hash against EventHash on any two
// texts PostgreSQL can store (valid UTF-8 without NUL). It runs in the
// PostgreSQL pass (LEGIT_TEST_POSTGRES set), and fuzzes there:
//
//	LEGIT_TEST_POSTGRES=... go test -run '^$' -fuzz FuzzEventHashServer -fuzztime 60s ./store
func FuzzEventHashServer(f *testing.F) {
	if !onPostgres() {
		f.Skip("PostgreSQL only: the server's hash")
	}
	for i, s := range trickyStrings {
		f.Add(s, trickyStrings[(i*7+3)%len(trickyStrings)])
	}
	db := serverHashDB(f)
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) || strings.ContainsRune(a+b, 0) {
			t.Skip("PostgreSQL text holds neither invalid UTF-8 nor NUL")
		}
		checkServerHash(t, db, a, b)
	})
}

// TestServerChainsEvents: on PostgreSQL the server chains every insert,
// whatever id, prev_hash and hash the client sent, the owner's too; the
// links AppendEvents reads back are the server's and are EventHash's.
func TestServerChainsEvents(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: the server chains the log")
	}
	ctx := context.Background()
	s := openTestStore(t)
	var got []Event
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		got, err = tx.AppendEvents([]Event{
			{Rep: "Robin <r&d>", Kind: EventExport, Details: map[string]string{"note": "a\u2028b\"c\\d\x01"}},
			{Rep: "Sam 😀", Kind: EventImport, ContactRef: "c-e\u0301"},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	prev := GenesisHash
	for _, e := range got {
		details, _ := detailsJSON(e.Details)
		if want := EventHash(prev, timeText(e.At), e.Rep, string(e.Kind), e.ContactRef, details); e.PrevHash != prev || e.Hash != want {
			t.Errorf("event %d read back prev %s hash %s, want %s %s", e.ID, e.PrevHash, e.Hash, prev, want)
		}
		prev = e.Hash
	}

	// The owner forges a link with an id below the last: the server gives
	// it the next id and the true links.
	var id int64
	var ph, h string
	err = s.db.QueryRow(`INSERT INTO events (id, at, rep, kind, details, prev_hash, hash)
		VALUES (1, '2025-01-01T00:00:00Z', 'Owner', 'export', '{}', 'forged', 'forged') RETURNING id, prev_hash, hash`).Scan(&id, &ph, &h)
	if err != nil {
		t.Fatal(err)
	}
	if id != got[1].ID+1 || ph != prev || h != EventHash(prev, "2025-01-01T00:00:00Z", "Owner", "export", "", "{}") {
		t.Errorf("forged insert stored as id %d prev %s hash %s; want id %d chained to %s", id, ph, h, got[1].ID+1, prev)
	}
	// An id put in above the last is not kept either, nor one a rolled-back
	// append drew: ids stay one after another, as legit log verify wants.
	if _, err := s.db.Exec(`INSERT INTO events (id, at, rep, kind) VALUES (1000, 'x', 'Owner', 'export')`); err != nil {
		t.Fatal(err)
	}
	rolledBack := errors.New("rolled back")
	err = s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.AppendEvent(Event{Rep: "Robin", Kind: EventExport}); err != nil {
			return err
		}
		return rolledBack
	})
	if !errors.Is(err, rolledBack) {
		t.Fatal(err)
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		e, err := tx.AppendEvent(Event{Rep: "Robin", Kind: EventExport})
		id = e.ID
		return err
	})
	if err != nil || id != 5 {
		t.Errorf("append after an owner's id 1000 and a rollback got id %d (%v), want 5", id, err)
	}
	if r, err := s.VerifyChain(ctx); err != nil || r.Events != 5 {
		t.Errorf("VerifyChain() = %+v, %v; want 5 events", r, err)
	}

	// A transaction that reads the log as it was when it began may not
	// append: it would chain to an old event.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`INSERT INTO events (at, rep, kind) VALUES ('x', 'Owner', 'export')`); err == nil ||
		!strings.Contains(err.Error(), "READ COMMITTED") {
		t.Errorf("an append in a REPEATABLE READ transaction: %v, want it refused", err)
	}
}

// TestServerChainsInsertsThatSkipTheLock: clients that insert straight into
// events, without taking the writers' lock first (so their ids are drawn
// before they wait), alongside legit's own appends, still leave one chain in
// id order.
func TestServerChainsInsertsThatSkipTheLock(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: the server chains the log")
	}
	ctx := context.Background()
	dsn := testDSN(t)
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const raw, each = 6, 60
	var wg sync.WaitGroup
	errs := make(chan error, raw)
	for i := 0; i < raw; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := 0; n < each; n++ {
				// Two statements in one transaction: the first draws the id
				// and waits, while others commit theirs.
				_, err := s.db.ExecContext(ctx, fmt.Sprintf(`INSERT INTO events (at, rep, kind, details, prev_hash, hash)
					SELECT 'x', 'Raw %d', 'export', '{"n":"%d"}', 'forged', 'forged' FROM generate_series(1, 2)`, i, n))
				if err != nil {
					errs <- err
					return
				}
			}
		}(i)
	}
	appendConcurrently(t, dsn, 2, each)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	r, err := s.VerifyChain(ctx)
	if err != nil || r.Events != raw*each*2+2*each {
		t.Errorf("VerifyChain() = %+v, %v; want %d events in one chain", r, err, raw*each*2+2*each)
	}
}
