package staff

import (
	"net/http"
	"net/url"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/web"
)

// Guard lets through the staff a capability's policy admits: a
// request without a logged-in staff member goes to the login page, which
// brings them back afterwards; one who must change their password goes to
// their account page until they have; other staff get a 403 page. The
// staff menu asks the same policies, so a link is shown exactly when it can
// be used.
func (s *Service) Guard(policy web.Policy) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler { return s.guard(policy, false, next) }
}

// ownAccount guards the pages of a staff member's own account: every
// logged-in staff member, also one who must change their password first.
func (s *Service) ownAccount(next http.Handler) http.Handler {
	return s.guard(CanUseAccount, true, next)
}

func (s *Service) guard(policy web.Policy, pendingPassword bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := actor.From(r.Context())
		switch {
		case !ok || !a.IsStaff():
			redirectToLogin(w, r)
		case !pendingPassword && UserFrom(r.Context()).MustChangePassword:
			http.Redirect(w, r, accountPath, http.StatusSeeOther)
		case !policy(a):
			s.render.Error(w, r, web.ErrForbidden)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// CanManageUsers: administrators manage the institution's staff accounts.
func CanManageUsers(a actor.Actor) bool { return a.IsStaff(actor.RoleAdmin) }

// CanUseAccount: every staff member keeps their own account (two-factor
// login, password, sessions); the service acts only on the actor's own.
func CanUseAccount(a actor.Actor) bool { return a.IsStaff() }

func redirectToLogin(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}
