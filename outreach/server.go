// Package outreach owns what happens around one email: the checklist of
// rules before a send, building the MIME message, the transports (outbox,
// SMTP, IMAP append), and reading replies. It knows nothing of terminals and
// uses the store only through small interfaces it declares itself.
package outreach

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

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
	// ReadPassword, when set, gives the password instead of Password, read
	// when a connection first needs it: a command that only lists or checks
	// never runs a password command or needs the variable set.
	ReadPassword func() (string, error)
	Security     Security
	// TLS, when set, replaces the default TLS settings (tests use it to trust
	// a self-signed certificate).
	TLS *tls.Config
	// Timeouts bound each network step; zero fields take the defaults.
	Timeouts Timeouts
}

// Timeouts bound every network step with a mail server, so a server that
// stalls cannot hold a send or a sync. Command and Data count silence, not
// the whole step: a large answer that keeps flowing is not cut off.
//
// RFC 5321 section 4.5.3.2 asks relays for minutes per step (5 for the
// greeting, 10 after the message); legit is a rep waiting at a terminal, so
// its defaults are shorter, and a send cut off after the message is
// recorded as in doubt, never sent again on its own.
type Timeouts struct {
	// Connect is the TCP connection and the TLS handshake; default 15s.
	Connect time.Duration
	// Command is the wait for the greeting and for each answer, and for
	// each part of the message to go out; default 30s.
	Command time.Duration
	// Data is the SMTP server's answer after the whole message; default 60s.
	Data time.Duration
}

// The default timeouts.
const (
	DefaultConnectTimeout = 15 * time.Second
	DefaultCommandTimeout = 30 * time.Second
	DefaultDataTimeout    = 60 * time.Second
)

// orDefaults fills the zero fields with the defaults.
func (t Timeouts) orDefaults() Timeouts {
	if t.Connect <= 0 {
		t.Connect = DefaultConnectTimeout
	}
	if t.Command <= 0 {
		t.Command = DefaultCommandTimeout
	}
	if t.Data <= 0 {
		t.Data = DefaultDataTimeout
	}
	return t
}

// ErrNoAnswer marks a step the server did not answer within its timeout.
var ErrNoAnswer = errors.New("no answer from the server")

// stepError explains err, the failure of a step bounded by limit: the
// context's own error when it ended the step, ErrNoAnswer on a timeout.
func stepError(ctx context.Context, timedOut bool, limit time.Duration, err error) error {
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		if cause := context.Cause(ctx); cause != ctx.Err() {
			return fmt.Errorf("stopped (%v): %w", cause, ctx.Err())
		}
		return fmt.Errorf("stopped: %w", ctx.Err())
	case timedOut || errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("%w within %s (%v)", ErrNoAnswer, limit, err)
	}
	return err
}

// dialTCP connects to addr within limit, or until ctx ends.
func dialTCP(ctx context.Context, addr string, limit time.Duration) (net.Conn, error) {
	d := net.Dialer{Timeout: limit}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, stepError(ctx, false, limit, err)
	}
	return conn, nil
}

// handshake runs the TLS client handshake over conn within limit.
func handshake(ctx context.Context, conn net.Conn, cfg *tls.Config, limit time.Duration) (*tls.Conn, error) {
	tc := tls.Client(conn, cfg)
	hctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		return nil, stepError(ctx, hctx.Err() != nil, limit, err)
	}
	return tc, nil
}

// watchedConn owns the deadlines of a connection to a mail server. While
// armed (legit waits for the server), a read that gets nothing for the
// armed limit fails; every write that cannot go out within it fails. The
// deadlines a protocol client sets itself are ignored: legit's own apply.
// Between waits (while legit writes to its database) the connection may be
// silent for as long as it takes.
type watchedConn struct {
	net.Conn
	mu       sync.Mutex
	armed    bool
	limit    time.Duration
	timedOut atomic.Bool
}

// arm starts a wait of at most limit of silence.
func (c *watchedConn) arm(limit time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.armed, c.limit = true, limit
	c.timedOut.Store(false)
	_ = c.Conn.SetReadDeadline(time.Now().Add(limit))
}

// disarm ends the wait: reads may block again for as long as need be.
func (c *watchedConn) disarm() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.armed = false
	_ = c.Conn.SetReadDeadline(time.Time{})
}

// Read reads, within the armed limit when armed.
func (c *watchedConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	if c.armed && !c.timedOut.Load() { // once timed out, a retry fails at once
		_ = c.Conn.SetReadDeadline(time.Now().Add(c.limit))
	}
	c.mu.Unlock()
	n, err := c.Conn.Read(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.timedOut.Store(true)
	}
	return n, err
}

// Write writes within the current limit.
func (c *watchedConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	limit := c.limit
	c.mu.Unlock()
	if !c.timedOut.Load() {
		_ = c.Conn.SetWriteDeadline(time.Now().Add(limit))
	}
	n, err := c.Conn.Write(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.timedOut.Store(true)
	}
	return n, err
}

// SetDeadline is ignored: the watchedConn sets its own.
func (c *watchedConn) SetDeadline(time.Time) error { return nil }

// SetReadDeadline is ignored: the watchedConn sets its own.
func (c *watchedConn) SetReadDeadline(time.Time) error { return nil }

// SetWriteDeadline is ignored: the watchedConn sets its own.
func (c *watchedConn) SetWriteDeadline(time.Time) error { return nil }

// watch wraps a fresh connection; its first limit is the command timeout.
func watch(conn net.Conn, t Timeouts) *watchedConn {
	return &watchedConn{Conn: conn, limit: t.Command}
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

// password is the password to log in with: ReadPassword's, else Password.
func (s Server) password() (string, error) {
	if s.ReadPassword == nil {
		return s.Password, nil
	}
	return s.ReadPassword()
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

// IMAPConn is a logged-in IMAP connection. Every wait legit makes on the
// server through it is bounded by the server's command timeout, and the
// connection closes when the context given to DialIMAP ends. The embedded
// client's methods are there for tests and one-off commands.
type IMAPConn struct {
	*imapclient.Client
	ctx   context.Context
	raw   net.Conn
	watch *watchedConn
	limit time.Duration
	stop  func() bool
}

// DialIMAP connects to the IMAP server with its security mode and logs in,
// each step within the server's timeouts and until ctx ends.
func DialIMAP(ctx context.Context, s Server, opts *imapclient.Options) (*IMAPConn, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &imapclient.Options{}
	}
	if opts.TLSConfig == nil {
		opts.TLSConfig = s.tlsConfig()
	}
	password, err := s.password()
	if err != nil {
		return nil, fmt.Errorf("IMAP %s: %w", s.Addr(), err)
	}
	t := s.Timeouts.orDefaults()
	raw, err := dialTCP(ctx, s.Addr(), t.Connect)
	if err != nil {
		return nil, fmt.Errorf("connect to IMAP %s: %w", s.Addr(), err)
	}
	c := &IMAPConn{ctx: ctx, raw: raw, watch: watch(raw, t), limit: t.Command}
	c.stop = context.AfterFunc(ctx, func() { _ = raw.Close() })
	fail := func(what string, err error) (*IMAPConn, error) {
		c.stop()
		_ = raw.Close()
		if c.Client != nil {
			_ = c.Client.Close()
		}
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	switch s.Security {
	case ImplicitTLS:
		cfg := opts.TLSConfig.Clone()
		if cfg.NextProtos == nil {
			cfg.NextProtos = []string{"imap"}
		}
		tc, err := handshake(ctx, c.watch, cfg, t.Connect)
		if err != nil {
			return fail("connect to IMAP "+s.Addr(), err)
		}
		c.Client = imapclient.New(tc, opts)
		if err := c.wait(c.Client.WaitGreeting); err != nil {
			return fail("IMAP "+s.Addr()+": greeting", err)
		}
	case StartTLS:
		err := c.wait(func() error {
			var err error
			c.Client, err = imapclient.NewStartTLS(c.watch, opts)
			return err
		})
		if err != nil {
			return fail("IMAP "+s.Addr()+": start TLS", err)
		}
	default:
		c.Client = imapclient.New(c.watch, opts)
		if err := c.wait(c.Client.WaitGreeting); err != nil {
			return fail("IMAP "+s.Addr()+": greeting", err)
		}
	}
	if err := c.wait(c.Client.Login(s.Username, password).Wait); err != nil {
		return fail("log in to IMAP "+s.Addr()+" as "+s.Username, err)
	}
	return c, nil
}

// wait runs f, a wait on the server, within the command timeout of
// silence, and explains its error.
func (c *IMAPConn) wait(f func() error) error {
	c.watch.arm(c.limit)
	err := f()
	c.watch.disarm()
	return stepError(c.ctx, c.watch.timedOut.Load(), c.limit, err)
}

// abort closes the connection at once: every pending wait ends.
func (c *IMAPConn) abort() { _ = c.raw.Close() }

// logout says goodbye to the server; a failure changes nothing.
func (c *IMAPConn) logout() { _ = c.wait(c.Client.Logout().Wait) }

// Close closes the connection.
func (c *IMAPConn) Close() error {
	c.stop()
	return c.Client.Close()
}
