// Package a11ycheck checks web pages for accessibility in a real browser:
// it loads each page in Debian's headless Chromium and runs axe-core on it,
// limited to the rules of WCAG 2.0, 2.1 and 2.2, levels A and AA.
//
// axe-core comes from the npm registry, pinned in tools/axe/package.json and
// package-lock.json, and is read from the local file
// tools/axe/node_modules/axe-core/axe.min.js; install it with
//
//	(cd tools/axe && npm ci)
//
// Run crawls a running site (or checks a list of its pages) in a browser of
// its own. CheckPage checks the page open in a tab that the caller already
// drives, such as a browsertest.Browser's.
package a11ycheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Tags are the axe-core rule tags that Run and CheckPage apply: WCAG 2.0,
// 2.1 and 2.2 at levels A and AA (WCAG 2.2 added no level A rule to axe).
// axe's "best-practice" rules are left out: they are advice, not the law's
// standard (EN 301 549 refers to WCAG 2.1 AA).
var Tags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// AxePath is where npm installs axe-core, relative to the repository root.
const AxePath = "tools/axe/node_modules/axe-core/axe.min.js"

// AxeEnv names an environment variable that gives the path of axe.min.js,
// for a binary run outside the repository.
const AxeEnv = "SAVIVALDA_AXE"

// ChromiumPath is where Debian installs Chromium; it is used when
// "chromium" is not on PATH.
const ChromiumPath = "/usr/bin/chromium"

// ErrAxeNotInstalled: axe-core was not found. Its message says how to
// install it.
var ErrAxeNotInstalled = errors.New("axe-core not installed: run (cd tools/axe && npm ci)")

// ErrChromiumNotFound: no Chromium to drive.
var ErrChromiumNotFound = errors.New("Chromium not found: install Debian's chromium (apt-get install chromium)")

// Violation is one axe rule that failed on a page, with the elements it
// failed on.
type Violation struct {
	Rule    string   // axe rule id, e.g. "color-contrast"
	Impact  string   // minor, moderate, serious or critical
	Help    string   // what the rule asks for, in a sentence
	HelpURL string   // axe's page about the rule
	Nodes   []string // CSS selectors of the failing elements
	// Details has axe's explanation for each node, in the order of Nodes
	// (e.g. the contrast ratio it measured).
	Details []string
}

// String is the violation in one line, for logs and test failures.
func (v Violation) String() string {
	s := fmt.Sprintf("%s (%s): %s; %s", v.Rule, v.Impact, v.Help, v.HelpURL)
	for i, n := range v.Nodes {
		s += "\n    " + n
		if i < len(v.Details) && v.Details[i] != "" {
			s += ": " + strings.ReplaceAll(v.Details[i], "\n", " ")
		}
	}
	return s
}

// PageResult is what the check found on one page.
type PageResult struct {
	Path       string // as requested: path and query
	Final      string // path and query of the page shown, after redirects
	Lang       string // the page's <html lang>
	Status     int    // HTTP status of the document
	Violations []Violation
}

// Result is one run of the check over a site.
type Result struct {
	At    time.Time // when the run started
	Pages []PageResult
}

// Count is the number of violations: one for each rule that failed on a
// page, however many elements it failed on.
func (r *Result) Count() int {
	n := 0
	for _, p := range r.Pages {
		n += len(p.Violations)
	}
	return n
}

// ByRule counts, for each rule that failed, the pages it failed on.
func (r *Result) ByRule() map[string]int {
	m := map[string]int{}
	for _, p := range r.Pages {
		for _, v := range p.Violations {
			m[v.Rule]++
		}
	}
	return m
}

// Rules lists the rules that failed anywhere, sorted.
func (r *Result) Rules() []string {
	var rules []string
	for rule := range r.ByRule() {
		rules = append(rules, rule)
	}
	sort.Strings(rules)
	return rules
}

// FindAxe returns the path of axe.min.js: the file named by SAVIVALDA_AXE,
// else tools/axe/node_modules/axe-core/axe.min.js in the working directory
// or the nearest of its parents that has it. The error, when there is none,
// wraps ErrAxeNotInstalled.
func FindAxe() (string, error) {
	if p := os.Getenv(AxeEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%w (%s=%s: %v)", ErrAxeNotInstalled, AxeEnv, p, err)
		}
		return p, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("%w (%v)", ErrAxeNotInstalled, err)
	}
	for dir := wd; ; {
		p := filepath.Join(dir, filepath.FromSlash(AxePath))
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", fmt.Errorf("%w (no %s in %s or its parents; or set %s to the path of axe.min.js)",
		ErrAxeNotInstalled, AxePath, wd, AxeEnv)
}

// LoadAxe reads axe-core's script from path, or from FindAxe's when path is
// "".
func LoadAxe(path string) (string, error) {
	if path == "" {
		p, err := FindAxe()
		if err != nil {
			return "", err
		}
		path = p
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read axe-core: %w", err)
	}
	return string(b), nil
}

// FindChromium returns the path of the "chromium" on PATH, else of
// /usr/bin/chromium; the error wraps ErrChromiumNotFound.
func FindChromium() (string, error) {
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	if _, err := os.Stat(ChromiumPath); err == nil {
		return ChromiumPath, nil
	}
	return "", ErrChromiumNotFound
}

// CheckPage runs axe-core on the page open in the tab of the chromedp
// context ctx, injecting axeJS (the text of axe.min.js) when the page does
// not have it yet, and returns the violations of the WCAG A and AA rules
// (see Tags), or none. The script runs through the DevTools protocol, so
// the page's Content-Security-Policy does not stop it.
func CheckPage(ctx context.Context, axeJS string) ([]Violation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object" && typeof window.axe.run === "function"`))
	if err != nil {
		return nil, fmt.Errorf("a11ycheck: look for axe-core: %w", err)
	}
	if !loaded {
		// The script's own value is of no interest (and may not be
		// serialisable), so the expression ends with true.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeJS+"\n;true")); err != nil {
			return nil, fmt.Errorf("a11ycheck: load axe-core: %w", err)
		}
	}
	tags, err := json.Marshal(Tags)
	if err != nil {
		return nil, err
	}
	script := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]})
	.then((r) => r.violations.map((v) => ({
		Rule: v.id, Impact: v.impact || "", Help: v.help, HelpURL: v.helpUrl,
		Nodes: v.nodes.map((n) => n.target.map((t) => Array.isArray(t) ? t.join(" >>> ") : t).join(" ")),
		Details: v.nodes.map((n) => n.failureSummary || ""),
	})))`
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](script, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("a11ycheck: run axe-core: %w", err)
	}
	return vs, nil
}
