package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Filter selects entries for the administrators' view; zero fields match
// everything.
type Filter struct {
	InstitutionID int64
	ActorID       int64
	// Actor is what an administrator typed: a staff member's id, or part of
	// their name in any letter case.
	Actor         string
	Action        string // a prefix: "site.page" matches every page action
	ObjectType    string
	ObjectID      int64
	From, To      time.Time // To is exclusive
	BeforeSeq     int64     // only entries older than this one
	Offset, Limit int
}

const entryColumns = `seq, institution_id, at, actor_id, actor_name, action, object_type, object_id, summary, before_data, after_data, prev_hash, hash`

// Find returns the entries matching f, newest first, and how many match.
func Find(ctx context.Context, db *store.DB, f Filter) ([]Entry, int, error) {
	cond, args, none, err := f.where(ctx, db)
	if err != nil || none {
		return nil, 0, err
	}
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count audit entries: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	out, err := findEntries(ctx, db, cond, args, limit, f.Offset)
	return out, total, err
}

// exportBatch bounds the rows held in memory while exporting.
const exportBatch = 500

// Walk calls fn for every entry matching f, newest first, reading in
// batches. It pages by seq rather than by offset, so entries recorded while
// it runs neither repeat nor shift the rest; they are left out.
func Walk(ctx context.Context, db *store.DB, f Filter, fn func(Entry) error) error {
	f.Offset = 0
	for {
		cond, args, none, err := f.where(ctx, db)
		if err != nil || none {
			return err
		}
		batch, err := findEntries(ctx, db, cond, args, exportBatch, 0)
		if err != nil {
			return err
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(batch) < exportBatch {
			return nil
		}
		f.BeforeSeq = batch[len(batch)-1].Seq
	}
}

func findEntries(ctx context.Context, db *store.DB, cond string, args []any, limit, offset int) ([]Entry, error) {
	rows, err := db.QueryContext(ctx, `SELECT `+entryColumns+` FROM audit_log`+cond+` ORDER BY seq DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("find audit entries: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// where builds the WHERE clause of f. none reports that nothing can match
// (a name that no recorded actor has), so callers need not query.
func (f Filter) where(ctx context.Context, db *store.DB) (cond string, args []any, none bool, err error) {
	var where []string
	if f.InstitutionID != 0 {
		where, args = append(where, "institution_id = ?"), append(args, f.InstitutionID)
	}
	if f.ActorID != 0 {
		where, args = append(where, "actor_id = ?"), append(args, f.ActorID)
	}
	if a := strings.TrimSpace(f.Actor); a != "" {
		if id, ok := web.ParseID(a); ok {
			where, args = append(where, "actor_id = ?"), append(args, id)
		} else {
			names, err := actorNames(ctx, db, f.InstitutionID, a)
			if err != nil || len(names) == 0 {
				return "", nil, true, err
			}
			where = append(where, "actor_name IN ("+store.Placeholders(len(names))+")")
			for _, n := range names {
				args = append(args, n)
			}
		}
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
	if f.BeforeSeq != 0 {
		where, args = append(where, "seq < ?"), append(args, f.BeforeSeq)
	}
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return cond, args, false, nil
}

// actorNames returns the recorded actor names that contain part, ignoring
// letter case. The match is made in Go because SQL's lower() and LIKE fold
// only ASCII letters in SQLite, so "Č" would not match "č"; an institution
// has few distinct actors, so reading them is cheap.
func actorNames(ctx context.Context, db *store.DB, institutionID int64, part string) ([]string, error) {
	query, args := `SELECT DISTINCT actor_name FROM audit_log`, []any(nil)
	if institutionID != 0 {
		query, args = query+` WHERE institution_id = ?`, append(args, institutionID)
	}
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find audit actors: %w", err)
	}
	defer rows.Close()
	part = strings.ToLower(part)
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		if strings.Contains(strings.ToLower(n), part) {
			out = append(out, n)
		}
	}
	return out, rows.Err()
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
