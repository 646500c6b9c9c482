package staff

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// stateCookie binds an organisation login to the browser that started it,
// so that a provider's answer forwarded to someone else logs nobody in.
const stateCookie = "sv_oidc_state"

// oidcCallbackPath is the redirect address to register at the provider,
// under the institution's site address (Institution.SiteURL).
const oidcCallbackPath = "/admin/login/oidc/callback"

func (s *Service) oidcRoutes(mux *web.Mux) {
	mux.HandleFunc("POST /admin/login/oidc", s.handleOIDCStart)
	mux.HandleFunc("GET "+oidcCallbackPath, s.handleOIDCCallback)
}

// redirectURL is the callback's absolute address: under the institution's
// configured address, never the request's Host header, which anyone can set.
func redirectURL(in *institution.Institution) string { return in.SiteURL + oidcCallbackPath }

// offersOIDC reports whether the login page offers the organisation login.
func (s *Service) offersOIDC(r *http.Request) bool {
	in := institution.FromContext(r.Context())
	if in == nil {
		return false
	}
	_, err := oidcSettings(r.Context(), s.db, in.ID)
	return err == nil
}

func (s *Service) handleOIDCStart(w http.ResponseWriter, r *http.Request) {
	in := institution.FromContext(r.Context())
	if in == nil {
		s.render.NotFound(w, r)
		return
	}
	authURL, state, err := s.beginOIDC(r.Context(), in.ID, redirectURL(in), web.LocalPath(r.PostFormValue("next"), "/admin"))
	if err != nil {
		s.oidcFailed(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: state, Path: oidcCallbackPath, MaxAge: int(oidcLifetime.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, authURL, http.StatusSeeOther)
}

func (s *Service) handleOIDCCallback(w http.ResponseWriter, r *http.Request) {
	in := institution.FromContext(r.Context())
	if in == nil {
		s.render.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	ans := oidcAnswer{State: q.Get("state"), Code: q.Get("code"), Error: q.Get("error")}
	if c, err := r.Cookie(stateCookie); err == nil {
		ans.BrowserState = c.Value
	}
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Path: oidcCallbackPath, MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	next, session, err := s.completeOIDC(r.Context(), in.ID, redirectURL(in), ans, ClientOf(r), requestSession(r))
	var step *secondStep
	switch {
	case errors.As(err, &step):
		s.toSecondStep(w, r, step, next)
	case err != nil:
		s.oidcFailed(w, r, err)
	default:
		s.setSessionCookie(w, session)
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}

type oidcErrorPage struct {
	web.Page
	Message string // a catalogue key
	Email   string // for the unknown-account message
}

// oidcFailed tells the person why the organisation login did not work.
func (s *Service) oidcFailed(w http.ResponseWriter, r *http.Request, err error) {
	p := &oidcErrorPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true}}
	p.Title = p.T("staff.oidc.error_title")
	var unknown *oidcUnknownError
	status := http.StatusForbidden
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.render.NotFound(w, r) // no provider configured
		return
	case errors.As(err, &unknown):
		p.Message, p.Email = "staff.oidc.unknown", unknown.Email
	case errors.Is(err, errOIDCUnverified):
		p.Message = "staff.oidc.unverified"
	case errors.Is(err, errOIDCState):
		p.Message, status = "staff.oidc.state", http.StatusBadRequest
	case errors.Is(err, errOIDCRefused):
		p.Message, status = "staff.oidc.refused", http.StatusBadRequest
		slog.WarnContext(r.Context(), "organisation login failed", "err", err)
	case errors.Is(err, errOIDCUnavailable):
		p.Message, status = "staff.oidc.unavailable", http.StatusBadGateway
		slog.WarnContext(r.Context(), "organisation login failed", "err", err)
	default:
		s.render.Error(w, r, err)
		return
	}
	s.render.Render(w, r, status, "staff_oidc_error", p)
}
