package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/store"
)

// Filter selects entries for the administrators' view; zero fields match
// everything.
type Filter struct {
	InstitutionID int64
	ActorID       int64
	Action        string // a prefix: "site.page" matches every page action
	ObjectType    string
	ObjectID      int64
	From, To      time.Time // To is exclusive
	Offset, Limit int
}

const entryColumns = `seq, institution_id, at, actor_id, actor_name, action, object_type, object_id, summary, before_data, after_data, prev_hash, hash`

// Find returns the entries matching f, newest first, and how many match.
func Find(ctx context.Context, db *store.DB, f Filter) ([]Entry, int, error) {
	var where []string
	var args []any
	if f.InstitutionID != 0 {
		where, args = append(where, "institution_id = ?"), append(args, f.InstitutionID)
	}
	if f.ActorID != 0 {
		where, args = append(where, "actor_id = ?"), append(args, f.ActorID)
	}
	if f.Action != "" {
		where, args = append(where, "(action = ? OR action LIKE ?)"), append(args, f.Action, f.Action+".%")
	}
	if f.ObjectType != "" {
		where, args = append(where, "object_type = ?"), append(args, f.ObjectType)
	}
	if f.ObjectID != 0 {
		where, args = append(where, "object_id = ?"), append(args, f.ObjectID)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, store.Millis(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, store.Millis(f.To))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count audit entries: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.QueryContext(ctx, `SELECT `+entryColumns+` FROM audit_log`+cond+` ORDER BY seq DESC LIMIT ? OFFSET ?`,
		append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find audit entries: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// Actions lists the distinct actions recorded, for the filter's choices.
func Actions(ctx context.Context, db *store.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT action FROM audit_log ORDER BY action`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func scanEntry(rows *sql.Rows) (Entry, error) {
	var e Entry
	var inst, actor sql.NullInt64
	if err := rows.Scan(&e.Seq, &inst, store.Time(&e.At), &actor, &e.Actor.Name, &e.Action, &e.ObjectType,
		&e.ObjectID, &e.Summary, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
		return e, fmt.Errorf("scan audit entry: %w", err)
	}
	e.InstitutionID, e.Actor.ID = inst.Int64, actor.Int64
	return e, nil
}
