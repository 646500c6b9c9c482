package institution

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/savivalda/savivalda/internal/store"
)

// Registry answers "which institution does this host belong to" from memory.
// It is reloaded whenever public content changes (the render cache's
// generation), so a header edit reaches every instance.
type Registry struct {
	db   *store.DB
	base *url.URL
	snap atomic.Pointer[snapshot]
}

type snapshot struct {
	byHost map[string]*Institution
	byID   map[int64]*Institution
	def    *Institution
	all    []*Institution
}

// NewRegistry loads the institutions; baseURL is the configured public
// address (SAVIVALDA_BASE_URL), from which each institution's is derived.
func NewRegistry(ctx context.Context, db *store.DB, baseURL string) (*Registry, error) {
	base, err := url.Parse(strings.TrimSuffix(baseURL, "/"))
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("institutions: base URL %q: want http(s)://host", baseURL)
	}
	r := &Registry{db: db, base: base}
	return r, r.Reload(ctx)
}

// Reload reads the institutions again.
func (r *Registry) Reload(ctx context.Context) error {
	all, err := FindAll(ctx, r.db)
	if err != nil {
		return err
	}
	s := &snapshot{byHost: map[string]*Institution{}, byID: map[int64]*Institution{}, all: all}
	for _, in := range all {
		in.SiteURL = siteURL(r.base, in)
		s.byID[in.ID] = in
		for _, h := range in.Hosts {
			s.byHost[h] = in
		}
		if in.IsDefault || s.def == nil {
			s.def = in
		}
	}
	r.snap.Store(s)
	return nil
}

// ForHost returns the institution serving host: the one that lists it, else
// the default institution (on a single-institution install, the only one).
func (r *Registry) ForHost(host string) *Institution {
	s := r.snap.Load()
	if in, ok := s.byHost[NormalizeHost(host)]; ok {
		return in
	}
	return s.def
}

// ByID returns an institution by id, or nil.
func (r *Registry) ByID(id int64) *Institution { return r.snap.Load().byID[id] }

// All returns every institution.
func (r *Registry) All() []*Institution { return r.snap.Load().all }

type ctxKey struct{}

// Middleware puts the request's institution into its context. With no
// institution at all (an empty database) it answers 503.
func (r *Registry) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		in := r.ForHost(req.Host)
		if in == nil {
			http.Error(w, "Nėra sukurtos institucijos / No institution configured", http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, req.WithContext(WithInstitution(req.Context(), in)))
	})
}

// FromContext returns the request's institution (set by Middleware).
func FromContext(ctx context.Context) *Institution {
	in, _ := ctx.Value(ctxKey{}).(*Institution)
	return in
}

// WithInstitution returns ctx carrying in; Middleware uses it, and so can
// tests.
func WithInstitution(ctx context.Context, in *Institution) context.Context {
	return context.WithValue(ctx, ctxKey{}, in)
}
