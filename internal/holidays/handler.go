package holidays

import (
	"context"
	"embed"
	"net/http"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler serves the administrators' calendar page: each year's public
// holidays and the extra non-working days, which they add and remove.
type Handler struct {
	db     *store.DB
	render *web.Renderer
	// onChange runs after each committed add or remove, before the answer
	// is sent, so that open deadlines are recomputed on the new calendar.
	onChange func(ctx context.Context)
}

// NewHandler builds the handler and registers its templates. onChange, if
// not nil, is called once after every successful change.
func NewHandler(db *store.DB, rd *web.Renderer, onChange func(ctx context.Context)) *Handler {
	rd.Add(templateFiles, "templates/*.html")
	return &Handler{db: db, render: rd, onChange: onChange}
}

// Routes registers the pages; admin wraps them so only administrators
// reach them.
func (h *Handler) Routes(mux *http.ServeMux, admin func(http.Handler) http.Handler) {
	mux.Handle("GET /admin/calendar", admin(http.HandlerFunc(h.list)))
	mux.Handle("POST /admin/calendar", admin(http.HandlerFunc(h.add)))
	mux.Handle("POST /admin/calendar/{id}/remove", admin(http.HandlerFunc(h.remove)))
}

// actor is the administrator making a change (see audit.RequestActor).
func (h *Handler) actor(w http.ResponseWriter, r *http.Request) (audit.Actor, bool) {
	return audit.RequestActor(w, r, h.render)
}

func (h *Handler) changed(ctx context.Context) {
	if h.onChange != nil {
		h.onChange(ctx)
	}
}
