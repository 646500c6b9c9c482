package deadline

import (
	"context"
	"fmt"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/store"
)

// Sweep sends the reminders that are due: to the responsible staff when a
// deadline is due soon, and on the day it is missed, when it also becomes
// missed. Each reminder is claimed by an UPDATE guarded by its own column,
// so with several instances it goes out once.
func (s *Service) Sweep(ctx context.Context) error {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	today := s.Today()
	soonLimit, _, err := cal.Due(today, s.DueSoon, calendar.WorkingDays)
	if err != nil {
		return err
	}
	due, err := list(ctx, s.db, `SELECT `+columns+joins+` WHERE d.state = 'open' AND d.paused_since IS NULL
		AND ((d.due_date <= ? AND d.reminded_soon_at IS NULL) OR (d.due_date < ? AND d.reminded_missed_at IS NULL))`,
		soonLimit.String(), today.String())
	if err != nil {
		return err
	}
	for _, d := range due {
		job := actor.NewJob("terminų priminimai", d.InstitutionID)
		missed := today.After(d.Due)
		if err := s.db.InTx(ctx, func(tx *store.Tx) error {
			if missed {
				return s.markMissed(ctx, tx, job, d)
			}
			return s.remindSoon(ctx, tx, job, d)
		}); err != nil {
			return fmt.Errorf("sweep deadline %d: %w", d.ID, err)
		}
	}
	return nil
}

func (s *Service) remindSoon(ctx context.Context, tx *store.Tx, job actor.Actor, d *Deadline) error {
	res, err := tx.ExecContext(ctx, `UPDATE deadlines SET reminded_soon_at = ? WHERE id = ? AND reminded_soon_at IS NULL AND state = 'open'`,
		store.Millis(tx.Now), d.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	if err := addEvent(ctx, tx, d.ID, Event{Kind: "reminder", ActorName: job.Name, DueBefore: d.Due.String()}); err != nil {
		return err
	}
	return s.notifyStaff(ctx, tx, d, "deadline.reminder", i18n.T(i18n.LT, "deadline.mail.soon.subject", d.Title),
		i18n.T(i18n.LT, "deadline.mail.soon.body", d.Title, d.Due.String()), i18n.T(i18n.LT, "deadline.mail.explain"))
}

func (s *Service) markMissed(ctx context.Context, tx *store.Tx, job actor.Actor, d *Deadline) error {
	res, err := tx.ExecContext(ctx, `UPDATE deadlines SET state = 'missed', reminded_missed_at = ?, reminded_soon_at = COALESCE(reminded_soon_at, ?),
		updated_at = ?, version = version + 1 WHERE id = ? AND state = 'open' AND reminded_missed_at IS NULL`,
		store.Millis(tx.Now), store.Millis(tx.Now), store.Millis(tx.Now), d.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	if err := addEvent(ctx, tx, d.ID, Event{Kind: "missed", ActorName: job.Name, DueBefore: d.Due.String()}); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, audit.Change{InstitutionID: d.InstitutionID, Actor: job, Action: "deadline.missed",
		ObjectType: "deadline", ObjectID: d.ID, Summary: fmt.Sprintf("Praleistas terminas „%s“ (%s)", d.Title, d.Due)}); err != nil {
		return err
	}
	return s.notifyStaff(ctx, tx, d, "deadline.missed", i18n.T(i18n.LT, "deadline.mail.missed.subject", d.Title),
		i18n.T(i18n.LT, "deadline.mail.missed.body", d.Title, d.Due.String()))
}

// Recompute recalculates every open deadline after the holiday data
// changed, and tells the responsible staff which due dates moved; by is who
// changed the calendar.
func (s *Service) Recompute(ctx context.Context, by actor.Actor) error {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	open, err := list(ctx, s.db, `SELECT `+columns+joins+` WHERE d.state = 'open'`)
	if err != nil {
		return err
	}
	for _, d := range open {
		ex, err := Compute(cal, d.StartDate, d.Rule, d.PausedDays)
		if err != nil || ex.Due == d.Due {
			continue
		}
		err = s.db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.ExecOne(ctx, `UPDATE deadlines SET due_date = ?, reminded_soon_at = NULL, updated_at = ?, version = version + 1
				WHERE id = ? AND version = ?`, ex.Due.String(), store.Millis(tx.Now), d.ID, d.Version); err != nil {
				return err
			}
			e := Event{Kind: "recompute", ActorName: by.Name, Reason: "Pasikeitė švenčių dienų kalendorius",
				DueBefore: d.Due.String(), DueAfter: ex.Due.String()}
			if err := addEvent(ctx, tx, d.ID, e); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Change{InstitutionID: d.InstitutionID, Actor: by, Action: "deadline.recompute",
				ObjectType: "deadline", ObjectID: d.ID, Summary: fmt.Sprintf("Termino „%s“ data pasikeitė iš %s į %s", d.Title, d.Due, ex.Due),
				Before: map[string]string{"due": d.Due.String()}, After: map[string]string{"due": ex.Due.String()}}); err != nil {
				return err
			}
			moved := *d
			moved.Due = ex.Due
			return s.notifyMoved(ctx, tx, &moved, d.Due)
		})
		if err != nil && err != store.ErrConflict {
			return fmt.Errorf("recompute deadline %d: %w", d.ID, err)
		}
	}
	return nil
}

func (s *Service) notifyMoved(ctx context.Context, tx *store.Tx, d *Deadline, old calendar.Date) error {
	return s.notifyStaff(ctx, tx, d, "deadline.moved", i18n.T(i18n.LT, "deadline.mail.moved.subject", d.Title),
		i18n.T(i18n.LT, "deadline.mail.moved.body", d.Title, old.String(), d.Due.String()))
}
