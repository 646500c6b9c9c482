package deadline

import (
	"context"
	"errors"
	"fmt"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/store"
)

// Sweep sends the reminders that are due: to the responsible staff when a
// deadline is due soon, and on the day it is missed, when it also becomes
// missed. Each reminder is claimed by an UPDATE guarded by its own column,
// so with several instances it goes out once. Each deadline is read and
// handled in its own transaction: one that cannot be read or reminded is
// skipped and named in the error, and the others are still reminded. a is
// the job that sweeps, as the audit trail and the histories name it.
func (s *Service) Sweep(ctx context.Context, a actor.Actor) error {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	today := s.Today()
	soonLimit, _, err := cal.Due(today, s.DueSoon, calendar.WorkingDays)
	if err != nil {
		return err
	}
	due, err := dueForReminder(ctx, s.db, soonLimit, today)
	if err != nil {
		return err
	}
	var skipped []error
	for _, k := range due {
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			d, err := Find(ctx, tx, k.institutionID, k.id)
			if err != nil || d.State != Open || d.Paused() {
				return err
			}
			switch {
			case today.After(d.Due):
				return s.markMissed(ctx, tx, a, d)
			case !d.Due.After(soonLimit):
				return s.remindSoon(ctx, tx, a, d)
			}
			return nil
		})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			skipped = append(skipped, fmt.Errorf("deadline %d: %w", k.id, err))
		}
	}
	if len(skipped) > 0 {
		return fmt.Errorf("sweep: %d of %d deadlines skipped: %w", len(skipped), len(due), errors.Join(skipped...))
	}
	return nil
}

// deadlineKey names one deadline.
type deadlineKey struct{ id, institutionID int64 }

// dueForReminder lists the open deadlines whose soon or missed reminder is
// due, by id only: a row that cannot be read must not hide the others.
func dueForReminder(ctx context.Context, q queryer, soonLimit, today calendar.Date) ([]deadlineKey, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.institution_id FROM deadlines d WHERE d.state = 'open' AND d.paused_since IS NULL
		AND ((d.due_date <= ? AND d.reminded_soon_at IS NULL) OR (d.due_date < ? AND d.reminded_missed_at IS NULL)) ORDER BY d.id`,
		soonLimit.String(), today.String())
	if err != nil {
		return nil, fmt.Errorf("list deadlines due for a reminder: %w", err)
	}
	defer rows.Close()
	var out []deadlineKey
	for rows.Next() {
		var k deadlineKey
		if err := rows.Scan(&k.id, &k.institutionID); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

func (s *Service) remindSoon(ctx context.Context, tx *store.Tx, a actor.Actor, d *Deadline) error {
	res, err := tx.ExecContext(ctx, `UPDATE deadlines SET reminded_soon_at = ? WHERE id = ? AND reminded_soon_at IS NULL AND state = 'open'`,
		store.Millis(tx.Now), d.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	if err := addEvent(ctx, tx, d.ID, Event{Kind: "reminder", ActorName: a.Name, DueBefore: d.Due.String()}); err != nil {
		return err
	}
	return s.notifyStaff(ctx, tx, d, "deadline.reminder", msg{"deadline.mail.soon.subject", []any{d.Title}},
		msg{"deadline.mail.soon.body", []any{d.Title, d.Due.String()}}, msg{key: "deadline.mail.explain"})
}

func (s *Service) markMissed(ctx context.Context, tx *store.Tx, a actor.Actor, d *Deadline) error {
	res, err := tx.ExecContext(ctx, `UPDATE deadlines SET state = 'missed', reminded_missed_at = ?, reminded_soon_at = COALESCE(reminded_soon_at, ?),
		updated_at = ?, version = version + 1 WHERE id = ? AND state = 'open' AND reminded_missed_at IS NULL`,
		store.Millis(tx.Now), store.Millis(tx.Now), store.Millis(tx.Now), d.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	if err := addEvent(ctx, tx, d.ID, Event{Kind: "missed", ActorName: a.Name, DueBefore: d.Due.String()}); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, audit.Change{InstitutionID: d.InstitutionID, Actor: a, Action: "deadline.missed",
		ObjectType: "deadline", ObjectID: d.ID, Summary: fmt.Sprintf("Praleistas terminas „%s“ (%s)", d.Title, d.Due)}); err != nil {
		return err
	}
	return s.notifyStaff(ctx, tx, d, "deadline.missed", msg{"deadline.mail.missed.subject", []any{d.Title}},
		msg{"deadline.mail.missed.body", []any{d.Title, d.Due.String()}})
}

// Recompute recalculates every open deadline inside tx, on the calendar as
// tx sees it: the caller has just changed the Government-declared days off
// . Each due date that moved is recorded in the deadline's history
// and its institution's audit trail, and the responsible staff are told.
// Any failure, a deadline that cannot be computed included, fails the
// whole, so the caller's change is never committed with deadlines left on
// the old calendar. It returns how many deadlines moved per institution.
func (s *Service) Recompute(ctx context.Context, tx *store.Tx, a actor.Actor) (map[int64]int, error) {
	cal, err := calendarIn(ctx, tx)
	if err != nil {
		return nil, err
	}
	open, err := list(ctx, tx, `SELECT `+columns+joins+` WHERE d.state = 'open' ORDER BY d.id`)
	if err != nil {
		return nil, err
	}
	moved := map[int64]int{}
	for _, d := range open {
		ex, err := Compute(cal, d.StartDate, d.Rule, d.PausedDays)
		if err != nil {
			return nil, fmt.Errorf("recompute deadline %d: %w", d.ID, err)
		}
		if ex.Due == d.Due {
			continue
		}
		if err := s.move(ctx, tx, a, d, ex.Due); err != nil {
			return nil, fmt.Errorf("recompute deadline %d: %w", d.ID, err)
		}
		moved[d.InstitutionID]++
	}
	return moved, nil
}

// move sets d's new due date after a calendar change, with its event, its
// audit entry and the notice to the staff. The soon reminder is due again.
func (s *Service) move(ctx context.Context, tx *store.Tx, a actor.Actor, d *Deadline, due calendar.Date) error {
	if err := tx.ExecOne(ctx, `UPDATE deadlines SET due_date = ?, reminded_soon_at = NULL, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`, due.String(), store.Millis(tx.Now), d.ID, d.Version); err != nil {
		return err
	}
	e := Event{Kind: "recompute", ActorName: a.Name, Reason: "Pasikeitė švenčių dienų kalendorius",
		DueBefore: d.Due.String(), DueAfter: due.String()}
	if err := addEvent(ctx, tx, d.ID, e); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, audit.Change{InstitutionID: d.InstitutionID, Actor: a,
		Action: "deadline.recompute", ObjectType: "deadline", ObjectID: d.ID,
		Summary: fmt.Sprintf("Termino „%s“ data pasikeitė iš %s į %s", d.Title, d.Due, due),
		Before:  map[string]string{"due": d.Due.String()}, After: map[string]string{"due": due.String()}}); err != nil {
		return err
	}
	moved := *d
	moved.Due = due
	return s.notifyMoved(ctx, tx, &moved, d.Due)
}

func (s *Service) notifyMoved(ctx context.Context, tx *store.Tx, d *Deadline, old calendar.Date) error {
	return s.notifyStaff(ctx, tx, d, "deadline.moved", msg{"deadline.mail.moved.subject", []any{d.Title}},
		msg{"deadline.mail.moved.body", []any{d.Title, old.String(), d.Due.String()}})
}
