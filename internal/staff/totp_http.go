package staff

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// stepCookie carries the token of a second login step; it is sent only to
// the login pages and lives as long as the step.
const stepCookie = "sv_login_step"

func (s *Service) setStepCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: stepCookie, Value: token, Path: "/admin/login", MaxAge: int(challengeLifetime / time.Second),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

func (s *Service) clearStepCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: stepCookie, Path: "/admin/login", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

func stepToken(r *http.Request) string {
	c, err := r.Cookie(stepCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// toSecondStep sends the browser on to the code or enrolment page.
func (s *Service) toSecondStep(w http.ResponseWriter, r *http.Request, step *secondStep, next string) {
	s.setStepCookie(w, step.Token)
	page := "/admin/login/code"
	if step.Kind == challengeEnrol {
		page = "/admin/login/enrol"
	}
	http.Redirect(w, r, page+"?next="+url.QueryEscape(next), http.StatusSeeOther)
}

// codePage is the second step of a login: the code from the app, or a
// recovery code.
type codePage struct {
	web.Page
	Next    string
	Expired bool   // the step is gone: log in again
	RetryAt string // throttled until, HH:MM
}

func (s *Service) newCodePage(r *http.Request, next string) *codePage {
	p := &codePage{Page: web.Page{Lang: web.LangFrom(r), Admin: true}, Next: web.LocalPath(next, "/admin")}
	p.Title = p.T("staff.totp.code_title")
	return p
}

func (s *Service) handleCodeForm(w http.ResponseWriter, r *http.Request) {
	if _, _, err := s.pendingStep(r.Context(), stepToken(r), challengeCode); err != nil {
		s.stepFailed(w, r, err)
		return
	}
	s.render.Render(w, r, http.StatusOK, "staff_totp_code", s.newCodePage(r, r.URL.Query().Get("next")))
}

func (s *Service) handleCode(w http.ResponseWriter, r *http.Request) {
	p := s.newCodePage(r, r.PostFormValue("next"))
	session, err := s.completeCodeStep(r.Context(), stepToken(r), r.PostFormValue("code"), ClientOf(r), requestSession(r))
	if s.answerStep(w, r, session, err, &p.Page, &p.RetryAt, func(status int) { s.render.Render(w, r, status, "staff_totp_code", p) }) {
		http.Redirect(w, r, p.Next, http.StatusSeeOther)
	}
}

// answerStep answers a submitted second step: show re-renders the form with
// the reason a code was refused, a step that is gone sends the person to
// log in again, and on success the session's cookie replaces the step's.
// It reports whether the session started.
func (s *Service) answerStep(w http.ResponseWriter, r *http.Request, session string, err error, p *web.Page, retryAt *string, show func(status int)) bool {
	if status, ok := s.codeRefused(w, err, p, retryAt); ok {
		show(status)
		return false
	}
	if err != nil {
		s.stepFailed(w, r, err)
		return false
	}
	s.clearStepCookie(w)
	s.setSessionCookie(w, session)
	return true
}

// stepFailed answers a request whose second step is gone (expired, used, or
// never started: the person logs in again) or failed otherwise.
func (s *Service) stepFailed(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, errStepGone) {
		s.render.Error(w, r, err)
		return
	}
	s.clearStepCookie(w)
	p := s.newCodePage(r, "")
	p.Expired = true
	s.render.Render(w, r, http.StatusBadRequest, "staff_totp_code", p)
}

// codeRefused puts the reason a code was not accepted (missing, wrong, or
// too many failures) on the form's page and returns the status to show it
// with; false for any other outcome.
func (s *Service) codeRefused(w http.ResponseWriter, err error, p *web.Page, retryAt *string) (int, bool) {
	var throttled *throttledError
	var fe web.FieldErrors
	switch {
	case errors.As(err, &throttled):
		// The time goes in its own notice: the error summary shows
		// messages without arguments.
		p.Errors.Add("code", "staff.error.throttled")
		*retryAt = retryTime(throttled.Until, web.Vilnius)
		w.Header().Set("Retry-After", strconv.Itoa(int(throttled.Until.Sub(s.db.Now()).Seconds())+1))
		return http.StatusTooManyRequests, true
	case errors.As(err, &fe):
		p.Errors = append(p.Errors, fe...)
		return http.StatusUnprocessableEntity, true
	}
	return 0, false
}

// totpPage is a person's own TOTP page, and the enrolment a role that
// requires TOTP leads to at login (AtLogin).
type totpPage struct {
	web.Page
	AtLogin   bool
	Status    *TOTPStatus // account page only
	Action    string      // where the confirmation code goes
	Next      string
	Enrolment *enrolment // the key to add to an app, while enrolment is under way
	RetryAt   string
}

func (s *Service) newEnrolPage(r *http.Request, next string) *totpPage {
	p := &totpPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true}, AtLogin: true, Action: "/admin/login/enrol", Next: web.LocalPath(next, "/admin")}
	p.Title = p.T("staff.totp.enrol_title")
	return p
}

// issuer is the name authenticator apps show beside the code.
func issuer(r *http.Request) string {
	if in := institution.FromContext(r.Context()); in != nil {
		return in.ShortName
	}
	return "Savivalda"
}

func (s *Service) handleEnrolForm(w http.ResponseWriter, r *http.Request) {
	s.renderEnrolStep(w, r, http.StatusOK, s.newEnrolPage(r, r.URL.Query().Get("next")))
}

// renderEnrolStep shows the enrolment page of the request's step.
func (s *Service) renderEnrolStep(w http.ResponseWriter, r *http.Request, status int, p *totpPage) {
	u, secret, err := s.enrolmentStep(r.Context(), stepToken(r))
	if err == nil {
		p.Enrolment, err = newEnrolment(issuer(r), u.Email, secret)
	}
	if err != nil {
		s.stepFailed(w, r, err)
		return
	}
	s.render.Render(w, r, status, "staff_totp", p)
}

func (s *Service) handleEnrol(w http.ResponseWriter, r *http.Request) {
	p := s.newEnrolPage(r, r.PostFormValue("next"))
	session, codes, err := s.completeEnrolStep(r.Context(), stepToken(r), r.PostFormValue("code"), ClientOf(r), requestSession(r))
	if s.answerStep(w, r, session, err, &p.Page, &p.RetryAt, func(status int) { s.renderEnrolStep(w, r, status, p) }) {
		s.renderRecoveryCodes(w, r, codes, p.Next)
	}
}

// recoveryPage shows new recovery codes, this once.
type recoveryPage struct {
	web.Page
	Codes []string
	Next  string
}

func (s *Service) renderRecoveryCodes(w http.ResponseWriter, r *http.Request, codes []string, next string) {
	p := &recoveryPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true}, Codes: codes, Next: next}
	p.Title = p.T("staff.totp.recovery_title")
	// The codes must not stay in any cache or in the browser's history.
	w.Header().Set("Cache-Control", "no-store")
	s.render.Render(w, r, http.StatusOK, "staff_totp_recovery", p)
}

func (s *Service) handleAccountTOTP(w http.ResponseWriter, r *http.Request) {
	p := s.newAccountTOTPPage(r)
	p.Flash = web.TakeFlash(w, r)
	s.renderAccountTOTP(w, r, http.StatusOK, p)
}

func (s *Service) newAccountTOTPPage(r *http.Request) *totpPage {
	p := &totpPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true}, Action: "/admin/account/totp/confirm"}
	p.Title = p.T("staff.totp.title")
	return p
}

func (s *Service) renderAccountTOTP(w http.ResponseWriter, r *http.Request, status int, p *totpPage) {
	a, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	st, err := s.TOTPStatus(r.Context(), a, a.ID, issuer(r))
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	p.Status, p.Enrolment = st, st.Pending
	s.render.Render(w, r, status, "staff_totp", p)
}

func (s *Service) handleAccountTOTPStart(w http.ResponseWriter, r *http.Request) {
	a, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	err := s.StartTOTP(r.Context(), a, a.ID)
	if errors.Is(err, store.ErrConflict) {
		err = nil // on already: the page says so
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/account/totp", http.StatusSeeOther)
}

func (s *Service) handleAccountTOTPConfirm(w http.ResponseWriter, r *http.Request) {
	a, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	codes, err := s.ConfirmTOTP(r.Context(), a, a.ID, r.PostFormValue("code"), ClientOf(r))
	if err != nil {
		s.accountCodeFailed(w, r, err)
		return
	}
	s.renderRecoveryCodes(w, r, codes, "/admin/account/totp")
}

func (s *Service) handleAccountTOTPDisable(w http.ResponseWriter, r *http.Request) {
	a, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	err := s.DisableTOTP(r.Context(), a, a.ID, r.PostFormValue("code"), ClientOf(r))
	if err != nil {
		s.accountCodeFailed(w, r, err)
		return
	}
	web.SetFlash(w, r, "staff.totp.flash_disabled")
	http.Redirect(w, r, "/admin/account/totp", http.StatusSeeOther)
}

func (s *Service) accountCodeFailed(w http.ResponseWriter, r *http.Request, err error) {
	p := s.newAccountTOTPPage(r)
	if status, ok := s.codeRefused(w, err, &p.Page, &p.RetryAt); ok {
		s.renderAccountTOTP(w, r, status, p)
		return
	}
	s.render.Error(w, r, err)
}

func (s *Service) handleTOTPReset(w http.ResponseWriter, r *http.Request) {
	a, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	err := s.ResetTOTP(r.Context(), a, id)
	if errors.Is(err, store.ErrNotFound) {
		if _, err = FindUser(r.Context(), s.db, a.InstitutionID, id); err == nil {
			// The account exists and has no TOTP: nothing to do.
			web.SetFlash(w, r, "staff.totp.flash_none")
			http.Redirect(w, r, "/admin/users/"+r.PathValue("id"), http.StatusSeeOther)
			return
		}
	}
	s.render.Finish(w, r, err, "staff.totp.flash_reset", "/admin/users/"+r.PathValue("id"), nil)
}

// secondFactorRoutes registers the second login step and each person's own
// TOTP page.
func (s *Service) secondFactorRoutes(mux *web.Mux) {
	mux.HandleFunc("GET /admin/login/code", s.handleCodeForm)
	mux.HandleFunc("POST /admin/login/code", s.handleCode)
	mux.HandleFunc("GET /admin/login/enrol", s.handleEnrolForm)
	mux.HandleFunc("POST /admin/login/enrol", s.handleEnrol)

	mux.Handle("GET /admin/account/totp", s.ownAccount(http.HandlerFunc(s.handleAccountTOTP)))
	mux.Handle("POST /admin/account/totp/start", s.ownAccount(http.HandlerFunc(s.handleAccountTOTPStart)))
	mux.Handle("POST /admin/account/totp/confirm", s.ownAccount(http.HandlerFunc(s.handleAccountTOTPConfirm)))
	mux.Handle("POST /admin/account/totp/disable", s.ownAccount(http.HandlerFunc(s.handleAccountTOTPDisable)))
	mux.Handle("POST /admin/users/{id}/totp/reset", s.Guard(CanManageUsers)(http.HandlerFunc(s.handleTOTPReset)))
}
