package audit

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/savivalda/savivalda/internal/web"
)

// A request's actor and institution travel in its context. The keys live
// here because every capability imports audit while audit imports none of
// them: the staff session puts the logged-in user in with WithActor, the
// institution middleware puts the institution in with WithInstitution, and
// handlers that record or show entries read them back without an import
// cycle.

type actorKey struct{}

type institutionKey struct{}

// WithActor returns ctx carrying who is acting.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx; false when nobody is logged in.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// WithInstitution returns ctx carrying the id of the institution the
// request is for.
func WithInstitution(ctx context.Context, id int64) context.Context {
	return context.WithValue(ctx, institutionKey{}, id)
}

// InstitutionFrom returns the institution id in ctx, or 0.
func InstitutionFrom(ctx context.Context) int64 {
	id, _ := ctx.Value(institutionKey{}).(int64)
	return id
}

// RequestActor is the staff member making a change through a request. A
// change nobody can be held to account for has no place in the audit trail,
// so without one the request is refused with a 403 page (false) and the log
// says why, for whoever wires the session.
func RequestActor(w http.ResponseWriter, r *http.Request, rd *web.Renderer) (Actor, bool) {
	a, ok := ActorFrom(r.Context())
	if !ok {
		slog.WarnContext(r.Context(), "change refused: no actor in the request context (audit.WithActor)", "path", r.URL.Path)
		rd.Error(w, r, web.ErrForbidden)
	}
	return a, ok
}
