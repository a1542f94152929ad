package outreach

import (
	"context"
	"crypto/tls"
	"net"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// TestDialIMAPOverTLS logs in with implicit TLS and with STARTTLS, the
// handshake and the upgrade going through the deadline-watched connection.
func TestDialIMAPOverTLS(t *testing.T) {
	for _, sec := range []Security{ImplicitTLS, StartTLS} {
		t.Run(string(sec), func(t *testing.T) {
			srvTLS, cliTLS := selfSigned(t)
			mem := imapmemserver.New()
			u := imapmemserver.NewUser("robin", "s3cret")
			if err := u.Create("Sent", nil); err != nil {
				t.Fatal(err)
			}
			mem.AddUser(u)
			srv := imapserver.New(&imapserver.Options{
				NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
					return mem.NewSession(), nil, nil
				},
				Caps:      imap.CapSet{imap.CapIMAP4rev1: {}},
				TLSConfig: srvTLS,
			})
			var ln net.Listener
			var err error
			if sec == ImplicitTLS {
				ln, err = tls.Listen("tcp", "127.0.0.1:0", srvTLS)
			} else {
				ln, err = net.Listen("tcp", "127.0.0.1:0")
			}
			if err != nil {
				t.Fatal(err)
			}
			go func() { _ = srv.Serve(ln) }()
			t.Cleanup(func() { _ = srv.Close() })
			s := Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Username: "robin", Password: "s3cret",
				Security: sec, TLS: cliTLS, Timeouts: FaultTimeouts}
			f := SentFolder{Server: s}
			ctx := context.Background()
			if err := f.Append(ctx, Built{MessageID: "tls-1@northwind.example", Raw: []byte("Message-Id: <tls-1@northwind.example>\r\nSubject: x\r\n\r\nHello\r\n")}); err != nil {
				t.Fatalf("Append() = %v", err)
			}
			if found, err := f.Find(ctx, "tls-1@northwind.example"); err != nil || !found {
				t.Errorf("Find() = %v, %v; want the copy found", found, err)
			}
		})
	}
}
