package outreach

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTP sends through a submission server: implicit TLS, STARTTLS, or (to
// loopback only) plain TCP. The password is never sent without TLS except
// to loopback. One MAIL FROM, one RCPT TO.
type SMTP struct {
	Server Server
	// Hello is the name given in EHLO; "localhost" when empty.
	Hello string
}

// Name is "smtp".
func (s SMTP) Name() string { return "smtp" }

// Send submits m to its one recipient.
func (s SMTP) Send(ctx context.Context, m Built) error {
	if err := s.Server.Check(); err != nil {
		return err
	}
	c, err := s.dial()
	if err != nil {
		return fmt.Errorf("connect to SMTP %s: %w", s.Server.Addr(), err)
	}
	defer c.Close()
	if dl, ok := ctx.Deadline(); ok {
		c.CommandTimeout = max(0, time.Until(dl))
		c.SubmissionTimeout = c.CommandTimeout
	}
	hello := s.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return fmt.Errorf("SMTP %s: greeting: %w", s.Server.Addr(), err)
	}
	if s.Server.Username != "" {
		if _, tlsOn := c.TLSConnectionState(); !tlsOn && !isLoopback(s.Server.Host) {
			return fmt.Errorf("SMTP %s: refusing to send the password without TLS: use security \"tls\" or \"starttls\"", s.Server.Addr())
		}
		if err := c.Auth(sasl.NewPlainClient("", s.Server.Username, s.Server.Password)); err != nil {
			return fmt.Errorf("SMTP %s: log in as %s: %w", s.Server.Addr(), s.Server.Username, err)
		}
	}
	if err := c.Mail(m.From, nil); err != nil {
		return fmt.Errorf("SMTP %s: sender %s refused: %w", s.Server.Addr(), m.From, err)
	}
	if err := c.Rcpt(m.To, nil); err != nil {
		return fmt.Errorf("SMTP %s: recipient refused: %w", s.Server.Addr(), err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("SMTP %s: start of message refused: %w", s.Server.Addr(), err)
	}
	if _, err := w.Write(m.Raw); err != nil {
		_ = w.Close()
		return fmt.Errorf("SMTP %s: sending the message: %w", s.Server.Addr(), err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("SMTP %s: message not accepted: %w", s.Server.Addr(), err)
	}
	// The message is accepted; a failed QUIT does not change that.
	_ = c.Quit()
	return nil
}

func (s SMTP) dial() (*smtp.Client, error) {
	switch s.Server.Security {
	case ImplicitTLS:
		return smtp.DialTLS(s.Server.Addr(), s.Server.tlsConfig())
	case StartTLS:
		return smtp.DialStartTLS(s.Server.Addr(), s.Server.tlsConfig())
	default:
		conn, err := net.Dial("tcp", s.Server.Addr())
		if err != nil {
			return nil, err
		}
		return smtp.NewClient(conn), nil
	}
}
