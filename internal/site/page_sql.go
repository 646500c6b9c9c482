package site

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/savivalda/savivalda/internal/store"
)

// pageColumns selects a page with its section and department for display.
const pageColumns = `p.id, p.institution_id, p.section_id, p.department_id, p.path, p.live_revision_id, p.published_at,
	p.updated_at, p.published_by, p.term_end, p.archived_at, p.unpublished_at, p.unpublish_reason, p.version,
	p.scheduled_revision_id, p.go_live_at, s.title, s.path, s.legal_acts, COALESCE(d.name, ''), COALESCE(u.name, '')`

const pageJoins = ` FROM pages p` + pageJoinsRest

const pageJoinsRest = ` JOIN sections s ON s.id = p.section_id
	LEFT JOIN departments d ON d.id = p.department_id LEFT JOIN users u ON u.id = p.published_by`

func scanPage(row scanner) (*Page, error) {
	p := &Page{}
	var dept, live, by, scheduled sql.NullInt64
	if err := row.Scan(&p.ID, &p.InstitutionID, &p.SectionID, &dept, &p.Path, &live, store.Time(&p.PublishedAt),
		store.Time(&p.UpdatedAt), &by, store.Time(&p.TermEnd), store.Time(&p.ArchivedAt), store.Time(&p.UnpublishedAt),
		&p.UnpublishReason, &p.Version, &scheduled, store.Time(&p.GoLiveAt), &p.SectionTitle, &p.SectionPath, &p.LegalActs,
		&p.DepartmentName, &p.PublishedByName); err != nil {
		return nil, err
	}
	p.DepartmentID, p.LiveRevisionID, p.PublishedBy, p.ScheduledRevisionID = dept.Int64, live.Int64, by.Int64, scheduled.Int64
	return p, nil
}

const revisionColumns = `r.id, r.page_id, r.number, r.title, r.body_md, r.body_html, r.responsible_name, r.responsible_phone,
	r.responsible_email, r.term_end, r.state, r.author_id, COALESCE(a.name, ''), r.submitted_at, r.reviewer_id,
	r.reviewed_at, r.return_reason, r.created_at, r.updated_at, r.version`

const revisionJoins = ` FROM page_revisions r LEFT JOIN users a ON a.id = r.author_id`

func scanRevision(row scanner) (*Revision, error) {
	r := &Revision{}
	var author, reviewer sql.NullInt64
	if err := row.Scan(&r.ID, &r.PageID, &r.Number, &r.Title, &r.BodyMD, &r.BodyHTML, &r.ResponsibleName,
		&r.ResponsiblePhone, &r.ResponsibleEmail, store.Time(&r.TermEnd), &r.State, &author, &r.AuthorName,
		store.Time(&r.SubmittedAt), &reviewer, store.Time(&r.ReviewedAt), &r.ReturnReason, store.Time(&r.CreatedAt),
		store.Time(&r.UpdatedAt), &r.Version); err != nil {
		return nil, err
	}
	r.AuthorID, r.ReviewerID = author.Int64, reviewer.Int64
	return r, nil
}

// queryer is a *store.DB or a *store.Tx.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *store.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// FindPage returns a page of the institution.
func FindPage(ctx context.Context, q queryer, institutionID, id int64) (*Page, error) {
	p, err := scanPage(q.QueryRowContext(ctx, `SELECT `+pageColumns+pageJoins+` WHERE p.institution_id = ? AND p.id = ?`, institutionID, id))
	if err != nil {
		return nil, fmt.Errorf("find page %d: %w", id, err)
	}
	return p, nil
}

// FindRevision returns a revision of one of the institution's pages.
func FindRevision(ctx context.Context, q queryer, institutionID, id int64) (*Revision, error) {
	r, err := scanRevision(q.QueryRowContext(ctx, `SELECT `+revisionColumns+revisionJoins+`
		JOIN pages p ON p.id = r.page_id WHERE p.institution_id = ? AND r.id = ?`, institutionID, id))
	if err != nil {
		return nil, fmt.Errorf("find revision %d: %w", id, err)
	}
	return r, nil
}

// Revisions lists a page's revisions, newest first.
func Revisions(ctx context.Context, q queryer, pageID int64) ([]*Revision, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+revisionColumns+revisionJoins+` WHERE r.page_id = ? ORDER BY r.number DESC`, pageID)
	if err != nil {
		return nil, fmt.Errorf("list revisions: %w", err)
	}
	defer rows.Close()
	var out []*Revision
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// openRevision returns the page's revision still in the workflow, or
// ErrNotFound.
func openRevision(ctx context.Context, q queryer, pageID int64) (*Revision, error) {
	return scanRevision(q.QueryRowContext(ctx, `SELECT `+revisionColumns+revisionJoins+`
		WHERE r.page_id = ? AND r.state IN ('draft', 'review', 'returned') ORDER BY r.number DESC LIMIT 1`, pageID))
}

// LivePage returns the page published at path and its live revision, if its
// term has not ended at now.
func LivePage(ctx context.Context, db *store.DB, institutionID int64, path string, now time.Time) (*Page, *Revision, error) {
	return publishedPage(ctx, db, institutionID, path, `p.term_end > ?`, now)
}

// ArchivedPage returns a page whose term ended, for the archive (WEB-23).
func ArchivedPage(ctx context.Context, db *store.DB, institutionID int64, path string, now time.Time) (*Page, *Revision, error) {
	return publishedPage(ctx, db, institutionID, path, `p.term_end <= ?`, now)
}

func publishedPage(ctx context.Context, db *store.DB, institutionID int64, path, termCond string, now time.Time) (*Page, *Revision, error) {
	p, err := scanPage(db.QueryRowContext(ctx, `SELECT `+pageColumns+` FROM `+pagesAt+` p`+pageJoinsRest+`
		WHERE p.institution_id = ? AND p.path = ? AND p.live_revision_id IS NOT NULL AND p.unpublished_at IS NULL AND `+termCond,
		store.Millis(now), institutionID, path, store.Millis(now)))
	if err != nil {
		return nil, nil, err
	}
	r, err := scanRevision(db.QueryRowContext(ctx, `SELECT `+revisionColumns+revisionJoins+` WHERE r.id = ?`, p.LiveRevisionID))
	if err != nil {
		return nil, nil, fmt.Errorf("live revision of page %d: %w", p.ID, err)
	}
	return p, r, nil
}

// PageSummary is a page in a public list.
type PageSummary struct {
	Title       string
	Path        string
	SectionID   int64
	UpdatedAt   time.Time
	TermEnd     time.Time
	SectionName string
}

// publicPages lists live (or archived) pages as the public sees them at now,
// with a condition on p/s.
func publicPages(ctx context.Context, db *store.DB, now time.Time, cond string, args []any, order string, limit, offset int) ([]PageSummary, error) {
	args = append(append([]any{store.Millis(now)}, args...), limit, offset)
	rows, err := db.QueryContext(ctx, `SELECT r.title, p.path, p.section_id, p.updated_at, p.term_end, s.title
		FROM `+pagesAt+` p JOIN page_revisions r ON r.id = p.live_revision_id JOIN sections s ON s.id = p.section_id
		WHERE p.unpublished_at IS NULL AND `+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("list public pages: %w", err)
	}
	defer rows.Close()
	var out []PageSummary
	for rows.Next() {
		var s PageSummary
		if err := rows.Scan(&s.Title, &s.Path, &s.SectionID, store.Time(&s.UpdatedAt), store.Time(&s.TermEnd), &s.SectionName); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// LivePages lists every live page of the institution in navigation order.
func LivePages(ctx context.Context, db *store.DB, institutionID int64, now time.Time) ([]PageSummary, error) {
	return publicPages(ctx, db, now, `p.institution_id = ? AND p.term_end > ?`, []any{institutionID, store.Millis(now)},
		`p.section_id, p.position, r.title`, 100000, 0)
}

// RecentPages lists the most recently updated live pages.
func RecentPages(ctx context.Context, db *store.DB, institutionID int64, now time.Time, limit int) ([]PageSummary, error) {
	return publicPages(ctx, db, now, `p.institution_id = ? AND p.term_end > ?`, []any{institutionID, store.Millis(now)},
		`p.updated_at DESC`, limit, 0)
}

// ArchivedPages lists pages whose term ended, most recent first, with the count.
func ArchivedPages(ctx context.Context, db *store.DB, institutionID int64, now time.Time, offset int) ([]PageSummary, int, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+pagesAt+` p WHERE p.institution_id = ? AND p.live_revision_id IS NOT NULL
		AND p.unpublished_at IS NULL AND p.term_end <= ?`, store.Millis(now), institutionID, store.Millis(now)).Scan(&n); err != nil {
		return nil, 0, err
	}
	list, err := publicPages(ctx, db, now, `p.institution_id = ? AND p.term_end <= ?`, []any{institutionID, store.Millis(now)},
		`p.term_end DESC`, 25, offset)
	return list, n, err
}

// NextTermEnd is the earliest instant after now at which a public page of
// any institution changes by itself: a live page's term ends or a scheduled
// revision goes live. The render cache expires itself then.
func NextTermEnd(ctx context.Context, db *store.DB, now time.Time) (time.Time, error) {
	var t time.Time
	err := db.QueryRowContext(ctx, `SELECT MIN(t) FROM (SELECT p.term_end AS t FROM `+pagesAt+` p WHERE p.live_revision_id IS NOT NULL
		AND p.unpublished_at IS NULL AND p.term_end > ? UNION ALL SELECT go_live_at FROM pages WHERE go_live_at > ?) x`,
		store.Millis(now), store.Millis(now), store.Millis(now)).Scan(store.Time(&t))
	return t, err
}
