// Package outreach owns what happens around one email: the checklist of
// rules before a send, building the MIME message, the transports (outbox,
// SMTP, IMAP append), and reading replies. It knows nothing of terminals and
// uses the store only through small interfaces it declares itself.
package outreach

import (
	"crypto/tls"
	"fmt"
	"net"
	"strconv"

	"github.com/emersion/go-imap/v2/imapclient"
)

// Security is how a connection to a mail server is protected.
type Security string

// The connection security modes. None is allowed only to a loopback address,
// so a password never crosses a network in clear text.
const (
	ImplicitTLS Security = "tls"
	StartTLS    Security = "starttls"
	NoTLS       Security = "none"
)

// Server is how to reach and log in to one SMTP or IMAP server. The password
// is held only in memory; it comes from an environment variable or a command.
type Server struct {
	Host     string
	Port     int
	Username string
	Password string
	Security Security
	// TLS, when set, replaces the default TLS settings (tests use it to trust
	// a self-signed certificate).
	TLS *tls.Config
}

// Addr is host:port.
func (s Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Configured reports whether a host is set.
func (s Server) Configured() bool { return s.Host != "" }

// Check refuses settings that would send a password without TLS anywhere but
// loopback, and unknown security modes.
func (s Server) Check() error {
	switch s.Security {
	case ImplicitTLS, StartTLS:
		return nil
	case NoTLS:
		if isLoopback(s.Host) {
			return nil
		}
		return fmt.Errorf("server %s: security \"none\" is only allowed to localhost; use \"tls\" or \"starttls\"", s.Addr())
	default:
		return fmt.Errorf("server %s: unknown security %q: use tls, starttls or none (localhost only)", s.Addr(), s.Security)
	}
}

// tlsConfig is the TLS settings for the server.
func (s Server) tlsConfig() *tls.Config {
	if s.TLS != nil {
		return s.TLS
	}
	return &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// DialIMAP connects to the IMAP server with its security mode and logs in.
func DialIMAP(s Server, opts *imapclient.Options) (*imapclient.Client, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &imapclient.Options{}
	}
	if opts.TLSConfig == nil {
		opts.TLSConfig = s.tlsConfig()
	}
	var c *imapclient.Client
	var err error
	switch s.Security {
	case ImplicitTLS:
		c, err = imapclient.DialTLS(s.Addr(), opts)
	case StartTLS:
		c, err = imapclient.DialStartTLS(s.Addr(), opts)
	default:
		c, err = imapclient.DialInsecure(s.Addr(), opts)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to IMAP %s: %w", s.Addr(), err)
	}
	if err := c.Login(s.Username, s.Password).Wait(); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("log in to IMAP %s as %s: %w", s.Addr(), s.Username, err)
	}
	return c, nil
}
