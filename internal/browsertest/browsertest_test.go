package browsertest_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/browsertest"
)

// A tiny site: a form that echoes what was posted and remembers a cookie.
func testServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		seen := "no"
		if c, err := r.Cookie("seen"); err == nil {
			seen = c.Value
		}
		fmt.Fprintf(w, `<!doctype html><html lang="lt"><link rel="icon" href="data:,"><title>Forma</title>
<a href="#main">Pereiti prie turinio</a>
<main id="main" tabindex="-1"><p id="seen">Slapukas: %s</p>
<form method="post" action="/send">
<label for="name">Vardas</label><input id="name" name="name" value="senas">
<label for="note">Pastaba</label><textarea id="note" name="note"></textarea>
<label for="day">Diena</label><input id="day" name="day" type="date">
<label for="pick">Pasirinkimas</label><select id="pick" name="pick"><option value="">–</option><option value="2">— Antras</option></select>
<button type="submit">Siųsti</button></form></main>`, html.EscapeString(seen))
	})
	mux.HandleFunc("POST /send", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		http.SetCookie(w, &http.Cookie{Name: "seen", Value: "taip", Path: "/"})
		http.Redirect(w, r, "/result?"+r.PostForm.Encode(), http.StatusSeeOther)
	})
	mux.HandleFunc("GET /result", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		fmt.Fprintf(w, `<!doctype html><html lang="lt"><link rel="icon" href="data:,"><title>Gauta</title><h1>Gauta</h1><pre id="got">`)
		for _, k := range []string{"name", "note", "day", "pick"} {
			fmt.Fprintf(w, "%s=%s\n", k, html.EscapeString(r.Form.Get(k)))
		}
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

func TestHelpers(t *testing.T) {
	ts := testServer(t)
	b := browsertest.Start(t)
	b.BaseURL = ts.URL

	b.Navigate("/")
	if got := b.Text("#seen"); got != "Slapukas: no" {
		t.Fatalf("before the form: %q", got)
	}
	b.Fill("name", "Žemaitė Ąžuolaitė")
	b.Fill("note", "pirma eilutė\nantra")
	b.Fill("day", "2031-02-03")
	b.Fill("pick", "— Antras")
	b.ClickButton("Siųsti")

	if b.Path() != "/result?day=2031-02-03&name=%C5%BDemait%C4%97+%C4%84%C5%BEuolait%C4%97&note=pirma+eilut%C4%97%0D%0Aantra&pick=2" {
		t.Errorf("address after submit: %s", b.Path())
	}
	want := "name=Žemaitė Ąžuolaitė\nnote=pirma eilutė\nantra\nday=2031-02-03\npick=2"
	if got := strings.TrimSpace(b.Text("#got")); got != want {
		t.Errorf("posted:\n%s\nwant:\n%s", got, want)
	}
	if b.Status() != http.StatusOK {
		t.Errorf("status %d", b.Status())
	}

	b.Navigate("/")
	if got := b.Text("#seen"); got != "Slapukas: taip" {
		t.Errorf("the same tab lost its cookie: %q", got)
	}
	visitor := b.Fresh()
	visitor.Navigate("/")
	if got := visitor.Text("#seen"); got != "Slapukas: no" {
		t.Errorf("a fresh context has cookies: %q", got)
	}

	visitor.Press(browsertest.Tab)
	if f := visitor.Focused(); f.Tag != "a" || f.Text != "Pereiti prie turinio" {
		t.Errorf("first Tab focused %+v", f)
	}
	visitor.Press(browsertest.Enter)
	if !visitor.FocusWithin("#main") {
		t.Errorf("after Enter the focus is on %+v", visitor.Focused())
	}
	// As a checker is injected and run: a script that defines a global and
	// ends with a value that has no JSON form, then an asynchronous call.
	visitor.Eval(`window.checker = {run: async () => ({count: document.querySelectorAll("label").length})}; document.body`, nil)
	var report struct{ Count int }
	visitor.Eval(`checker.run()`, &report)
	if report.Count != 4 {
		t.Errorf("Eval: the checker counted %d labels, want 4", report.Count)
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
