package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

const newPassword = "rudens-lapai-krenta-tyliai"

// auditActions lists the actions recorded about a user, oldest first.
func auditActions(t *testing.T, db *store.DB, userID int64) string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT action FROM audit_log WHERE object_type = 'user' AND object_id = ? ORDER BY seq`, userID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return strings.Join(out, " ")
}

func TestOwnPasswordChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		kelme := mustKelme(t, db)
		ona := mustUser(t, db, kelme, "ona.petraitiene@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		s := newSite(t, db)
		c := s.login("kelme.lt", ona.Email, goodPassword)
		other := s.login("kelme.lt", ona.Email, goodPassword) // another device

		wantBody(t, s.get("kelme.lt", "/admin", c), http.StatusOK, []string{`href="/admin/account"`, "Mano paskyra"}, nil)
		wantBody(t, s.get("kelme.lt", "/admin/account", c), http.StatusOK,
			[]string{"Ona Petraitienė", ona.Email, `name="current_password"`, `autocomplete="new-password"`, `href="/admin/account/sessions"`}, nil)

		change := func(current, next string) *http.Response {
			return s.post("kelme.lt", "/admin/account/password", url.Values{"current_password": {current}, "password": {next}}, c).Result()
		}
		t.Run("ErrCurrentWrong", func(t *testing.T) {
			w := s.post("kelme.lt", "/admin/account/password", url.Values{"current_password": {"ne-tas-slaptazodis"}, "password": {newPassword}}, c)
			wantBody(t, w, http.StatusUnprocessableEntity, []string{"Dabartinis slaptažodis neteisingas", `href="#f-current_password"`}, []string{newPassword})
		})
		t.Run("ErrCommon", func(t *testing.T) {
			for _, p := range []string{"Slaptazodis2024!", "qwertyqwerty", "PetraitieneOna", "123412341234", "kelmesavivaldybe"} {
				w := s.post("kelme.lt", "/admin/account/password", url.Values{"current_password": {goodPassword}, "password": {p}}, c)
				wantBody(t, w, http.StatusUnprocessableEntity, []string{"Šį slaptažodį per lengva atspėti"}, nil)
			}
		})
		t.Run("OK", func(t *testing.T) {
			if r := change(goodPassword, newPassword); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/account" {
				t.Fatalf("change: got %d to %q, want 303 to /admin/account", r.StatusCode, r.Header.Get("Location"))
			}
			wantBody(t, s.get("kelme.lt", "/admin/account", c), http.StatusOK, nil, nil)
			wantRedirect(t, s.get("kelme.lt", "/admin/account", other), "/admin/login?next=%2Fadmin%2Faccount")
			w := s.post("kelme.lt", "/admin/login", url.Values{"email": {ona.Email}, "password": {goodPassword}}, nil)
			wantBody(t, w, http.StatusUnprocessableEntity, []string{msgBadCredentials}, nil)
			s.login("kelme.lt", ona.Email, newPassword)
			if got := auditActions(t, db, ona.ID); !strings.Contains(got, "staff.user.password") {
				t.Errorf("audit: got %q, want a password change", got)
			}
		})
	})
}

// resetLink returns the link of the last password-reset email to address.
func resetLink(t *testing.T, db *store.DB, institutionID int64, address string) string {
	t.Helper()
	var text string
	if err := db.QueryRowContext(context.Background(), `SELECT text_body FROM outbox_messages
		WHERE institution_id = ? AND kind = 'staff.password_reset' AND to_address = ? ORDER BY id DESC LIMIT 1`,
		institutionID, address).Scan(&text); err != nil {
		t.Fatalf("reset email to %s: %v", address, err)
	}
	link := regexp.MustCompile(`http://\S+/admin/password/reset/\S+`).FindString(text)
	if link == "" {
		t.Fatalf("no link in the reset email:\n%s", text)
	}
	return link
}

func TestPasswordReset(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2025, 3, 11, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		kelme := mustKelme(t, db)
		ona := mustUser(t, db, kelme, "ona.petraitiene@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		s := newSite(t, db)
		c := s.login("kelme.lt", ona.Email, goodPassword)

		wantBody(t, s.get("kelme.lt", "/admin/login", nil), http.StatusOK, []string{`href="/admin/password/forgot"`}, nil)
		forgot := func(email string) string {
			w := s.post("kelme.lt", "/admin/password/forgot", url.Values{"email": {email}}, nil)
			if w.Code != http.StatusOK {
				t.Fatalf("forgot %s: got %d", email, w.Code)
			}
			return strings.ReplaceAll(w.Body.String(), email, "ADDRESS")
		}
		// The same answer whether or not the address has an account.
		if known, unknown := forgot(ona.Email), forgot("niekas@kelme.lt"); known != unknown || !strings.Contains(known, "Jei adresu ADDRESS yra darbuotojo paskyra") {
			t.Errorf("answers differ or lack the notice:\n%s\n---\n%s", known, unknown)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox_messages WHERE kind = 'staff.password_reset'`); n != 1 {
			t.Fatalf("reset emails: got %d, want 1 (none for the unknown address)", n)
		}
		link := resetLink(t, db, kelme.ID, ona.Email)
		path := strings.TrimPrefix(link, "http://kelme.lt")
		token := strings.TrimPrefix(path, "/admin/password/reset/")
		if n := count(t, db, `SELECT COUNT(*) FROM password_resets WHERE token_hash = ?`, token); n != 0 {
			t.Error("the token is stored as it is, not hashed")
		}

		wantBody(t, s.get("kelme.lt", path, nil), http.StatusOK, []string{`autocomplete="new-password"`}, nil)
		w := s.post("kelme.lt", path, url.Values{"password": {"trumpas"}}, nil)
		wantBody(t, w, http.StatusUnprocessableEntity, []string{"ne trumpesnis nei 12 simbolių"}, nil)
		wantRedirect(t, s.post("kelme.lt", path, url.Values{"password": {newPassword}}, nil), "/admin/login")

		s.login("kelme.lt", ona.Email, newPassword)
		// Every session from before the reset has ended.
		wantRedirect(t, s.get("kelme.lt", "/admin/account", c), "/admin/login?next=%2Fadmin%2Faccount")
		// The link works once.
		wantBody(t, s.get("kelme.lt", path, nil), http.StatusNotFound, []string{"Ši nuoroda nebegalioja"}, nil)
		wantBody(t, s.post("kelme.lt", path, url.Values{"password": {"dar-kitas-ilgas-slaptazodis"}}, nil), http.StatusNotFound, nil, nil)
		if got := auditActions(t, db, ona.ID); !strings.Contains(got, "staff.password.reset_request") || !strings.HasSuffix(got, "staff.user.password staff.login") {
			t.Errorf("audit: got %q", got)
		}

		t.Run("ExpiresAfterAnHour", func(t *testing.T) {
			forgot(ona.Email)
			path := strings.TrimPrefix(resetLink(t, db, kelme.ID, ona.Email), "http://kelme.lt")
			now = now.Add(61 * time.Minute)
			wantBody(t, s.post("kelme.lt", path, url.Values{"password": {"dar-kitas-ilgas-slaptazodis"}}, nil), http.StatusNotFound, []string{"nebegalioja"}, nil)
		})
		t.Run("AtMostFiveLinksPerWindow", func(t *testing.T) {
			now = now.Add(time.Hour)
			before := count(t, db, `SELECT COUNT(*) FROM outbox_messages`)
			for range 8 {
				forgot(ona.Email)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM outbox_messages`) - before; n != 5 {
				t.Errorf("emails for 8 requests: got %d, want 5", n)
			}
		})
		t.Run("ErrBadLink", func(t *testing.T) {
			wantBody(t, s.get("kelme.lt", "/admin/password/reset/ne-tokenas", nil), http.StatusNotFound, []string{"nebegalioja"}, nil)
		})
	})
}

func TestForcePasswordChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		kelme := mustKelme(t, db)
		admin := mustUser(t, db, kelme, "ona.petraitiene@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		jonas := mustUser(t, db, kelme, "jonas.jonaitis@kelme.lt", "Jonas Jonaitis", actor.RoleReception, 0)
		s := newSite(t, db)
		a := s.login("kelme.lt", admin.Email, goodPassword)
		j := s.login("kelme.lt", jonas.Email, goodPassword)

		wantBody(t, s.post("kelme.lt", "/admin/users/"+itoa(admin.ID)+"/force-password-change", nil, j), http.StatusForbidden, nil, nil)
		raseiniai := mustRaseiniai(t, db)
		stranger := mustUser(t, db, raseiniai, "rasa@raseiniai.lt", "Rasa Kitaitė", actor.RoleAdmin, 0)
		for _, id := range []string{"x", itoa(stranger.ID)} {
			wantBody(t, s.post("kelme.lt", "/admin/users/"+id+"/force-password-change", nil, a), http.StatusNotFound, nil, nil)
		}
		wantBody(t, s.get("kelme.lt", "/admin/users/"+itoa(jonas.ID), a), http.StatusOK, []string{"Reikalauti pakeisti slaptažodį"}, nil)
		wantRedirect(t, s.post("kelme.lt", "/admin/users/"+itoa(jonas.ID)+"/force-password-change", nil, a), "/admin/users/"+itoa(jonas.ID))
		// Their session ended at once.
		wantRedirect(t, s.get("kelme.lt", "/admin", j), "/admin/login?next=%2Fadmin")

		// At the next login only the account page is open, until the
		// password is changed.
		w := s.post("kelme.lt", "/admin/login", url.Values{"email": {jonas.Email}, "password": {goodPassword}}, nil)
		wantRedirect(t, w, "/admin/account")
		j = sessionCookie(w)
		wantRedirect(t, s.get("kelme.lt", "/admin", j), "/admin/account")
		wantBody(t, s.get("kelme.lt", "/admin/account", j), http.StatusOK, []string{"Administratorius paprašė pakeisti slaptažodį"}, nil)
		wantRedirect(t, s.post("kelme.lt", "/admin/account/password", url.Values{"current_password": {goodPassword}, "password": {newPassword}}, j), "/admin/account")
		wantBody(t, s.get("kelme.lt", "/admin", j), http.StatusOK, nil, nil)
		if got := auditActions(t, db, jonas.ID); !strings.Contains(got, "staff.user.force_password_change staff.login staff.user.password") {
			t.Errorf("audit: got %q", got)
		}
	})
}

func TestOwnSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		kelme := mustKelme(t, db)
		ona := mustUser(t, db, kelme, "ona.petraitiene@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		jonas := mustUser(t, db, kelme, "jonas.jonaitis@kelme.lt", "Jonas Jonaitis", actor.RoleReception, 0)
		s := newSite(t, db)
		c := s.login("kelme.lt", ona.Email, goodPassword)
		other := s.login("kelme.lt", ona.Email, goodPassword)
		s.login("kelme.lt", jonas.Email, goodPassword)

		w := s.get("kelme.lt", "/admin/account/sessions", c)
		wantBody(t, w, http.StatusOK, []string{"Šis seansas", "192.0.2.10", "Atsijungti visur"}, nil)
		ids := regexp.MustCompile(`name="session" value="([0-9a-f]+)"`).FindAllStringSubmatch(w.Body.String(), -1)
		if len(ids) != 1 {
			t.Fatalf("sessions that can be ended: got %d, want 1 (the other device)", len(ids))
		}
		var jonasSession string
		if err := db.QueryRowContext(context.Background(), `SELECT token_hash FROM sessions WHERE user_id = ?`, jonas.ID).Scan(&jonasSession); err != nil {
			t.Fatal(err)
		}
		wantBody(t, s.post("kelme.lt", "/admin/account/sessions/end", url.Values{"session": {jonasSession}}, c), http.StatusNotFound, nil, nil)

		wantRedirect(t, s.post("kelme.lt", "/admin/account/sessions/end", url.Values{"session": {ids[0][1]}}, c), "/admin/account/sessions")
		wantRedirect(t, s.get("kelme.lt", "/admin", other), "/admin/login?next=%2Fadmin")

		s.login("kelme.lt", ona.Email, goodPassword)
		wantRedirect(t, s.post("kelme.lt", "/admin/logout", url.Values{"everywhere": {"1"}}, c), "/admin/login")
		if n := count(t, db, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, ona.ID); n != 0 {
			t.Errorf("sessions after logging out everywhere: got %d, want 0", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, jonas.ID); n != 1 {
			t.Errorf("another user's sessions: got %d, want 1", n)
		}
		j := s.login("kelme.lt", jonas.Email, goodPassword)
		wantRedirect(t, s.post("kelme.lt", "/admin/logout", nil, j), "/")
		if got := auditActions(t, db, ona.ID); !strings.Contains(got, "staff.session.end") || !strings.Contains(got, "staff.logout_everywhere") {
			t.Errorf("audit of Ona: got %q", got)
		}
		if got := auditActions(t, db, jonas.ID); !strings.HasSuffix(got, "staff.logout") {
			t.Errorf("audit of Jonas: got %q, want the logout last", got)
		}
	})
}
