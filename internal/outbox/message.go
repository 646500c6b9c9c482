package outbox

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// State is where a message is on its way out.
type State string

// States of a message.
const (
	StatePending State = "pending" // waiting for its next attempt
	StateSending State = "sending" // claimed by a worker
	StateSent    State = "sent"    // accepted by the server, or written to a file
	StateFailed  State = "failed"  // given up; an administrator may retry it
)

// States lists the states in the order the administrators' filter shows them.
var States = []State{StatePending, StateSending, StateSent, StateFailed}

// Label is the state's catalogue key.
func (s State) Label() string { return "outbox.state." + string(s) }

// Message is one email, composed at enqueue and stored until delivered.
type Message struct {
	ID            int64
	InstitutionID int64
	Kind          string // what caused it, dotted: "deadline.reminder"
	To            Recipient
	FromName      string // shown as the sender: the institution's name
	ReplyTo       string // where replies go: the institution's address
	Lang          string // "lt" or "en"
	Subject       string
	Text, HTML    string // the two alternative bodies, footer included
	// Domain is the right-hand side of the Message-ID Enqueue generates:
	// the site's host. Compose fills it; it is not stored.
	Domain    string
	MessageID string // "<…@…>", fixed at enqueue

	State         State
	Attempts      int
	NextAttemptAt time.Time
	LeaseUntil    time.Time
	LastError     string
	CommittedAt   time.Time // see the package documentation
	CreatedAt     time.Time
	SentAt        time.Time
}

// Recipient is who a message goes to.
type Recipient struct {
	Address string
	Name    string // optional display name
}

// Link is the one call to action a message may carry.
type Link struct {
	Text string
	URL  string // absolute: it is opened outside the site
}

// Unconfirmed reports whether a sent message's delivery was never confirmed
// by the server (see the package documentation).
func (m *Message) Unconfirmed() bool { return m.State == StateSent && m.LastError != "" }

// validate checks what a message needs before it is stored.
func (m *Message) validate() error {
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"kind", m.Kind}, {"recipient", m.To.Address}, {"subject", m.Subject}, {"text body", m.Text},
	} {
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, f.name)
		}
	}
	if m.InstitutionID == 0 {
		missing = append(missing, "institution")
	}
	if len(missing) > 0 {
		return errors.New("outbox: message lacks " + strings.Join(missing, ", "))
	}
	if a, err := mail.ParseAddress(m.To.Address); err != nil || a.Address != m.To.Address {
		return fmt.Errorf("%w: %q", ErrBadAddress, m.To.Address)
	}
	return nil
}

// ErrBadAddress: the recipient is not a plain email address. Callers
// validate addresses people type, so this is a programming error or stale
// data, not something to queue.
var ErrBadAddress = errors.New("outbox: not a plain email address")

// oneLine folds whitespace, line breaks included, to single spaces, for
// header values.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
