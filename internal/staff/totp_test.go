package staff_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

var (
	msgCodeWrong = "Kodas neteisingas arba jau panaudotas"
	secretRe     = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)
	recoveryRe   = regexp.MustCompile(`<li><code>([0-9a-z]{5}-[0-9a-z]{5})</code></li>`)
)

func stepCookieOf(w *httptest.ResponseRecorder) *http.Cookie {
	for _, c := range w.Result().Cookies() {
		if c.Name == "sv_login_step" && c.MaxAge >= 0 && c.Value != "" {
			return c
		}
	}
	return nil
}

// secretOn reads the TOTP key shown for typing in by hand.
func secretOn(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	m := secretRe.FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("no TOTP key on the page (status %d):\n%s", w.Code, w.Body)
	}
	return strings.ReplaceAll(m[1], " ", "")
}

func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// passwordStep logs in with the password and returns the cookie of the
// second step, checking that no session was started.
func (s *site) passwordStep(host, email, wantPage string) *http.Cookie {
	s.t.Helper()
	w := s.post(host, "/admin/login", url.Values{"email": {email}, "password": {goodPassword}}, nil)
	wantRedirect(s.t, w, wantPage+"?next=%2Fadmin")
	if sessionCookie(w) != nil {
		s.t.Fatal("a session was started before the second step")
	}
	c := stepCookieOf(w)
	if c == nil || !c.HttpOnly || c.Path != "/admin/login" {
		s.t.Fatalf("second-step cookie %+v: want HttpOnly on /admin/login", c)
	}
	return c
}

// The whole life of a staff member's TOTP: enrolment from their own page,
// login with a code, replay refused, a recovery code used once, expiry,
// throttling shared with passwords, and switching it off with a code
// (EPS-13: personal data protected against unauthorised access; X-02: every
// step is in the audit trail).
func TestTOTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		kelme := mustKelme(t, db)
		ona := mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleDepartmentEditor, mustDepartment(t, db, kelme, "Kultūros skyrius"))
		s := newSite(t, db)
		session := s.login("kelme.lt", "ona@kelme.lt", goodPassword)

		// Enrolment: the page offers it, then shows the QR code and the key.
		wantBody(t, s.get("kelme.lt", "/admin", session), http.StatusOK, []string{`href="/admin/account/totp"`}, nil)
		wantBody(t, s.get("kelme.lt", "/admin/account/totp", session), http.StatusOK, []string{"Įjungti dviejų veiksnių patvirtinimą"}, nil)
		wantRedirect(t, s.post("kelme.lt", "/admin/account/totp/start", url.Values{}, session), "/admin/account/totp")
		w := s.get("kelme.lt", "/admin/account/totp", session)
		wantBody(t, w, http.StatusOK, []string{`src="data:image/png;base64,`, `alt="QR kodas autentifikavimo programėlei"`, `autocomplete="one-time-code"`}, nil)
		secret := secretOn(t, w)

		w = s.post("kelme.lt", "/admin/account/totp/confirm", url.Values{"code": {"000000"}}, session)
		wantBody(t, w, http.StatusUnprocessableEntity, []string{msgCodeWrong, `href="#f-code"`, "<title>Klaida:", `id="totp-secret"`}, nil)
		enrolCode := codeAt(t, secret, now)
		w = s.post("kelme.lt", "/admin/account/totp/confirm", url.Values{"code": {enrolCode}}, session)
		wantBody(t, w, http.StatusOK, []string{"Atsarginiai kodai", "tik dabar"}, nil)
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("recovery codes page Cache-Control %q, want no-store", w.Header().Get("Cache-Control"))
		}
		var recovery []string
		for _, m := range recoveryRe.FindAllStringSubmatch(w.Body.String(), -1) {
			recovery = append(recovery, m[1])
		}
		if len(recovery) != 10 {
			t.Fatalf("recovery codes: got %d, want 10", len(recovery))
		}
		wantBody(t, s.get("kelme.lt", "/admin/account/totp", session), http.StatusOK, []string{"Įjungta.", "Nepanaudotų atsarginių kodų: 10."}, []string{"totp-secret"})
		if n := count(t, db, `SELECT COUNT(*) FROM totp_recovery_codes WHERE user_id = ? AND code_hash = ?`, ona.ID, recovery[0]); n != 0 {
			t.Error("a recovery code is stored as typed")
		}

		t.Run("LoginAsksForTheCode", func(t *testing.T) {
			step := s.passwordStep("kelme.lt", "ona@kelme.lt", "/admin/login/code")
			// The second step is no session: the staff area is still closed.
			wantRedirect(t, s.get("kelme.lt", "/admin", step), "/admin/login?next=%2Fadmin")
			wantBody(t, s.get("kelme.lt", "/admin/login/code?next=%2Fadmin", step), http.StatusOK, []string{`name="code"`, `value="/admin"`}, nil)
			// The code that confirmed enrolment cannot be used again.
			w := s.post("kelme.lt", "/admin/login/code", url.Values{"code": {enrolCode}, "next": {"/admin"}}, step)
			wantBody(t, w, http.StatusUnprocessableEntity, []string{msgCodeWrong}, []string{enrolCode})
			if sessionCookie(w) != nil {
				t.Fatal("a replayed code started a session")
			}
			now = now.Add(totpStep)
			code := codeAt(t, secret, now)
			w = s.post("kelme.lt", "/admin/login/code", url.Values{"code": {code[:3] + " " + code[3:]}, "next": {"/admin"}}, step)
			wantRedirect(t, w, "/admin")
			if sessionCookie(w) == nil {
				t.Fatal("no session after the right code")
			}
			// The step is used up, and so is the code.
			wantBody(t, s.post("kelme.lt", "/admin/login/code", url.Values{"code": {code}}, step), http.StatusBadRequest, []string{"Prisijunkite iš naujo"}, nil)
			step = s.passwordStep("kelme.lt", "ona@kelme.lt", "/admin/login/code")
			wantBody(t, s.post("kelme.lt", "/admin/login/code", url.Values{"code": {code}}, step), http.StatusUnprocessableEntity, []string{msgCodeWrong}, nil)
			if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'staff.login' AND summary LIKE ?`, "%dviejų veiksnių kodas"); n != 1 {
				t.Errorf("logins with a code in the audit trail: got %d, want 1", n)
			}
		})
		t.Run("RecoveryCodeWorksOnce", func(t *testing.T) {
			step := s.passwordStep("kelme.lt", "ona@kelme.lt", "/admin/login/code")
			wantRedirect(t, s.post("kelme.lt", "/admin/login/code", url.Values{"code": {strings.ToUpper(recovery[0])}, "next": {"/admin"}}, step), "/admin")
			step = s.passwordStep("kelme.lt", "ona@kelme.lt", "/admin/login/code")
			wantBody(t, s.post("kelme.lt", "/admin/login/code", url.Values{"code": {recovery[0]}}, step), http.StatusUnprocessableEntity, []string{msgCodeWrong}, nil)
			if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'staff.totp.recovery_use' AND object_id = ? AND summary LIKE ?`, ona.ID, "%liko nepanaudotų: 9"); n != 1 {
				t.Errorf("recovery code uses in the audit trail: got %d, want 1", n)
			}
		})
		t.Run("NextStaysOnSite", func(t *testing.T) {
			// The step's return address is checked like the login's: a
			// right code never sends anyone to another site.
			step := s.passwordStep("kelme.lt", "ona@kelme.lt", "/admin/login/code")
			wantRedirect(t, s.post("kelme.lt", "/admin/login/code", url.Values{"code": {recovery[1]}, "next": {"/\t/evil.example"}}, step), "/admin")
		})
		t.Run("StepExpires", func(t *testing.T) {
			step := s.passwordStep("kelme.lt", "ona@kelme.lt", "/admin/login/code")
			now = now.Add(5*time.Minute + time.Second)
			w := s.post("kelme.lt", "/admin/login/code", url.Values{"code": {codeAt(t, secret, now)}}, step)
			wantBody(t, w, http.StatusBadRequest, []string{"Prisijungimo laikas baigėsi", `href="/admin/login"`}, nil)
			if sessionCookie(w) != nil {
				t.Fatal("an expired step started a session")
			}
		})
		t.Run("ThrottledLikePasswords", func(t *testing.T) {
			now = now.Add(time.Hour) // earlier failures no longer count
			step := s.passwordStep("kelme.lt", "ona@kelme.lt", "/admin/login/code")
			for i := range 5 {
				if w := s.post("kelme.lt", "/admin/login/code", url.Values{"code": {"123456"}}, step); w.Code != http.StatusUnprocessableEntity {
					t.Fatalf("wrong code %d: got %d, want 422", i+1, w.Code)
				}
			}
			now = now.Add(totpStep)
			w := s.post("kelme.lt", "/admin/login/code", url.Values{"code": {codeAt(t, secret, now)}}, step)
			wantBody(t, w, http.StatusTooManyRequests, []string{msgThrottled}, nil)
			// The right password does not clear the failures of the code.
			w = s.post("kelme.lt", "/admin/login", url.Values{"email": {"ona@kelme.lt"}, "password": {goodPassword}}, nil)
			wantBody(t, w, http.StatusTooManyRequests, []string{msgThrottled}, nil)
			now = now.Add(16 * time.Minute)
		})
		t.Run("DisablingNeedsACode", func(t *testing.T) {
			wantBody(t, s.post("kelme.lt", "/admin/account/totp/disable", url.Values{"code": {""}}, session),
				http.StatusUnprocessableEntity, []string{"Įveskite kodą"}, nil)
			wantBody(t, s.post("kelme.lt", "/admin/account/totp/disable", url.Values{"code": {"111111"}}, session),
				http.StatusUnprocessableEntity, []string{msgCodeWrong}, nil)
			now = now.Add(totpStep)
			wantRedirect(t, s.post("kelme.lt", "/admin/account/totp/disable", url.Values{"code": {codeAt(t, secret, now)}}, session), "/admin/account/totp")
			s.login("kelme.lt", "ona@kelme.lt", goodPassword)
			if n := count(t, db, `SELECT COUNT(*) FROM totp_recovery_codes WHERE user_id = ?`, ona.ID); n != 0 {
				t.Errorf("recovery codes after disabling: got %d, want 0", n)
			}
		})

		for _, action := range []string{"staff.totp.enrol", "staff.totp.disable"} {
			if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = ? AND object_id = ?`, action, ona.ID); n != 1 {
				t.Errorf("%s in the audit trail: got %d, want 1", action, n)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE summary LIKE ? OR before_data LIKE ? OR after_data LIKE ?`,
			"%"+secret+"%", "%"+secret+"%", "%"+secret+"%"); n != 0 {
			t.Error("the TOTP secret is in the audit trail")
		}
	})
}

const totpStep = 30 * time.Second

// A role the institution requires TOTP for gets no staff area until the
// user has enrolled, right after the password.
func TestTOTPRequiredForRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		kelme := mustKelme(t, db)
		admin := mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		mustUser(t, db, kelme, "jonas@kelme.lt", "Jonas Jonaitis", actor.RoleReception, 0)
		s := newSite(t, db)
		session := s.login("kelme.lt", "ona@kelme.lt", goodPassword)
		wantRedirect(t, s.post("kelme.lt", "/admin/institution/login", url.Values{"totp_roles": {"admin"}}, session), "/admin/institution/login")
		got, err := institution.FindLoginSettings(context.Background(), db, kelme.ID)
		if err != nil || !got.RequiresTOTP(actor.RoleAdmin) || got.RequiresTOTP(actor.RoleReception) {
			t.Fatalf("saved settings %+v, %v: want TOTP for admin only", got, err)
		}

		// Other roles log in as before.
		s.login("kelme.lt", "jonas@kelme.lt", goodPassword)

		step := s.passwordStep("kelme.lt", "ona@kelme.lt", "/admin/login/enrol")
		wantRedirect(t, s.get("kelme.lt", "/admin/users", step), "/admin/login?next=%2Fadmin%2Fusers")
		w := s.get("kelme.lt", "/admin/login/enrol?next=%2Fadmin", step)
		wantBody(t, w, http.StatusOK, []string{"Jūsų rolei institucija reikalauja", `src="data:image/png;base64,`, `action="/admin/login/enrol"`}, nil)
		secret := secretOn(t, w)
		// Reloading the page keeps the key the person may have scanned.
		if again := secretOn(t, s.get("kelme.lt", "/admin/login/enrol", step)); again != secret {
			t.Errorf("the key changed on reload")
		}
		w = s.post("kelme.lt", "/admin/login/enrol", url.Values{"code": {"000000"}, "next": {"/admin"}}, step)
		wantBody(t, w, http.StatusUnprocessableEntity, []string{msgCodeWrong, `id="totp-secret"`}, nil)
		if sessionCookie(w) != nil {
			t.Fatal("a wrong code started a session")
		}
		w = s.post("kelme.lt", "/admin/login/enrol", url.Values{"code": {codeAt(t, secret, now)}, "next": {"/admin"}}, step)
		wantBody(t, w, http.StatusOK, []string{"Atsarginiai kodai", `href="/admin"`}, nil)
		c := sessionCookie(w)
		if c == nil {
			t.Fatal("no session after enrolment")
		}
		wantBody(t, s.get("kelme.lt", "/admin/users", c), http.StatusOK, []string{"Jonas Jonaitis"}, nil)
		// From now on the code is asked for.
		s.passwordStep("kelme.lt", "ona@kelme.lt", "/admin/login/code")
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'staff.totp.enrol' AND object_id = ?`, admin.ID); n != 1 {
			t.Errorf("enrolment in the audit trail: got %d, want 1", n)
		}
	})
}

// enrol turns TOTP on for the logged-in user and returns the key.
func (s *site) enrol(session *http.Cookie, now time.Time) string {
	s.t.Helper()
	s.post("kelme.lt", "/admin/account/totp/start", url.Values{}, session)
	secret := secretOn(s.t, s.get("kelme.lt", "/admin/account/totp", session))
	if w := s.post("kelme.lt", "/admin/account/totp/confirm", url.Values{"code": {codeAt(s.t, secret, now)}}, session); w.Code != http.StatusOK {
		s.t.Fatalf("enrol: got %d, want 200", w.Code)
	}
	return secret
}

// An administrator can remove the TOTP of a colleague who lost phone and
// recovery codes; nobody else can (X-02: audited).
func TestTOTPResetByAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		kelme := mustKelme(t, db)
		mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		jonas := mustUser(t, db, kelme, "jonas@kelme.lt", "Jonas Jonaitis", actor.RoleReception, 0)
		s := newSite(t, db)
		own := s.login("kelme.lt", "jonas@kelme.lt", goodPassword)
		s.enrol(own, now)
		reset := "/admin/users/" + strconv.FormatInt(jonas.ID, 10) + "/totp/reset"

		if w := s.post("kelme.lt", reset, url.Values{}, own); w.Code != http.StatusForbidden {
			t.Errorf("a reception editor resetting TOTP: got %d, want 403", w.Code)
		}
		s.passwordStep("kelme.lt", "jonas@kelme.lt", "/admin/login/code")
		admin := s.login("kelme.lt", "ona@kelme.lt", goodPassword)
		wantBody(t, s.get("kelme.lt", "/admin/users/"+strconv.FormatInt(jonas.ID, 10), admin), http.StatusOK, []string{`action="` + reset + `"`}, nil)
		wantRedirect(t, s.post("kelme.lt", reset, url.Values{}, admin), "/admin/users/"+strconv.FormatInt(jonas.ID, 10))
		s.login("kelme.lt", "jonas@kelme.lt", goodPassword)
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'staff.totp.reset' AND object_id = ?`, jonas.ID); n != 1 {
			t.Errorf("resets in the audit trail: got %d, want 1", n)
		}
		// Nothing left to remove: a message, no second entry.
		wantRedirect(t, s.post("kelme.lt", reset, url.Values{}, admin), "/admin/users/"+strconv.FormatInt(jonas.ID, 10))
		if w := s.post("kelme.lt", "/admin/users/999999/totp/reset", url.Values{}, admin); w.Code != http.StatusNotFound {
			t.Errorf("reset of an unknown account: got %d, want 404", w.Code)
		}
	})
}
