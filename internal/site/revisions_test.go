package site_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// TestWordDiff: a changed word is marked whole, the rest stays as it was,
// and the parts give both texts back.
func TestWordDiff(t *testing.T) {
	parts := site.WordDiff("Priimame prašymus pirmadieniais, 8–17 val.", "Priimame prašymus antradieniais, 8–17 val.")
	var old, new, marked strings.Builder
	for _, p := range parts {
		switch p.Op {
		case site.Same:
			old.WriteString(p.Text)
			new.WriteString(p.Text)
			marked.WriteString(p.Text)
		case site.Removed:
			old.WriteString(p.Text)
			marked.WriteString("[-" + p.Text + "]")
		case site.Added:
			new.WriteString(p.Text)
			marked.WriteString("[+" + p.Text + "]")
		}
	}
	if old.String() != "Priimame prašymus pirmadieniais, 8–17 val." || new.String() != "Priimame prašymus antradieniais, 8–17 val." {
		t.Errorf("the parts do not give the texts back: %q / %q", old.String(), new.String())
	}
	if got, want := marked.String(), "Priimame prašymus [-pirmadieniais][+antradieniais], 8–17 val."; got != want {
		t.Errorf("marked:\n got %s\nwant %s", got, want)
	}
	c := &site.Comparison{Fields: site.CompareRevisions(&site.Revision{Title: "A", BodyMD: "senas"}, &site.Revision{Title: "A", BodyMD: "naujas"}), Lang: "lt"}
	html := string(c.HTML())
	for _, want := range []string{`<del><span class="sv-visually-hidden">Pašalinta: </span>senas</del>`,
		`<ins><span class="sv-visually-hidden">Pridėta: </span>naujas</ins>`, "Žymėjimas:"} {
		if !strings.Contains(html, want) {
			t.Errorf("comparison lacks %q:\n%s", want, html)
		}
	}
}

// TestRestoreRevision (WEB-21): an earlier revision comes back as a new
// draft, audited, while the live one stays; with a revision already open,
// restoring is refused with a message naming it.
func TestRestoreRevision(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc, editor := e.App.Site, e.Users["editorA"]
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Kultūra", time.Now().AddDate(1, 0, 0))
		revs, _ := site.Revisions(ctx, e.DB, pageID)
		first := revs[0]
		second, v := newRevision(t, e, "editorA", pageID, "Kultūra ir menas", "Kitas tekstas")
		if err := svc.Publish(ctx, editor.Actor(), e.In, second, v); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Restore(ctx, e.Users["editorB"].Actor(), e.In, first.ID); !errors.Is(err, web.ErrForbidden) {
			t.Errorf("another department's editor restoring: got %v", err)
		}
		restored, err := svc.Restore(ctx, e.Users["contributorA"].Actor(), e.In, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := site.FindRevision(ctx, e.DB, e.In.ID, restored)
		if r.State != site.StateDraft || r.Number != 3 || r.Title != "Kultūra" || r.BodyMD != first.BodyMD {
			t.Errorf("restored draft: %+v", r)
		}
		if _, live, _ := site.LivePage(ctx, e.DB, e.In.ID, "/veiklos-sritys/kultura", time.Now()); live == nil || live.ID != second {
			t.Error("restoring changed the live page")
		}
		var fe web.FieldErrors
		if _, err := svc.Restore(ctx, editor.Actor(), e.In, second); !errors.As(err, &fe) || fe[0].Key != "site.error.restore_open" {
			t.Errorf("restoring with a draft open: got %v", err)
		}
		_, n, _ := audit.Find(ctx, e.DB, audit.Filter{Action: "site.revision.restore", ObjectID: pageID})
		if n != 1 {
			t.Errorf("restore audited %d times", n)
		}
	})
}

// TestDeleteDraft: a draft goes by its author or an editor of the page, not
// by another contributor; a published revision cannot be deleted; a page
// never published goes with its only draft.
func TestDeleteDraft(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc := e.App.Site
		pageID := publishPage(t, e, "editorA", "editorA", "veiklos-sritys", e.Depts["A"], "Sportas", time.Now().AddDate(1, 0, 0))
		p, _ := site.FindPage(ctx, e.DB, e.In.ID, pageID)
		if _, err := svc.DeleteDraft(ctx, e.Users["editorA"].Actor(), e.In, p.LiveRevisionID, 2); !errors.Is(err, store.ErrConflict) {
			t.Errorf("deleting the published revision: got %v, want ErrConflict", err)
		}
		f := form(p.SectionID, p.DepartmentID, "Sportas", "Juodraštis", time.Now().AddDate(1, 0, 0))
		f.Base = p.LiveRevisionID
		draft, err := svc.SaveRevision(ctx, e.Users["editorA"].Actor(), e.In, pageID, f)
		if err != nil {
			t.Fatal(err)
		}
		other := e.Users["contributorA"]
		if _, err := svc.DeleteDraft(ctx, other.Actor(), e.In, draft, 1); !errors.Is(err, web.ErrForbidden) {
			t.Errorf("a contributor deleting someone else's draft: got %v", err)
		}
		if gone, err := svc.DeleteDraft(ctx, e.Users["reception"].Actor(), e.In, draft, 1); err != nil || gone {
			t.Fatalf("the reception editor deleting a draft: gone %v, %v", gone, err)
		}
		if _, err := site.FindRevision(ctx, e.DB, e.In.ID, draft); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the deleted draft is still there: %v", err)
		}
		if _, _, err := site.LivePage(ctx, e.DB, e.In.ID, "/veiklos-sritys/sportas", time.Now()); err != nil {
			t.Errorf("deleting a draft took the live page: %v", err)
		}

		newPage, rev, err := svc.CreatePage(ctx, other.Actor(), e.In, form(p.SectionID, p.DepartmentID, "Bandymas", "Tekstas", time.Now().AddDate(1, 0, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if gone, err := svc.DeleteDraft(ctx, other.Actor(), e.In, rev, 1); err != nil || !gone {
			t.Fatalf("the author deleting a new page's only draft: gone %v, %v", gone, err)
		}
		if _, err := site.FindPage(ctx, e.DB, e.In.ID, newPage); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a page never published outlived its only draft: %v", err)
		}
		_, n, _ := audit.Find(ctx, e.DB, audit.Filter{Action: "site.revision.delete"})
		if n != 2 {
			t.Errorf("deletions audited: %d, want 2", n)
		}
	})
}

// TestResubmissionShowsChanges (WEB-21): what a reviewer returned is kept,
// so the resubmitted revision can be compared with it.
func TestResubmissionShowsChanges(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc, contributor, editor := e.App.Site, e.Users["contributorA"], e.Users["editorA"]
		f := form(sectionID(t, e, "veiklos-sritys"), e.Depts["A"], "Atliekos", "Atliekos išvežamos kas savaitę.", time.Now().AddDate(0, 6, 0))
		pageID, revID, err := svc.CreatePage(ctx, contributor.Actor(), e.In, f)
		if err != nil {
			t.Fatal(err)
		}
		_ = svc.Submit(ctx, contributor.Actor(), e.In, revID, 1)
		if err := svc.Return(ctx, editor.Actor(), e.In, revID, 2, "Nurodykite dieną."); err != nil {
			t.Fatal(err)
		}
		f.Body, f.Version = "Atliekos išvežamos kas antradienį.", 3
		if _, err := svc.SaveRevision(ctx, contributor.Actor(), e.In, pageID, f); err != nil {
			t.Fatal(err)
		}
		_ = svc.Submit(ctx, contributor.Actor(), e.In, revID, 4)
		rev, _ := site.FindRevision(ctx, e.DB, e.In.ID, revID)
		ret, err := site.LastReturn(ctx, e.DB, rev)
		if err != nil {
			t.Fatal(err)
		}
		if ret.Reason != "Nurodykite dieną." || ret.BodyMD != "Atliekos išvežamos kas savaitę." {
			t.Errorf("the return kept %q with %q", ret.BodyMD, ret.Reason)
		}
		overview := e.Login("editorA").Get("/admin/pages/" + strconv.FormatInt(pageID, 10))
		mustContain(t, "the reviewer's overview", overview, "Pateikta pakartotinai", "Nurodykite dieną.",
			`<del><span class="sv-visually-hidden">Pašalinta: </span>savaitę</del>`, `<ins><span class="sv-visually-hidden">Pridėta: </span>antradienį</ins>`)
		body := site.CompareRevisions(&ret.Revision, rev)[1]
		if !body.Changed || len(body.Parts) < 3 || body.Parts[1].Text != "savaitę" || body.Parts[2].Text != "antradienį" {
			t.Errorf("the body's changes since the return: %+v", body.Parts)
		}
	})
}
