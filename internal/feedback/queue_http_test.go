package feedback_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/web/webtest"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/feedback"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// TestFromFormToAnswer: a feedback item goes from the public form to an
// emailed answer with its deadline met, every step through HTTP.
func TestFromFormToAnswer(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.SetNow(vilnius("2026-12-22"))
		submit(t, e.Visitor(), problemForm())
		it := items(t, e)[0]

		// A few working days later the reception editor finds it in the
		// queue, due soon, and answers.
		e.SetNow(vilnius("2027-01-06"))
		staff := e.Login("reception")
		queue := staff.Get(feedback.QueuePath)
		if queue.Status != http.StatusOK {
			t.Fatalf("queue: status %d", queue.Status)
		}
		webtest.MustContain(t, queue.Body, "PR-2026-0001", "2027-01-08", "Terminas baigiasi netrukus", feedback.StaffLink(it.ID))

		page := staff.Get(feedback.StaffLink(it.ID))
		webtest.MustContain(t, page.Body, "Pranešimas apie prieinamumo problemą PR-2026-0001", "2027-01-08",
			"2026-12-24 Kūčios", "2027-01-01 Naujųjų metų diena", "Ona Kazlauskienė", "ona@example.lt",
			`action="`+feedback.StaffLink(it.ID)+`/atsakyti"`, `name="version" value="1"`, "Užregistruota: Pranešimas apie prieinamumo problemą PR-2026-0001")

		empty := staff.Post(feedback.StaffLink(it.ID)+"/atsakyti", url.Values{"version": {"1"}, "answer": {"  "}})
		if empty.Status != http.StatusUnprocessableEntity {
			t.Fatalf("empty answer: status %d, want 422", empty.Status)
		}
		webtest.MustContain(t, empty.Body, `href="#f-answer"`, "Įrašykite atsakymą")

		answer := "Lentelę pataisėme.\nAčiū, kad pranešėte."
		res := staff.Post(feedback.StaffLink(it.ID)+"/atsakyti", url.Values{"version": {"1"}, "answer": {answer}})
		if res.Status != http.StatusSeeOther || res.Location != feedback.StaffLink(it.ID) {
			t.Fatalf("answer: status %d to %q\n%s", res.Status, res.Location, res.Body)
		}
		sent := mails(t, e, "feedback.answer")
		if len(sent) != 1 || sent[0].To != "ona@example.lt" || !strings.Contains(sent[0].Subject, "PR-2026-0001") ||
			!strings.Contains(sent[0].Text, "Lentelę pataisėme.") {
			t.Fatalf("answer mail: %+v", sent)
		}
		it, err := feedback.Find(context.Background(), e.DB, e.In.ID, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if it.State != feedback.Answered || it.Answer != answer || it.AnsweredBy != e.Users["reception"].ID || it.AnsweredAt.IsZero() {
			t.Errorf("after answering: %+v", it)
		}
		d, err := deadline.Find(context.Background(), e.DB, e.In.ID, it.DeadlineID)
		if err != nil || d.State != deadline.Met {
			t.Errorf("deadline after answering: %+v, %v", d, err)
		}
		entries, _, _ := audit.Find(context.Background(), e.DB, audit.Filter{ObjectType: feedback.SubjectType, ObjectID: it.ID})
		if len(entries) != 2 || entries[0].Action != "accessibility.feedback.answer" || entries[0].Actor.ID != e.Users["reception"].ID {
			t.Errorf("audit entries: %+v", entries)
		}
		page = staff.Get(feedback.StaffLink(it.ID))
		webtest.MustContain(t, page.Body, "Atsakymas išsiųstas", "Lentelę pataisėme.", "Atsakė Darbuotojas reception")
		webtest.MustNotContain(t, page.Body, "/atsakyti")

		// The same form again (a replay, or a second tab) changes nothing.
		again := staff.Post(feedback.StaffLink(it.ID)+"/atsakyti", url.Values{"version": {"1"}, "answer": {"Kitas atsakymas"}})
		if again.Status != http.StatusConflict {
			t.Errorf("replayed answer: status %d, want 409", again.Status)
		}
		if n := len(mails(t, e, "feedback.answer")); n != 1 {
			t.Errorf("%d answers sent, want 1", n)
		}
		// The default queue says it is empty: the answered item has left it.
		webtest.MustContain(t, staff.Get(feedback.QueuePath).Body, "Pagal pasirinktus filtrus nieko nerasta.")
		webtest.MustContain(t, staff.Get(feedback.QueuePath+"?busena=answered").Body, "PR-2026-0001", "Atsakyta")
	})
}

// TestStaleAnswer: a form opened before someone else answered gets 409,
// and nothing is sent twice.
func TestStaleAnswer(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		submit(t, e.Visitor(), problemForm())
		it := items(t, e)[0]
		admin, reception := e.Login("admin"), e.Login("reception")
		if res := admin.Post(feedback.StaffLink(it.ID)+"/atsakyti", url.Values{"version": {"1"}, "answer": {"Pirmas"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("first answer: status %d", res.Status)
		}
		res := reception.Post(feedback.StaffLink(it.ID)+"/uzdaryti", url.Values{"version": {"1"}, "reason": {"Pakartotinis"}})
		if res.Status != http.StatusConflict {
			t.Errorf("closing from a stale page: status %d, want 409", res.Status)
		}
		res = reception.Post(feedback.StaffLink(it.ID)+"/atsakyti", url.Values{"version": {"1"}, "answer": {"Antras"}})
		if res.Status != http.StatusConflict {
			t.Errorf("answering from a stale page: status %d, want 409", res.Status)
		}
		got, _ := feedback.Find(context.Background(), e.DB, e.In.ID, it.ID)
		if got.Answer != "Pirmas" || got.State != feedback.Answered {
			t.Errorf("after the stale forms: %q, %s", got.Answer, got.State)
		}
		if n := len(mails(t, e, "feedback.answer")); n != 1 {
			t.Errorf("%d answers sent, want 1", n)
		}
	})
}

// TestClose: closing without an answer needs a reason, sends nothing to the
// person, and ends the deadline so it is no longer owed.
func TestClose(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		submit(t, e.Visitor(), alternativeForm())
		it := items(t, e)[0]
		staff := e.Login("admin")
		res := staff.Post(feedback.StaffLink(it.ID)+"/uzdaryti", url.Values{"version": {"1"}, "reason": {""}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("no reason: status %d, want 422", res.Status)
		}
		webtest.MustContain(t, res.Body, `href="#f-reason"`)
		res = staff.Post(feedback.StaffLink(it.ID)+"/uzdaryti", url.Values{"version": {"1"}, "reason": {"Pakartotinis prašymas Nr. PR-2026-0001"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("close: status %d\n%s", res.Status, res.Body)
		}
		got, _ := feedback.Find(context.Background(), e.DB, e.In.ID, it.ID)
		if got.State != feedback.Closed || got.CloseReason != "Pakartotinis prašymas Nr. PR-2026-0001" || got.ClosedBy != e.Users["admin"].ID {
			t.Errorf("after closing: %+v", got)
		}
		if d, _ := deadline.Find(context.Background(), e.DB, e.In.ID, it.DeadlineID); d.State != deadline.Met {
			t.Errorf("deadline after closing: %s", d.State)
		}
		if n := len(mails(t, e, "feedback.answer")); n != 0 {
			t.Errorf("%d answers sent on closing", n)
		}
		if _, n, _ := audit.Find(context.Background(), e.DB, audit.Filter{Action: "accessibility.feedback.close", ObjectID: it.ID}); n != 1 {
			t.Errorf("%d close entries in the audit trail, want 1", n)
		}
	})
}

// TestQueueAccess: only administrators and the reception editor reach the
// queue; another institution's item is not found.
func TestQueueAccess(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		submit(t, e.Visitor(), problemForm())
		it := items(t, e)[0]
		if res := e.Visitor().Get(feedback.QueuePath); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login") {
			t.Errorf("visitor: status %d to %q, want the login page", res.Status, res.Location)
		}
		// An answer that is sent redirects too: only the login page as the
		// destination shows the visitor was refused.
		if res := e.Visitor().Post(feedback.StaffLink(it.ID)+"/atsakyti", url.Values{"version": {"1"}, "answer": {"x"}}); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login") {
			t.Errorf("visitor answering: status %d to %q, want the login page", res.Status, res.Location)
		}
		if res := e.Login("editorA").Get(feedback.QueuePath); res.Status != http.StatusForbidden {
			t.Errorf("department editor: status %d, want 403", res.Status)
		}
		other := e.Login("otherAdmin")
		if res := other.Get(feedback.StaffLink(it.ID)); res.Status != http.StatusNotFound {
			t.Errorf("other institution's admin: status %d, want 404", res.Status)
		}
		if res := other.Post(feedback.StaffLink(it.ID)+"/atsakyti", url.Values{"version": {"1"}, "answer": {"x"}}); res.Status != http.StatusNotFound {
			t.Errorf("other institution's admin answering: status %d, want 404", res.Status)
		}
		// Its own queue, and an empty one.
		webtest.MustContain(t, other.Get(feedback.QueuePath).Body, "Pagal pasirinktus filtrus nieko nerasta.")
		if n := len(mails(t, e, "feedback.answer")); n != 0 {
			t.Errorf("%d answers sent", n)
		}
	})
}

// TestQueueFiltersAndUrgency: filters by kind and state, newest or soonest
// first, and overdue items are marked in words.
func TestQueueFiltersAndUrgency(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.SetNow(vilnius("2026-03-02"))
		submit(t, e.Visitor(), problemForm())
		e.SetNow(vilnius("2026-03-03"))
		submit(t, e.Visitor(), alternativeForm())
		// The report was due on 2026-03-17 (11 March is a holiday).
		e.SetNow(vilnius("2026-03-18"))
		staff := e.Login("admin")
		body := staff.Get(feedback.QueuePath).Body
		webtest.MustContain(t, body, "Terminas praleistas")
		if i, j := strings.Index(body, "PR-2026-0001"), strings.Index(body, "PR-2026-0002"); i < 0 || j < 0 || i > j {
			t.Errorf("soonest due first: PR-2026-0001 at %d, PR-2026-0002 at %d", i, j)
		}
		body = staff.Get(feedback.QueuePath + "?tvarka=naujausi").Body
		if i, j := strings.Index(body, "PR-2026-0001"), strings.Index(body, "PR-2026-0002"); i < 0 || j < 0 || j > i {
			t.Errorf("newest first: PR-2026-0001 at %d, PR-2026-0002 at %d", i, j)
		}
		body = staff.Get(feedback.QueuePath + "?rusis=alternative").Body
		webtest.MustContain(t, body, "PR-2026-0002")
		webtest.MustNotContain(t, body, "PR-2026-0001")
		webtest.MustContain(t, staff.Get(feedback.QueuePath+"?busena=closed").Body, "Pagal pasirinktus filtrus nieko nerasta.")
	})
}

// TestNumbersUniqueUnderConcurrency: twenty visitors submitting at once to
// two instances sharing the database get twenty different registration
// numbers, with no gaps.
func TestNumbersUniqueUnderConcurrency(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.SetNow(vilnius("2026-05-04"))
		second := storetest.Open(t, e.DB.Source())
		second.Now = e.DB.Now
		instances := []*feedback.Service{e.svc, feedback.NewService(second, nil, deadline.NewService(second, nil, "", 0))}
		const n = 20
		errs := make(chan error, n)
		numbers := make(chan string, n)
		for i := range n {
			go func() {
				f := feedback.Form{Kind: "problem", Description: "Nr. " + strconv.Itoa(i), Name: "Lankytojas", Email: fmt.Sprintf("l%d@example.lt", i)}
				it, err := instances[i%2].Submit(context.Background(), e.In, f, feedback.Sender{Client: fmt.Sprintf("192.0.2.%d", i), Lang: "lt"})
				if err != nil {
					errs <- err
					return
				}
				numbers <- it.Number
			}()
		}
		seen := map[string]bool{}
		for range n {
			select {
			case err := <-errs:
				t.Fatal(err)
			case num := <-numbers:
				if seen[num] {
					t.Errorf("number %s given twice", num)
				}
				seen[num] = true
			}
		}
		for i := 1; i <= n; i++ {
			if num := feedback.RegistrationNumber(2026, i); !seen[num] {
				t.Errorf("number %s not given", num)
			}
		}
		if got := len(mails(t, e, "feedback.acknowledgement")); got != n {
			t.Errorf("%d acknowledgements, want %d", got, n)
		}
	})
}

// TestSeedDemo: the demo has one report answered in time and one open
// request, with their deadlines.
func TestSeedDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.SetNow(vilnius("2026-11-16"))
		ctx := context.Background()
		if err := feedback.SeedDemo(ctx, e.DB, e.In, e.App.Deadlines, e.Users["reception"].Actor()); err != nil {
			t.Fatal(err)
		}
		list := items(t, e)
		if len(list) != 2 {
			t.Fatalf("%d demo items, want 2", len(list))
		}
		open, answered := list[0], list[1]
		if open.Kind != feedback.Alternative || open.State != feedback.New || open.DeadlineState != deadline.Open {
			t.Errorf("open request: %+v", open)
		}
		if answered.Kind != feedback.Problem || answered.State != feedback.Answered || answered.DeadlineState != deadline.Met {
			t.Errorf("answered report: %+v", answered)
		}
	})
}

// TestEveryPageTranslated: each page of the channel, in both languages,
// shows no raw catalogue key.
func TestEveryPageTranslated(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		post, _ := submit(t, e.Visitor(), alternativeForm())
		it := items(t, e)[0]
		for _, lang := range []string{"lt", "en"} {
			v, staff := e.Visitor(), e.Login("admin")
			v.Get("/kalba/" + lang + "?grizti=/")
			staff.Get("/kalba/" + lang + "?grizti=/")
			pages := map[string]string{
				"form": v.Get(feedback.FormPath).Body, "invalid form": v.Post(feedback.FormPath, nil).Body,
				"confirmation": v.Get(post.Location).Body, "thanks": v.Get(feedback.FormPath + "/gauta").Body,
				"queue": staff.Get(feedback.QueuePath + "?busena=visos").Body, "item": staff.Get(feedback.StaffLink(it.ID)).Body,
				"invalid answer": staff.Post(feedback.StaffLink(it.ID)+"/atsakyti", url.Values{"version": {"1"}}).Body,
			}
			for name, body := range pages {
				if !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Errorf("%s in %s: no lang attribute", name, lang)
				}
				for _, raw := range []string{"feedback.", "deadline.", "%!"} {
					if i := strings.Index(body, raw); i >= 0 {
						t.Errorf("%s in %s shows %q", name, lang, body[i:min(len(body), i+60)])
					}
				}
			}
		}
	})
}
