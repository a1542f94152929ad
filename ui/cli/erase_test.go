package cli

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"legit/store"
)

// TestEraseCommandQueuesMailboxCleanup: with the IMAP server down, `legit
// erase` still erases and says the mailbox cleanup is pending; a read-only
// command does no network work at start, and the next sync with the server
// up finishes it.
func TestEraseCommandQueuesMailboxCleanup(t *testing.T) {
	dir, db := demoDB(t)
	t.Setenv("LEGIT_TEST_SYNC_PW", "s3cret-pw")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := ln.Addr().(*net.TCPAddr).Port
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.toml")
	writeConfig := func(port int) {
		t.Helper()
		if err := os.WriteFile(cfg, []byte("[rep]\nname = \"Robin Maes\"\n"+imapConfig(port)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig(down)
	out, errText, code := runCLIErr(t, "--config", cfg, "--db", db, "erase", "bram.mulder@delta-water.example", "--yes")
	if code != 0 || !strings.Contains(out, "Erased bram.mulder@delta-water.example") ||
		!strings.Contains(out, "Mailbox cleanup pending for 1 erased contact: will retry at the next start, erase or sync") {
		t.Fatalf("erase with the server down: exit %d:\n%s%s", code, out, errText)
	}
	pending := func() int {
		t.Helper()
		st, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		n, err := st.PendingMailbox(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := pending(); n != 1 {
		t.Fatalf("PendingMailbox() = %d after the erasure, want 1", n)
	}
	writeConfig(memServer(t))
	if out, code := runCLI(t, "--config", cfg, "--db", db, "contacts"); code != 0 {
		t.Fatalf("contacts: exit %d:\n%s", code, out)
	}
	if n := pending(); n != 1 {
		t.Errorf("PendingMailbox() = %d after legit contacts, want 1: a read-only command talks to no server", n)
	}
	if out, code := runCLI(t, "--config", cfg, "--db", db, "sync"); code != 0 {
		t.Fatalf("sync: exit %d:\n%s", code, out)
	}
	if n := pending(); n != 0 {
		t.Errorf("PendingMailbox() = %d after a sync with the server up, want 0", n)
	}
}
