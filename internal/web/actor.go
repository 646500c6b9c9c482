package web

import (
	"log/slog"
	"net/http"

	"github.com/savivalda/savivalda/internal/actor"
)

// Actor is the request's actor, set by the session layer, for a handler to
// pass to the service it calls. A request without one is refused with a
// 403 page (false): the route guard should have sent the person to log in,
// so the log says which route lacks it.
func (rd *Renderer) Actor(w http.ResponseWriter, r *http.Request) (actor.Actor, bool) {
	a, ok := actor.From(r.Context())
	if !ok || !a.Known() {
		slog.WarnContext(r.Context(), "request refused: no actor (is the route guarded?)", "path", r.URL.Path)
		rd.Error(w, r, ErrForbidden)
		return actor.Actor{}, false
	}
	return a, true
}
