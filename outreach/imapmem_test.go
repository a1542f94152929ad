package outreach

import (
	"net"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// StartMemIMAP runs imapmemserver on a loopback port for the tests of this
// package and of outreach_test, with one user who has the mailboxes named,
// and returns the user (to put messages in) and how to reach the server.
func StartMemIMAP(tb testing.TB, user, password string, boxes ...string) (*imapmemserver.User, Server) {
	tb.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, password)
	for _, box := range boxes {
		if err := u.Create(box, nil); err != nil {
			tb.Fatal(err)
		}
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
		tb.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(func() { _ = srv.Close() })
	return u, Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Username: user, Password: password, Security: NoTLS}
}
