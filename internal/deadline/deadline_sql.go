package deadline

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/store"
)

const columns = `d.id, d.institution_id, d.module, d.subject_type, d.subject_id, d.title, d.link, d.department_id,
	d.responsible_id, d.person_name, d.person_email, d.person_lang, d.started_at, d.start_date, d.rule_n, d.rule_unit,
	d.paused_days, d.paused_since, d.due_date, d.state, d.met_at, d.version, COALESCE(dep.name, ''), COALESCE(u.name, '')`

const joins = ` FROM deadlines d LEFT JOIN departments dep ON dep.id = d.department_id LEFT JOIN users u ON u.id = d.responsible_id`

type scanner interface{ Scan(dest ...any) error }

func scan(row scanner) (*Deadline, error) {
	d := &Deadline{}
	var dept, resp sql.NullInt64
	var start, due, unit string
	var paused sql.NullString
	if err := row.Scan(&d.ID, &d.InstitutionID, &d.Module, &d.SubjectType, &d.SubjectID, &d.Title, &d.Link, &dept, &resp,
		&d.Person.Name, &d.Person.Email, &d.Person.Lang, store.Time(&d.StartedAt), &start, &d.Rule.N, &unit, &d.PausedDays,
		&paused, &due, &d.State, store.Time(&d.MetAt), &d.Version, &d.DepartmentName, &d.ResponsibleName); err != nil {
		return nil, err
	}
	d.DepartmentID, d.ResponsibleID = dept.Int64, resp.Int64
	var err error
	if d.Rule.Unit, err = calendar.ParseUnit(unit); err != nil {
		return nil, err
	}
	if d.StartDate, err = calendar.ParseDate(start); err != nil {
		return nil, err
	}
	if d.Due, err = calendar.ParseDate(due); err != nil {
		return nil, err
	}
	if paused.Valid {
		if d.PausedSince, err = calendar.ParseDate(paused.String); err != nil {
			return nil, err
		}
	}
	return d, nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *store.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Find returns one deadline of the institution.
func Find(ctx context.Context, q queryer, institutionID, id int64) (*Deadline, error) {
	d, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+joins+` WHERE d.institution_id = ? AND d.id = ?`, institutionID, id))
	if err != nil {
		return nil, fmt.Errorf("find deadline %d: %w", id, err)
	}
	return d, nil
}

// ForSubject returns the deadlines of one subject, newest first.
func ForSubject(ctx context.Context, q queryer, module, subjectType string, subjectID int64) ([]*Deadline, error) {
	return list(ctx, q, `SELECT `+columns+joins+` WHERE d.module = ? AND d.subject_type = ? AND d.subject_id = ? ORDER BY d.id DESC`,
		module, subjectType, subjectID)
}

func list(ctx context.Context, q queryer, query string, args ...any) ([]*Deadline, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list deadlines: %w", err)
	}
	defer rows.Close()
	var out []*Deadline
	for rows.Next() {
		d, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("scan deadline: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Filter selects deadlines for the "Terminai" page.
type Filter struct {
	InstitutionID int64
	// ResponsibleFor limits the list to what this user answers for: their
	// own, and their department's unassigned ones (0: everything).
	ResponsibleFor  int64
	ResponsibleDept int64
	Module          string
	DepartmentID    int64
	// Pending: deadlines whose duty is not done yet, open or already missed.
	Pending       bool
	States        []State
	Offset, Limit int

	visible     string // the viewer's condition, set by Service.List
	visibleArgs []any
}

// FindAll lists deadlines due soonest first, with the total count.
func FindAll(ctx context.Context, db *store.DB, f Filter) ([]*Deadline, int, error) {
	where := []string{"d.institution_id = ?"}
	args := []any{f.InstitutionID}
	if len(f.States) > 0 {
		where = append(where, "d.state IN ("+store.Placeholders(len(f.States))+")")
		for _, s := range f.States {
			args = append(args, s)
		}
	}
	if f.Pending {
		where = append(where, "d.state IN ('open', 'missed') AND d.met_at IS NULL")
	}
	if f.ResponsibleFor != 0 {
		where, args = append(where, "(d.responsible_id = ? OR (d.responsible_id IS NULL AND d.department_id = ?))"),
			append(args, f.ResponsibleFor, f.ResponsibleDept)
	}
	if f.visible != "" {
		where, args = append(where, f.visible), append(args, f.visibleArgs...)
	}
	if f.Module != "" {
		where, args = append(where, "d.module = ?"), append(args, f.Module)
	}
	if f.DepartmentID != 0 {
		where, args = append(where, "d.department_id = ?"), append(args, f.DepartmentID)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM deadlines d`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count deadlines: %w", err)
	}
	if f.Limit == 0 {
		f.Limit = 25
	}
	out, err := list(ctx, db, `SELECT `+columns+joins+cond+` ORDER BY d.due_date, d.id LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	return out, total, err
}

// Modules lists the modules that have deadlines, for the filter.
func Modules(ctx context.Context, db *store.DB, institutionID int64) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT module FROM deadlines WHERE institution_id = ? ORDER BY module`, institutionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Event is one step in a deadline's history.
type Event struct {
	At        time.Time
	Kind      string // start, extend, pause, resume, recompute, met, missed, reminder
	ActorName string
	Reason    string
	DueBefore string
	DueAfter  string
	Days      int
}

func addEvent(ctx context.Context, tx *store.Tx, id int64, e Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO deadline_events (deadline_id, at, kind, actor_name, reason, due_before, due_after, days)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, store.Millis(tx.Now), e.Kind, e.ActorName, e.Reason, e.DueBefore, e.DueAfter, e.Days)
	if err != nil {
		return fmt.Errorf("record deadline event: %w", err)
	}
	return nil
}

// Events returns a deadline's history, oldest first.
func Events(ctx context.Context, db *store.DB, id int64) ([]Event, error) {
	rows, err := db.QueryContext(ctx, `SELECT at, kind, actor_name, reason, due_before, due_after, days FROM deadline_events
		WHERE deadline_id = ? ORDER BY at, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(store.Time(&e.At), &e.Kind, &e.ActorName, &e.Reason, &e.DueBefore, &e.DueAfter, &e.Days); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// DepartmentReport is one row of the met/missed report.
type DepartmentReport struct {
	Department string
	Met        int
	Missed     int
	Open       int
}

// Report counts, per department, the deadlines due in [from, to] that were
// met on time, missed, or are still open.
func Report(ctx context.Context, db *store.DB, institutionID int64, from, to calendar.Date) ([]DepartmentReport, error) {
	rows, err := db.QueryContext(ctx, `SELECT COALESCE(dep.name, ''),
		COUNT(CASE WHEN d.state = 'met' THEN 1 END), COUNT(CASE WHEN d.state = 'missed' THEN 1 END),
		COUNT(CASE WHEN d.state = 'open' THEN 1 END)
		FROM deadlines d LEFT JOIN departments dep ON dep.id = d.department_id
		WHERE d.institution_id = ? AND d.due_date >= ? AND d.due_date <= ?
		GROUP BY COALESCE(dep.name, '') ORDER BY COALESCE(dep.name, '')`, institutionID, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("deadline report: %w", err)
	}
	defer rows.Close()
	var out []DepartmentReport
	for rows.Next() {
		var r DepartmentReport
		if err := rows.Scan(&r.Department, &r.Met, &r.Missed, &r.Open); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
