package deadline_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/staff"
)

// TestReviewReminderReachesThePublisher (WEB-10, WEB-24): publishing a page
// makes its publisher responsible for reviewing it within three months;
// when that is near, the reminder goes to them alone, in the language of
// their account, with an absolute link to the page.
func TestReviewReminderReachesThePublisher(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		e.SetNow(vilnius("2026-03-02"))
		editor := e.Users["editorA"].Actor()
		if err := e.App.Staff.SetNotifications(ctx, editor, staff.NotificationSettings{Mode: staff.NotifyImmediate, Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		tree, err := site.Tree(ctx, e.DB, e.In.ID)
		if err != nil {
			t.Fatal(err)
		}
		f := &site.PageForm{Title: "Socialinės paslaugos", Body: "Tekstas", SectionID: tree[0].ID, DepartmentID: e.Depts["A"],
			ResponsibleName: "Ona Onaitė", ResponsiblePhone: "(8 5) 200 0001", ResponsibleEmail: "ona@savivaldybe.lt", TermEnd: "2027-03-01"}
		pageID, revID, err := e.App.Site.CreatePage(ctx, editor, e.In, f)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Submit(ctx, editor, e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Publish(ctx, editor, e.In, revID, 2); err != nil {
			t.Fatal(err)
		}
		e.SetNow(vilnius("2026-06-01")) // due 2026-06-02
		if err := e.App.Deadlines.Sweep(ctx, actor.NewJob("terminų priminimai", 0)); err != nil {
			t.Fatal(err)
		}
		got := mails(t, e, "deadline.reminder")
		link := fmt.Sprintf("%s/admin/pages/%d\n", e.App.Config.BaseURL, pageID)
		if len(got) != 1 || !strings.HasPrefix(got[0], "editora@savivaldybe.lt Deadline approaching") || !strings.Contains(got[0], link) {
			t.Fatalf("reminders %q: want one to the publisher, in English, linking to %s", got, link)
		}
	})
}
