package staff_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

const oidcCallback = "http://kelme.lt/admin/login/oidc/callback"

func stateCookieOf(w *httptest.ResponseRecorder) *http.Cookie {
	for _, c := range w.Result().Cookies() {
		if c.Name == "sv_oidc_state" && c.MaxAge >= 0 && c.Value != "" {
			return c
		}
	}
	return nil
}

// startOIDC presses "Prisijungti per organizacijos paskyrą" and returns the
// provider's address and the browser's state cookie.
func (s *site) startOIDC() (string, *http.Cookie) {
	s.t.Helper()
	w := s.post("kelme.lt", "/admin/login/oidc", url.Values{"next": {"/admin/users"}}, nil)
	if w.Code != http.StatusSeeOther {
		s.t.Fatalf("start: got %d, want 303\n%s", w.Code, w.Body)
	}
	c := stateCookieOf(w)
	if c == nil || !c.HttpOnly {
		s.t.Fatalf("state cookie %+v: want an HttpOnly cookie", c)
	}
	return w.Header().Get("Location"), c
}

// callback delivers the provider's answer (an absolute URL on kelme.lt).
func (s *site) callback(answer string, c *http.Cookie) *httptest.ResponseRecorder {
	s.t.Helper()
	u, err := url.Parse(answer)
	if err != nil || u.Host != "kelme.lt" || u.Path != "/admin/login/oidc/callback" {
		s.t.Fatalf("provider sent the browser to %q, want the callback", answer)
	}
	return s.get("kelme.lt", u.RequestURI(), c)
}

// Staff log in through the organisation's OpenID Connect provider: matched
// to an existing active account by a verified email, never created
// (EPS-13; X-02: logins and refusals are audited).
func TestOIDCLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		kelme := mustKelme(t, db)
		ona := mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		mustUser(t, db, kelme, "jonas@kelme.lt", "Jonas Jonaitis", actor.RoleReception, 0)
		provider := newTestProvider(t, "savivalda-kelme", "kliento-paslaptis", oidcCallback)
		s := newSite(t, db)

		// Not configured: no button, no flow.
		wantBody(t, s.get("kelme.lt", "/admin/login", nil), http.StatusOK, nil, []string{"Prisijungti per organizacijos paskyrą"})
		if w := s.post("kelme.lt", "/admin/login/oidc", url.Values{}, nil); w.Code != http.StatusNotFound {
			t.Errorf("start without a provider: got %d, want 404", w.Code)
		}
		admin := s.login("kelme.lt", "ona@kelme.lt", goodPassword)
		wantRedirect(t, s.post("kelme.lt", "/admin/institution/login", url.Values{"oidc_issuer": {provider.URL},
			"oidc_client_id": {"savivalda-kelme"}, "oidc_client_secret": {"kliento-paslaptis"}}, admin), "/admin/institution/login")
		wantBody(t, s.get("kelme.lt", "/admin/institution/login", admin), http.StatusOK,
			[]string{`value="` + provider.URL + `"`, "Paslaptis išsaugota"}, []string{"kliento-paslaptis"})
		wantBody(t, s.get("kelme.lt", "/admin/login", nil), http.StatusOK, []string{`action="/admin/login/oidc"`, "Prisijungti per organizacijos paskyrą"}, nil)

		login := func(person testPerson) (*httptest.ResponseRecorder, string) {
			t.Helper()
			provider.next(person)
			authURL, c := s.startOIDC()
			answer := provider.authorize(t, authURL)
			return s.callback(answer, c), answer
		}

		t.Run("OK", func(t *testing.T) {
			w, _ := login(testPerson{Subject: "u-1", Email: "Ona@Kelme.lt", Verified: true, AMR: []string{"pwd"}})
			wantRedirect(t, w, "/admin/users")
			c := sessionCookie(w)
			if c == nil {
				t.Fatal("no session after an organisation login")
			}
			wantBody(t, s.get("kelme.lt", "/admin/users", c), http.StatusOK, []string{"Jonas Jonaitis"}, nil)
			req := provider.lastRequest()
			if req.CodeChallengeMethod != "S256" || req.CodeChallenge == "" || req.Nonce == "" || req.State == "" {
				t.Errorf("authorization request: challenge %q (%s), nonce %q, state %q: want PKCE S256, a nonce and a state",
					req.CodeChallenge, req.CodeChallengeMethod, req.Nonce, req.State)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'staff.login.oidc' AND object_id = ?`, ona.ID); n != 1 {
				t.Errorf("organisation logins in the audit trail: got %d, want 1", n)
			}
		})
		t.Run("ErrUnverifiedEmail", func(t *testing.T) {
			w, _ := login(testPerson{Subject: "u-2", Email: "jonas@kelme.lt", Verified: false})
			wantBody(t, w, http.StatusForbidden, []string{"nepažymėtas kaip patvirtintas"}, nil)
			if sessionCookie(w) != nil {
				t.Fatal("an unverified email started a session")
			}
		})
		t.Run("ErrUnknownEmail", func(t *testing.T) {
			w, _ := login(testPerson{Subject: "u-3", Email: "nera@kelme.lt", Verified: true})
			wantBody(t, w, http.StatusForbidden, []string{"Darbuotojo paskyros el. pašto adresu nera@kelme.lt šioje sistemoje nėra"}, nil)
			if sessionCookie(w) != nil {
				t.Fatal("an unknown email started a session")
			}
			if n := count(t, db, `SELECT COUNT(*) FROM users WHERE email = 'nera@kelme.lt'`); n != 0 {
				t.Error("an account was created from the provider's answer")
			}
			if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'staff.login.oidc_refused'`); n != 2 {
				t.Errorf("refused organisation logins in the audit trail: got %d, want 2", n)
			}
		})
		t.Run("ErrWrongState", func(t *testing.T) {
			provider.next(testPerson{Subject: "u-1", Email: "ona@kelme.lt", Verified: true})
			authURL, c := s.startOIDC()
			answer := provider.authorize(t, authURL)
			forged := strings.Replace(answer, "state=", "state=x", 1)
			wantBody(t, s.callback(forged, c), http.StatusBadRequest, []string{"nebegalioja"}, nil)
			// The right state from another browser (no cookie) is refused too.
			w := s.callback(answer, nil)
			wantBody(t, w, http.StatusBadRequest, []string{"nebegalioja"}, nil)
			if sessionCookie(w) != nil {
				t.Fatal("a callback without the browser's state started a session")
			}
		})
		t.Run("ErrReplayedCode", func(t *testing.T) {
			provider.next(testPerson{Subject: "u-1", Email: "ona@kelme.lt", Verified: true})
			authURL, c := s.startOIDC()
			answer := provider.authorize(t, authURL)
			wantRedirect(t, s.callback(answer, c), "/admin/users")
			// The same answer again: its state is used up.
			wantBody(t, s.callback(answer, c), http.StatusBadRequest, []string{"nebegalioja"}, nil)
			// The used code with a fresh state: the provider refuses it.
			_, c2 := s.startOIDC()
			u, _ := url.Parse(answer)
			q := u.Query()
			q.Set("state", c2.Value)
			u.RawQuery = q.Encode()
			w := s.callback(u.String(), c2)
			wantBody(t, w, http.StatusBadRequest, []string{"tapatybės teikėjas prisijungimo nepatvirtino"}, nil)
			if sessionCookie(w) != nil {
				t.Fatal("a replayed code started a session")
			}
		})
		t.Run("TOTPUnlessTheProviderAssertsMFA", func(t *testing.T) {
			settings, err := institution.FindLoginSettings(context.Background(), db, kelme.ID)
			if err != nil {
				t.Fatal(err)
			}
			settings.TOTPRoles = []actor.Role{actor.RoleAdmin}
			a := actor.Actor{Kind: actor.Staff, ID: ona.ID, Name: ona.Name, InstitutionID: kelme.ID, Role: actor.RoleAdmin}
			if err := institution.SaveLoginSettings(context.Background(), db, a, settings); err != nil {
				t.Fatal(err)
			}
			w, _ := login(testPerson{Subject: "u-1", Email: "ona@kelme.lt", Verified: true, AMR: []string{"pwd"}})
			wantRedirect(t, w, "/admin/login/enrol?next=%2Fadmin%2Fusers")
			if sessionCookie(w) != nil || stepCookieOf(w) == nil {
				t.Fatal("an organisation login without MFA skipped the required TOTP")
			}
			w, _ = login(testPerson{Subject: "u-1", Email: "ona@kelme.lt", Verified: true, AMR: []string{"pwd", "mfa"}})
			wantRedirect(t, w, "/admin/users")
			if sessionCookie(w) == nil {
				t.Fatal("no session after an organisation login with MFA")
			}
		})
	})
}

// The settings page keeps what was typed and says what to fix.
func TestLoginSettingsValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		db.Now = func() time.Time { return time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC) }
		kelme := mustKelme(t, db)
		mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		mustUser(t, db, kelme, "jonas@kelme.lt", "Jonas Jonaitis", actor.RoleReception, 0)
		s := newSite(t, db)
		admin := s.login("kelme.lt", "ona@kelme.lt", goodPassword)
		wantBody(t, s.post("kelme.lt", "/admin/institution/login", url.Values{"oidc_issuer": {"http://login.kelme.lt"}, "oidc_client_id": {"x"}, "oidc_client_secret": {"ypatinga-paslaptis-42"}}, admin),
			http.StatusUnprocessableEntity, []string{"turi būti https://", `value="http://login.kelme.lt"`, `href="#f-oidc_issuer"`}, []string{"ypatinga-paslaptis-42"})
		wantBody(t, s.post("kelme.lt", "/admin/institution/login", url.Values{"oidc_issuer": {"https://login.kelme.lt"}}, admin),
			http.StatusUnprocessableEntity, []string{"Įveskite kliento ID"}, nil)
		if w := s.get("kelme.lt", "/admin/institution/login", s.login("kelme.lt", "jonas@kelme.lt", goodPassword)); w.Code != http.StatusForbidden {
			t.Errorf("a reception editor on the settings page: got %d, want 403", w.Code)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM staff_login_settings`); n != 0 {
			t.Errorf("settings saved from invalid forms: %d", n)
		}
	})
}

// The cookie policy lists the cookies of the login steps (EPS-16).
func TestCookiePolicyListsLoginCookies(t *testing.T) {
	db := storetest.New(t, "sqlite")
	mustKelme(t, db)
	s := newSite(t, db)
	wantBody(t, s.get("kelme.lt", "/slapuku-politika", nil), http.StatusOK, []string{"sv_login_step", "5 minutės", "sv_oidc_state", "10 minučių"}, nil)
}
