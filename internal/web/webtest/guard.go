package webtest

import (
	"net/http"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/web"
)

// ActorHeader marks a test request as made by the actor a Guard holds.
const ActorHeader = "X-Test-Actor"

// Guard stands in for the staff session in a capability's handler tests:
// a request with ActorHeader acts as *as, when the route's policy admits
// it (else 403); any other request is refused with 403. A zero *as lets
// marked requests through without an actor, to show that the handlers
// refuse changes nobody can be held to account for.
func Guard(as *actor.Actor) web.Guard {
	return func(policy web.Policy) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.Header.Get(ActorHeader) == "":
					http.Error(w, "forbidden", http.StatusForbidden)
				case as.Kind == "":
					next.ServeHTTP(w, r)
				case !policy(*as):
					http.Error(w, "forbidden", http.StatusForbidden)
				default:
					next.ServeHTTP(w, r.WithContext(actor.With(r.Context(), *as)))
				}
			})
		}
	}
}
