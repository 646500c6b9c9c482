// Package browsertest drives a real headless Chromium from Go tests, so a
// test can do what a person does: open a page, type into a form, press a
// button or a key, and read what the page then shows.
//
// Start launches Debian's chromium (the one on PATH, else /usr/bin/chromium)
// with a fresh profile. When it is missing the test is skipped, except on CI
// (CI=true), where it fails. Every helper fails the test with the page's
// address when something goes wrong, and a failed test saves a PNG
// screenshot and logs its path. Each test gets one deadline (Timeout) for
// all its browser work, so a page that never loads cannot hang the run.
//
// The helpers read the page with JavaScript run through the DevTools
// protocol, which the page's Content-Security-Policy does not restrict, and
// they act on it with real mouse and keyboard events. Eval is the way to
// anything they do not cover, such as running an injected checker and
// decoding its JSON report.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/chromedp/chromedp/kb"
	"github.com/savivalda/savivalda/internal/a11ycheck"
)

// Timeout bounds all the browser work of one test, from Start to the end.
var Timeout = 60 * time.Second

// Keys for Press.
const (
	Tab   = kb.Tab
	Enter = kb.Enter
)

// ExecPath is where Debian installs Chromium; Start uses it when "chromium"
// is not on PATH.
const ExecPath = "/usr/bin/chromium"

// screenshotsEnv names a directory that keeps the screenshots of failed
// tests; without it they go to the test's temporary directory, which is
// removed when the test ends.
const screenshotsEnv = "BROWSERTEST_SCREENSHOTS"

// Browser is one tab of a running Chromium. Its helpers fail the test
// (t.Fatal) on error, so they must be called from the test's goroutine.
type Browser struct {
	// BaseURL is prepended to addresses given to Navigate that start with
	// "/", e.g. the httptest server's URL.
	BaseURL string

	t        testing.TB
	ctx      context.Context // the tab
	deadline time.Time
	shotDir  string
	status   int

	mu        sync.Mutex
	console   []chromedp.ConsoleMessage
	documents map[string]bool // addresses of the pages loaded
}

// Start launches a headless Chromium with a fresh profile and returns its
// first tab. The browser is closed when the test ends.
func Start(t testing.TB) *Browser {
	t.Helper()
	path := findChromium()
	if path == "" {
		const msg = "Chromium not found: install Debian's chromium to run the browser tests"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	deadline := time.Now().Add(Timeout)
	if td, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if d, ok := td.Deadline(); ok && d.Add(-5*time.Second).Before(deadline) {
			deadline = d.Add(-5 * time.Second)
		}
	}
	shotDir := t.TempDir()
	profile := t.TempDir()

	// No default options: these flags and nothing else (the Debian
	// launcher adds its own from /etc/chromium.d).
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), a11ycheck.ChromiumOptions(path, profile)...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		// Close the browser gracefully, kill it if it does not exit, then
		// remove the profile, retrying while its helper processes finish
		// writing (the test's own cleanup would fail on a busy directory).
		closed := make(chan struct{})
		go func() { chromedp.Cancel(ctx); close(closed) }()
		select {
		case <-closed:
		case <-time.After(10 * time.Second):
		}
		cancel()
		cancelAlloc()
		removeAll(profile)
	})

	// The first action starts the browser and binds its life to ctx, so it
	// gets no deadline of its own; a timer stops a start that hangs.
	timer := time.AfterFunc(time.Until(deadline), cancelAlloc)
	err := chromedp.Do(ctx)
	timer.Stop()
	if err != nil {
		t.Fatalf("browsertest: start %s: %v", path, err)
	}
	return newBrowser(t, ctx, deadline, shotDir)
}

// Fresh opens a new tab in a new browser context of the same Chromium: no
// cookies and no storage, as another person at another computer. It closes
// when the test ends.
func (b *Browser) Fresh() *Browser {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	timer := time.AfterFunc(time.Until(b.deadline), cancel)
	err := chromedp.Do(ctx)
	timer.Stop()
	if err != nil {
		b.t.Fatalf("browsertest: open a new browser context: %v", err)
	}
	fresh := newBrowser(b.t, ctx, b.deadline, b.shotDir)
	fresh.BaseURL = b.BaseURL
	return fresh
}

func newBrowser(t testing.TB, ctx context.Context, deadline time.Time, shotDir string) *Browser {
	b := &Browser{t: t, ctx: ctx, deadline: deadline, shotDir: shotDir, documents: map[string]bool{}}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	// Registered after the browser's own cleanup, so it runs before it.
	t.Cleanup(func() {
		if t.Failed() {
			b.reportFailure()
		}
	})
	return b
}

func findChromium() string {
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat(ExecPath); err == nil {
		return ExecPath
	}
	return ""
}

// run runs one action within the test's deadline.
func run[T any](b *Browser, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithDeadline(b.ctx, b.deadline)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// waitPage runs the action, which is to load a page, and waits until it has.
func (b *Browser) waitPage(a chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithDeadline(b.ctx, b.deadline)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, a)
	b.status = 0
	if res != nil {
		b.status = int(res.Status)
		b.mu.Lock()
		b.documents[res.URL] = true
		b.mu.Unlock()
	}
	return err
}

// fatalf fails the test, naming the page it was on.
func (b *Browser) fatalf(format string, args ...any) {
	b.t.Helper()
	b.t.Fatalf("browsertest: %s (on %s)", fmt.Sprintf(format, args...), b.location())
}

func (b *Browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "unknown page"
	}
	return loc
}

// Do runs f with the tab's chromedp context, bounded by the test's
// deadline, for what the helpers do not cover: a checker that drives the tab
// itself (such as a11ycheck.CheckPage) or a DevTools command (such as
// emulation.SetScriptExecutionDisabled). An error fails the test.
func (b *Browser) Do(what string, f func(ctx context.Context) error) {
	b.t.Helper()
	ctx, cancel := context.WithDeadline(b.ctx, b.deadline)
	defer cancel()
	if err := f(ctx); err != nil {
		b.fatalf("%s: %v", what, err)
	}
}

// Navigate opens the address (a path starting with "/" is resolved against
// BaseURL) and waits for the page to load.
func (b *Browser) Navigate(addr string) {
	b.t.Helper()
	if strings.HasPrefix(addr, "/") {
		addr = b.BaseURL + addr
	}
	navigate := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		res, err := cdp.Call(ctx, t, page.Navigate, page.NavigateParams{URL: addr})
		if err == nil && res.ErrorText != "" {
			err = errors.New(res.ErrorText)
		}
		return err
	})
	if err := b.waitPage(navigate); err != nil {
		b.fatalf("navigate to %s: %v", addr, err)
	}
}

// Status is the HTTP status of the document that the last navigation or
// click loaded (0 when unknown).
func (b *Browser) Status() int { return b.status }

// URL is the address of the current page.
func (b *Browser) URL() string {
	b.t.Helper()
	loc, err := run(b, chromedp.Location())
	if err != nil {
		b.fatalf("read the address: %v", err)
	}
	return loc
}

// Path is the path and query of the current page's address.
func (b *Browser) Path() string {
	b.t.Helper()
	u, err := url.Parse(b.URL())
	if err != nil {
		b.fatalf("parse the address: %v", err)
	}
	return u.RequestURI()
}

// Eval evaluates the JavaScript expression in the page, waits for it when it
// is a promise, and decodes its JSON value into out (nil to ignore it).
func (b *Browser) Eval(js string, out any) {
	b.t.Helper()
	if err := b.eval(js, out); err != nil {
		b.fatalf("evaluate %s: %v", abbreviate(js, 80), err)
	}
}

func (b *Browser) eval(js string, out any) error {
	if out == nil {
		// Not by value: the result may be a node or a function, which has
		// no JSON form (a script's last statement often is).
		_, err := run(b, chromedp.Evaluate[*runtime.RemoteObject](js, chromedp.EvalAwaitPromise))
		return err
	}
	raw, err := run(b, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if len(raw) == 0 {
		return errors.New("the expression gave undefined")
	}
	return json.Unmarshal(raw, out)
}

// call evaluates the function source fn applied to args, which are passed as
// JSON, and decodes its result into out. A result {error: "…"} fails the test.
func (b *Browser) call(what, fn string, out any, args ...any) {
	b.t.Helper()
	var js strings.Builder
	js.WriteString("(" + fn + ")(")
	for i, a := range args {
		if i > 0 {
			js.WriteString(",")
		}
		enc, err := json.Marshal(a)
		if err != nil {
			b.t.Fatalf("browsertest: %s: %v", what, err)
		}
		js.Write(enc)
	}
	js.WriteString(")")
	var res struct {
		Error string          `json:"error"`
		Value json.RawMessage `json:"value"`
	}
	if err := b.eval(js.String(), &res); err != nil {
		b.fatalf("%s: %v", what, err)
	}
	if res.Error != "" {
		b.fatalf("%s: %s", what, res.Error)
	}
	if out != nil {
		if err := json.Unmarshal(res.Value, out); err != nil {
			b.fatalf("%s: %v", what, err)
		}
	}
}

// PageText is the text of the page as a person sees it (the body's
// innerText).
func (b *Browser) PageText() string {
	b.t.Helper()
	var s string
	b.Eval(`document.body ? document.body.innerText : ""`, &s)
	return s
}

// Text is the visible text of the first element that matches the CSS
// selector; the test fails when none does.
func (b *Browser) Text(selector string) string {
	b.t.Helper()
	var s string
	b.call("read the text of "+selector, `(sel) => {
		const el = document.querySelector(sel);
		return el ? {value: el.innerText} : {error: "no element matches " + sel};
	}`, &s, selector)
	return s
}

// Has reports whether an element matches the CSS selector.
func (b *Browser) Has(selector string) bool {
	b.t.Helper()
	var ok bool
	b.call("look for "+selector, `(sel) => ({value: document.querySelector(sel) !== null})`, &ok, selector)
	return ok
}

// findField is the JavaScript that finds a form control by id, else by name.
const findField = `function findField(f) {
	const el = document.getElementById(f) || document.getElementsByName(f)[0];
	return el && ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) ? el : null;
}`

// Value is the current value of the form control with the id or name.
func (b *Browser) Value(field string) string {
	b.t.Helper()
	var s string
	b.call("read field "+field, `(f) => {
		`+findField+`
		const el = findField(f);
		return el ? {value: el.value} : {error: "no form control has the id or name " + f};
	}`, &s, field)
	return s
}

// Fill sets the form control with the id (or else the name) to value, as a
// person would: it types into text fields and text areas (a "\n" is the
// Enter key), and picks the option of a select by its visible label or its
// value. Date, time, colour and range inputs have their value set and get
// input and change events, since their pickers differ between browsers.
func (b *Browser) Fill(field, value string) {
	b.t.Helper()
	var kind string
	b.call("fill "+field, `(f, v) => {
		`+findField+`
		const el = findField(f);
		if (!el) return {error: "no form control has the id or name " + f};
		if (el.disabled || el.readOnly) return {error: f + " is disabled or read-only"};
		const set = () => {
			el.dispatchEvent(new Event("input", {bubbles: true}));
			el.dispatchEvent(new Event("change", {bubbles: true}));
		};
		if (el.tagName === "SELECT") {
			const norm = (s) => s.replace(/\s+/g, " ").trim();
			const opt = [...el.options].find((o) => norm(o.label) === norm(v)) ||
				[...el.options].find((o) => o.value === v);
			if (!opt) return {error: f + " has no option " + JSON.stringify(v) + "; it has " +
				JSON.stringify([...el.options].map((o) => o.label))};
			el.value = opt.value;
			set();
			return {value: "set"};
		}
		const type = (el.getAttribute("type") || "text").toLowerCase();
		if (["checkbox", "radio", "file", "submit", "button", "reset", "hidden", "image"].includes(type)) {
			return {error: f + " is an input of type " + type + ", which Fill does not handle"};
		}
		if (["date", "time", "datetime-local", "month", "week", "color", "range"].includes(type)) {
			el.value = v;
			if (el.value !== v) return {error: f + " (type " + type + ") did not accept " + JSON.stringify(v)};
			set();
			return {value: "set"};
		}
		el.scrollIntoView({block: "center"});
		el.focus();
		el.value = "";
		el.dispatchEvent(new Event("input", {bubbles: true}));
		return {value: document.activeElement === el ? "type" : "unfocusable"};
	}`, &kind, field, value)
	switch kind {
	case "set":
		return
	case "unfocusable":
		b.fatalf("fill %s: it cannot take the focus", field)
	}
	if _, err := run(b, typeText(value)); err != nil {
		b.fatalf("type into %s: %v", field, err)
	}
	if got := b.Value(field); got != strings.ReplaceAll(value, "\r", "") {
		b.fatalf("fill %s: it holds %q after typing %q", field, got, value)
	}
}

// typeText types s on the keyboard into the focused element. chromedp's
// KeyEvent reads runes from U+0100 on as special keys (ą is ControlLeft,
// č ShiftLeft), so only ASCII goes through its key table; other letters are
// typed as characters.
func typeText(s string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range s {
			events := kb.EncodeUnidentified(r)
			if r < utf8.RuneSelf {
				events = kb.Encode(r)
			}
			for _, ev := range events {
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, *ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// ClickButton clicks the button whose visible text (or value, for an input
// button) is text, and waits for the page it loads.
func (b *Browser) ClickButton(text string) {
	b.t.Helper()
	b.ClickText(`button, input[type=submit], input[type=button], [role=button]`, text)
}

// ClickLink clicks the link whose visible text is text, and waits for the
// page it loads.
func (b *Browser) ClickLink(text string) {
	b.t.Helper()
	b.ClickText("a[href]", text)
}

// ClickText clicks the one element that matches the CSS selector and whose
// visible text is text (ignoring spacing), and waits for the page it loads.
// The test fails when no element, or more than one, has the text.
func (b *Browser) ClickText(selector, text string) {
	b.t.Helper()
	b.click(fmt.Sprintf("click %q (%s)", text, selector), `(sel, text) => {
		const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
		const all = [...document.querySelectorAll(sel)];
		const found = all.filter((el) => norm(el.innerText || el.value) === norm(text));
		if (found.length === 0) return {error: "none has that text; they say " +
			JSON.stringify(all.map((el) => norm(el.innerText || el.value)).filter((s) => s))};
		if (found.length > 1) return {error: found.length + " elements have that text"};
		return {value: found[0]};
	}`, selector, text)
}

// Click clicks the first element that matches the CSS selector, and waits
// for the page it loads.
func (b *Browser) Click(selector string) {
	b.t.Helper()
	b.click("click "+selector, `(sel) => {
		const el = document.querySelector(sel);
		return el ? {value: el} : {error: "no element matches"};
	}`, selector)
}

// click finds an element with find (which returns {value: element} or
// {error}), presses the mouse at its centre as a person would, and waits for
// the page that loads. Clicks that load no page are for Eval.
func (b *Browser) click(what, find string, args ...any) {
	b.t.Helper()
	var at struct{ X, Y float64 }
	b.call(what, `(...args) => {
		const res = (`+find+`)(...args);
		if (res.error) return res;
		const el = res.value;
		el.scrollIntoView({block: "center"});
		const r = el.getBoundingClientRect();
		if (r.width === 0 || r.height === 0) return {error: "it is not visible"};
		const x = r.left + r.width / 2, y = r.top + r.height / 2;
		const hit = document.elementFromPoint(x, y);
		if (!hit || !(el === hit || el.contains(hit))) {
			return {error: "it is covered by " + (hit ? hit.outerHTML.slice(0, 120) : "nothing")};
		}
		return {value: {X: x, Y: y}};
	}`, &at, args...)
	if err := b.waitPage(chromedp.MouseClickXY(at.X, at.Y)); err != nil {
		b.fatalf("%s: waiting for the next page: %v", what, err)
	}
}

// SetViewport sizes the page's viewport in CSS pixels, e.g. 320 wide to
// check that content reflows on a narrow screen.
func (b *Browser) SetViewport(width, height int) {
	b.t.Helper()
	if _, err := run(b, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		b.fatalf("set the viewport to %d×%d: %v", width, height, err)
	}
}

// Press sends keys to the focused element, as typed on a keyboard (see Tab
// and Enter). It does not wait for a page to load.
func (b *Browser) Press(keys string) {
	b.t.Helper()
	if _, err := run(b, chromedp.KeyEvent(keys)); err != nil {
		b.fatalf("press %q: %v", keys, err)
	}
}

// Element describes an element of the page.
type Element struct {
	Tag  string // lower case, e.g. "a"
	ID   string
	Text string // visible text, spacing collapsed
}

// Focused describes the element that has the keyboard focus (the body when
// none has).
func (b *Browser) Focused() Element {
	b.t.Helper()
	var e Element
	b.call("read the focused element", `() => {
		const el = document.activeElement || document.body;
		return {value: {Tag: el.tagName.toLowerCase(), ID: el.id,
			Text: (el.innerText || el.value || "").replace(/\s+/g, " ").trim()}};
	}`, &e)
	return e
}

// FocusWithin reports whether the focused element matches the CSS selector
// or is inside an element that does.
func (b *Browser) FocusWithin(selector string) bool {
	b.t.Helper()
	var in bool
	b.call("check the focus", `(sel) => {
		const el = document.activeElement;
		return {value: !!(el && el.closest(sel))};
	}`, &in, selector)
	return in
}

// ConsoleErrors lists the errors the pages of this tab have reported so far:
// uncaught exceptions, console.error calls and browser log errors such as
// Content-Security-Policy violations and failed requests. A page's own HTTP
// status (a form shown again with 422) is left out: Status tells it.
func (b *Browser) ConsoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var errs []string
	for _, m := range b.console {
		if m.Type != chromedp.ConsoleError && !m.IsException() {
			continue
		}
		if m.Source == "network" && b.documents[m.URL] {
			continue
		}
		errs = append(errs, m.URL+": "+m.Text)
	}
	return errs
}

// Screenshot saves a PNG of the whole page in a file named after name and
// returns its path.
func (b *Browser) Screenshot(name string) (string, error) {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return "", err
	}
	dir := b.shotDir
	if d := os.Getenv(screenshotsEnv); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", err
		}
		dir = d
	}
	f, err := os.CreateTemp(dir, strings.NewReplacer("/", "_", " ", "_").Replace(name)+"-*.png")
	if err != nil {
		return "", err
	}
	if _, err := f.Write(png); err != nil {
		f.Close()
		return "", err
	}
	return f.Name(), f.Close()
}

// reportFailure logs what the tab showed when the test failed.
func (b *Browser) reportFailure() {
	if path, err := b.Screenshot(b.t.Name()); err != nil {
		b.t.Logf("browsertest: no screenshot: %v", err)
	} else if os.Getenv(screenshotsEnv) != "" {
		b.t.Logf("browsertest: screenshot of %s: %s", b.location(), path)
	} else {
		b.t.Logf("browsertest: screenshot of %s: %s (removed with the test's files; set %s=dir to keep it)",
			b.location(), path, screenshotsEnv)
	}
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	if text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); err == nil {
		b.t.Logf("browsertest: the page said:\n%s", abbreviate(text, 3000))
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		b.t.Logf("browsertest: console errors:\n%s", strings.Join(errs, "\n"))
	}
}

func abbreviate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// removeAll removes dir, retrying for a few seconds while processes that
// Chromium left behind still write to it.
func removeAll(dir string) {
	for end := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if err := os.RemoveAll(dir); err == nil || time.Now().After(end) {
			return
		}
	}
}

// Upload chooses the files at paths in the file input with the id (or else
// the name) field, as a person picking them in the browser's file dialog.
func (b *Browser) Upload(field string, paths ...string) {
	b.t.Helper()
	abs := make([]string, len(paths))
	for i, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			b.fatalf("upload %s: %v", p, err)
		}
		abs[i] = a
	}
	sel := `input[type=file][id="` + field + `"], input[type=file][name="` + field + `"]`
	if _, err := run(b, chromedp.SetUploadFiles(chromedp.CSS(sel), abs)); err != nil {
		b.fatalf("upload into %s: %v", field, err)
	}
}
