package site_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/web"
)

// TestSubsectionOfLegalActsIsLegalActs (WEB-19): a free section under
// "Teisės aktai" is a legal-acts section too, so a department editor cannot
// publish a council decision there, and handing it in starts the
// legal-acts publisher's three-working-day term.
func TestSubsectionOfLegalActsIsLegalActs(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		secID, err := e.App.Site.CreateSection(ctx, e.Users["admin"].Actor(), e.In,
			&site.SectionForm{Title: "Tarybos sprendimai", ParentID: sectionID(t, e, "teises-aktai")})
		if err != nil {
			t.Fatal(err)
		}
		editor := e.Users["editorA"].Actor()
		_, revID, err := e.App.Site.CreatePage(ctx, editor, e.In, form(secID, e.Depts["A"], "Dėl biudžeto", "Sprendimas", time.Now().AddDate(1, 0, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Submit(ctx, editor, e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Publish(ctx, editor, e.In, revID, 2); !errors.Is(err, web.ErrForbidden) {
			t.Errorf("a department editor publishing a council decision below Teisės aktai: %v, want ErrForbidden", err)
		}
		rev, err := site.FindRevision(ctx, e.DB, e.In.ID, revID)
		if err != nil {
			t.Fatal(err)
		}
		terms, err := deadline.ForSubject(ctx, e.DB, site.ModuleLegalAct, "page", rev.PageID)
		if err != nil || len(terms) != 1 {
			t.Fatalf("legal-act terms of the page: %v, %v; want one", terms, err)
		}
		if err := e.App.Site.Publish(ctx, e.Users["legal"].Actor(), e.In, revID, 2); err != nil {
			t.Errorf("the legal-acts publisher publishing it: %v", err)
		}
	})
}

// TestStaleNewDraftForm: an edit form opened on the live revision (no
// revision in progress) and sent after the page moved on — a newer revision
// published meanwhile — gets the conflict page and brings no old content
// back as a draft.
func TestStaleNewDraftForm(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Švietimas", time.Now().AddDate(1, 0, 0))
		pid := strconv.FormatInt(pageID, 10)
		editor := e.Login("editorA")
		stale := editor.Get("/admin/pages/" + pid + "/edit")
		base := formValue(t, stale.Body, "base")
		if formValue(t, stale.Body, "version") != "0" || base == "0" {
			t.Fatalf("the editor of a live page: version %q, base %q", formValue(t, stale.Body, "version"), base)
		}
		fields := func(body string) url.Values {
			return url.Values{"title": {"Švietimas"}, "body": {body}, "responsible_name": {"Ona Onaitė"},
				"responsible_phone": {"(8 5) 200 0001"}, "responsible_email": {"ona.onaite@savivaldybe.lt"},
				"term_end": {web.FormatDate(time.Now().AddDate(1, 0, 0))}, "version": {"0"}, "base": {base}}
		}
		// Someone else publishes a new revision in the meantime.
		ctx := context.Background()
		f := form(sectionID(t, e, "veiklos-sritys"), e.Depts["A"], "Švietimas", "Nauja versija", time.Now().AddDate(1, 0, 0))
		f.Base, _ = strconv.ParseInt(base, 10, 64)
		revID, err := e.App.Site.SaveRevision(ctx, e.Users["admin"].Actor(), e.In, pageID, f)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Submit(ctx, e.Users["admin"].Actor(), e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Publish(ctx, e.Users["admin"].Actor(), e.In, revID, 2); err != nil {
			t.Fatal(err)
		}
		res := editor.Post("/admin/pages/"+pid+"/edit", fields("Sena versija"))
		if res.Status != http.StatusConflict {
			t.Errorf("a stale new-draft form: status %d, want 409", res.Status)
		}
		revs, err := site.Revisions(ctx, e.DB, pageID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range revs {
			if r.BodyMD == "Sena versija" {
				t.Errorf("the stale form made revision %d from old content", r.Number)
			}
		}
	})
}

// TestRoleTable: the role table in docs/architecture.md as the staff meet
// it — only administrators take a page off the site (WEB-21), and a page's
// drafts are for those who may edit or publish it.
func TestRoleTable(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Švietimas", time.Now().AddDate(1, 0, 0))
		pid := strconv.FormatInt(pageID, 10)
		for _, user := range []string{"reception", "editorA"} {
			if res := e.Login(user).Post("/admin/pages/"+pid+"/unpublish", url.Values{"unpublish_reason": {"Pasenęs"}, "version": {"2"}}); res.Status != http.StatusForbidden {
				t.Errorf("%s unpublishing: status %d, want 403 (WEB-21: administrators remove content)", user, res.Status)
			}
		}
		for user, want := range map[string]int{"admin": 200, "reception": 200, "editorA": 200, "contributorA": 200,
			"editorB": 404, "contributorC": 404, "legal": 404} {
			if res := e.Login(user).Get("/admin/pages/" + pid); res.Status != want {
				t.Errorf("%s opening department A's page overview: status %d, want %d", user, res.Status, want)
			}
		}
		// A refusal in the staff area keeps the staff menu and the logout.
		if res := e.Login("editorA").Get("/admin/users"); res.Status != http.StatusForbidden ||
			!strings.Contains(res.Body, `action="/admin/logout"`) || !strings.Contains(res.Body, `href="/admin/terminai"`) {
			t.Errorf("a 403 in the staff area (status %d) lost the staff menu", res.Status)
		}
		p, err := site.FindPage(context.Background(), e.DB, e.In.ID, pageID)
		if err != nil {
			t.Fatal(err)
		}
		if res := e.Login("admin").Post("/admin/pages/"+pid+"/unpublish", url.Values{"unpublish_reason": {"Neatitinka reikalavimų"},
			"version": {strconv.FormatInt(p.Version, 10)}}); res.Status != http.StatusSeeOther {
			t.Errorf("the administrator unpublishing: status %d, want 303", res.Status)
		}
	})
}

// formValue is the value of the hidden or text input name in a page.
func formValue(t *testing.T, body, name string) string {
	t.Helper()
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the page has no input %q", name)
	}
	return m[1]
}
