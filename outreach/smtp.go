package outreach

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTP sends through a submission server: implicit TLS, STARTTLS, or (to
// loopback only) plain TCP. The password is never sent without TLS except
// to loopback. One MAIL FROM, one RCPT TO. Every step has a deadline (the
// server's Timeouts) and ends when the context does.
type SMTP struct {
	Server Server
	// Hello is the name given in EHLO; "localhost" when empty.
	Hello string
}

// Name is "smtp".
func (s SMTP) Name() string { return "smtp" }

// MaybeSentError is a failure after the whole message may have reached the
// server: the connection was lost, timed out or was cancelled while the
// message or the server's answer to it was on its way. The server may have
// accepted it; sending it again could deliver it twice.
type MaybeSentError struct{ Err error }

func (e *MaybeSentError) Error() string {
	return e.Err.Error() + " (the server may have accepted the message)"
}

func (e *MaybeSentError) Unwrap() error { return e.Err }

// Send submits m to its one recipient. A failure before the message went
// out, or a refusal the server answered, is certain: nothing was accepted.
// A failure after the message began to go out, without the server's answer,
// is a *MaybeSentError.
func (s SMTP) Send(ctx context.Context, m Built) error {
	if err := s.Server.Check(); err != nil {
		return err
	}
	addr, t := s.Server.Addr(), s.Server.Timeouts.orDefaults()
	var password string
	if s.Server.Username != "" {
		var err error
		if password, err = s.Server.password(); err != nil {
			return fmt.Errorf("SMTP %s: %w", addr, err)
		}
	}
	raw, err := dialTCP(ctx, addr, t.Connect)
	if err != nil {
		return fmt.Errorf("connect to SMTP %s: %w", addr, err)
	}
	defer raw.Close()
	stop := context.AfterFunc(ctx, func() { _ = raw.Close() })
	defer stop()
	w := watch(raw, t)
	// step runs one exchange within limit of silence and names it in the error.
	step := func(what string, limit time.Duration, f func() error) error {
		w.arm(limit)
		err := f()
		w.disarm()
		if err != nil {
			return fmt.Errorf("SMTP %s: %s: %w", addr, what, stepError(ctx, w.timedOut.Load(), limit, err))
		}
		return nil
	}
	var c *smtp.Client
	switch s.Server.Security {
	case ImplicitTLS:
		tc, err := handshake(ctx, w, s.Server.tlsConfig(), t.Connect)
		if err != nil {
			return fmt.Errorf("connect to SMTP %s: %w", addr, err)
		}
		c = smtp.NewClient(tc)
	case StartTLS:
		err := step("start TLS", t.Command, func() error {
			var err error
			c, err = smtp.NewClientStartTLS(w, s.Server.tlsConfig())
			return err
		})
		if err != nil {
			return err
		}
	default:
		c = smtp.NewClient(w)
	}
	defer c.Close()
	hello := s.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := step("greeting", t.Command, func() error { return c.Hello(hello) }); err != nil {
		return err
	}
	if s.Server.Username != "" {
		if _, tlsOn := c.TLSConnectionState(); !tlsOn && !isLoopback(s.Server.Host) {
			return fmt.Errorf("SMTP %s: refusing to send the password without TLS: use security \"tls\" or \"starttls\"", addr)
		}
		err := step("log in as "+s.Server.Username, t.Command, func() error {
			return c.Auth(sasl.NewPlainClient("", s.Server.Username, password))
		})
		if err != nil {
			return err
		}
	}
	if err := step("sender "+m.From+" refused", t.Command, func() error { return c.Mail(m.From, nil) }); err != nil {
		return err
	}
	if err := step("recipient refused", t.Command, func() error { return c.Rcpt(m.To, nil) }); err != nil {
		return err
	}
	var data *smtp.DataCommand
	if err := step("start of message refused", t.Command, func() error {
		var err error
		data, err = c.Data()
		return err
	}); err != nil {
		return err
	}
	// From here the server may end up with the message: only its own
	// answer makes a failure certain.
	if err := step("sending the message", t.Command, func() error {
		_, err := data.Write(m.Raw)
		return err
	}); err != nil {
		return &MaybeSentError{Err: err}
	}
	if err := step("message not accepted", t.Data, data.Close); err != nil {
		if _, answered := errors.AsType[*smtp.SMTPError](err); answered {
			return err
		}
		return &MaybeSentError{Err: err}
	}
	// The message is accepted; a failed QUIT does not change that.
	_ = step("quit", t.Command, c.Quit)
	return nil
}
