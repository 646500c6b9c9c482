package statement

import (
	"embed"
	"net/http"

	"github.com/savivalda/savivalda/internal/actor"
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
// guard lets through the staff CanEdit admits.
func (s *Service) Routes(mux *web.Mux, guard web.Guard) {
	admin := guard(CanEdit)
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

// CanEdit: the institution's administrators keep its accessibility
// statement (WEB-35).
func CanEdit(a actor.Actor) bool { return a.IsStaff(actor.RoleAdmin) }

// mayEdit refuses anyone but an administrator of institutionID.
func mayEdit(by actor.Actor, institutionID int64) error {
	if !CanEdit(by) || by.InstitutionID != institutionID {
		return web.ErrForbidden
	}
	return nil
}
