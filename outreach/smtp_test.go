package outreach

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// selfSigned makes a certificate for 127.0.0.1 and a client config trusting it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}

func TestSMTPOverTLS(t *testing.T) {
	for _, sec := range []Security{StartTLS, ImplicitTLS} {
		t.Run(string(sec), func(t *testing.T) {
			srvTLS, cliTLS := selfSigned(t)
			b := &smtpBackend{}
			srv := smtp.NewServer(b)
			srv.Domain = "localhost"
			srv.TLSConfig = srvTLS // STARTTLS offered; AUTH only after it
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
			s := SMTP{Server: Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Username: "robin", Password: "s3cret", Security: sec, TLS: cliTLS}}
			in := passingInput()
			built, err := testBuilder().Build(in.Contact, in.Draft, Verdict{LongNotice: true}, testNow, "")
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Send(context.Background(), built); err != nil {
				t.Fatalf("Send() = %v", err)
			}
			if got, _ := b.received(); len(got) != 1 || len(b.users) != 1 {
				t.Errorf("server got %d messages, %d logins; want 1 and 1", len(got), len(b.users))
			}
		})
	}
}

func TestSMTPBadCertificateRefused(t *testing.T) {
	srvTLS, _ := selfSigned(t)
	srv := smtp.NewServer(&smtpBackend{})
	srv.TLSConfig = srvTLS
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	s := SMTP{Server: Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Username: "robin", Password: "s3cret", Security: StartTLS}}
	err = s.Send(context.Background(), Built{From: "robin.maes@northwind.example", To: "anna@polder.example", Raw: []byte("x")})
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("Send() = %v, want a certificate error before any login", err)
	}
}
