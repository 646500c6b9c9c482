package feedback_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/feedback"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

// env is the real application on a fresh database, as internal/app wires
// it: the feedback routes, the staff login and the language switch behind
// the application's own middleware.
type env struct {
	*apptest.Env
	svc *feedback.Service // for calls that bypass HTTP
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) { fn(t, newEnv(t, d)) })
	}
}

func newEnv(t *testing.T, dialect string) *env {
	t.Helper()
	a := apptest.New(t, dialect)
	return &env{Env: a, svc: a.App.Feedback}
}

// vilnius returns 10:00 on a Vilnius date.
func vilnius(date string) time.Time {
	return calendar.MustParseDate(date).Start(web.Vilnius).Add(10 * time.Hour)
}

// problemForm is a complete report of an accessibility problem.
func problemForm() url.Values {
	return url.Values{
		"kind":        {"problem"},
		"page":        {"/administracine-informacija/darbo-uzmokestis"},
		"description": {"Lentelė skaitoma be antraščių. <script>alert(1)</script>"},
		"name":        {"Ona Kazlauskienė"},
		"email":       {"ona@example.lt"},
		"phone":       {"8 612 34567"},
		"website":     {""},
	}
}

func alternativeForm() url.Values {
	f := problemForm()
	f.Set("kind", "alternative")
	f.Set("format", "audio")
	f.Set("description", "Prašau biudžeto santraukos garso įrašu.")
	return f
}

// mail is one queued message.
type mail struct {
	Kind, To, Lang, Subject, Text string
}

func mails(t *testing.T, e *env, kind string) []mail {
	t.Helper()
	rows, err := e.DB.QueryContext(context.Background(), `SELECT kind, to_address, lang, subject, text_body FROM outbox_messages
		WHERE kind = ? ORDER BY id`, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []mail
	for rows.Next() {
		var m mail
		if err := rows.Scan(&m.Kind, &m.To, &m.Lang, &m.Subject, &m.Text); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func countItems(t *testing.T, e *env) int {
	t.Helper()
	var n int
	if err := e.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM feedback_items`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// items lists the first institution's items, newest first.
func items(t *testing.T, e *env) []*feedback.Item {
	t.Helper()
	list, _, err := feedback.FindAll(context.Background(), e.DB, feedback.Filter{InstitutionID: e.In.ID, Order: feedback.Newest})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// submit posts the public form and follows the redirect to the
// confirmation page.
func submit(t *testing.T, c *apptest.Client, form url.Values) (*apptest.Response, apptest.Response) {
	t.Helper()
	res := c.Post(feedback.FormPath, form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("submit: status %d, want 303\n%s", res.Status, res.Body)
	}
	return &res, c.Get(res.Location)
}
