package main

import (
	"context"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/a11ycheck"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/statement"
	"github.com/savivalda/savivalda/internal/store"
)

func TestAccessibilityUsage(t *testing.T) {
	flags, _ := tempDB(t)
	for _, args := range [][]string{
		{"accessibility"},
		{"accessibility", "fix"},
		append([]string{"accessibility", "check", "-url", "ftp://example.lt"}, flags...),
		append([]string{"accessibility", "check", "-limit", "0"}, flags...),
		append([]string{"accessibility", "check", "extra"}, flags...),
	} {
		_, _, err := runCmd(t, args...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("%v: got %v, want a usage error (exit 2)", args, err)
		}
	}
	out, _, err := runCmd(t, "accessibility", "help")
	if err != nil || !strings.Contains(out, "savivalda accessibility check") {
		t.Errorf("help: %v\n%s", err, out)
	}
}

// needBrowser skips the test without Chromium or axe-core, except in CI,
// where the check must run.
func needBrowser(t *testing.T) {
	t.Helper()
	_, errC := a11ycheck.FindChromium()
	_, errA := a11ycheck.FindAxe()
	if err := errors.Join(errC, errA); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the accessibility check needs Chromium and axe-core in CI: %v", err)
		}
		t.Skipf("skipping the accessibility check: %v", err)
	}
}

// "savivalda accessibility check" crawls the real application in Chromium,
// stores the result for the institution serving the host it crawled, and
// prints the figures; every rule found is an entry of the statement.
func TestAccessibilityCheck(t *testing.T) {
	needBrowser(t)
	e := apptest.New(t, "sqlite")
	common := []string{"-db", e.DB.Source(), "-data", filepath.Dir(store.SQLitePath(e.DB.Source()))}
	// The home page gets an image without a text alternative, so that the
	// check has a rule to store, print and turn into an entry.
	app := e.App.Handler()
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			app.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, r)
		maps.Copy(w.Header(), rec.Header())
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		io.WriteString(w, strings.Replace(rec.Body.String(), "</main>", `<img src="/herbas" width="4" height="4"></main>`, 1))
	}))
	t.Cleanup(site.Close)

	out, stderr, err := runCmd(t, append([]string{"accessibility", "check", "-url", site.URL, "-limit", "4"}, common...)...)
	if err != nil {
		t.Fatalf("check: %v\n%s\n%s", err, out, stderr)
	}
	ctx := context.Background()
	c, err := statement.LatestCheck(ctx, e.DB, e.In.ID)
	if err != nil {
		t.Fatalf("no check stored for the institution serving 127.0.0.1: %v\n%s", err, out)
	}
	if c.PagesChecked < 1 || c.PagesChecked > 4 || c.BaseURL != site.URL {
		t.Errorf("stored check: %d pages of %s", c.PagesChecked, c.BaseURL)
	}
	if !slices.ContainsFunc(c.Rules, func(r statement.RuleFinding) bool { return r.Rule == "image-alt" }) {
		t.Fatalf("stored rules %+v, want image-alt for the image on the home page", c.Rules)
	}
	for _, want := range []string{"Checking " + site.URL, "Pages checked: " + strconv.Itoa(c.PagesChecked),
		"Violations: " + strconv.Itoa(c.Violations)} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	entries, err := statement.Issues(ctx, e.DB, e.In.ID, statement.Draft, statement.Confirmed)
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, is := range entries {
		covered[is.Rule] = true
	}
	for _, r := range c.Rules {
		if !covered[r.Rule] || !strings.Contains(out, r.Rule) {
			t.Errorf("rule %s: an entry %v, printed %v", r.Rule, covered[r.Rule], strings.Contains(out, r.Rule))
		}
	}

	if _, _, err := runCmd(t, append([]string{"accessibility", "check", "-url", e.Server.URL, "-limit", "1", "-institution", "kita"}, common...)...); err != nil {
		t.Fatalf("check for another institution: %v", err)
	}
	if _, err := statement.LatestCheck(ctx, e.DB, e.Other.ID); err != nil {
		t.Errorf("-institution kita stored nothing for it: %v", err)
	}

	// Nothing answers: the check cannot run, and says so with exit 1.
	_, _, err = runCmd(t, append([]string{"accessibility", "check", "-url", "http://127.0.0.1:1", "-limit", "1"}, common...)...)
	var ue usageError
	if err == nil || errors.As(err, &ue) {
		t.Errorf("a site that does not answer: got %v, want a failure (exit 1)", err)
	}
}
