package staff

import (
	"net/http"
	"net/url"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/web"
)

// Guard lets through the staff a capability's policy admits: a
// request without a logged-in staff member goes to the login page, which
// brings them back afterwards; other staff get a 403 page. The staff menu
// asks the same policies, so a link is shown exactly when it can be used.
func (s *Service) Guard(policy web.Policy) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a, ok := actor.From(r.Context())
			switch {
			case !ok || !a.IsStaff():
				redirectToLogin(w, r)
			case !policy(a):
				s.render.Error(w, r, web.ErrForbidden)
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}

// CanManageUsers: administrators manage the institution's staff accounts.
func CanManageUsers(a actor.Actor) bool { return a.IsStaff(actor.RoleAdmin) }

func redirectToLogin(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}

// CanUseAccount: every staff member keeps their own account (two-factor
// login, password, sessions); the service acts only on the actor's own.
func CanUseAccount(a actor.Actor) bool { return a.IsStaff() }
