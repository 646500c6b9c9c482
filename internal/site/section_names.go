package site

import (
	"context"
	"strings"

	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// checkSectionName refuses a free section's title that a sibling already
// has (two "Turizmas" in one menu tell a visitor nothing) and an address
// that a section or page already answers at. exceptID is the section being
// renamed (0 for a new one). It returns the section's address.
func checkSectionName(ctx context.Context, tx *store.Tx, institutionID, parentID, exceptID int64, parentPath, title string) (string, error) {
	siblings, err := sectionSiblings(ctx, tx, institutionID, parentID)
	if err != nil {
		return "", err
	}
	for _, sib := range siblings {
		if sib.ID != exceptID && strings.EqualFold(strings.TrimSpace(sib.Title), title) {
			return "", web.FieldErrors{{Field: "title", Key: "site.error.section_title_taken", Args: []any{sib.Title}}}
		}
	}
	path := parentPath + "/" + Slugify(title)
	taken, err := pathTaken(ctx, tx, institutionID, path)
	if err != nil {
		return "", err
	}
	if taken {
		var self int
		if exceptID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sections WHERE id = ? AND path = ?`, exceptID, path).Scan(&self); err != nil {
				return "", err
			}
		}
		if self == 0 {
			return "", web.FieldErrors{{Field: "title", Key: "site.error.section_path_taken", Args: []any{path}}}
		}
	}
	return path, nil
}

// parentPath is the address a section's own address extends.
func parentPath(path string) string { return path[:strings.LastIndex(path, "/")] }
