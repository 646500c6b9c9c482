package site

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// A page's revisions (WEB-21): each is kept, can be read as the public saw
// or will see it, compared with another, and brought back as a new draft.
// Drafts nobody wants any more can be deleted.

// PageRevisions returns a page and all its revisions, newest first, for
// someone who may see the page's drafts.
func (s *Service) PageRevisions(ctx context.Context, by actor.Actor, in *institution.Institution, pageID int64) (*Page, []*Revision, error) {
	p, err := FindPage(ctx, s.db, in.ID, pageID)
	if err != nil {
		return nil, nil, err
	}
	if !canSee(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
		return nil, nil, store.ErrNotFound
	}
	revs, err := Revisions(ctx, s.db, p.ID)
	return p, revs, err
}

// RevisionOf returns one revision with its page, for someone who may see the
// page's drafts.
func (s *Service) RevisionOf(ctx context.Context, by actor.Actor, in *institution.Institution, revID int64) (*Page, *Revision, error) {
	r, p, err := revisionOfPage(ctx, s.db, in.ID, revID)
	if err != nil {
		return nil, nil, err
	}
	if !canSee(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
		return nil, nil, store.ErrNotFound
	}
	return p, r, nil
}

// Returned is what a reviewer returned of a revision: its content then and
// the reason.
type Returned struct {
	Revision // the content as returned; Number, ID and State are the revision's
	Reason   string
}

// recordReturn keeps a revision's content as it is returned.
func recordReturn(ctx context.Context, tx *store.Tx, by actor.Actor, r *Revision, reason string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO page_returns (revision_id, reviewer_id, reason, returned_at, title, body_md,
		responsible_name, responsible_phone, responsible_email, term_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, nullID(by.ID), reason, store.Millis(tx.Now), r.Title, r.BodyMD, r.ResponsibleName, r.ResponsiblePhone,
		r.ResponsibleEmail, store.Millis(r.TermEnd))
	return err
}

// LastReturn is the latest return of a revision, or ErrNotFound: with it a
// revision in review is a resubmission.
func LastReturn(ctx context.Context, q queryer, r *Revision) (*Returned, error) {
	ret := &Returned{Revision: *r}
	err := q.QueryRowContext(ctx, `SELECT reason, title, body_md, responsible_name, responsible_phone, responsible_email, term_end
		FROM page_returns WHERE revision_id = ? ORDER BY returned_at DESC, id DESC LIMIT 1`, r.ID).Scan(&ret.Reason, &ret.Title,
		&ret.BodyMD, &ret.ResponsibleName, &ret.ResponsiblePhone, &ret.ResponsibleEmail, store.Time(&ret.TermEnd))
	if err != nil {
		return nil, err
	}
	return ret, nil
}

// Restore starts a new draft of the page with the content of one of its
// earlier revisions. Only one revision is in the workflow at a time: with
// one open, restoring is refused with a message naming it (finish, or delete
// it, first). A restored term that has already ended becomes the page's
// current one, so the draft can go to review.
func (s *Service) Restore(ctx context.Context, by actor.Actor, in *institution.Institution, revID int64) (newID int64, err error) {
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		old, p, err := revisionOfPage(ctx, tx, in.ID, revID)
		if err != nil {
			return err
		}
		if !canEdit(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
			return web.ErrForbidden
		}
		switch open, err := openRevision(ctx, tx, p.ID); {
		case err == nil:
			return web.FieldErrors{{Field: "restore", Key: "site.error.restore_open", Args: []any{open.Number}}}
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		term := old.TermEnd
		if !term.After(tx.Now) {
			term = p.TermEnd
		}
		f := &PageForm{Title: old.Title, Body: old.BodyMD, ResponsibleName: old.ResponsibleName,
			ResponsiblePhone: old.ResponsiblePhone, ResponsibleEmail: old.ResponsibleEmail, TermEnd: web.LastDay(term)}
		rev, err := s.insertRevision(ctx, tx, in.ID, p.ID, by, f)
		if err != nil {
			return err
		}
		newID = rev.ID
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: in.ID, Actor: by, Action: "site.revision.restore", ObjectType: "page", ObjectID: p.ID,
			Summary: fmt.Sprintf("Puslapio „%s“ versija Nr. %d atkurta kaip naujas juodraštis Nr. %d", old.Title, old.Number, rev.Number),
			After:   snapshotOf(rev),
		})
	})
	return newID, err
}

// DeleteDraft deletes a draft (or a returned revision) nobody will submit.
// A page that was never published and has no other revision goes with it.
func (s *Service) DeleteDraft(ctx context.Context, by actor.Actor, in *institution.Institution, revID, version int64) (pageGone bool, err error) {
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		r, p, err := revisionOfPage(ctx, tx, in.ID, revID)
		if err != nil {
			return err
		}
		if !canDeleteDraft(by, p.InstitutionID, p.DepartmentID, p.LegalActs, r.AuthorID) {
			return web.ErrForbidden
		}
		if (r.State != StateDraft && r.State != StateReturned) || r.Version != version {
			return store.ErrConflict
		}
		var others int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM page_revisions WHERE page_id = ? AND id <> ?`, p.ID, r.ID).Scan(&others); err != nil {
			return err
		}
		pageGone = others == 0 && p.LiveRevisionID == 0
		summary := fmt.Sprintf("Ištrintas puslapio „%s“ juodraštis Nr. %d", r.Title, r.Number)
		if pageGone {
			// Deadlines kept for the page (a legal act's publication term
			// opened when it was submitted) close with it.
			if err := s.deadlines.Close(ctx, tx, by, ModuleLegalAct, "page", p.ID, "Puslapio juodraštis ištrintas"); err != nil {
				return err
			}
			if err := tx.ExecOne(ctx, `DELETE FROM pages WHERE id = ? AND version = ?`, p.ID, p.Version); err != nil {
				return err
			}
			summary = fmt.Sprintf("Ištrintas niekada nepaskelbtas puslapis „%s“ (%s) su vieninteliu juodraščiu", r.Title, p.Path)
		} else if err := tx.ExecOne(ctx, `DELETE FROM page_revisions WHERE id = ? AND version = ?`, r.ID, r.Version); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: in.ID, Actor: by, Action: "site.revision.delete", ObjectType: "page", ObjectID: p.ID,
			Summary: summary, Before: snapshotOf(r),
		})
	})
	return pageGone, err
}

// ArchiveNow moves a live page to the public archive at once, before its
// term ends, with the reason (WEB-23): its term ends now, exactly as if it
// had run out. Who may publish the page may archive it. A revision
// scheduled to replace it is dropped with it.
func (s *Service) ArchiveNow(ctx context.Context, by actor.Actor, in *institution.Institution, pageID, version int64, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.pageChange(ctx, by, in, pageID, version, canPublish, func(tx *store.Tx, p *Page) (audit.Change, error) {
		if reason == "" {
			return audit.Change{}, web.FieldErrors{{Field: "archive_reason", Key: "site.error.archive_reason_required"}}
		}
		if !p.Live(tx.Now) {
			return audit.Change{}, store.ErrConflict
		}
		err := dropSchedule(ctx, tx, p)
		if err == nil {
			err = tx.ExecOne(ctx, `UPDATE pages SET term_end = ?, archived_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
				store.Millis(tx.Now), store.Millis(tx.Now), p.ID, p.Version)
		}
		if err == nil {
			err = s.deadlines.Close(ctx, tx, by, ModuleReview, "page", p.ID, "Puslapis perkeltas į archyvą")
		}
		if err == nil {
			err = addArchiveRedirect(ctx, tx, p, by)
		}
		return audit.Change{Action: "site.page.archive_now",
			Summary: fmt.Sprintf("Puslapis %s perkeltas į archyvą anksčiau termino: %s", p.Path, reason),
			Before:  map[string]string{"term_end": web.LastDay(p.TermEnd)},
			After:   map[string]string{"term_end": web.FormatDate(tx.Now), "reason": reason}}, err
	})
}
