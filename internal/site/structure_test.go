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
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/site"
)

func id(n int64) string { return strconv.FormatInt(n, 10) }

func pageVersion(t *testing.T, e *apptest.Env, pageID int64) string {
	t.Helper()
	p, err := site.FindPage(context.Background(), e.DB, e.In.ID, pageID)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(p.Version, 10)
}

func sectionVersion(t *testing.T, e *apptest.Env, secID int64) string {
	t.Helper()
	sec, err := site.FindSection(context.Background(), e.DB, e.In.ID, secID)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(sec.UpdatedAt.UnixMilli(), 10)
}

// wantRedirect checks that a visitor asking for from is sent permanently to to.
func wantRedirect(t *testing.T, c *apptest.Client, from, to string) {
	t.Helper()
	res := c.Get(from)
	if (res.Status != http.StatusMovedPermanently && res.Status != http.StatusPermanentRedirect) || res.Location != to {
		t.Errorf("%s: %d → %q, want a permanent redirect to %q", from, res.Status, res.Location, to)
	}
}

// lastAudit is the newest audit entry of an action.
func lastAudit(t *testing.T, e *apptest.Env, action string) audit.Entry {
	t.Helper()
	list, _, err := audit.Find(context.Background(), e.DB, audit.Filter{InstitutionID: e.In.ID, Action: action, Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no audit entry %s: %v", action, err)
	}
	return list[0]
}

// freeSection creates a free section as the administrator.
func freeSection(t *testing.T, e *apptest.Env, title string, parent int64) int64 {
	t.Helper()
	secID, err := e.App.Site.CreateSection(context.Background(), e.Users["admin"].Actor(), e.In, &site.SectionForm{Title: title, ParentID: parent})
	if err != nil {
		t.Fatalf("section %s: %v", title, err)
	}
	return secID
}

// publishIn publishes a page in a section given by id, as the reception editor.
func publishIn(t *testing.T, e *apptest.Env, secID int64, title string, lastDay time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	by := e.Users["reception"].Actor()
	pageID, revID, err := e.App.Site.CreatePage(ctx, by, e.In, form(secID, 0, title, "Turinys: "+title, lastDay))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.App.Site.Submit(ctx, by, e.In, revID, 1); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Site.Publish(ctx, by, e.In, revID, 2); err != nil {
		t.Fatal(err)
	}
	return pageID
}

// TestMovePage (WEB-20): a department editor moves a published page to
// another section; the old address, even from a visitor's cache, answers
// with a permanent redirect to the new one, which serves the page; the move
// is audited; a replayed form, a contributor and a legal-acts section are
// refused; moving it back makes the first address live again.
func TestMovePage(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Vandens tiekimas", time.Now().AddDate(0, 3, 0))
		v := e.Visitor()
		mustContain(t, "before the move", v.Get("/veiklos-sritys/vandens-tiekimas"), `<h1 lang="lt">Vandens tiekimas</h1>`)

		c := e.Login("editorA")
		mustContain(t, "overview", c.Get("/admin/pages/"+id(pageID)), `href="/admin/pages/`+id(pageID)+`/move"`)
		formPage := c.Get("/admin/pages/" + id(pageID) + "/move")
		mustContain(t, "move form", formPage, "Naujas skyrius", "Paslaugos")
		if strings.Contains(formPage.Body, ">— Teisės aktai<") {
			t.Error("a department editor is offered a legal-acts section")
		}
		version := pageVersion(t, e, pageID)
		target := id(sectionID(t, e, "paslaugos"))
		if res := c.Post("/admin/pages/"+id(pageID)+"/move", url.Values{"section_id": {target}, "version": {version}}); res.Status != http.StatusSeeOther {
			t.Fatalf("move: %d\n%s", res.Status, res.Body)
		}
		wantRedirect(t, v, "/veiklos-sritys/vandens-tiekimas", "/paslaugos/vandens-tiekimas")
		mustContain(t, "new address", v.Get("/paslaugos/vandens-tiekimas"), `<h1 lang="lt">Vandens tiekimas</h1>`, "Paslaugos")
		if res := v.Get("/veiklos-sritys"); strings.Contains(res.Body, "Vandens tiekimas") {
			t.Error("the old section still lists the moved page")
		}
		mustContain(t, "new section lists it", v.Get("/paslaugos"), "Vandens tiekimas")
		entry := lastAudit(t, e, "site.page.move")
		if !strings.Contains(entry.Before, "/veiklos-sritys/vandens-tiekimas") || !strings.Contains(entry.After, "/paslaugos/vandens-tiekimas") {
			t.Errorf("audit of the move: before %s after %s", entry.Before, entry.After)
		}

		if res := c.Post("/admin/pages/"+id(pageID)+"/move", url.Values{"section_id": {id(sectionID(t, e, "nuorodos"))}, "version": {version}}); res.Status != http.StatusConflict {
			t.Errorf("the move form replayed: %d, want 409", res.Status)
		}
		version = pageVersion(t, e, pageID)
		res := c.Post("/admin/pages/"+id(pageID)+"/move", url.Values{"section_id": {id(sectionID(t, e, "teises-aktai"))}, "version": {version}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("a department editor moving a page into Teisės aktai: %d, want 422", res.Status)
		}
		mustContain(t, "legal-acts refusal", res, "teisės aktų skelbėjas")
		if res := e.Login("contributorA").Post("/admin/pages/"+id(pageID)+"/move", url.Values{"section_id": {id(sectionID(t, e, "nuorodos"))}, "version": {version}}); res.Status != http.StatusForbidden {
			t.Errorf("a contributor moving a published page: %d, want 403", res.Status)
		}

		// Back to where it was: the first address is live content again
		// and wins; the second redirects to it; there is no loop.
		if res := c.Post("/admin/pages/"+id(pageID)+"/move", url.Values{"section_id": {id(sectionID(t, e, "veiklos-sritys"))}, "version": {version}}); res.Status != http.StatusSeeOther {
			t.Fatalf("move back: %d\n%s", res.Status, res.Body)
		}
		mustContain(t, "moved back", v.Get("/veiklos-sritys/vandens-tiekimas"), `<h1 lang="lt">Vandens tiekimas</h1>`)
		wantRedirect(t, v, "/paslaugos/vandens-tiekimas", "/veiklos-sritys/vandens-tiekimas")
	})
}

// TestMoveAcrossInstances: the other instance's visitors are redirected
// from the old address once the move reaches it.
func TestMoveAcrossInstances(t *testing.T) {
	e := apptest.New(t, "postgres")
	other := e.SecondInstance()
	pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Atliekos", time.Now().AddDate(0, 3, 0))
	v := other.Visitor()
	eventually(t, "page on the other instance", func() bool { return v.Get("/veiklos-sritys/atliekos").Status == 200 })
	p, _ := site.FindPage(context.Background(), e.DB, e.In.ID, pageID)
	if err := e.App.Site.MovePage(context.Background(), e.Users["editorA"].Actor(), e.In, pageID, p.Version, sectionID(t, e, "paslaugos")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "redirect on the other instance", func() bool {
		res := v.Get("/veiklos-sritys/atliekos")
		return res.Status == http.StatusMovedPermanently && res.Location == "/paslaugos/atliekos"
	})
}

// TestSectionRenameRedirects: renaming a free section gives it and its
// pages the new name's addresses; the old ones redirect, and the menus
// show the new title.
func TestSectionRenameRedirects(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		secID := freeSection(t, e, "Turizmas", 0)
		publishIn(t, e, secID, "Lankytinos vietos", time.Now().AddDate(0, 3, 0))
		v := e.Visitor()
		mustContain(t, "before", v.Get("/"), `href="/turizmas"`)
		c := e.Login("reception")
		res := c.Post("/admin/sections/"+id(secID), url.Values{"title": {"Turizmas ir poilsis"}, "version": {sectionVersion(t, e, secID)}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("rename: %d\n%s", res.Status, res.Body)
		}
		wantRedirect(t, v, "/turizmas", "/turizmas-ir-poilsis")
		wantRedirect(t, v, "/turizmas/lankytinos-vietos", "/turizmas-ir-poilsis/lankytinos-vietos")
		mustContain(t, "renamed page", v.Get("/turizmas-ir-poilsis/lankytinos-vietos"), `<h1 lang="lt">Lankytinos vietos</h1>`, "Turizmas ir poilsis")
		mustContain(t, "menu", v.Get("/"), `href="/turizmas-ir-poilsis"`, "Turizmas ir poilsis")
		entry := lastAudit(t, e, "site.section.update")
		if !strings.Contains(entry.Before, `"path":"/turizmas"`) || !strings.Contains(entry.After, `"path":"/turizmas-ir-poilsis"`) {
			t.Errorf("audit of the rename: %s → %s", entry.Before, entry.After)
		}
	})
}

// TestArchiveRedirect (WEB-23): a page whose term ended leads from its
// address to its archived copy; extended, it is live there again.
func TestArchiveRedirect(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		lastDay := time.Now().AddDate(0, 0, 5)
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Vasaros stovykla", lastDay)
		e.SetNow(lastDay.AddDate(0, 0, 2))
		if err := e.App.Site.ArchiveExpired(context.Background()); err != nil {
			t.Fatal(err)
		}
		v := e.Visitor()
		wantRedirect(t, v, "/veiklos-sritys/vasaros-stovykla", "/archyvas/veiklos-sritys/vasaros-stovykla")
		mustContain(t, "archived copy", v.Get("/archyvas/veiklos-sritys/vasaros-stovykla"), "Vasaros stovykla", "Archyvinis puslapis")

		// Moved while archived, both its addresses follow it.
		p, _ := site.FindPage(context.Background(), e.DB, e.In.ID, pageID)
		if err := e.App.Site.MovePage(context.Background(), e.Users["admin"].Actor(), e.In, pageID, p.Version, sectionID(t, e, "paslaugos")); err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, v, "/veiklos-sritys/vasaros-stovykla", "/archyvas/paslaugos/vasaros-stovykla")
		wantRedirect(t, v, "/archyvas/veiklos-sritys/vasaros-stovykla", "/archyvas/paslaugos/vasaros-stovykla")
		mustContain(t, "moved archived copy", v.Get("/archyvas/paslaugos/vasaros-stovykla"), "Vasaros stovykla")

		p, _ = site.FindPage(context.Background(), e.DB, e.In.ID, pageID)
		if err := e.App.Site.ExtendTerm(context.Background(), e.Users["editorA"].Actor(), e.In, pageID, p.Version, "2099-01-01"); err != nil {
			t.Fatal(err)
		}
		mustContain(t, "extended: live content wins", v.Get("/paslaugos/vasaros-stovykla"), `<h1 lang="lt">Vasaros stovykla</h1>`)
	})
}

// TestRedirectAdmin: an administrator adds and removes redirects; a loop,
// an address with content, an address off the site are refused with the
// typed input kept; a target that redirects is stored as its final
// address; another institution's redirects do not apply here; others
// cannot open the list.
func TestRedirectAdmin(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Login("admin")
		v := e.Visitor()
		mustContain(t, "empty list", c.Get("/admin/redirects"), "Adresų nukreipimai", "Nukreipimų dar nėra.")
		add := func(from, to string) apptest.Response {
			t.Helper()
			return c.Post("/admin/redirects", url.Values{"from": {from}, "to": {to}})
		}
		if res := add("/naujienos/senas", "/veiklos-sritys"); res.Status != http.StatusSeeOther {
			t.Fatalf("add: %d\n%s", res.Status, res.Body)
		}
		wantRedirect(t, v, "/naujienos/senas", "/veiklos-sritys")
		if res := add("/a", "/b"); res.Status != http.StatusSeeOther {
			t.Fatalf("add /a: %d", res.Status)
		}
		res := add("/b", "/a/")
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("a loop: %d, want 422", res.Status)
		}
		mustContain(t, "loop refused", res, "vestų atgal", `value="/b"`, `value="/a/"`)
		if res := add("/c", "/a"); res.Status != http.StatusSeeOther {
			t.Fatalf("add /c: %d", res.Status)
		}
		wantRedirect(t, v, "/c", "/b") // the final address, not a chain through /a
		// An address copied from a browser, with Lithuanian letters.
		if res := add("/lt/%C5%BEem%C4%97lapis", "/veiklos-sritys/"); res.Status != http.StatusSeeOther {
			t.Fatalf("add an address with Lithuanian letters: %d\n%s", res.Status, res.Body)
		}
		wantRedirect(t, v, "/lt/%C5%BEem%C4%97lapis", "/veiklos-sritys")
		if res := add("/e", "/lt/žemėlapis"); res.Status != http.StatusSeeOther {
			t.Fatalf("add /e: %d", res.Status)
		}
		wantRedirect(t, v, "/e", "/veiklos-sritys")
		for _, bad := range []string{"//evil.example", "https://evil.example/", "/\\evil.example", "evil"} {
			res := add("/d", bad)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("target %q: %d, want 422", bad, res.Status)
			}
		}
		res = add("/veiklos-sritys", "/paslaugos")
		mustContain(t, "content wins", res, "Šiuo adresu skelbiamas skyrius ar puslapis", `value="/veiklos-sritys"`)
		entry := lastAudit(t, e, "site.redirect.add")
		if entry.After != `{"from":"/e","to":"/veiklos-sritys"}` {
			t.Errorf("audit of the added redirect: %s", entry.After)
		}

		// The other institution's redirect answers on its host only.
		if _, err := e.App.Site.AddRedirect(context.Background(), e.Users["otherAdmin"].Actor(), e.Other, &site.RedirectForm{From: "/kita", To: "/"}); err != nil {
			t.Fatal(err)
		}
		if res := v.Get("/kita"); res.Status != http.StatusNotFound {
			t.Errorf("another institution's redirect here: %d, want 404", res.Status)
		}
		there := e.Visitor()
		there.Host = "kita.example"
		wantRedirect(t, there, "/kita", "/")

		list := c.Get("/admin/redirects")
		mustContain(t, "list", list, "/naujienos/senas", "Pridėtas rankiniu būdu")
		if strings.Contains(list.Body, "/kita") {
			t.Error("the list shows another institution's redirect")
		}
		i := strings.Index(list.Body, `action="/admin/redirects/`)
		action := list.Body[i+len(`action="`):]
		action = action[:strings.Index(action, `"`)]
		if res := c.Post(action, nil); res.Status != http.StatusSeeOther {
			t.Fatalf("remove: %d", res.Status)
		}
		if lastAudit(t, e, "site.redirect.remove").Before == "" {
			t.Error("the removal's audit entry has no before")
		}
		for _, who := range []string{"reception", "editorA"} {
			if res := e.Login(who).Get("/admin/redirects"); res.Status != http.StatusForbidden {
				t.Errorf("%s opening the redirects: %d, want 403", who, res.Status)
			}
		}
	})
}

// TestMenuOrder (WEB-01, WEB-02): a free section moves up past mandated
// ones, one step per form; mandated sections keep the profile's order;
// pages of a section take the order set for them.
func TestMenuOrder(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		secID := freeSection(t, e, "Turizmas", 0)
		first := publishIn(t, e, secID, "Apgyvendinimas", time.Now().AddDate(0, 3, 0))
		second := publishIn(t, e, secID, "Renginiai", time.Now().AddDate(0, 3, 0))
		c := e.Login("reception")
		v := e.Visitor()
		before := v.Get("/")
		if strings.Index(before.Body, `href="/turizmas"`) < strings.Index(before.Body, `href="/nuorodos"`) {
			t.Fatal("a new free section is not last")
		}
		version := sectionVersion(t, e, secID)
		up := url.Values{"direction": {"up"}, "version": {version}}
		if res := c.Post("/admin/sections/"+id(secID)+"/order", up); res.Status != http.StatusSeeOther {
			t.Fatalf("up: %d\n%s", res.Status, res.Body)
		}
		if res := c.Post("/admin/sections/"+id(secID)+"/order", up); res.Status != http.StatusConflict {
			t.Errorf("the same step replayed: %d, want 409", res.Status)
		}
		home := v.Get("/")
		if strings.Index(home.Body, `href="/turizmas"`) > strings.Index(home.Body, `href="/nuorodos"`) {
			t.Error("the menu does not show the new order")
		}
		if lastAudit(t, e, "site.section.order").ObjectID != secID {
			t.Error("the step is not audited")
		}
		paslaugos := sectionID(t, e, "paslaugos")
		res := c.Post("/admin/sections/"+id(paslaugos)+"/order", url.Values{"direction": {"up"}, "version": {sectionVersion(t, e, paslaugos)}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("a mandated section past another: %d, want 422", res.Status)
		}
		mustContain(t, "mandated order", res, "Vyriausybės nutarimas Nr. 480")

		list := c.Get("/admin/sections/" + id(secID))
		if strings.Index(list.Body, "Apgyvendinimas") > strings.Index(list.Body, "Renginiai") {
			t.Fatal("pages not in the order they were created")
		}
		if res := c.Post("/admin/pages/"+id(second)+"/order", url.Values{"direction": {"up"}, "version": {sectionVersion(t, e, secID)}}); res.Status != http.StatusSeeOther {
			t.Fatalf("page up: %d\n%s", res.Status, res.Body)
		}
		sec := v.Get("/turizmas")
		if strings.Index(sec.Body, "Renginiai") > strings.Index(sec.Body, "Apgyvendinimas") {
			t.Error("the section page does not show the new page order")
		}
		if res := e.Login("editorA").Post("/admin/pages/"+id(first)+"/order", url.Values{"direction": {"down"}, "version": {sectionVersion(t, e, secID)}}); res.Status != http.StatusForbidden {
			t.Errorf("a department editor reordering a section: %d, want 403", res.Status)
		}
	})
}

// TestEmptyFreeSectionHidden: a free section stays out of the menus until
// it has published content; mandated ones always show.
func TestEmptyFreeSectionHidden(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		secID := freeSection(t, e, "Verslas", 0)
		v := e.Visitor()
		if res := v.Get("/"); strings.Contains(res.Body, `href="/verslas"`) {
			t.Error("an empty free section is in the menu")
		}
		mustContain(t, "mandated sections", v.Get("/"), `href="/atviri-duomenys"`)
		mustContain(t, "staff see why", e.Login("reception").Get("/admin/sections"), "Meniu nerodomas, kol nėra paskelbto turinio")
		publishIn(t, e, secID, "Verslo pradžia", time.Now().AddDate(0, 3, 0))
		mustContain(t, "with content", v.Get("/"), `href="/verslas"`)
		mustContain(t, "site index", v.Get("/informacijos-rodykle"), "Verslas")
	})
}

// TestDeleteSectionMovesPages: a free section with pages is deleted only
// with a section for its pages; they move in the same step and their old
// addresses redirect.
func TestDeleteSectionMovesPages(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		secID := freeSection(t, e, "Kultūra", 0)
		pageID := publishIn(t, e, secID, "Muziejai", time.Now().AddDate(0, 3, 0))
		c := e.Login("admin")
		res := c.Post("/admin/sections/"+id(secID)+"/delete", nil)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("delete without a target: %d", res.Status)
		}
		mustContain(t, "asks where", res, "pasirinkite, į kurį skyrių juos perkelti", `name="pages_to"`)
		if _, err := site.FindSection(context.Background(), e.DB, e.In.ID, secID); err != nil {
			t.Fatal("the section went without its pages")
		}
		target := id(sectionID(t, e, "veiklos-sritys"))
		if res := c.Post("/admin/sections/"+id(secID)+"/delete", url.Values{"pages_to": {target}}); res.Status != http.StatusSeeOther {
			t.Fatalf("delete: %d\n%s", res.Status, res.Body)
		}
		if _, err := site.FindSection(context.Background(), e.DB, e.In.ID, secID); err == nil {
			t.Error("the section is still there")
		}
		p, err := site.FindPage(context.Background(), e.DB, e.In.ID, pageID)
		if err != nil || p.Path != "/veiklos-sritys/muziejai" {
			t.Fatalf("the page after the deletion: %v, %v", p, err)
		}
		v := e.Visitor()
		wantRedirect(t, v, "/kultura/muziejai", "/veiklos-sritys/muziejai")
		wantRedirect(t, v, "/kultura", "/veiklos-sritys")
		mustContain(t, "moved page", v.Get("/veiklos-sritys/muziejai"), `<h1 lang="lt">Muziejai</h1>`)
	})
}

// TestDuplicateSectionNames: a title a sibling has, or one whose address is
// taken, is refused with the typed title kept; under another parent the
// same title is fine.
func TestDuplicateSectionNames(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		freeSection(t, e, "Turizmas", 0)
		c := e.Login("reception")
		res := c.Post("/admin/sections", url.Values{"title": {"turizmas "}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("a duplicate title: %d", res.Status)
		}
		mustContain(t, "duplicate", res, "Šiame meniu jau yra skyrius „Turizmas“", `value="turizmas "`)
		res = c.Post("/admin/sections", url.Values{"title": {"Turizmas!"}})
		mustContain(t, "duplicate address", res, "Adresu /turizmas jau skelbiamas", `value="Turizmas!"`)
		if res := c.Post("/admin/sections", url.Values{"title": {"Turizmas"}, "parent_id": {id(sectionID(t, e, "veiklos-sritys"))}}); res.Status != http.StatusSeeOther {
			t.Errorf("the same title under another section: %d", res.Status)
		}
		other := freeSection(t, e, "Verslas", 0)
		res = c.Post("/admin/sections/"+id(other), url.Values{"title": {"Turizmas"}, "version": {sectionVersion(t, e, other)}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("renaming to a sibling's title: %d", res.Status)
		}
		mustContain(t, "rename kept", res, `value="Turizmas"`, "Šiame meniu jau yra skyrius")
		if sec, _ := site.FindSection(context.Background(), e.DB, e.In.ID, other); sec.Title != "Verslas" {
			t.Errorf("the refused rename changed the title to %q", sec.Title)
		}
	})
}

// A free section whose first page is scheduled (WEB-21) appears in the menu
// with the page, at its go-live instant, before the job records it.
func TestEmptyFreeSectionShowsWithScheduledPage(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		secID := freeSection(t, e, "Verslas", 0)
		editor := e.Users["admin"].Actor()
		start := time.Now().Truncate(time.Minute)
		e.SetNow(start)
		_, revID, err := e.App.Site.CreatePage(ctx, editor, e.In, form(secID, e.Depts["A"], "Verslo pradžia", "Patarimai.", start.AddDate(0, 2, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Submit(ctx, editor, e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		at := start.AddDate(0, 0, 3)
		if err := e.App.Site.Schedule(ctx, editor, e.In, revID, 2, goLive(at)); err != nil {
			t.Fatal(err)
		}
		if res := e.Visitor().Get("/"); strings.Contains(res.Body, `href="/verslas"`) {
			t.Error("before the go-live time the section is in the menu")
		}
		e.SetNow(at.Add(time.Minute))
		mustContain(t, "at the go-live time", e.Visitor().Get("/"), `href="/verslas"`)
	})
}
