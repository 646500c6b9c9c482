// Package holidays keeps the non-working days the Government declares on
// top of the Labour Code's public holidays, and the administrators' page
// that adds and removes them. Load gives every deadline computation a
// calendar that includes them.
//
// The days hold for the whole installation: the law is the same for every
// institution. Who may change them is in access.go; each change moves the
// open deadlines in its own transaction and is audited in every
// institution's trail (see Service).
package holidays

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Day is an extra non-working day as stored.
type Day struct {
	ID        int64
	Date      calendar.Date
	Name      string
	Basis     string // the Government resolution that declared it
	CreatedBy string
	CreatedAt time.Time
}

// Holiday is the day as the calendar sees it.
func (d Day) Holiday() calendar.Holiday {
	return calendar.Holiday{Date: d.Date, Name: d.Name, Basis: d.Basis, Extra: true}
}

// Limits on what is typed, so a pasted document does not end up as a name.
const (
	maxName  = 200
	maxBasis = 500
)

// Load returns the calendar of the shipped public holidays plus every
// extra day in the database.
func Load(ctx context.Context, db store.Queryer) (*calendar.Calendar, error) {
	days, err := List(ctx, db, 0)
	if err != nil {
		return nil, err
	}
	extra := make([]calendar.Holiday, len(days))
	for i, d := range days {
		extra[i] = d.Holiday()
	}
	return calendar.New(extra...), nil
}

// validate checks the add form; the date is returned parsed.
func validate(date, name, basis string) (calendar.Date, web.FieldErrors) {
	var fe web.FieldErrors
	d, err := calendar.ParseDate(date)
	switch {
	case date == "":
		fe.Add("date", "holidays.error.date_required")
	case err != nil:
		fe.Add("date", "holidays.error.date_invalid")
	case !calendar.InRange(d):
		fe.Add("date", "holidays.error.date_range", calendar.FirstYear, calendar.LastYear)
	case d.Weekday() == time.Saturday || d.Weekday() == time.Sunday:
		// Nobody works that day anyway: adding it would change no term and
		// only suggest that it did.
		fe.Add("date", "holidays.error.date_weekend")
	default:
		if h, ok := calendar.New().IsHoliday(d); ok {
			fe.Add("date", "holidays.error.date_law", h.Name)
		}
	}
	switch {
	case name == "":
		fe.Add("name", "holidays.error.name_required")
	case utf8.RuneCountInString(name) > maxName:
		fe.Add("name", "holidays.error.name_long", maxName)
	}
	switch {
	case basis == "":
		fe.Add("basis", "holidays.error.basis_required")
	case utf8.RuneCountInString(basis) > maxBasis:
		fe.Add("basis", "holidays.error.basis_long", maxBasis)
	}
	return d, fe
}

func snapshot(d Day) map[string]string {
	return map[string]string{"date": d.Date.String(), "name": d.Name, "legal_basis": d.Basis}
}
