package site

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/savivalda/savivalda/internal/store"
)

const sectionColumns = `id, institution_id, parent_id, path, title, position, profile_key, legal_acts, not_provided, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanSection(row scanner) (*Section, error) {
	s := &Section{}
	var parent sql.NullInt64
	var key sql.NullString
	if err := row.Scan(&s.ID, &s.InstitutionID, &parent, &s.Path, &s.Title, &s.Position, &key, &s.LegalActs,
		&s.NotProvided, store.Time(&s.UpdatedAt)); err != nil {
		return nil, err
	}
	s.ParentID, s.ProfileKey = parent.Int64, key.String
	return s, nil
}

// InstallStructure creates the mandated sections of profile for a new
// institution, in the profile's order.
func InstallStructure(ctx context.Context, tx *store.Tx, institutionID int64, p *Profile) error {
	var add func(parentID int64, parentPath string, secs []ProfileSection) error
	add = func(parentID int64, parentPath string, secs []ProfileSection) error {
		for i, ps := range secs {
			path := "/" + ps.Key
			if parentPath != "" {
				path = parentPath + "/" + ps.Key
			}
			id, err := tx.InsertID(ctx, `INSERT INTO sections (institution_id, parent_id, path, title, position, profile_key,
				legal_acts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				institutionID, nullID(parentID), path, ps.Title, (i+1)*10, p.Version+":"+ps.Key, ps.LegalActs,
				store.Millis(tx.Now), store.Millis(tx.Now))
			if err != nil {
				return fmt.Errorf("install section %s: %w", ps.Key, err)
			}
			if err := add(id, path, ps.Children); err != nil {
				return err
			}
		}
		return nil
	}
	return add(0, "", p.Sections)
}

// findSections returns every section of an institution ordered for display.
func findSections(ctx context.Context, db *store.DB, institutionID int64) ([]*Section, error) {
	rows, err := db.QueryContext(ctx, `SELECT `+sectionColumns+` FROM sections WHERE institution_id = ? ORDER BY position, id`, institutionID)
	if err != nil {
		return nil, fmt.Errorf("find sections: %w", err)
	}
	defer rows.Close()
	var out []*Section
	for rows.Next() {
		s, err := scanSection(rows)
		if err != nil {
			return nil, fmt.Errorf("scan section: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Tree returns the institution's top-level sections with their children.
func Tree(ctx context.Context, db *store.DB, institutionID int64) ([]*Section, error) {
	all, err := findSections(ctx, db, institutionID)
	if err != nil {
		return nil, err
	}
	return treeOf(all), nil
}

// treeOf links sections in display order into their tree and returns the
// top level.
func treeOf(all []*Section) []*Section {
	byID := map[int64]*Section{}
	for _, s := range all {
		byID[s.ID] = s
	}
	var roots []*Section
	for _, s := range all {
		if p := byID[s.ParentID]; p != nil {
			p.Children = append(p.Children, s)
		} else {
			roots = append(roots, s)
		}
	}
	return roots
}

// FindSection returns one section of the institution.
func FindSection(ctx context.Context, db *store.DB, institutionID, id int64) (*Section, error) {
	return scanSection(db.QueryRowContext(ctx, `SELECT `+sectionColumns+` FROM sections WHERE institution_id = ? AND id = ?`, institutionID, id))
}

// findSectionByPath returns the section at a URL path.
func findSectionByPath(ctx context.Context, db *store.DB, institutionID int64, path string) (*Section, error) {
	return scanSection(db.QueryRowContext(ctx, `SELECT `+sectionColumns+` FROM sections WHERE institution_id = ? AND path = ?`, institutionID, path))
}

func findSectionTx(ctx context.Context, tx *store.Tx, institutionID, id int64) (*Section, error) {
	return scanSection(tx.QueryRowContext(ctx, `SELECT `+sectionColumns+` FROM sections WHERE institution_id = ? AND id = ?`, institutionID, id))
}

// pathTaken reports whether a section or page already answers at path.
func pathTaken(ctx context.Context, tx *store.Tx, institutionID int64, path string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM sections WHERE institution_id = ? AND path = ?)
		+ (SELECT COUNT(*) FROM pages WHERE institution_id = ? AND path = ?)`, institutionID, path, institutionID, path).Scan(&n)
	return n > 0, err
}

// uniquePath returns base, or base-2, base-3 … whichever is free.
func uniquePath(ctx context.Context, tx *store.Tx, institutionID int64, base string) (string, error) {
	path := base
	for i := 2; ; i++ {
		taken, err := pathTaken(ctx, tx, institutionID, path)
		if err != nil || !taken {
			return path, err
		}
		path = fmt.Sprintf("%s-%d", base, i)
	}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
