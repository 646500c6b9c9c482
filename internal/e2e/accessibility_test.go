package e2e_test

import (
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/browsertest"
)

// A keyboard user skips the header: the first Tab reaches the skip link and
// Enter puts the focus on the main content.
func TestSkipLinkByKeyboard(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL

	b.Navigate("/")
	b.Press(browsertest.Tab)
	if f := b.Focused(); f.Tag != "a" || f.Text != "Pereiti prie turinio" {
		t.Fatalf("the first Tab focused <%s id=%q> %q, want the skip link", f.Tag, f.ID, f.Text)
	}
	var onScreen bool
	b.Eval(`(() => {
		const r = document.activeElement.getBoundingClientRect();
		return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
	})()`, &onScreen)
	if !onScreen {
		t.Error("the focused skip link is not shown on the screen")
	}
	b.Press(browsertest.Enter)
	if !b.FocusWithin("#main") {
		f := b.Focused()
		t.Errorf("after Enter the focus is on <%s id=%q> %q, want the main content", f.Tag, f.ID, f.Text)
	}
	for _, msg := range b.ConsoleErrors() {
		t.Errorf("browser console: %s", msg)
	}
}

// On a 320 px wide screen (a phone, or 1280 px zoomed to 400 %) the pages
// reflow: nothing makes the page scroll sideways. Wide tables scroll inside
// their own frame.
func TestPagesFitANarrowScreen(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	logIn(t, b, "admin@savivaldybe.lt")
	b.SetViewport(320, 640)

	for _, path := range []string{
		"/", "/veiklos-sritys", "/informacijos-rodykle", "/archyvas", "/slapuku-politika",
		"/admin", "/admin/pages/new", "/admin/sections", "/admin/users",
	} {
		b.Navigate(path)
		var overflow struct {
			Page   int
			Window int
			Wide   []string
		}
		b.Eval(`(() => {
			const page = document.documentElement.scrollWidth, win = document.documentElement.clientWidth;
			const wide = [...document.querySelectorAll("body *")]
				.filter((el) => el.childElementCount === 0 && el.getBoundingClientRect().right > win + 1)
				.map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
			return {Page: page, Window: win, Wide: wide.slice(0, 5)};
		})()`, &overflow)
		if overflow.Page > overflow.Window {
			t.Errorf("%s scrolls sideways: %d px of content in a %d px window (reaching out: %v)",
				path, overflow.Page, overflow.Window, overflow.Wide)
		}
	}
}
