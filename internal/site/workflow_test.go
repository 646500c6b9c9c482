package site_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

// each runs a test on a fresh application per database backend.
func each(t *testing.T, fn func(t *testing.T, e *apptest.Env)) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) { fn(t, apptest.New(t, d)) })
	}
}

func sectionID(t *testing.T, e *apptest.Env, key string) int64 {
	t.Helper()
	tree, err := site.Tree(context.Background(), e.DB, e.In.ID)
	if err != nil {
		t.Fatal(err)
	}
	var find func([]*site.Section) int64
	find = func(secs []*site.Section) int64 {
		for _, s := range secs {
			if strings.HasSuffix(s.ProfileKey, ":"+key) {
				return s.ID
			}
			if id := find(s.Children); id != 0 {
				return id
			}
		}
		return 0
	}
	id := find(tree)
	if id == 0 {
		t.Fatalf("no section %s", key)
	}
	return id
}

func form(sectionID, deptID int64, title, body string, lastDay time.Time) *site.PageForm {
	return &site.PageForm{Title: title, Body: body, SectionID: sectionID, DepartmentID: deptID,
		ResponsibleName: "Ona Onaitė", ResponsiblePhone: "(8 5) 200 0001", ResponsibleEmail: "ona.onaite@savivaldybe.lt",
		TermEnd: web.FormatDate(lastDay)}
}

// publishPage creates a page as author and publishes it as publisher.
func publishPage(t *testing.T, e *apptest.Env, author, publisher, section string, dept int64, title string, lastDay time.Time) (pageID int64) {
	t.Helper()
	ctx := context.Background()
	pageID, revID, err := e.App.Site.CreatePage(ctx, e.Users[author].Actor(), e.In, form(sectionID(t, e, section), dept, title, "Turinys: "+title, lastDay))
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if err := e.App.Site.Submit(ctx, e.Users[author].Actor(), e.In, revID, 1); err != nil {
		t.Fatalf("submit: %v", err)
	}
	if err := e.App.Site.Publish(ctx, e.Users[publisher].Actor(), e.In, revID, 2); err != nil {
		t.Fatalf("publish: %v", err)
	}
	return pageID
}

// TestReviewWorkflow follows WEB-20 and WEB-21: a contributor's draft goes
// to review, is returned with a reason, fixed, resubmitted and published by
// the department's editor; every step is in the audit trail (X-02, WEB-24).
func TestReviewWorkflow(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc, contributor, editor := e.App.Site, e.Users["contributorA"], e.Users["editorA"]
		f := form(sectionID(t, e, "veiklos-sritys"), e.Depts["A"], "Socialinės paslaugos", "Teikiame **pagalbą** namuose.", time.Now().AddDate(0, 6, 0))
		pageID, revID, err := svc.CreatePage(ctx, contributor.Actor(), e.In, f)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Publish(ctx, contributor.Actor(), e.In, revID, 1); !errors.Is(err, web.ErrForbidden) {
			t.Errorf("a contributor publishing: got %v, want ErrForbidden", err)
		}
		if err := svc.Submit(ctx, contributor.Actor(), e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		if err := svc.Return(ctx, editor.Actor(), e.In, revID, 2, " "); err == nil {
			t.Error("returning without a reason was accepted")
		}
		if err := svc.Return(ctx, editor.Actor(), e.In, revID, 2, "Trūksta darbo laiko."); err != nil {
			t.Fatal(err)
		}
		rev, err := site.FindRevision(ctx, e.DB, e.In.ID, revID)
		if err != nil {
			t.Fatal(err)
		}
		if rev.State != site.StateReturned || rev.ReturnReason != "Trūksta darbo laiko." {
			t.Fatalf("after return: state %s, reason %q", rev.State, rev.ReturnReason)
		}
		f.Body += "\n\nDarbo laikas: I–V 8–17."
		f.Version = rev.Version
		if _, err := svc.SaveRevision(ctx, contributor.Actor(), e.In, pageID, f); err != nil {
			t.Fatal(err)
		}
		if err := svc.Submit(ctx, contributor.Actor(), e.In, revID, rev.Version+1); err != nil {
			t.Fatal(err)
		}
		if err := svc.Publish(ctx, editor.Actor(), e.In, revID, rev.Version+2); err != nil {
			t.Fatal(err)
		}
		p, live, err := site.LivePage(ctx, e.DB, e.In.ID, "/veiklos-sritys/socialines-paslaugos", time.Now())
		if err != nil {
			t.Fatalf("published page not live: %v", err)
		}
		if !strings.Contains(live.BodyHTML, "<strong>pagalbą</strong>") || !strings.Contains(live.BodyHTML, "Darbo laikas") {
			t.Errorf("live body = %q", live.BodyHTML)
		}
		if p.PublishedBy != editor.ID {
			t.Errorf("published_by = %d, want the editor %d (WEB-24)", p.PublishedBy, editor.ID)
		}
		entries, _, err := audit.Find(ctx, e.DB, audit.Filter{ObjectType: "page", ObjectID: pageID})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for i := len(entries) - 1; i >= 0; i-- {
			actions = append(actions, entries[i].Action)
		}
		want := "site.page.create site.revision.submit site.revision.return site.revision.edit site.revision.submit site.revision.publish"
		if got := strings.Join(actions, " "); got != want {
			t.Errorf("audit trail:\n got %s\nwant %s", got, want)
		}
		if _, err := audit.Verify(ctx, e.DB); err != nil {
			t.Errorf("audit chain: %v", err)
		}
	})
}

// TestStaleFormChangesNothing: a replayed or stale form gets a conflict and
// writes nothing, not even an audit entry.
func TestStaleFormChangesNothing(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc, editor := e.App.Site, e.Users["editorA"]
		_, revID, err := svc.CreatePage(ctx, editor.Actor(), e.In, form(sectionID(t, e, "veiklos-sritys"), e.Depts["A"], "Aplinkosauga", "Tekstas", time.Now().AddDate(1, 0, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Submit(ctx, editor.Actor(), e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		_, before, err := audit.Find(ctx, e.DB, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Submit(ctx, editor.Actor(), e.In, revID, 1); !errors.Is(err, store.ErrConflict) {
			t.Errorf("replayed submit: got %v, want ErrConflict", err)
		}
		if err := svc.Publish(ctx, editor.Actor(), e.In, revID, 1); !errors.Is(err, store.ErrConflict) {
			t.Errorf("publish with a stale version: got %v, want ErrConflict", err)
		}
		_, after, err := audit.Find(ctx, e.DB, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if after != before {
			t.Errorf("audit entries: %d before, %d after refused steps", before, after)
		}
	})
}

// TestNewRevisionKeepsLivePage: editing a published page makes a new
// revision that goes through review while the published one stays live.
func TestNewRevisionKeepsLivePage(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc, editor := e.App.Site, e.Users["editorA"]
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Švietimas", time.Now().AddDate(1, 0, 0))
		f := form(sectionID(t, e, "veiklos-sritys"), e.Depts["A"], "Švietimas", "Nauja versija", time.Now().AddDate(1, 0, 0))
		p, err := site.FindPage(ctx, e.DB, e.In.ID, pageID)
		if err != nil {
			t.Fatal(err)
		}
		f.Base = p.LiveRevisionID
		revID, err := svc.SaveRevision(ctx, editor.Actor(), e.In, pageID, f)
		if err != nil {
			t.Fatal(err)
		}
		_, live, err := site.LivePage(ctx, e.DB, e.In.ID, "/veiklos-sritys/svietimas", time.Now())
		if err != nil || live.BodyMD != "Turinys: Švietimas" {
			t.Fatalf("while the new revision is a draft the live page shows %v %v", live, err)
		}
		if err := svc.Submit(ctx, editor.Actor(), e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		if err := svc.Publish(ctx, editor.Actor(), e.In, revID, 2); err != nil {
			t.Fatal(err)
		}
		_, live, err = site.LivePage(ctx, e.DB, e.In.ID, "/veiklos-sritys/svietimas", time.Now())
		if err != nil || live.BodyMD != "Nauja versija" {
			t.Fatalf("after publishing, the live page shows %v %v", live, err)
		}
		revs, _ := site.Revisions(ctx, e.DB, pageID)
		if len(revs) != 2 || revs[1].State != site.StateSuperseded {
			t.Errorf("the old revision should be superseded: %+v", revs)
		}
	})
}

// TestLegalActsOnlyByPublisher: only the appointed publisher publishes in
// the legal-acts sections (WEB-19).
func TestLegalActsOnlyByPublisher(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc := e.App.Site
		_, revID, err := svc.CreatePage(ctx, e.Users["editorA"].Actor(), e.In, form(sectionID(t, e, "teises-aktai"), e.Depts["A"], "Tarybos sprendimas Nr. T-1", "Sprendimas", time.Now().AddDate(1, 0, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Submit(ctx, e.Users["editorA"].Actor(), e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"editorA", "reception"} {
			if err := svc.Publish(ctx, e.Users[who].Actor(), e.In, revID, 2); !errors.Is(err, web.ErrForbidden) {
				t.Errorf("%s publishing a legal act: got %v, want ErrForbidden", who, err)
			}
		}
		if err := svc.Publish(ctx, e.Users["legal"].Actor(), e.In, revID, 2); err != nil {
			t.Errorf("the legal-acts publisher: %v", err)
		}
	})
}

// TestTermEndArchives: when the term ends the page leaves the live site and
// is found in the archive; ArchiveExpired on two instances records the move
// once; extending the term brings the page back (WEB-23).
func TestTermEndArchives(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		lastDay := time.Now().AddDate(0, 0, 3)
		pageID := publishPage(t, e, "reception", "reception", "veiklos-sritys", 0, "Renginių kalendorius", lastDay)
		path := "/veiklos-sritys/renginiu-kalendorius"
		after := lastDay.AddDate(0, 0, 2)
		if _, _, err := site.LivePage(ctx, e.DB, e.In.ID, path, after); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("after the term the page is still live: %v", err)
		}
		if _, _, err := site.ArchivedPage(ctx, e.DB, e.In.ID, path, after); err != nil {
			t.Errorf("after the term the page is not in the archive: %v", err)
		}
		e.SetNow(after)
		second := site.NewService(e.DB, web.NewRenderer(), e.App.Cache, e.App.Deadlines, e.App.Notify)
		for _, svc := range []*site.Service{e.App.Site, second, e.App.Site} {
			if err := svc.ArchiveExpired(ctx); err != nil {
				t.Fatal(err)
			}
		}
		_, n, _ := audit.Find(ctx, e.DB, audit.Filter{Action: "site.page.archive", ObjectID: pageID})
		if n != 1 {
			t.Errorf("archive recorded %d times, want once", n)
		}
		p, _ := site.FindPage(ctx, e.DB, e.In.ID, pageID)
		if err := e.App.Site.ExtendTerm(ctx, e.Users["reception"].Actor(), e.In, pageID, p.Version, web.FormatDate(after.AddDate(0, 1, 0))); err != nil {
			t.Fatal(err)
		}
		if _, _, err := site.LivePage(ctx, e.DB, e.In.ID, path, after); err != nil {
			t.Errorf("after extension the page is not live: %v", err)
		}
	})
}

// TestMandatedStructure: every institution gets the sections of Resolution
// No. 480 in order (WEB-01); they cannot be deleted or renamed (WEB-02);
// free sections are added with titles of at most four significant words
// (WEB-03).
func TestMandatedStructure(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		tree, err := site.Tree(ctx, e.DB, e.In.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range tree {
			got = append(got, s.Title)
		}
		want := "Struktūra ir kontaktai|Teisinė informacija|Veiklos sritys|Korupcijos prevencija|Administracinė informacija|Paslaugos|Atviri duomenys|Asmens duomenų apsauga|Nuorodos"
		if strings.Join(got, "|") != want {
			t.Errorf("top sections:\n got %s\nwant %s", strings.Join(got, "|"), want)
		}
		if n := len(tree[1].Children); n != 5 {
			t.Errorf("Teisinė informacija has %d areas, want 5", n)
		}
		if n := len(tree[4].Children); n != 9 {
			t.Errorf("Administracinė informacija has %d areas, want 9", n)
		}
		admin, svc := e.Users["admin"], e.App.Site
		err = svc.DeleteSection(ctx, admin.Actor(), e.In, tree[0].ID, 0)
		var fe web.FieldErrors
		if !errors.As(err, &fe) || fe[0].Key != "site.error.section_mandated" {
			t.Errorf("deleting a mandated section: got %v", err)
		}
		err = svc.UpdateSection(ctx, admin.Actor(), e.In, tree[0].ID, &site.SectionForm{Title: "Kontaktai", NotProvided: "", Version: tree[0].UpdatedAt.UnixMilli()})
		if err != nil {
			t.Fatal(err)
		}
		sec, _ := site.FindSection(ctx, e.DB, e.In.ID, tree[0].ID)
		if sec.Title != "Struktūra ir kontaktai" {
			t.Errorf("a mandated section was renamed to %q", sec.Title)
		}
		_, err = svc.CreateSection(ctx, admin.Actor(), e.In, &site.SectionForm{Title: "Savivaldybės tarybos posėdžių vaizdo įrašai archyve"})
		if !errors.As(err, &fe) || fe[0].Key != "site.error.menu_title_too_long" {
			t.Errorf("a five-word menu title: got %v", err)
		}
		id, err := svc.CreateSection(ctx, admin.Actor(), e.In, &site.SectionForm{Title: "Turizmas ir poilsis"})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.DeleteSection(ctx, e.Users["editorA"].Actor(), e.In, id, 0); !errors.Is(err, web.ErrForbidden) {
			t.Errorf("a department editor deleting a section: got %v", err)
		}
		if err := svc.DeleteSection(ctx, admin.Actor(), e.In, id, 0); err != nil {
			t.Errorf("deleting an empty free section: %v", err)
		}
	})
}
