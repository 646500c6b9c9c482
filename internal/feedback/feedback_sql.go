package feedback

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/store"
)

const columns = `f.id, f.institution_id, f.reg_number, f.receipt, f.kind, f.page_address, f.description, f.format,
	f.format_other, f.name, f.email, f.phone, f.lang, f.created_at, f.state, f.answer, f.answered_by, f.answered_at,
	f.close_reason, f.closed_by, f.closed_at, f.deadline_id, f.version,
	COALESCE(a.name, ''), COALESCE(c.name, ''), COALESCE(d.due_date, ''), COALESCE(d.state, '')`

const joins = ` FROM feedback_items f LEFT JOIN deadlines d ON d.id = f.deadline_id
	LEFT JOIN users a ON a.id = f.answered_by LEFT JOIN users c ON c.id = f.closed_by`

func scan(row interface{ Scan(...any) error }) (*Item, error) {
	it := &Item{}
	var answeredBy, closedBy, deadlineID sql.NullInt64
	var due string
	if err := row.Scan(&it.ID, &it.InstitutionID, &it.Number, &it.Receipt, &it.Kind, &it.PageAddress, &it.Description,
		&it.Format, &it.FormatOther, &it.Name, &it.Email, &it.Phone, &it.Lang, store.Time(&it.CreatedAt), &it.State,
		&it.Answer, &answeredBy, store.Time(&it.AnsweredAt), &it.CloseReason, &closedBy, store.Time(&it.ClosedAt),
		&deadlineID, &it.Version, &it.AnsweredByName, &it.ClosedByName, &due, &it.DeadlineState); err != nil {
		return nil, err
	}
	it.AnsweredBy, it.ClosedBy, it.DeadlineID = answeredBy.Int64, closedBy.Int64, deadlineID.Int64
	if due != "" {
		d, err := calendar.ParseDate(due)
		if err != nil {
			return nil, fmt.Errorf("feedback %d: due date: %w", it.ID, err)
		}
		it.Due = d
	}
	return it, nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *store.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Find returns one item of the institution; store.ErrNotFound when the
// institution has no such item.
func Find(ctx context.Context, q queryer, institutionID, id int64) (*Item, error) {
	it, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+joins+` WHERE f.institution_id = ? AND f.id = ?`, institutionID, id))
	if err != nil {
		return nil, fmt.Errorf("find feedback %d: %w", id, err)
	}
	return it, nil
}

// FindByReceipt returns the item a confirmation page's token names.
func FindByReceipt(ctx context.Context, q queryer, institutionID int64, receipt string) (*Item, error) {
	it, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+joins+` WHERE f.institution_id = ? AND f.receipt = ?`, institutionID, receipt))
	if err != nil {
		return nil, fmt.Errorf("find feedback by receipt: %w", err)
	}
	return it, nil
}

// Order is how the queue is sorted.
type Order string

// The orders: the soonest due first (the default), or the newest first.
const (
	SoonestDue Order = "terminas"
	Newest     Order = "naujausi"
)

// Filter selects items for the staff queue; zero fields match everything.
type Filter struct {
	InstitutionID int64
	State         State
	Kind          Kind
	Order         Order
	Offset, Limit int
}

// FindAll lists the items matching f, with how many match.
func FindAll(ctx context.Context, db *store.DB, f Filter) ([]*Item, int, error) {
	where, args := []string{"f.institution_id = ?"}, []any{f.InstitutionID}
	if f.State != "" {
		where, args = append(where, "f.state = ?"), append(args, f.State)
	}
	if f.Kind != "" {
		where, args = append(where, "f.kind = ?"), append(args, f.Kind)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback_items f`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count feedback: %w", err)
	}
	order := ` ORDER BY COALESCE(d.due_date, ''), f.id`
	if f.Order == Newest {
		order = ` ORDER BY f.created_at DESC, f.id DESC`
	}
	if f.Limit <= 0 {
		f.Limit = 25
	}
	rows, err := db.QueryContext(ctx, `SELECT `+columns+joins+cond+order+` LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list feedback: %w", err)
	}
	defer rows.Close()
	var out []*Item
	for rows.Next() {
		it, err := scan(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan feedback: %w", err)
		}
		out = append(out, it)
	}
	return out, total, rows.Err()
}

// nextNumber takes the institution's next registration number of year.
// The upsert locks the counter row until the transaction ends, so
// concurrent submissions queue for it instead of colliding.
func nextNumber(ctx context.Context, tx *store.Tx, institutionID int64, year int) (string, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO feedback_counters (institution_id, year, last_number) VALUES (?, ?, 1)
		ON CONFLICT (institution_id, year) DO UPDATE SET last_number = feedback_counters.last_number + 1
		RETURNING last_number`, institutionID, year).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("take registration number: %w", err)
	}
	return RegistrationNumber(year, n), nil
}

func insert(ctx context.Context, tx *store.Tx, it *Item) error {
	var err error
	it.ID, err = tx.InsertID(ctx, `INSERT INTO feedback_items (institution_id, reg_number, receipt, kind, page_address,
		description, format, format_other, name, email, phone, lang, created_at, state)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.InstitutionID, it.Number, it.Receipt, it.Kind, it.PageAddress, it.Description, it.Format, it.FormatOther,
		it.Name, it.Email, it.Phone, it.Lang, store.Millis(it.CreatedAt), it.State)
	if err != nil {
		return fmt.Errorf("store feedback %s: %w", it.Number, err)
	}
	return nil
}

func setDeadline(ctx context.Context, tx *store.Tx, id, deadlineID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE feedback_items SET deadline_id = ? WHERE id = ?`, deadlineID, id)
	return err
}

// markAnswered records the answer on an item still new at version; a stale
// form or another answer meanwhile changes no row and is ErrConflict.
func markAnswered(ctx context.Context, tx *store.Tx, it *Item, answer string, by int64) error {
	return tx.ExecOne(ctx, `UPDATE feedback_items SET state = 'answered', answer = ?, answered_by = ?, answered_at = ?,
		version = version + 1 WHERE institution_id = ? AND id = ? AND version = ? AND state = 'new'`,
		answer, nullID(by), store.Millis(tx.Now), it.InstitutionID, it.ID, it.Version)
}

// markClosed closes an item still new at version, with the reason.
func markClosed(ctx context.Context, tx *store.Tx, it *Item, reason string, by int64) error {
	return tx.ExecOne(ctx, `UPDATE feedback_items SET state = 'closed', close_reason = ?, closed_by = ?, closed_at = ?,
		version = version + 1 WHERE institution_id = ? AND id = ? AND version = ? AND state = 'new'`,
		reason, nullID(by), store.Millis(tx.Now), it.InstitutionID, it.ID, it.Version)
}

// newReceipt returns 128 random bits, hex-encoded.
func newReceipt() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
