package staff

import (
	"embed"
	"net/http"

	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Service is the staff capability: login, sessions, access rules and the
// administration of accounts.
type Service struct {
	db     *store.DB
	render *web.Renderer
	secure bool
}

// NewService builds the service; secureCookies marks session cookies Secure.
func NewService(db *store.DB, rd *web.Renderer, secureCookies bool) *Service {
	rd.Add(templateFS, "templates/*.html")
	return &Service{db: db, render: rd, secure: secureCookies}
}

// Routes registers the login, logout and user administration pages.
func (s *Service) Routes(mux *web.Mux) {
	mux.HandleFunc("GET /admin/login", s.handleLoginForm)
	mux.HandleFunc("POST /admin/login", s.handleLogin)
	mux.HandleFunc("POST /admin/logout", s.handleLogout)
	s.secondFactorRoutes(mux)
	s.oidcRoutes(mux)

	admin := s.Guard(CanManageUsers)
	mux.Handle("GET /admin/users", admin(http.HandlerFunc(s.handleUsers)))
	mux.Handle("GET /admin/users/new", admin(http.HandlerFunc(s.handleUserNew)))
	mux.Handle("POST /admin/users/new", admin(http.HandlerFunc(s.handleUserCreate)))
	mux.Handle("GET /admin/users/{id}", admin(http.HandlerFunc(s.handleUserEdit)))
	mux.Handle("POST /admin/users/{id}", admin(http.HandlerFunc(s.handleUserSave)))
}
