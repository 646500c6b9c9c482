package site

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Scheduled publishing (WEB-21): a reviewer approves a revision to go live
// at a set instant. Like a term end, the switch needs no job: the public
// queries read pages through pagesAt, which puts the scheduled revision in
// place of the live one from its go-live time, and the render cache expires
// itself then (NextTermEnd). PublishDue afterwards records the publication
// on the page, with its audit entry and review term, once.

// pagesAt is the pages table as the public sees it at the instant bound to
// its one placeholder: from go_live_at on, the scheduled revision, its term
// and its publisher stand in for the live ones, and the page is neither
// archived nor unpublished any more, exactly as PublishDue will write it.
const pagesAt = `(SELECT p0.id, p0.institution_id, p0.section_id, p0.department_id, p0.path, p0.position, p0.version,
	p0.unpublish_reason, p0.scheduled_revision_id, p0.go_live_at,
	CASE WHEN p0.go_live_at <= n.t THEN p0.scheduled_revision_id ELSE p0.live_revision_id END AS live_revision_id,
	CASE WHEN p0.go_live_at <= n.t THEN COALESCE(p0.published_at, p0.go_live_at) ELSE p0.published_at END AS published_at,
	CASE WHEN p0.go_live_at <= n.t THEN p0.go_live_at ELSE p0.updated_at END AS updated_at,
	CASE WHEN p0.go_live_at <= n.t THEN p0.scheduled_by ELSE p0.published_by END AS published_by,
	CASE WHEN p0.go_live_at <= n.t THEN sr.term_end ELSE p0.term_end END AS term_end,
	CASE WHEN p0.go_live_at <= n.t THEN NULL ELSE p0.archived_at END AS archived_at,
	CASE WHEN p0.go_live_at <= n.t THEN NULL ELSE p0.unpublished_at END AS unpublished_at
	FROM pages p0 LEFT JOIN page_revisions sr ON sr.id = p0.scheduled_revision_id
	CROSS JOIN (SELECT CAST(? AS BIGINT) AS t) n)`

// ParseGoLive reads a go-live time typed as YYYY-MM-DDTHH:MM (the value of
// an <input type="datetime-local">), Vilnius time.
func ParseGoLive(s string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(s), web.Vilnius)
	return t, err == nil
}

// Scheduled reports whether a revision waits to go live.
func (p *Page) Scheduled() bool { return p.ScheduledRevisionID != 0 }

// Schedule approves a revision in review to go live at goLive (Vilnius
// time, as typed). Until then the live revision, if any, stays up. A
// revision scheduled earlier for the page is replaced. Who may publish the
// page may schedule it.
func (s *Service) Schedule(ctx context.Context, by actor.Actor, in *institution.Institution, revID, version int64, goLive string) error {
	at, ok := ParseGoLive(goLive)
	return s.transition(ctx, by, in, revID, version, []State{StateReview}, canPublish,
		func(tx *store.Tx, p *Page, r *Revision) (audit.Change, error) {
			switch {
			case strings.TrimSpace(goLive) == "":
				return audit.Change{}, web.FieldErrors{{Field: "go_live", Key: "site.error.go_live_required"}}
			case !ok:
				return audit.Change{}, web.FieldErrors{{Field: "go_live", Key: "site.error.go_live_invalid"}}
			case !at.After(tx.Now):
				return audit.Change{}, web.FieldErrors{{Field: "go_live", Key: "site.error.go_live_past"}}
			case !r.TermEnd.After(at):
				return audit.Change{}, web.FieldErrors{{Field: "go_live", Key: "site.error.go_live_after_term"}}
			}
			if err := dropSchedule(ctx, tx, p); err != nil {
				return audit.Change{}, err
			}
			if err := tx.ExecOne(ctx, `UPDATE page_revisions SET state = 'published', reviewer_id = ?, reviewed_at = ?, updated_at = ?,
				version = version + 1 WHERE id = ? AND version = ?`, by.ID, store.Millis(tx.Now), store.Millis(tx.Now), r.ID, r.Version); err != nil {
				return audit.Change{}, err
			}
			if err := tx.ExecOne(ctx, `UPDATE pages SET scheduled_revision_id = ?, go_live_at = ?, scheduled_by = ?, version = version + 1
				WHERE id = ? AND version = ?`, r.ID, store.Millis(at), by.ID, p.ID, p.Version); err != nil {
				return audit.Change{}, err
			}
			if err := s.notifyScheduled(ctx, tx, by, p, r, at); err != nil {
				return audit.Change{}, err
			}
			when := web.FormatDateTime(at)
			// The bump makes every instance's cache learn the new go-live
			// instant (NextTermEnd) on its next render.
			return audit.Change{Action: "site.revision.schedule",
				Summary: fmt.Sprintf("Puslapio „%s“ versija Nr. %d patvirtinta ir bus paskelbta %s", r.Title, r.Number, when),
				Before:  map[string]State{"state": r.State}, After: map[string]string{"state": "scheduled", "go_live": when}}, s.cache.Bump(ctx, tx)
		})
}

// CancelSchedule takes back a scheduled publication before its time: the
// revision returns to review, where it can be published, scheduled again or
// returned.
func (s *Service) CancelSchedule(ctx context.Context, by actor.Actor, in *institution.Institution, pageID, version int64) error {
	return s.pageChange(ctx, by, in, pageID, version, canPublish, func(tx *store.Tx, p *Page) (audit.Change, error) {
		if !p.Scheduled() || !p.GoLiveAt.After(tx.Now) {
			return audit.Change{}, store.ErrConflict // nothing scheduled, or already live
		}
		r, err := FindRevision(ctx, tx, in.ID, p.ScheduledRevisionID)
		if err != nil {
			return audit.Change{}, err
		}
		if err := tx.ExecOne(ctx, `UPDATE page_revisions SET state = 'review', updated_at = ?, version = version + 1 WHERE id = ?`,
			store.Millis(tx.Now), r.ID); err != nil {
			return audit.Change{}, err
		}
		err = tx.ExecOne(ctx, `UPDATE pages SET scheduled_revision_id = NULL, go_live_at = NULL, scheduled_by = NULL, version = version + 1
			WHERE id = ? AND version = ?`, p.ID, p.Version)
		return audit.Change{Action: "site.revision.unschedule",
			Summary: fmt.Sprintf("Atšauktas puslapio „%s“ versijos Nr. %d paskelbimas %s", r.Title, r.Number, web.FormatDateTime(p.GoLiveAt)),
			Before:  map[string]string{"state": "scheduled", "go_live": web.FormatDateTime(p.GoLiveAt)},
			After:   map[string]State{"state": StateReview}}, err
	})
}

// dropSchedule supersedes a revision scheduled for the page: publishing or
// scheduling another revision, or taking the page off the site, wins over
// it. The caller bumps the page's version.
func dropSchedule(ctx context.Context, tx *store.Tx, p *Page) error {
	if !p.Scheduled() {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE page_revisions SET state = 'superseded', version = version + 1 WHERE id = ?`,
		p.ScheduledRevisionID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE pages SET scheduled_revision_id = NULL, go_live_at = NULL, scheduled_by = NULL WHERE id = ?`, p.ID)
	return err
}

// scheduler is the job that records scheduled publications, as the audit
// trail names it.
const scheduler = "suplanuotas paskelbimas"

// PublishDue records every scheduled publication whose time has come: the
// revision becomes the page's live one, the one it replaces is superseded,
// the review term starts with the approver responsible (WEB-10, WEB-24),
// and the step is audited once (the UPDATE's condition makes a page
// recorded by one instance invisible to the others). The public saw the
// revision from its go-live time whether or not this has run.
func (s *Service) PublishDue(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, institution_id FROM pages WHERE go_live_at <= ?`, store.Millis(s.db.Now()))
	if err != nil {
		return fmt.Errorf("find due publications: %w", err)
	}
	var due [][2]int64
	for rows.Next() {
		var d [2]int64
		if err := rows.Scan(&d[0], &d[1]); err != nil {
			rows.Close()
			return err
		}
		due = append(due, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range due {
		if err := s.db.InTx(ctx, func(tx *store.Tx) error { return s.recordPublication(ctx, tx, d[1], d[0]) }); err != nil {
			return fmt.Errorf("publish page %d: %w", d[0], err)
		}
	}
	return nil
}

func (s *Service) recordPublication(ctx context.Context, tx *store.Tx, instID, pageID int64) error {
	p, err := FindPage(ctx, tx, instID, pageID)
	if err != nil {
		return err
	}
	if !p.Scheduled() || p.GoLiveAt.After(tx.Now) {
		return nil // another instance got there first, or it was cancelled
	}
	r, err := FindRevision(ctx, tx, instID, p.ScheduledRevisionID)
	if err != nil {
		return err
	}
	var approver int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(scheduled_by, 0) FROM pages WHERE id = ?`, p.ID).Scan(&approver); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE pages SET live_revision_id = scheduled_revision_id, published_at = COALESCE(published_at, go_live_at),
		updated_at = go_live_at, published_by = scheduled_by, term_end = ?, archived_at = NULL, unpublished_at = NULL, unpublish_reason = '',
		scheduled_revision_id = NULL, go_live_at = NULL, scheduled_by = NULL, version = version + 1
		WHERE id = ? AND version = ?`, store.Millis(r.TermEnd), p.ID, p.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // changed meanwhile: the next round sees it again
	}
	if p.LiveRevisionID != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE page_revisions SET state = 'superseded', version = version + 1 WHERE id = ?`, p.LiveRevisionID); err != nil {
			return err
		}
	}
	job := actor.NewJob(scheduler, instID)
	if err := s.deadlines.Meet(ctx, tx, job, ModuleLegalAct, "page", p.ID); err != nil {
		return err
	}
	if err := s.openReviewTerm(ctx, tx, job, approver, p, r.Title); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, audit.Change{InstitutionID: instID, Actor: job, Action: "site.revision.publish",
		ObjectType: "page", ObjectID: p.ID, After: snapshotOf(r),
		Summary: fmt.Sprintf("Suplanuotu laiku %s paskelbta puslapio „%s“ versija Nr. %d (%s)", web.FormatDateTime(p.GoLiveAt), r.Title, r.Number, p.Path)}); err != nil {
		return err
	}
	return s.cache.Bump(ctx, tx)
}
