package site_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/web"
)

// formValues reads the named inputs and textareas of the first form whose
// action is action, as a browser would send them.
func formValues(t *testing.T, body, action string) url.Values {
	t.Helper()
	i := strings.Index(body, `action="`+action+`"`)
	if i < 0 {
		t.Fatalf("no form posting to %s", action)
	}
	form := body[i:]
	form = form[:strings.Index(form, "</form>")]
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"`).FindAllStringSubmatch(form, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(form, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	return v
}

// TestEditConflictKeepsText: when someone else saved the page first, the
// second editor gets the editor back (409) with everything they typed, a
// message and what changed meanwhile; saving again puts their text on the
// new version.
func TestEditConflictKeepsText(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Transportas", time.Now().AddDate(1, 0, 0))
		edit := "/admin/pages/" + strconv.FormatInt(pageID, 10) + "/edit"
		first, second := e.Login("editorA"), e.Login("reception")
		f1 := formValues(t, first.Get(edit).Body, edit)
		f2 := formValues(t, second.Get(edit).Body, edit)
		f1.Set("body", "Autobusai važiuoja kas valandą.")
		if res := first.Post(edit, f1); res.Status != http.StatusSeeOther {
			t.Fatalf("first save: %d", res.Status)
		}
		f2.Set("body", "Maršrutas Nr. 5 pratęstas iki stoties.")
		res := second.Post(edit, f2)
		if res.Status != http.StatusConflict {
			t.Fatalf("second save: %d, want 409", res.Status)
		}
		mustContain(t, "the conflict editor", res, "Kol redagavote, puslapį pakeitė kitas žmogus", "Maršrutas Nr. 5 pratęstas iki stoties.",
			`<ins><span class="sv-visually-hidden">Pridėta: </span>Autobusai`, `class="sv-admin"`)
		again := formValues(t, res.Body, edit)
		if again.Get("body") != "Maršrutas Nr. 5 pratęstas iki stoties." || again.Get("version") == f2.Get("version") {
			t.Fatalf("the conflict form: body %q version %s", again.Get("body"), again.Get("version"))
		}
		if res := second.Post(edit, again); res.Status != http.StatusSeeOther {
			t.Fatalf("saving again on the new version: %d\n%s", res.Status, res.Body)
		}
		revs, _ := site.Revisions(context.Background(), e.DB, pageID)
		if len(revs) != 2 || revs[0].BodyMD != "Maršrutas Nr. 5 pratęstas iki stoties." {
			t.Errorf("after saving again: %d revisions, the open one %q", len(revs), revs[0].BodyMD)
		}
	})
}

// TestPreviewHTTP (WEB-11): the editor's preview shows the typed text in
// the public page's template with its metadata, saves nothing and is not
// stored by browsers; saved revisions are previewed the same way; visitors
// are sent to log in.
func TestPreviewHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Kelių remontas", time.Now().AddDate(1, 0, 0))
		pid := strconv.FormatInt(pageID, 10)
		c := e.Login("contributorA")
		edit := "/admin/pages/" + pid + "/edit"
		f := formValues(t, c.Get(edit).Body, edit)
		mustContain(t, "the editor's preview button", c.Get(edit), `formaction="/admin/pages/`+pid+`/preview" formtarget="_blank"`)
		f.Set("body", "Remontuojama **Vilniaus** gatvė.")
		res := c.Post("/admin/pages/"+pid+"/preview", f)
		if res.Status != http.StatusOK {
			t.Fatalf("preview: %d", res.Status)
		}
		mustContain(t, "preview", res, "Peržiūra – taip puslapis atrodys lankytojams.", "<strong>Vilniaus</strong>", "Ona Onaitė",
			"A skyrius", "Skelbiama iki", `aria-label="Pagrindinis meniu"`)
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("preview Cache-Control %q", cc)
		}
		if revs, _ := site.Revisions(ctx, e.DB, pageID); len(revs) != 1 {
			t.Errorf("the preview saved something: %d revisions", len(revs))
		}
		f.Set("section_id", strconv.FormatInt(sectionID(t, e, "veiklos-sritys"), 10))
		mustContain(t, "a new page's preview", c.Post("/admin/pages/preview", f), "Remontuojama", "Veiklos sritys")

		revs, _ := site.Revisions(ctx, e.DB, pageID)
		rev := "/admin/revisions/" + strconv.FormatInt(revs[0].ID, 10)
		mustContain(t, "a saved revision", c.Get(rev), "Peržiūra – taip puslapis", "Versija Nr. 1 (Paskelbta)", "Turinys: Kelių remontas")
		if res := e.Visitor().Get(rev); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login") {
			t.Errorf("a visitor opening a preview: %d %s", res.Status, res.Location)
		}
		if res := e.Login("editorB").Get(rev); res.Status != http.StatusNotFound {
			t.Errorf("another department's editor opening a preview: %d, want 404", res.Status)
		}
	})
}

// TestRevisionsHTTP: the overview links to the revisions; they are listed,
// compared with marked changes and a legend, restored as a draft; a draft
// is deleted after a confirm step.
func TestRevisionsHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Parkai", time.Now().AddDate(1, 0, 0))
		pid := strconv.FormatInt(pageID, 10)
		second, v := newRevision(t, e, "editorA", pageID, "Parkai ir skverai", "Turinys: Skverai")
		if err := e.App.Site.Publish(ctx, e.Users["editorA"].Actor(), e.In, second, v); err != nil {
			t.Fatal(err)
		}
		revs, _ := site.Revisions(ctx, e.DB, pageID)
		c := e.Login("editorA")
		mustContain(t, "overview", c.Get("/admin/pages/"+pid), `href="/admin/pages/`+pid+`/revisions"`)
		list := c.Get("/admin/pages/" + pid + "/revisions")
		mustContain(t, "revisions", list, "Parkai ir skverai", "Atkurti kaip juodraštį", `action="/admin/pages/`+pid+`/compare"`)
		cmp := c.Get("/admin/pages/" + pid + "/compare?a=" + strconv.FormatInt(revs[0].ID, 10) + "&b=" + strconv.FormatInt(revs[1].ID, 10))
		mustContain(t, "compare", cmp, "Žymėjimas:", `<del><span class="sv-visually-hidden">Pašalinta: </span>Parkai</del>`,
			`<ins><span class="sv-visually-hidden">Pridėta: </span>Skverai</ins>`, "Pakeitimai nuo versijos Nr. 1 iki versijos Nr. 2.")
		// Another page's revision, a missing one, a word or nothing: not there.
		otherID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Aikštės", time.Now().AddDate(1, 0, 0))
		other, _ := site.Revisions(ctx, e.DB, otherID)
		a := strconv.FormatInt(revs[0].ID, 10)
		for _, b := range []string{strconv.FormatInt(other[0].ID, 10), "999999", "du", "", "+" + a} {
			if res := c.Get("/admin/pages/" + pid + "/compare?a=" + a + "&b=" + url.QueryEscape(b)); res.Status != http.StatusNotFound {
				t.Errorf("comparing with b=%q: %d, want 404", b, res.Status)
			}
		}

		restore := "/admin/revisions/" + strconv.FormatInt(revs[1].ID, 10) + "/restore"
		if res := c.Post(restore, nil); res.Status != http.StatusSeeOther || res.Location != "/admin/pages/"+pid+"/edit" {
			t.Fatalf("restore: %d %s", res.Status, res.Location)
		}
		res := c.Post(restore, nil)
		if res.Status != http.StatusConflict {
			t.Errorf("a second restore with a draft open: %d, want 409", res.Status)
		}
		mustContain(t, "restore refused", res, "Puslapis jau turi atvirą versiją Nr. 3")

		revs, _ = site.Revisions(ctx, e.DB, pageID)
		del := "/admin/revisions/" + strconv.FormatInt(revs[0].ID, 10) + "/delete"
		mustContain(t, "overview with a draft", c.Get("/admin/pages/"+pid), `href="`+del+`"`)
		confirm := c.Get(del)
		mustContain(t, "confirm", confirm, "Ištrinti versiją Nr. 3")
		if res := c.Post(del, formValues(t, confirm.Body, del)); res.Status != http.StatusSeeOther || res.Location != "/admin/pages/"+pid {
			t.Errorf("delete: %d %s", res.Status, res.Location)
		}
		if res := c.Post(del, formValues(t, confirm.Body, del)); res.Status != http.StatusNotFound {
			t.Errorf("a replayed delete: %d, want 404", res.Status)
		}
	})
}

// TestScheduleHTTP: the reviewer schedules from the overview; a bad time
// keeps the form with a message; the overview shows the schedule; a
// replayed form changes nothing; archiving needs a reason.
func TestScheduleHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Bibliotekos", time.Now().AddDate(1, 0, 0))
		pid := strconv.FormatInt(pageID, 10)
		revID, _ := newRevision(t, e, "contributorA", pageID, "Bibliotekos", "Nauja darbo tvarka")
		schedule := "/admin/revisions/" + strconv.FormatInt(revID, 10) + "/schedule"
		c := e.Login("editorA")
		f := formValues(t, c.Get("/admin/pages/"+pid).Body, schedule)
		f.Set("go_live", "rytoj")
		res := c.Post(schedule, f)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("a bad time: %d", res.Status)
		}
		mustContain(t, "a bad time", res, "Paskelbimo laikas turi būti data ir laikas", `value="rytoj"`)
		at := time.Now().Add(48 * time.Hour)
		f.Set("go_live", goLive(at))
		if res := c.Post(schedule, f); res.Status != http.StatusSeeOther {
			t.Fatalf("schedule: %d\n%s", res.Status, res.Body)
		}
		mustContain(t, "overview", c.Get("/admin/pages/"+pid), "Suplanuota "+web.FormatDateTime(at), "Atšaukti suplanuotą paskelbimą")
		mustContain(t, "the list of scheduled pages", c.Get("/admin?sarasas="+site.ListScheduled), "Suplanuoti paskelbti",
			`href="/admin/pages/`+pid+`"`, "Suplanuota "+web.FormatDateTime(at))
		if res := c.Post(schedule, f); res.Status != http.StatusConflict {
			t.Errorf("a replayed schedule: %d, want 409", res.Status)
		}
		mustContain(t, "the live page meanwhile", e.Visitor().Get("/veiklos-sritys/bibliotekos"), "Turinys: Bibliotekos")

		p, _ := site.FindPage(ctx, e.DB, e.In.ID, pageID)
		archive := "/admin/pages/" + pid + "/archive"
		res = c.Post(archive, url.Values{"version": {strconv.FormatInt(p.Version, 10)}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("archive without a reason: %d", res.Status)
		}
		mustContain(t, "archive without a reason", res, "Nurodykite, kodėl puslapis perkeliamas į archyvą")
		if res := c.Post(archive, url.Values{"version": {strconv.FormatInt(p.Version, 10)}, "archive_reason": {"Biblioteka uždaryta."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("archive: %d", res.Status)
		}
		if res := e.Visitor().Get("/archyvas/veiklos-sritys/bibliotekos"); res.Status != http.StatusOK {
			t.Errorf("the archived page: %d", res.Status)
		}
		if p, _ := site.FindPage(ctx, e.DB, e.In.ID, pageID); p.Scheduled() {
			t.Error("archiving kept the schedule of the page")
		}
	})
}
