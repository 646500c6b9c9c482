// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp) on
// loopback for tests: mail is delivered to it over the network exactly as to
// a municipality's mail server, and the test reads what arrived.
package smtptest

import (
	"bytes"
	"errors"
	"io"
	"log"
	"net"
	"net/mail"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server is a real SMTP server (github.com/emersion/go-smtp) listening
// on loopback for the test's duration. It keeps every message it accepts;
// one whose connection drops before the final "." is, as on any server,
// discarded.
type Server struct {
	t    testing.TB
	SMTP *smtp.Server // the underlying server, for settings such as TLS
	Port int

	mu       sync.Mutex
	received []Received
	// tempFail makes the server answer the final "." with 451.
	tempFail bool
	// beforeReply runs after the final "." and before the server answers.
	beforeReply func()
}

// Received is one accepted message.
type Received struct {
	From string
	To   []string
	Data []byte
}

// The credentials the server accepts.
const (
	User     = "savivalda"
	Password = "slaptažodis"
	// Mail to this address is refused for good (550) at RCPT.
	UnknownRecipient = "nera@example.lt"
)

// New starts a server for the test's duration.
func New(t testing.TB) *Server { return NewOn(t, nil) }

// NewOn starts the server on a listener that wrap, if given,
// wraps (for TLS from the start).
func NewOn(t testing.TB, wrap func(net.Listener) net.Listener) *Server {
	t.Helper()
	s := &Server{t: t}
	s.SMTP = smtp.NewServer(s)
	s.SMTP.Domain = "localhost"
	s.SMTP.AllowInsecureAuth = true // plain text on loopback; mode "none"
	s.SMTP.ErrorLog = log.New(io.Discard, "", 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	s.Port = l.Addr().(*net.TCPAddr).Port
	if wrap != nil {
		l = wrap(l)
	}
	go func() { _ = s.SMTP.Serve(l) }()
	t.Cleanup(func() { s.SMTP.Close() })
	return s
}

// SetTempFail makes the server answer the final "." with 451 (try again).
func (s *Server) SetTempFail(v bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tempFail = v
}

// Messages returns what the server accepted.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// CountByMessageID counts accepted messages per Message-ID header.
func (s *Server) CountByMessageID() map[string]int {
	s.t.Helper()
	out := map[string]int{}
	for _, r := range s.Messages() {
		msg, err := mail.ReadMessage(bytes.NewReader(r.Data))
		if err != nil {
			s.t.Fatalf("parse received message: %v", err)
		}
		out[msg.Header.Get("Message-ID")]++
	}
	return out
}

// SetBeforeReply makes the server call f once it has the whole message,
// final "." included, and answer only when f returns: a slow server.
func (s *Server) SetBeforeReply(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.beforeReply = f
}

// NewSession implements smtp.Backend.
func (s *Server) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &session{server: s}, nil
}

type session struct {
	server *Server
	authed bool
	from   string
	to     []string
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != User || pass != Password {
			return errors.New("invalid credentials")
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == UnknownRecipient {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	}
	ss.to = append(ss.to, to)
	return nil
}

// Data reads up to the final "."; without it the reader fails and nothing
// is kept.
func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s := ss.server
	s.mu.Lock()
	wait := s.beforeReply
	s.mu.Unlock()
	if wait != nil {
		wait()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tempFail {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	}
	s.received = append(s.received, Received{From: ss.from, To: ss.to, Data: b})
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }
