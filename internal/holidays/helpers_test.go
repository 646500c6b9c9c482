package holidays_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/holidays"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
	"github.com/savivalda/savivalda/internal/web/webtest"
)

// admin is the administrator of the one institution of a test site.
var admin = actor.Actor{Kind: actor.Staff, ID: 7, Name: "Rasa Administratorė", Role: actor.RoleAdmin}

// testSite serves the calendar pages on a real database. Its admin wrapper
// stands in for the staff package's: a request is an administrator's when
// it says so in a header, and then carries an actor, as a logged-in session
// would.
type testSite struct {
	t       *testing.T
	db      *store.DB
	handler http.Handler
	in      int64       // the institution the installation serves
	changes int         // calls of the recompute callback
	as      actor.Actor // who a marked request acts as; zero: no actor at all
}

func newTestSite(t *testing.T, db *store.DB) *testSite {
	t.Helper()
	// Mid-2026 in Vilnius, so the page opens on 2026.
	db.Now = func() time.Time { return time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC) }
	s := &testSite{t: t, db: db, in: mustInstitution(t, db, "pirmoji")}
	s.as = admin
	s.as.InstitutionID = s.in
	mux := web.NewMux()
	svc := holidays.NewService(db, func(context.Context, *store.Tx, actor.Actor) (map[int64]int, error) {
		s.changes++
		return nil, nil
	})
	holidays.NewHandler(db, svc, web.NewRenderer()).Routes(mux, webtest.Guard(&s.as))
	s.handler = mux
	return s
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
		req.Header.Set(webtest.ActorHeader, "yes")
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

// mustInstitution creates an institution reached at host <slug>.test.
func mustInstitution(t *testing.T, db *store.DB, slug string) int64 {
	t.Helper()
	var id int64
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		id, err = institution.Create(context.Background(), tx, &institution.Institution{Slug: slug, Name: "Savivaldybė " + slug,
			ShortName: slug, StructureProfile: "test", Hosts: []string{slug + ".test"}})
		return err
	})
	storetest.Fatal(t, "create institution", err)
	return id
}

func addForm(date, name, basis string) url.Values {
	return url.Values{"date": {date}, "name": {name}, "basis": {basis}, "year": {"2026"}}
}
