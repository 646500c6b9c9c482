package staff

import (
	"net/http"
	"net/url"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/web"
)

// RequireStaff lets only logged-in staff through; others are sent to the
// login page, which brings them back afterwards.
func (s *Service) RequireStaff(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if UserFrom(r.Context()) == nil {
			redirectToLogin(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireRole lets only staff with one of roles through; other staff get a
// 403 page.
func (s *Service) RequireRole(roles ...actor.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := UserFrom(r.Context())
			switch {
			case u == nil:
				redirectToLogin(w, r)
			case !u.HasRole(roles...):
				s.render.Error(w, r, web.ErrForbidden)
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}

func redirectToLogin(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}
