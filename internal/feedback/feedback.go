// Package feedback is the accessibility feedback channel (WEB-36): a public
// form, linked from every page, where a visitor reports an accessibility
// problem or asks for inaccessible information in an accessible format,
// and the staff queue where each item is answered by email within its
// legal term (10 working days for a problem report, 20 for an alternative,
//
//
// Submitting stores the item with a registration number, opens its
// deadline and queues the acknowledgement email in one transaction;
// answering records the answer, queues it to the person and meets the
// deadline in one transaction. Closing without an answer (a duplicate,
// spam that got through) needs a reason, tells the person nothing, and
// ends the deadline with deadline.Service.Close, so the "Terminai" page no
// longer lists it as owed.
package feedback

import (
	"fmt"
	"time"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
)

// Kind is what the visitor asks for.
type Kind string

// The kinds.
const (
	Problem     Kind = "problem"     // a report of an accessibility problem
	Alternative Kind = "alternative" // a request for information in an accessible format
)

// Kinds lists the kinds in the order the form shows them.
var Kinds = []Kind{Problem, Alternative}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Problem || k == Alternative }

// Label is the catalogue key of the kind's name.
func (k Kind) Label() string { return "feedback.kind." + string(k) }

// Module is the deadline module of the kind, as the "Terminai" page lists it.
func (k Kind) Module() string {
	if k == Alternative {
		return ModuleAlternative
	}
	return ModuleFeedback
}

// Term is the legal term of an answer: 10 working days for feedback
// (WEB 52), 20 for a request for an accessible alternative (WEB 53).
func (k Kind) Term() deadline.Rule {
	if k == Alternative {
		return deadline.Rule{N: 20, Unit: calendar.WorkingDays}
	}
	return deadline.Rule{N: 10, Unit: calendar.WorkingDays}
}

// The deadline modules, and the subject type their deadlines name.
const (
	ModuleFeedback    = "accessibility.feedback"
	ModuleAlternative = "accessibility.alternative"
	SubjectType       = "accessibility_feedback"
)

// Formats a visitor may ask for; "other" comes with free text.
var Formats = []string{"large-print", "audio", "easy-read", "braille", "other"}

// State is where an item stands.
type State string

// The states: new until answered, or closed without an answer.
const (
	New      State = "new"
	Answered State = "answered"
	Closed   State = "closed"
)

// States lists the states in the order the queue's filter shows them.
var States = []State{New, Answered, Closed}

// Label is the catalogue key of the state's name.
func (s State) Label() string { return "feedback.state." + string(s) }

// Item is one piece of feedback or one request.
type Item struct {
	ID            int64
	InstitutionID int64
	Number        string // the registration number, e.g. "PR-2026-0001"
	Receipt       string // opens the confirmation page
	Kind          Kind
	PageAddress   string // a path on the site or an absolute URL of it
	Description   string
	Format        string // for alternatives, one of Formats
	FormatOther   string
	Name          string
	Email         string
	Phone         string
	Lang          string // the language the person is answered in
	CreatedAt     time.Time
	State         State
	Answer        string
	AnsweredBy    int64
	AnsweredAt    time.Time
	CloseReason   string
	ClosedBy      int64
	ClosedAt      time.Time
	DeadlineID    int64
	Version       int64

	// Joined for display.
	AnsweredByName string
	ClosedByName   string
	Due            calendar.Date
	DeadlineState  deadline.State
}

// Open reports whether the item still waits for staff.
func (it *Item) Open() bool { return it.State == New }

// Title names the item in its deadline and in the staff's lists; the
// person also sees it when the term is extended or paused.
func (it *Item) Title() string {
	if it.Kind == Alternative {
		return "Prašymas pateikti informaciją prieinamu formatu " + it.Number
	}
	return "Pranešimas apie prieinamumo problemą " + it.Number
}

// RegistrationNumber formats the n-th registration number of a year.
func RegistrationNumber(year, n int) string { return fmt.Sprintf("PR-%d-%04d", year, n) }

// DescriptionParagraphs is the description as the staff page shows it.
func (it *Item) DescriptionParagraphs() []string { return Paragraphs(it.Description) }

// AnswerParagraphs is the answer as the staff page shows it.
func (it *Item) AnswerParagraphs() []string { return Paragraphs(it.Answer) }
