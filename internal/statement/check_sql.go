package statement

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/store"
)

// insertCheck stores a check's result: the check, the pages it visited and
// each rule failing on each page.
func insertCheck(ctx context.Context, tx *store.Tx, institutionID int64, at time.Time, res CheckResult) (int64, error) {
	id, err := tx.InsertID(ctx, `INSERT INTO accessibility_checks (institution_id, checked_at, base_url, pages_checked, created_at)
		VALUES (?, ?, ?, ?, ?)`, institutionID, store.Millis(at), res.BaseURL, len(res.Pages), store.Millis(tx.Now))
	if err != nil {
		return 0, fmt.Errorf("store accessibility check: %w", err)
	}
	for i, p := range res.Pages {
		if _, err := tx.ExecContext(ctx, `INSERT INTO accessibility_check_pages (check_id, position, path) VALUES (?, ?, ?)`,
			id, i, p.Path); err != nil {
			return 0, fmt.Errorf("store checked page %s: %w", p.Path, err)
		}
		for _, v := range p.Violations {
			nodes := v.Nodes[:min(len(v.Nodes), maxNodes)]
			if _, err := tx.ExecContext(ctx, `INSERT INTO accessibility_check_violations (check_id, path, rule, impact, help,
				help_url, node_count, nodes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				id, p.Path, v.Rule, v.Impact, v.Help, v.HelpURL, len(v.Nodes), strings.Join(nodes, "\n")); err != nil {
				return 0, fmt.Errorf("store violation %s on %s: %w", v.Rule, p.Path, err)
			}
		}
	}
	return id, nil
}

const checkColumns = `c.id, c.checked_at, c.base_url, c.pages_checked,
	(SELECT COUNT(*) FROM accessibility_check_violations v WHERE v.check_id = c.id),
	(SELECT COALESCE(SUM(v.node_count), 0) FROM accessibility_check_violations v WHERE v.check_id = c.id)
	FROM accessibility_checks c`

func scanCheck(row scanner) (*Check, error) {
	c := &Check{}
	err := row.Scan(&c.ID, store.Time(&c.CheckedAt), &c.BaseURL, &c.PagesChecked, &c.Violations, &c.Elements)
	return c, err
}

// LatestCheck returns the institution's most recent check with its rules;
// store.ErrNotFound when none was run.
func LatestCheck(ctx context.Context, q store.Queryer, institutionID int64) (*Check, error) {
	c, err := scanCheck(q.QueryRowContext(ctx, `SELECT `+checkColumns+` WHERE c.institution_id = ?
		ORDER BY c.checked_at DESC, c.id DESC LIMIT 1`, institutionID))
	if err != nil {
		return nil, fmt.Errorf("latest accessibility check: %w", err)
	}
	return c, withRules(ctx, q, c)
}

// FindCheck returns one check of the institution with its rules.
func FindCheck(ctx context.Context, q store.Queryer, institutionID, id int64) (*Check, error) {
	c, err := scanCheck(q.QueryRowContext(ctx, `SELECT `+checkColumns+` WHERE c.institution_id = ? AND c.id = ?`, institutionID, id))
	if err != nil {
		return nil, fmt.Errorf("find accessibility check %d: %w", id, err)
	}
	return c, withRules(ctx, q, c)
}

// Checks lists the institution's checks, newest first, without their rules.
func Checks(ctx context.Context, q store.Queryer, institutionID int64, limit int) ([]*Check, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+checkColumns+` WHERE c.institution_id = ?
		ORDER BY c.checked_at DESC, c.id DESC LIMIT ?`, institutionID, limit)
	if err != nil {
		return nil, fmt.Errorf("list accessibility checks: %w", err)
	}
	defer rows.Close()
	var out []*Check
	for rows.Next() {
		c, err := scanCheck(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

type violationRow struct {
	Path, Rule, Impact, Help, HelpURL string
	NodeCount                         int
}

func withRules(ctx context.Context, q store.Queryer, c *Check) error {
	rows, err := q.QueryContext(ctx, `SELECT path, rule, impact, help, help_url, node_count FROM accessibility_check_violations
		WHERE check_id = ? ORDER BY id`, c.ID)
	if err != nil {
		return fmt.Errorf("violations of check %d: %w", c.ID, err)
	}
	defer rows.Close()
	var vs []violationRow
	for rows.Next() {
		var v violationRow
		if err := rows.Scan(&v.Path, &v.Rule, &v.Impact, &v.Help, &v.HelpURL, &v.NodeCount); err != nil {
			return err
		}
		vs = append(vs, v)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	c.Rules = byRule(vs)
	return nil
}
