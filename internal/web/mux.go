package web

import (
	"net/http"

	"github.com/savivalda/savivalda/internal/actor"
)

// Mux is the site's router: an http.ServeMux that remembers every pattern
// registered on it, so that the access matrix test can enumerate all routes
// and a new one without an expectation fails it.
type Mux struct {
	*http.ServeMux
	patterns []string
}

// NewMux returns an empty router.
func NewMux() *Mux { return &Mux{ServeMux: http.NewServeMux()} }

// Handle registers h for pattern.
func (m *Mux) Handle(pattern string, h http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

// HandleFunc registers f for pattern.
func (m *Mux) HandleFunc(pattern string, f func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, http.HandlerFunc(f))
}

// Patterns lists the registered patterns in registration order.
func (m *Mux) Patterns() []string { return append([]string(nil), m.patterns...) }

// Policy says whether an actor may use a capability's pages at all. The
// service still checks the actor against each object it loads.
type Policy func(actor.Actor) bool

// Guard wraps handlers so that only actors a policy admits reach them; the
// staff session layer provides it.
type Guard func(Policy) func(http.Handler) http.Handler
