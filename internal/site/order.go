package site

import (
	"context"
	"fmt"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// The order of the menus. Sections and pages are listed by position among
// their siblings; staff move one a step up or down at a time (one form per
// step, no script needed). Resolution No. 480 lists the mandated sections
// and areas in an order, and the profile keeps it (WEB-01): a mandated
// section never passes another mandated one, while free sections may stand
// anywhere between them (WEB-02). So "Turizmas" can come first, but
// "Paslaugos" never comes before "Veiklos sritys".

// Direction is a step in a menu.
type Direction int

// The steps.
const (
	Up   Direction = -1
	Down Direction = 1
)

// ParseDirection reads a form's "up" or "down"; anything else is 0, which
// the steps refuse.
func ParseDirection(s string) Direction {
	switch s {
	case "up":
		return Up
	case "down":
		return Down
	}
	return 0
}

// canSwap reports whether two neighbouring siblings may change places.
func canSwap(a, b *Section) bool { return !(a.Mandated() && b.Mandated()) }

// MoveSection moves a section one step among its siblings. version is the
// section's version the list was opened on.
func (s *Service) MoveSection(ctx context.Context, by actor.Actor, in *institution.Institution, id, version int64, dir Direction) error {
	if !CanManageSections(by) || by.InstitutionID != in.ID {
		return web.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		sec, err := findSectionTx(ctx, tx, in.ID, id)
		if err != nil {
			return err
		}
		if sec.UpdatedAt.UnixMilli() != version || (dir != Up && dir != Down) {
			return store.ErrConflict
		}
		siblings, err := sectionSiblings(ctx, tx, in.ID, sec.ParentID)
		if err != nil {
			return err
		}
		i := indexOf(len(siblings), func(i int) bool { return siblings[i].ID == sec.ID })
		j := i + int(dir)
		if j < 0 || j >= len(siblings) {
			return store.ErrConflict // already first or last: a replayed form
		}
		if !canSwap(siblings[i], siblings[j]) {
			return web.FieldErrors{{Field: "order", Key: "site.error.order_mandated"}}
		}
		siblings[i], siblings[j] = siblings[j], siblings[i]
		for k, sib := range siblings {
			stamp := sib.UpdatedAt
			if k == i || k == j {
				stamp = tx.Now // both moved: their forms are stale now
			}
			if _, err := tx.ExecContext(ctx, `UPDATE sections SET position = ?, updated_at = ? WHERE id = ?`,
				(k+1)*10, store.Millis(stamp), sib.ID); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: in.ID, Actor: by, Action: "site.section.order",
			ObjectType: "section", ObjectID: sec.ID,
			Summary: fmt.Sprintf("Skyrius „%s“ perkeltas meniu %s", sec.Title, directionWord(dir)),
			Before:  map[string]int{"position": i + 1}, After: map[string]int{"position": j + 1}}); err != nil {
			return err
		}
		return s.cache.Bump(ctx, tx)
	})
}

func directionWord(dir Direction) string {
	if dir == Up {
		return "aukštyn"
	}
	return "žemyn"
}

func indexOf(n int, match func(int) bool) int {
	for i := 0; i < n; i++ {
		if match(i) {
			return i
		}
	}
	return -1
}

// sectionSiblings lists the sections under parentID (0: the main menu) in
// menu order.
func sectionSiblings(ctx context.Context, q queryer, institutionID, parentID int64) ([]*Section, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+sectionColumns+` FROM sections WHERE institution_id = ? AND COALESCE(parent_id, 0) = ?
		ORDER BY position, id`, institutionID, parentID)
	if err != nil {
		return nil, fmt.Errorf("sibling sections: %w", err)
	}
	defer rows.Close()
	var out []*Section
	for rows.Next() {
		sec, err := scanSection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sec)
	}
	return out, rows.Err()
}

// SectionPage is a page in a section's staff list, in menu order.
type SectionPage struct {
	ID       int64
	Title    string
	Path     string
	Live     bool
	Position int
}

// sectionPages lists every page of a section — drafts and archived ones
// too — in the order the section shows them: by position, then by title.
func sectionPages(ctx context.Context, q queryer, sectionID int64, now time.Time) ([]SectionPage, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.path, p.position,
		COALESCE(lr.title, (SELECT r.title FROM page_revisions r WHERE r.page_id = p.id ORDER BY r.number DESC LIMIT 1), ''),
		CASE WHEN p.live_revision_id IS NOT NULL AND p.unpublished_at IS NULL AND p.term_end > ? THEN 1 ELSE 0 END
		FROM pages p LEFT JOIN page_revisions lr ON lr.id = p.live_revision_id
		WHERE p.section_id = ? ORDER BY p.position, 4, p.id`, store.Millis(now), sectionID)
	if err != nil {
		return nil, fmt.Errorf("pages of section: %w", err)
	}
	defer rows.Close()
	var out []SectionPage
	for rows.Next() {
		var sp SectionPage
		var live int
		if err := rows.Scan(&sp.ID, &sp.Path, &sp.Position, &sp.Title, &live); err != nil {
			return nil, err
		}
		sp.Live = live == 1
		out = append(out, sp)
	}
	return out, rows.Err()
}

// MovePageInSection moves a page one step in its section's list. version
// is the section's version the list was opened on: a step changes it.
func (s *Service) MovePageInSection(ctx context.Context, by actor.Actor, in *institution.Institution, pageID, version int64, dir Direction) error {
	if !CanManageSections(by) || by.InstitutionID != in.ID {
		return web.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err := FindPage(ctx, tx, in.ID, pageID)
		if err != nil {
			return err
		}
		sec, err := findSectionTx(ctx, tx, in.ID, p.SectionID)
		if err != nil {
			return err
		}
		if sec.UpdatedAt.UnixMilli() != version || (dir != Up && dir != Down) {
			return store.ErrConflict
		}
		list, err := sectionPages(ctx, tx, sec.ID, tx.Now)
		if err != nil {
			return err
		}
		i := indexOf(len(list), func(i int) bool { return list[i].ID == p.ID })
		j := i + int(dir)
		if j < 0 || j >= len(list) {
			return store.ErrConflict
		}
		list[i], list[j] = list[j], list[i]
		for k, sp := range list {
			if sp.Position != (k+1)*10 {
				if _, err := tx.ExecContext(ctx, `UPDATE pages SET position = ? WHERE id = ?`, (k+1)*10, sp.ID); err != nil {
					return err
				}
			}
		}
		if err := tx.ExecOne(ctx, `UPDATE sections SET updated_at = ? WHERE id = ?`, store.Millis(tx.Now), sec.ID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: in.ID, Actor: by, Action: "site.page.order",
			ObjectType: "page", ObjectID: p.ID,
			Summary: fmt.Sprintf("Puslapis „%s“ skyriuje „%s“ perkeltas %s", list[j].Title, sec.Title, directionWord(dir)),
			Before:  map[string]int{"position": i + 1}, After: map[string]int{"position": j + 1}}); err != nil {
			return err
		}
		return s.cache.Bump(ctx, tx)
	})
}

// liveSections returns the sections that hold a live page at now.
func liveSections(ctx context.Context, db *store.DB, institutionID int64, now time.Time) (map[int64]bool, error) {
	// Through pagesAt: a section whose first page is scheduled shows from
	// the go-live instant, with the page.
	ids, err := store.IDSet(ctx, db, `SELECT DISTINCT section_id FROM `+pagesAt+` p WHERE institution_id = ?
		AND live_revision_id IS NOT NULL AND unpublished_at IS NULL AND term_end > ?`, store.Millis(now), institutionID, store.Millis(now))
	if err != nil {
		return nil, fmt.Errorf("sections with content: %w", err)
	}
	return ids, nil
}

// hiddenSections returns the free sections the menus leave out at now:
// those with no live page in them or below them. Mandated sections always
// show, with their statement when empty (WEB-01); an empty free section
// would offer visitors nothing. Its address still answers.
func hiddenSections(ctx context.Context, db *store.DB, institutionID int64, tree []*Section, now time.Time) (map[int64]bool, error) {
	live, err := liveSections(ctx, db, institutionID, now)
	if err != nil {
		return nil, err
	}
	hidden := map[int64]bool{}
	var walk func(sec *Section) bool // reports whether sec has content
	walk = func(sec *Section) bool {
		has := live[sec.ID]
		for _, c := range sec.Children {
			has = walk(c) || has
		}
		if !has && !sec.Mandated() {
			hidden[sec.ID] = true
		}
		return has
	}
	for _, sec := range tree {
		walk(sec)
	}
	return hidden, nil
}

// publicTree is the navigation the public sees: Tree without the hidden
// free sections.
func publicTree(ctx context.Context, db *store.DB, institutionID int64, now time.Time) ([]*Section, error) {
	tree, err := Tree(ctx, db, institutionID)
	if err != nil {
		return nil, err
	}
	hidden, err := hiddenSections(ctx, db, institutionID, tree, now)
	if err != nil {
		return nil, err
	}
	var prune func(secs []*Section) []*Section
	prune = func(secs []*Section) []*Section {
		out := secs[:0]
		for _, sec := range secs {
			if !hidden[sec.ID] {
				sec.Children = prune(sec.Children)
				out = append(out, sec)
			}
		}
		return out
	}
	return prune(tree), nil
}
