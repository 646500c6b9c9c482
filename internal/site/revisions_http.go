package site

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// revisionRoutes registers previews, the revision history, scheduling,
// archiving at once and deleting drafts.
func (s *Service) revisionRoutes(mux *web.Mux, staffOnly func(http.HandlerFunc) http.Handler) {
	mux.Handle("POST /admin/pages/preview", staffOnly(s.handlePreviewForm))
	mux.Handle("POST /admin/pages/{id}/preview", staffOnly(s.handlePreviewForm))
	mux.Handle("GET /admin/pages/{id}/revisions", staffOnly(s.handleRevisions))
	mux.Handle("GET /admin/pages/{id}/compare", staffOnly(s.handleCompare))
	mux.Handle("POST /admin/pages/{id}/unschedule", staffOnly(s.handleUnschedule))
	mux.Handle("POST /admin/pages/{id}/archive", staffOnly(s.handleArchiveNow))
	mux.Handle("GET /admin/revisions/{id}", staffOnly(s.handleRevision))
	mux.Handle("POST /admin/revisions/{id}/restore", staffOnly(s.handleRestore))
	mux.Handle("POST /admin/revisions/{id}/schedule", staffOnly(s.handleSchedule))
	mux.Handle("GET /admin/revisions/{id}/delete", staffOnly(s.handleDeleteDraftForm))
	mux.Handle("POST /admin/revisions/{id}/delete", staffOnly(s.handleDeleteDraft))
}

type revisionsPage struct {
	web.Page
	P         *Page
	Revisions []*Revision
	CanEdit   bool
	A, B      int64 // the compare form's choice
}

// Older is the revision before the i-th of the list (newest first), to
// compare with.
func (d *revisionsPage) Older(i int) *Revision {
	if i+1 < len(d.Revisions) {
		return d.Revisions[i+1]
	}
	return nil
}

func (s *Service) handleRevisions(w http.ResponseWriter, r *http.Request) {
	s.renderRevisions(w, r, http.StatusOK, nil)
}

func (s *Service) renderRevisions(w http.ResponseWriter, r *http.Request, status int, fe web.FieldErrors) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	if fe != nil {
		// A refused restore: the URL names the revision, the list its page.
		_, rev, err := s.RevisionOf(ctx, by, institution.FromContext(ctx), id)
		if err != nil {
			s.render.Error(w, r, err)
			return
		}
		id = rev.PageID
	}
	p, revs, err := s.PageRevisions(ctx, by, institution.FromContext(ctx), id)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d := &revisionsPage{Page: web.StaffPage(w, r, "site.revisions.title"), P: p, Revisions: revs,
		CanEdit: canEdit(by, p.InstitutionID, p.DepartmentID, p.LegalActs)}
	d.Errors = fe
	if len(revs) > 1 {
		d.A, d.B = revs[1].ID, revs[0].ID
	}
	s.render.Render(w, r, status, "site_revisions", d)
}

type comparePage struct {
	web.Page
	P    *Page
	A, B *Revision
	Diff *Comparison
}

func (s *Service) handleCompare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	p, revs, err := s.PageRevisions(ctx, by, in, id)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d := &comparePage{Page: web.StaffPage(w, r, "site.compare.title"), P: p}
	a, b := web.FormID(r.URL.Query().Get("a")), web.FormID(r.URL.Query().Get("b"))
	for _, rev := range revs {
		if rev.ID == a {
			d.A = rev
		}
		if rev.ID == b {
			d.B = rev
		}
	}
	if d.A == nil || d.B == nil {
		s.render.Error(w, r, store.ErrNotFound)
		return
	}
	if d.A.Number > d.B.Number {
		d.A, d.B = d.B, d.A // always from the older to the newer
	}
	d.Diff = &Comparison{Fields: CompareRevisions(d.A, d.B), Lang: d.Lang}
	s.render.Render(w, r, http.StatusOK, "site_compare", d)
}

func (s *Service) handleRestore(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	newID, err := s.Restore(ctx, by, in, id)
	next := "/admin/pages"
	if err == nil {
		if _, rev, ferr := s.RevisionOf(ctx, by, in, newID); ferr == nil {
			next = "/admin/pages/" + strconv.FormatInt(rev.PageID, 10) + "/edit"
		}
	}
	s.render.Finish(w, r, err, "site.flash.restored", next, func(fe web.FieldErrors) {
		s.renderRevisions(w, r, http.StatusConflict, fe)
	})
}

func (s *Service) handleSchedule(w http.ResponseWriter, r *http.Request) {
	s.revisionAction(w, r, "site.flash.scheduled", func(ctx context.Context, by actor.Actor, in *institution.Institution, revID, version int64) error {
		return s.Schedule(ctx, by, in, revID, version, r.PostFormValue("go_live"))
	})
}

func (s *Service) handleUnschedule(w http.ResponseWriter, r *http.Request) {
	s.pageAction(w, r, "site.flash.unscheduled", s.CancelSchedule)
}

func (s *Service) handleArchiveNow(w http.ResponseWriter, r *http.Request) {
	s.pageAction(w, r, "site.flash.archived", func(ctx context.Context, by actor.Actor, in *institution.Institution, id, version int64) error {
		return s.ArchiveNow(ctx, by, in, id, version, r.PostFormValue("archive_reason"))
	})
}

type deleteDraftPage struct {
	web.Page
	P        *Page
	R        *Revision
	PageGoes bool // the page was never published and has no other revision
}

func (s *Service) handleDeleteDraftForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	p, rev, err := s.RevisionOf(ctx, by, in, id)
	if err == nil && !canDeleteDraft(by, p.InstitutionID, p.DepartmentID, p.LegalActs, rev.AuthorID) {
		err = web.ErrForbidden
	}
	if err == nil && rev.State != StateDraft && rev.State != StateReturned {
		err = store.ErrConflict
	}
	var revs []*Revision
	if err == nil {
		revs, err = Revisions(ctx, s.db, p.ID)
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d := &deleteDraftPage{Page: web.StaffPage(w, r, "site.delete.title"), P: p, R: rev, PageGoes: len(revs) == 1 && p.LiveRevisionID == 0}
	s.render.Render(w, r, http.StatusOK, "site_delete_draft", d)
}

func (s *Service) handleDeleteDraft(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	_, rev, err := s.RevisionOf(ctx, by, in, id)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	gone, err := s.DeleteDraft(ctx, by, in, id, web.FormID(r.PostFormValue("version")))
	next := "/admin/pages/" + strconv.FormatInt(rev.PageID, 10)
	if gone {
		next = "/admin"
	}
	s.render.Finish(w, r, err, "site.flash.draft_deleted", next, func(web.FieldErrors) {})
}

// loadRevisionExtras adds to the overview what the revision history knows:
// the scheduled revision, and for a resubmission what changed since the
// version the reviewer returned.
func (s *Service) loadRevisionExtras(ctx context.Context, d *overviewPage, by actor.Actor) error {
	p := d.P
	for _, r := range d.Revisions {
		if r.ID == p.ScheduledRevisionID {
			d.Scheduled = r
		}
	}
	if d.Open == nil {
		return nil
	}
	d.CanDelete = (d.Open.State == StateDraft || d.Open.State == StateReturned) &&
		canDeleteDraft(by, p.InstitutionID, p.DepartmentID, p.LegalActs, d.Open.AuthorID)
	if d.Open.State != StateReview {
		return nil
	}
	ret, err := LastReturn(ctx, s.db, d.Open)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	d.Returned = ret
	d.ReturnDiff = &Comparison{Fields: CompareRevisions(&ret.Revision, d.Open), Lang: d.Lang}
	return nil
}
