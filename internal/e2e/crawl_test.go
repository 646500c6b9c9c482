package e2e_test

import (
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/savivalda/savivalda/internal/a11ycheck"
	"github.com/savivalda/savivalda/internal/browsertest"
)

// crawl is one person's walk through the site, so that the suite finds its
// pages by following links rather than from a list someone must keep up to
// date: from the start pages it follows every link to a page of the same
// site, breadth first, and checks each page it reaches. It follows only
// <a href> (a GET), never a form, and never a link that changes something:
// the logout, a language switch, or an address that a POST form on the page
// also posts to.
type crawl struct {
	who   string   // names the checks, e.g. "as a contributor"
	start []string // addresses to begin with
	lang  string   // the pages' <html lang>; "" for "lt"
	// pattern groups addresses that show the same kind of page, such as
	// every /admin/pages/{id}; at most perPattern of each are checked, so
	// that a list of many items is sampled, not walked.
	pattern    func(path string) string
	perPattern int
	// maxPages bounds the walk. Reaching it with pages left unchecked is
	// an error: raise it rather than leave pages out.
	maxPages int
}

// crawled is what a walk saw.
type crawled struct {
	pages  []string // final addresses of the pages checked, in order
	tables int      // data tables in their main content
}

// neverFollowed are addresses that a GET link may point to but that change
// something: the session, or the language of every page after it.
func neverFollowed(p string) bool {
	return p == "/admin/logout" || strings.HasPrefix(p, "/admin/logout?") || strings.HasPrefix(p, "/kalba/")
}

// crawl walks the site as c says, in b's tab, and checks every page it
// reaches with s.check.
func (s *suite) crawl(b *browsertest.Browser, c crawl) crawled {
	t := s.t
	t.Helper()
	base, err := url.Parse(b.BaseURL)
	if err != nil {
		t.Fatalf("crawl %s: base URL: %v", c.who, err)
	}
	var out crawled
	queue := append([]string(nil), c.start...)
	seen := map[string]bool{}
	for _, p := range queue {
		seen[p] = true
	}
	perPattern := map[string]int{}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		key := c.pattern(p)
		if perPattern[key] >= c.perPattern {
			continue
		}
		if len(out.pages) == c.maxPages {
			t.Errorf("the walk %s stopped at its cap of %d pages with %s and %d more addresses unchecked; raise the cap",
				c.who, c.maxPages, p, len(queue))
			break
		}
		perPattern[key]++
		s.check(b, visit{name: "page reached " + c.who, load: get(p), lang: c.lang})
		final := b.Path()
		out.pages = append(out.pages, final)
		seen[final] = true

		var page struct {
			Links, PostTargets []string
			Tables             int
		}
		b.Eval(`({
			Links: [...document.querySelectorAll("a[href]")].filter((a) => !a.hasAttribute("download")).map((a) => a.href),
			PostTargets: [...document.forms]
				.filter((f) => (f.getAttribute("method") || "get").toLowerCase() === "post")
				.map((f) => new URL(f.getAttribute("action") || "", location.href).href),
			Tables: document.querySelectorAll("main table").length,
		})`, &page)
		out.tables += page.Tables
		posted := map[string]bool{}
		for _, a := range a11ycheck.SameOriginPages(base, page.PostTargets) {
			posted[strings.SplitN(a, "?", 2)[0]] = true
		}
		for _, l := range a11ycheck.SameOriginPages(base, page.Links) {
			if seen[l] || neverFollowed(l) || posted[strings.SplitN(l, "?", 2)[0]] {
				continue
			}
			seen[l] = true
			queue = append(queue, l)
		}
	}
	t.Logf("%s: checked %d pages", c.who, len(out.pages))
	return out
}

var number = regexp.MustCompile(`^[0-9]+$`)

// byID is the pattern of an address: every number in it, as a path
// segment or a query value, is replaced by {n}, and every address passed as
// a query value by {path}. /admin/pages/12/edit and /admin/pages/40/edit are
// one pattern, and so are the links to the feedback form from every page
// (/prieinamumas/atsiliepimas?puslapis=/…); /admin?sarasas=perziurai and
// /admin?sarasas=paskelbti, two lists, are two.
func byID(p string) string {
	u, err := url.Parse(p)
	if err != nil {
		return p
	}
	segs := strings.Split(u.Path, "/")
	for i, s := range segs {
		if number.MatchString(s) {
			segs[i] = "{n}"
		}
	}
	key := strings.Join(segs, "/")
	q := u.Query()
	for _, k := range slices.Sorted(maps.Keys(q)) {
		for _, v := range q[k] {
			switch {
			case number.MatchString(v):
				v = "{n}"
			case strings.HasPrefix(v, "/"):
				v = "{path}"
			}
			key += "&" + k + "=" + v
		}
	}
	return key
}

// bySection is byID's pattern of the address's first path segment: one
// pattern per section of the public site, for a sample of each.
func bySection(p string) string {
	u, err := url.Parse(p)
	if err != nil {
		return p
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	u.Path = "/" + first
	return byID(u.RequestURI())
}

// inStaffArea reports whether the address is under /admin.
func inStaffArea(p string) bool {
	return p == "/admin" || strings.HasPrefix(p, "/admin/") || strings.HasPrefix(p, "/admin?")
}

// staffPattern is byID's pattern in the staff area; every public page a
// member of staff reaches from there is one pattern, since the visitor's
// walk checks the public site and staff see the same pages with their name
// in the header.
func staffPattern(p string) string {
	if inStaffArea(p) {
		return byID(p)
	}
	return "public site"
}
