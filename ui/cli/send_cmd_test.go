package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"legit/contacts"
	"legit/store"
)

// runSend runs `legit send args...` on a demo database and returns the
// output and the exit code.
func runSend(t *testing.T, db string, args ...string) (string, int) {
	t.Helper()
	var out, errw bytes.Buffer
	code := execute(context.Background(), newRootCmd(&app{}), append([]string{"--db", db, "send"}, args...), &out, &errw)
	return out.String() + errw.String(), code
}

// writeOrgConfig writes a config with the rep and the organisation into
// dir/legit/config.toml and makes dir the config home.
func writeOrgConfig(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "legit"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := "[rep]\nname = \"Robin Maes\"\nemail = \"robin.maes@northwind-analytics.example\"\n" +
		"[organisation]\nname = \"Northwind Analytics B.V.\"\naddress = \"Keizersgracht 1, 1015 CC Amsterdam\"\n" +
		"privacy_url = \"https://northwind-analytics.example/privacy\"\n"
	if err := os.WriteFile(filepath.Join(dir, "legit", "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", dir)
}

// TestSendWithoutOrganisationIsRefused: outside the demo no controller is
// invented; a send without the organisation's details says what to add.
func TestSendWithoutOrganisationIsRefused(t *testing.T) {
	dir, db := demoDB(t)
	body := filepath.Join(dir, "body.txt")
	if err := os.WriteFile(body, []byte("Hello Bram,\n\nhow do you plan the pump rounds?\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code := runSend(t, db, "--to", "bram.mulder@delta-water.example", "--subject", "Pump rounds", "--body-file", body)
	if code != 1 || !strings.Contains(out, "organisation") || strings.Contains(out, "Northwind") {
		t.Errorf("send without [organisation]: exit %d, want 1 naming what to add and no invented controller:\n%s", code, out)
	}
}

func TestSendCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "legit.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := seedDemo(ctx, st, demoConfig(), time.Now()); err != nil {
		t.Fatal(err)
	}
	// Hannah works in Germany: legitimate interest, recorded before the
	// basis form refused it there, must not let a cold email out.
	hannah, err := st.ContactByEmail(ctx, "hannah.weber@koeln-media.example")
	if err != nil {
		t.Fatal(err)
	}
	li := contacts.Basis{Kind: contacts.LegitimateInterest, Author: "Robin Maes", Assessment: contacts.Assessment{
		Purpose:   "Offering our route-planning software to logistics teams, a B2B service we sell.",
		Necessity: "She leads the workshop programme, so one personal email is the least intrusive way.",
		Balancing: "Work address and role only, one message with a clear opt-out; people in this role expect it.",
	}}
	if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.SetBasis(hannah.ID, li, "Robin Maes") }); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	body := filepath.Join(dir, "body.txt")
	if err := os.WriteFile(body, []byte("Hello Bram,\n\nhow do you plan the pump maintenance rounds at Delta Water today?\n\nRobin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	writeOrgConfig(t, dir)

	out, code := runSend(t, db, "--to", "bram.mulder@delta-water.example", "--subject", "Pump rounds", "--body-file", body, "--dry-run")
	if code != 0 || !strings.Contains(out, "✓ One recipient") || !strings.Contains(out, "List-Unsubscribe: <mailto:") || !strings.Contains(out, "bezwaar maken tegen direct marketing") {
		t.Fatalf("dry run exit %d:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "outbox", "new")); !os.IsNotExist(err) {
		t.Errorf("dry run touched the outbox: %v", err)
	}
	out, code = runSend(t, db, "--to", "hannah.weber@koeln-media.example", "--subject", "Pump rounds", "--body-file", body)
	if code != 1 || !strings.Contains(out, "basis: legitimate interest: DE: prior consent is required") || !strings.Contains(out, "UWG §7(2) Nr. 2") {
		t.Errorf("send to DE exit %d, want 1 naming the basis rule:\n%s", code, out)
	}
	// No SMTP configured: queued in the outbox, not sent, Bram not informed.
	out, code = runSend(t, db, "--to", "bram.mulder@delta-water.example", "--subject", "Pump rounds", "--body-file", body, "--json")
	if code != 0 || !strings.Contains(out, `"sent": false`) || !strings.Contains(out, `"queued": true`) || !strings.Contains(out, `"file": "`+filepath.Join(dir, "outbox", "new")) {
		t.Fatalf("send exit %d, want queued with its file, not sent:\n%s", code, out)
	}
	if news, _ := os.ReadDir(filepath.Join(dir, "outbox", "new")); len(news) != 1 {
		t.Errorf("outbox holds %d messages, want 1", len(news))
	}
	if bram := contactAt(t, db, "bram.mulder@delta-water.example"); bram.InformedAt != nil {
		t.Error("a queued message marked Bram informed")
	}
	if _, code = runSend(t, db, "--subject", "x"); code != 2 {
		t.Errorf("missing --to: exit %d, want 2", code)
	}

	// Erasing Bram removes the email to him from the outbox too.
	if out, code := runCLI(t, "--db", db, "erase", "bram.mulder@delta-water.example", "--yes"); code != 0 {
		t.Fatalf("erase exit %d:\n%s", code, out)
	}
	err = filepath.WalkDir(filepath.Join(dir, "outbox"), func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err == nil && bytes.Contains(b, []byte("bram.mulder")) {
			t.Errorf("%s still holds the email to the erased Bram", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDryRunWithoutBasisShowsTheChecklist: a dry run to a contact with no
// lawful basis prints the checklist with the failing rule and its law and
// exits 1, as the send itself does (it said only that the notice could
// not be written).
func TestDryRunWithoutBasisShowsTheChecklist(t *testing.T) {
	dir, db := demoDB(t)
	writeOrgConfig(t, dir)
	body := filepath.Join(dir, "body.txt")
	if err := os.WriteFile(body, []byte("Hello Julia,\n\nhow do you settle card payments across borders today?\n\nRobin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--to", "julia.becker@frankfurt-fintech.example", "--subject", "Payments", "--body-file", body, "--dry-run"}
	out, code := runSend(t, db, args...)
	if code != 1 || !strings.Contains(out, "✓ One recipient") || !strings.Contains(out, "✗ Basis: none") || !strings.Contains(out, "UWG §7(2) Nr. 2") || strings.Contains(out, "build message") {
		t.Errorf("dry run without a basis: exit %d, want 1 with the checklist naming the basis rule:\n%s", code, out)
	}
	out, code = runSend(t, db, append(args, "--json")...)
	if code != 1 || !strings.Contains(out, `"ok": false`) || !strings.Contains(out, `"rule": "basis"`) {
		t.Errorf("dry run --json without a basis: exit %d, want 1 with the checklist:\n%s", code, out)
	}
}
