package site

import (
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/web"
)

// Section is a node of the site's navigation. Sections with a ProfileKey are
// the mandated structure (WEB-01): they cannot be deleted, moved or renamed
// (WEB-02). Free sections (Turizmas, Verslas …) can be added under the root
// or under any section.
type Section struct {
	ID            int64
	InstitutionID int64
	ParentID      int64 // 0: top level
	Path          string
	Title         string
	Position      int
	ProfileKey    string
	LegalActs     bool
	NotProvided   string // why the institution has no information here
	UpdatedAt     time.Time

	Children []*Section // filled by Tree
}

// Mandated reports whether the law requires this section.
func (s *Section) Mandated() bool { return s.ProfileKey != "" }

// SectionForm is what an editor submits for a free section, or for a
// mandated section's "not provided" statement.
type SectionForm struct {
	Title       string
	ParentID    int64
	NotProvided string
	Version     int64 // UpdatedAt in ms, to refuse stale forms
}

// Validate checks a free section's title (WEB-03).
func (f *SectionForm) Validate(mandated bool) web.FieldErrors {
	var fe web.FieldErrors
	if !mandated {
		title := strings.TrimSpace(f.Title)
		switch {
		case title == "":
			fe.Add("title", "site.error.section_title_required")
		case !ValidMenuTitle(title):
			fe.Add("title", "site.error.menu_title_too_long", SignificantWords(title))
		case len(title) > 120:
			fe.Add("title", "site.error.title_too_long")
		}
	}
	if len(f.NotProvided) > 5000 {
		fe.Add("not_provided", "site.error.not_provided_too_long")
	}
	return fe
}
