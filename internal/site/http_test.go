package site_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/web"
)

func mustContain(t *testing.T, what string, res apptest.Response, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(res.Body, w) {
			t.Errorf("%s: body lacks %q (status %d)", what, w, res.Status)
		}
	}
}

// TestPublicPages: a visitor reads the home page with the WEB-04 header, a
// page with the WEB-11 metadata, the site index and the cookie policy, and
// gets no cookie at all (EPS-16).
func TestPublicPages(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Vandens tiekimas", time.Now().AddDate(0, 3, 0))
		v := e.Visitor()
		home := v.Get("/")
		if home.Status != 200 {
			t.Fatalf("home: %d", home.Status)
		}
		mustContain(t, "home (WEB-04)", home, e.In.Name, "Biudžetinė įstaiga", "Gedimino g. 1, Vilnius", "111111111",
			"Juridinių asmenų registras", "(8 5) 200 0000", "pirmoji@savivaldybe.lt", `href="/informacijos-rodykle"`, `lang="lt"`)
		page := v.Get("/veiklos-sritys/vandens-tiekimas")
		mustContain(t, "page (WEB-11)", page, `<h1 lang="lt">Vandens tiekimas</h1>`, "A skyrius", "Ona Onaitė", "(8 5) 200 0001",
			"ona.onaite@savivaldybe.lt", "Paskelbta", "Atnaujinta", "Skelbiama iki", "Veiklos sritys", `href="/informacijos-rodykle"`)
		index := v.Get("/informacijos-rodykle")
		mustContain(t, "site index (WEB-07)", index, "Struktūra ir kontaktai", "Tarnybiniai lengvieji automobiliai", "Vandens tiekimas")
		mustContain(t, "cookie policy (EPS-16)", v.Get("/slapuku-politika"), "sv_lang", "sv_session")
		for _, res := range []apptest.Response{home, page, index} {
			if c := res.Header.Values("Set-Cookie"); len(c) != 0 {
				t.Errorf("a visitor got cookies: %v", c)
			}
		}
		nf := v.Get("/nera-tokio-puslapio")
		if nf.Status != 404 {
			t.Errorf("missing page: %d", nf.Status)
		}
		mustContain(t, "404", nf, "Puslapis nerastas", `href="/informacijos-rodykle"`)
		empty := v.Get("/administracine-informacija/tarnybiniai-lengvieji-automobiliai")
		mustContain(t, "empty mandated area", empty, "informacija dar neskelbiama")

		// An English-speaking visitor switches the interface language; the
		// cached Lithuanian page is not served to them.
		en := e.Visitor()
		if res := en.Get("/kalba/en?grizti=/veiklos-sritys/vandens-tiekimas"); res.Status != http.StatusSeeOther || res.Location != "/veiklos-sritys/vandens-tiekimas" {
			t.Errorf("language switch: %d %s", res.Status, res.Location)
		}
		mustContain(t, "English interface", en.Get("/veiklos-sritys/vandens-tiekimas"), `<html lang="en">`, "Skip to main content", "About this information", "Site index")
		if res := en.Get("/kalba/en?grizti=//evil.example/"); res.Location != "/" {
			t.Errorf("the language switch redirected to %q", res.Location)
		}
	})
}

// TestNotProvidedStatement: an editor's statement that the institution does
// not provide a mandated area's information is shown there.
func TestNotProvidedStatement(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		id := sectionID(t, e, "tarnybiniai-lengvieji-automobiliai")
		c := e.Login("reception")
		edit := c.Get("/admin/sections/" + strconv.FormatInt(id, 10))
		i := strings.Index(edit.Body, `name="version" value="`)
		version := edit.Body[i+len(`name="version" value="`):]
		version = version[:strings.Index(version, `"`)]
		res := c.Post("/admin/sections/"+strconv.FormatInt(id, 10), url.Values{"title": {"x"}, "version": {version},
			"not_provided": {"Institucija tarnybinių lengvųjų automobilių neturi."}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("save statement: %d\n%s", res.Status, res.Body)
		}
		mustContain(t, "statement", e.Visitor().Get("/administracine-informacija/tarnybiniai-lengvieji-automobiliai"),
			"Institucija tarnybinių lengvųjų automobilių neturi.")
	})
}

// TestAccessRulesHTTP: who can reach what in the staff area.
func TestAccessRulesHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		pageB := publishPage(t, e, "editorB", "editorB", "veiklos-sritys", e.Depts["B"], "B skyriaus puslapis", time.Now().AddDate(1, 0, 0))
		pid := strconv.FormatInt(pageB, 10)
		visitor := e.Visitor()
		if res := visitor.Get("/admin"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login") {
			t.Errorf("a visitor opening /admin: %d %s, want a redirect to the login", res.Status, res.Location)
		}
		// A saved page redirects too, so only the login page as the
		// destination shows the visitor was refused.
		if res := visitor.Post("/admin/pages", url.Values{"title": {"x"}}); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login") {
			t.Errorf("a visitor creating a page: %d %s, want a redirect to the login", res.Status, res.Location)
		}
		editorA := e.Login("editorA")
		if res := editorA.Get("/admin/pages/" + pid + "/edit"); res.Status != http.StatusForbidden {
			t.Errorf("department A editor opening B's page editor: %d, want 403", res.Status)
		}
		res := editorA.Post("/admin/pages/"+pid+"/edit", url.Values{"title": {"Perimta"}, "body": {"x"}, "responsible_name": {"x"},
			"responsible_phone": {"1"}, "responsible_email": {"a@b.lt"}, "term_end": {web.FormatDate(time.Now().AddDate(0, 1, 0))}})
		if res.Status != http.StatusForbidden {
			t.Errorf("department A editor saving B's page: %d, want 403", res.Status)
		}
		if res := editorA.Post("/admin/pages/"+pid+"/unpublish", url.Values{"unpublish_reason": {"x"}, "version": {"2"}}); res.Status != http.StatusForbidden {
			t.Errorf("department A editor unpublishing B's page: %d, want 403", res.Status)
		}
		for _, path := range []string{"/admin/users", "/admin/audit", "/admin/institution"} {
			if res := editorA.Get(path); res.Status != http.StatusForbidden {
				t.Errorf("department editor opening %s: %d, want 403", path, res.Status)
			}
		}
		// A contributor's submitted draft cannot be published by its author.
		contributor := e.Login("contributorA")
		ctx := context.Background()
		_, revID, err := e.App.Site.CreatePage(ctx, e.Users["contributorA"].Actor(), e.In, form(sectionID(t, e, "veiklos-sritys"), e.Depts["A"], "Pasiūlymas", "Tekstas", time.Now().AddDate(1, 0, 0)))
		if err != nil {
			t.Fatal(err)
		}
		rid := strconv.FormatInt(revID, 10)
		if res := contributor.Post("/admin/revisions/"+rid+"/submit", url.Values{"version": {"1"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("contributor submitting: %d", res.Status)
		}
		if res := contributor.Post("/admin/revisions/"+rid+"/publish", url.Values{"version": {"2"}}); res.Status != http.StatusForbidden {
			t.Errorf("contributor publishing: %d, want 403", res.Status)
		}
		review := editorA.Get("/admin?sarasas=perziurai")
		mustContain(t, "editor A's review queue", review, "Pasiūlymas")
		if res := editorA.Post("/admin/revisions/"+rid+"/publish", url.Values{"version": {"2"}}); res.Status != http.StatusSeeOther {
			t.Errorf("editor A publishing the contributor's page: %d", res.Status)
		}
		if res := editorA.Post("/admin/revisions/"+rid+"/publish", url.Values{"version": {"2"}}); res.Status != http.StatusConflict {
			t.Errorf("the same publish form replayed: %d, want 409", res.Status)
		}
	})
}

// TestTenantIsolation: another institution's pages and staff pages
// are not reachable through this institution's host, and its staff cannot
// log in here.
func TestTenantIsolation(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		tree, _ := site.Tree(ctx, e.DB, e.Other.ID)
		other := e.Users["otherAdmin"]
		pageID, revID, err := e.App.Site.CreatePage(ctx, other.Actor(), e.Other, &site.PageForm{Title: "Kitos savivaldybės naujiena", Body: "Tekstas",
			SectionID: tree[2].ID, ResponsibleName: "X", ResponsiblePhone: "(8 5) 200 0001", ResponsibleEmail: "x@kita.lt", TermEnd: web.FormatDate(time.Now().AddDate(1, 0, 0))})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Submit(ctx, other.Actor(), e.Other, revID, 1); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Publish(ctx, other.Actor(), e.Other, revID, 2); err != nil {
			t.Fatal(err)
		}
		path := "/veiklos-sritys/kitos-savivaldybes-naujiena"
		there := e.Visitor()
		there.Host = "kita.example"
		mustContain(t, "the other institution's own host", there.Get(path), "Kitos savivaldybės naujiena", "Kitos savivaldybės administracija")
		if res := e.Visitor().Get(path); res.Status != 404 {
			t.Errorf("the other institution's page through this host: %d, want 404", res.Status)
		}
		admin := e.Login("admin")
		if res := admin.Get("/admin/pages/" + strconv.FormatInt(pageID, 10)); res.Status != 404 {
			t.Errorf("this admin opening the other institution's page: %d, want 404", res.Status)
		}
		res := e.Visitor().Post("/admin/login", url.Values{"email": {other.Email}, "password": {apptest.Password}})
		if res.Status == http.StatusSeeOther {
			t.Error("the other institution's admin logged in on this host")
		}
	})
}

// TestPageFormKeepsInput: a failed save shows an error summary linked to the
// fields and keeps everything typed, including scripts as inert text.
func TestPageFormKeepsInput(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Login("editorA")
		sec := strconv.FormatInt(sectionID(t, e, "veiklos-sritys"), 10)
		res := c.Post("/admin/pages", url.Values{"title": {"<script>alert(1)</script>Kelių remontas"}, "section_id": {sec},
			"body": {"Darbai vyks **vasarą**."}, "responsible_name": {"Jonas"}, "responsible_phone": {""},
			"responsible_email": {"ne-el-pastas"}, "term_end": {"2020-01-01"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("invalid form: %d", res.Status)
		}
		mustContain(t, "error page", res, "<title>Klaida:", `href="#f-responsible_phone"`, `href="#f-responsible_email"`, `href="#f-term_end"`,
			`aria-describedby="f-responsible_email-error"`, `aria-describedby="f-term_end-hint f-term_end-error"`, "Darbai vyks **vasarą**.", `value="ne-el-pastas"`,
			"&lt;script&gt;alert(1)&lt;/script&gt;Kelių remontas", "Publikavimo terminas turi baigtis ateityje")
		if strings.Contains(res.Body, "<script>alert(1)") {
			t.Error("a typed script came back as markup")
		}
		_, n, err := site.FindWork(context.Background(), e.DB, e.Users["editorA"].Actor(), site.WorkFilter{List: site.ListDrafts}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("an invalid form stored %d drafts", n)
		}
	})
}

// TestCacheFollowsChanges: a publish, an unpublish, a term end and an
// extension each reach the cached public page, on the instance that made
// the change at once.
func TestCacheFollowsChanges(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) { cacheScenario(t, e, e) })
}

// TestCacheAcrossInstances: the same through a second server instance on
// PostgreSQL, which learns of the changes by polling the database.
func TestCacheAcrossInstances(t *testing.T) {
	e := apptest.New(t, "postgres")
	cacheScenario(t, e, e.SecondInstance())
}

// eventually checks cond until it holds, for at most five seconds: another
// instance sees a change within its poll interval, not at once.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%s: not seen within 5 s", what)
			return
		}
	}
}

// cacheScenario makes changes through writer and reads through reader's
// cache.
func cacheScenario(t *testing.T, writer, reader *apptest.Env) {
	ctx := context.Background()
	v := reader.Visitor()
	shows := func(path, text string) func() bool {
		return func() bool { res := v.Get(path); return res.Status == 200 && strings.Contains(res.Body, text) }
	}
	gone := func(path string) func() bool { return func() bool { return v.Get(path).Status == 404 } }
	if shows("/veiklos-sritys", "Rinkliava")() {
		t.Fatal("page shown before it exists")
	}
	lastDay := time.Now().AddDate(0, 0, 10)
	pageID := publishPage(t, writer, "editorA", "editorA", "veiklos-sritys", writer.Depts["A"], "Rinkliava", lastDay)
	eventually(t, "publish reaches the section", shows("/veiklos-sritys", "Rinkliava"))
	eventually(t, "publish reaches the page", shows("/veiklos-sritys/rinkliava", `<h1 lang="lt">Rinkliava</h1>`))

	p, _ := site.FindPage(ctx, writer.DB, writer.In.ID, pageID)
	if err := writer.App.Site.Unpublish(ctx, writer.Users["admin"].Actor(), writer.In, pageID, p.Version, "Neatitinka reikalavimų"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "unpublish removes the page", gone("/veiklos-sritys/rinkliava"))
	eventually(t, "unpublish removes it from the section", func() bool { return !shows("/veiklos-sritys", "Rinkliava")() })

	pageID = publishPage(t, writer, "editorA", "editorA", "veiklos-sritys", writer.Depts["A"], "Mokesčiai", lastDay)
	eventually(t, "second page", shows("/veiklos-sritys/mokesciai", `<h1 lang="lt">Mokesčiai</h1>`))
	after := lastDay.AddDate(0, 0, 2)
	writer.SetNow(after) // the term ends; no worker has run
	reader.SetNow(after)
	eventually(t, "term end removes the page", func() bool {
		res := v.Get("/veiklos-sritys/mokesciai")
		return res.Status == 404 && strings.Contains(res.Body, "/archyvas/veiklos-sritys/mokesciai")
	})
	eventually(t, "term end lists the page in the archive", shows("/archyvas", "Mokesčiai"))
	eventually(t, "archived page", shows("/archyvas/veiklos-sritys/mokesciai", "Archyvinis puslapis"))

	p, _ = site.FindPage(ctx, writer.DB, writer.In.ID, pageID)
	if err := writer.App.Site.ExtendTerm(ctx, writer.Users["editorA"].Actor(), writer.In, pageID, p.Version, web.FormatDate(lastDay.AddDate(0, 2, 0))); err != nil {
		t.Fatal(err)
	}
	eventually(t, "extension brings the page back", shows("/veiklos-sritys/mokesciai", `<h1 lang="lt">Mokesčiai</h1>`))
	eventually(t, "extension takes it out of the archive", gone("/archyvas/veiklos-sritys/mokesciai"))
}

// TestBadQueryAndPathInput: a mistyped list name, filters that are not
// numbers, a page id that is not one, an archive page number out of range:
// clear answers, never an internal error.
func TestBadQueryAndPathInput(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Login("editorA")
		for path, want := range map[string]int{
			"/admin?sarasas=nezinomas":                        404,
			"/admin?sarasas=paskelbti&skyrius=x&padalinys=-1": 200,
			"/admin?sarasas=paskelbti&puslapis=999999":        200,
			"/admin/pages/abc":                                404,
			"/admin/pages/0/edit":                             404,
			"/admin/sections/99999":                           404,
		} {
			if res := c.Get(path); res.Status != want {
				t.Errorf("%s: %d, want %d", path, res.Status, want)
			}
		}
		v := e.Visitor()
		for path, want := range map[string]int{
			"/archyvas?puslapis=-3":              200,
			"/archyvas/nera":                     404,
			"/veiklos-sritys/":                   301,
			"/%3Cscript%3Ealert(1)%3C/script%3E": 404,
		} {
			res := v.Get(path)
			if res.Status != want || strings.Contains(res.Body, "<script>alert(1)") {
				t.Errorf("%s: %d, want %d", path, res.Status, want)
			}
		}
		mustContain(t, "controller (EPS-15)", v.Get("/"), "Duomenų valdytojas", "dap@savivaldybe.lt", "Duomenų apsaugos pareigūnas")
	})
}
