package holidays

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/store"
)

const dayColumns = `id, date, name, legal_basis, created_by_name, created_at`

// scanner is a row of either a query or a single-row query.
type scanner interface{ Scan(dest ...any) error }

func scanDay(row scanner) (Day, error) {
	var d Day
	var date string
	if err := row.Scan(&d.ID, &date, &d.Name, &d.Basis, &d.CreatedBy, store.Time(&d.CreatedAt)); err != nil {
		return d, err
	}
	var err error
	if d.Date, err = calendar.ParseDate(date); err != nil {
		return d, fmt.Errorf("extra holiday %d: stored date: %w", d.ID, err)
	}
	return d, nil
}

// List returns the extra days of year in date order, or every year's when
// year is 0.
func List(ctx context.Context, db store.Queryer, year int) ([]Day, error) {
	var rows *sql.Rows
	var err error
	if year == 0 {
		rows, err = db.QueryContext(ctx, `SELECT `+dayColumns+` FROM extra_holidays ORDER BY date`)
	} else {
		// Dates are 'YYYY-MM-DD', so a year is a range of text.
		rows, err = db.QueryContext(ctx, `SELECT `+dayColumns+` FROM extra_holidays WHERE date >= ? AND date <= ? ORDER BY date`,
			fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year))
	}
	if err != nil {
		return nil, fmt.Errorf("list extra holidays: %w", err)
	}
	defer rows.Close()
	var out []Day
	for rows.Next() {
		d, err := scanDay(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list extra holidays: %w", err)
	}
	return out, nil
}

func findDay(ctx context.Context, tx *store.Tx, id int64) (Day, error) {
	return scanDay(tx.QueryRowContext(ctx, `SELECT `+dayColumns+` FROM extra_holidays WHERE id = ?`, id))
}

func insertDay(ctx context.Context, tx *store.Tx, d Day) (int64, error) {
	return tx.InsertID(ctx, `INSERT INTO extra_holidays (date, name, legal_basis, created_by_name, created_at) VALUES (?, ?, ?, ?, ?)`,
		d.Date.String(), d.Name, d.Basis, d.CreatedBy, store.Millis(d.CreatedAt))
}

func findDayOn(ctx context.Context, db store.Queryer, date calendar.Date) (Day, error) {
	return scanDay(db.QueryRowContext(ctx, `SELECT `+dayColumns+` FROM extra_holidays WHERE date = ?`, date.String()))
}
