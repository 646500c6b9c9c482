package site

import (
	"context"
	"fmt"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// CreateSection adds a free section (Turizmas, Verslas …) at the top level
// or under a section (WEB-02). Its title must fit WEB-03.
func (s *Service) CreateSection(ctx context.Context, by actor.Actor, in *institution.Institution, f *SectionForm) (int64, error) {
	if !CanManageSections(by) || by.InstitutionID != in.ID {
		return 0, web.ErrForbidden
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		fe := f.Validate(false)
		parentPath, legalActs := "", false
		if f.ParentID != 0 {
			parent, err := findSectionTx(ctx, tx, in.ID, f.ParentID)
			if err != nil {
				fe.Add("parent_id", "site.error.section_required")
			} else {
				// Everything below "Teisės aktai" is legal acts: only the
				// appointed publisher publishes there (WEB-19).
				parentPath, legalActs = parent.Path, parent.LegalActs
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		title := strings.TrimSpace(f.Title)
		path, err := checkSectionName(ctx, tx, in.ID, f.ParentID, 0, parentPath, title)
		if err != nil {
			return err
		}
		var pos int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 10 FROM sections WHERE institution_id = ?`, in.ID).Scan(&pos); err != nil {
			return err
		}
		id, err = tx.InsertID(ctx, `INSERT INTO sections (institution_id, parent_id, path, title, position, legal_acts, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, in.ID, nullID(f.ParentID), path, title, pos, legalActs, store.Millis(tx.Now), store.Millis(tx.Now))
		if err != nil {
			return fmt.Errorf("create section: %w", err)
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: in.ID, Actor: by, Action: "site.section.create",
			ObjectType: "section", ObjectID: id, Summary: fmt.Sprintf("Sukurtas skyrius „%s“ (%s)", title, path),
			After: map[string]any{"title": title, "path": path, "legal_acts": legalActs}}); err != nil {
			return err
		}
		return s.cache.Bump(ctx, tx)
	})
	return id, err
}

// UpdateSection renames a free section and sets the statement a mandated
// area shows while it has no content. Mandated titles are the law's and stay.
func (s *Service) UpdateSection(ctx context.Context, by actor.Actor, in *institution.Institution, id int64, f *SectionForm) error {
	if !CanManageSections(by) || by.InstitutionID != in.ID {
		return web.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		sec, err := findSectionTx(ctx, tx, in.ID, id)
		if err != nil {
			return err
		}
		if err := f.Validate(sec.Mandated()).Err(); err != nil {
			return err
		}
		if sec.UpdatedAt.UnixMilli() != f.Version {
			return store.ErrConflict
		}
		title, path := sec.Title, sec.Path
		if !sec.Mandated() && strings.TrimSpace(f.Title) != sec.Title {
			// A renamed free section gets the address of its new name;
			// its old addresses redirect (redirects.go).
			title = strings.TrimSpace(f.Title)
			if path, err = checkSectionName(ctx, tx, in.ID, sec.ParentID, sec.ID, parentPath(sec.Path), title); err != nil {
				return err
			}
		}
		notProvided := strings.TrimSpace(f.NotProvided)
		if err := tx.ExecOne(ctx, `UPDATE sections SET title = ?, not_provided = ?, updated_at = ? WHERE id = ? AND updated_at = ?`,
			title, notProvided, store.Millis(tx.Now), sec.ID, store.Millis(sec.UpdatedAt)); err != nil {
			return err
		}
		if path != sec.Path {
			if _, err := repathSection(ctx, tx, by, in.ID, sec.Path, path); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: in.ID, Actor: by, Action: "site.section.update",
			ObjectType: "section", ObjectID: sec.ID, Summary: fmt.Sprintf("Pakeistas skyrius „%s“", title),
			Before: map[string]string{"title": sec.Title, "path": sec.Path, "not_provided": sec.NotProvided},
			After:  map[string]string{"title": title, "path": path, "not_provided": notProvided}}); err != nil {
			return err
		}
		return s.cache.Bump(ctx, tx)
	})
}

// DeleteSection removes a free section. Mandated sections cannot be
// deleted (WEB-02). Its pages move to the section pagesTo in the same step,
// their old addresses redirecting (move.go); without a target, or with
// subsections, it is refused so that nothing is lost.
func (s *Service) DeleteSection(ctx context.Context, by actor.Actor, in *institution.Institution, id, pagesTo int64) error {
	if !CanManageSections(by) || by.InstitutionID != in.ID {
		return web.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		sec, err := findSectionTx(ctx, tx, in.ID, id)
		if err != nil {
			return err
		}
		if sec.Mandated() {
			return web.FieldErrors{{Field: "delete", Key: "site.error.section_mandated"}}
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sections WHERE parent_id = ?`, sec.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return web.FieldErrors{{Field: "delete", Key: "site.error.section_not_empty"}}
		}
		moved, err := s.movePagesOut(ctx, tx, by, sec, pagesTo)
		if err != nil {
			return err
		}
		if err := tx.ExecOne(ctx, `DELETE FROM sections WHERE id = ?`, sec.ID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: in.ID, Actor: by, Action: "site.section.delete",
			ObjectType: "section", ObjectID: sec.ID, Summary: fmt.Sprintf("Pašalintas skyrius „%s“", sec.Title),
			Before: map[string]string{"title": sec.Title, "path": sec.Path}, After: moved}); err != nil {
			return err
		}
		return s.cache.Bump(ctx, tx)
	})
}
