package outreach

import (
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

func TestServerCheck(t *testing.T) {
	tests := []struct {
		s       Server
		wantErr string
	}{
		{Server{Host: "imap.example.com", Port: 993, Security: ImplicitTLS}, ""},
		{Server{Host: "smtp.example.com", Port: 587, Security: StartTLS}, ""},
		{Server{Host: "127.0.0.1", Port: 1143, Security: NoTLS}, ""},
		{Server{Host: "localhost", Port: 1143, Security: NoTLS}, ""},
		{Server{Host: "::1", Port: 1143, Security: NoTLS}, ""},
		{Server{Host: "imap.example.com", Port: 143, Security: NoTLS}, "only allowed to localhost"},
		{Server{Host: "10.0.0.5", Port: 143, Security: NoTLS}, "only allowed to localhost"},
		{Server{Host: "imap.example.com", Port: 143, Security: "ssl"}, "unknown security"},
	}
	for _, tc := range tests {
		err := tc.s.Check()
		if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("Check(%s %s) = %v, want %q", tc.s.Addr(), tc.s.Security, err, tc.wantErr)
		}
	}
}

// memIMAP starts an in-process IMAP server on loopback with one user.
func memIMAP(t *testing.T) string {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser("rep@example.com", "s3cret")
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

func TestDialIMAP(t *testing.T) {
	addr := memIMAP(t)
	host, port, _ := net.SplitHostPort(addr)
	p, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	good := Server{Host: host, Port: p, Username: "rep@example.com", Password: "s3cret", Security: NoTLS}
	c, err := DialIMAP(good, nil)
	if err != nil {
		t.Fatalf("DialIMAP() = %v", err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Errorf("Select(INBOX) after login = %v", err)
	}
	_ = c.Close()

	bad := good
	bad.Password = "wrong-pw"
	if _, err := DialIMAP(bad, nil); err == nil {
		t.Errorf("DialIMAP() with a wrong password succeeded")
	} else if strings.Contains(err.Error(), "wrong-pw") {
		t.Errorf("login error %q shows the password", err)
	}
	remote := good
	remote.Host = "imap.example.com"
	if _, err := DialIMAP(remote, nil); err == nil || !strings.Contains(err.Error(), "localhost") {
		t.Errorf("DialIMAP() without TLS to a remote host = %v, want a refusal before connecting", err)
	}
}
