package site

import (
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

// State is where a revision stands in the review workflow (WEB-21):
// draft → review → published, or review → returned (with a reason) → draft.
// Publishing a revision supersedes the one that was live.
type State string

// The revision states.
const (
	StateDraft      State = "draft"
	StateReview     State = "review"
	StatePublished  State = "published"
	StateReturned   State = "returned"
	StateSuperseded State = "superseded"
)

// Label is the catalogue key of the state's name.
func (s State) Label() string { return "site.state." + string(s) }

// Open reports whether the revision is still being worked on.
func (s State) Open() bool { return s == StateDraft || s == StateReview || s == StateReturned }

// Page is what the public sees at a path. Its content is the live revision;
// a newer revision may be in the workflow meanwhile, while the live one stays
// up.
type Page struct {
	ID              int64
	InstitutionID   int64
	SectionID       int64
	DepartmentID    int64
	Path            string
	LiveRevisionID  int64
	PublishedAt     time.Time // first publication
	UpdatedAt       time.Time // latest publication of a revision
	PublishedBy     int64
	TermEnd         time.Time // publication term (WEB-23): the page leaves the live site at this instant
	ArchivedAt      time.Time
	UnpublishedAt   time.Time
	UnpublishReason string
	Version         int64
	// A revision approved to go live at GoLiveAt (WEB-21); until then the
	// live revision stays up.
	ScheduledRevisionID int64
	GoLiveAt            time.Time

	// Joined for display.
	SectionTitle    string
	SectionPath     string
	LegalActs       bool
	DepartmentName  string
	PublishedByName string
}

// Live reports whether the public sees the page at now.
func (p *Page) Live(now time.Time) bool {
	return p.LiveRevisionID != 0 && p.UnpublishedAt.IsZero() && now.Before(p.TermEnd)
}

// LastDay is the last day of the page's publication term.
func (p *Page) LastDay() string { return web.LastDay(p.TermEnd) }

// Archived reports whether the page's term has ended: it is then served
// only from the archive.
func (p *Page) Archived(now time.Time) bool {
	return p.LiveRevisionID != 0 && p.UnpublishedAt.IsZero() && !now.Before(p.TermEnd)
}

// Revision is one version of a page's content with the metadata the public
// page shows (WEB-11).
type Revision struct {
	ID               int64
	PageID           int64
	Number           int
	Title            string
	BodyMD           string
	BodyHTML         string
	ResponsibleName  string
	ResponsiblePhone string
	ResponsibleEmail string
	TermEnd          time.Time
	State            State
	AuthorID         int64
	AuthorName       string
	SubmittedAt      time.Time
	ReviewerID       int64
	ReviewedAt       time.Time
	ReturnReason     string
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Version          int64
}

// LastDay is the last day of the proposed publication term.
func (r *Revision) LastDay() string { return web.LastDay(r.TermEnd) }

// PageForm is what an editor types into the page editor.
type PageForm struct {
	Title            string
	Body             string
	SectionID        int64
	DepartmentID     int64
	ResponsibleName  string
	ResponsiblePhone string
	ResponsibleEmail string
	TermEnd          string // YYYY-MM-DD, the last day of publication
	Version          int64  // the revision's version the form was opened on
	// Base is the live revision a new draft starts from (0: none); with
	// Version 0 it is what the editor saw, so a page that moved on since
	// the form was opened is a conflict, not a draft of old content.
	Base int64
}

// TermEndInstant is the end of the last day of publication, Vilnius time.
func (f *PageForm) TermEndInstant() (time.Time, bool) {
	return termEndOf(f.TermEnd)
}

func termEndOf(date string) (time.Time, bool) {
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(date), web.Vilnius)
	if err != nil {
		return time.Time{}, false
	}
	return d.AddDate(0, 0, 1), true
}

// Validate checks the form; now is when it is submitted.
func (f *PageForm) Validate(now time.Time, creating bool) web.FieldErrors {
	var fe web.FieldErrors
	f.Title = strings.TrimSpace(f.Title)
	switch {
	case f.Title == "":
		fe.Add("title", "site.error.title_required")
	case institution.NameTooLong(f.Title):
		fe.Add("title", "site.error.title_too_long", institution.MaxNameLength)
	}
	if creating && f.SectionID == 0 {
		fe.Add("section_id", "site.error.section_required")
	}
	switch {
	case strings.TrimSpace(f.Body) == "":
		fe.Add("body", "site.error.body_required")
	case len(f.Body) > maxBodyLen:
		fe.Add("body", "site.error.body_too_long")
	}
	switch {
	case strings.TrimSpace(f.ResponsibleName) == "":
		fe.Add("responsible_name", "site.error.responsible_name_required")
	case institution.NameTooLong(f.ResponsibleName):
		fe.Add("responsible_name", "site.error.responsible_name_too_long", institution.MaxNameLength)
	}
	switch {
	case strings.TrimSpace(f.ResponsiblePhone) == "":
		fe.Add("responsible_phone", "site.error.responsible_phone_required")
	case !institution.ValidPhone(f.ResponsiblePhone):
		fe.Add("responsible_phone", "site.error.responsible_phone_invalid")
	}
	switch email := strings.TrimSpace(f.ResponsibleEmail); {
	case email == "":
		fe.Add("responsible_email", "site.error.responsible_email_required")
	case !institution.ValidEmail(email):
		fe.Add("responsible_email", "site.error.responsible_email_invalid")
	}
	switch end, ok := f.TermEndInstant(); {
	case strings.TrimSpace(f.TermEnd) == "":
		fe.Add("term_end", "site.error.term_required")
	case !ok:
		fe.Add("term_end", "site.error.term_invalid")
	case !end.After(now):
		fe.Add("term_end", "site.error.term_past")
	}
	return fe
}
