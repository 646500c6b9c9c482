package media

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/store"
)

const itemColumns = `m.id, m.institution_id, m.department_id, m.kind, m.title, m.description, m.alt, m.decorative, m.slug,
	m.file_key, m.content_type, m.size, m.sha256, m.width, m.height, m.copy_id, m.file_version, m.uploaded_by,
	m.created_at, m.updated_at, m.version, COALESCE(d.name, ''), COALESCE(u.name, '')`

const itemJoins = ` FROM media_items m LEFT JOIN departments d ON d.id = m.department_id LEFT JOIN users u ON u.id = m.uploaded_by`

type scanner interface{ Scan(dest ...any) error }

func scanItem(row scanner) (*Item, error) {
	it := &Item{}
	var dept, copyID, uploader sql.NullInt64
	if err := row.Scan(&it.ID, &it.InstitutionID, &dept, &it.Kind, &it.Title, &it.Description, &it.Alt, &it.Decorative,
		&it.Slug, &it.FileKey, &it.ContentType, &it.Size, &it.SHA256, &it.Width, &it.Height, &copyID, &it.FileVersion,
		&uploader, store.Time(&it.CreatedAt), store.Time(&it.UpdatedAt), &it.Version, &it.DepartmentName, &it.UploaderName); err != nil {
		return nil, err
	}
	it.DepartmentID, it.CopyID, it.UploadedBy = dept.Int64, copyID.Int64, uploader.Int64
	return it, nil
}

// Find returns an item of the institution, whoever may see it.
func Find(ctx context.Context, q store.Queryer, institutionID, id int64) (*Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemColumns+itemJoins+` WHERE m.institution_id = ? AND m.id = ?`, institutionID, id))
	if err != nil {
		return nil, fmt.Errorf("find media item %d: %w", id, err)
	}
	return it, nil
}

// Filter narrows the library's list.
type Filter struct {
	Query        string // in the title
	Kind         Kind   // "": both
	DepartmentID int64  // 0: every department the actor sees
	NeedsDetails bool   // images still without a text alternative
	Offset       int
	Limit        int
}

// list returns the items by may see that match f, newest first, and how
// many match in all.
func list(ctx context.Context, q store.Queryer, by actor.Actor, f Filter) ([]*Item, int, error) {
	where := []string{"m.institution_id = ?"}
	args := []any{by.InstitutionID}
	if !seesAll(by) { // their department's items and those of none (canSee)
		where = append(where, "(m.department_id = ? OR m.department_id IS NULL)")
		args = append(args, by.DepartmentID)
	}
	if f.Kind != "" {
		where = append(where, "m.kind = ?")
		args = append(args, f.Kind)
	}
	if f.DepartmentID != 0 {
		where = append(where, "m.department_id = ?")
		args = append(args, f.DepartmentID)
	}
	if f.NeedsDetails {
		where = append(where, "m.kind = 'image' AND m.alt = '' AND m.decorative = FALSE")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, "LOWER(m.title) LIKE ? ESCAPE '\\'")
		args = append(args, "%"+likeEscape(strings.ToLower(q))+"%")
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM media_items m`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count media: %w", err)
	}
	if f.Limit == 0 {
		f.Limit = 25
	}
	rows, err := q.QueryContext(ctx, `SELECT `+itemColumns+itemJoins+cond+` ORDER BY m.id DESC LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list media: %w", err)
	}
	defer rows.Close()
	var out []*Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, it)
	}
	return out, total, rows.Err()
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

// Use is a page that links to an item.
type Use struct {
	PageID int64
	Title  string
	Path   string
	Live   bool // the live revision links to it (the file is public)
}

// Uses are the pages that link to an item, as one reader may know them:
// pages they may not see are only counted, so a draft's title does not
// reach another department through a shared file.
type Uses struct {
	Shown  []Use
	Hidden int
}

// Any reports whether any page links to the item.
func (u Uses) Any() bool { return len(u.Shown) > 0 || u.Hidden > 0 }

// usedRevision is the condition on r (a revision) and p (its page) for a
// link that keeps an item in use: the live, the scheduled (WEB-23) or an
// open revision.
const usedRevision = `(r.id = p.live_revision_id OR r.id = p.scheduled_revision_id OR r.state IN ('draft', 'review', 'returned'))`

// usesOf lists the pages whose live, scheduled or open revision links to
// the item, as by may know them: while there are any, the item may not be
// removed.
func usesOf(ctx context.Context, q store.Queryer, by actor.Actor, mediaID int64) (Uses, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, MAX(r.title), p.path, p.institution_id, p.department_id, s.legal_acts,
		MAX(CASE WHEN r.id = p.live_revision_id AND p.unpublished_at IS NULL THEN 1 ELSE 0 END)
		FROM media_uses mu JOIN page_revisions r ON r.id = mu.revision_id JOIN pages p ON p.id = mu.page_id
		JOIN sections s ON s.id = p.section_id
		WHERE mu.media_id = ? AND `+usedRevision+`
		GROUP BY p.id, p.path, p.institution_id, p.department_id, s.legal_acts ORDER BY p.path`, mediaID)
	if err != nil {
		return Uses{}, fmt.Errorf("media uses: %w", err)
	}
	defer rows.Close()
	var out Uses
	for rows.Next() {
		var u Use
		var inst int64
		var dept sql.NullInt64
		var legal bool
		var live int
		if err := rows.Scan(&u.PageID, &u.Title, &u.Path, &inst, &dept, &legal, &live); err != nil {
			return Uses{}, err
		}
		u.Live = live == 1
		if u.Live || site.CanSeePage(by, inst, dept.Int64, legal) {
			out.Shown = append(out.Shown, u)
		} else {
			out.Hidden++
		}
	}
	return out, rows.Err()
}

// isPublic reports whether a page the public sees (live, or in the
// archive, WEB-23) links to the item from its live revision.
func isPublic(ctx context.Context, q store.Queryer, mediaID int64, now time.Time) (bool, error) {
	var n int
	// A scheduled revision is live from its go-live instant, before the
	// job records its publication.
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM media_uses mu JOIN pages p ON p.live_revision_id = mu.revision_id
		OR (p.scheduled_revision_id = mu.revision_id AND p.go_live_at <= ?)
		WHERE mu.media_id = ? AND p.unpublished_at IS NULL`, store.Millis(now), mediaID).Scan(&n)
	return n > 0, err
}

// RecordUses implements site.MediaInfo: it replaces the list of items a
// page revision links to. Ids of no item of the institution are left out,
// and so are new links to items by may not see that are not public
// already; a link the revision had stays.
func (s *Service) RecordUses(ctx context.Context, tx *store.Tx, by actor.Actor, institutionID, pageID, revisionID int64, ids []int64) error {
	had, err := usedBy(ctx, tx, revisionID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM media_uses WHERE revision_id = ?`, revisionID); err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		it, err := Find(ctx, tx, institutionID, id)
		if isNotFound(err) {
			continue
		} else if err != nil {
			return err
		}
		if !had[it.ID] && !canSee(by, it.InstitutionID, it.DepartmentID) {
			if public, err := isPublic(ctx, tx, it.ID, tx.Now); err != nil || !public {
				if err != nil {
					return err
				}
				continue
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO media_uses (media_id, revision_id, page_id) VALUES (?, ?, ?)`,
			it.ID, revisionID, pageID); err != nil {
			return fmt.Errorf("record media use: %w", err)
		}
	}
	return nil
}

// usedBy returns the items a revision links to, as recorded.
func usedBy(ctx context.Context, q store.Queryer, revisionID int64) (map[int64]bool, error) {
	return store.IDSet(ctx, q, `SELECT media_id FROM media_uses WHERE revision_id = ?`, revisionID)
}
