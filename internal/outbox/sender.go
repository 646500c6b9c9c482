package outbox

import (
	"context"
	"path/filepath"

	"github.com/savivalda/savivalda/internal/config"
)

// Sender hands a message over for delivery. It is the boundary between the
// outbox and the outside world: SMTP in production, files in the demo.
type Sender interface {
	// Send delivers raw, the whole message m, from the envelope sender
	// from. A sender that can hand a message over only once calls commit
	// when the receiver holds everything but has not yet accepted it, and
	// abandons the message, unaccepted, if commit fails; a sender whose
	// delivery can be repeated harmlessly need not call it. Errors that
	// carry the server's reply wrap a *textproto.Error.
	Send(ctx context.Context, from string, m *Message, raw []byte, commit func() error) error
}

// NewSender returns the configured sender: SMTP when a host is set, else
// files in the data folder's "mail" directory.
func NewSender(cfg *config.Config) Sender {
	if cfg.SMTPHost == "" {
		return &FileSender{Dir: filepath.Join(cfg.DataDir, "mail")}
	}
	return &SMTPSender{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Mode: cfg.SMTPMode,
		Username: cfg.SMTPUser, Password: cfg.SMTPPassword}
}
