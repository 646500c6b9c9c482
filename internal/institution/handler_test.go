package institution_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/web/webtest"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

// testSite serves two institutions, A (a.test) and B (b.test), through the
// real registry middleware. Its admin wrapper stands in for the staff
// package's: a request is an administrator's when it says so in a header,
// and then carries an actor, as a logged-in session would.
type testSite struct {
	t        *testing.T
	db       *store.DB
	reg      *institution.Registry
	handler  http.Handler
	a, b     int64
	as       actor.Actor // who a marked request acts as; zero: no actor at all
	adminHdr string
}

func newTestSite(t *testing.T, db *store.DB) *testSite {
	t.Helper()
	ctx := context.Background()
	s := &testSite{t: t, db: db, adminHdr: webtest.ActorHeader}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if s.a, err = institution.Create(ctx, tx, validInstitution("a", true)); err != nil {
			return err
		}
		s.b, err = institution.Create(ctx, tx, validInstitution("b", false))
		return err
	})
	storetest.Fatal(t, "create institutions", err)
	s.reg, err = institution.NewRegistry(ctx, db, "http://localhost:8080")
	storetest.Fatal(t, "load institutions", err)
	cache := rendercache.New(db.Now)
	cache.OnChange(func() { storetest.Fatal(t, "reload institutions", s.reg.Reload(ctx)) })

	s.as = actor.Actor{Kind: actor.Staff, ID: 42, Name: "Rasa Administratorė", InstitutionID: s.a, Role: actor.RoleAdmin}
	mux := web.NewMux()
	institution.NewHandler(db, web.NewRenderer(), cache).Routes(mux, webtest.Guard(&s.as))
	s.handler = s.reg.Middleware(mux)
	return s
}

func validInstitution(slug string, def bool) *institution.Institution {
	return &institution.Institution{Slug: slug, Name: "Pavyzdžių rajono savivaldybės administracija " + slug,
		ShortName: "Pavyzdžių r. sav. " + slug, LegalForm: "Biudžetinė įstaiga", Address: "Laisvės g. 1, Pavyzdžiai",
		LegalCode: "188888888", Register: "Juridinių asmenų registras", Phone: "+370 5 111 1111",
		Email: "info@" + slug + ".example.lt", ControllerName: "Pavyzdžių rajono savivaldybės administracija",
		ControllerCode: "188888888", ControllerAddress: "Laisvės g. 1, Pavyzdžiai",
		ControllerEmail: "info@" + slug + ".example.lt", ControllerPhone: "+370 5 111 1111",
		DPOEmail: "dap@" + slug + ".example.lt", StructureProfile: "test", IsDefault: def, Hosts: []string{slug + ".test"}}
}

type request struct {
	method, path, host string
	form               url.Values
	body               io.Reader
	contentType        string
	admin              bool
	header             map[string]string
}

func (s *testSite) do(rq request) *httptest.ResponseRecorder {
	s.t.Helper()
	body, ct := rq.body, rq.contentType
	if rq.form != nil {
		body, ct = strings.NewReader(rq.form.Encode()), "application/x-www-form-urlencoded"
	}
	req := httptest.NewRequest(rq.method, rq.path, body)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	req.Host = rq.host
	if req.Host == "" {
		req.Host = "a.test"
	}
	if rq.admin {
		req.Header.Set(s.adminHdr, "yes")
	}
	for k, v := range rq.header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, req)
	return w
}

func (s *testSite) find(id int64) *institution.Institution {
	s.t.Helper()
	in, err := institution.Find(context.Background(), s.db, id)
	storetest.Fatal(s.t, "find institution", err)
	return in
}

func (s *testSite) auditEntries(action string) []audit.Entry {
	s.t.Helper()
	es, _, err := audit.Find(context.Background(), s.db, audit.Filter{Action: action, Limit: 1000})
	storetest.Fatal(s.t, "read audit trail", err)
	return es
}

func (s *testSite) generation() int64 {
	s.t.Helper()
	var g int64
	storetest.Fatal(s.t, "read generation", s.db.QueryRowContext(context.Background(), `SELECT value FROM site_generation`).Scan(&g))
	return g
}

// settingsForm is institution A's data as the form posts it, with changes.
func settingsForm(changes map[string]string) url.Values {
	in := validInstitution("a", true)
	f := url.Values{
		"name": {in.Name}, "short_name": {in.ShortName}, "legal_form": {in.LegalForm}, "address": {in.Address},
		"legal_code": {in.LegalCode}, "register": {in.Register}, "phone": {in.Phone}, "fax": {""}, "email": {in.Email},
		"controller_name": {in.ControllerName}, "controller_code": {in.ControllerCode},
		"controller_address": {in.ControllerAddress}, "controller_email": {in.ControllerEmail},
		"controller_phone": {in.ControllerPhone}, "dpo_email": {in.DPOEmail},
	}
	for k, v := range changes {
		f.Set(k, v)
	}
	return f
}

func TestAdminPagesRefuseOthers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestSite(t, db)
		routes := []request{
			{method: "GET", path: "/admin/institution"},
			{method: "POST", path: "/admin/institution", form: settingsForm(map[string]string{"name": "Užgrobta"})},
			{method: "POST", path: "/admin/institution/coat-of-arms"},
			{method: "GET", path: "/admin/departments"},
			{method: "POST", path: "/admin/departments", form: url.Values{"name": {"Slaptas skyrius"}, "kind": {"department"}}},
			{method: "POST", path: "/admin/departments/1", form: url.Values{"name": {"Pervadinta"}}},
		}
		for _, rq := range routes {
			if w := s.do(rq); w.Code != http.StatusForbidden {
				t.Errorf("%s %s as a non-administrator: status %d, want 403", rq.method, rq.path, w.Code)
			}
		}
		if in := s.find(s.a); in.Name == "Užgrobta" {
			t.Error("a non-administrator changed the institution")
		}
		if n := len(s.auditEntries("")); n != 0 {
			t.Errorf("%d audit entries after refused requests, want 0", n)
		}
	})
}

// Without a logged-in actor no change is made: it could not be audited.
func TestChangeWithoutActorRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestSite(t, db)
		s.as = actor.Actor{}
		w := s.do(request{method: "POST", path: "/admin/institution", admin: true, form: settingsForm(map[string]string{"phone": "+370 5 999 9999"})})
		if w.Code != http.StatusForbidden {
			t.Errorf("status %d, want 403", w.Code)
		}
		if in := s.find(s.a); in.Phone != "+370 5 111 1111" {
			t.Errorf("phone changed to %q without an actor", in.Phone)
		}
	})
}

func TestSaveSettings(t *testing.T) {
	t.Run("ErrLegalCode", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			s := newTestSite(t, db)
			gen := s.generation()
			w := s.do(request{method: "POST", path: "/admin/institution", admin: true,
				form: settingsForm(map[string]string{"legal_code": "12345678", "name": "Naujasis pavadinimas", "fax": "+370 5 222 2222"})})
			if w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", w.Code)
			}
			webtest.MustContain(t, w.Body.String(),
				"<title>Klaida:", `href="#f-legal_code"`, "Įveskite juridinio asmens kodą – 9 skaitmenis",
				`value="12345678"`, `value="Naujasis pavadinimas"`, `value="&#43;370 5 222 2222"`, `aria-invalid="true"`)
			in := s.find(s.a)
			if in.LegalCode != "188888888" || in.Name != validInstitution("a", true).Name || in.Fax != "" {
				t.Errorf("stored data changed by a refused form: %+v", in)
			}
			if len(s.auditEntries("")) != 0 || s.generation() != gen {
				t.Error("a refused form was audited or invalidated the public pages")
			}
		})
	})
	t.Run("ErrEmail", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			s := newTestSite(t, db)
			w := s.do(request{method: "POST", path: "/admin/institution", admin: true,
				form: settingsForm(map[string]string{"dpo_email": "dap(eta)savivaldybe", "address": ""})})
			if w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", w.Code)
			}
			webtest.MustContain(t, w.Body.String(), `href="#f-dpo_email"`, `value="dap(eta)savivaldybe"`,
				`href="#f-address"`, "Įveskite buveinės adresą")
		})
	})
	t.Run("OK", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			s := newTestSite(t, db)
			gen := s.generation()
			w := s.do(request{method: "POST", path: "/admin/institution", admin: true,
				form: settingsForm(map[string]string{"name": "Pavyzdžių rajono savivaldybė", "phone": "+370 5 999 9999"})})
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/institution" {
				t.Fatalf("status %d to %q, want 303 to /admin/institution", w.Code, w.Header().Get("Location"))
			}
			// Every public page's header comes from the registry, reloaded
			// once the change commits.
			if got := s.reg.ForHost("a.test"); got.Name != "Pavyzdžių rajono savivaldybė" || got.Phone != "+370 5 999 9999" {
				t.Errorf("header shows %q, %q", got.Name, got.Phone)
			}
			if s.generation() <= gen {
				t.Error("public pages were not invalidated")
			}
			if got := s.reg.ForHost("b.test"); got.Name != validInstitution("b", false).Name {
				t.Errorf("the other institution changed too: %q", got.Name)
			}
			es := s.auditEntries("institution.update")
			if len(es) != 1 {
				t.Fatalf("%d audit entries, want 1", len(es))
			}
			e := es[0]
			if e.Actor != (audit.Who{ID: s.as.ID, Name: s.as.Name}) || e.InstitutionID != s.a || e.ObjectID != s.a ||
				e.Summary != "Pakeisti institucijos duomenys: Visas pavadinimas, Telefonas" ||
				e.Before != `{"name":"Pavyzdžių rajono savivaldybės administracija a","phone":"+370 5 111 1111"}` ||
				e.After != `{"name":"Pavyzdžių rajono savivaldybė","phone":"+370 5 999 9999"}` {
				t.Errorf("audit entry %+v", e)
			}

			// The redirect's page confirms the change.
			var flash string
			for _, c := range w.Result().Cookies() {
				if c.Name == "sv_flash" {
					flash = c.Value
				}
			}
			w = s.do(request{method: "GET", path: "/admin/institution", admin: true, header: map[string]string{"Cookie": "sv_flash=" + flash}})
			webtest.MustContain(t, w.Body.String(), "Institucijos duomenys išsaugoti.", `value="Pavyzdžių rajono savivaldybė"`)
		})
	})
	t.Run("Unchanged", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			s := newTestSite(t, db)
			w := s.do(request{method: "POST", path: "/admin/institution", admin: true, form: settingsForm(nil)})
			if w.Code != http.StatusSeeOther {
				t.Fatalf("status %d, want 303", w.Code)
			}
			if n := len(s.auditEntries("")); n != 0 {
				t.Errorf("%d audit entries for a form saved without changes, want 0", n)
			}
		})
	})
}

func pngImage(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	storetest.Fatal(t, "encode PNG", png.Encode(&b, image.NewRGBA(image.Rect(0, 0, w, h))))
	return b.Bytes()
}

func (s *testSite) upload(name string, data []byte) *httptest.ResponseRecorder {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("coat_of_arms", name)
	storetest.Fatal(s.t, "multipart", err)
	_, _ = fw.Write(data)
	storetest.Fatal(s.t, "multipart", mw.Close())
	return s.do(request{method: "POST", path: "/admin/institution/coat-of-arms", admin: true, body: &body, contentType: mw.FormDataContentType()})
}

func TestCoatOfArms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestSite(t, db)
		if w := s.do(request{method: "GET", path: "/herbas"}); w.Code != http.StatusNotFound {
			t.Errorf("no coat of arms yet: status %d, want 404", w.Code)
		}

		img := pngImage(t, 48, 56)
		if w := s.upload("herbas.png", img); w.Code != http.StatusSeeOther {
			t.Fatalf("upload PNG: status %d, want 303\n%s", w.Code, w.Body)
		}
		w := s.do(request{method: "GET", path: "/herbas"})
		if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), img) {
			t.Fatalf("GET /herbas: status %d, %d bytes; want 200 and the uploaded image", w.Code, w.Body.Len())
		}
		h := w.Header()
		if h.Get("Content-Type") != "image/png" || h.Get("Cache-Control") != "public, max-age=86400" || h.Get("ETag") == "" {
			t.Errorf("headers %v", h)
		}
		if w := s.do(request{method: "GET", path: "/herbas", header: map[string]string{"If-None-Match": h.Get("ETag")}}); w.Code != http.StatusNotModified {
			t.Errorf("revalidation: status %d, want 304", w.Code)
		}
		if w := s.do(request{method: "GET", path: "/herbas", host: "b.test"}); w.Code != http.StatusNotFound {
			t.Errorf("the other institution's coat of arms: status %d, want 404", w.Code)
		}
		if es := s.auditEntries("institution.coat_of_arms"); len(es) != 1 || es[0].Actor != (audit.Who{ID: s.as.ID, Name: s.as.Name}) || !strings.Contains(es[0].After, `"type":"image/png"`) {
			t.Errorf("audit entries %+v", es)
		}
		if got := s.reg.ForHost("a.test").CoatOfArmsType; got != "image/png" {
			t.Errorf("header's coat of arms type %q, want image/png", got)
		}

		t.Run("SVGIsSandboxed", func(t *testing.T) {
			svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>fetch("/admin/users")</script><rect width="10" height="10"/></svg>`)
			if w := s.upload("herbas.svg", svg); w.Code != http.StatusSeeOther {
				t.Fatalf("upload SVG: status %d, want 303", w.Code)
			}
			w := s.do(request{method: "GET", path: "/herbas"})
			if got := w.Header().Get("Content-Type"); got != "image/svg+xml" {
				t.Errorf("Content-Type %q", got)
			}
			if got := w.Header().Get("Content-Security-Policy"); got != "default-src 'none'; style-src 'unsafe-inline'; sandbox" {
				t.Errorf("Content-Security-Policy %q: a script in the SVG could run on the site", got)
			}
		})

		stored := func() []byte {
			b, _, err := institution.CoatOfArms(context.Background(), s.db, s.a)
			storetest.Fatal(t, "read coat of arms", err)
			return b
		}
		before := stored()
		refusals := []struct {
			name    string
			file    string
			data    []byte
			status  int
			message string
		}{
			{"ErrTooLarge", "didelis.png", append(pngImage(t, 4, 4), make([]byte, 600<<10)...), http.StatusRequestEntityTooLarge, "Failas per didelis"},
			{"ErrGIF", "herbas.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), http.StatusUnprocessableEntity, "PNG, JPEG, WebP arba SVG paveikslėlis"},
			{"ErrHTMLNamedSVG", "herbas.svg", []byte(`<html><script>alert(1)</script></html>`), http.StatusUnprocessableEntity, "PNG, JPEG, WebP arba SVG paveikslėlis"},
			{"ErrEmpty", "herbas.png", nil, http.StatusUnprocessableEntity, "Pasirinkite herbo paveikslėlio failą"},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				w := s.upload(tt.file, tt.data)
				if w.Code != tt.status {
					t.Errorf("status %d, want %d", w.Code, tt.status)
				}
				webtest.MustContain(t, w.Body.String(), tt.message, `href="#f-coat_of_arms"`)
				if !bytes.Equal(stored(), before) {
					t.Error("a refused upload replaced the coat of arms")
				}
			})
		}
	})
}

func (s *testSite) createDepartment(inst int64, name, kind string) int64 {
	s.t.Helper()
	d := &institution.Department{InstitutionID: inst, Name: name, Kind: kind}
	err := s.db.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := institution.CreateDepartment(context.Background(), tx, d)
		return err
	})
	storetest.Fatal(s.t, "create department", err)
	return d.ID
}

func TestDepartments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newTestSite(t, db)
		finance := s.createDepartment(s.a, "Finansų skyrius", institution.KindDepartment)
		foreign := s.createDepartment(s.b, "Kitos institucijos skyrius", institution.KindDepartment)

		w := s.do(request{method: "POST", path: "/admin/departments", admin: true,
			form: url.Values{"name": {"Žiežmarių seniūnija"}, "kind": {"eldership"}}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("add: status %d, want 303\n%s", w.Code, w.Body)
		}
		body := s.do(request{method: "GET", path: "/admin/departments", admin: true}).Body.String()
		webtest.MustContain(t, body, "<h2>Seniūnijos</h2>", "Žiežmarių seniūnija", "Finansų skyrius", "<h2>Skyriams nepriklausantys specialistai</h2>")
		if strings.Contains(body, "Kitos institucijos skyrius") {
			t.Error("the list shows another institution's department")
		}
		if es := s.auditEntries("institution.department.create"); len(es) != 1 || es[0].Summary != "Pridėtas padalinys „Žiežmarių seniūnija“ (Seniūnija)" {
			t.Errorf("audit entries %+v", es)
		}

		t.Run("ErrDuplicate", func(t *testing.T) {
			w := s.do(request{method: "POST", path: "/admin/departments", admin: true,
				form: url.Values{"name": {"Finansų skyrius"}, "kind": {"department"}}})
			if w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", w.Code)
			}
			webtest.MustContain(t, w.Body.String(), "Padalinys tokiu pavadinimu jau yra", `href="#f-name"`, `id="f-name" name="name" type="text" value="Finansų skyrius"`)
		})
		t.Run("ErrNameRequired", func(t *testing.T) {
			w := s.do(request{method: "POST", path: "/admin/departments", admin: true, form: url.Values{"name": {"  "}, "kind": {"specialist"}}})
			if w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", w.Code)
			}
			webtest.MustContain(t, w.Body.String(), "Įveskite padalinio pavadinimą", `<option value="specialist" selected>`)
		})
		t.Run("Rename", func(t *testing.T) {
			w := s.do(request{method: "POST", path: fmt.Sprintf("/admin/departments/%d", finance), admin: true,
				form: url.Values{"name": {"Finansų ir biudžeto skyrius"}}})
			if w.Code != http.StatusSeeOther {
				t.Fatalf("status %d, want 303", w.Code)
			}
			d, err := institution.FindDepartment(context.Background(), s.db, s.a, finance)
			storetest.Fatal(t, "find department", err)
			if d.Name != "Finansų ir biudžeto skyrius" {
				t.Errorf("name %q", d.Name)
			}
			es := s.auditEntries("institution.department.rename")
			if len(es) != 1 || es[0].Before != `{"name":"Finansų skyrius"}` || es[0].After != `{"name":"Finansų ir biudžeto skyrius"}` || es[0].ObjectID != finance {
				t.Errorf("audit entries %+v", es)
			}
		})
		t.Run("ErrRenameToExisting", func(t *testing.T) {
			w := s.do(request{method: "POST", path: fmt.Sprintf("/admin/departments/%d", finance), admin: true,
				form: url.Values{"name": {"Žiežmarių seniūnija"}}})
			if w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", w.Code)
			}
			id := fmt.Sprintf("f-name-%d", finance)
			webtest.MustContain(t, w.Body.String(), `href="#`+id+`"`, `id="`+id+`" name="name" type="text" value="Žiežmarių seniūnija"`, "Padalinys tokiu pavadinimu jau yra")
		})
		t.Run("ErrOtherInstitution", func(t *testing.T) {
			w := s.do(request{method: "POST", path: fmt.Sprintf("/admin/departments/%d", foreign), admin: true,
				form: url.Values{"name": {"Perimta"}}})
			if w.Code != http.StatusNotFound {
				t.Errorf("status %d, want 404", w.Code)
			}
			d, err := institution.FindDepartment(context.Background(), s.db, s.b, foreign)
			storetest.Fatal(t, "find department", err)
			if d.Name != "Kitos institucijos skyrius" {
				t.Errorf("another institution's department renamed to %q", d.Name)
			}
		})
		t.Run("ErrMissing", func(t *testing.T) {
			for _, path := range []string{"/admin/departments/999999", "/admin/departments/abc"} {
				if w := s.do(request{method: "POST", path: path, admin: true, form: url.Values{"name": {"X"}}}); w.Code != http.StatusNotFound {
					t.Errorf("%s: status %d, want 404", path, w.Code)
				}
			}
		})
	})
}
