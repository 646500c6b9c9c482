package audit

import (
	"net/http"

	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Handler serves the administrators' view of the audit trail. (Being
// implemented.)
type Handler struct {
	db     *store.DB
	render *web.Renderer
}

// NewHandler builds the handler.
func NewHandler(db *store.DB, rd *web.Renderer) *Handler { return &Handler{db: db, render: rd} }

// Routes registers the pages; admin wraps them so only administrators reach them.
func (h *Handler) Routes(mux *http.ServeMux, admin func(http.Handler) http.Handler) {}
