package staff_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// WEB-12: vardas.pavarde@domain without Lithuanian letters, the first given
// name, the first part of a double surname, a number for namesakes.
func TestProposeEmail(t *testing.T) {
	taken := map[string]bool{"jonas.jonaitis@kelme.lt": true, "jonas.jonaitis2@kelme.lt": true}
	for _, tc := range []struct{ name, want string }{
		{"Ona Petraitienė", "ona.petraitiene@kelme.lt"},
		{"  Žydrūnė   Čėsnaitė-Šaltienė ", "zydrune.cesnaite@kelme.lt"},
		{"Ona Marija Petraitienė-Kazlauskienė", "ona.petraitiene@kelme.lt"},
		{"Jonas Jonaitis", "jonas.jonaitis3@kelme.lt"},
		{"JŪRATĖ ŪSAITĖ", "jurate.usaite@kelme.lt"},
		{"Jan Łukasz Wróblewski", "jan.wroblewski@kelme.lt"},
		{"Ona-Marija O'Brien", "ona.obrien@kelme.lt"},
		{"Ona", ""},
		{"", ""},
		{"123 456", ""},
	} {
		if got := staff.ProposeEmail(tc.name, "Kelme.LT", func(a string) bool { return taken[a] }); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

var proposedAddress = regexp.MustCompile(`^[a-z]+\.[a-z]+([2-9]|[1-9][0-9]+)?@kelme\.lt$`)

// Whatever is typed as a name, the proposal is an address of the rule's
// shape, or none.
func FuzzProposeEmail(f *testing.F) {
	for _, s := range []string{"Ona Petraitienė", "Ona Marija Petraitienė-Kazlauskienė", "-- -", "Ą Ž", "a\x00b c\u0301d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := staff.ProposeEmail(name, "kelme.lt", func(a string) bool {
			return strings.HasPrefix(a, "ona.") && !strings.ContainsAny(a, "3456789")
		})
		if got != "" && !proposedAddress.MatchString(got) {
			t.Errorf("%q: proposed %q", name, got)
		}
	})
}

func TestNewUserFormProposesAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		kelme := mustKelme(t, db)
		admin := mustUser(t, db, kelme, "ona.petraitiene@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		s := newSite(t, db)
		c := s.login("kelme.lt", admin.Email, goodPassword)

		wantBody(t, s.get("kelme.lt", "/admin/users/new", c), http.StatusOK,
			[]string{`name="action" value="propose"`, "Pasiūlyti adresą", "Leidžiami domenai: kelme.lt"}, nil)
		// A namesake of an existing account gets the number 2; nothing is
		// created, and what was typed stays.
		w := s.post("kelme.lt", "/admin/users/new", url.Values{"action": {"propose"}, "name": {"Ona Marija Petraitienė"},
			"phone": {"8 600 00000"}, "role": {"admin"}}, c)
		wantBody(t, w, http.StatusOK, []string{`value="ona.petraitiene2@kelme.lt"`, "Pasiūlytas adresas", `value="8 600 00000"`}, nil)
		if n := count(t, db, `SELECT COUNT(*) FROM users`); n != 1 {
			t.Errorf("users after proposing: got %d, want 1", n)
		}
		w = s.post("kelme.lt", "/admin/users/new", url.Values{"action": {"propose"}, "name": {"Ona"}, "role": {"admin"}}, c)
		wantBody(t, w, http.StatusUnprocessableEntity, []string{"įveskite vardą ir pavardę", `href="#f-name"`}, nil)

		t.Run("ErrPrivateMailbox", func(t *testing.T) {
			w := s.post("kelme.lt", "/admin/users/new", url.Values{"name": {"Jonas Jonaitis"}, "email": {"jonas.jonaitis@gmail.com"},
				"role": {"admin"}, "password": {newPassword}}, c)
			wantBody(t, w, http.StatusUnprocessableEntity, []string{"ne asmeninėje pašto dėžutėje", `value="jonas.jonaitis@gmail.com"`}, nil)
		})
		t.Run("Domains", func(t *testing.T) {
			wantBody(t, s.get("kelme.lt", "/admin/users", c), http.StatusOK, []string{`href="/admin/users/domains"`}, nil)
			wantBody(t, s.get("kelme.lt", "/admin/users/domains", c), http.StatusOK, []string{">kelme.lt</textarea>"}, nil)
			w := s.post("kelme.lt", "/admin/users/domains", url.Values{"domains": {"kelme.lt\nne domenas"}}, c)
			wantBody(t, w, http.StatusUnprocessableEntity, []string{"Įveskite domenus", "ne domenas"}, nil)
			wantRedirect(t, s.post("kelme.lt", "/admin/users/domains", url.Values{"domains": {"kelme.lt, @Kelmes-sav.LT"}}, c), "/admin/users")
			w = s.post("kelme.lt", "/admin/users/new", url.Values{"name": {"Jonas Jonaitis"}, "email": {"jonas.jonaitis@kelmes-sav.lt"},
				"role": {"admin"}, "password": {newPassword}}, c)
			wantRedirect(t, w, "/admin/users")
			if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'staff.email_domains'`); n != 1 {
				t.Errorf("audit entries of the domain change: got %d, want 1", n)
			}
		})
	})
}
