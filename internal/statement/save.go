package statement

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Each exported method here is one transaction: the change, its audit
// entry, the review deadline and the render cache bump (the statement is a
// public page) commit together or not at all. A form carries the version
// it was opened on; a stale or replayed form changes nothing and gets
// store.ErrConflict.

// ModuleReview is the deadline of the yearly re-assessment (WEB-35): saving
// the first statement opens it, and each confirmed review meets it and
// opens the next, with the confirming administrator responsible.
const ModuleReview = "accessibility.review"

var reviewTerm = deadline.Rule{N: ReviewInterval, Unit: calendar.Months}

// AdminPath is where administrators edit the statement.
const AdminPath = "/admin/prieinamumas"

// Save validates the form and stores the statement: the first save creates
// it (prepared and reviewed on the prepared date) and starts the review
// deadline; later saves change it. Invalid input comes back as
// web.FieldErrors keyed by the form's field names.
func (s *Service) Save(ctx context.Context, by actor.Actor, institutionID int64, f Form) error {
	if err := mayEdit(by, institutionID); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		today := calendar.DateOf(tx.Now, web.Vilnius)
		before, err := Find(ctx, tx, institutionID)
		if errors.Is(err, store.ErrNotFound) {
			return s.create(ctx, tx, by, institutionID, f, today)
		}
		if err != nil {
			return err
		}
		if f.Version != before.Version {
			return store.ErrConflict
		}
		st := *before
		if fe := f.apply(&st, today); fe != nil {
			return fe
		}
		was, now := snapshot(before), snapshot(&st)
		var changed, labels []string
		for _, fl := range (&Form{}).fields() {
			if was[fl.name] != now[fl.name] {
				changed = append(changed, fl.name)
				labels = append(labels, i18n.T(i18n.LT, "statement.field."+fl.name))
			}
		}
		if len(changed) == 0 {
			return nil
		}
		if err := updateStatement(ctx, tx, &st); err != nil {
			return err
		}
		b, a := map[string]string{}, map[string]string{}
		for _, name := range changed {
			b[name], a[name] = was[name], now[name]
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: institutionID, Actor: by, Action: "statement.update",
			ObjectType: "accessibility_statement", ObjectID: st.ID,
			Summary: "Pakeistas pareiškimas dėl prieinamumo: " + strings.Join(labels, ", "), Before: b, After: a}); err != nil {
			return err
		}
		return s.cache.Bump(ctx, tx)
	})
}

func (s *Service) create(ctx context.Context, tx *store.Tx, by actor.Actor, institutionID int64, f Form, today calendar.Date) error {
	if f.Version != 0 {
		return store.ErrConflict
	}
	st := &Statement{InstitutionID: institutionID}
	if fe := f.apply(st, today); fe != nil {
		return fe
	}
	st.ReviewedOn, st.ReviewedBy = st.PreparedOn, by.ID
	if err := insertStatement(ctx, tx, st); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, audit.Change{InstitutionID: institutionID, Actor: by, Action: "statement.create",
		ObjectType: "accessibility_statement", ObjectID: st.ID, Summary: "Parengtas pareiškimas dėl prieinamumo",
		After: snapshot(st)}); err != nil {
		return err
	}
	if err := s.openReview(ctx, tx, by, st, by.ID, dayEvent(st.ReviewedOn)); err != nil {
		return err
	}
	return s.cache.Bump(ctx, tx)
}

// ConfirmReview records that an administrator re-assessed the statement
// today: the review date resets, the review deadline is met and the next
// one opens with them responsible.
func (s *Service) ConfirmReview(ctx context.Context, by actor.Actor, institutionID, version int64) error {
	if err := mayEdit(by, institutionID); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		st, err := Find(ctx, tx, institutionID)
		if err != nil {
			return err
		}
		if st.Version != version {
			return store.ErrConflict
		}
		was := st.ReviewedOn
		if err := setReviewed(ctx, tx, st, calendar.DateOf(tx.Now, web.Vilnius), by.ID); err != nil {
			return err
		}
		if err := s.deadlines.Meet(ctx, tx, by, ModuleReview, "statement", st.ID); err != nil {
			return err
		}
		if err := s.openReview(ctx, tx, by, st, by.ID, tx.Now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: institutionID, Actor: by, Action: "statement.review",
			ObjectType: "accessibility_statement", ObjectID: st.ID,
			Summary: fmt.Sprintf("Patvirtinta pareiškimo dėl prieinamumo peržiūra (ankstesnė – %s)", was),
			Before:  map[string]string{"reviewed_on": was.String()}, After: map[string]string{"reviewed_on": st.ReviewedOn.String()}}); err != nil {
			return err
		}
		return s.cache.Bump(ctx, tx)
	})
}

// openReview starts the next review deadline, counted from the event.
func (s *Service) openReview(ctx context.Context, tx *store.Tx, by actor.Actor, st *Statement, responsible int64, event time.Time) error {
	_, err := s.deadlines.Open(ctx, tx, by, deadline.Spec{InstitutionID: st.InstitutionID, Module: ModuleReview,
		SubjectType: "statement", SubjectID: st.ID, Title: "Peržiūrėti pareiškimą dėl prieinamumo", Link: AdminPath,
		ResponsibleID: responsible, Start: event, Rule: reviewTerm})
	return err
}

// ReviewDeadline returns the statement's review deadline not yet met (open,
// or already missed); store.ErrNotFound when there is none.
func ReviewDeadline(ctx context.Context, db *store.DB, st *Statement) (*deadline.Deadline, error) {
	list, err := deadline.ForSubject(ctx, db, ModuleReview, "statement", st.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range list {
		if d.MetAt.IsZero() && d.State != deadline.Met {
			return d, nil
		}
	}
	return nil, store.ErrNotFound
}

// dayEvent is an event on day d, at noon in Vilnius, for terms counted in
// days.
func dayEvent(d calendar.Date) time.Time { return d.Start(web.Vilnius).Add(12 * time.Hour) }

// snapshot is what the audit trail keeps of a statement: the form's fields
// and the review date.
func snapshot(st *Statement) map[string]string {
	f := FormOf(st)
	out := map[string]string{"reviewed_on": dateString(st.ReviewedOn)}
	for _, fl := range f.fields() {
		out[fl.name] = *fl.value
	}
	return out
}
