package holidays

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Recompute moves the open deadlines onto the calendar as tx sees it,
// inside tx, and returns how many moved in each institution. It is
// deadline.Service.Recompute; holidays cannot import deadline, which reads
// the calendar from here.
type Recompute func(ctx context.Context, tx *store.Tx, a actor.Actor) (map[int64]int, error)

// Service adds and removes the extra days off.
type Service struct {
	db        *store.DB
	recompute Recompute
}

// NewService builds the service; recompute runs in every change's
// transaction, so a day off is never stored with deadlines left on the
// old calendar.
func NewService(db *store.DB, recompute Recompute) *Service {
	return &Service{db: db, recompute: recompute}
}

// MayChange reports whether a may add and remove days off here.
func (s *Service) MayChange(ctx context.Context, a actor.Actor) (bool, error) {
	ids, err := institution.IDs(ctx, s.db)
	return err == nil && mayChange(a, ids), err
}

// Add stores an extra non-working day. date is as typed (YYYY-MM-DD).
// Mistakes come back as web.FieldErrors keyed by the form's field names: a
// date that is missing, malformed, outside the calendar's years, on a
// weekend, already a public holiday or already added; a missing or
// overlong name or basis. web.ErrForbidden when a may not change the days
// off (see mayChange).
func (s *Service) Add(ctx context.Context, a actor.Actor, date, name, basis string) error {
	name, basis = strings.TrimSpace(name), strings.TrimSpace(basis)
	var day Day
	// The form is checked inside change, after the actor's right: its
	// errors tell nothing to someone who may not change the days off.
	err := s.change(ctx, a, "calendar.holiday.add", func(tx *store.Tx) (Day, error) {
		d, fe := validate(strings.TrimSpace(date), name, basis)
		if fe != nil {
			return day, fe
		}
		day = Day{Date: d, Name: name, Basis: basis, CreatedBy: a.Name, CreatedAt: tx.Now}
		var err error
		day.ID, err = insertDay(ctx, tx, day)
		if errors.Is(err, store.ErrConflict) {
			// The date is taken. A conflict later, while the deadlines
			// move, is another matter: one changed meanwhile.
			return day, web.FieldErrors{{Field: "date", Key: "holidays.error.date_exists"}}
		}
		return day, err
	})
	var fe web.FieldErrors
	if errors.As(err, &fe) {
		return fe
	}
	if err != nil {
		return fmt.Errorf("add non-working day %s: %w", date, err)
	}
	return nil
}

// Remove deletes an extra day; store.ErrNotFound when there is no such
// day, web.ErrForbidden as for Add.
func (s *Service) Remove(ctx context.Context, a actor.Actor, id int64) error {
	err := s.change(ctx, a, "calendar.holiday.remove", func(tx *store.Tx) (Day, error) {
		day, err := findDay(ctx, tx, id)
		if err != nil {
			return day, err
		}
		return day, tx.ExecOne(ctx, `DELETE FROM extra_holidays WHERE id = ?`, id)
	})
	if err != nil {
		return fmt.Errorf("remove non-working day %d: %w", id, err)
	}
	return nil
}

// RemoveOn deletes the extra day on date, as Remove.
func (s *Service) RemoveOn(ctx context.Context, a actor.Actor, date calendar.Date) error {
	day, err := findDayOn(ctx, s.db, date)
	if err != nil {
		return fmt.Errorf("remove non-working day %s: %w", date, err)
	}
	return s.Remove(ctx, a, day.ID)
}

// change applies one change of the days off in one transaction: the
// actor's right, the row, the deadlines moved onto the new calendar, and
// an audit entry in the trail of every institution, since every
// institution's terms count on the same days.
func (s *Service) change(ctx context.Context, a actor.Actor, action string, apply func(tx *store.Tx) (Day, error)) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		ids, err := institution.IDs(ctx, tx)
		if err != nil {
			return err
		}
		if !mayChange(a, ids) {
			return web.ErrForbidden
		}
		day, err := apply(tx)
		if err != nil {
			return err
		}
		moved, err := s.recompute(ctx, tx, a)
		if err != nil {
			return fmt.Errorf("recompute deadlines: %w", err)
		}
		for _, id := range ids {
			c := audit.Change{InstitutionID: id, Actor: a, Action: action,
				ObjectType: "extra_holiday", ObjectID: day.ID}
			if action == "calendar.holiday.add" {
				c.Summary, c.After = i18n.T(i18n.LT, "holidays.audit.add", day.Date.String(), day.Name, day.Basis, moved[id]), snapshot(day)
			} else {
				c.Summary, c.Before = i18n.T(i18n.LT, "holidays.audit.remove", day.Date.String(), day.Name, moved[id]), snapshot(day)
			}
			if err := audit.Record(ctx, tx, c); err != nil {
				return err
			}
		}
		return nil
	})
}
