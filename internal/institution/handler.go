package institution

import (
	"net/http"

	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Handler serves the coat of arms and the administrators' settings pages.
// (Being implemented.)
type Handler struct {
	db     *store.DB
	render *web.Renderer
	cache  *rendercache.Cache
}

// NewHandler builds the handler.
func NewHandler(db *store.DB, rd *web.Renderer, cache *rendercache.Cache) *Handler {
	return &Handler{db: db, render: rd, cache: cache}
}

// Routes registers the pages; admin wraps those only administrators reach.
func (h *Handler) Routes(mux *http.ServeMux, admin func(http.Handler) http.Handler) {}
