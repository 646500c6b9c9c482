package site

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/store"
)

// The staff dashboard's lists.
const (
	ListDrafts    = "juodrasciai" // my drafts
	ListReview    = "perziurai"   // awaiting my review
	ListReturned  = "grazinti"    // returned to me
	ListScheduled = "suplanuoti"  // approved to go live later, in my area
	ListPublished = "paskelbti"   // live pages in my area
	ListExpiring  = "baigiasi"    // live pages whose term ends within 30 days
	ListArchived  = "archyvuoti"  // pages whose term ended
	expiringDays  = 30
)

// Lists in the order of the dashboard's tabs.
var Lists = []string{ListDrafts, ListReview, ListReturned, ListScheduled, ListPublished, ListExpiring, ListArchived}

// WorkFilter selects one list for one user.
type WorkFilter struct {
	List          string
	SectionID     int64
	DepartmentID  int64
	Query         string
	Offset, Limit int
}

// WorkItem is a row of a staff list: a page with the revision the list is
// about.
type WorkItem struct {
	PageID       int64
	Path         string
	RevisionID   int64
	Title        string
	State        State
	AuthorName   string
	Section      string
	Department   string
	UpdatedAt    time.Time
	TermEnd      time.Time
	ReturnReason string
	// Archived: the live revision's term has ended, so the page is in the
	// archive though the revision's state still says published.
	Archived bool
	GoLiveAt time.Time // the row's revision is scheduled to go live then
}

// workFrom is the FROM and WHERE of one list for by, with its arguments:
// the one scoping both the list and its count on the tab.
func workFrom(by actor.Actor, f WorkFilter, now time.Time) (string, []any, error) {
	where := []string{"p.institution_id = ?"}
	args := []any{by.InstitutionID}
	join := "r.id = p.live_revision_id"
	switch f.List {
	case ListDrafts:
		join = "r.page_id = p.id"
		where, args = append(where, "r.state = 'draft' AND r.author_id = ?"), append(args, by.ID)
	case ListReturned:
		join = "r.page_id = p.id"
		where, args = append(where, "r.state = 'returned' AND r.author_id = ?"), append(args, by.ID)
	case ListReview:
		join = "r.page_id = p.id"
		where = append(where, "r.state = 'review'")
		w, a := reviewScope(by)
		where, args = append(where, w), append(args, a...)
	case ListScheduled:
		join = "r.id = p.scheduled_revision_id"
		w, a := areaScope(by)
		where, args = append(where, w), append(args, a...)
	case ListPublished, ListExpiring, ListArchived:
		where = append(where, "p.unpublished_at IS NULL")
		switch f.List {
		case ListPublished:
			where, args = append(where, "p.term_end > ?"), append(args, store.Millis(now))
		case ListExpiring:
			where, args = append(where, "p.term_end > ? AND p.term_end <= ?"), append(args, store.Millis(now), store.Millis(now.AddDate(0, 0, expiringDays)))
		case ListArchived:
			where, args = append(where, "p.term_end <= ?"), append(args, store.Millis(now))
		}
		w, a := areaScope(by)
		where, args = append(where, w), append(args, a...)
	default:
		return "", nil, fmt.Errorf("unknown list %q", f.List)
	}
	if f.SectionID != 0 {
		where, args = append(where, "(s.id = ? OR s.parent_id = ?)"), append(args, f.SectionID, f.SectionID)
	}
	if f.DepartmentID != 0 {
		where, args = append(where, "p.department_id = ?"), append(args, f.DepartmentID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// Titles are matched as typed; LIKE folds only ASCII case in SQLite.
		where, args = append(where, "(r.title LIKE ? OR p.path LIKE ?)"), append(args, "%"+q+"%", "%"+q+"%")
	}
	from := ` FROM pages p JOIN page_revisions r ON ` + join + ` JOIN sections s ON s.id = p.section_id
		LEFT JOIN departments d ON d.id = p.department_id LEFT JOIN users a ON a.id = r.author_id
		WHERE ` + strings.Join(where, " AND ")
	return from, args, nil
}

// FindWork returns the rows of one dashboard list for u and how many there
// are in all.
func FindWork(ctx context.Context, db *store.DB, by actor.Actor, f WorkFilter, now time.Time) ([]WorkItem, int, error) {
	from, args, err := workFrom(by, f, now)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count %s: %w", f.List, err)
	}
	order := "r.updated_at DESC"
	switch f.List {
	case ListExpiring:
		order = "p.term_end"
	case ListScheduled:
		order = "p.go_live_at"
	}
	if f.Limit == 0 {
		f.Limit = 25
	}
	rows, err := db.QueryContext(ctx, `SELECT p.id, p.path, r.id, r.title, r.state, COALESCE(a.name, ''), s.title, COALESCE(d.name, ''),
		r.updated_at, p.term_end, r.return_reason, CASE WHEN r.id = p.scheduled_revision_id THEN p.go_live_at END`+from+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list %s: %w", f.List, err)
	}
	defer rows.Close()
	var out []WorkItem
	for rows.Next() {
		var w WorkItem
		if err := rows.Scan(&w.PageID, &w.Path, &w.RevisionID, &w.Title, &w.State, &w.AuthorName, &w.Section, &w.Department,
			store.Time(&w.UpdatedAt), store.Time(&w.TermEnd), &w.ReturnReason, store.Time(&w.GoLiveAt)); err != nil {
			return nil, 0, err
		}
		w.Archived = w.State == StatePublished && !now.Before(w.TermEnd)
		out = append(out, w)
	}
	return out, total, rows.Err()
}

// CountWork counts every list for by, unfiltered, as the tabs show them.
func CountWork(ctx context.Context, db *store.DB, by actor.Actor, now time.Time) (map[string]int, error) {
	counts := map[string]int{}
	for _, l := range Lists {
		from, args, err := workFrom(by, WorkFilter{List: l}, now)
		if err != nil {
			return nil, err
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*)`+from, args...).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", l, err)
		}
		counts[l] = n
	}
	return counts, nil
}

// reviewScope is the SQL condition for "awaiting my review" (WEB-20): a
// department editor reviews their department; the reception editor reviews
// general content and departments without an editor of their own; the
// legal-acts publisher reviews the legal-acts sections.
func reviewScope(by actor.Actor) (string, []any) {
	switch by.Role {
	case actor.RoleAdmin:
		return "TRUE", nil
	case actor.RoleDepartmentEditor:
		return "s.legal_acts = FALSE AND p.department_id = ?", []any{by.DepartmentID}
	case actor.RoleLegalPublisher:
		return "s.legal_acts = TRUE", nil
	case actor.RoleReception:
		return `s.legal_acts = FALSE AND (p.department_id IS NULL OR NOT EXISTS (SELECT 1 FROM users e
			WHERE e.department_id = p.department_id AND e.role = 'department_editor' AND e.active = TRUE))`, nil
	}
	return "FALSE", nil
}

// areaScope is the part of the site a user looks after.
func areaScope(by actor.Actor) (string, []any) {
	switch by.Role {
	case actor.RoleDepartmentEditor, actor.RoleContributor:
		return "p.department_id = ?", []any{by.DepartmentID}
	case actor.RoleLegalPublisher:
		return "s.legal_acts = TRUE", nil
	}
	return "TRUE", nil
}
