package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

const columns = `id, institution_id, kind, to_address, to_name, from_name, reply_to, lang, subject, text_body, html_body,
	message_id, state, attempts, next_attempt_at, lease_until, last_error, committed_at, created_at, sent_at`

func scanMessage(row interface{ Scan(...any) error }) (*Message, error) {
	m := &Message{}
	err := row.Scan(&m.ID, &m.InstitutionID, &m.Kind, &m.To.Address, &m.To.Name, &m.FromName, &m.ReplyTo, &m.Lang,
		&m.Subject, &m.Text, &m.HTML, &m.MessageID, &m.State, &m.Attempts, store.Time(&m.NextAttemptAt),
		store.Time(&m.LeaseUntil), &m.LastError, store.Time(&m.CommittedAt), store.Time(&m.CreatedAt), store.Time(&m.SentAt))
	return m, err
}

// Enqueue stores m in the caller's transaction, due at once, so that it is
// sent exactly when the change that causes it commits. It gives m its id
// and, unless set, a Message-ID that every attempt will carry.
func Enqueue(ctx context.Context, tx *store.Tx, m *Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	if m.MessageID == "" {
		m.MessageID = newMessageID(m.Domain)
	}
	m.Lang = i18n.Normalize(m.Lang)
	m.State, m.Attempts, m.CreatedAt, m.NextAttemptAt = StatePending, 0, tx.Now, tx.Now
	id, err := tx.InsertID(ctx, `INSERT INTO outbox_messages (institution_id, kind, to_address, to_name, from_name,
		reply_to, lang, subject, text_body, html_body, message_id, state, attempts, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
		m.InstitutionID, m.Kind, m.To.Address, oneLine(m.To.Name), oneLine(m.FromName), m.ReplyTo, m.Lang,
		oneLine(m.Subject), m.Text, m.HTML, m.MessageID, string(m.State), store.Millis(m.NextAttemptAt), store.Millis(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("enqueue %s to %s: %w", m.Kind, m.To.Address, err)
	}
	m.ID = id
	return nil
}

var domainPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$`)

// newMessageID returns "<random@domain>"; 128 random bits make it unique
// without asking anyone.
func newMessageID(domain string) string {
	if !domainPattern.MatchString(domain) {
		domain = "localhost"
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return "<" + hex.EncodeToString(b) + "@" + strings.ToLower(domain) + ">"
}

// Filter selects messages for the administrators' list.
type Filter struct {
	InstitutionID int64
	State         State // "" for all
	Offset, Limit int
}

// Find returns a page of an institution's messages, newest first, and how
// many match in all.
func Find(ctx context.Context, db *store.DB, f Filter) ([]*Message, int, error) {
	where, args := "institution_id = ?", []any{f.InstitutionID}
	if f.State != "" {
		where += " AND state = ?"
		args = append(args, string(f.State))
	}
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox_messages WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count outbox messages: %w", err)
	}
	rows, err := db.QueryContext(ctx, `SELECT `+columns+` FROM outbox_messages WHERE `+where+`
		ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list outbox messages: %w", err)
	}
	defer rows.Close()
	var out []*Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan outbox message: %w", err)
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

// FindMessage returns one of an institution's messages; another
// institution's is ErrNotFound.
func FindMessage(ctx context.Context, db *store.DB, institutionID, id int64) (*Message, error) {
	m, err := scanMessage(db.QueryRowContext(ctx, `SELECT `+columns+` FROM outbox_messages
		WHERE id = ? AND institution_id = ?`, id, institutionID))
	if err != nil {
		return nil, fmt.Errorf("find outbox message %d: %w", id, err)
	}
	return m, nil
}

// CountFailed counts an institution's failed messages, for the notice that
// draws administrators to them.
func CountFailed(ctx context.Context, db *store.DB, institutionID int64) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox_messages WHERE institution_id = ? AND state = ?`,
		institutionID, string(StateFailed)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count failed outbox messages: %w", err)
	}
	return n, nil
}

// Retry puts a failed message back in the queue, due at once, and records
// who did it. It makes one more attempt: the count of attempts goes on, so a
// message that fails again is failed again. A message that is not failed
// (or gone, or another institution's) gives ErrConflict or ErrNotFound.
func Retry(ctx context.Context, db *store.DB, by actor.Actor, institutionID, id int64) error {
	if !CanManage(by) || by.InstitutionID != institutionID {
		return web.ErrForbidden
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		m, err := scanMessage(tx.QueryRowContext(ctx, `SELECT `+columns+` FROM outbox_messages
			WHERE id = ? AND institution_id = ?`, id, institutionID))
		if err != nil {
			return fmt.Errorf("retry outbox message %d: %w", id, err)
		}
		if err := tx.ExecOne(ctx, `UPDATE outbox_messages SET state = ?, next_attempt_at = ?, last_error = ''
			WHERE id = ? AND state = ?`, string(StatePending), store.Millis(tx.Now), id, string(StateFailed)); err != nil {
			return fmt.Errorf("retry outbox message %d (%s): %w", id, m.State, err)
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: institutionID, Actor: by, Action: "outbox.message.retry",
			ObjectType: "outbox_message", ObjectID: id,
			Summary: fmt.Sprintf("Laiškas „%s“ (%s) grąžintas į siuntimo eilę", m.Subject, m.To.Address),
			Before:  map[string]any{"state": m.State, "attempts": m.Attempts, "last_error": m.LastError},
			After:   map[string]any{"state": StatePending},
		})
	})
}
