package holidays

import (
	"embed"
	"net/http"

	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler serves the administrators' calendar page: each year's public
// holidays and the extra non-working days, which they add and remove where
// they may (see mayChange), and otherwise only see.
type Handler struct {
	db     *store.DB
	svc    *Service
	render *web.Renderer
}

// NewHandler builds the handler and registers its templates.
func NewHandler(db *store.DB, svc *Service, rd *web.Renderer) *Handler {
	rd.Add(templateFiles, "templates/*.html")
	return &Handler{db: db, svc: svc, render: rd}
}

// Routes registers the pages; guard lets through the staff CanSee admits.
func (h *Handler) Routes(mux *web.Mux, guard web.Guard) {
	see := guard(CanSee)
	mux.Handle("GET /admin/calendar", see(http.HandlerFunc(h.list)))
	mux.Handle("POST /admin/calendar", see(http.HandlerFunc(h.add)))
	mux.Handle("POST /admin/calendar/{id}/remove", see(http.HandlerFunc(h.remove)))
}
