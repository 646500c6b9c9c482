package audit

import "context"

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
