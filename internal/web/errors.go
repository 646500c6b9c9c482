package web

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/savivalda/savivalda/internal/store"
)

// ErrForbidden: the user may not do this. Domain rules return it; Error turns
// it into a 403 page.
var ErrForbidden = errors.New("forbidden")

type errorPage struct {
	Page
	Text string
}

// Error is the one place that maps an error to a status and a page. People
// see a Lithuanian (or English) message; the log gets the cause of an
// internal error, never the page.
func (rd *Renderer) Error(w http.ResponseWriter, r *http.Request, err error) {
	status, key := http.StatusInternalServerError, "web.error.internal"
	var args []any
	var tooLarge *http.MaxBytesError
	switch {
	case errors.Is(err, store.ErrNotFound):
		status, key = http.StatusNotFound, "web.error.not_found"
	case errors.Is(err, ErrForbidden):
		status, key = http.StatusForbidden, "web.error.forbidden"
	case errors.Is(err, store.ErrConflict):
		status, key = http.StatusConflict, "web.error.conflict"
	case errors.Is(err, ErrBadAddress):
		status, key = http.StatusBadRequest, "web.error.bad_address"
	case errors.Is(err, ErrBadText):
		status, key = http.StatusUnprocessableEntity, "web.error.bad_text"
	case errors.As(err, &tooLarge):
		status, key, args = http.StatusRequestEntityTooLarge, "web.error.too_large", []any{tooLarge.Limit >> 20}
	default:
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	// In the staff area the error page keeps the staff menu, so that
	// whoever was refused can go on with their work.
	d := &errorPage{Page: Page{Lang: LangFrom(r), Admin: isStaffArea(r.URL.Path)}}
	d.Title, d.Text = d.T(key+".title"), d.T(key+".text", args...)
	rd.render(w, r, status, "error", d, true)
}

// NotFound renders the friendly 404 page.
func (rd *Renderer) NotFound(w http.ResponseWriter, r *http.Request) {
	rd.Error(w, r, store.ErrNotFound)
}

// Finish answers a form's POST once the service has run: on success a flash
// message and a 303 redirect to next; on a validation failure invalid
// re-renders the form with the errors (and the typed values); any other
// error goes to Error.
func (rd *Renderer) Finish(w http.ResponseWriter, r *http.Request, err error, flash, next string, invalid func(FieldErrors)) {
	var fe FieldErrors
	switch {
	case errors.As(err, &fe):
		invalid(fe)
	case err != nil:
		rd.Error(w, r, err)
	default:
		SetFlash(w, r, flash)
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}

// isStaffArea reports whether path is under /admin.
func isStaffArea(path string) bool { return path == "/admin" || strings.HasPrefix(path, "/admin/") }
