package site_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// newRevision starts a draft of a live page with body and submits it; it
// returns the revision and its version in review.
func newRevision(t *testing.T, e *apptest.Env, author string, pageID int64, title, body string) (revID, version int64) {
	t.Helper()
	ctx := context.Background()
	p, err := site.FindPage(ctx, e.DB, e.In.ID, pageID)
	if err != nil {
		t.Fatal(err)
	}
	f := form(p.SectionID, p.DepartmentID, title, body, time.Now().AddDate(1, 0, 0))
	f.Base = p.LiveRevisionID
	revID, err = e.App.Site.SaveRevision(ctx, e.Users[author].Actor(), e.In, pageID, f)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.App.Site.Submit(ctx, e.Users[author].Actor(), e.In, revID, 1); err != nil {
		t.Fatal(err)
	}
	return revID, 2
}

func goLive(t time.Time) string { return t.In(web.Vilnius).Format("2006-01-02T15:04") }

// TestScheduledPublishing (WEB-21): a reviewer approves a revision to go live
// at a set time. Before it the visitor sees the old revision, from it the
// new one, on a cached page too and with nothing written in between; the
// background step then records the publication once, whichever instances
// run it, with the approver responsible for the next review (WEB-10,
// WEB-24).
func TestScheduledPublishing(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc, editor := e.App.Site, e.Users["editorA"]
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Vandens tiekimas", time.Now().AddDate(1, 0, 0))
		path := "/veiklos-sritys/vandens-tiekimas"
		revID, version := newRevision(t, e, "contributorA", pageID, "Vandens tiekimas", "Nauji vandens kainų tarifai.")

		start := time.Now().Truncate(time.Minute)
		e.SetNow(start)
		at := start.Add(2 * time.Hour)
		if err := svc.Schedule(ctx, e.Users["contributorA"].Actor(), e.In, revID, version, goLive(at)); !errors.Is(err, web.ErrForbidden) {
			t.Errorf("a contributor scheduling: got %v, want ErrForbidden", err)
		}
		var fe web.FieldErrors
		if err := svc.Schedule(ctx, editor.Actor(), e.In, revID, version, goLive(start.Add(-time.Hour))); !errors.As(err, &fe) || fe[0].Key != "site.error.go_live_past" {
			t.Errorf("scheduling in the past: got %v", err)
		}
		if err := svc.Schedule(ctx, editor.Actor(), e.In, revID, version, goLive(at)); err != nil {
			t.Fatal(err)
		}
		if err := svc.Schedule(ctx, editor.Actor(), e.In, revID, version, goLive(at)); !errors.Is(err, store.ErrConflict) {
			t.Errorf("a replayed schedule form: got %v, want ErrConflict", err)
		}

		visitor := e.Visitor()
		mustContain(t, "before the go-live time", visitor.Get(path), "Turinys: Vandens tiekimas")
		mustContain(t, "before the go-live time, cached", visitor.Get(path), "Turinys: Vandens tiekimas")
		e.SetNow(at.Add(-time.Millisecond))
		if res := visitor.Get(path); strings.Contains(res.Body, "Nauji vandens") {
			t.Error("the new revision is shown before its time")
		}
		e.SetNow(at)
		mustContain(t, "at the go-live time, with nothing written", visitor.Get(path), "Nauji vandens kainų tarifai.")
		if _, live, err := site.LivePage(ctx, e.DB, e.In.ID, path, at); err != nil || live.ID != revID {
			t.Errorf("LivePage at the go-live time: %v %v", live, err)
		}
		_, n, _ := audit.Find(ctx, e.DB, audit.Filter{Action: "site.revision.publish", ObjectID: pageID})
		if n != 1 {
			t.Errorf("publication recorded %d times before the job ran, want only the first publication", n)
		}

		second := site.NewService(e.DB, web.NewRenderer(), e.App.Cache, e.App.Deadlines, e.App.Notify)
		for _, s := range []*site.Service{svc, second, svc} {
			if err := s.PublishDue(ctx); err != nil {
				t.Fatal(err)
			}
		}
		_, n, _ = audit.Find(ctx, e.DB, audit.Filter{Action: "site.revision.publish", ObjectID: pageID})
		if n != 2 {
			t.Errorf("publish entries: %d, want 2 (the first publication and the scheduled one, once)", n)
		}
		p, _ := site.FindPage(ctx, e.DB, e.In.ID, pageID)
		if p.LiveRevisionID != revID || p.Scheduled() || p.PublishedBy != editor.ID || !p.UpdatedAt.Equal(at) {
			t.Errorf("after the job: live %d scheduled %v by %d updated %v", p.LiveRevisionID, p.Scheduled(), p.PublishedBy, p.UpdatedAt)
		}
		revs, _ := site.Revisions(ctx, e.DB, pageID)
		if revs[0].State != site.StatePublished || revs[1].State != site.StateSuperseded {
			t.Errorf("states after the job: %s, %s", revs[0].State, revs[1].State)
		}
		reviews, _ := deadline.ForSubject(ctx, e.DB, site.ModuleReview, "page", pageID)
		var open *deadline.Deadline
		for _, d := range reviews {
			if d.State == deadline.Open {
				open = d
			}
		}
		if open == nil || open.ResponsibleID != editor.ID {
			t.Errorf("the next review term: %+v, want one with the approver responsible", open)
		}
		mustContain(t, "after the job", visitor.Get(path), "Nauji vandens kainų tarifai.")
	})
}

// TestScheduledNewPageAndCancel: a page never published is not public before
// its go-live time and is after it; a cancelled schedule puts the revision
// back in review and the page does not go live; cancelling twice is a
// conflict.
func TestScheduledNewPageAndCancel(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc, editor := e.App.Site, e.Users["editorA"]
		start := time.Now().Truncate(time.Minute)
		e.SetNow(start)
		pageID, revID, err := svc.CreatePage(ctx, editor.Actor(), e.In, form(sectionID(t, e, "veiklos-sritys"), e.Depts["A"], "Naujas renginys", "Kviečiame.", start.AddDate(0, 2, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Submit(ctx, editor.Actor(), e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		at := start.AddDate(0, 0, 3)
		var fe web.FieldErrors
		if err := svc.Schedule(ctx, editor.Actor(), e.In, revID, 2, goLive(start.AddDate(0, 3, 0))); !errors.As(err, &fe) || fe[0].Key != "site.error.go_live_after_term" {
			t.Errorf("a go-live time after the term: got %v", err)
		}
		if err := svc.Schedule(ctx, editor.Actor(), e.In, revID, 2, goLive(at)); err != nil {
			t.Fatal(err)
		}
		path := "/veiklos-sritys/naujas-renginys"
		if _, _, err := site.LivePage(ctx, e.DB, e.In.ID, path, at.Add(-time.Minute)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("before its time the new page is public: %v", err)
		}
		if _, _, err := site.LivePage(ctx, e.DB, e.In.ID, path, at); err != nil {
			t.Errorf("at its time the new page is not public: %v", err)
		}
		if next, _ := site.NextTermEnd(ctx, e.DB, start); !next.Equal(at) {
			t.Errorf("the render cache would expire at %v, want the go-live time %v", next, at)
		}

		p, _ := site.FindPage(ctx, e.DB, e.In.ID, pageID)
		if err := svc.CancelSchedule(ctx, e.Users["contributorA"].Actor(), e.In, pageID, p.Version); !errors.Is(err, web.ErrForbidden) {
			t.Errorf("a contributor cancelling: got %v", err)
		}
		if err := svc.CancelSchedule(ctx, editor.Actor(), e.In, pageID, p.Version); err != nil {
			t.Fatal(err)
		}
		if err := svc.CancelSchedule(ctx, editor.Actor(), e.In, pageID, p.Version); !errors.Is(err, store.ErrConflict) {
			t.Errorf("a replayed cancel: got %v, want ErrConflict", err)
		}
		if _, _, err := site.LivePage(ctx, e.DB, e.In.ID, path, at); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a cancelled schedule still goes live: %v", err)
		}
		rev, _ := site.FindRevision(ctx, e.DB, e.In.ID, revID)
		if rev.State != site.StateReview {
			t.Errorf("after cancelling the revision is %s, want review", rev.State)
		}
		e.SetNow(at.Add(time.Hour))
		if err := svc.PublishDue(ctx); err != nil {
			t.Fatal(err)
		}
		if p, _ := site.FindPage(ctx, e.DB, e.In.ID, pageID); p.LiveRevisionID != 0 {
			t.Error("the job published a cancelled schedule")
		}
	})
}

// TestArchiveNow (WEB-23): a publisher moves a live page to the archive at
// once, with a reason; without one, or as a contributor, nothing changes.
func TestArchiveNow(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc := e.App.Site
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Senas konkursas", time.Now().AddDate(1, 0, 0))
		path := "/veiklos-sritys/senas-konkursas"
		p, _ := site.FindPage(ctx, e.DB, e.In.ID, pageID)
		var fe web.FieldErrors
		if err := svc.ArchiveNow(ctx, e.Users["editorA"].Actor(), e.In, pageID, p.Version, " "); !errors.As(err, &fe) || fe[0].Field != "archive_reason" {
			t.Errorf("archiving without a reason: got %v", err)
		}
		if err := svc.ArchiveNow(ctx, e.Users["contributorA"].Actor(), e.In, pageID, p.Version, "Baigėsi"); !errors.Is(err, web.ErrForbidden) {
			t.Errorf("a contributor archiving: got %v", err)
		}
		if err := svc.ArchiveNow(ctx, e.Users["editorA"].Actor(), e.In, pageID, p.Version, "Konkursas baigėsi anksčiau."); err != nil {
			t.Fatal(err)
		}
		if err := svc.ArchiveNow(ctx, e.Users["editorA"].Actor(), e.In, pageID, p.Version, "Konkursas baigėsi anksčiau."); !errors.Is(err, store.ErrConflict) {
			t.Errorf("a replayed archive form: got %v", err)
		}
		now := e.DB.Now().Add(time.Millisecond)
		if _, _, err := site.LivePage(ctx, e.DB, e.In.ID, path, now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an archived page is still live: %v", err)
		}
		if _, _, err := site.ArchivedPage(ctx, e.DB, e.In.ID, path, now); err != nil {
			t.Errorf("an archived page is not in the archive: %v", err)
		}
		mustContain(t, "the public archive", e.Visitor().Get("/archyvas"), "Senas konkursas")
		wantRedirect(t, e.Visitor(), path, "/archyvas"+path) // the old address leads to the archived copy
		entries, _, _ := audit.Find(ctx, e.DB, audit.Filter{Action: "site.page.archive_now", ObjectID: pageID})
		if len(entries) != 1 || !strings.Contains(entries[0].Summary, "Konkursas baigėsi anksčiau.") {
			t.Errorf("audit of archive now: %+v", entries)
		}
	})
}
