package site

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// canPlace: may by have page p in a section with the legalActs flag — take
// it out of its section or put it into another? Whoever may edit the page
// there, and, once the public has seen the page, only someone who may
// publish it there: a move changes the public site, which contributors
// never do on their own (WEB-20). Legal-act sections take and give pages
// only through those who publish legal acts (WEB-19).
func canPlace(by actor.Actor, p *Page, legalActs bool) bool {
	if !canEdit(by, p.InstitutionID, p.DepartmentID, legalActs) {
		return false
	}
	return canPublish(by, p.InstitutionID, p.DepartmentID, legalActs) || (!legalActs && p.LiveRevisionID == 0)
}

// MovePage moves a page to another section: its address changes to the
// new section's, and the old address redirects to the new one (the public
// address of an archived page is its archived copy). version is the page's
// version the form was opened on.
func (s *Service) MovePage(ctx context.Context, by actor.Actor, in *institution.Institution, pageID, version, targetID int64) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err := FindPage(ctx, tx, in.ID, pageID)
		if err != nil {
			return err
		}
		if !canPlace(by, p, p.LegalActs) {
			return web.ErrForbidden
		}
		if p.Version != version {
			return store.ErrConflict
		}
		target, err := s.moveTarget(ctx, tx, by, in.ID, p, targetID, "section_id")
		if err != nil {
			return err
		}
		if err := s.movePage(ctx, tx, by, p, target); err != nil {
			return err
		}
		return s.cache.Bump(ctx, tx)
	})
}

// moveTarget loads and checks the section p is to move to; a refusal is a
// field error on field.
func (s *Service) moveTarget(ctx context.Context, tx *store.Tx, by actor.Actor, institutionID int64, p *Page, targetID int64, field string) (*Section, error) {
	target, err := findSectionTx(ctx, tx, institutionID, targetID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, web.FieldErrors{{Field: field, Key: "site.error.section_required"}}
	}
	if err != nil {
		return nil, err
	}
	if target.ID == p.SectionID {
		return nil, web.FieldErrors{{Field: field, Key: "site.error.move_same_section"}}
	}
	if !canPlace(by, p, target.LegalActs) {
		return nil, web.FieldErrors{{Field: field, Key: "site.error.move_target_forbidden", Args: []any{target.Title}}}
	}
	if p.LegalActs != target.LegalActs {
		// The review under way is the one its present section asks for
		// (WEB-19's three working days, or the department's); it ends
		// before the page changes sides.
		if open, err := openRevision(ctx, tx, p.ID); err == nil && open.State == StateReview {
			return nil, web.FieldErrors{{Field: field, Key: "site.error.move_in_review"}}
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	return target, nil
}

// movePage puts p at the end of target with an address there, keeps its
// old address working and audits the move; the caller bumps the cache.
func (s *Service) movePage(ctx context.Context, tx *store.Tx, by actor.Actor, p *Page, target *Section) error {
	path, err := uniquePath(ctx, tx, p.InstitutionID, target.Path+"/"+lastSegment(p.Path))
	if err != nil {
		return err
	}
	if err := tx.ExecOne(ctx, `UPDATE pages SET section_id = ?, path = ?,
		position = (SELECT COALESCE(MAX(position), 0) + 10 FROM pages WHERE section_id = ?), version = version + 1
		WHERE id = ? AND version = ?`, target.ID, path, target.ID, p.ID, p.Version); err != nil {
		return err
	}
	if err := pathMoved(ctx, tx, p, p.Path, path, RedirectMove, by); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Change{InstitutionID: p.InstitutionID, Actor: by, Action: "site.page.move",
		ObjectType: "page", ObjectID: p.ID,
		Summary: fmt.Sprintf("Puslapis perkeltas iš skyriaus „%s“ į „%s“: %s → %s", p.SectionTitle, target.Title, p.Path, path),
		Before:  map[string]string{"section": p.SectionTitle, "path": p.Path},
		After:   map[string]string{"section": target.Title, "path": path}})
}

func lastSegment(path string) string { return path[strings.LastIndex(path, "/")+1:] }

// likePrefix is a LIKE pattern for every path below prefix.
func likePrefix(prefix string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(prefix) + "/%"
}

// repathSection moves a section's address from old to new with everything
// below it — subsections and pages — and leaves a redirect at every old
// address the public could reach. It returns how many addresses moved.
func repathSection(ctx context.Context, tx *store.Tx, by actor.Actor, institutionID int64, old, new string) (int, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM sections WHERE institution_id = ? AND (path = ? OR path LIKE ? ESCAPE '\'))
		+ (SELECT COUNT(*) FROM pages WHERE institution_id = ? AND (path = ? OR path LIKE ? ESCAPE '\'))`,
		institutionID, new, likePrefix(new), institutionID, new, likePrefix(new)).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, web.FieldErrors{{Field: "title", Key: "site.error.section_path_taken", Args: []any{new}}}
	}
	type moved struct {
		id   int64
		path string
	}
	var secs []moved
	rows, err := tx.QueryContext(ctx, `SELECT id, path FROM sections WHERE institution_id = ? AND (path = ? OR path LIKE ? ESCAPE '\')`,
		institutionID, old, likePrefix(old))
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var m moved
		if err := rows.Scan(&m.id, &m.path); err != nil {
			rows.Close()
			return 0, err
		}
		secs = append(secs, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var pages []*Page
	rows, err = tx.QueryContext(ctx, `SELECT `+pageColumns+pageJoins+` WHERE p.institution_id = ? AND p.path LIKE ? ESCAPE '\'`,
		institutionID, likePrefix(old))
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		pages = append(pages, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	renamed := func(path string) string { return new + strings.TrimPrefix(path, old) }
	for _, m := range secs {
		if err := tx.ExecOne(ctx, `UPDATE sections SET path = ? WHERE id = ?`, renamed(m.path), m.id); err != nil {
			return 0, err
		}
		if err := addRedirect(ctx, tx, institutionID, m.path, renamed(m.path), RedirectRename, by); err != nil {
			return 0, err
		}
	}
	for _, p := range pages {
		if err := tx.ExecOne(ctx, `UPDATE pages SET path = ?, version = version + 1 WHERE id = ?`, renamed(p.Path), p.ID); err != nil {
			return 0, err
		}
		if err := pathMoved(ctx, tx, p, p.Path, renamed(p.Path), RedirectRename, by); err != nil {
			return 0, err
		}
	}
	return len(secs) + len(pages), nil
}

// movePagesOut moves every page of a section that is being deleted to the
// section pagesTo, each checked and audited as a single move would be, and
// leads the section's address there too. It returns what the deletion's
// audit entry records of them (nil: none).
func (s *Service) movePagesOut(ctx context.Context, tx *store.Tx, by actor.Actor, sec *Section, pagesTo int64) (map[string]any, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+pageColumns+pageJoins+` WHERE p.section_id = ? ORDER BY p.position, p.id`, sec.ID)
	if err != nil {
		return nil, err
	}
	var pages []*Page
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		pages = append(pages, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(pages) == 0 {
		return nil, err
	}
	if pagesTo == 0 {
		return nil, web.FieldErrors{{Field: "pages_to", Key: "site.error.section_pages_target", Args: []any{len(pages)}}}
	}
	var target *Section
	paths := make([]string, 0, len(pages))
	for _, p := range pages {
		if !canPlace(by, p, p.LegalActs) {
			return nil, web.FieldErrors{{Field: "pages_to", Key: "site.error.move_target_forbidden", Args: []any{sec.Title}}}
		}
		if target, err = s.moveTarget(ctx, tx, by, sec.InstitutionID, p, pagesTo, "pages_to"); err != nil {
			return nil, err
		}
		if err := s.movePage(ctx, tx, by, p, target); err != nil {
			return nil, err
		}
		paths = append(paths, p.Path)
	}
	// The section's own address leads to where its pages went.
	if err := addRedirect(ctx, tx, sec.InstitutionID, sec.Path, target.Path, RedirectMove, by); err != nil {
		return nil, err
	}
	return map[string]any{"pages_moved_to": target.Title, "pages": paths}, nil
}
