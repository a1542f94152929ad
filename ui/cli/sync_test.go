package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// runSyncCmd runs `legit --config cfg --db db sync args…` and returns stdout,
// stderr and the exit code.
func runSyncCmd(t *testing.T, cfg string, args ...string) (string, string, int) {
	t.Helper()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "legit.db")
	emptyDB(t, db)
	var out, errw bytes.Buffer
	code := execute(context.Background(), newRootCmd(&app{}), append([]string{"--config", cfgPath, "--db", db, "sync"}, args...), &out, &errw)
	return out.String(), errw.String(), code
}

// memServer starts an in-process IMAP server with one reply in INBOX.
func memServer(t *testing.T) int {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser("rep", "s3cret-pw")
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	raw := "From: someone@acme.example\r\nSubject: Re: hello\r\nMessage-ID: <m1@acme.example>\r\n\r\nPlease unsubscribe me.\r\n"
	if _, err := u.Append("INBOX", lit{strings.NewReader(raw)}, &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

type lit struct{ *strings.Reader }

func (l lit) Size() int64 { return l.Reader.Size() }

func imapConfig(port int) string {
	return fmt.Sprintf("[imap]\nhost = \"127.0.0.1\"\nport = %d\nusername = \"rep\"\nsecurity = \"none\"\npassword_env = \"LEGIT_TEST_SYNC_PW\"\n", port)
}

func TestSyncCmdNoIMAP(t *testing.T) {
	_, errText, code := runSyncCmd(t, "")
	if code != exitError || !strings.Contains(errText, "[imap]") || !strings.Contains(errText, "password_env") {
		t.Errorf("sync without IMAP: exit %d, stderr %q; want 1 and the config to add", code, errText)
	}
}

func TestSyncCmdWrongPassword(t *testing.T) {
	port := memServer(t)
	t.Setenv("LEGIT_TEST_SYNC_PW", "not-the-Password-42")
	_, errText, code := runSyncCmd(t, imapConfig(port))
	if code != exitError || !strings.Contains(errText, "log in to IMAP") || strings.Contains(errText, "not-the-Password-42") {
		t.Errorf("wrong password: exit %d, stderr %q; want 1, a login error and no password", code, errText)
	}
}

func TestSyncCmdJSON(t *testing.T) {
	port := memServer(t)
	t.Setenv("LEGIT_TEST_SYNC_PW", "s3cret-pw")
	out, errText, code := runSyncCmd(t, imapConfig(port), "--json")
	if code != exitOK {
		t.Fatalf("sync --json: exit %d, stderr %q", code, errText)
	}
	var res struct {
		Fetched int `json:"fetched"`
		New     int `json:"new"`
		Unknown int `json:"unknown_senders"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Fetched != 1 || res.Unknown != 1 {
		t.Errorf("sync --json printed %q (%v); want 1 fetched from an unknown sender", out, err)
	}
}
