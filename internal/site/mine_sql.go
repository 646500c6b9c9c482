package site

import (
	"context"
	"fmt"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// MineItem is a row of "Mano pateikti": a page with the latest revision the
// user wrote on it.
type MineItem struct {
	PageID       int64
	Path         string
	Title        string
	State        State
	ReturnReason string
	Section      string
	UpdatedAt    time.Time
	TermEnd      time.Time // of the revision: the publication term it asks for
	// Status is the catalogue key of what the revision's state means for
	// the page now: a published revision whose page was archived or taken
	// off the site says so.
	Status string
}

// LastDay is the last day of the publication term the revision asks for.
func (m *MineItem) LastDay() string { return web.LastDay(m.TermEnd) }

// FindMine lists what by wrote, one row per page (their latest revision
// there), newest first, with how many there are in all. Only by's own
// revisions of their institution are listed; whether they may still open
// the page is the overview's business.
func FindMine(ctx context.Context, db *store.DB, by actor.Actor, offset int, now time.Time) ([]MineItem, int, error) {
	if !CanUse(by) {
		return nil, 0, nil
	}
	from := ` FROM page_revisions r JOIN pages p ON p.id = r.page_id JOIN sections s ON s.id = p.section_id
		WHERE p.institution_id = ? AND r.author_id = ?
		AND r.number = (SELECT MAX(m.number) FROM page_revisions m WHERE m.page_id = r.page_id AND m.author_id = r.author_id)`
	args := []any{by.InstitutionID, by.ID}
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count own revisions: %w", err)
	}
	rows, err := db.QueryContext(ctx, `SELECT p.id, p.path, r.title, r.state, r.return_reason, s.title, r.updated_at, r.term_end,
		COALESCE(p.live_revision_id, 0) = r.id, p.unpublished_at, p.term_end`+from+` ORDER BY r.updated_at DESC, r.id DESC LIMIT ? OFFSET ?`,
		append(args, web.PerPage, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list own revisions: %w", err)
	}
	defer rows.Close()
	var out []MineItem
	for rows.Next() {
		var it MineItem
		var live bool
		var unpublished, pageTerm time.Time
		if err := rows.Scan(&it.PageID, &it.Path, &it.Title, &it.State, &it.ReturnReason, &it.Section, store.Time(&it.UpdatedAt),
			store.Time(&it.TermEnd), &live, store.Time(&unpublished), store.Time(&pageTerm)); err != nil {
			return nil, 0, err
		}
		it.Status = it.State.Label()
		switch {
		case live && !unpublished.IsZero():
			it.Status = "site.status.unpublished"
		case live && !now.Before(pageTerm):
			it.Status = "site.status.archived"
		}
		out = append(out, it)
	}
	return out, total, rows.Err()
}
