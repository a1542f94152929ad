package cli

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"legit/contacts"
	"legit/store"
)

// contactAt reads one contact from the database at db.
func contactAt(t *testing.T, db, email string) contacts.Contact {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.ContactByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// mailSink is an in-process SMTP server that keeps what it is given.
type mailSink struct {
	mu  sync.Mutex
	got []string
}

func (k *mailSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{k: k}, nil }

func (k *mailSink) messages() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string{}, k.got...)
}

type sinkSession struct{ k *mailSink }

func (s *sinkSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *sinkSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, _, pass string) error {
		if pass != "s3cret" {
			return errors.New("bad password")
		}
		return nil
	}), nil
}
func (s *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *sinkSession) Reset()                               {}
func (s *sinkSession) Logout() error                        { return nil }
func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.k.mu.Lock()
	s.k.got = append(s.k.got, string(b))
	s.k.mu.Unlock()
	return nil
}

// startSink runs an SMTP server (a mailSink) on loopback and returns its
// port.
func startSink(t *testing.T, k smtp.Backend) int {
	t.Helper()
	srv := smtp.NewServer(k)
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	srv.ReadTimeout, srv.WriteTimeout = 5*time.Second, 5*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

// addSMTP appends an [smtp] section for a loopback server to the config
// writeOrgConfig wrote in dir.
func addSMTP(t *testing.T, dir string, port int) {
	t.Helper()
	path := filepath.Join(dir, "legit", "config.toml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, []byte("[smtp]\nhost = \"127.0.0.1\"\nport = "+strconv.Itoa(port)+"\nusername = \"robin\"\nsecurity = \"none\"\npassword_env = \"LEGIT_TEST_SMTP\"\n")...)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LEGIT_TEST_SMTP", "s3cret")
}

func TestOutboxQueueThenSend(t *testing.T) {
	dir, db := demoDB(t)
	writeOrgConfig(t, dir)
	body := filepath.Join(dir, "body.txt")
	if err := os.WriteFile(body, []byte("Hello Bram,\n\nhow do you plan the pump maintenance rounds at Delta Water today?\n\nRobin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code := runSend(t, db, "--to", "bram.mulder@delta-water.example", "--subject", "Pump rounds", "--body-file", body)
	if code != 0 || !strings.Contains(out, "Queued in the outbox, not sent (no SMTP configured: nothing left this machine)") ||
		!strings.Contains(out, "Bram Mulder stays not informed until you run legit outbox send") || strings.Contains(out, "Sent") {
		t.Fatalf("send without SMTP: exit %d:\n%s", code, out)
	}

	out, code = runCLI(t, "--db", db, "outbox")
	if code != 0 || !strings.Contains(out, `to Bram Mulder (`) || !strings.Contains(out, `"Pump rounds"`) || !strings.Contains(out, "no SMTP configured") ||
		!strings.Contains(out, "file: "+filepath.Join(dir, "outbox", "new")) {
		t.Fatalf("outbox: exit %d:\n%s", code, out)
	}
	out, code = runCLI(t, "--db", db, "outbox", "--json")
	if code != 0 || !strings.Contains(out, `"state": "queued"`) || !strings.Contains(out, `"reason": "no SMTP configured`) {
		t.Fatalf("outbox --json: exit %d:\n%s", code, out)
	}
	_, errText, code := runCLIErr(t, "--db", db, "outbox", "send")
	if code != 1 || !strings.Contains(errText, "[smtp]") {
		t.Fatalf("outbox send without SMTP: exit %d, want 1 saying what to configure:\n%s", code, errText)
	}

	sink := &mailSink{}
	addSMTP(t, dir, startSink(t, sink))
	out, code = runCLI(t, "--db", db, "outbox", "send")
	if code != 0 || !strings.Contains(out, "sent, with the privacy notice: now informed") || !strings.Contains(out, "1 of 1 sent") {
		t.Fatalf("outbox send: exit %d:\n%s", code, out)
	}
	if got := sink.messages(); len(got) != 1 || !strings.Contains(got[0], "bram.mulder@delta-water.example") {
		t.Fatalf("server got %d messages", len(got))
	}
	if bram := contactAt(t, db, "bram.mulder@delta-water.example"); bram.InformedAt == nil {
		t.Error("Bram not informed after the delivery")
	}
	if news, _ := os.ReadDir(filepath.Join(dir, "outbox", "new")); len(news) != 0 {
		t.Errorf("outbox still holds %d files after the delivery", len(news))
	}
	out, code = runCLI(t, "--db", db, "outbox", "send")
	if code != 0 || !strings.Contains(out, "nothing to send") || len(sink.messages()) != 1 {
		t.Errorf("second outbox send: exit %d, %d messages at the server:\n%s", code, len(sink.messages()), out)
	}
	out, code = runCLI(t, "--db", db, "log", "--kind", "queued")
	if code != 0 || !strings.Contains(out, "queued") {
		t.Errorf("log --kind queued: exit %d:\n%s", code, out)
	}
}

func TestOutboxSendReturnsOptedOutToDrafts(t *testing.T) {
	dir, db := demoDB(t)
	writeOrgConfig(t, dir)
	body := filepath.Join(dir, "body.txt")
	if err := os.WriteFile(body, []byte("Hello Bram,\n\nhow do you plan the pump maintenance rounds at Delta Water today?\n\nRobin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, code := runSend(t, db, "--to", "bram.mulder@delta-water.example", "--subject", "Pump rounds", "--body-file", body); code != 0 {
		t.Fatalf("send: exit %d:\n%s", code, out)
	}
	if out, code := runCLI(t, "--db", db, "suppress", "bram.mulder@delta-water.example", "--via", "phone"); code != 0 {
		t.Fatalf("suppress: exit %d:\n%s", code, out)
	}
	sink := &mailSink{}
	addSMTP(t, dir, startSink(t, sink))
	out, code := runCLI(t, "--db", db, "outbox", "send")
	if code != 1 || !strings.Contains(out, "not sent: back in your drafts") || !strings.Contains(out, "opted out") {
		t.Fatalf("outbox send after an opt-out: exit %d, want 1 and the message back in the drafts:\n%s", code, out)
	}
	if len(sink.messages()) != 0 {
		t.Error("a message to an opted-out person went out")
	}
}

// openAccess counts the open access requests in the database at db.
func openAccess(t *testing.T, db string) int {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	reqs, err := st.OpenRequests(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range reqs {
		if r.Kind == contacts.ReplyAccess {
			n++
		}
	}
	return n
}

// TestExportSendAnswersTheRequest: Marie's copy goes to her held address
// as an attachment through SMTP, and that answers her request; without
// SMTP, to another address, or --delivered before any export, it refuses.
func TestExportSendAnswersTheRequest(t *testing.T) {
	dir, db := demoDB(t)
	writeOrgConfig(t, dir)
	marie := "marie.dubois@atelier-lumiere.example"
	if _, errText, code := runCLIErr(t, "--db", db, "export", marie, "--delivered", "by post"); code != 1 || !strings.Contains(errText, "nothing was exported") {
		t.Errorf("--delivered before any export: exit %d, want 1:\n%s", code, errText)
	}
	if _, errText, code := runCLIErr(t, "--db", db, "export", marie, "--send"); code != 1 || !strings.Contains(errText, "a copy queued in the outbox reaches nobody") {
		t.Errorf("--send without SMTP: exit %d, want 1:\n%s", code, errText)
	}
	sink := &mailSink{}
	addSMTP(t, dir, startSink(t, sink))
	if _, errText, code := runCLIErr(t, "--db", db, "export", marie, "--send", "--to", "someone@elsewhere.example"); code != 1 || !strings.Contains(errText, "Art. 12(6)") {
		t.Errorf("--send to an address not held: exit %d, want 1 citing Art. 12(6):\n%s", code, errText)
	}
	if openAccess(t, db) != 1 {
		t.Fatal("want Marie's access request open")
	}
	out, code := runCLI(t, "--db", db, "export", marie, "--send")
	if code != 0 || !strings.Contains(out, "Sent the copy to Marie Dubois") || !strings.Contains(out, "is answered") {
		t.Fatalf("--send: exit %d:\n%s", code, out)
	}
	got := sink.messages()
	if len(got) != 1 || !strings.Contains(got[0], "multipart/mixed") || !strings.Contains(got[0], `filename=legit-export-`) || !strings.Contains(got[0], "application/json") {
		t.Fatalf("server got %d messages; want one with the export attached:\n%v", len(got), got)
	}
	if openAccess(t, db) != 0 {
		t.Error("Marie's request is still open after she was sent her copy")
	}
	if out, code := runCLI(t, "--db", db, "log", "--kind", "access given"); code != 0 || !strings.Contains(out, "access given") {
		t.Errorf("log of access given: exit %d:\n%s", code, out)
	}
}

// With a mail server configured, the password is read only to connect:
// listing the outbox, a dry run and the sends in doubt work without it, and
// a send without it stops before connecting, saying which variable to set,
// and nothing goes out.
func TestNoPasswordNeededUntilSending(t *testing.T) {
	dir, db := demoDB(t)
	writeOrgConfig(t, dir)
	sink := &mailSink{}
	addSMTP(t, dir, startSink(t, sink))
	t.Setenv("LEGIT_TEST_SMTP", "")
	body := filepath.Join(dir, "body.txt")
	if err := os.WriteFile(body, []byte("Hello Bram,\n\nhow do you plan the pump maintenance rounds at Delta Water today?\n\nRobin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"outbox"}, {"send", "--in-doubt"},
		{"send", "--to", "bram.mulder@delta-water.example", "--subject", "Pump rounds", "--body-file", body, "--dry-run"}} {
		out, errText, code := runCLIErr(t, append([]string{"--db", db}, args...)...)
		if code != 0 || strings.Contains(errText, "password") {
			t.Errorf("legit %s without the password: exit %d:\n%s%s", strings.Join(args, " "), code, out, errText)
		}
	}
	out, errText, code := runCLIErr(t, "--db", db, "send", "--to", "bram.mulder@delta-water.example", "--subject", "Pump rounds", "--body-file", body)
	if code == 0 || !strings.Contains(errText, "not sent: SMTP 127.0.0.1:") || !strings.Contains(errText, ": no password: environment variable LEGIT_TEST_SMTP is empty or unset; your draft is kept") {
		t.Errorf("send without the password: exit %d, want a failure naming the variable:\n%s%s", code, out, errText)
	}
	if len(sink.got) != 0 {
		t.Errorf("the server got %d messages without a password", len(sink.got))
	}
}
