package statement

import (
	"context"
	"embed"
	"net/http"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Service is the accessibility statement capability.
type Service struct {
	db        *store.DB
	render    *web.Renderer
	cache     *rendercache.Cache
	deadlines *deadline.Service
}

// NewService builds the service and registers its page templates; rd may
// be nil for work without pages (the command line's check).
func NewService(db *store.DB, rd *web.Renderer, cache *rendercache.Cache, deadlines *deadline.Service) *Service {
	if rd != nil {
		rd.Add(templateFiles, "templates/*.html")
	}
	return &Service{db: db, render: rd, cache: cache, deadlines: deadlines}
}

// Routes registers the public statement and the administrators' pages;
// admin wraps those only administrators reach.
func (s *Service) Routes(mux *http.ServeMux, admin func(http.Handler) http.Handler) {
	mux.HandleFunc("GET /prieinamumas", s.handlePublic)
	mux.HandleFunc("GET /prieinamumas.json", s.handleJSON)

	a := func(h http.HandlerFunc) http.Handler { return admin(h) }
	mux.Handle("GET /admin/prieinamumas", a(s.handleEdit))
	mux.Handle("POST /admin/prieinamumas", a(s.handleSave))
	mux.Handle("POST /admin/prieinamumas/perziura", a(s.handleReview))
	mux.Handle("GET /admin/prieinamumas/irasai/naujas", a(s.handleNewIssue))
	mux.Handle("POST /admin/prieinamumas/irasai", a(s.handleCreateIssue))
	mux.Handle("GET /admin/prieinamumas/irasai/{id}", a(s.handleEditIssue))
	mux.Handle("POST /admin/prieinamumas/irasai/{id}", a(s.handleSaveIssue))
	mux.Handle("POST /admin/prieinamumas/irasai/{id}/patvirtinti", a(s.handleConfirmIssue))
	mux.Handle("POST /admin/prieinamumas/irasai/{id}/salinti", a(s.handleRemoveIssue))
}

// Today is the current date in Vilnius.
func (s *Service) Today() calendar.Date { return calendar.DateOf(s.db.Now(), web.Vilnius) }

// staffActor is who makes a change. A change nobody can be held to account
// for has no place in the audit trail, so without one it is refused.
func staffActor(ctx context.Context) (audit.Actor, error) {
	a, ok := audit.ActorFrom(ctx)
	if !ok || a.ID == 0 {
		return audit.Actor{}, web.ErrForbidden
	}
	return a, nil
}
