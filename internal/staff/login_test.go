package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

var (
	msgBadCredentials = "Neteisingas el. pašto adresas arba slaptažodis"
	msgThrottled      = "Per daug nesėkmingų bandymų prisijungti"
)

func TestLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		kelme := mustKelme(t, db)
		mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		s := newSite(t, db)

		t.Run("Form", func(t *testing.T) {
			w := s.get("kelme.lt", "/admin/login", nil)
			wantBody(t, w, http.StatusOK, []string{`name="email"`, `autocomplete="current-password"`, "Prisijungti"}, nil)
		})
		t.Run("OK", func(t *testing.T) {
			w := s.post("kelme.lt", "/admin/login", url.Values{"email": {" Ona@Kelme.lt"}, "password": {goodPassword}}, nil)
			wantRedirect(t, w, "/admin")
			c := sessionCookie(w)
			if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
				t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/, not Secure over http", c)
			}
			wantBody(t, s.get("kelme.lt", "/admin/users", c), http.StatusOK, []string{"Ona Petraitienė"}, nil)
			// Logged in, the login page sends the user on.
			wantRedirect(t, s.get("kelme.lt", "/admin/login", c), "/admin")
		})
		t.Run("OKBackToNext", func(t *testing.T) {
			w := s.post("kelme.lt", "/admin/login", url.Values{"email": {"ona@kelme.lt"}, "password": {goodPassword}, "next": {"/admin/users?q=ona"}}, nil)
			wantRedirect(t, w, "/admin/users?q=ona")
		})
		t.Run("NextNeverLeavesTheSite", func(t *testing.T) {
			for _, next := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example", "/\t/evil.example", "admin"} {
				w := s.post("kelme.lt", "/admin/login", url.Values{"email": {"ona@kelme.lt"}, "password": {goodPassword}, "next": {next}}, nil)
				wantRedirect(t, w, "/admin")
			}
		})
		t.Run("ErrWrongPassword", func(t *testing.T) {
			w := s.post("kelme.lt", "/admin/login", url.Values{"email": {"ona@kelme.lt"}, "password": {"neteisingas-slaptazodis"}}, nil)
			wantBody(t, w, http.StatusUnprocessableEntity,
				[]string{msgBadCredentials, `value="ona@kelme.lt"`, `href="#f-password"`, "<title>Klaida:"},
				[]string{"neteisingas-slaptazodis"})
			if sessionCookie(w) != nil {
				t.Error("a failed login set a session cookie")
			}
		})
		t.Run("ErrUnknownEmailSaysTheSame", func(t *testing.T) {
			w := s.post("kelme.lt", "/admin/login", url.Values{"email": {"nera@kelme.lt"}, "password": {goodPassword}}, nil)
			wantBody(t, w, http.StatusUnprocessableEntity, []string{msgBadCredentials, `value="nera@kelme.lt"`}, []string{goodPassword})
		})
		t.Run("ErrEmpty", func(t *testing.T) {
			w := s.post("kelme.lt", "/admin/login", url.Values{"email": {""}, "password": {""}}, nil)
			wantBody(t, w, http.StatusUnprocessableEntity,
				[]string{"Įveskite el. pašto adresą", "Įveskite slaptažodį", `href="#f-email"`}, nil)
		})
		t.Run("English", func(t *testing.T) {
			w := s.do(http.MethodPost, "kelme.lt", "/admin/login", url.Values{"email": {"ona@kelme.lt"}, "password": {"x"}},
				&http.Cookie{Name: web.LangCookie, Value: "en"})
			wantBody(t, w, http.StatusUnprocessableEntity, []string{i18n.T(i18n.EN, "staff.error.bad_credentials")}, nil)
		})
	})
}

func TestLoginThrottle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2025, 3, 11, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		kelme := mustKelme(t, db)
		mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		mustUser(t, db, kelme, "jonas@kelme.lt", "Jonas Jonaitis", actor.RoleAdmin, 0)
		s := newSite(t, db)
		attempt := func(email, password string) int {
			return s.post("kelme.lt", "/admin/login", url.Values{"email": {email}, "password": {password}}, nil).Code
		}

		for i := range 5 {
			if code := attempt("ona@kelme.lt", "blogas-slaptazodis"); code != http.StatusUnprocessableEntity {
				t.Fatalf("failure %d: got %d, want 422", i+1, code)
			}
			now = now.Add(time.Minute)
		}
		// Locked: even the right password is refused, and the message says
		// when to try again (the last failure at 09:04 + 15 min, in Vilnius time).
		w := s.post("kelme.lt", "/admin/login", url.Values{"email": {"ona@kelme.lt"}, "password": {goodPassword}}, nil)
		wantBody(t, w, http.StatusTooManyRequests, []string{msgThrottled, "prisijungti vėl galėsite ne anksčiau kaip 11:19", `value="ona@kelme.lt"`}, nil)
		if sessionCookie(w) != nil {
			t.Fatal("a throttled login set a session cookie")
		}
		// Other accounts are not locked by it.
		if code := attempt("jonas@kelme.lt", goodPassword); code != http.StatusSeeOther {
			t.Errorf("another account: got %d, want 303", code)
		}
		// Once the window has passed, the right password works again and
		// clears the failures.
		now = now.Add(15 * time.Minute)
		if code := attempt("ona@kelme.lt", goodPassword); code != http.StatusSeeOther {
			t.Fatalf("after the lock: got %d, want 303", code)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM login_failures WHERE account LIKE ?`, "%:ona@kelme.lt"); n != 0 {
			t.Errorf("failures after a successful login: got %d, want 0", n)
		}

		t.Run("PerClient", func(t *testing.T) {
			// One client guessing many accounts is stopped after 20 failures.
			for i := range 20 {
				if code := attempt("spejimas"+string(rune('a'+i))+"@kelme.lt", "blogas-slaptazodis"); code != http.StatusUnprocessableEntity {
					t.Fatalf("failure %d: got %d, want 422", i+1, code)
				}
			}
			w := s.post("kelme.lt", "/admin/login", url.Values{"email": {"jonas@kelme.lt"}, "password": {goodPassword}}, nil)
			wantBody(t, w, http.StatusTooManyRequests, []string{msgThrottled}, nil)
		})
		t.Run("PurgeExpired", func(t *testing.T) {
			now = now.Add(25 * time.Hour)
			st := staff.NewService(db, web.NewRenderer(), "http://kelme.lt")
			if err := st.PurgeExpired(context.Background()); err != nil {
				t.Fatal(err)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM login_failures`) + count(t, db, `SELECT COUNT(*) FROM login_throttle_keys`); n != 0 {
				t.Errorf("failures and throttle keys older than a day: got %d, want 0", n)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM sessions`); n != 0 {
				t.Errorf("expired sessions: got %d, want 0", n)
			}
		})
	})
}
