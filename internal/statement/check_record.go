package statement

import (
	"context"
	"fmt"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
)

// CheckOutcome is what storing a check changed in the statement.
type CheckOutcome struct {
	Check    *Check
	Drafted  []string // rules that became draft entries
	Resolved []string // rules whose automatic drafts were resolved
}

// RecordCheck stores a check's result for the institution and brings the
// non-accessible content up to date, in one transaction: a rule found that
// no draft or confirmed entry covers becomes a draft entry (source
// automatic) for an administrator to confirm, explain or fix; an automatic
// draft whose rule was not found any more is resolved and kept as history.
// Confirmed entries are never removed by a check: an administrator decided
// on them.
// by is the administrator or the operator's command that ran the check.
func (s *Service) RecordCheck(ctx context.Context, by actor.Actor, institutionID int64, res CheckResult) (*CheckOutcome, error) {
	if by.Kind != actor.Job {
		if err := mayEdit(by, institutionID); err != nil {
			return nil, err
		}
	}
	out := &CheckOutcome{}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		at := res.At
		if at.IsZero() {
			at = tx.Now
		}
		id, err := insertCheck(ctx, tx, institutionID, at, res)
		if err != nil {
			return err
		}
		if out.Check, err = FindCheck(ctx, tx, institutionID, id); err != nil {
			return err
		}
		active, err := Issues(ctx, tx, institutionID, Draft, Confirmed)
		if err != nil {
			return err
		}
		covered := map[string]*Issue{}
		for _, is := range active {
			if is.Rule != "" && covered[is.Rule] == nil {
				covered[is.Rule] = is
			}
		}
		found := map[string]bool{}
		for _, rf := range out.Check.Rules {
			found[rf.Rule] = true
			if is := covered[rf.Rule]; is != nil {
				if err := markFound(ctx, tx, is.ID, id, rf.Pages); err != nil {
					return err
				}
				continue
			}
			is := draftFor(institutionID, id, rf)
			if err := insertIssue(ctx, tx, is); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Change{InstitutionID: institutionID, Actor: by, Action: "statement.issue.draft",
				ObjectType: "accessibility_issue", ObjectID: is.ID, After: issueSnapshot(is),
				Summary: fmt.Sprintf("Automatinė patikra rado „%s“: sukurtas neprieinamo turinio įrašo juodraštis Nr. %d", rf.Rule, is.ID)}); err != nil {
				return err
			}
			out.Drafted = append(out.Drafted, rf.Rule)
		}
		for _, before := range active {
			if before.Source != Automatic || before.Status != Draft || found[before.Rule] {
				continue
			}
			is := *before
			is.Status, is.ResolvedAt = Resolved, tx.Now
			if err := updateIssue(ctx, tx, &is); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Change{InstitutionID: institutionID, Actor: by, Action: "statement.issue.resolve",
				ObjectType: "accessibility_issue", ObjectID: is.ID, Before: issueSnapshot(before), After: issueSnapshot(&is),
				Summary: fmt.Sprintf("Automatinė patikra neberado „%s“: juodraštis Nr. %d pažymėtas išspręstu", is.Rule, is.ID)}); err != nil {
				return err
			}
			out.Resolved = append(out.Resolved, is.Rule)
		}
		c := out.Check
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: institutionID, Actor: by, Action: "statement.check",
			ObjectType: "accessibility_check", ObjectID: c.ID,
			Summary: fmt.Sprintf("Automatinė prieinamumo patikra: patikrinta puslapių – %d, pažeidimų – %d; naujų juodraščių – %d, išspręsta – %d",
				c.PagesChecked, c.Violations, len(out.Drafted), len(out.Resolved))}); err != nil {
			return err
		}
		// The public statement shows the latest check's figures.
		return s.cache.Bump(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// maxListedPages is how many pages a draft's description names.
const maxListedPages = 5

// draftFor is the draft entry for a rule the check found: its description
// comes from the rule (in Lithuanian where known, else axe-core's help) and
// the pages it failed on.
func draftFor(institutionID, checkID int64, rf RuleFinding) *Issue {
	listed, more := rf.Pages, 0
	if len(listed) > maxListedPages {
		listed, more = listed[:maxListedPages], len(listed)-maxListedPages
	}
	title := ruleTitles[rf.Rule]
	if title == "" {
		title = rf.Help
	}
	lt := fmt.Sprintf("%s (automatinės patikros taisyklė „%s“). Rasta puslapiuose: %s", title, rf.Rule, strings.Join(listed, ", "))
	en := fmt.Sprintf("%s (automated check rule “%s”). Found on: %s", rf.Help, rf.Rule, strings.Join(listed, ", "))
	if more > 0 {
		lt += fmt.Sprintf(" ir dar %d", more)
		en += fmt.Sprintf(" and %d more", more)
	}
	return &Issue{InstitutionID: institutionID, Description: Text{LT: lt + ".", EN: en + "."}, Criterion: rf.Criterion,
		Reason: NonCompliance, Status: Draft, Source: Automatic, Rule: rf.Rule, Pages: rf.Pages, LastCheckID: checkID}
}
