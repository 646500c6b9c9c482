package feedback_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/web/webtest"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/feedback"
)

// TestFormWithoutJavaScript: the form is plain HTML: radios in a fieldset
// with a legend, labelled fields, the page the visitor came from filled in
// when it is a page of this site, and the "Pateikti" button.
func TestFormWithoutJavaScript(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		v := e.Visitor()
		res := v.Get(feedback.FormPath + "?puslapis=%2Fadministracine-informacija%2Fnuostatai")
		if res.Status != http.StatusOK {
			t.Fatalf("status %d", res.Status)
		}
		webtest.MustContain(t, res.Body, `<legend>Ką norite padaryti?</legend>`, `type="radio" id="f-kind" name="kind" value="problem"`,
			`name="kind" value="alternative"`, `<label class="sv-label" for="f-page">`, `value="/administracine-informacija/nuostatai"`,
			`<option value="braille">Brailio raštas</option>`, `<option value="easy-read">Lengvai suprantama kalba</option>`,
			`autocomplete="email"`, `>Pateikti</button>`, `method="post" action="/prieinamumas/atsiliepimas"`,
			"Pranešti apie prieinamumo problemą arba paprašyti informacijos kitu formatu")
		webtest.MustNotContain(t, res.Body, "<script")

		for _, foreign := range []string{"https://kitas.example/puslapis", "//kitas.example/x", "javascript:alert(1)"} {
			res := v.Get(feedback.FormPath + "?puslapis=" + strings.ReplaceAll(foreign, "/", "%2F"))
			webtest.MustNotContain(t, res.Body, "kitas.example", "javascript:")
		}
		host := strings.TrimPrefix(e.Server.URL, "http://")
		res = v.Get(feedback.FormPath + "?puslapis=http%3A%2F%2F" + host + "%2Fpaslaugos")
		webtest.MustContain(t, res.Body, `value="http://`+host+`/paslaugos"`)
	})
}

// TestSubmit: a plain POST registers the item: 303 to a confirmation with
// the registration number and the due date on the Lithuanian calendar, an
// acknowledgement email with both, an open deadline owed to the person,
// and an audit entry. Typed markup stays text.
func TestSubmit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		// 10 working days from Tuesday 2026-12-22: 24–26 December and
		// 1 January are holidays, so the term ends on 2027-01-08.
		e.SetNow(vilnius("2026-12-22"))
		v := e.Visitor()
		post, page := submit(t, v, problemForm())
		if !strings.HasPrefix(post.Location, feedback.FormPath+"/gauta/") {
			t.Errorf("redirected to %q, want the confirmation page", post.Location)
		}
		if page.Status != http.StatusOK {
			t.Fatalf("confirmation: status %d", page.Status)
		}
		webtest.MustContain(t, page.Body, "PR-2026-0001", "2027-01-08", "per 10 darbo dienų")
		webtest.MustNotContain(t, page.Body, "ona@example.lt", "Ona Kazlauskienė")

		acks := mails(t, e, "feedback.acknowledgement")
		if len(acks) != 1 {
			t.Fatalf("%d acknowledgements queued, want 1", len(acks))
		}
		if a := acks[0]; a.To != "ona@example.lt" || a.Lang != "lt" || !strings.Contains(a.Subject, "PR-2026-0001") ||
			!strings.Contains(a.Text, "2027-01-08") || strings.Contains(a.Text, "<script>") {
			t.Errorf("acknowledgement: %+v", a)
		}

		list := items(t, e)
		if len(list) != 1 {
			t.Fatalf("%d items stored, want 1", len(list))
		}
		it := list[0]
		if it.Number != "PR-2026-0001" || it.State != feedback.New || it.Description != "Lentelė skaitoma be antraščių. <script>alert(1)</script>" {
			t.Errorf("stored %+v", it)
		}
		ds, err := deadline.ForSubject(context.Background(), e.DB, feedback.ModuleFeedback, feedback.SubjectType, it.ID)
		if err != nil || len(ds) != 1 {
			t.Fatalf("deadlines: %v, %v", ds, err)
		}
		d := ds[0]
		if d.State != deadline.Open || d.Due.String() != "2027-01-08" || d.Person.Email != "ona@example.lt" ||
			d.Link != feedback.StaffLink(it.ID) || d.ID != it.DeadlineID {
			t.Errorf("deadline %+v", d)
		}
		if _, n, _ := audit.Find(context.Background(), e.DB, audit.Filter{ObjectType: feedback.SubjectType, ObjectID: it.ID}); n != 1 {
			t.Errorf("%d audit entries for the item, want 1", n)
		}

		// Staff see the script as text.
		body := e.Login("reception").Get(feedback.StaffLink(it.ID)).Body
		webtest.MustContain(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
		webtest.MustNotContain(t, body, "<script>alert(1)")
	})
}

// TestSubmitAlternativeInEnglish: a request for an alternative is due in
// 20 working days, and a visitor using the English interface is
// acknowledged in English.
func TestSubmitAlternativeInEnglish(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.SetNow(vilnius("2026-12-22"))
		v := e.Visitor()
		v.Get("/kalba/en?grizti=/")
		_, page := submit(t, v, alternativeForm())
		webtest.MustContain(t, page.Body, "PR-2026-0001", "2027-01-22", "within 20 working days")
		acks := mails(t, e, "feedback.acknowledgement")
		if len(acks) != 1 || acks[0].Lang != "en" || !strings.Contains(acks[0].Subject, "PR-2026-0001") ||
			!strings.Contains(acks[0].Text, "2027-01-22") || !strings.Contains(acks[0].Text, "Audio recording") {
			t.Errorf("acknowledgement: %+v", acks)
		}
		it := items(t, e)[0]
		if it.Lang != "en" || it.Kind != feedback.Alternative || it.Format != "audio" {
			t.Errorf("stored %+v", it)
		}
		if ds, _ := deadline.ForSubject(context.Background(), e.DB, feedback.ModuleAlternative, feedback.SubjectType, it.ID); len(ds) != 1 ||
			ds[0].Due.String() != "2027-01-22" || ds[0].Person.Lang != "en" {
			t.Errorf("deadline %+v", ds)
		}
	})
}

// TestSubmitInvalid: 422 with an error summary linking each field, every
// typed value kept, and nothing stored or sent.
func TestSubmitInvalid(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		v := e.Visitor()
		f := alternativeForm()
		f.Del("name")
		f.Set("email", "")
		f.Set("format", "")
		f.Set("page", "https://kitas.example/x")
		f.Set("description", "Reikia „Brailio“ rašto <b>dabar</b>")
		res := v.Post(feedback.FormPath, f)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.Status)
		}
		webtest.MustContain(t, res.Body, "<title>Klaida:", `href="#f-page"`, `href="#f-format"`, `href="#f-name"`, `href="#f-email"`,
			"Įveskite savo vardą ir pavardę", "Įveskite el. pašto adresą, kad galėtume jums atsakyti",
			`value="https://kitas.example/x"`, "Reikia „Brailio“ rašto &lt;b&gt;dabar&lt;/b&gt;", `value="8 612 34567"`,
			`value="alternative" checked`, `aria-describedby="f-name-error"`)
		if n := countItems(t, e); n != 0 {
			t.Errorf("%d items stored", n)
		}
		if m := mails(t, e, "feedback.acknowledgement"); len(m) != 0 {
			t.Errorf("mail sent: %v", m)
		}

		res = v.Post(feedback.FormPath, map[string][]string{"description": {"x"}, "name": {"A B"}, "email": {"a@example.lt"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("no kind: status %d, want 422", res.Status)
		}
		webtest.MustContain(t, res.Body, `href="#f-kind"`, `id="f-kind-error"`)
	})
}

// TestHoneypot: a bot that fills the hidden field gets what looks like
// success, and nothing is stored or sent.
func TestHoneypot(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := problemForm()
		f.Set("website", "http://spam.example")
		post, page := submit(t, e.Visitor(), f)
		if post.Location != feedback.FormPath+"/gauta" || page.Status != http.StatusOK {
			t.Errorf("redirect %q, then status %d", post.Location, page.Status)
		}
		webtest.MustContain(t, page.Body, "Dėkojame")
		if n := countItems(t, e); n != 0 {
			t.Errorf("%d items stored", n)
		}
		if m := mails(t, e, "feedback.acknowledgement"); len(m) != 0 {
			t.Errorf("mail sent: %v", m)
		}
	})
}

// TestRateLimit: the sixth submission within the hour from one client is
// refused with 429 and a clear message, keeping what was typed; the limit
// is counted in the database, and the next hour accepts again.
func TestRateLimit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.SetNow(vilnius("2026-03-02"))
		v := e.Visitor()
		for i := range feedback.DefaultLimit {
			f := problemForm()
			f.Set("description", "Pranešimas "+strconv.Itoa(i+1))
			submit(t, v, f)
		}
		f := problemForm()
		f.Set("description", "Šeštas pranešimas")
		res := v.Post(feedback.FormPath, f)
		if res.Status != http.StatusTooManyRequests {
			t.Fatalf("sixth submission: status %d, want 429", res.Status)
		}
		webtest.MustContain(t, res.Body, "ne daugiau kaip 5 pranešimus", "Bandykite dar kartą po 2026-03-02 11:00", "Šeštas pranešimas")
		if res.Header.Get("Retry-After") == "" {
			t.Error("no Retry-After header")
		}
		if n := countItems(t, e); n != feedback.DefaultLimit {
			t.Errorf("%d items stored, want %d", n, feedback.DefaultLimit)
		}
		e.SetNow(vilnius("2026-03-02").Add(time.Hour))
		submit(t, v, f)
	})
}

// TestSameSiteIgnoresForgedHost: a page address on another host is refused
// even when the request's Host header names that host; only the
// institution's configured host names and address count as this site.
func TestSameSiteIgnoresForgedHost(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		v := e.Visitor()
		v.Host = "evil.example"
		f := problemForm()
		f.Set("page", "https://evil.example/prisijungti")
		if res := v.Post(feedback.FormPath, f); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("a page on the forged host: status %d, want 422", res.Status)
		}
		if res := v.Get(feedback.FormPath + "?puslapis=" + url.QueryEscape("https://evil.example/prisijungti")); strings.Contains(res.Body, "evil.example") {
			t.Error("the form offers a page on the forged host")
		}
		if n := countItems(t, e); n != 0 {
			t.Errorf("%d items stored", n)
		}
		f.Set("page", e.App.Config.BaseURL+"/administracine-informacija")
		if res := v.Post(feedback.FormPath, f); res.Status != http.StatusSeeOther {
			t.Errorf("a page at the site's configured address: status %d, want 303\n%s", res.Status, res.Body)
		}
	})
}
