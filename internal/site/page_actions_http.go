package site

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

type overviewPage struct {
	web.Page
	P         *Page
	Open      *Revision // the revision in the workflow, if any
	Live      *Revision
	Revisions []*Revision
	History   []audit.Entry
	Review    *deadline.Deadline // the open content-review deadline
	Reviewers Reviewers          // who reviews the open revision, and why
	IsLive    bool
	Archived  bool
	CanEdit   bool
	CanReview bool
	CanSubmit bool
	CanMove   bool
	CanDelete bool      // the open draft may be deleted
	Scheduled *Revision // approved to go live at P.GoLiveAt
	// A resubmission: what the reviewer returned, and the changes since.
	Returned   *Returned
	ReturnDiff *Comparison
	// RemovedHTML names the raw HTML of the open revision that the page
	// will not show (see RemovedHTML), or is "".
	RemovedHTML string
	// Typed values of the action forms, kept on errors.
	Reason, UnpublishReason, TermEnd, GoLive, ArchiveReason string
}

// loadOverview gathers everything the page overview shows.
func (s *Service) loadOverview(ctx context.Context, d *overviewPage, in *institution.Institution, by actor.Actor, id int64) error {
	p, err := FindPage(ctx, s.db, in.ID, id)
	if err != nil {
		return err
	}
	if !canSee(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
		return store.ErrNotFound
	}
	now := s.db.Now()
	d.P, d.IsLive, d.Archived = p, p.Live(now), p.Archived(now)
	if d.Revisions, err = Revisions(ctx, s.db, p.ID); err != nil {
		return err
	}
	for _, r := range d.Revisions {
		switch {
		case r.State.Open() && d.Open == nil:
			d.Open = r
		case r.ID == p.LiveRevisionID:
			d.Live = r
		}
	}
	if d.History, _, err = audit.Find(ctx, s.db, audit.Filter{InstitutionID: in.ID, ObjectType: "page", ObjectID: p.ID, Limit: 100}); err != nil {
		return err
	}
	reviews, err := deadline.ForSubject(ctx, s.db, ModuleReview, "page", p.ID)
	if err != nil {
		return err
	}
	for _, dl := range reviews {
		if dl.State == deadline.Open {
			d.Review = dl
		}
	}
	if d.Open != nil {
		if d.Reviewers, err = reviewersOf(ctx, s.db, p); err != nil {
			return err
		}
	}
	d.CanEdit = canEdit(by, p.InstitutionID, p.DepartmentID, p.LegalActs)
	d.CanReview = canPublish(by, p.InstitutionID, p.DepartmentID, p.LegalActs)
	d.CanSubmit = d.CanEdit && d.Open != nil && (d.Open.State == StateDraft || d.Open.State == StateReturned)
	d.CanMove = canPlace(by, p, p.LegalActs)
	if d.Open != nil {
		d.RemovedHTML = removedHTMLNotice(d.Lang, d.Open.BodyMD)
	}
	if d.TermEnd == "" {
		d.TermEnd = web.LastDay(p.TermEnd)
	}
	return s.loadRevisionExtras(ctx, d, by)
}

func (s *Service) handlePageOverview(w http.ResponseWriter, r *http.Request) {
	s.renderOverview(w, r, http.StatusOK, &overviewPage{Page: web.StaffPage(w, r, "site.overview.title")})
}

func (s *Service) renderOverview(w http.ResponseWriter, r *http.Request, status int, d *overviewPage) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err == nil && d.P != nil {
		id = d.P.ID
	}
	if err != nil && d.P == nil {
		s.render.Error(w, r, err)
		return
	}
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	if err := s.loadOverview(ctx, d, institution.FromContext(ctx), by, id); err != nil {
		s.render.Error(w, r, err)
		return
	}
	s.render.Render(w, r, status, "site_overview", d)
}

// revisionAction runs a workflow step on the revision in the URL and goes
// back to its page; a validation error re-renders the page with it.
func (s *Service) revisionAction(w http.ResponseWriter, r *http.Request, flash string,
	step func(ctx context.Context, by actor.Actor, in *institution.Institution, revID, version int64) error) {
	ctx := r.Context()
	by, revID, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	rev, err := FindRevision(ctx, s.db, in.ID, revID)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	version := web.FormID(r.PostFormValue("version"))
	s.afterAction(w, r, rev.PageID, flash, step(ctx, by, in, revID, version))
}

// afterAction answers a workflow step: back to the page with a message, or
// the page again with what went wrong.
func (s *Service) afterAction(w http.ResponseWriter, r *http.Request, pageID int64, flash string, err error) {
	s.render.Finish(w, r, err, flash, "/admin/pages/"+strconv.FormatInt(pageID, 10), func(fe web.FieldErrors) {
		d := &overviewPage{Page: web.StaffPage(w, r, "site.overview.title"), Reason: r.PostFormValue("reason"),
			UnpublishReason: r.PostFormValue("unpublish_reason"), TermEnd: r.PostFormValue("term_end"),
			GoLive: r.PostFormValue("go_live"), ArchiveReason: r.PostFormValue("archive_reason")}
		d.Errors = fe
		d.P = &Page{ID: pageID}
		s.renderOverview(w, r, http.StatusUnprocessableEntity, d)
	})
}

func (s *Service) handleSubmit(w http.ResponseWriter, r *http.Request) {
	s.revisionAction(w, r, "site.flash.submitted", s.Submit)
}

func (s *Service) handlePublish(w http.ResponseWriter, r *http.Request) {
	s.revisionAction(w, r, "site.flash.published", s.Publish)
}

func (s *Service) handleReturn(w http.ResponseWriter, r *http.Request) {
	s.revisionAction(w, r, "site.flash.returned", func(ctx context.Context, by actor.Actor, in *institution.Institution, revID, version int64) error {
		return s.Return(ctx, by, in, revID, version, r.PostFormValue("reason"))
	})
}

// pageAction runs a page-level step on the page in the URL.
func (s *Service) pageAction(w http.ResponseWriter, r *http.Request, flash string,
	step func(ctx context.Context, by actor.Actor, in *institution.Institution, pageID, version int64) error) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	if _, err := FindPage(ctx, s.db, institution.FromContext(ctx).ID, id); err != nil {
		s.render.Error(w, r, err)
		return
	}
	version := web.FormID(r.PostFormValue("version"))
	s.afterAction(w, r, id, flash, step(ctx, by, institution.FromContext(ctx), id, version))
}

func (s *Service) handleUnpublish(w http.ResponseWriter, r *http.Request) {
	s.pageAction(w, r, "site.flash.unpublished", func(ctx context.Context, by actor.Actor, in *institution.Institution, id, version int64) error {
		err := s.Unpublish(ctx, by, in, id, version, r.PostFormValue("unpublish_reason"))
		var fe web.FieldErrors
		if errors.As(err, &fe) {
			fe[0].Field = "unpublish_reason" // the overview's field for this form
		}
		return err
	})
}

func (s *Service) handleConfirm(w http.ResponseWriter, r *http.Request) {
	s.pageAction(w, r, "site.flash.confirmed", s.ConfirmCurrent)
}

func (s *Service) handleExtend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	p, err := FindPage(ctx, s.db, in.ID, id)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	// The message says how the term changed. The page read here is the one
	// the change applies to: had it changed since, the version would not
	// match and nothing would be changed.
	lastDayOfTerm := r.PostFormValue("term_end")
	flash := "site.flash.term_changed"
	if end, ok := termEndOf(lastDayOfTerm); ok {
		flash = termChangeOf(p.TermEnd, end).flash
	}
	err = s.ExtendTerm(ctx, by, in, id, web.FormID(r.PostFormValue("version")), lastDayOfTerm)
	s.afterAction(w, r, id, flash, err)
}
