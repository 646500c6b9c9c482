package site

import (
	"context"
	"errors"
	"net/http"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// When two people edit a page at once, the second to save loses nothing:
// the editor comes back with everything they typed, a message, and what the
// first one changed meanwhile (the content their form was opened on against
// the current one). The form now carries the current version, so saving it
// again puts their text on top of the new version, knowingly.

// editorStart is what the editor opens on: the revision in the workflow, or
// the newest approved one to start a new draft from (the scheduled one, else
// the live one).
func (s *Service) editorStart(ctx context.Context, in *institution.Institution, p *Page) (PageForm, error) {
	rev, err := openRevision(ctx, s.db, p.ID)
	version := int64(0)
	switch {
	case err == nil:
		version = rev.Version
	case errors.Is(err, store.ErrNotFound) && p.Scheduled():
		rev, err = FindRevision(ctx, s.db, in.ID, p.ScheduledRevisionID)
	case errors.Is(err, store.ErrNotFound) && p.LiveRevisionID != 0:
		rev, err = FindRevision(ctx, s.db, in.ID, p.LiveRevisionID)
	}
	if err != nil {
		return PageForm{}, err
	}
	return PageForm{Title: rev.Title, Body: rev.BodyMD, SectionID: p.SectionID, DepartmentID: p.DepartmentID,
		ResponsibleName: rev.ResponsibleName, ResponsiblePhone: rev.ResponsiblePhone, ResponsibleEmail: rev.ResponsibleEmail,
		TermEnd: web.LastDay(rev.TermEnd), Version: version, Base: p.LiveRevisionID}, nil
}

// parseOrig reads the content the form was opened on.
func parseOrig(r *http.Request) PageForm {
	return PageForm{Title: r.PostFormValue("orig_title"), Body: r.PostFormValue("orig_body"),
		ResponsibleName: r.PostFormValue("orig_responsible_name"), ResponsiblePhone: r.PostFormValue("orig_responsible_phone"),
		ResponsibleEmail: r.PostFormValue("orig_responsible_email"), TermEnd: r.PostFormValue("orig_term_end")}
}

// asRevision is a form's content as a revision, for comparing.
func (f *PageForm) asRevision() *Revision {
	term, _ := f.TermEndInstant()
	return &Revision{Title: f.Title, BodyMD: f.Body, ResponsibleName: f.ResponsibleName, ResponsiblePhone: f.ResponsiblePhone,
		ResponsibleEmail: f.ResponsibleEmail, TermEnd: term}
}

// renderConflict answers a save that lost the race (409).
func (s *Service) renderConflict(w http.ResponseWriter, r *http.Request, pageID int64, typed *PageForm) {
	ctx := r.Context()
	in := institution.FromContext(ctx)
	p, err := FindPage(ctx, s.db, in.ID, pageID)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	current, err := s.editorStart(ctx, in, p)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	orig := parseOrig(r)
	d := &editPage{Page: web.StaffPage(w, r, "site.edit.title"), PageRec: p, Action: r.URL.Path, Form: *typed, Orig: current}
	d.Form.SectionID, d.Form.DepartmentID = p.SectionID, p.DepartmentID
	d.Form.Version, d.Form.Base = current.Version, current.Base
	d.Conflict = &Comparison{Fields: CompareRevisions(orig.asRevision(), current.asRevision()), Lang: d.Lang}
	s.renderEdit(w, r, http.StatusConflict, d)
}
