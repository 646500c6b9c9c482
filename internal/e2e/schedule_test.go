package e2e_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/browsertest"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/web"
)

// An editor compares a resubmitted revision with the live one, approves it
// to go live tomorrow at nine, and a visitor sees the new text from exactly
// then (WEB-21): the old one until the minute before, with nothing done in
// between but the clock moving.
func TestScheduledRevisionGoesLiveAtItsTime(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	ctx := context.Background()
	svc, contributor := e.App.Site, e.Users["contributorA"].Actor()
	start := time.Now().Truncate(time.Minute)
	e.SetNow(start)

	sec := findSectionByKey(t, e, "veiklos-sritys")
	f := &site.PageForm{Title: "Baseino darbo laikas", Body: "Baseinas dirba nuo 7 iki 21 val.", SectionID: sec, DepartmentID: e.Depts["A"],
		ResponsibleName: "Ona Onaitė", ResponsiblePhone: "(8 5) 200 0001", ResponsibleEmail: "ona.onaite@savivaldybe.lt",
		TermEnd: web.FormatDate(start.AddDate(1, 0, 0))}
	pageID, revID, err := svc.CreatePage(ctx, contributor, e.In, f)
	if err != nil {
		t.Fatal(err)
	}
	must(t, svc.Submit(ctx, contributor, e.In, revID, 1))
	must(t, svc.Publish(ctx, e.Users["editorA"].Actor(), e.In, revID, 2))
	p, _ := site.FindPage(ctx, e.DB, e.In.ID, pageID)
	f.Body, f.Base = "Baseinas dirba nuo 6 iki 22 val.", p.LiveRevisionID
	next, err := svc.SaveRevision(ctx, contributor, e.In, pageID, f)
	must(t, err)
	must(t, svc.Submit(ctx, contributor, e.In, next, 1))

	logIn(t, b, "editora@savivaldybe.lt")
	b.Navigate("/admin/pages/" + itoa(pageID))
	b.ClickLink("Visos versijos ir palyginimas")
	b.ClickLink("Palyginti su ankstesne versija Nr. 2")
	// What a screen reader says: the hidden words name each change.
	var diff string
	b.Eval(`document.querySelector(".sv-compare").textContent`, &diff)
	for _, want := range []string{"Pašalinta: 7", "Pridėta: 6", "Pašalinta: 21", "Pridėta: 22"} {
		if !strings.Contains(diff, want) {
			t.Errorf("the comparison lacks %q:\n%s", want, diff)
		}
	}

	at := time.Date(start.Year(), start.Month(), start.Day(), 9, 0, 0, 0, web.Vilnius).AddDate(0, 0, 1)
	b.Navigate("/admin/pages/" + itoa(pageID))
	b.Fill("go_live", at.Format("2006-01-02T15:04"))
	b.ClickButton("Patvirtinti ir paskelbti nurodytu laiku")
	if got := b.Text(".sv-banner"); got != "Versija patvirtinta ir bus paskelbta nurodytu laiku." {
		t.Errorf("after scheduling: %q", got)
	}
	if got := b.Text("#scheduled-h + p"); !strings.Contains(got, "bus paskelbta "+web.FormatDateTime(at)) {
		t.Errorf("the overview's schedule: %q", got)
	}

	visitor := b.Fresh()
	e.SetNow(at.Add(-time.Minute))
	visitor.Navigate("/veiklos-sritys/baseino-darbo-laikas")
	if got := visitor.Text("main .sv-prose"); got != "Baseinas dirba nuo 7 iki 21 val." {
		t.Errorf("a minute before the time: %q", got)
	}
	e.SetNow(at)
	visitor.Navigate("/veiklos-sritys/baseino-darbo-laikas")
	if got := visitor.Text("main .sv-prose"); got != "Baseinas dirba nuo 6 iki 22 val." {
		t.Errorf("at the time: %q", got)
	}
	if got := visitor.Text("main aside"); !strings.Contains(got, web.FormatDate(at)) {
		t.Errorf("the block about the page does not show the update on %s:\n%s", web.FormatDate(at), got)
	}
	for _, errs := range [][]string{b.ConsoleErrors(), visitor.ConsoleErrors()} {
		for _, e := range errs {
			t.Errorf("browser console: %s", e)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// findSectionByKey is the id of the mandated section with the profile key.
func findSectionByKey(t *testing.T, e *apptest.Env, key string) int64 {
	t.Helper()
	tree, err := site.Tree(context.Background(), e.DB, e.In.ID)
	if err != nil {
		t.Fatal(err)
	}
	sec := findSection(tree, func(s *site.Section) bool { return strings.HasSuffix(s.ProfileKey, ":"+key) })
	if sec == nil {
		t.Fatalf("no section %s", key)
	}
	return sec.ID
}
