package staff

import (
	"context"
	"net/http"

	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Service is the staff capability. (Being implemented.)
type Service struct {
	db     *store.DB
	render *web.Renderer
	secure bool
}

// NewService builds the service; secureCookies marks session cookies Secure.
func NewService(db *store.DB, rd *web.Renderer, secureCookies bool) *Service {
	return &Service{db: db, render: rd, secure: secureCookies}
}

// Routes registers the login, logout and user administration pages.
func (s *Service) Routes(mux *http.ServeMux) {}

// Sessions loads the logged-in user, if the request carries a session.
func (s *Service) Sessions(next http.Handler) http.Handler { return next }

// RequireStaff lets only logged-in staff through.
func (s *Service) RequireStaff(next http.Handler) http.Handler { return next }

// RequireRole lets only staff with one of roles through.
func (s *Service) RequireRole(roles ...Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler { return next }
}

// HasSession reports whether the request carries a session cookie.
func HasSession(r *http.Request) bool { return false }

// PurgeExpired deletes expired sessions and old failed-login records.
func (s *Service) PurgeExpired(ctx context.Context) error { return nil }
