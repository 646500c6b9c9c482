package staff

import (
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

type loginPage struct {
	web.Page
	Email   string
	Next    string
	RetryAt string // when a throttled login may be tried again, HH:MM
	OIDC    bool   // offer the organisation's provider (oidc_http.go)
}

func newLoginPage(r *http.Request, email, next string) *loginPage {
	p := &loginPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true}, Email: email, Next: next}
	p.Title = p.T("staff.login.title")
	return p
}

func (s *Service) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	next := web.LocalPath(r.URL.Query().Get("next"), "/admin")
	if UserFrom(r.Context()) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	p := newLoginPage(r, "", next)
	p.OIDC = s.offersOIDC(r)
	p.Flash = web.TakeFlash(w, r) // after a password reset or logging out everywhere
	s.render.Render(w, r, http.StatusOK, "staff_login", p)
}

func (s *Service) handleLogin(w http.ResponseWriter, r *http.Request) {
	in := institution.FromContext(r.Context())
	if in == nil {
		s.render.NotFound(w, r)
		return
	}
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	p := newLoginPage(r, email, web.LocalPath(r.PostFormValue("next"), "/admin"))
	p.OIDC = s.offersOIDC(r)
	p.Email = checkTypedEmail(&p.Errors, email)
	if password == "" {
		p.Errors.Add("password", "staff.error.password_required")
	}
	if len(p.Errors) > 0 {
		s.render.Render(w, r, http.StatusUnprocessableEntity, "staff_login", p)
		return
	}
	u, token, err := s.login(r.Context(), in.ID, email, password, ClientOf(r), requestSession(r))
	var throttled *throttledError
	var step *secondStep
	switch {
	case errors.As(err, &step):
		s.toSecondStep(w, r, step, p.Next)
		return
	case errors.As(err, &throttled):
		// The time goes in its own notice: the error summary shows
		// messages without arguments.
		p.Errors.Add("password", "staff.error.throttled")
		p.RetryAt = retryTime(throttled.Until, web.Vilnius)
		w.Header().Set("Retry-After", strconv.Itoa(int(throttled.Until.Sub(s.db.Now()).Seconds())+1))
		s.render.Render(w, r, http.StatusTooManyRequests, "staff_login", p)
		return
	case errors.Is(err, errBadCredentials):
		p.Errors.Add("password", "staff.error.bad_credentials")
		s.render.Render(w, r, http.StatusUnprocessableEntity, "staff_login", p)
		return
	case err != nil:
		s.render.Error(w, r, err)
		return
	}
	s.setSessionCookie(w, token)
	if u.MustChangePassword {
		http.Redirect(w, r, accountPath, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
}

// handleLogout ends the request's session, or with everywhere=1 every
// session of the user ("Atsijungti visur").
// checkTypedEmail adds an error when the address typed into the login or
// forgotten-password form is missing or longer than any address, and
// returns what the form may show again: nothing of an overlong one, which
// is neither stored, hashed nor sent back.
func checkTypedEmail(fe *web.FieldErrors, email string) string {
	switch {
	case email == "":
		fe.Add("email", "staff.error.email_required")
	case utf8.RuneCountInString(email) > maxEmailLength:
		fe.Add("email", "staff.error.email_long")
		return ""
	}
	return email
}

func (s *Service) handleLogout(w http.ResponseWriter, r *http.Request) {
	everywhere := r.PostFormValue("everywhere") == "1"
	if a, ok := actor.From(r.Context()); ok && a.IsStaff() {
		if err := s.Logout(r.Context(), a, sessionFrom(r.Context()), everywhere); err != nil {
			s.render.Error(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	if everywhere {
		web.SetFlash(w, r, "staff.flash.logged_out_everywhere")
		http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
