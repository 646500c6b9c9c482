package a11ycheck

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Options says what Run checks and with what.
type Options struct {
	Chromium string // path of the browser; "" for FindChromium's
	AxeFile  string // path of axe.min.js; "" for FindAxe's
	BaseURL  string // the site, e.g. "http://127.0.0.1:8080"
	// Paths are the pages to check, e.g. "/" and "/archyvas". When there
	// are none, Run crawls the site: it starts at "/" and follows the links
	// to pages of the same origin, breadth first, until it has checked
	// Limit pages.
	Paths []string
	Limit int // pages a crawl checks at most; 0 for DefaultLimit
	Width int // viewport width in CSS pixels; 0 for 1280
}

// DefaultLimit is how many pages a crawl checks when Options.Limit is 0.
const DefaultLimit = 100

// PageTimeout bounds loading and checking one page.
var PageTimeout = 30 * time.Second

const viewportHeight = 900

// Run starts a headless Chromium with a fresh profile, checks the pages
// with axe-core (see CheckPage) and returns what it found. Each page is
// loaded as a first visit: without cookies, so a link that sets a language
// or a session affects only the page it leads to. A crawl skips links to
// files (an address whose last segment has an extension other than .html)
// and answers that are not HTML. The browser is closed before Run returns.
func Run(ctx context.Context, opts Options) (*Result, error) {
	base, err := url.Parse(opts.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("a11ycheck: base URL %q: want http://host[:port]", opts.BaseURL)
	}
	axeJS, err := LoadAxe(opts.AxeFile)
	if err != nil {
		return nil, err
	}
	chromium := opts.Chromium
	if chromium == "" {
		if chromium, err = FindChromium(); err != nil {
			return nil, err
		}
	}
	width := opts.Width
	if width <= 0 {
		width = 1280
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}

	tab, closeBrowser, err := StartChromium(ctx, chromium)
	if err != nil {
		return nil, err
	}
	defer closeBrowser()
	if err := within(tab, func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), viewportHeight))
	}); err != nil {
		return nil, fmt.Errorf("a11ycheck: set the viewport: %w", err)
	}

	res := &Result{At: time.Now()}
	crawl := len(opts.Paths) == 0
	queue := opts.Paths
	if crawl {
		queue = []string{"/"}
	}
	seen := map[string]bool{}    // addresses queued
	checked := map[string]bool{} // pages checked, by final address and language
	for _, p := range queue {
		seen[p] = true
	}
	for len(queue) > 0 && (!crawl || len(res.Pages) < limit) {
		p := queue[0]
		queue = queue[1:]
		var page PageResult
		var links []string
		err := within(tab, func(ctx context.Context) error {
			var err error
			page, links, err = checkOne(ctx, base, p, axeJS, crawl, checked)
			return err
		})
		if (errors.Is(err, errNotAPage) || errors.Is(err, errChecked)) && crawl {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("a11ycheck: %s: %w", p, err)
		}
		res.Pages = append(res.Pages, page)
		for _, l := range links {
			if !seen[l] {
				seen[l] = true
				queue = append(queue, l)
			}
		}
	}
	return res, nil
}

// errNotAPage: the address answered with something other than an HTML
// page, such as a download.
var errNotAPage = errors.New("not an HTML page")

// errChecked: the address led to a page already checked in the same
// language, as a language switch back to the default language does.
var errChecked = errors.New("page already checked")

// checkOne loads the page at path p as a first visit, checks it and, when
// crawling, lists the same-origin links it has. When crawling it skips a
// page that checked already holds (by final address and language), and
// adds the one it checks.
func checkOne(ctx context.Context, base *url.URL, p, axeJS string, crawl bool, checked map[string]bool) (PageResult, []string, error) {
	page := PageResult{Path: p}
	ref, err := url.Parse(p)
	if err != nil {
		return page, nil, err
	}
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		return page, nil, fmt.Errorf("clear cookies: %w", err)
	}
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(base.ResolveReference(ref).String()))
	var loadErr *chromedp.LoadError
	if errors.As(err, &loadErr) && strings.Contains(loadErr.ErrorText, "ERR_ABORTED") {
		return page, nil, errNotAPage // a download
	}
	if err != nil {
		return page, nil, fmt.Errorf("load: %w", err)
	}
	if resp != nil {
		page.Status = int(resp.Status)
		if !strings.HasPrefix(resp.MimeType, "text/html") && !strings.HasPrefix(resp.MimeType, "application/xhtml") {
			return page, nil, fmt.Errorf("%w (%s)", errNotAPage, resp.MimeType)
		}
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ Href, Lang string }](
		`({Href: location.href, Lang: document.documentElement.getAttribute("lang") || ""})`))
	if err != nil {
		return page, nil, fmt.Errorf("read the address: %w", err)
	}
	page.Lang = shown.Lang
	page.Final = p
	if u, err := url.Parse(shown.Href); err == nil {
		u.Fragment = ""
		page.Final = u.RequestURI()
	}
	if crawl {
		key := page.Final + " " + page.Lang
		if checked[key] {
			return page, nil, errChecked
		}
		checked[key] = true
	}
	if page.Violations, err = CheckPage(ctx, axeJS); err != nil {
		return page, nil, err
	}
	if !crawl {
		return page, nil, nil
	}
	hrefs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("a[href]")]
		.filter((a) => !a.hasAttribute("download"))
		.map((a) => a.href)`))
	if err != nil {
		return page, nil, fmt.Errorf("read the links: %w", err)
	}
	return page, SameOriginPages(base, hrefs), nil
}

// SameOriginPages keeps the addresses of pages on base's origin, as path and
// query without the fragment, in order and without repeats; links to files
// (an extension other than .html) are left out. A crawl follows these.
func SameOriginPages(base *url.URL, hrefs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, h := range hrefs {
		u, err := url.Parse(h)
		if err != nil || u.Scheme != base.Scheme || u.Host != base.Host {
			continue
		}
		if ext := path.Ext(u.Path); ext != "" && ext != ".html" && ext != ".htm" {
			continue
		}
		u.Fragment = ""
		p := u.RequestURI()
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// ChromiumOptions are the only flags Chromium gets here: headless, and none
// of the background connections that stall on a machine without network.
func ChromiumOptions(path, profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	}
}

// StartChromium launches a headless Chromium with a fresh profile and the
// flags below and nothing else, and returns the chromedp context of its
// first tab and a func that closes the browser and removes the profile.
func StartChromium(ctx context.Context, chromium string) (context.Context, func(), error) {
	profile, err := os.MkdirTemp("", "a11ycheck-chromium-")
	if err != nil {
		return nil, nil, err
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, ChromiumOptions(chromium, profile)...)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	closeBrowser := func() {
		done := make(chan struct{})
		go func() { chromedp.Cancel(tab); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
		}
		cancelTab()
		cancelAlloc()
		removeAll(profile)
	}
	// The first action starts the browser and ties it to tab's life, so it
	// runs without a deadline; a timer stops a start that hangs.
	timer := time.AfterFunc(PageTimeout, cancelAlloc)
	err = chromedp.Do(tab)
	timer.Stop()
	if err != nil {
		closeBrowser()
		return nil, nil, fmt.Errorf("a11ycheck: start %s: %w", chromium, err)
	}
	return tab, closeBrowser, nil
}

// within runs f with tab's context bounded by PageTimeout.
func within(tab context.Context, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(tab, PageTimeout)
	defer cancel()
	return f(ctx)
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
