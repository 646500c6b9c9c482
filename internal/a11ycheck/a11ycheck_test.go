package a11ycheck

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// tools returns the paths of axe.min.js and Chromium, or skips the test
// when one is missing (on CI, CI=true, it fails instead).
func tools(t *testing.T) (axe, chromium string) {
	t.Helper()
	axe, err := FindAxe()
	if err == nil {
		chromium, err = FindChromium()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return axe, chromium
}

// A small site: a page that breaks the rules in two ways, a page that
// keeps them, and links between them and to things that are not pages.
func brokenSite(t *testing.T) *httptest.Server {
	const head = `<!doctype html><html lang="lt"><head><meta charset="utf-8"><title>%s</title>
<link rel="icon" href="data:,"></head><body><main><h1>%s</h1>`
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, head, "Pradžia", "Pradžia")
		fmt.Fprint(w, `<p><a href="/gera#turinys">Gera forma</a> <a href="/bloga">Bloga forma</a>
<a href="/ataskaita.csv">CSV</a> <a href="mailto:info@example.lt">El. paštas</a>
<a href="https://example.org/">Kita svetainė</a> <a href="/kalba?grizti=/gera">Ta pati kitaip</a></p></main></body></html>`)
	})
	mux.HandleFunc("GET /kalba", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("grizti"), http.StatusSeeOther)
	})
	mux.HandleFunc("GET /bloga", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, head, "Bloga forma", "Bloga forma")
		fmt.Fprint(w, `<form><input name="q" type="text"><button>Ieškoti</button></form>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">
<p><a href="/">Pradžia</a></p></main></body></html>`)
	})
	mux.HandleFunc("GET /gera", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, head, "Gera forma", "Gera forma")
		fmt.Fprint(w, `<form><label for="q">Paieška</label><input id="q" name="q" type="text"><button>Ieškoti</button></form>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20" alt="Herbas">
<p><a href="/bloga">Bloga forma</a></p></main></body></html>`)
	})
	mux.HandleFunc("GET /ataskaita.csv", func(w http.ResponseWriter, r *http.Request) {
		t.Error("the crawl followed a link to a file")
		w.Header().Set("Content-Type", "text/csv")
		fmt.Fprint(w, "a,b\n")
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

func rulesOf(vs []Violation) []string {
	var rules []string
	for _, v := range vs {
		rules = append(rules, v.Rule)
	}
	slices.Sort(rules)
	return rules
}

// The harness catches what it is there to catch: a page with an unlabelled
// input and an image without a text alternative fails with the rules
// "label" and "image-alt", so a suite that requires zero violations fails
// on it; the same page done right passes.
func TestRunReportsViolations(t *testing.T) {
	axe, chromium := tools(t)
	ts := brokenSite(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	res, err := Run(ctx, Options{Chromium: chromium, AxeFile: axe, BaseURL: ts.URL, Paths: []string{"/bloga", "/gera"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != 2 || res.Pages[0].Path != "/bloga" || res.Pages[1].Path != "/gera" {
		t.Fatalf("pages checked: %+v", res.Pages)
	}
	broken, good := res.Pages[0], res.Pages[1]
	if got, want := rulesOf(broken.Violations), []string{"image-alt", "label"}; !reflect.DeepEqual(got, want) {
		t.Errorf("violations on the broken page: %v, want %v:\n%v", got, want, broken.Violations)
	}
	for _, v := range broken.Violations {
		want := map[string]string{"label": "input", "image-alt": "img"}[v.Rule]
		if len(v.Nodes) != 1 || !strings.Contains(v.Nodes[0], want) || v.Impact == "" || v.Help == "" ||
			!strings.HasPrefix(v.HelpURL, "https://") || len(v.Details) != 1 || v.Details[0] == "" {
			t.Errorf("violation %s is not described fully: %+v", v.Rule, v)
		}
	}
	if len(good.Violations) != 0 {
		t.Errorf("violations on the page done right: %v", good.Violations)
	}
	if broken.Status != http.StatusOK || broken.Final != "/bloga" || broken.Lang != "lt" {
		t.Errorf("broken page: status %d, final address %q, lang %q", broken.Status, broken.Final, broken.Lang)
	}
	if res.Count() != 2 {
		t.Errorf("Count: %d, want 2", res.Count())
	}
	if got, want := res.ByRule(), map[string]int{"label": 1, "image-alt": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("ByRule: %v, want %v", got, want)
	}
	if res.At.IsZero() {
		t.Error("the result has no time")
	}
}

// Without a list of pages, Run crawls the links of the site from "/",
// breadth first, and leaves out other sites, e-mail addresses, files and
// pages it has already checked, also when a link redirects to one.
func TestRunCrawls(t *testing.T) {
	axe, chromium := tools(t)
	ts := brokenSite(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	res, err := Run(ctx, Options{Chromium: chromium, AxeFile: axe, BaseURL: ts.URL})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, p := range res.Pages {
		paths = append(paths, p.Path)
	}
	if want := []string{"/", "/gera", "/bloga"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("pages crawled: %v, want %v", paths, want)
	}
	if got := res.Rules(); !reflect.DeepEqual(got, []string{"image-alt", "label"}) {
		t.Errorf("rules that failed: %v", got)
	}

	res, err = Run(ctx, Options{Chromium: chromium, AxeFile: axe, BaseURL: ts.URL, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != 2 {
		t.Errorf("a crawl limited to 2 pages checked %d", len(res.Pages))
	}
}

func TestSameOrigin(t *testing.T) {
	base, _ := url.Parse("http://127.0.0.1:8080")
	got := SameOriginPages(base, []string{
		"http://127.0.0.1:8080/a#x", "http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b?puslapis=2",
		"https://127.0.0.1:8080/c", "http://127.0.0.1:9090/d", "mailto:a@b.lt", "tel:+370",
		"http://127.0.0.1:8080/audit.csv", "http://127.0.0.1:8080/herbas", "http://127.0.0.1:8080/e.html",
	})
	want := []string{"/a", "/b?puslapis=2", "/herbas", "/e.html"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SameOriginPages: %v, want %v", got, want)
	}
}

// Without axe-core the error says how to install it.
func TestFindAxeSaysHowToInstall(t *testing.T) {
	t.Run("env", func(t *testing.T) {
		t.Setenv(AxeEnv, filepath.Join(t.TempDir(), "axe.min.js"))
		_, err := FindAxe()
		if !errors.Is(err, ErrAxeNotInstalled) || !strings.Contains(err.Error(), "(cd tools/axe && npm ci)") {
			t.Errorf("error: %v", err)
		}
	})
	t.Run("search", func(t *testing.T) {
		t.Setenv(AxeEnv, "")
		t.Chdir(t.TempDir())
		_, err := FindAxe()
		if !errors.Is(err, ErrAxeNotInstalled) {
			t.Errorf("error: %v", err)
		}
	})
	t.Run("found upwards", func(t *testing.T) {
		t.Setenv(AxeEnv, "")
		root := t.TempDir()
		want := filepath.Join(root, filepath.FromSlash(AxePath))
		if err := os.MkdirAll(filepath.Dir(want), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(want, []byte("/* axe */"), 0o644); err != nil {
			t.Fatal(err)
		}
		sub := filepath.Join(root, "internal", "e2e")
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Chdir(sub)
		got, err := FindAxe()
		if err != nil || got != want {
			t.Errorf("FindAxe() = %q, %v; want %q", got, err, want)
		}
	})
}
