package e2e_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/savivalda/savivalda/internal/browsertest"
)

// recorder is a test whose errors are kept instead of failing it, so that a
// test can look at what the suite reports. Everything else (fatal errors of
// the browser, logs) goes to the real test.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// goodPage is a page that passes every check, with content in its main
// part.
func goodPage(title, content string) string {
	return `<!doctype html><html lang="lt"><head><meta charset="utf-8"><title>` + title + `</title>
<link rel="icon" href="data:,"><style>:focus { outline: 3px solid #000; } main:focus { outline: none; }</style></head>
<body><a href="#main">Pereiti prie turinio</a>
<main id="main" tabindex="-1"><h1>` + title + `</h1>
` + content + `
</main></body></html>`
}

// The checks of TestEveryPageIsAccessible fail on pages that break the
// rules, each for its own reason, and pass on a page that keeps them: the
// suite's silence on the real site means something.
func TestSuiteCatchesBrokenPages(t *testing.T) {
	axeJS := requireAxe(t)
	good := goodPage("Gera", `<form method="post" action="/"><label for="q">Paieška</label><input id="q" name="q"><button>Ieškoti</button></form>`)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /gera", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, good) })
	// No lang, no skip link, an unlabelled input, an image without a text
	// alternative, a button whose focus is hidden, a box wider than a
	// phone, and a heading and a form that only JavaScript writes.
	mux.HandleFunc("GET /bloga", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><html><head><meta charset="utf-8"><title>Bloga</title>
<link rel="icon" href="data:,"><style>button:focus { outline: none; } .wide { width: 600px; }</style></head>
<body><main id="main">
<script>document.write('<h1>Bloga</h1><form method="post" action="/"><label for="x">Laukas</label><input id="x" name="x"></form>');</script>
<p class="wide">Platus blokas</p>
<input name="q" type="text"><button type="button">Ieškoti</button>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">
</main></body></html>`)
	})
	mux.HandleFunc("GET /dvi-antrastes", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, strings.Replace(good, "<h1>Gera</h1>", "<h1>Gera</h1><h1>Dar viena</h1>", 1))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	b := browsertest.Start(t)
	b.BaseURL = srv.URL
	b.SetViewport(1280, 900)

	check := func(path string) []string {
		rec := &recorder{TB: t}
		s := &suite{t: rec, axe: axeJS}
		s.check(b, visit{name: path, load: get(path)})
		return rec.errors
	}

	if errs := check("/gera"); len(errs) > 0 {
		t.Errorf("a page that keeps the rules fails the checks:\n%s", strings.Join(errs, "\n"))
	}
	errs := strings.Join(check("/bloga"), "\n")
	for _, want := range []string{
		"axe: label (",         // axe-core: the unlabelled input
		"axe: image-alt (",     // axe-core: the image
		"axe: html-has-lang (", // axe-core: no lang
		`<html lang="">`,       // the suite's own checks from here
		"form controls without a label: [<input name=q>]",
		"without JavaScript the page has 0 h1 and 0 forms",
		"want a skip link to <main>",
		"focus not shown on [<button> Ieškoti]",
		"at 320 px the page is",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("the checks of a broken page do not report %q; they say:\n%s", want, errs)
		}
	}
	if errs := strings.Join(check("/dvi-antrastes"), "\n"); !strings.Contains(errs, `want one h1 with text, have ["Gera" "Dar viena"]`) {
		t.Errorf("two h1 are not reported; the checks say:\n%s", errs)
	}
}

// The walk finds what no list names: a page that only a link leads to and
// that breaks a rule fails the suite. It follows each kind of address only
// as far as its cap, never a logout, a language switch or an address that
// a form posts to, and it says so when it stops at its cap of pages.
func TestSuiteFindsPagesByLinks(t *testing.T) {
	axeJS := requireAxe(t)
	var mu sync.Mutex
	hits := map[string]int{} // GET requests by path
	mux := http.NewServeMux()
	handle := func(pattern, body string) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hits[r.URL.Path]++
			mu.Unlock()
			fmt.Fprint(w, body)
		})
	}
	var items strings.Builder
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&items, `<p><a href="/irasai/%d">Įrašas %d</a></p>`, i, i)
	}
	handle("GET /{$}", goodPage("Pradžia", items.String()+`
<p><a href="/ataskaita">Ataskaita</a></p> <p><a href="/admin/logout">Atsijungti</a></p>
<p><a href="/kalba/en?grizti=/">English</a></p> <p><a href="/trinti">Ištrinti</a></p>
<form method="post" action="/trinti"><button>Ištrinti</button></form>`))
	handle("GET /irasai/{id}", goodPage("Įrašas", `<p><a href="/">Pradžia</a></p>`))
	// Only a link leads here, and its image has no text alternative.
	handle("GET /ataskaita", goodPage("Ataskaita", `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">`))
	handle("/admin/logout", goodPage("Atsijungta", ""))
	handle("/kalba/{lang}", goodPage("Kalba", ""))
	handle("/trinti", goodPage("Ištrinta", ""))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	b := browsertest.Start(t)
	b.BaseURL = srv.URL
	b.SetViewport(1280, 900)

	rec := &recorder{TB: t}
	s := &suite{t: rec, axe: axeJS}
	w := s.crawl(b, crawl{who: "in the test", start: []string{"/"}, pattern: byID, perPattern: 3, maxPages: 10})
	errs := strings.Join(rec.errors, "\n")
	if !strings.Contains(errs, "page reached in the test (/ataskaita): axe: image-alt (") {
		t.Errorf("the broken page that only a link leads to is not reported; the checks say:\n%s", errs)
	}
	if len(rec.errors) != 1 {
		t.Errorf("want one error, for /ataskaita; the checks say:\n%s", errs)
	}
	if want := []string{"/", "/irasai/1", "/irasai/2", "/irasai/3", "/ataskaita"}; !slices.Equal(w.pages, want) {
		t.Errorf("pages checked: %v, want %v", w.pages, want)
	}
	mu.Lock()
	for _, p := range []string{"/admin/logout", "/kalba/en", "/trinti", "/irasai/4"} {
		if hits[p] != 0 {
			t.Errorf("the walk opened %s", p)
		}
	}
	mu.Unlock()

	rec = &recorder{TB: t}
	s = &suite{t: rec, axe: axeJS}
	s.crawl(b, crawl{who: "with a small cap", start: []string{"/"}, pattern: byID, perPattern: 3, maxPages: 2})
	if errs := strings.Join(rec.errors, "\n"); !strings.Contains(errs, "stopped at its cap of 2 pages with /irasai/2") {
		t.Errorf("a walk stopped by its cap does not say so; the checks say:\n%s", errs)
	}
}
