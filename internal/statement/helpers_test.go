package statement_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/statement"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

// env is the real application as internal/app wires it, so that who may
// reach the statement's pages is the application's rule, not the test's.
type env struct {
	*apptest.Env
	svc *statement.Service
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) { fn(t, start(t, d)) })
	}
}

func start(t *testing.T, dialect string) *env {
	t.Helper()
	e := apptest.New(t, dialect)
	e.SetNow(vilnius("2026-03-10"))
	return &env{Env: e, svc: e.App.Statement}
}

// vilnius is 10:00 on a Vilnius date.
func vilnius(date string) time.Time {
	return calendar.MustParseDate(date).Start(web.Vilnius).Add(10 * time.Hour)
}

// as is the user with key as an actor.
func (e *env) as(key string) actor.Actor { return e.Users[key].Actor() }

// validForm is a complete statement form.
func validForm() url.Values {
	return url.Values{
		"scope_kind": {"website"}, "scope_name_lt": {"Pirmosios savivaldybės interneto svetainė"},
		"scope_name_en": {"Website of the First Municipality"}, "scope_url": {"https://www.pirmoji.lt"},
		"compliance": {"partial"}, "standard": {statement.DefaultStandard}, "prepared_on": {"2026-03-10"},
		"method": {"self"}, "feedback_name": {"Bendrasis skyrius"}, "feedback_email": {"prieinamumas@pirmoji.lt"},
		"feedback_phone":    {"(8 5) 200 0001"},
		"enforcement_lt":    {"Jei atsakymas jūsų netenkina, kreipkitės į priežiūros instituciją."},
		"enforcement_en":    {"If the answer does not satisfy you, contact the supervising authority."},
		"authority_name_lt": {"Valstybės skaitmeninių sprendimų agentūra"}, "authority_name_en": {"State Digital Solutions Agency"},
		"authority_email": {"info@vssa.lt"}, "authority_url": {"https://vssa.lrv.lt"},
	}
}

// formOf turns url.Values into the service's form.
func formOf(t *testing.T, v url.Values) statement.Form {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return statement.ParseForm(r)
}

// mustSave stores a valid statement as the administrator.
func (e *env) mustSave(t *testing.T, change func(url.Values)) *statement.Statement {
	t.Helper()
	v := validForm()
	if change != nil {
		change(v)
	}
	if err := e.svc.Save(context.Background(), e.as("admin"), e.In.ID, formOf(t, v)); err != nil {
		t.Fatalf("save statement: %v", err)
	}
	return e.mustFind(t)
}

func (e *env) mustFind(t *testing.T) *statement.Statement {
	t.Helper()
	st, err := statement.Find(context.Background(), e.DB, e.In.ID)
	if err != nil {
		t.Fatalf("find statement: %v", err)
	}
	return st
}

// mustIssue adds an entry as the administrator.
func (e *env) mustIssue(t *testing.T, f statement.IssueForm, confirm bool) int64 {
	t.Helper()
	id, err := e.svc.CreateIssue(context.Background(), e.as("admin"), e.In.ID, f, confirm)
	if err != nil {
		t.Fatalf("add entry: %v", err)
	}
	return id
}

// order fails unless the parts appear in body one after another.
func order(t *testing.T, body string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(body[at:], p)
		if i < 0 {
			if strings.Contains(body, p) {
				t.Errorf("%q is out of the model's order", p)
			} else {
				t.Errorf("the page lacks %q", p)
			}
			return
		}
		at += i + len(p)
	}
}

func contains(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}
