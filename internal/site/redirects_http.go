package site

import (
	"net/http"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

type redirectsPage struct {
	web.Page
	Redirects []Redirect
	Pager     web.Pager
	Form      RedirectForm
}

func (s *Service) handleRedirects(w http.ResponseWriter, r *http.Request) {
	s.renderRedirects(w, r, http.StatusOK, &redirectsPage{Page: web.StaffPage(w, r, "site.redirects.title")})
}

func (s *Service) renderRedirects(w http.ResponseWriter, r *http.Request, status int, d *redirectsPage) {
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	page, offset := web.PageNumber(r.URL.Query())
	list, total, err := s.Redirects(r.Context(), by, institution.FromContext(r.Context()), offset)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d.Redirects = list
	d.Pager = web.NewPager(&d.Page, "/admin/redirects", r.URL.Query(), page, total)
	s.render.Render(w, r, status, "site_redirects", d)
}

func (s *Service) handleAddRedirect(w http.ResponseWriter, r *http.Request) {
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	f := &RedirectForm{From: r.PostFormValue("from"), To: r.PostFormValue("to")}
	typed := *f // what the person typed, shown again on an error
	_, err := s.AddRedirect(r.Context(), by, institution.FromContext(r.Context()), f)
	s.render.Finish(w, r, err, "site.flash.redirect_added", "/admin/redirects", func(fe web.FieldErrors) {
		d := &redirectsPage{Page: web.StaffPage(w, r, "site.redirects.title"), Form: typed}
		d.Errors = fe
		s.renderRedirects(w, r, http.StatusUnprocessableEntity, d)
	})
}

func (s *Service) handleRemoveRedirect(w http.ResponseWriter, r *http.Request) {
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	err := s.RemoveRedirect(r.Context(), by, institution.FromContext(r.Context()), id)
	s.render.Finish(w, r, err, "site.flash.redirect_removed", "/admin/redirects", func(fe web.FieldErrors) {
		d := &redirectsPage{Page: web.StaffPage(w, r, "site.redirects.title")}
		d.Errors = fe
		s.renderRedirects(w, r, http.StatusUnprocessableEntity, d)
	})
}
