package deadline_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

func each(t *testing.T, fn func(t *testing.T, e *apptest.Env)) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) { fn(t, apptest.New(t, d)) })
	}
}

// vilnius returns 10:00 on a Vilnius date.
func vilnius(date string) time.Time {
	d := calendar.MustParseDate(date)
	return d.Start(web.Vilnius).Add(10 * time.Hour)
}

func open(t *testing.T, e *apptest.Env, start string, rule deadline.Rule, person deadline.Person) *deadline.Deadline {
	t.Helper()
	var d *deadline.Deadline
	err := e.DB.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		d, err = e.App.Deadlines.Open(context.Background(), tx, actor.NewJob("test", e.In.ID), deadline.Spec{InstitutionID: e.In.ID, Module: "site.review",
			SubjectType: "page", SubjectID: 7, Title: "Atsakyti gyventojui", Link: "/admin/pages/7",
			DepartmentID: e.Depts["A"], Start: vilnius(start), Rule: rule, Person: person})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mails(t *testing.T, e *apptest.Env, kind string) []string {
	t.Helper()
	rows, err := e.DB.QueryContext(context.Background(), `SELECT to_address || ' ' || subject || ' ' || text_body FROM outbox_messages WHERE kind = ? ORDER BY id`, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestOpenAndMeet: the due date is computed on the Lithuanian
// calendar from the day after the event, and meeting it records when.
func TestOpenAndMeet(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		d := open(t, e, "2026-12-23", deadline.Rule{N: 1, Unit: calendar.WorkingDays}, deadline.Person{})
		if d.Due.String() != "2026-12-28" {
			t.Errorf("1 working day from 2026-12-23: due %s, want 2026-12-28", d.Due)
		}
		e.SetNow(vilnius("2026-12-28"))
		ctx := context.Background()
		if err := e.DB.InTx(ctx, func(tx *store.Tx) error {
			return e.App.Deadlines.Meet(ctx, tx, actor.NewJob("test", e.In.ID), "site.review", "page", 7)
		}); err != nil {
			t.Fatal(err)
		}
		got, _ := deadline.Find(ctx, e.DB, e.In.ID, d.ID)
		if got.State != deadline.Met || got.MetAt.IsZero() {
			t.Errorf("after meeting on the due date: %s, met at %v", got.State, got.MetAt)
		}
	})
}

// TestExtendPauseResume: a data-subject request (30 calendar days) is
// extended to two months with a reason, paused while the institution waits
// for the person, and resumed; the person hears of each step (DSR-07).
func TestExtendPauseResume(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx, editor := context.Background(), e.Users["editorA"].Actor()
		svc := e.App.Deadlines
		person := deadline.Person{Name: "Jonas Jonaitis", Email: "jonas@example.lt", Lang: "lt"}
		d := open(t, e, "2026-03-02", deadline.Rule{N: 30, Unit: calendar.CalendarDays}, person)
		if d.Due.String() != "2026-04-01" {
			t.Fatalf("30 calendar days from 2026-03-02: %s", d.Due)
		}
		err := svc.Extend(ctx, editor, d.ID, deadline.ExtendForm{N: 2, Unit: "months", Reason: "", Version: d.Version})
		var fe web.FieldErrors
		if !errors.As(err, &fe) {
			t.Fatalf("an extension without a reason: %v", err)
		}
		err = svc.Extend(ctx, editor, d.ID, deadline.ExtendForm{N: 10, Unit: "calendar-days", Reason: "x", Version: d.Version})
		if !errors.As(err, &fe) || fe[0].Key != "deadline.error.not_longer" {
			t.Errorf("a shorter extension: %v", err)
		}
		if err := svc.Extend(ctx, editor, d.ID, deadline.ExtendForm{N: 2, Unit: "months", Reason: "Prašoma daug duomenų", Version: d.Version}); err != nil {
			t.Fatal(err)
		}
		d, _ = deadline.Find(ctx, e.DB, e.In.ID, d.ID)
		if d.Due.String() != "2026-05-04" { // 2026-05-02 is a Saturday
			t.Errorf("two months from 2026-03-02: %s, want 2026-05-04", d.Due)
		}
		if err := svc.Extend(ctx, editor, d.ID, deadline.ExtendForm{N: 3, Unit: "months", Reason: "x", Version: d.Version - 1}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("a stale extension form: %v", err)
		}
		e.SetNow(vilnius("2026-04-10"))
		if err := svc.Pause(ctx, editor, d.ID, d.Version, "Laukiama įgaliojimo"); err != nil {
			t.Fatal(err)
		}
		d, _ = deadline.Find(ctx, e.DB, e.In.ID, d.ID)
		e.SetNow(vilnius("2026-04-20"))
		if err := svc.Resume(ctx, editor, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		d, _ = deadline.Find(ctx, e.DB, e.In.ID, d.ID)
		if d.PausedDays != 10 || d.Due.String() != "2026-05-14" {
			t.Errorf("after a 10-day pause: paused %d days, due %s, want 2026-05-14", d.PausedDays, d.Due)
		}
		told := strings.Join(append(append(mails(t, e, "deadline.person.extend"), mails(t, e, "deadline.person.pause")...), mails(t, e, "deadline.person.resume")...), "\n")
		for _, want := range []string{"jonas@example.lt", "Prašoma daug duomenų", "2026-05-04", "Laukiama įgaliojimo", "2026-05-14"} {
			if !strings.Contains(told, want) {
				t.Errorf("the person was not told %q:\n%s", want, told)
			}
		}
		_, n, _ := audit.Find(ctx, e.DB, audit.Filter{ObjectType: "deadline", ObjectID: d.ID})
		if n != 4 { // open, extend, pause, resume
			t.Errorf("%d audit entries, want 4", n)
		}
	})
}

// TestSweep: a reminder before the due date and on the day it is missed,
// each sent once even when two instances sweep.
func TestSweep(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		d := open(t, e, "2026-11-02", deadline.Rule{N: 10, Unit: calendar.WorkingDays}, deadline.Person{})
		if d.Due.String() != "2026-11-16" {
			t.Fatalf("10 working days from 2026-11-02 (All Souls' Day follows): %s", d.Due)
		}
		second := e.SecondInstance()
		sweep := func(date string) {
			e.SetNow(vilnius(date))
			second.SetNow(vilnius(date))
			for _, svc := range []*deadline.Service{e.App.Deadlines, second.App.Deadlines} {
				if err := svc.Sweep(ctx, sweeper); err != nil {
					t.Fatal(err)
				}
			}
		}
		sweep("2026-11-10")
		if n := len(mails(t, e, "deadline.reminder")); n != 0 {
			t.Errorf("%d reminders four working days ahead", n)
		}
		sweep("2026-11-12") // two working days ahead
		sweep("2026-11-13")
		soon := mails(t, e, "deadline.reminder")
		if len(soon) != 1 || !strings.Contains(soon[0], "editora@savivaldybe.lt") || !strings.Contains(soon[0], "2026-11-16") {
			t.Errorf("due-soon reminders: %q", soon)
		}
		sweep("2026-11-16")
		if n := len(mails(t, e, "deadline.missed")); n != 0 {
			t.Error("missed on the due date itself")
		}
		sweep("2026-11-17")
		sweep("2026-11-18")
		missed := mails(t, e, "deadline.missed")
		got, _ := deadline.Find(ctx, e.DB, e.In.ID, d.ID)
		if len(missed) != 1 || got.State != deadline.Missed {
			t.Errorf("after the due date: %d missed reminders, state %s", len(missed), got.State)
		}
	})
}

// TestTerminaiPage: staff see their open deadlines soonest first with the
// explanation, due-soon and overdue marked, and the report counts them.
func TestTerminaiPage(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		e.SetNow(vilnius("2026-12-21"))
		soon := open(t, e, "2026-12-21", deadline.Rule{N: 1, Unit: calendar.WorkingDays}, deadline.Person{})
		later := open(t, e, "2026-12-21", deadline.Rule{N: 1, Unit: calendar.Months}, deadline.Person{})
		c := e.Login("editorA")
		res := c.Get("/admin/terminai")
		if res.Status != 200 {
			t.Fatalf("Terminai: %d", res.Status)
		}
		body := res.Body
		i, j := strings.Index(body, "/admin/terminai/"+strconv.FormatInt(soon.ID, 10)), strings.Index(body, "/admin/terminai/"+strconv.FormatInt(later.ID, 10))
		if i < 0 || j < 0 || i > j {
			t.Errorf("not listed soonest first (%d, %d)", i, j)
		}
		for _, want := range []string{"2026-12-22", "sv-urgency--due-soon", "Baigiasi netrukus", "2027-01-21", "Kaip apskaičiuota"} {
			if !strings.Contains(body, want) {
				t.Errorf("Terminai lacks %q", want)
			}
		}
		if res := e.Login("editorB").Get("/admin/terminai"); res.Status != 200 || strings.Contains(res.Body, "Atsakyti gyventojui") {
			t.Errorf("department B's editor's Terminai (status %d) shows department A's deadlines, or nothing", res.Status)
		}
		// The due date alone is no explanation: the page says how it was
		// counted.
		show := c.Get("/admin/terminai/" + strconv.FormatInt(soon.ID, 10))
		if want := "Terminas: 1 darbo diena nuo 2026-12-21. Skaičiuojama nuo 2026-12-22. Terminas baigiasi 2026-12-22."; !strings.Contains(show.Body, want) {
			t.Errorf("the deadline page does not explain the date with %q", want)
		}
		e.SetNow(vilnius("2026-12-29"))
		if err := e.App.Deadlines.Sweep(context.Background(), sweeper); err != nil {
			t.Fatal(err)
		}
		c = e.Login("editorA") // a week later the old session has expired
		if res := c.Get("/admin/terminai"); !strings.Contains(res.Body, "sv-urgency--overdue") || !strings.Contains(res.Body, "Praleistas") {
			t.Error("a missed deadline whose task is not done is not listed as overdue")
		}
		report := c.Get("/admin/terminai/ataskaita?nuo=2026-12-01&iki=2027-01-31")
		if !strings.Contains(report.Body, "<td>A skyrius</td><td>0</td><td>1</td><td>1</td>") {
			t.Errorf("report: missed 1 and open 1 expected for A skyrius (status %d):\n%s", report.Status, report.Body)
		}
		if bad := c.Get("/admin/terminai/ataskaita?nuo=2026-13-01&iki=x"); bad.Status != 422 || !strings.Contains(bad.Body, `value="2026-13-01"`) {
			t.Errorf("a bad report period: %d", bad.Status)
		}
	})
}
