package holidays

import (
	"context"
	"embed"
	"net/http"

	"github.com/savivalda/savivalda/internal/actor"
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
	onChange func(ctx context.Context, by actor.Actor)
}

// NewHandler builds the handler and registers its templates. onChange, if
// not nil, is called once after every successful change.
func NewHandler(db *store.DB, rd *web.Renderer, onChange func(ctx context.Context, by actor.Actor)) *Handler {
	rd.Add(templateFiles, "templates/*.html")
	return &Handler{db: db, render: rd, onChange: onChange}
}

// Routes registers the pages; guard lets through the staff CanManage admits.
func (h *Handler) Routes(mux *web.Mux, guard web.Guard) {
	admin := guard(CanManage)
	mux.Handle("GET /admin/calendar", admin(http.HandlerFunc(h.list)))
	mux.Handle("POST /admin/calendar", admin(http.HandlerFunc(h.add)))
	mux.Handle("POST /admin/calendar/{id}/remove", admin(http.HandlerFunc(h.remove)))
}

// CanManage: administrators keep the calendar's extra days off.
func CanManage(a actor.Actor) bool { return a.IsStaff(actor.RoleAdmin) }

// actor is the administrator making a change.
func (h *Handler) actor(w http.ResponseWriter, r *http.Request) (actor.Actor, bool) {
	return h.render.Actor(w, r)
}

func (h *Handler) changed(ctx context.Context, by actor.Actor) {
	if h.onChange != nil {
		h.onChange(ctx, by)
	}
}
