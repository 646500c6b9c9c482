package site

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

// Preview (WEB-11, WEB-21): staff see a revision exactly as the public page
// will show it, metadata included, through the public page's own template
// and layout, marked as a preview. It is never cached: it is not served by
// serve, and Render forbids storing it.

// previewNote is the banner over a preview.
type previewNote struct {
	Text      string
	Back      string
	BackLabel string // catalogue key
}

// PreviewForm builds what the editor's form would publish, without saving
// anything: pageID 0 is a page not created yet, in f's section.
func (s *Service) PreviewForm(ctx context.Context, by actor.Actor, in *institution.Institution, pageID int64, f *PageForm) (*Page, *Revision, error) {
	p := &Page{InstitutionID: in.ID, SectionID: f.SectionID, DepartmentID: f.DepartmentID}
	if pageID != 0 {
		var err error
		if p, err = FindPage(ctx, s.db, in.ID, pageID); err != nil {
			return nil, nil, err
		}
	} else {
		if by.Role.NeedsDepartment() {
			p.DepartmentID = by.DepartmentID
		}
		// Without a section chosen yet the preview shows none.
		if sec, err := FindSection(ctx, s.db, in.ID, f.SectionID); err == nil {
			p.SectionTitle, p.SectionPath, p.LegalActs = sec.Title, sec.Path, sec.LegalActs
		}
	}
	if !canEdit(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
		return nil, nil, web.ErrForbidden
	}
	// With the library's files, exactly as the public page will show them.
	html, _, err := s.renderBody(ctx, s.db, in.ID, f.Body)
	if fe := (web.FieldErrors{}); errors.As(err, &fe) {
		// An image still without its text alternative: the preview shows the
		// text as written; saving says what is missing.
		html, err = RenderMarkdown(f.Body)
	}
	if err != nil {
		return nil, nil, err
	}
	term, _ := f.TermEndInstant()
	return p, &Revision{PageID: p.ID, Title: f.Title, BodyMD: f.Body, BodyHTML: html, ResponsibleName: f.ResponsibleName,
		ResponsiblePhone: f.ResponsiblePhone, ResponsibleEmail: f.ResponsibleEmail, TermEnd: term, State: StateDraft}, nil
}

// renderPreview shows rev of p in the public page's template: dates are the
// ones the public page would show if it went live now (or when it did).
func (s *Service) renderPreview(w http.ResponseWriter, r *http.Request, p *Page, rev *Revision, note *previewNote) {
	shown := *p
	now := s.db.Now()
	switch {
	case rev.ID != 0 && rev.ID == p.ScheduledRevisionID:
		now = p.GoLiveAt
	case rev.State == StatePublished || rev.State == StateSuperseded:
		now = rev.ReviewedAt
	}
	if shown.PublishedAt.IsZero() || shown.PublishedAt.After(now) {
		shown.PublishedAt = now
	}
	shown.UpdatedAt, shown.TermEnd = now, rev.TermEnd
	d := &contentPage{Page: web.Page{Lang: web.LangFrom(r)}, P: &shown, R: rev, Preview: note}
	d.Title = d.T("site.preview.title_prefix") + " " + rev.Title
	var err error
	if d.Crumbs, err = s.crumbs(r.Context(), &d.Page, p.InstitutionID, p.SectionID, rev.Title); err != nil {
		s.render.Error(w, r, err)
		return
	}
	s.render.Render(w, r, http.StatusOK, "site_page", d)
}

// handlePreviewForm previews the editor's form as posted; the editor opens
// it in a new window, so what was typed stays in the form, unsaved.
func (s *Service) handlePreviewForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	var pageID int64
	if r.PathValue("id") != "" {
		var err error
		if pageID, err = web.PathID(r, "id"); err != nil {
			s.render.Error(w, r, err)
			return
		}
	}
	p, rev, err := s.PreviewForm(ctx, by, institution.FromContext(ctx), pageID, parsePageForm(r))
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d := &web.Page{Lang: web.LangFrom(r)}
	s.renderPreview(w, r, p, rev, &previewNote{Text: d.T("site.preview.unsaved")})
}

// handleRevision shows a saved revision, any of a page's, read-only.
func (s *Service) handleRevision(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	p, rev, err := s.RevisionOf(ctx, by, institution.FromContext(ctx), id)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d := &web.Page{Lang: web.LangFrom(r)}
	state := d.T(rev.State.Label())
	if rev.ID == p.ScheduledRevisionID {
		state = d.T("site.state.scheduled", web.FormatDateTime(p.GoLiveAt))
	}
	s.renderPreview(w, r, p, rev, &previewNote{Text: d.T("site.preview.saved", rev.Number, state, rev.AuthorName),
		Back: "/admin/pages/" + strconv.FormatInt(p.ID, 10) + "/revisions", BackLabel: "site.revisions.back"})
}
