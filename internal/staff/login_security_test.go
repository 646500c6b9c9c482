package staff_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// Sixty simultaneous guesses on one account from one client are limited
// exactly like sequential ones: five are checked, the rest are throttled,
// and the right password sent once the five are used up does not get in.
func TestLoginThrottleHoldsUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		kelme := mustKelme(t, db)
		mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		s := newSite(t, db)
		const attempts, limit = 60, 5

		codes := make(chan int, attempts)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range attempts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				password := "blogas-slaptazodis-" + itoa(int64(i))
				<-start
				if i == attempts-1 {
					// The right password, among the others but once the
					// limit has been reached: it must not be checked.
					for count(t, db, `SELECT COUNT(*) FROM login_failures`) < limit {
					}
					password = goodPassword
				}
				w := s.post("kelme.lt", "/admin/login", url.Values{"email": {"ona@kelme.lt"}, "password": {password}}, nil)
				codes <- w.Code
			}()
		}
		close(start)
		wg.Wait()
		close(codes)
		got := map[int]int{}
		for c := range codes {
			got[c]++
		}
		if got[http.StatusUnprocessableEntity] != limit || got[http.StatusTooManyRequests] != attempts-limit {
			t.Errorf("got %v; want %d checked (422) and %d throttled (429), none logged in", got, limit, attempts-limit)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM sessions`); n != 0 {
			t.Errorf("sessions: got %d, want 0", n)
		}
	})
}

// An address longer than any real one (254 characters) is refused before
// it is stored or hashed: a flood of megabyte addresses must not fill the
// database.
func TestLoginRefusesOverlongEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		kelme := mustKelme(t, db)
		mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		s := newSite(t, db)
		for _, n := range []int{255, 1 << 20} {
			email := strings.Repeat("a", n-len("@kelme.lt")) + "@kelme.lt"
			w := s.post("kelme.lt", "/admin/login", url.Values{"email": {email}, "password": {"blogas-slaptazodis"}}, nil)
			wantBody(t, w, http.StatusUnprocessableEntity, []string{"El. pašto adresas per ilgas", `href="#f-email"`}, []string{"aaaaaaaaaa"})
		}
		if n := count(t, db, `SELECT COUNT(*) FROM login_failures`); n != 0 {
			t.Errorf("failures stored for overlong addresses: got %d, want 0", n)
		}
		// 254 characters is still an address: a wrong password counts.
		email := strings.Repeat("a", 254-len("@kelme.lt")) + "@kelme.lt"
		w := s.post("kelme.lt", "/admin/login", url.Values{"email": {email}, "password": {"blogas-slaptazodis"}}, nil)
		wantBody(t, w, http.StatusUnprocessableEntity, []string{msgBadCredentials}, nil)
	})
}
