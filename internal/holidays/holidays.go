// Package holidays keeps the non-working days the Government declares on
// top of the Labour Code's public holidays, and the administrators' page
// that adds and removes them. Load gives every deadline computation a
// calendar that includes them.
//
// The days hold for the whole installation: the law is the same for every
// institution. Each change is audited under the institution whose
// administrator made it.
package holidays

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/i18n"
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

// Add stores an extra non-working day, audited. date is as typed
// (YYYY-MM-DD). Mistakes come back as web.FieldErrors keyed by the form's
// field names: a date that is missing, malformed, outside the calendar's
// years, on a weekend, already a public holiday or already added; a
// missing or overlong name or basis.
func Add(ctx context.Context, db *store.DB, by actor.Actor, date, name, basis string) error {
	if !mayChange(by) {
		return web.ErrForbidden
	}
	name, basis = strings.TrimSpace(name), strings.TrimSpace(basis)
	d, fe := validate(strings.TrimSpace(date), name, basis)
	if fe != nil {
		return fe
	}
	day := Day{Date: d, Name: name, Basis: basis, CreatedBy: by.Name}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		day.CreatedAt = tx.Now
		var err error
		if day.ID, err = insertDay(ctx, tx, day); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: by.InstitutionID, Actor: by,
			Action: "calendar.holiday.add", ObjectType: "extra_holiday", ObjectID: day.ID,
			Summary: i18n.T(i18n.LT, "holidays.audit.add", day.Date.String(), day.Name, day.Basis),
			After:   snapshot(day),
		})
	})
	if errors.Is(err, store.ErrConflict) {
		return web.FieldErrors{{Field: "date", Key: "holidays.error.date_exists"}}
	}
	if err != nil {
		return fmt.Errorf("add non-working day %s: %w", d, err)
	}
	return nil
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

// Remove deletes an extra day, audited; store.ErrNotFound when there is no
// such day.
func Remove(ctx context.Context, db *store.DB, by actor.Actor, id int64) error {
	if !mayChange(by) {
		return web.ErrForbidden
	}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		day, err := findDay(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.ExecOne(ctx, `DELETE FROM extra_holidays WHERE id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: by.InstitutionID, Actor: by,
			Action: "calendar.holiday.remove", ObjectType: "extra_holiday", ObjectID: id,
			Summary: i18n.T(i18n.LT, "holidays.audit.remove", day.Date.String(), day.Name),
			Before:  snapshot(day),
		})
	})
	if err != nil {
		return fmt.Errorf("remove non-working day %d: %w", id, err)
	}
	return nil
}

func snapshot(d Day) map[string]string {
	return map[string]string{"date": d.Date.String(), "name": d.Name, "legal_basis": d.Basis}
}

// mayChange: administrators and the operator's commands change the days off.
func mayChange(by actor.Actor) bool { return by.Kind == actor.Job || CanManage(by) }
