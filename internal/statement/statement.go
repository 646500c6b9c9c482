package statement

import (
	"time"

	"github.com/savivalda/savivalda/internal/calendar"
)

// ScopeKind is what the statement covers: a website or a mobile
// application (WEB-37).
type ScopeKind string

// The kinds of scope.
const (
	Website   ScopeKind = "website"
	MobileApp ScopeKind = "mobile_app"
)

// Compliance is the status against the harmonised standard.
type Compliance string

// The three statuses of the model statement.
const (
	FullyCompliant     Compliance = "full"
	PartiallyCompliant Compliance = "partial"
	NotCompliant       Compliance = "none"
)

// Method is how the statement was prepared.
type Method string

// The assessment methods of the model statement.
const (
	SelfAssessment Method = "self"
	ThirdParty     Method = "third_party"
)

// DefaultStandard is the harmonised standard the Directive refers to; its
// web requirements are WCAG 2.1 level AA.
const DefaultStandard = "EN 301 549 V3.2.1 (2021-03)"

// Text is a free text in Lithuanian and, optionally, English.
type Text struct {
	LT, EN string
}

// In returns the text for lang; English falls back to Lithuanian when it
// was not written, and fallback says so, so that the page can mark the
// text's language and tell the reader.
func (t Text) In(lang string) (s string, fallback bool) {
	if lang == "en" {
		if t.EN != "" {
			return t.EN, false
		}
		return t.LT, true
	}
	return t.LT, false
}

// Statement is an institution's accessibility statement (WEB-35), in the
// order of the model of Implementing Decision (EU) 2018/1523.
type Statement struct {
	ID            int64
	InstitutionID int64

	// Scope: the website or application, its name and address.
	ScopeKind ScopeKind
	ScopeName Text
	ScopeURL  string

	// Compliance status against Standard.
	Compliance Compliance
	Standard   string

	// Preparation: when it was prepared and last reviewed, and how.
	PreparedOn     calendar.Date
	ReviewedOn     calendar.Date
	ReviewedBy     int64
	ReviewedByName string
	Method         Method
	Assessor       string // the third party, when there is one

	// Feedback: who answers accessibility feedback (WEB-36).
	FeedbackName, FeedbackEmail, FeedbackPhone string

	// Enforcement: the procedure and the supervising authority.
	Enforcement      Text
	AuthorityName    Text
	AuthorityAddress string
	AuthorityEmail   string
	AuthorityPhone   string
	AuthorityURL     string

	UpdatedAt time.Time
	Version   int64
	// Stored is false for the defaults shown before anyone saved.
	Stored bool
}

// ReviewInterval is how often the statement must be re-assessed (WEB-35).
const ReviewInterval = 12 // months

// ReviewDue is the day by which the statement must be reviewed again.
func (st *Statement) ReviewDue() calendar.Date { return st.ReviewedOn.AddMonths(ReviewInterval) }

// Stale reports whether, on today, the statement has gone unreviewed for
// longer than the review interval.
func (st *Statement) Stale(today calendar.Date) bool {
	return st.Stored && today.After(st.ReviewDue())
}
