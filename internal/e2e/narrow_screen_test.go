package e2e_test

import (
	"context"
	"testing"

	"github.com/savivalda/savivalda/internal/browsertest"
	"github.com/savivalda/savivalda/internal/store"
)

// layout is what the narrow-screen checks read from a page.
type layout struct {
	H1Bottom, Height   float64
	MenuOpen, LinkSeen bool
	ToggleSeen         bool
	BrokenWords        []string
	Regions            int
}

const readLayout = `(() => {
	const h1 = document.querySelector("h1"), menu = document.querySelector("details.sv-menu");
	const link = menu && menu.querySelector(".sv-nav__list a"), toggle = menu && menu.querySelector("summary");
	const seen = (el) => !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
	// A word a table cell breaks in two shows on two lines. A line may end
	// at a space or after a dash or slash; between them a word is whole.
	const broken = [];
	for (const cell of document.querySelectorAll("td, th")) {
		const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			for (const m of n.textContent.matchAll(/[^\s\-–—\/]+/g)) {
				const r = document.createRange();
				r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
				const tops = new Set([...r.getClientRects()].map((b) => Math.round(b.top)));
				if (tops.size > 1) broken.push(m[0]);
			}
		}
	}
	return {H1Bottom: h1 ? h1.getBoundingClientRect().bottom : 1e9, Height: innerHeight,
		MenuOpen: !!menu && menu.open, LinkSeen: seen(link), ToggleSeen: seen(toggle),
		BrokenWords: broken.slice(0, 5),
		Regions: document.querySelectorAll('.sv-table-wrap[role=region][tabindex="0"][aria-label]').length};
})()`

// TestNarrowScreen (WEB-34, WCAG 1.4.10): on a 360 px phone with
// JavaScript off, the menu of the public site and of the staff area is
// folded behind its toggle and opens with it, the page's heading is in the
// first screen, tables keep their words whole in a scrolling frame the
// keyboard reaches; at 1280 px the menu is open without a toggle. A failed
// form moves the focus to its error summary, also without JavaScript.
func TestNarrowScreen(t *testing.T) {
	srv, db, _ := startDemo(t)
	b := browsertest.Start(t)
	b.BaseURL = srv.URL
	setScripts(b, false)

	var table string
	if err := db.QueryRowContext(context.Background(), `SELECT p.path FROM pages p JOIN page_revisions r ON r.id = p.live_revision_id
		WHERE r.body_md LIKE '%|---|%' AND p.unpublished_at IS NULL AND p.term_end > ? ORDER BY p.id LIMIT 1`,
		store.Millis(db.Now())).Scan(&table); err != nil {
		t.Fatalf("a live demo page with a table: %v", err)
	}
	check := func(path string, tables bool) {
		t.Helper()
		b.SetViewport(360, 640)
		b.Navigate(path)
		var l layout
		b.Eval(readLayout, &l)
		if shot, err := b.Screenshot("360" + path); err == nil {
			t.Logf("%s at 360 px: %s", path, shot)
		}
		if l.H1Bottom > l.Height {
			t.Errorf("%s at 360 px: the heading ends at %.0f px, below the first screen (%.0f px)", path, l.H1Bottom, l.Height)
		}
		if l.MenuOpen || l.LinkSeen || !l.ToggleSeen {
			t.Errorf("%s at 360 px: the menu is not folded behind a toggle: %+v", path, l)
		}
		if len(l.BrokenWords) > 0 {
			t.Errorf("%s at 360 px: table cells break words: %q", path, l.BrokenWords)
		}
		if tables && l.Regions == 0 {
			t.Errorf("%s: no table in a focusable, named scrolling frame", path)
		}
		// The keyboard opens it (a click would wait for a page to load).
		b.Eval(`document.querySelector("details.sv-menu > summary").focus()`, nil)
		b.Press(browsertest.Enter)
		b.Eval(readLayout, &l)
		if !l.MenuOpen || !l.LinkSeen {
			t.Errorf("%s at 360 px: the toggle does not open the menu: %+v", path, l)
		}
		b.SetViewport(1280, 900)
		b.Navigate(path)
		b.Eval(readLayout, &l)
		if shot, err := b.Screenshot("1280" + path); err == nil {
			t.Logf("%s at 1280 px: %s", path, shot)
		}
		if !l.LinkSeen || l.ToggleSeen {
			t.Errorf("%s at 1280 px: the menu should show without its toggle: %+v", path, l)
		}
	}
	check("/", false)
	check(table, true)

	// The staff area: the login form's error summary takes the focus.
	b.Navigate("/admin/login")
	b.Fill("email", "ne-adresas")
	b.Click(`form[action="/admin/login"] [type=submit]`)
	if !summaryFocused(b) {
		f := b.Focused()
		t.Errorf("after a failed login the focus is on <%s> %q, want the error summary", f.Tag, f.Text)
	}
	logInAs(t, b, "administratorius@silagiris.lt")
	check("/admin", true)
	check("/admin/audit", true)
}
