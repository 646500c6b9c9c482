package staff_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

func TestSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2025, 3, 11, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		kelme, raseiniai := mustKelme(t, db), mustRaseiniai(t, db)
		education := mustDepartment(t, db, kelme, "Švietimo skyrius")
		mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		mustUser(t, db, kelme, "rasa@kelme.lt", "Rasa Čepulė", actor.RoleContributor, education)
		// The same person with an account in both institutions.
		mustEmailDomains(t, db, mustUser(t, db, raseiniai, "admin@raseiniai.lt", "Rasa Admin", actor.RoleAdmin, 0), "raseiniai.lt kelme.lt")
		mustUser(t, db, raseiniai, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		s := newSite(t, db)

		t.Run("VisitorIsSentToLogin", func(t *testing.T) {
			wantRedirect(t, s.get("kelme.lt", "/admin/users?role=admin", nil), "/admin/login?next=%2Fadmin%2Fusers%3Frole%3Dadmin")
		})
		t.Run("ContributorIsForbidden", func(t *testing.T) {
			c := s.login("kelme.lt", "rasa@kelme.lt", goodPassword)
			wantBody(t, s.get("kelme.lt", "/admin/users", c), http.StatusForbidden, []string{"Prieiga draudžiama"}, []string{"Ona Petraitienė"})
		})
		t.Run("NotValidOnAnotherInstitution", func(t *testing.T) {
			c := s.login("kelme.lt", "ona@kelme.lt", goodPassword)
			wantBody(t, s.get("kelme.lt", "/admin/users", c), http.StatusOK, nil, nil)
			// Same address, same cookie, but Raseiniai's host: the Kelmė
			// session does not log anyone in there.
			wantRedirect(t, s.get("raseiniai.lt", "/admin/users", c), "/admin/login?next=%2Fadmin%2Fusers")
		})
		t.Run("Logout", func(t *testing.T) {
			c := s.login("kelme.lt", "ona@kelme.lt", goodPassword)
			sessions := count(t, db, `SELECT COUNT(*) FROM sessions`)
			w := s.post("kelme.lt", "/admin/logout", url.Values{}, c)
			wantRedirect(t, w, "/")
			if cleared := w.Result().Cookies(); len(cleared) != 1 || cleared[0].Name != "sv_session" || cleared[0].MaxAge >= 0 {
				t.Errorf("logout cookies %v: want sv_session removed", cleared)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM sessions`); n != sessions-1 {
				t.Errorf("sessions after logout: got %d, want %d", n, sessions-1)
			}
			// The old cookie, replayed, no longer works.
			wantRedirect(t, s.get("kelme.lt", "/admin/users", c), "/admin/login?next=%2Fadmin%2Fusers")
		})
		t.Run("LoginRotatesTheSession", func(t *testing.T) {
			old := s.login("kelme.lt", "ona@kelme.lt", goodPassword)
			w := s.post("kelme.lt", "/admin/login", url.Values{"email": {"ona@kelme.lt"}, "password": {goodPassword}}, old)
			fresh := sessionCookie(w)
			if fresh == nil || fresh.Value == old.Value {
				t.Fatalf("second login: cookie %v, want a new token", fresh)
			}
			wantRedirect(t, s.get("kelme.lt", "/admin/users", old), "/admin/login?next=%2Fadmin%2Fusers")
			wantBody(t, s.get("kelme.lt", "/admin/users", fresh), http.StatusOK, nil, nil)
		})
		t.Run("IdleTimeout", func(t *testing.T) {
			// All within the 12 hours a session lasts at most, so only the
			// 8 hours without a request can end it.
			c := s.login("kelme.lt", "ona@kelme.lt", goodPassword)
			now = now.Add(time.Hour)
			wantBody(t, s.get("kelme.lt", "/admin/users", c), http.StatusOK, nil, nil)
			now = now.Add(7*time.Hour + 59*time.Minute) // 8 h 59 min after login; the request kept it alive
			wantBody(t, s.get("kelme.lt", "/admin/users", c), http.StatusOK, nil, nil)
			c = s.login("kelme.lt", "ona@kelme.lt", goodPassword)
			now = now.Add(8*time.Hour + time.Minute)
			wantRedirect(t, s.get("kelme.lt", "/admin/users", c), "/admin/login?next=%2Fadmin%2Fusers")
		})
		t.Run("AbsoluteLifetime", func(t *testing.T) {
			start := now
			c := s.login("kelme.lt", "ona@kelme.lt", goodPassword)
			for _, h := range []time.Duration{4, 8, 11} { // in use all day long
				now = start.Add(h * time.Hour)
				wantBody(t, s.get("kelme.lt", "/admin/users", c), http.StatusOK, nil, nil)
			}
			now = start.Add(12 * time.Hour)
			wantRedirect(t, s.get("kelme.lt", "/admin/users", c), "/admin/login?next=%2Fadmin%2Fusers")
		})
		t.Run("RoleChangeEndsSessions", func(t *testing.T) {
			// What a session may do was decided at login: a new role
			// takes a new login, so a new session id.
			admin := s.login("kelme.lt", "ona@kelme.lt", goodPassword)
			rasa := s.login("kelme.lt", "rasa@kelme.lt", goodPassword)
			users, _, err := staff.FindUsers(context.Background(), db, staff.UserFilter{InstitutionID: kelme.ID, Query: "rasa@"})
			if err != nil || len(users) != 1 {
				t.Fatalf("find Rasa: %v %v", users, err)
			}
			w := s.post("kelme.lt", "/admin/users/"+itoa(users[0].ID), url.Values{
				"version": {itoa(users[0].UpdatedAt.UnixMilli())}, "name": {"Rasa Čepulė"}, "role": {"reception_editor"}, "active": {"1"}}, admin)
			wantRedirect(t, w, "/admin/users")
			wantRedirect(t, s.get("kelme.lt", "/admin", rasa), "/admin/login?next=%2Fadmin")
			fresh := s.login("kelme.lt", "rasa@kelme.lt", goodPassword)
			if fresh.Value == rasa.Value {
				t.Error("the session id survived the role change")
			}
			wantBody(t, s.get("kelme.lt", "/admin/prieinamumas/atsiliepimai", fresh), http.StatusOK, nil, nil)
			// Back to a contributor of education, for the tests below.
			users, _, _ = staff.FindUsers(context.Background(), db, staff.UserFilter{InstitutionID: kelme.ID, Query: "rasa@"})
			wantRedirect(t, s.post("kelme.lt", "/admin/users/"+itoa(users[0].ID), url.Values{
				"version": {itoa(users[0].UpdatedAt.UnixMilli())}, "name": {"Rasa Čepulė"}, "role": {"contributor"},
				"department": {itoa(education)}, "active": {"1"}}, admin), "/admin/users")
		})
		t.Run("DeactivationEndsSessions", func(t *testing.T) {
			admin := s.login("kelme.lt", "ona@kelme.lt", goodPassword)
			rasa := s.login("kelme.lt", "rasa@kelme.lt", goodPassword)
			users, _, err := staff.FindUsers(context.Background(), db, staff.UserFilter{InstitutionID: kelme.ID, Query: "rasa@"})
			if err != nil || len(users) != 1 {
				t.Fatalf("find Rasa: %v %v", users, err)
			}
			id := users[0].ID
			w := s.post("kelme.lt", "/admin/users/"+itoa(id), url.Values{
				"version": {itoa(users[0].UpdatedAt.UnixMilli())}, "name": {"Rasa Čepulė"}, "role": {"contributor"},
				"department": {itoa(education)}}, admin)
			wantRedirect(t, w, "/admin/users")
			if n := count(t, db, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, id); n != 0 {
				t.Errorf("sessions of a deactivated user: got %d, want 0", n)
			}
			wantRedirect(t, s.get("kelme.lt", "/admin/users", rasa), "/admin/login?next=%2Fadmin%2Fusers")
		})
	})
}

// Anonymous visitors are served from the render cache, so the session
// middleware must not touch the database for them.
func TestSessionsLeaveVisitorsAlone(t *testing.T) {
	db := storetest.New(t, "sqlite")
	in := mustKelme(t, db)
	s := staff.NewService(db, web.NewRenderer(), "http://kelme.lt")
	var sawUser bool
	h := s.Sessions(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawUser = staff.UserFrom(r.Context()) != nil
		w.WriteHeader(http.StatusNoContent)
	}))
	db.Close() // any query would now fail

	r := httptest.NewRequest(http.MethodGet, "http://kelme.lt/", nil)
	r = r.WithContext(institution.WithInstitution(r.Context(), in))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusNoContent || sawUser || len(w.Result().Cookies()) != 0 || staff.HasSession(r) {
		t.Errorf("visitor: status %d, user %v, cookies %v; want 204, none, none", w.Code, sawUser, w.Result().Cookies())
	}
	r.AddCookie(&http.Cookie{Name: "sv_session", Value: "x"})
	if !staff.HasSession(r) {
		t.Error("HasSession with the cookie: got false")
	}
}
