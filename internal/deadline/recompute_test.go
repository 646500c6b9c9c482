package deadline_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/holidays"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// operator is who runs "savivalda calendar days-off" on the server.
var operator = actor.NewJob("komandinė eilutė: operatorius", 0)

const dayOff, dayOffBasis = "2026-10-07", "Vyriausybės nutarimas Nr. 999"

// openIn starts a three-working-day deadline on 2026-10-05 (due
// 2026-10-08) in institution in, owed by no department.
func openIn(t *testing.T, e *apptest.Env, in int64) *deadline.Deadline {
	t.Helper()
	var d *deadline.Deadline
	err := e.DB.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		d, err = e.App.Deadlines.Open(context.Background(), tx, actor.NewJob("test", in), deadline.Spec{InstitutionID: in, Module: "site.review",
			SubjectType: "page", SubjectID: 7, Title: "Atsakyti gyventojui", Link: "/admin/pages/7",
			Start: vilnius("2026-10-05"), Rule: deadline.Rule{N: 3, Unit: calendar.WorkingDays}})
		return err
	})
	storetest.Fatal(t, "open deadline", err)
	return d
}

func calendarService(e *apptest.Env) *holidays.Service {
	return holidays.NewService(e.DB, e.App.Deadlines.Recompute)
}

func dueOf(t *testing.T, e *apptest.Env, d *deadline.Deadline) string {
	t.Helper()
	got, err := deadline.Find(context.Background(), e.DB, d.InstitutionID, d.ID)
	storetest.Fatal(t, "find deadline", err)
	return got.Due.String()
}

func auditOf(t *testing.T, e *apptest.Env, institutionID int64, action string) []audit.Entry {
	t.Helper()
	es, _, err := audit.Find(context.Background(), e.DB, audit.Filter{InstitutionID: institutionID, Action: action, Limit: 100})
	storetest.Fatal(t, "read audit trail", err)
	return es
}

// A Government-declared day off is national: on an
// installation of several institutions one institution's administrator
// cannot add it, and sees the calendar read-only with the reason; the
// operator adds it, and it moves the deadlines of every institution, with
// the change in every institution's audit trail and each one's staff told.
func TestDayOffOnSeveralInstitutions(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		mine, theirs := openIn(t, e, e.In.ID), openIn(t, e, e.Other.ID)

		c := e.Login("admin")
		res := c.Post("/admin/calendar", url.Values{"date": {dayOff}, "name": {"Papildoma poilsio diena"}, "basis": {dayOffBasis}})
		if res.Status != http.StatusForbidden {
			t.Errorf("an institution's administrator adds a national day off: status %d, want 403", res.Status)
		}
		if due := dueOf(t, e, theirs); due != "2026-10-08" {
			t.Fatalf("the other institution's deadline moved to %s", due)
		}
		page := c.Get("/admin/calendar?year=2026")
		if !strings.Contains(page.Body, "savivalda calendar days-off") || strings.Contains(page.Body, `name="basis"`) || strings.Contains(page.Body, "/remove") {
			t.Errorf("the calendar page is not read-only with the reason (status %d)", page.Status)
		}

		err := calendarService(e).Add(context.Background(), operator, dayOff, "Papildoma poilsio diena", dayOffBasis)
		storetest.Fatal(t, "the operator adds the day", err)
		for _, d := range []*deadline.Deadline{mine, theirs} {
			if due := dueOf(t, e, d); due != "2026-10-09" {
				t.Errorf("deadline of institution %d: due %s, want 2026-10-09", d.InstitutionID, due)
			}
		}
		for _, in := range []int64{e.In.ID, e.Other.ID} {
			es := auditOf(t, e, in, "calendar.holiday.add")
			if len(es) != 1 || es[0].Actor.Name != operator.Name || !strings.Contains(es[0].Summary, "perkelta šios įstaigos terminų: 1") {
				t.Errorf("institution %d's audit trail: %+v, want the day off by the operator, one deadline moved", in, es)
			}
			if n := len(auditOf(t, e, in, "deadline.recompute")); n != 1 {
				t.Errorf("institution %d: %d deadline moves audited, want 1", in, n)
			}
		}
		moved := strings.Join(mails(t, e, "deadline.moved"), "\n")
		for _, who := range []string{e.Users["admin"].Email, e.Users["otherAdmin"].Email} {
			if !strings.Contains(moved, who) {
				t.Errorf("%s not told of the moved deadline:\n%s", who, moved)
			}
		}
	})
}

// The deadlines move in the same transaction as the day off: when one
// cannot be recomputed (its stored start date is no date), the day off is
// not stored and no deadline moves, so the calendar and the due dates never
// disagree.
func TestDayOffNotStoredWhenRecomputeFails(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		good, bad := openIn(t, e, e.In.ID), openIn(t, e, e.Other.ID)
		err := e.DB.InTx(context.Background(), func(tx *store.Tx) error {
			return tx.ExecOne(context.Background(), `UPDATE deadlines SET start_date = '2026-02-30' WHERE id = ?`, bad.ID)
		})
		storetest.Fatal(t, "corrupt a row", err)

		if err := calendarService(e).Add(context.Background(), operator, dayOff, "Papildoma poilsio diena", dayOffBasis); err == nil {
			t.Fatal("the day off was added although the deadlines could not be recomputed")
		}
		if days, _ := holidays.List(context.Background(), e.DB, 2026); len(days) != 0 {
			t.Errorf("stored days off: %+v, want none", days)
		}
		if due := dueOf(t, e, good); due != "2026-10-08" {
			t.Errorf("a deadline moved to %s without the day off", due)
		}
		if es := auditOf(t, e, 0, ""); len(es) != 0 {
			for _, x := range es {
				if strings.HasPrefix(x.Action, "calendar.") || x.Action == "deadline.recompute" {
					t.Errorf("audited although nothing was committed: %s %s", x.Action, x.Summary)
				}
			}
		}
		if n := len(mails(t, e, "deadline.moved")); n != 0 {
			t.Errorf("%d move notices queued", n)
		}
	})
}

// On an installation that serves one institution its administrator keeps
// the calendar; nobody else's deadlines can move.
func TestDayOffByTheOnlyInstitutionsAdministrator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			return tx.ExecOne(context.Background(), `DELETE FROM institutions WHERE id = ?`, e.Other.ID)
		})
		storetest.Fatal(t, "leave one institution", err)
		d := openIn(t, e, e.In.ID)
		c := e.Login("admin")
		res := c.Post("/admin/calendar", url.Values{"date": {dayOff}, "name": {"Papildoma poilsio diena"}, "basis": {dayOffBasis}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("adding a day off: %d\n%s", res.Status, res.Body)
		}
		if due := dueOf(t, e, d); due != "2026-10-09" {
			t.Errorf("after the day off: due %s, want 2026-10-09", due)
		}
		moved := mails(t, e, "deadline.moved")
		if len(moved) == 0 || !strings.Contains(moved[0], "2026-10-08") || !strings.Contains(moved[0], "2026-10-09") {
			t.Errorf("staff told of the move: %q", moved)
		}
	})
}
