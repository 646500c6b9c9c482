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

// ActorOn is Actor and the record the path's {id} names, for a handler that
// acts on one object: a request without an actor gets 403, a malformed id
// 404 (false either way).
func (rd *Renderer) ActorOn(w http.ResponseWriter, r *http.Request) (actor.Actor, int64, bool) {
	a, ok := rd.Actor(w, r)
	if !ok {
		return a, 0, false
	}
	id, err := PathID(r, "id")
	if err != nil {
		rd.Error(w, r, err)
		return a, 0, false
	}
	return a, id, true
}
