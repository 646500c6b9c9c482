// Package deadline is the one model of a term that every module tracks
// the event that starts it, the rule (N working days, calendar days
// or months), the due date on the Lithuanian calendar, its state, and its
// history of extensions, pauses and recomputations. The background sweep
// reminds the responsible staff before a deadline and on the day it is
// missed.
package deadline

import (
	"fmt"
	"time"

	"github.com/savivalda/savivalda/internal/calendar"
)

// State is where a deadline stands.
type State string

// The states: open until the module reports the duty done (met) or the due
// date passes (missed).
const (
	Open   State = "open"
	Met    State = "met"
	Missed State = "missed"
)

// Rule is a term: N units from the start.
type Rule struct {
	N    int
	Unit calendar.Unit
}

func (r Rule) String() string { return fmt.Sprintf("%d %s", r.N, r.Unit) }

// Person is whom the term is owed to: a resident waiting for an answer. They
// are told of every extension and pause, with its reason.
type Person struct {
	Name, Email, Lang string
}

// Deadline is one tracked term.
type Deadline struct {
	ID            int64
	InstitutionID int64
	Module        string // e.g. "site.review"
	SubjectType   string // e.g. "page"
	SubjectID     int64
	Title         string
	Link          string // where staff do the work
	DepartmentID  int64
	ResponsibleID int64
	Person        Person

	StartedAt   time.Time
	StartDate   calendar.Date
	Rule        Rule
	PausedDays  int           // calendar days the clock was stopped, already over
	PausedSince calendar.Date // zero when running
	Due         calendar.Date
	State       State
	MetAt       time.Time
	Version     int64

	// Joined for display.
	DepartmentName  string
	ResponsibleName string
}

// Paused reports whether the clock is stopped.
func (d *Deadline) Paused() bool { return d.PausedSince != (calendar.Date{}) }

// Compute derives the due date: the rule counted from the start date, then
// moved on by the days the clock was stopped (a pause of D days moves the
// due date D calendar days on, to a working day).
func Compute(cal *calendar.Calendar, start calendar.Date, rule Rule, pausedDays int) (Explanation, error) {
	due, ex, err := cal.Due(start, rule.N, rule.Unit)
	if err != nil {
		return Explanation{}, err
	}
	out := Explanation{Explanation: ex, Due: due}
	if pausedDays > 0 {
		if out.Due, _, err = cal.Due(due, pausedDays, calendar.CalendarDays); err != nil {
			return Explanation{}, err
		}
		out.PausedDays = pausedDays
	}
	return out, nil
}

// Explanation is the calendar's account of a due date plus the pauses.
type Explanation struct {
	calendar.Explanation
	PausedDays int
	Due        calendar.Date // after the pauses
}

// Text explains the due date to staff in lang.
func (e Explanation) Text(lang string) string {
	t := e.Explanation.Text(lang)
	if e.PausedDays == 0 {
		return t
	}
	if lang == "en" {
		return fmt.Sprintf("%s The clock was stopped for %d days, so the term ends on %s.", t, e.PausedDays, e.Due)
	}
	return fmt.Sprintf("%s Terminas buvo sustabdytas %d d., todėl baigiasi %s.", t, e.PausedDays, e.Due)
}

// Spec is what a module gives to open a deadline.
type Spec struct {
	InstitutionID int64
	Module        string
	SubjectType   string
	SubjectID     int64
	Title         string
	Link          string
	DepartmentID  int64
	ResponsibleID int64
	Person        Person
	Start         time.Time // the event; the term counts from the next day
	Rule          Rule
}

// Urgency is how a due date looks to staff on a given day.
type Urgency string

// Urgencies, for highlighting.
const (
	OnTrack Urgency = "on-track"
	DueSoon Urgency = "due-soon"
	Overdue Urgency = "overdue"
)

// UrgencyOn says whether an open deadline is overdue on today, due within
// soon working days, or on track.
func (d *Deadline) UrgencyOn(cal *calendar.Calendar, today calendar.Date, soon int) Urgency {
	switch {
	case d.State == Missed || (d.State == Open && today.After(d.Due)):
		return Overdue
	case d.State != Open:
		return OnTrack
	}
	limit, _, err := cal.Due(today, soon, calendar.WorkingDays)
	if err == nil && !d.Due.After(limit) {
		return DueSoon
	}
	return OnTrack
}
