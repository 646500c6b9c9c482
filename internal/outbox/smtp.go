package outbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"strconv"
	"strings"
	"time"
)

// SMTPSender delivers through a mail server (a relay or submission server).
type SMTPSender struct {
	Host string
	Port int
	// Mode secures the connection: "starttls" (upgrade, required), "tls"
	// (TLS from the start, usually port 465) or "none".
	Mode               string
	Username, Password string // optional; sent only over TLS, or to localhost
	// Timeout bounds one delivery, connection to reply (default one minute).
	Timeout time.Duration
	// TLSConfig, if set, replaces the default (system roots, TLS 1.2+), for
	// a relay with a private certificate authority.
	TLSConfig *tls.Config
}

// Send delivers one message in one SMTP session; see Sender.
func (s *SMTPSender) Send(ctx context.Context, from string, m *Message, raw []byte, commit func() error) error {
	c, stop, err := s.connect(ctx, from)
	if err != nil {
		return err
	}
	defer stop()
	// Closing without QUIT is what a crash does: the server drops whatever
	// it holds of an unfinished message.
	defer c.Close()
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("smtp MAIL FROM: %w", err)
	}
	if err := c.Rcpt(m.To.Address); err != nil {
		return fmt.Errorf("smtp RCPT TO %s: %w", m.To.Address, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp DATA: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("smtp write message: %w", err)
	}
	// From here on, the server's reply decides: cancelling must not cut
	// the session between the commit and the answer to the final ".".
	stop()
	if err := commit(); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp end of data: %w", err)
	}
	_ = c.Quit() // accepted; a failed goodbye changes nothing
	return nil
}

// connect opens a session: TLS as configured, greeting, authentication.
// stop detaches the session from ctx.
func (s *SMTPSender) connect(ctx context.Context, from string) (*smtp.Client, func() bool, error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	dialer := &net.Dialer{Timeout: timeout}
	var conn net.Conn
	var err error
	switch s.Mode {
	case "tls":
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: s.tlsConfig()}).DialContext(ctx, "tcp", addr)
	case "starttls", "none":
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	default:
		return nil, nil, fmt.Errorf("smtp: unknown mode %q", s.Mode)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("smtp connect %s: %w", addr, err)
	}
	// A network deadline, not a test clock: a stuck server must not hold
	// the message's claim for ever.
	_ = conn.SetDeadline(time.Now().Add(timeout))
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	c, err := s.session(conn, from)
	if err != nil {
		stop()
		conn.Close()
		return nil, nil, err
	}
	return c, stop, nil
}

func (s *SMTPSender) session(conn net.Conn, from string) (*smtp.Client, error) {
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		return nil, fmt.Errorf("smtp greeting: %w", err)
	}
	if err := c.Hello(helloName(from)); err != nil {
		return nil, fmt.Errorf("smtp EHLO: %w", err)
	}
	if s.Mode == "starttls" {
		// Required, never optional: falling back to plain text would let
		// anyone on the path read the mail and the password.
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return nil, errors.New("smtp: the server does not offer STARTTLS")
		}
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			return nil, fmt.Errorf("smtp STARTTLS: %w", err)
		}
	}
	if s.Username != "" {
		// PlainAuth itself refuses to send the password unencrypted to
		// any host but localhost.
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return nil, fmt.Errorf("smtp AUTH: %w", err)
		}
	}
	return c, nil
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	if s.TLSConfig != nil {
		c := s.TLSConfig.Clone()
		if c.ServerName == "" {
			c.ServerName = s.Host
		}
		return c
	}
	return &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
}

// helloName is the name the client greets with: the sender's domain, which
// is ours, rather than "localhost", which some servers reject.
func helloName(from string) string {
	if _, domain, ok := strings.Cut(from, "@"); ok && domainPattern.MatchString(domain) {
		return domain
	}
	return "localhost"
}
