package staff

import (
	"errors"
	"net/http"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

type forgotPage struct {
	web.Page
	Email string
	Sent  bool // the request was taken: the same page whether or not the address has an account
}

func (s *Service) handleForgotForm(w http.ResponseWriter, r *http.Request) {
	s.render.Render(w, r, http.StatusOK, "staff_forgot", &forgotPage{Page: web.StaffPage(w, r, "staff.forgot.title")})
}

func (s *Service) handleForgot(w http.ResponseWriter, r *http.Request) {
	in := institution.FromContext(r.Context())
	email := r.PostFormValue("email")
	p := &forgotPage{Page: web.StaffPage(w, r, "staff.forgot.title")}
	p.Email = checkTypedEmail(&p.Errors, email)
	if len(p.Errors) > 0 {
		s.render.Render(w, r, http.StatusUnprocessableEntity, "staff_forgot", p)
		return
	}
	if err := s.RequestPasswordReset(r.Context(), in, email, p.Lang, ClientOf(r)); err != nil {
		s.render.Error(w, r, err)
		return
	}
	p.Sent = true
	s.render.Render(w, r, http.StatusOK, "staff_forgot", p)
}

type resetPage struct {
	web.Page
	Token   string
	Invalid bool // the link no longer works
}

func (s *Service) handleResetForm(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	p := &resetPage{Page: web.StaffPage(w, r, "staff.reset.title"), Token: token}
	status := http.StatusOK
	if _, _, err := s.passwordReset(r.Context(), institution.FromContext(r.Context()), token); errors.Is(err, errResetInvalid) {
		p.Invalid, status = true, http.StatusNotFound
	} else if err != nil {
		s.render.Error(w, r, err)
		return
	}
	s.render.Render(w, r, status, "staff_reset", p)
}

func (s *Service) handleReset(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	err := s.ResetPassword(r.Context(), institution.FromContext(r.Context()), token, r.PostFormValue("password"))
	p := &resetPage{Page: web.StaffPage(w, r, "staff.reset.title"), Token: token}
	if errors.Is(err, errResetInvalid) {
		p.Invalid = true
		s.render.Render(w, r, http.StatusNotFound, "staff_reset", p)
		return
	}
	s.render.Finish(w, r, err, "staff.flash.password_reset", "/admin/login", func(fe web.FieldErrors) {
		p.Errors = fe
		s.render.Render(w, r, http.StatusUnprocessableEntity, "staff_reset", p)
	})
}
