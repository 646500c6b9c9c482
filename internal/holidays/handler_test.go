package holidays_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/web/webtest"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

const (
	basis   = "Lietuvos Respublikos Vyriausybės 2026 m. lapkričio 4 d. nutarimas Nr. 1234"
	dayName = "Poilsio diena prieš Naujuosius metus"
)

func TestListShowsTheYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestSite(t, db)
		w := s.get("/admin/calendar")
		if w.Code != http.StatusOK {
			t.Fatalf("status %d, want 200", w.Code)
		}
		body := w.Body.String()
		webtest.MustContain(t, body, "2026-12-24", "Kūčios", "ketvirtadienis", "2026-11-02", "Mirusiųjų atminimo (Vėlinių) diena",
			"Darbo kodekso 123 straipsnis", "Įstatymas", `href="/admin/calendar?year=2025"`, `href="/admin/calendar?year=2027"`,
			`<option value="2026" selected>`)
		webtest.MustNotContain(t, body, "/remove")

		// Vėlinės became a holiday in 2020.
		w = s.get("/admin/calendar?year=2019")
		webtest.MustContain(t, w.Body.String(), "2019-12-24")
		webtest.MustNotContain(t, w.Body.String(), "Vėlinių")

		w = s.do("GET", "/admin/calendar?year=2026", nil, true, "en")
		webtest.MustContain(t, w.Body.String(), "Christmas Eve (Kūčios)", "Thursday", `lang="en"`)

		for _, bad := range []string{"abc", "2009", "2101"} {
			w := s.get("/admin/calendar?year=" + bad)
			if w.Code != http.StatusUnprocessableEntity {
				t.Errorf("year %q: status %d, want 422", bad, w.Code)
			}
			webtest.MustContain(t, w.Body.String(), `href="#f-year"`, "Pasirinkite metus nuo 2010 iki 2100")
		}
	})
}

func TestAddDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestSite(t, db)
		if !s.calendar().IsWorkingDay(calendar.MustParseDate("2026-12-31")) {
			t.Fatal("2026-12-31 is not a working day before anything was added")
		}
		w := s.post("/admin/calendar", addForm("2026-12-31", "  "+dayName+" ", basis))
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/calendar?year=2026" {
			t.Fatalf("status %d, Location %q; want 303 to the year's list\n%s", w.Code, w.Header().Get("Location"), w.Body)
		}
		if s.changes != 1 {
			t.Errorf("recompute called %d times, want 1", s.changes)
		}

		days := s.days()
		if len(days) != 1 {
			t.Fatalf("%d extra days stored, want 1", len(days))
		}
		d := days[0]
		if d.Date.String() != "2026-12-31" || d.Name != dayName || d.Basis != basis || d.CreatedBy != admin.Name {
			t.Errorf("stored %+v", d)
		}

		body := s.get("/admin/calendar?year=2026").Body.String()
		webtest.MustContain(t, body, "2026-12-31", dayName, html.EscapeString(basis), `<span class="sv-tag sv-tag--review">Vyriausybė</span>`,
			fmt.Sprintf(`action="/admin/calendar/%d/remove"`, d.ID))

		// Every deadline computed from now on skips it.
		c := s.calendar()
		if c.IsWorkingDay(d.Date) {
			t.Error("the added day is still a working day")
		}
		due, _, err := c.Due(calendar.MustParseDate("2026-12-30"), 1, calendar.WorkingDays)
		if err != nil || due.String() != "2027-01-04" {
			t.Errorf("1 working day from 2026-12-30 = %s, %v; want 2027-01-04", due, err)
		}

		es := s.auditEntries("calendar.holiday.add")
		if len(es) != 1 {
			t.Fatalf("%d audit entries, want 1", len(es))
		}
		e := es[0]
		if (e.Actor.ID != admin.ID || e.Actor.Name != admin.Name) || e.ObjectID != d.ID || !strings.Contains(e.Summary, "2026-12-31") || !strings.Contains(e.After, basis) {
			t.Errorf("audit entry %+v", e)
		}
	})
}

func TestAddRejectsMistakes(t *testing.T) {
	tests := []struct {
		name                   string
		date, title, basisText string
		wantErrors             []string // field ids linked from the error summary
		wantText               string   // part of the message
	}{
		{"no date", "", dayName, basis, []string{"f-date"}, "Įveskite datą"},
		{"no such date", "2026-02-30", dayName, basis, []string{"f-date"}, "formatu MMMM-MM-DD"},
		{"not a date", "31.12.2026", dayName, basis, []string{"f-date"}, "formatu MMMM-MM-DD"},
		{"out of range", "2101-01-03", dayName, basis, []string{"f-date"}, "nuo 2010 iki 2100"},
		{"Saturday", "2026-12-19", dayName, basis, []string{"f-date"}, "šeštadienis arba sekmadienis"},
		{"already a public holiday", "2026-12-24", dayName, basis, []string{"f-date"}, "(Kūčios)"},
		{"no name or basis", "2026-12-31", "  ", "", []string{"f-name", "f-basis"}, "Įveskite teisinį pagrindą"},
		{"name too long", "2026-12-31", strings.Repeat("ž", 201), basis, []string{"f-name"}, "iki 200 simbolių"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				s := newTestSite(t, db)
				w := s.post("/admin/calendar", addForm(tt.date, tt.title, tt.basisText))
				if w.Code != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", w.Code)
				}
				body := w.Body.String()
				for _, id := range tt.wantErrors {
					webtest.MustContain(t, body, `href="#`+id+`"`)
				}
				// What was typed is kept.
				webtest.MustContain(t, body, tt.wantText, `value="`+html.EscapeString(tt.date)+`"`)
				if strings.TrimSpace(tt.title) != "" {
					webtest.MustContain(t, body, `value="`+html.EscapeString(tt.title)+`"`)
				}
				if tt.basisText != "" {
					webtest.MustContain(t, body, `value="`+html.EscapeString(tt.basisText)+`"`)
				}
				if n := len(s.days()); n != 0 {
					t.Errorf("%d days stored", n)
				}
				if n := len(s.auditEntries("")); n != 0 {
					t.Errorf("%d audit entries", n)
				}
				if s.changes != 0 {
					t.Errorf("recompute called %d times for a rejected form", s.changes)
				}
			})
		})
	}
}

func TestAddTwice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestSite(t, db)
		if w := s.post("/admin/calendar", addForm("2026-12-31", dayName, basis)); w.Code != http.StatusSeeOther {
			t.Fatalf("first add: status %d", w.Code)
		}
		w := s.post("/admin/calendar", addForm("2026-12-31", "Dar kartą", basis))
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("second add: status %d, want 422", w.Code)
		}
		webtest.MustContain(t, w.Body.String(), "jau įrašyta kaip papildoma nedarbo diena", `value="Dar kartą"`)
		if n := len(s.days()); n != 1 {
			t.Errorf("%d days stored, want 1", n)
		}
		if s.changes != 1 {
			t.Errorf("recompute called %d times, want 1", s.changes)
		}
	})
}

func TestRemoveDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestSite(t, db)
		s.post("/admin/calendar", addForm("2026-12-31", dayName, basis))
		days := s.days()
		if len(days) != 1 {
			t.Fatalf("%d days stored, want 1", len(days))
		}
		path := fmt.Sprintf("/admin/calendar/%d/remove", days[0].ID)
		w := s.post(path, url.Values{"year": {"2026"}})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/calendar?year=2026" {
			t.Fatalf("status %d, Location %q; want 303 to the year's list", w.Code, w.Header().Get("Location"))
		}
		if n := len(s.days()); n != 0 {
			t.Errorf("%d days left, want 0", n)
		}
		if !s.calendar().IsWorkingDay(calendar.MustParseDate("2026-12-31")) {
			t.Error("the removed day is still a non-working day")
		}
		webtest.MustNotContain(t, s.get("/admin/calendar?year=2026").Body.String(), dayName, "/remove")
		es := s.auditEntries("calendar.holiday.remove")
		if len(es) != 1 || (es[0].Actor.ID != admin.ID || es[0].Actor.Name != admin.Name) || es[0].ObjectID != days[0].ID || !strings.Contains(es[0].Before, "2026-12-31") {
			t.Errorf("audit entries %+v, want one removal with the day before", es)
		}
		if s.changes != 2 {
			t.Errorf("recompute called %d times, want 2 (add and remove)", s.changes)
		}

		// Removing it again finds nothing and changes nothing.
		if w := s.post(path, url.Values{"year": {"2026"}}); w.Code != http.StatusNotFound {
			t.Errorf("second removal: status %d, want 404", w.Code)
		}
		if w := s.post("/admin/calendar/x/remove", nil); w.Code != http.StatusNotFound {
			t.Errorf("removal of id x: status %d, want 404", w.Code)
		}
		if s.changes != 2 || len(s.auditEntries("calendar.holiday.remove")) != 1 {
			t.Errorf("a failed removal was reported as a change")
		}
	})
}

func TestChangesRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestSite(t, db)
		for _, rq := range []struct {
			method, path string
			form         url.Values
		}{
			{"GET", "/admin/calendar", nil},
			{"POST", "/admin/calendar", addForm("2026-12-31", dayName, basis)},
			{"POST", "/admin/calendar/1/remove", url.Values{}},
		} {
			if w := s.do(rq.method, rq.path, rq.form, false, ""); w.Code != http.StatusForbidden {
				t.Errorf("%s %s as a non-administrator: status %d, want 403", rq.method, rq.path, w.Code)
			}
		}
		// Without a logged-in actor the change could not be audited.
		s.as = actor.Actor{}
		if w := s.post("/admin/calendar", addForm("2026-12-31", dayName, basis)); w.Code != http.StatusForbidden {
			t.Errorf("add without an actor: status %d, want 403", w.Code)
		}
		if len(s.days()) != 0 || len(s.auditEntries("")) != 0 || s.changes != 0 {
			t.Error("a refused request changed something")
		}
	})
}
