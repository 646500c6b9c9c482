package staff

import (
	"embed"
	"net/http"
	"strings"

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
	secure bool // session cookies are Secure: the site is served over https
}

// NewService builds the service for the site at baseURL.
func NewService(db *store.DB, rd *web.Renderer, baseURL string) *Service {
	rd.Add(templateFS, "templates/*.html")
	return &Service{db: db, render: rd, secure: strings.HasPrefix(baseURL, "https://")}
}

// Routes registers the login, logout and user administration pages.
func (s *Service) Routes(mux *web.Mux) {
	mux.HandleFunc("GET /admin/login", s.handleLoginForm)
	mux.HandleFunc("POST /admin/login", s.handleLogin)
	mux.HandleFunc("POST /admin/logout", s.handleLogout)
	s.secondFactorRoutes(mux)
	s.oidcRoutes(mux)
	mux.HandleFunc("GET /admin/password/forgot", s.handleForgotForm)
	mux.HandleFunc("POST /admin/password/forgot", s.handleForgot)
	mux.HandleFunc("GET /admin/password/reset/{token}", s.handleResetForm)
	mux.HandleFunc("POST /admin/password/reset/{token}", s.handleReset)

	own := s.ownAccount
	mux.Handle("GET "+accountPath, own(http.HandlerFunc(s.handleAccount)))
	mux.Handle("POST /admin/account/password", own(http.HandlerFunc(s.handlePasswordChange)))
	mux.Handle("POST /admin/account/notifications", own(http.HandlerFunc(s.handleNotifications)))
	mux.Handle("GET /admin/account/sessions", own(http.HandlerFunc(s.handleSessions)))
	mux.Handle("POST /admin/account/sessions/end", own(http.HandlerFunc(s.handleSessionEnd)))

	admin := s.Guard(CanManageUsers)
	mux.Handle("GET /admin/users", admin(http.HandlerFunc(s.handleUsers)))
	mux.Handle("GET /admin/users/new", admin(http.HandlerFunc(s.handleUserNew)))
	mux.Handle("POST /admin/users/new", admin(http.HandlerFunc(s.handleUserCreate)))
	mux.Handle("GET /admin/users/{id}", admin(http.HandlerFunc(s.handleUserEdit)))
	mux.Handle("POST /admin/users/{id}", admin(http.HandlerFunc(s.handleUserSave)))
	mux.Handle("POST /admin/users/{id}/force-password-change", admin(http.HandlerFunc(s.handleForcePasswordChange)))
	mux.Handle("GET /admin/users/domains", admin(http.HandlerFunc(s.handleDomainsForm)))
	mux.Handle("POST /admin/users/domains", admin(http.HandlerFunc(s.handleDomains)))
}
