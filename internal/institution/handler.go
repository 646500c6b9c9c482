package institution

import (
	"embed"
	"net/http"

	"github.com/savivalda/savivalda/internal/actor"
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

// Routes registers the pages; guard lets through the staff CanManage admits.
func (h *Handler) Routes(mux *web.Mux, guard web.Guard) {
	admin := guard(CanManage)
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

// CanManage: an institution's settings, coat of arms and departments are
// managed by its administrators.
func CanManage(a actor.Actor) bool { return a.IsStaff(actor.RoleAdmin) }

// actor is the administrator making a change to the request's institution;
// anyone else gets a 403 page, whatever guarded the route.
func (h *Handler) actor(w http.ResponseWriter, r *http.Request) (actor.Actor, bool) {
	a, ok := h.render.Actor(w, r)
	if !ok {
		return a, false
	}
	if in := FromContext(r.Context()); !CanManage(a) || in == nil || in.ID != a.InstitutionID {
		h.render.Error(w, r, web.ErrForbidden)
		return a, false
	}
	return a, true
}
