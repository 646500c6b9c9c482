package statement

import (
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

type issuePage struct {
	web.Page
	Form          IssueForm
	Issue         *Issue // nil when adding
	Action        string
	CanConfirm    bool
	ReasonOptions []web.Option
}

func (s *Service) renderIssue(w http.ResponseWriter, r *http.Request, status int, is *Issue, f IssueForm, fe web.FieldErrors) {
	d := &issuePage{Page: web.Page{Lang: web.LangFrom(r), Admin: true, Errors: fe}, Form: f, Issue: is,
		Action: "/admin/prieinamumas/irasai", CanConfirm: true}
	d.Title = d.T("statement.issue.new_title")
	if is != nil {
		d.Title = d.T("statement.issue.edit_title", is.ID)
		d.Action += "/" + strconv.FormatInt(is.ID, 10)
		d.CanConfirm = is.Status == Draft
	}
	d.Crumbs = []web.Crumb{{Title: d.T("statement.title"), URL: AdminPath}, {Title: d.Title}}
	d.ReasonOptions = []web.Option{{Value: "", Label: d.T("statement.reason.choose")}}
	for _, reason := range Reasons {
		d.ReasonOptions = append(d.ReasonOptions, web.Option{Value: string(reason), Label: d.T("statement.reason." + string(reason))})
	}
	s.render.Render(w, r, status, "statement_issue", d)
}

// findIssue reads the entry named by the path, of the request's institution.
func (s *Service) findIssue(r *http.Request) (*Issue, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	return FindIssue(r.Context(), s.db, institution.FromContext(r.Context()).ID, id)
}

func (s *Service) handleNewIssue(w http.ResponseWriter, r *http.Request) {
	s.renderIssue(w, r, http.StatusOK, nil, IssueForm{Reason: string(NonCompliance)}, nil)
}

func (s *Service) handleCreateIssue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	f := ParseIssueForm(r)
	_, err := s.CreateIssue(ctx, by, institution.FromContext(ctx).ID, f, r.PostFormValue("confirm") == "1")
	s.render.Finish(w, r, err, "statement.flash.entry_saved", AdminPath+"#entries-title", func(fe web.FieldErrors) {
		s.renderIssue(w, r, http.StatusUnprocessableEntity, nil, f, fe)
	})
}

func (s *Service) handleEditIssue(w http.ResponseWriter, r *http.Request) {
	is, err := s.findIssue(r)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	if is.Status == Resolved {
		s.render.Error(w, r, store.ErrNotFound)
		return
	}
	s.renderIssue(w, r, http.StatusOK, is, IssueFormOf(is), nil)
}

func (s *Service) handleSaveIssue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	is, err := s.findIssue(r)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	f := ParseIssueForm(r)
	err = s.UpdateIssue(ctx, by, is.InstitutionID, is.ID, f, r.PostFormValue("confirm") == "1")
	s.render.Finish(w, r, err, "statement.flash.entry_saved", AdminPath+"#entries-title", func(fe web.FieldErrors) {
		s.renderIssue(w, r, http.StatusUnprocessableEntity, is, f, fe)
	})
}

// handleConfirmIssue publishes a draft from the list; a draft that is not
// complete opens in its form with what is missing.
func (s *Service) handleConfirmIssue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	is, err := s.findIssue(r)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	version := web.FormID(r.PostFormValue("version"))
	err = s.ConfirmIssue(ctx, by, is.InstitutionID, is.ID, version)
	s.render.Finish(w, r, err, "statement.flash.entry_confirmed", AdminPath+"#entries-title", func(fe web.FieldErrors) {
		s.renderIssue(w, r, http.StatusUnprocessableEntity, is, IssueFormOf(is), fe)
	})
}

func (s *Service) handleRemoveIssue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	is, err := s.findIssue(r)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	version := web.FormID(r.PostFormValue("version"))
	err = s.RemoveIssue(ctx, by, is.InstitutionID, is.ID, version)
	s.render.Finish(w, r, err, "statement.flash.entry_removed", AdminPath+"#entries-title", func(web.FieldErrors) {})
}
