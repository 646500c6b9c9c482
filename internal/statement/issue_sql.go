package statement

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/store"
)

const issueColumns = `id, institution_id, description_lt, description_en, criterion, reason, justification_lt,
	justification_en, assessed_on, alternative_lt, alternative_en, status, source, rule, pages, last_check_id,
	resolved_at, created_at, updated_at, version FROM accessibility_issues`

type scanner interface{ Scan(dest ...any) error }

func scanIssue(row scanner) (*Issue, error) {
	is := &Issue{}
	var assessed, pages string
	var lastCheck sql.NullInt64
	if err := row.Scan(&is.ID, &is.InstitutionID, &is.Description.LT, &is.Description.EN, &is.Criterion, &is.Reason,
		&is.Justification.LT, &is.Justification.EN, &assessed, &is.Alternative.LT, &is.Alternative.EN, &is.Status,
		&is.Source, &is.Rule, &pages, &lastCheck, store.Time(&is.ResolvedAt), store.Time(&is.CreatedAt),
		store.Time(&is.UpdatedAt), &is.Version); err != nil {
		return nil, err
	}
	is.LastCheckID = lastCheck.Int64
	if pages != "" {
		is.Pages = strings.Split(pages, "\n")
	}
	if assessed != "" {
		d, err := calendar.ParseDate(assessed)
		if err != nil {
			return nil, fmt.Errorf("entry %d: assessed on: %w", is.ID, err)
		}
		is.AssessedOn = d
	}
	return is, nil
}

// FindIssue returns one entry of the institution.
func FindIssue(ctx context.Context, q store.Queryer, institutionID, id int64) (*Issue, error) {
	is, err := scanIssue(q.QueryRowContext(ctx, `SELECT `+issueColumns+` WHERE institution_id = ? AND id = ?`, institutionID, id))
	if err != nil {
		return nil, fmt.Errorf("find accessibility entry %d: %w", id, err)
	}
	return is, nil
}

// Issues lists the institution's entries with one of statuses, in the
// order they were added.
func Issues(ctx context.Context, q store.Queryer, institutionID int64, statuses ...IssueStatus) ([]*Issue, error) {
	args := []any{institutionID}
	for _, s := range statuses {
		args = append(args, s)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+issueColumns+` WHERE institution_id = ? AND status IN (`+
		store.Placeholders(len(statuses))+`) ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list accessibility entries: %w", err)
	}
	defer rows.Close()
	var out []*Issue
	for rows.Next() {
		is, err := scanIssue(rows)
		if err != nil {
			return nil, fmt.Errorf("scan accessibility entry: %w", err)
		}
		out = append(out, is)
	}
	return out, rows.Err()
}

func insertIssue(ctx context.Context, tx *store.Tx, is *Issue) error {
	id, err := tx.InsertID(ctx, `INSERT INTO accessibility_issues (institution_id, description_lt, description_en, criterion,
		reason, justification_lt, justification_en, assessed_on, alternative_lt, alternative_en, status, source, rule, pages,
		last_check_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		is.InstitutionID, is.Description.LT, is.Description.EN, is.Criterion, is.Reason, is.Justification.LT,
		is.Justification.EN, dateString(is.AssessedOn), is.Alternative.LT, is.Alternative.EN, is.Status, is.Source, is.Rule,
		strings.Join(is.Pages, "\n"), nullID(is.LastCheckID), store.Millis(tx.Now), store.Millis(tx.Now))
	if err != nil {
		return fmt.Errorf("add accessibility entry: %w", err)
	}
	is.ID, is.Version, is.CreatedAt, is.UpdatedAt = id, 1, tx.Now, tx.Now
	return nil
}

// updateIssue saves what staff edit, and the status, if the entry is still
// at is.Version; otherwise store.ErrConflict.
func updateIssue(ctx context.Context, tx *store.Tx, is *Issue) error {
	err := tx.ExecOne(ctx, `UPDATE accessibility_issues SET description_lt = ?, description_en = ?, criterion = ?, reason = ?,
		justification_lt = ?, justification_en = ?, assessed_on = ?, alternative_lt = ?, alternative_en = ?, status = ?,
		resolved_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
		is.Description.LT, is.Description.EN, is.Criterion, is.Reason, is.Justification.LT, is.Justification.EN,
		dateString(is.AssessedOn), is.Alternative.LT, is.Alternative.EN, is.Status, store.Millis(is.ResolvedAt),
		store.Millis(tx.Now), is.ID, is.Version)
	if err != nil {
		return fmt.Errorf("update accessibility entry %d: %w", is.ID, err)
	}
	is.Version++
	is.UpdatedAt = tx.Now
	return nil
}

// markFound records where the latest check found an entry's rule. It does
// not change the version: an administrator editing the entry meanwhile
// keeps a valid form.
func markFound(ctx context.Context, tx *store.Tx, id, checkID int64, pages []string) error {
	_, err := tx.ExecContext(ctx, `UPDATE accessibility_issues SET pages = ?, last_check_id = ? WHERE id = ?`,
		strings.Join(pages, "\n"), checkID, id)
	if err != nil {
		return fmt.Errorf("mark accessibility entry %d found: %w", id, err)
	}
	return nil
}

func deleteIssue(ctx context.Context, tx *store.Tx, is *Issue) error {
	if err := tx.ExecOne(ctx, `DELETE FROM accessibility_issues WHERE id = ? AND version = ?`, is.ID, is.Version); err != nil {
		return fmt.Errorf("remove accessibility entry %d: %w", is.ID, err)
	}
	return nil
}
