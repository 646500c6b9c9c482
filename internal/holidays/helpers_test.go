package holidays_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/holidays"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

var admin = audit.Actor{ID: 7, Name: "Rasa Administratorė"}

// testSite serves the calendar pages on a real database. Its admin wrapper
// stands in for the staff package's: a request is an administrator's when
// it says so in a header, and then carries an actor, as a logged-in session
// would.
type testSite struct {
	t       *testing.T
	db      *store.DB
	handler http.Handler
	changes int  // calls of the OnChange callback
	noActor bool // the admin wrapper lets requests through without an actor
}

func newTestSite(t *testing.T, db *store.DB) *testSite {
	t.Helper()
	// Mid-2026 in Vilnius, so the page opens on 2026.
	db.Now = func() time.Time { return time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC) }
	s := &testSite{t: t, db: db}
	mux := http.NewServeMux()
	holidays.NewHandler(db, web.NewRenderer(), func(context.Context) { s.changes++ }).Routes(mux, s.admin)
	s.handler = mux
	return s
}

func (s *testSite) admin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Test-Admin") != "yes" {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		if !s.noActor {
			r = r.WithContext(audit.WithActor(r.Context(), admin))
		}
		next.ServeHTTP(w, r)
	})
}

// do sends a request as an administrator unless asAdmin is false.
func (s *testSite) do(method, path string, form url.Values, asAdmin bool, lang string) *httptest.ResponseRecorder {
	s.t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	if asAdmin {
		req.Header.Set("X-Test-Admin", "yes")
	}
	if lang != "" {
		req.AddCookie(&http.Cookie{Name: web.LangCookie, Value: lang})
	}
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, req)
	return w
}

func (s *testSite) get(path string) *httptest.ResponseRecorder {
	return s.do("GET", path, nil, true, "")
}

func (s *testSite) post(path string, form url.Values) *httptest.ResponseRecorder {
	return s.do("POST", path, form, true, "")
}

func (s *testSite) calendar() *calendar.Calendar {
	s.t.Helper()
	c, err := holidays.Load(context.Background(), s.db)
	storetest.Fatal(s.t, "load calendar", err)
	return c
}

func (s *testSite) days() []holidays.Day {
	s.t.Helper()
	days, err := holidays.List(context.Background(), s.db, 0)
	storetest.Fatal(s.t, "list extra days", err)
	return days
}

func (s *testSite) auditEntries(action string) []audit.Entry {
	s.t.Helper()
	es, _, err := audit.Find(context.Background(), s.db, audit.Filter{Action: action, Limit: 100})
	storetest.Fatal(s.t, "read audit trail", err)
	return es
}

func addForm(date, name, basis string) url.Values {
	return url.Values{"date": {date}, "name": {name}, "basis": {basis}, "year": {"2026"}}
}
