package staff

import (
	"net/http"
	"net/url"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/web"
)

// RequireStaff lets only logged-in staff through; others are sent to the
// login page, which brings them back afterwards. Staff who must change
// their password are sent to their account page until they have.
func (s *Service) RequireStaff(next http.Handler) http.Handler {
	return s.RequireRole()(next)
}

// requireOwnAccount lets any logged-in staff member through, also one who
// must change their password: for the pages of their own account.
func (s *Service) requireOwnAccount(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if UserFrom(r.Context()) == nil {
			redirectToLogin(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireRole lets only staff with one of roles (any role when none is
// given) through; other staff get a 403 page.
func (s *Service) RequireRole(roles ...actor.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := UserFrom(r.Context())
			switch {
			case u == nil:
				redirectToLogin(w, r)
			case u.MustChangePassword:
				http.Redirect(w, r, accountPath, http.StatusSeeOther)
			case len(roles) > 0 && !u.HasRole(roles...):
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

// localPath returns next if it is a path on this site, else the staff
// area's start: a login link must not send anyone to another site.
func localPath(next string) string {
	if len(next) < 1 || next[0] != '/' || (len(next) > 1 && (next[1] == '/' || next[1] == '\\')) {
		return "/admin"
	}
	for _, c := range next {
		// Browsers drop tabs and newlines from URLs, and some read a
		// backslash as a slash: "/\t/evil.example" would become "//evil…".
		if c < ' ' || c == '\\' || c == 0x7f {
			return "/admin"
		}
	}
	return next
}
