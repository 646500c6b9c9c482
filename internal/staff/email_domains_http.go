package staff

import (
	"net/http"
	"strings"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

type domainsPage struct {
	web.Page
	Domains string // as typed, or one a line
}

func (s *Service) renderDomains(w http.ResponseWriter, r *http.Request, status int, domains string, errs web.FieldErrors) {
	p := &domainsPage{Page: web.StaffPage(w, r, "staff.domains.title"), Domains: domains}
	p.Errors = errs
	p.Crumbs = []web.Crumb{{Title: p.T("staff.users.title"), URL: "/admin/users"}, {Title: p.Title}}
	s.render.Render(w, r, status, "staff_domains", p)
}

func (s *Service) handleDomainsForm(w http.ResponseWriter, r *http.Request) {
	domains, err := EmailDomains(r.Context(), s.db, institution.FromContext(r.Context()).ID)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	s.renderDomains(w, r, http.StatusOK, strings.Join(domains, "\n"), nil)
}

func (s *Service) handleDomains(w http.ResponseWriter, r *http.Request) {
	a, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	text := r.PostFormValue("domains")
	err := s.SetEmailDomains(r.Context(), a, text)
	s.render.Finish(w, r, err, "staff.flash.domains_saved", "/admin/users", func(fe web.FieldErrors) {
		s.renderDomains(w, r, http.StatusUnprocessableEntity, text, fe)
	})
}
