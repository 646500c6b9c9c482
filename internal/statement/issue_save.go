package statement

import (
	"context"
	"fmt"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// issueSnapshot is what the audit trail keeps of an entry.
func issueSnapshot(is *Issue) map[string]string {
	f := IssueFormOf(is)
	return map[string]string{
		"description_lt": f.DescriptionLT, "description_en": f.DescriptionEN, "criterion": f.Criterion, "reason": f.Reason,
		"justification_lt": f.JustificationLT, "justification_en": f.JustificationEN, "assessed_on": f.AssessedOn,
		"alternative_lt": f.AlternativeLT, "alternative_en": f.AlternativeEN, "status": string(is.Status),
		"source": string(is.Source), "rule": is.Rule,
	}
}

// CreateIssue adds an entry of non-accessible content, as a draft or, with
// confirm, published at once, and returns its id.
func (s *Service) CreateIssue(ctx context.Context, by actor.Actor, institutionID int64, f IssueForm, confirm bool) (int64, error) {
	if err := mayEdit(by, institutionID); err != nil {
		return 0, err
	}
	is := &Issue{InstitutionID: institutionID, Status: Draft, Source: Manual}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if fe := f.apply(is, calendar.DateOf(tx.Now, web.Vilnius), confirm); fe != nil {
			return fe
		}
		if confirm {
			is.Status = Confirmed
		}
		if err := insertIssue(ctx, tx, is); err != nil {
			return err
		}
		return s.recordIssue(ctx, tx, by, "statement.issue.create", "Pridėtas neprieinamo turinio įrašas", nil, is)
	})
	return is.ID, err
}

// UpdateIssue saves an edited entry and, with confirm, publishes a draft.
// A resolved entry is history and cannot change (store.ErrConflict).
func (s *Service) UpdateIssue(ctx context.Context, by actor.Actor, institutionID, id int64, f IssueForm, confirm bool) error {
	return s.saveIssue(ctx, by, institutionID, id, f.Version, func(before *Issue) (IssueForm, bool, error) {
		if before.Status == Resolved {
			return f, false, store.ErrConflict
		}
		return f, confirm, nil
	})
}

// ConfirmIssue publishes a draft entry as it stands. A draft that is not
// complete yet (no criterion, an unjustified burden) comes back as
// web.FieldErrors keyed by the entry form's fields.
func (s *Service) ConfirmIssue(ctx context.Context, by actor.Actor, institutionID, id, version int64) error {
	return s.saveIssue(ctx, by, institutionID, id, version, func(before *Issue) (IssueForm, bool, error) {
		if before.Status != Draft {
			return IssueForm{}, false, store.ErrConflict
		}
		return IssueFormOf(before), true, nil
	})
}

// saveIssue applies a form to a stored entry in one transaction: choose
// picks the form and whether to confirm, or refuses; a stale version is a
// conflict. The change is audited as an update or a confirmation.
func (s *Service) saveIssue(ctx context.Context, by actor.Actor, institutionID, id, version int64, choose func(before *Issue) (IssueForm, bool, error)) error {
	if err := mayEdit(by, institutionID); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := FindIssue(ctx, tx, institutionID, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return store.ErrConflict
		}
		f, confirm, err := choose(before)
		if err != nil {
			return err
		}
		is := *before
		if fe := f.apply(&is, calendar.DateOf(tx.Now, web.Vilnius), confirm || before.Status == Confirmed); fe != nil {
			return fe
		}
		action, summary := "statement.issue.update", "Pakeistas neprieinamo turinio įrašas"
		if confirm {
			is.Status = Confirmed
			if before.Status == Draft {
				action, summary = "statement.issue.confirm", "Patvirtintas neprieinamo turinio įrašas"
			}
		}
		if err := updateIssue(ctx, tx, &is); err != nil {
			return err
		}
		return s.recordIssue(ctx, tx, by, action, summary, before, &is)
	})
}

// RemoveIssue deletes an entry; the audit trail keeps what it said.
func (s *Service) RemoveIssue(ctx context.Context, by actor.Actor, institutionID, id, version int64) error {
	if err := mayEdit(by, institutionID); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		is, err := FindIssue(ctx, tx, institutionID, id)
		if err != nil {
			return err
		}
		if is.Version != version {
			return store.ErrConflict
		}
		if err := deleteIssue(ctx, tx, is); err != nil {
			return err
		}
		return s.recordIssue(ctx, tx, by, "statement.issue.remove", "Pašalintas neprieinamo turinio įrašas", is, nil)
	})
}

// recordIssue audits a change of an entry and, when the public statement
// shows the entry before or after it, bumps the render cache.
func (s *Service) recordIssue(ctx context.Context, tx *store.Tx, by actor.Actor, action, summary string, before, after *Issue) error {
	c := audit.Change{Actor: by, Action: action, ObjectType: "accessibility_issue"}
	public := false
	for _, is := range []*Issue{before, after} {
		if is == nil {
			continue
		}
		c.InstitutionID, c.ObjectID = is.InstitutionID, is.ID
		public = public || is.Status == Confirmed
	}
	if before != nil {
		c.Before = issueSnapshot(before)
	}
	if after != nil {
		c.After = issueSnapshot(after)
	}
	c.Summary = fmt.Sprintf("%s Nr. %d", summary, c.ObjectID)
	if err := audit.Record(ctx, tx, c); err != nil {
		return err
	}
	if !public {
		return nil
	}
	return s.cache.Bump(ctx, tx)
}
