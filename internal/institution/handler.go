package institution

import (
	"embed"
	"net/http"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler serves the coat of arms and the administrators' settings pages:
// the institution's header and controller data, its coat of arms, and its
// departments and elderships.
type Handler struct {
	db     *store.DB
	render *web.Renderer
	cache  *rendercache.Cache
}

// NewHandler builds the handler and registers its templates.
func NewHandler(db *store.DB, rd *web.Renderer, cache *rendercache.Cache) *Handler {
	rd.Add(templateFiles, "templates/*.html")
	return &Handler{db: db, render: rd, cache: cache}
}

// Routes registers the pages; admin wraps those only administrators reach.
func (h *Handler) Routes(mux *http.ServeMux, admin func(http.Handler) http.Handler) {
	mux.HandleFunc("GET /herbas", h.serveCoatOfArms)

	mux.Handle("GET /admin/institution", admin(http.HandlerFunc(h.showSettings)))
	mux.Handle("POST /admin/institution", admin(http.HandlerFunc(h.saveSettings)))
	mux.Handle("POST /admin/institution/coat-of-arms", admin(http.HandlerFunc(h.uploadCoatOfArms)))
	mux.Handle("GET /admin/institution/login", admin(http.HandlerFunc(h.showLoginSettings)))
	mux.Handle("POST /admin/institution/login", admin(http.HandlerFunc(h.saveLoginSettings)))

	mux.Handle("GET /admin/departments", admin(http.HandlerFunc(h.listDepartments)))
	mux.Handle("POST /admin/departments", admin(http.HandlerFunc(h.createDepartment)))
	mux.Handle("POST /admin/departments/{id}", admin(http.HandlerFunc(h.renameDepartment)))
}

// actor is the administrator making a change (see audit.RequestActor).
func (h *Handler) actor(w http.ResponseWriter, r *http.Request) (audit.Actor, bool) {
	return audit.RequestActor(w, r, h.render)
}
