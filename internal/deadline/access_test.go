package deadline_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/feedback"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/store"
)

// openFor opens a deadline of module for department dept (0: none), owed
// to a resident.
func openFor(t *testing.T, e *apptest.Env, module string, dept int64) *deadline.Deadline {
	t.Helper()
	var d *deadline.Deadline
	err := e.DB.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		d, err = e.App.Deadlines.Open(context.Background(), tx, actor.NewJob("test", e.In.ID), deadline.Spec{InstitutionID: e.In.ID,
			Module: module, SubjectType: "test", SubjectID: 1, Title: "Atsakyti gyventojui", DepartmentID: dept,
			Start: vilnius("2026-03-02"), Rule: deadline.Rule{N: 10, Unit: calendar.WorkingDays},
			Person: deadline.Person{Name: "Rūta Gyventoja", Email: "ruta@example.lt", Lang: "lt"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDeadlineAccess (X-02, EPS-13): who may open a deadline, with the
// resident's name and address, and who may extend, pause or resume it,
// follows the item it belongs to. Anyone else gets 404 (its existence is not
// told) or, if they may see it, 403; nothing changes and nobody is emailed.
func TestDeadlineAccess(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		e.SetNow(vilnius("2026-03-03"))
		fb := openFor(t, e, feedback.ModuleFeedback, 0)
		review := openFor(t, e, site.ModuleReview, e.Depts["A"])
		legal := openFor(t, e, site.ModuleLegalAct, e.Depts["A"])
		const see, act, hidden = 1, 2, 0
		for _, tc := range []struct {
			user string
			d    *deadline.Deadline
			want int
		}{
			{"admin", fb, act}, {"reception", fb, act}, {"editorA", fb, hidden}, {"contributorC", fb, hidden}, {"legal", fb, hidden},
			{"otherAdmin", fb, hidden},
			{"editorA", review, act}, {"contributorA", review, see}, {"editorB", review, hidden}, {"contributorC", review, hidden},
			{"reception", review, act}, {"legal", review, hidden},
			{"legal", legal, act}, {"editorA", legal, see}, {"contributorA", legal, see}, {"reception", legal, hidden},
		} {
			c := e.Login(tc.user)
			path := fmt.Sprintf("/admin/terminai/%d", tc.d.ID)
			page := c.Get(path)
			switch tc.want {
			case hidden:
				if page.Status != http.StatusNotFound || strings.Contains(page.Body, "ruta@example.lt") {
					t.Errorf("%s opening a %s deadline: status %d, want 404 without the resident's address", tc.user, tc.d.Module, page.Status)
				}
			default:
				if page.Status != http.StatusOK || !strings.Contains(page.Body, "ruta@example.lt") {
					t.Errorf("%s opening a %s deadline: status %d, want 200", tc.user, tc.d.Module, page.Status)
				}
				if got := strings.Contains(page.Body, path+"/pratesti"); got != (tc.want == act) {
					t.Errorf("%s on a %s deadline: extension form shown %v, want %v", tc.user, tc.d.Module, got, tc.want == act)
				}
			}
			if tc.want == act {
				continue
			}
			before := len(mails(t, e, "deadline.person.pause"))
			for _, step := range []struct {
				path string
				form url.Values
			}{
				{"/pratesti", url.Values{"n": {"20"}, "unit": {"working-days"}, "reason": {"Reikia daugiau laiko"}, "version": {"1"}}},
				{"/sustabdyti", url.Values{"pause_reason": {"Laukiama dokumentų"}, "version": {"1"}}},
				{"/testi", url.Values{"version": {"1"}}},
			} {
				res := c.Post(path+step.path, step.form)
				if res.Status != http.StatusNotFound && res.Status != http.StatusForbidden {
					t.Errorf("%s POST %s on a %s deadline: status %d, want 403 or 404", tc.user, step.path, tc.d.Module, res.Status)
				}
			}
			got, err := deadline.Find(context.Background(), e.DB, e.In.ID, tc.d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != 1 || got.Due != tc.d.Due || got.Paused() {
				t.Errorf("%s changed a %s deadline: version %d, due %s", tc.user, tc.d.Module, got.Version, got.Due)
			}
			if n := len(mails(t, e, "deadline.person.pause")); n != before {
				t.Errorf("%s's refused pause emailed the resident", tc.user)
			}
		}
	})
}

// TestDeadlineListIsScoped: the "Terminai" list, even with "all", shows a
// member of staff only the deadlines they may see.
func TestDeadlineListIsScoped(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		e.SetNow(vilnius("2026-03-03"))
		openFor(t, e, feedback.ModuleFeedback, 0)
		openFor(t, e, site.ModuleReview, e.Depts["B"])
		for user, want := range map[string]int{"admin": 2, "reception": 2, "editorB": 1, "contributorC": 0, "editorA": 0} {
			body := e.Login(user).Get("/admin/terminai?visi=1").Body
			if n := strings.Count(body, "Atsakyti gyventojui"); n != want {
				t.Errorf("%s sees %d deadlines in the list, want %d", user, n, want)
			}
		}
	})
}

// TestRemindersReachWhoMayAct: with nobody responsible in person, a
// reminder goes to the staff who may act on the deadline — a legal act's to
// the legal-acts publisher (WEB-19), not to the department that may only
// see it; accessibility feedback's to the reception editor — and always to
// the administrators.
func TestRemindersReachWhoMayAct(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		e.SetNow(vilnius("2026-03-03"))
		openFor(t, e, site.ModuleLegalAct, e.Depts["A"])
		openFor(t, e, feedback.ModuleFeedback, 0)
		e.SetNow(vilnius("2026-03-13")) // due 2026-03-16: within two working days
		if err := e.App.Deadlines.Sweep(context.Background(), actor.NewJob("terminų priminimai", 0)); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(mails(t, e, "deadline.reminder"), "\n")
		for _, who := range []string{"legal", "reception", "admin"} {
			if !strings.Contains(got, e.Users[who].Email) {
				t.Errorf("%s was not reminded:\n%s", who, got)
			}
		}
		for _, who := range []string{"editorA", "contributorA"} {
			if strings.Contains(got, e.Users[who].Email) {
				t.Errorf("%s, who may not act on these deadlines, was reminded", who)
			}
		}
	})
}

// TestReminderLinksToTheInstitutionsSite: a reminder of another
// institution's deadline links to that institution's site, not to the
// installation's default address.
func TestReminderLinksToTheInstitutionsSite(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		e.SetNow(vilnius("2026-03-03"))
		err := e.DB.InTx(context.Background(), func(tx *store.Tx) error {
			_, err := e.App.Deadlines.Open(context.Background(), tx, actor.NewJob("test", e.Other.ID), deadline.Spec{InstitutionID: e.Other.ID,
				Module: site.ModuleReview, SubjectType: "page", SubjectID: 1, Title: "Peržiūrėti puslapį", Link: "/admin/pages/1",
				ResponsibleID: e.Users["otherAdmin"].ID, Start: vilnius("2026-03-02"), Rule: deadline.Rule{N: 10, Unit: calendar.WorkingDays}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		e.SetNow(vilnius("2026-03-13"))
		if err := e.App.Deadlines.Sweep(context.Background(), actor.NewJob("terminų priminimai", 0)); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(mails(t, e, "deadline.reminder"), "\n")
		if !strings.Contains(got, "://kita.example") || !strings.Contains(got, "/admin/pages/1") {
			t.Errorf("the other institution's reminder does not link to its own site:\n%s", got)
		}
	})
}

// TestCloseIsAudited: a deadline closed because its item no longer
// needs it (a page taken off the site, feedback closed without an answer)
// is in the audit trail, under who closed it.
func TestCloseIsAudited(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		e.SetNow(vilnius("2026-03-03"))
		d := openFor(t, e, feedback.ModuleFeedback, 0)
		by := e.Users["reception"].Actor()
		err := e.DB.InTx(context.Background(), func(tx *store.Tx) error {
			return e.App.Deadlines.Close(context.Background(), tx, by, feedback.ModuleFeedback, "test", 1, "Pasikartojantis pranešimas")
		})
		if err != nil {
			t.Fatal(err)
		}
		entries, _, err := audit.Find(context.Background(), e.DB, audit.Filter{InstitutionID: e.In.ID, Action: "deadline.closed", Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].ObjectID != d.ID || entries[0].Actor.ID != by.ID ||
			!strings.Contains(entries[0].Summary, "Pasikartojantis pranešimas") {
			t.Errorf("audit entries of the closed deadline: %+v", entries)
		}
	})
}

// TestExtendRefusesBadInput: a term typed wrong (not a number, none, over a
// year, an unknown unit) or with no reason gets the form back with what to
// fix and what was typed, and the deadline is unchanged.
func TestExtendRefusesBadInput(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		e.SetNow(vilnius("2026-03-03"))
		d := openFor(t, e, site.ModuleReview, e.Depts["A"])
		c := e.Login("editorA")
		path := fmt.Sprintf("/admin/terminai/%d/pratesti", d.ID)
		for _, f := range []url.Values{
			{"n": {"x"}, "unit": {"working-days"}, "reason": {"Daug darbo"}},
			{"n": {"0"}, "unit": {"working-days"}, "reason": {"Daug darbo"}},
			{"n": {"367"}, "unit": {"working-days"}, "reason": {"Daug darbo"}},
			{"n": {"20"}, "unit": {"savaites"}, "reason": {"Daug darbo"}},
			{"n": {"20"}, "unit": {"working-days"}, "reason": {"  "}},
		} {
			f.Set("version", "1")
			res := c.Post(path, f)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `value="`+f.Get("n")+`"`) {
				t.Errorf("extension %v: status %d, want 422 with the typed term kept", f, res.Status)
			}
		}
		got, err := deadline.Find(context.Background(), e.DB, e.In.ID, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 || got.Due != d.Due {
			t.Errorf("refused extensions changed the deadline: version %d, due %s", got.Version, got.Due)
		}
	})
}
