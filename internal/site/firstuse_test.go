package site_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/web"
)

// TestTermShownAsLastDay (WEB-23): the staff lists, the page overview, the
// public page and the archive all name the same last day of publication;
// none shows the midnight after it as a date.
func TestTermShownAsLastDay(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		lastDay := time.Now().AddDate(0, 0, 10)
		day, next := web.FormatDate(lastDay), web.FormatDate(lastDay.AddDate(0, 0, 1))
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Vandens tiekimas", lastDay)
		staff := e.Login("editorA")
		shown := map[string]apptest.Response{
			"published list": staff.Get("/admin?sarasas=" + site.ListPublished),
			"expiring list":  staff.Get("/admin?sarasas=" + site.ListExpiring),
			"overview":       staff.Get("/admin/pages/" + strconv.FormatInt(pageID, 10)),
			"public page":    e.Visitor().Get("/veiklos-sritys/vandens-tiekimas"),
		}
		for what, res := range shown {
			mustContain(t, what, res, day)
			if strings.Contains(res.Body, next) {
				t.Errorf("%s shows %s, the day after the last day %s", what, next, day)
			}
		}

		// After the term the page is archived: its list names the same day
		// and the state "archived", not "published".
		e.SetNow(lastDay.AddDate(0, 0, 3))
		if err := e.App.Site.ArchiveExpired(context.Background()); err != nil {
			t.Fatal(err)
		}
		archived := e.Login("editorA").Get("/admin?sarasas=" + site.ListArchived)
		mustContain(t, "archived list", archived, day, `sv-tag--archived">Archyve`)
		if strings.Contains(archived.Body, "sv-tag--published") {
			t.Error("the archived list shows an archived page as published")
		}
		for what, res := range map[string]apptest.Response{
			"archived list":  archived,
			"public archive": e.Visitor().Get("/archyvas"),
			"archived page":  e.Visitor().Get("/archyvas/veiklos-sritys/vandens-tiekimas"),
		} {
			mustContain(t, what, res, day)
			if strings.Contains(res.Body, next) {
				t.Errorf("%s shows %s, the day after the last day %s", what, next, day)
			}
		}
	})
}

// TestShortenedTermSaysShortened (WEB-23, X-02): an earlier last day is a
// shortened term in the editor's message and in the audit trail; a later
// one is an extension.
func TestShortenedTermSaysShortened(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		lastDay := time.Now().AddDate(0, 2, 0)
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Vandens tiekimas", lastDay)
		overview := "/admin/pages/" + strconv.FormatInt(pageID, 10)
		c := e.Login("editorA")
		change := func(to time.Time) apptest.Response {
			t.Helper()
			p, err := site.FindPage(ctx, e.DB, e.In.ID, pageID)
			if err != nil {
				t.Fatal(err)
			}
			res := c.Post(overview+"/extend", url.Values{"version": {strconv.FormatInt(p.Version, 10)}, "term_end": {web.FormatDate(to)}})
			if res.Status != 303 {
				t.Fatalf("change term: %d\n%s", res.Status, res.Body)
			}
			return c.Get(overview)
		}
		shorter := lastDay.AddDate(0, -1, 0)
		page := change(shorter)
		mustContain(t, "shortened", page, "Publikavimo terminas sutrumpintas.")
		if strings.Contains(page.Body, "pratęstas") {
			t.Error("a shortened term is called extended on the page")
		}
		entries, _, err := audit.Find(ctx, e.DB, audit.Filter{ObjectID: pageID, Action: "site.page.shorten"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || !strings.Contains(entries[0].Summary, "sutrumpintas iki "+web.FormatDate(shorter)) {
			t.Errorf("audit of a shortened term: %+v", entries)
		}
		mustContain(t, "extended", change(lastDay), "Publikavimo terminas pratęstas.")
		if _, n, _ := audit.Find(ctx, e.DB, audit.Filter{ObjectID: pageID, Action: "site.page.extend"}); n != 1 {
			t.Errorf("extensions recorded: %d, want 1", n)
		}
	})
}
