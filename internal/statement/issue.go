package statement

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/web"
)

// Reason is why content is not accessible, as the model statement sorts it.
type Reason string

// The reasons of the model statement.
const (
	NonCompliance          Reason = "non_compliance"
	DisproportionateBurden Reason = "disproportionate_burden"
	OutOfScope             Reason = "out_of_scope"
)

// Reasons lists the reasons in the model statement's order.
var Reasons = []Reason{NonCompliance, DisproportionateBurden, OutOfScope}

// IssueStatus is where an entry of non-accessible content stands. Only
// confirmed entries are published.
type IssueStatus string

// The statuses: a draft waits for an administrator; a resolved entry is
// history (its problem is no longer found).
const (
	Draft     IssueStatus = "draft"
	Confirmed IssueStatus = "confirmed"
	Resolved  IssueStatus = "resolved"
)

// Source says who found the problem: a person, or the product's own check.
type Source string

// The sources of an entry.
const (
	Manual    Source = "manual"
	Automatic Source = "automatic"
)

// Issue is one entry of the statement's non-accessible content (WEB-35).
type Issue struct {
	ID            int64
	InstitutionID int64
	Description   Text
	Criterion     string // WCAG 2.1 success criteria, e.g. "1.1.1, 4.1.2"
	Reason        Reason
	Justification Text          // why the burden is disproportionate
	AssessedOn    calendar.Date // when the burden was assessed
	Alternative   Text          // the accessible alternative offered
	Status        IssueStatus
	Source        Source
	Rule          string   // the axe-core rule of an automatic entry
	Pages         []string // where the check last found it
	LastCheckID   int64
	ResolvedAt    time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int64
}

// IssueForm is an entry as the staff form holds it.
type IssueForm struct {
	DescriptionLT, DescriptionEN     string
	Criterion, Reason                string
	JustificationLT, JustificationEN string
	AssessedOn                       string
	AlternativeLT, AlternativeEN     string
	Version                          int64
}

// ParseIssueForm reads an entry form from a request.
func ParseIssueForm(r *http.Request) IssueForm {
	v := func(name string) string {
		return strings.TrimSpace(strings.ReplaceAll(r.PostFormValue(name), "\r\n", "\n"))
	}
	f := IssueForm{DescriptionLT: v("description_lt"), DescriptionEN: v("description_en"), Criterion: v("criterion"),
		Reason: v("reason"), JustificationLT: v("justification_lt"), JustificationEN: v("justification_en"),
		AssessedOn: v("assessed_on"), AlternativeLT: v("alternative_lt"), AlternativeEN: v("alternative_en")}
	f.Version = web.FormID(r.PostFormValue("version"))
	return f
}

// IssueFormOf fills the form from an entry.
func IssueFormOf(is *Issue) IssueForm {
	return IssueForm{DescriptionLT: is.Description.LT, DescriptionEN: is.Description.EN, Criterion: is.Criterion,
		Reason: string(is.Reason), JustificationLT: is.Justification.LT, JustificationEN: is.Justification.EN,
		AssessedOn: dateString(is.AssessedOn), AlternativeLT: is.Alternative.LT, AlternativeEN: is.Alternative.EN,
		Version: is.Version}
}

// criterionPattern is one WCAG success criterion number.
var criterionPattern = regexp.MustCompile(`^[1-4]\.[1-9]\.[1-9][0-9]?$`)

// normalizeCriteria reads "1.1.1, 4.1.2" (commas, semicolons or spaces
// between) and writes it back in one form; ok is false if any is malformed.
func normalizeCriteria(s string) (string, bool) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
	for _, p := range parts {
		if !criterionPattern.MatchString(p) {
			return s, false
		}
	}
	return strings.Join(parts, ", "), true
}

// apply validates the form and writes it into is. A published entry must
// be complete: a criterion, except for content outside the law's scope, and
// for a disproportionate burden its justification and the date it was
// assessed. A draft needs only its description and reason, so that it can
// be noted now and completed later.
func (f *IssueForm) apply(is *Issue, today calendar.Date, complete bool) web.FieldErrors {
	var fe web.FieldErrors
	if f.DescriptionLT == "" {
		fe.Add("description_lt", "statement.error.required.description_lt")
	}
	reason := Reason(f.Reason)
	switch reason {
	case NonCompliance, DisproportionateBurden, OutOfScope:
	default:
		fe.Add("reason", "statement.error.reason")
	}
	criterion, ok := normalizeCriteria(f.Criterion)
	switch {
	case !ok:
		fe.Add("criterion", "statement.error.criterion")
	case complete && criterion == "" && reason != OutOfScope:
		fe.Add("criterion", "statement.error.required.criterion")
	}
	burden := complete && reason == DisproportionateBurden
	if burden && f.JustificationLT == "" {
		fe.Add("justification_lt", "statement.error.required.justification_lt")
	}
	assessed, _ := validDate(&fe, "assessed_on", f.AssessedOn, today, burden)
	if len(fe) > 0 {
		return fe
	}
	is.Description, is.Criterion, is.Reason = Text{f.DescriptionLT, f.DescriptionEN}, criterion, reason
	is.Justification, is.AssessedOn = Text{f.JustificationLT, f.JustificationEN}, assessed
	is.Alternative = Text{f.AlternativeLT, f.AlternativeEN}
	return nil
}
