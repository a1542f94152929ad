package store

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"
)

// TestPostgresRestartReconnects: the server drops every connection of a
// running client (as a restart does); the client's next actions, a read and
// a write, work on fresh connections, and the log stays one chain: after a
// pause longer than pgx's idle check (which pings a connection idle for a
// second), and at once, when a connection the server ended is handed out
// unchecked.
func TestPostgresRestartReconnects(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: a restart of the server under a running client")
	}
	for _, pause := range []time.Duration{1100 * time.Millisecond, 0} {
		t.Run(fmt.Sprintf("after %s", pause), func(t *testing.T) { restartReconnects(t, pause) })
	}
}

// restartReconnects drops the connections of a client and acts again after
// pause.
func restartReconnects(t *testing.T, pause time.Duration) {
	ctx := context.Background()
	app := fmt.Sprintf("legit_reconnect_%d", time.Now().UnixNano())
	s, err := Open(ctx, testDSN(t)+"&application_name="+app)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := s.EnsureRep(ctx, "Robin Maes", "robin@example.test")
	if err != nil {
		t.Fatal(err)
	}
	addRep := func() error {
		return s.InTx(ctx, func(tx *Tx) error {
			_, err := tx.AppendEvent(Event{Rep: rep.Name, Kind: EventExport})
			return err
		})
	}
	if err := addRep(); err != nil {
		t.Fatal(err)
	}
	admin, err := openPostgresDB(os.Getenv("LEGIT_TEST_POSTGRES"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var pids []int
	rows, err := admin.Query(`SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database()
		AND application_name = ?`, app)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p int
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, p)
	}
	rows.Close()
	if len(pids) == 0 {
		t.Fatal("found no connection of the client to drop")
	}
	for _, p := range pids {
		if _, err := admin.Exec(`SELECT pg_terminate_backend(?)`, p); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(pause)
	if _, err := s.CountContacts(ctx); err != nil {
		t.Errorf("read after the server dropped the connections = %v, want a fresh connection", err)
	}
	if err := addRep(); err != nil {
		t.Errorf("write after the server dropped the connections = %v, want a fresh connection", err)
	}
	if r, err := s.VerifyChain(ctx); err != nil || r.Events != 2 {
		t.Errorf("VerifyChain() = %+v, %v; want 2 intact events", r, err)
	}
}

// TestClientKilledMidTransactionLeavesNothing: a client whose connection
// dies in the middle of a transaction (killed, or the network gone) leaves
// nothing of it behind: PostgreSQL rolls it back, and the log's chain is
// whole.
func TestClientKilledMidTransactionLeavesNothing(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only: SQLite's crash safety is the kill test of the import")
	}
	ctx := context.Background()
	s := openTestStore(t)
	err := s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.AppendEvent(Event{Rep: "Robin Maes", Kind: EventExport}); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO contacts (ref, name, created_at, updated_at) VALUES ('c-killed', 'Half Written', now(), now())`); err != nil {
			return err
		}
		_, err := tx.tx.ExecContext(ctx, `SELECT pg_terminate_backend(pg_backend_pid())`)
		return err
	})
	if err == nil {
		t.Fatal("a transaction whose connection died committed")
	}
	var contacts, events int
	if err := s.db.QueryRow(`SELECT (SELECT COUNT(*) FROM contacts), (SELECT COUNT(*) FROM events)`).Scan(&contacts, &events); err != nil {
		t.Fatal(err)
	}
	if contacts != 0 || events != 0 {
		t.Errorf("after the kill: %d contacts and %d events, want nothing", contacts, events)
	}
	if _, err := s.VerifyChain(ctx); err != nil {
		t.Errorf("VerifyChain() after the kill = %v", err)
	}
}
