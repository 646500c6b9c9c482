package audit_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
	"github.com/savivalda/savivalda/internal/web/webtest"
)

type viewer struct {
	t       *testing.T
	handler http.Handler
	instA   int64
}

// newViewer builds the audit pages for two institutions, reached by host
// name, with entries recorded at known times: 30 page publications by Ona
// and 2 user changes by Jonas in institution A, 3 entries in B.
func newViewer(t *testing.T, db *store.DB, role actor.Role) *viewer {
	t.Helper()
	ctx := context.Background()
	var a, b int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if a, err = institution.Create(ctx, tx, testInstitution("a", true)); err != nil {
			return err
		}
		b, err = institution.Create(ctx, tx, testInstitution("b", false))
		return err
	})
	storetest.Fatal(t, "create institutions", err)

	// 23:30 on 1 March in Vilnius (21:30 UTC); Jonas's entries an hour
	// later fall on 2 March there. Filters count days in Vilnius.
	at := time.Date(2025, 3, 1, 23, 30, 0, 0, web.Vilnius)
	record := func(inst int64, when time.Time, by actor.Actor, action, summary string, id int64) {
		db.Now = func() time.Time { return when }
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return audit.Record(ctx, tx, audit.Change{InstitutionID: inst, Actor: by, Action: action,
				ObjectType: "page", ObjectID: id, Summary: summary,
				Before: map[string]string{"title": "Senas pavadinimas"}, After: map[string]string{"title": "Naujas pavadinimas"}})
		})
		storetest.Fatal(t, "record", err)
	}
	ona := actor.Actor{Kind: actor.Staff, ID: 7, Name: "Ona Žukauskienė"}
	for i := 1; i <= 30; i++ {
		record(a, at, ona, "site.revision.publish", fmt.Sprintf("Paskelbtas puslapis A%d", i), int64(i))
	}
	jonas := actor.Actor{Kind: actor.Staff, ID: 8, Name: "Jonas Čepas"}
	record(a, at.Add(time.Hour), jonas, "staff.user.create", "Sukurta paskyra", 100) // 2 March in Vilnius
	record(a, at.Add(time.Hour), jonas, "staff.user.update", "Pakeista paskyra", 100)
	for i := 1; i <= 3; i++ {
		record(b, at, ona, "site.revision.publish", fmt.Sprintf("Kitos institucijos puslapis B%d", i), int64(i))
	}
	db.Now = time.Now

	reg, err := institution.NewRegistry(ctx, db, "http://localhost:8080")
	storetest.Fatal(t, "load institutions", err)
	mux := web.NewMux()
	as := actor.Actor{Kind: actor.Staff, ID: 7, Name: "Ona Žukauskienė", InstitutionID: a, Role: role}
	audit.NewHandler(db, web.NewRenderer()).Routes(mux, webtest.Guard(&as))
	return &viewer{t: t, handler: reg.Middleware(mux), instA: a}
}

func testInstitution(slug string, def bool) *institution.Institution {
	return &institution.Institution{Slug: slug, Name: "Institucija " + slug, ShortName: slug, LegalForm: "Biudžetinė įstaiga",
		Address: "Gatvė 1, Miestas", LegalCode: "188888888", Register: "Juridinių asmenų registras", Phone: "+370 5 000 0000",
		Email: slug + "@example.lt", ControllerName: "Institucija " + slug, ControllerCode: "188888888",
		ControllerAddress: "Gatvė 1, Miestas", ControllerEmail: slug + "@example.lt", ControllerPhone: "+370 5 000 0000",
		DPOEmail: "dap@example.lt", StructureProfile: "test", IsDefault: def, Hosts: []string{slug + ".test"}}
}

func (v *viewer) get(path string) *httptest.ResponseRecorder {
	v.t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = "a.test"
	req.Header.Set(webtest.ActorHeader, "yes")
	w := httptest.NewRecorder()
	v.handler.ServeHTTP(w, req)
	return w
}

func TestAuditList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		v := newViewer(t, db, actor.RoleAdmin)
		tests := []struct {
			name      string
			query     string
			total     int
			rows      int // on the first page
			must      []string
			mustNot   []string
			wantPages bool
		}{
			{name: "All", query: "", total: 32, rows: web.PerPage, wantPages: true,
				must:    []string{"Rasta įrašų: 32", "<td>Paskelbė puslapį</td>", "<td>puslapis 12</td>", `<option value="site.revision.publish">Paskelbė puslapį</option>`, "Pakeista paskyra", "Jonas Čepas", "<details>", "Naujas pavadinimas", "2025-03-02 00:30", `href="/admin/audit.csv"`},
				mustNot: []string{"Kitos institucijos"}},
			{name: "ActorNameAnyCase", query: "?actor=%C5%BEUKAUSKIEN%C4%96", total: 30, rows: web.PerPage,
				must: []string{"Rasta įrašų: 30", `value="žUKAUSKIENĖ"`}, mustNot: []string{"Jonas Čepas"}},
			{name: "ActorID", query: "?actor=8", total: 2, rows: 2, must: []string{"Sukurta paskyra"}, mustNot: []string{"Ona Žukauskienė"}},
			{name: "UnknownActor", query: "?actor=Niekas", total: 0, rows: 0, must: []string{"Pagal pasirinktus filtrus įrašų nėra"}},
			{name: "Action", query: "?action=staff.user.create", total: 1, rows: 1,
				must: []string{"Sukurta paskyra", `<option value="staff.user.create" selected>`}},
			{name: "ObjectID", query: "?object_type=page&object_id=12", total: 1, rows: 1, must: []string{"Paskelbtas puslapis A12"}, mustNot: []string{"Paskelbtas puslapis A13"}},
			// 23:30 on 1 March in Vilnius is 21:30 UTC: the day is Vilnius's.
			{name: "ToIncludesWholeDay", query: "?from=2025-03-01&to=2025-03-01", total: 30, rows: web.PerPage},
			{name: "FromNextDay", query: "?from=2025-03-02", total: 2, rows: 2},
			{name: "SecondPage", query: "?puslapis=2", total: 32, rows: 32 - web.PerPage, must: []string{"Puslapis 2 iš 2"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := v.get("/admin/audit" + tt.query)
				body := w.Body.String()
				if w.Code != http.StatusOK {
					t.Fatalf("status %d, want 200; body:\n%s", w.Code, body)
				}
				if !strings.Contains(body, fmt.Sprintf("Rasta įrašų: %d", tt.total)) {
					t.Errorf("count: want %d in page", tt.total)
				}
				if got := strings.Count(body, "<tr>\n<td>"); got != tt.rows {
					t.Errorf("rows shown: got %d, want %d", got, tt.rows)
				}
				if tt.wantPages && !strings.Contains(body, `rel="next"`) {
					t.Errorf("no link to the next page")
				}
				for _, s := range tt.must {
					if !strings.Contains(body, s) {
						t.Errorf("page lacks %q", s)
					}
				}
				for _, s := range tt.mustNot {
					if strings.Contains(body, s) {
						t.Errorf("page shows %q", s)
					}
				}
			})
		}
	})
}

func TestAuditListBadFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		v := newViewer(t, db, actor.RoleAdmin)
		tests := []struct {
			name, query, field, typed, message string
		}{
			{"ErrDate", "?from=2025-13-45&actor=Ona", "from", `value="2025-13-45"`, "Data „Nuo“ neteisinga"},
			{"ErrDateOrder", "?from=2025-03-05&to=2025-03-01", "to", `value="2025-03-01"`, "negali būti ankstesnė"},
			{"ErrObjectID", "?object_id=abc", "object_id", `value="abc"`, "Objekto ID turi būti"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for _, path := range []string{"/admin/audit", "/admin/audit.csv"} {
					w := v.get(path + tt.query)
					body := w.Body.String()
					if w.Code != http.StatusUnprocessableEntity {
						t.Fatalf("%s: status %d, want 422", path, w.Code)
					}
					for _, s := range []string{tt.typed, tt.message, `href="#f-` + tt.field + `"`, "<title>Klaida:"} {
						if !strings.Contains(body, s) {
							t.Errorf("%s: page lacks %q", path, s)
						}
					}
				}
			})
		}
	})
}

func TestAuditExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		v := newViewer(t, db, actor.RoleAdmin)
		w := v.get("/admin/audit.csv?actor=%C5%BDukauskien%C4%97")
		if w.Code != http.StatusOK {
			t.Fatalf("status %d, want 200", w.Code)
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("Content-Type %q", ct)
		}
		body, ok := strings.CutPrefix(w.Body.String(), "\uFEFF")
		if !ok {
			t.Errorf("no byte order mark: spreadsheets would garble Lithuanian letters")
		}
		// Spreadsheets set up for Lithuanian split columns at semicolons.
		r := csv.NewReader(strings.NewReader(body))
		r.Comma = ';'
		records, err := r.ReadAll()
		storetest.Fatal(t, "parse CSV", err)
		// Every matching entry, not one page's worth, and only this
		// institution's.
		if len(records) != 1+30 {
			t.Fatalf("got %d rows, want a header and 30 entries:\n%s", len(records), body)
		}
		if h := records[0]; h[0] != "Nr." || h[4] != "Veiksmas" || h[5] != "Veiksmo kodas" {
			t.Errorf("header %v", records[0])
		}
		// The action and object type in words for people, their codes for
		// programs.
		for _, r := range records[1:] {
			if r[3] != "Ona Žukauskienė" || r[4] != "Paskelbė puslapį" || r[5] != "site.revision.publish" ||
				r[6] != "puslapis" || r[7] != "page" || !strings.HasPrefix(r[9], "Paskelbtas puslapis A") {
				t.Errorf("row %v", r)
			}
		}
		if got := records[1]; got[0] != "30" || got[1] != "2025-03-01 23:30:00" || got[11] != `{"title":"Naujas pavadinimas"}` {
			t.Errorf("newest row %v", got)
		}
	})
}

func TestAuditCSVNeutralisesFormulas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		v := newViewer(t, db, actor.RoleAdmin)
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			return audit.Record(context.Background(), tx, audit.Change{InstitutionID: v.instA, Actor: actor.NewJob("test", 0),
				Action: "test.formula", Summary: `=HYPERLINK("http://evil.example")`})
		})
		storetest.Fatal(t, "record", err)
		w := v.get("/admin/audit.csv?action=test.formula")
		if !strings.Contains(w.Body.String(), `'=HYPERLINK(`) {
			t.Errorf("a formula in a summary reaches the spreadsheet as a formula:\n%s", w.Body.String())
		}
	})
}

func TestAuditAdminOnly(t *testing.T) {
	for _, role := range []actor.Role{actor.RoleReception, actor.RoleDepartmentEditor, actor.RoleLegalPublisher, actor.RoleContributor} {
		t.Run(string(role), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				v := newViewer(t, db, role)
				for _, path := range []string{"/admin/audit", "/admin/audit.csv"} {
					if w := v.get(path); w.Code != http.StatusForbidden {
						t.Errorf("%s: status %d for %s, want 403 (WEB-24: administrators only)", path, w.Code, role)
					}
				}
			})
		})
	}
}

func TestAuditListInEnglish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		v := newViewer(t, db, actor.RoleAdmin)
		req := httptest.NewRequest(http.MethodGet, "/admin/audit", nil)
		req.Host = "a.test"
		req.Header.Set(webtest.ActorHeader, "yes")
		req.AddCookie(&http.Cookie{Name: web.LangCookie, Value: "en"})
		w := httptest.NewRecorder()
		v.handler.ServeHTTP(w, req)
		mustContain := []string{"<h1>Audit trail</h1>", "Entries found: 32", "All actions", "Page 1 of 2"}
		for _, s := range mustContain {
			if !strings.Contains(w.Body.String(), s) {
				t.Errorf("English page lacks %q", s)
			}
		}
	})
}

// Two wrong dates give two messages, each naming its date.
func TestAuditBadDatesNamed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		v := newViewer(t, db, actor.RoleAdmin)
		body := v.get("/admin/audit?from=2025-02-30&to=rytoj").Body.String()
		for _, s := range []string{"Data „Nuo“ neteisinga", "Data „Iki“ neteisinga"} {
			if !strings.Contains(body, s) {
				t.Errorf("the page lacks %q", s)
			}
		}
	})
}
