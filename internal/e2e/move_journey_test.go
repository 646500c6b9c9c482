package e2e_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/browsertest"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/web"
)

// Done means: a moved page's old address redirects. A department editor
// moves a published page to another section through the forms, without
// any script; a visitor who follows the old address reads the page at the
// new one.
func TestMovedPageOldAddressRedirects(t *testing.T) {
	e := apptest.New(t, "sqlite")
	ctx := context.Background()
	editor := e.Users["editorA"].Actor()
	tree, err := site.Tree(ctx, e.DB, e.In.ID)
	if err != nil {
		t.Fatal(err)
	}
	var activities int64
	for _, sec := range tree {
		if sec.Path == "/veiklos-sritys" {
			activities = sec.ID
		}
	}
	const title = "Šiukšlių išvežimo grafikas"
	pageID, revID, err := e.App.Site.CreatePage(ctx, editor, e.In, &site.PageForm{Title: title, Body: "Atliekos išvežamos kas antrą savaitę.",
		SectionID: activities, DepartmentID: e.Depts["A"], ResponsibleName: "Ona Onaitė", ResponsiblePhone: "(8 5) 200 0001",
		ResponsibleEmail: "ona.onaite@savivaldybe.lt", TermEnd: web.FormatDate(time.Now().AddDate(0, 6, 0))})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.App.Site.Submit(ctx, editor, e.In, revID, 1); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Site.Publish(ctx, editor, e.In, revID, 2); err != nil {
		t.Fatal(err)
	}

	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	logIn(t, b, "editora@savivaldybe.lt")
	b.Navigate("/admin/pages/" + strconv.FormatInt(pageID, 10))
	b.Click(`main a[href$="/move"]`)
	b.Fill("section_id", "Paslaugos")
	b.ClickButton("Perkelti puslapį")
	if got := b.Text(".sv-banner"); got != "Puslapis perkeltas. Senas adresas nukreipia į naują." {
		t.Errorf("after moving: %q", got)
	}

	visitor := b.Fresh()
	visitor.Navigate("/veiklos-sritys/siuksliu-isvezimo-grafikas")
	if got := visitor.Path(); got != "/paslaugos/siuksliu-isvezimo-grafikas" {
		t.Errorf("the old address led to %s", got)
	}
	if got := visitor.Text("main h1"); got != title {
		t.Errorf("heading at the new address: %q", got)
	}
	for _, errs := range [][]string{b.ConsoleErrors(), visitor.ConsoleErrors()} {
		for _, e := range errs {
			t.Errorf("browser console: %s", e)
		}
	}
}
