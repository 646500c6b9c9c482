package e2e_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/savivalda/savivalda/internal/a11ycheck"
	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/app"
	"github.com/savivalda/savivalda/internal/browsertest"
	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/demo"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// Every page that a visitor or a member of staff can reach passes the
// checks of a real browser: axe-core finds no violation of WCAG 2.0, 2.1 or
// 2.2 at level A or AA, and a person who uses a keyboard, a screen reader, a
// browser without JavaScript or a phone can use the page (see suite.check).
// The site is the demo municipality, so the pages carry realistic content:
// tables, long names, every workflow state, deadlines and e-mails.
//
// The pages are found by following links (see crawl), as a visitor in
// Lithuanian and in English and as each staff role, so a new page is
// checked as soon as anything links to it. What no link reaches (a form
// sent back with errors, the 403, 404 and 409 pages) is listed by hand.
//
// The suite needs Chromium and axe-core, (cd tools/axe && npm ci); without
// them it is skipped, except on CI (CI=true), where it fails.
func TestEveryPageIsAccessible(t *testing.T) {
	axeJS := requireAxe(t)
	srv, db, in := startDemo(t)
	defer func(d time.Duration) { browsertest.Timeout = d }(browsertest.Timeout)
	// Some 215 pages, each well under a second on an idle machine; the
	// deadline leaves room for a busy one.
	browsertest.Timeout = 9 * time.Minute
	b := browsertest.Start(t)
	b.BaseURL = srv.URL
	b.SetViewport(1280, 900)
	s := &suite{t: t, axe: axeJS, db: db, in: in}

	t.Log("public site")
	visitor := s.crawl(b, crawl{who: "as a visitor", start: []string{"/", "/admin"}, pattern: byID, perPattern: 3, maxPages: 120})
	s.publicSiteReached(visitor)
	s.publicStates(b)

	t.Log("public site in English")
	en := b.Fresh()
	en.Navigate("/kalba/en?grizti=/")
	// One page of each section is enough to show the English interface.
	s.crawl(en, crawl{who: "as a visitor in English", start: []string{"/"}, lang: "en", pattern: bySection, perPattern: 1, maxPages: 40})
	s.englishStates(en)

	// Each role sees its own menu, lists and buttons. The administrator
	// reaches every kind of staff page, so that walk samples three of each;
	// the other roles' walks check one of each, in their own view.
	for _, r := range []struct {
		who, email string
		perPattern int
	}{
		{"as an administrator", "administratorius@silagiris.lt", 3},
		{"as a reception editor", "inga.zukauskiene@silagiris.lt", 1},
		{"as a department editor", "mindaugas.kairys@silagiris.lt", 1},
		{"as a legal-acts publisher", "lina.petraitiene@silagiris.lt", 1},
		{"as a contributor", "karolis.adomaitis@silagiris.lt", 1},
	} {
		t.Log("staff area " + r.who)
		sb := b.Fresh()
		logInAs(t, sb, r.email)
		s.crawl(sb, crawl{who: r.who, start: []string{"/admin"}, pattern: staffPattern, perPattern: r.perPattern, maxPages: 100})
	}

	t.Log("staff area: forms with errors and refusals")
	admin := b.Fresh()
	logInAs(t, admin, "administratorius@silagiris.lt")
	s.staffStates(admin)
	contributor := b.Fresh()
	logInAs(t, contributor, "karolis.adomaitis@silagiris.lt")
	s.check(contributor, visit{name: "403 page", load: get("/admin/users"), status: 403})

	t.Log("staff area in English")
	staffEN := b.Fresh()
	logInAs(t, staffEN, "administratorius@silagiris.lt")
	staffEN.Navigate("/kalba/en?grizti=/admin")
	s.check(staffEN, visit{name: "dashboard in English", load: get("/admin"), lang: "en"})
	s.check(staffEN, visit{name: "page editor with errors in English", load: submit("/admin/pages/new", `form[action="/admin/pages"]`), status: 422, errors: true, lang: "en"})
	t.Log("two-factor login")
	s.twoFactorPages(b.Fresh())

	t.Logf("checked %d pages", s.checked)
}

// suite checks pages of the demo site and counts them.
type suite struct {
	t       testing.TB
	axe     string
	db      *store.DB
	in      *institution.Institution
	checked int
}

// visit is one page to check: how to open it and what it should answer.
type visit struct {
	name   string
	load   func(testing.TB, *browsertest.Browser) // leaves the page open
	status int                                    // HTTP status; 0 for 200
	errors bool                                   // a form shown again with an error summary
	lang   string                                 // <html lang>; "" for "lt"
}

// publicSiteReached fails unless the visitor's walk reached every section
// and every live page of the demo, the archive with an archived page, and
// pages with tables: the walk, not a list, is what covers the public site.
func (s *suite) publicSiteReached(w crawled) {
	ctx := context.Background()
	reached := map[string]bool{}
	for _, p := range w.pages {
		reached[p] = true
	}
	tree, err := site.Tree(ctx, s.db, s.in.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	var walk func([]*site.Section)
	walk = func(secs []*site.Section) {
		for _, sec := range secs {
			if !reached[sec.Path] {
				s.t.Errorf("the visitor's walk did not reach the section %s", sec.Path)
			}
			walk(sec.Children)
		}
	}
	walk(tree)
	pages, err := site.LivePages(ctx, s.db, s.in.ID, time.Now())
	if err != nil {
		s.t.Fatal(err)
	}
	for _, p := range pages {
		if !reached[p.Path] {
			s.t.Errorf("the visitor's walk did not reach the live page %s", p.Path)
		}
	}
	archived := 0
	for _, p := range w.pages {
		if strings.HasPrefix(p, "/archyvas/") {
			archived++
		}
	}
	if len(pages) == 0 || w.tables == 0 || archived == 0 {
		s.t.Errorf("the visitor reached %d live pages, %d tables and %d archived pages; the suite needs all three", len(pages), w.tables, archived)
	}
}

// publicStates are the public pages that no link leads to.
func (s *suite) publicStates(b *browsertest.Browser) {
	tree, err := site.Tree(context.Background(), s.db, s.in.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	statement := findSection(tree, func(sec *site.Section) bool { return sec.NotProvided != "" && len(sec.Children) == 0 })
	if statement == nil {
		s.t.Error("the demo has no section with a \"not provided\" statement")
	} else if b.Navigate(statement.Path); !strings.Contains(b.Text("main"), statement.NotProvided) {
		s.t.Errorf("%s does not show its statement", statement.Path)
	}

	s.check(b, visit{name: "404 page", load: get("/nera-tokio-puslapio"), status: 404})
	s.check(b, visit{name: "login with errors", load: submit("/admin/login", `form[action="/admin/login"]`), status: 422, errors: true})
	s.check(b, visit{name: "second login step expired", load: get("/admin/login/code"), status: 400})
	s.check(b, visit{name: "organisation login refused", load: get("/admin/login/oidc/callback?state=x&code=y"), status: 400})
	s.check(b, visit{name: "login with a wrong password", load: func(_ testing.TB, b *browsertest.Browser) {
		b.Navigate("/admin/login")
		b.Fill("email", "administratorius@silagiris.lt")
		b.Fill("password", "ne-tas-slaptazodis")
		b.Click(`form[action="/admin/login"] [type=submit]`)
	}, status: 422, errors: true})
	s.passwordResetPages(b)

	// The accessibility feedback form (WEB-36).
	s.check(b, visit{name: "accessibility feedback form with errors",
		load: submit("/prieinamumas/atsiliepimas", `form[action="/prieinamumas/atsiliepimas"]`), status: 422, errors: true})
}

func (s *suite) englishStates(b *browsertest.Browser) {
	s.check(b, visit{name: "404 page in English", load: get("/nera-tokio-puslapio"), status: 404, lang: "en"})
	s.check(b, visit{name: "login with errors in English", load: submit("/admin/login", `form[action="/admin/login"]`), status: 422, errors: true, lang: "en"})
}

// staffStates are the states of staff pages that no link leads to: forms
// sent back with errors, and the conflict page of a stale form.
func (s *suite) staffStates(b *browsertest.Browser) {
	// Pages and their workflow.
	s.check(b, visit{name: "new page with errors", load: submit("/admin/pages/new", `form[action="/admin/pages"]`), status: 422, errors: true})
	b.Navigate("/admin?sarasas=" + site.ListReview)
	inReview := firstLink(b, `main .sv-table a[href^="/admin/pages/"]`)
	b.Navigate("/admin?sarasas=" + site.ListPublished)
	live := firstLink(b, `main .sv-table a[href^="/admin/pages/"]`)
	if inReview == "" || live == "" {
		s.t.Fatalf("the dashboard lists no page in review (%q) or live (%q)", inReview, live)
	}
	s.check(b, visit{name: "returning a page without a reason", load: submit(inReview, `form[action$="/return"]`), status: 422, errors: true})
	s.check(b, visit{name: "409 page", load: func(_ testing.TB, b *browsertest.Browser) {
		// A form that is out of date, as when another editor acted first.
		b.Navigate(inReview)
		b.Eval(`document.querySelector('form[action$="/publish"] input[name=version]').value = "-1"`, nil)
		b.Click(`form[action$="/publish"] [type=submit]`)
	}, status: 409})
	s.check(b, visit{name: "extending a term without a date", load: submit(live, `form[action$="/extend"]`), status: 422, errors: true})
	s.check(b, visit{name: "unpublishing without a reason", load: submit(live, `form[action$="/unpublish"]`), status: 422, errors: true})
	s.check(b, visit{name: "page editor with errors", load: submit(live+"/edit", `main form[method="post"]`), status: 422, errors: true})
	s.check(b, visit{name: "moving a page without a section", load: submit(live+"/move", `form[action$="/move"]`), status: 422, errors: true})
	s.check(b, visit{name: "scheduling without a time", load: submit(inReview, `form[action$="/schedule"]`), status: 422, errors: true})
	s.check(b, visit{name: "archiving now without a reason", load: submit(live, `form[action$="/archive"]`), status: 422, errors: true})
	s.check(b, visit{name: "restoring with a revision open", load: submit(inReview+"/revisions", `form[action$="/restore"]`), status: 409, errors: true})
	s.check(b, visit{name: "edit conflict", load: func(_ testing.TB, b *browsertest.Browser) {
		// Someone else saved first: the form was opened on a revision
		// that is no longer the live one (a new draft's conflict).
		b.Navigate(live + "/edit")
		b.Eval(`document.querySelector('main form[method="post"] input[name=base]').value = "999999"`, nil)
		b.Click(`main form[method="post"] button[type=submit]`)
	}, status: 409})

	// Sections.
	s.check(b, visit{name: "adding a section without a title", load: submit("/admin/sections", `form[action="/admin/sections"]`), status: 422, errors: true})
	tree, err := site.Tree(context.Background(), s.db, s.in.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	free := findSection(tree, func(sec *site.Section) bool { return !sec.Mandated() })
	if free == nil {
		s.t.Fatal("the demo lacks a free section")
	}
	editFree := fmt.Sprintf("/admin/sections/%d", free.ID)
	s.check(b, visit{name: "free section with errors", load: submit(editFree, `main form[method="post"]`), status: 422, errors: true})
	s.check(b, visit{name: "removing a section with pages without their new section",
		load: submit(editFree, `form[action$="/delete"]`), status: 422, errors: true})
	s.check(b, visit{name: "adding a redirect without addresses", load: submit("/admin/redirects", `form[action="/admin/redirects"]`), status: 422, errors: true})

	// The media library (WEB-22).
	s.check(b, visit{name: "uploading without a file", load: submit("/admin/media/upload", `form[action="/admin/media/upload"]`), status: 422, errors: true})
	b.Navigate("/admin/media")
	item := firstLink(b, `main .sv-table a[href^="/admin/media/"]`)
	if item == "" {
		s.t.Fatal("the media library is empty")
	}
	s.check(b, visit{name: "media item with errors", load: submit(item, `main form[method="post"]`), status: 422, errors: true})
	s.check(b, visit{name: "replacing a file without one", load: submit(item, `form[action$="/replace"]`), status: 422, errors: true})
	s.check(b, visit{name: "removing a file in use", load: submit(item, `form[action$="/delete"]`), status: 409, errors: true})

	// Users.
	s.check(b, visit{name: "new user with errors", load: submit("/admin/users/new", `main form[method="post"]`), status: 422, errors: true})
	b.Navigate("/admin/users")
	user := firstLink(b, `main .sv-table a[href^="/admin/users/"]`)
	if user == "" {
		s.t.Fatal("the list of users is empty")
	}
	s.check(b, visit{name: "user with errors", load: submit(user, `main form[method="post"]`), status: 422, errors: true})
	s.check(b, visit{name: "new user with a proposed address", load: func(_ testing.TB, b *browsertest.Browser) {
		b.Navigate("/admin/users/new")
		b.Fill("name", "Ona Marija Petraitienė-Kazlauskienė")
		b.ClickButton("Pasiūlyti adresą")
	}})
	s.check(b, visit{name: "staff mail domains", load: get("/admin/users/domains")})
	s.check(b, visit{name: "staff mail domains with errors", load: func(_ testing.TB, b *browsertest.Browser) {
		b.Navigate("/admin/users/domains")
		b.Fill("domains", "ne domenas")
		b.Click(`form[action="/admin/users/domains"] [type=submit]`)
	}, status: 422, errors: true})

	// The staff member's own account.
	s.check(b, visit{name: "my account", load: get("/admin/account")})
	s.check(b, visit{name: "changing the password without the current one",
		load: submit("/admin/account", `form[action="/admin/account/password"]`), status: 422, errors: true})
	s.check(b, visit{name: "my sessions", load: get("/admin/account/sessions")})
	s.check(b, visit{name: "notification settings with a value not offered", load: func(_ testing.TB, b *browsertest.Browser) {
		b.Navigate("/admin/account")
		b.Eval(`(() => { const s = document.querySelector("#f-notify_mode"); s.add(new Option("?", "kas savaite", true, true)); return true })()`, nil)
		b.Click(`form[action="/admin/account/notifications"] [type=submit]`)
	}, status: 422, errors: true})
	s.check(b, visit{name: "my submissions", load: get("/admin/mano-pateikti")})

	// The institution, its departments and the calendar.
	s.check(b, visit{name: "audit trail with a wrong filter", load: get("/admin/audit?from=vakar"), status: 422, errors: true})
	s.check(b, visit{name: "institution with errors", load: submit("/admin/institution", `form[action="/admin/institution"]`), status: 422, errors: true})
	s.check(b, visit{name: "coat of arms without a file", load: submit("/admin/institution", `form[action="/admin/institution/coat-of-arms"]`), status: 422, errors: true})
	s.check(b, visit{name: "adding a department without a name", load: submit("/admin/departments", `form[action="/admin/departments"]`), status: 422, errors: true})
	s.check(b, visit{name: "renaming a department to nothing", load: submit("/admin/departments", `form[action^="/admin/departments/"]`), status: 422, errors: true})
	s.check(b, visit{name: "staff login settings with errors", load: func(_ testing.TB, b *browsertest.Browser) {
		b.Navigate("/admin/institution/login")
		b.Fill("oidc_issuer", "http://login.example.lt")
		b.ClickButton("Išsaugoti")
	}, status: 422, errors: true})
	s.check(b, visit{name: "two-factor enrolment", load: func(_ testing.TB, b *browsertest.Browser) {
		b.Navigate("/admin/account/totp")
		if b.Has(`form[action="/admin/account/totp/start"]`) {
			b.ClickButton("Įjungti dviejų veiksnių patvirtinimą")
		}
	}})
	s.check(b, visit{name: "two-factor enrolment without a code",
		load: submit("/admin/account/totp", `form[action="/admin/account/totp/confirm"]`), status: 422, errors: true})

	// Deadlines.
	s.check(b, visit{name: "deadline report with wrong dates", load: get("/admin/terminai/ataskaita?nuo=vakar&iki=rytoj"), status: 422, errors: true})
	// A deadline that can still be extended and paused.
	dl := s.firstWith(b, "/admin/terminai?visi=1", `main .sv-table a[href^="/admin/terminai/"]`, `form[action$="/pratesti"]`, `form[action$="/sustabdyti"]`)
	s.check(b, visit{name: "extending a deadline without a reason", load: submit(dl, `form[action$="/pratesti"]`), status: 422, errors: true})
	s.check(b, visit{name: "pausing a deadline without a reason", load: submit(dl, `form[action$="/sustabdyti"]`), status: 422, errors: true})

	// The accessibility statement's editor (WEB-35) and the queue of
	// accessibility feedback (WEB-36).
	s.check(b, visit{name: "accessibility statement editor with errors",
		load: submit("/admin/prieinamumas", `form[action="/admin/prieinamumas"]`), status: 422, errors: true})
	s.check(b, visit{name: "new non-accessible content entry with errors",
		load: submit("/admin/prieinamumas/irasai/naujas", `main form[method="post"]`), status: 422, errors: true})
	open := s.firstWith(b, "/admin/prieinamumas/atsiliepimai", `main a[href^="/admin/prieinamumas/atsiliepimai/"]`, `form[action$="/atsakyti"]`)
	s.check(b, visit{name: "answering accessibility feedback without an answer",
		load: submit(open, `form[action$="/atsakyti"]`), status: 422, errors: true})
}

// twoFactorPages checks the pages of a login with TOTP: a role for which the
// institution requires it is taken to enrolment after the password, sees
// its recovery codes once, and is asked for a code at the next login.
func (s *suite) twoFactorPages(b *browsertest.Browser) {
	t := s.t
	ctx := context.Background()
	const email = "lina.petraitiene@silagiris.lt" // the legal-acts publisher
	var adminID int64
	if err := s.db.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, "administratorius@silagiris.lt").Scan(&adminID); err != nil {
		t.Fatal(err)
	}
	admin := actor.Actor{Kind: actor.Staff, ID: adminID, Name: "Vytautas Jonaitis", InstitutionID: s.in.ID, Role: actor.RoleAdmin}
	if err := institution.SaveLoginSettings(ctx, s.db, admin, &institution.LoginSettings{InstitutionID: s.in.ID, TOTPRoles: []actor.Role{actor.RoleLegalPublisher}}); err != nil {
		t.Fatal(err)
	}
	password := func() {
		b.Navigate("/admin/login")
		b.Fill("email", email)
		b.Fill("password", demo.Password)
		b.ClickButton("Prisijungti")
	}
	password()
	s.check(b, visit{name: "two-factor enrolment at login", load: get("/admin/login/enrol?next=%2Fadmin")})
	secret := enterKey(t, b)
	b.Fill("code", phoneCode(t, secret, time.Now()))
	b.ClickButton("Įjungti")
	s.check(b, visit{name: "recovery codes", load: func(testing.TB, *browsertest.Browser) {}}) // shown once: not reloaded
	b.ClickLink("Tęsti")
	b.ClickButton("Atsijungti")
	password()
	s.check(b, visit{name: "two-factor login", load: get("/admin/login/code?next=%2Fadmin")})
	s.check(b, visit{name: "two-factor login without a code", load: submit("/admin/login/code", `form[action="/admin/login/code"]`), status: 422, errors: true})
}

// passwordResetPages checks the forgotten-password form and the page its
// emailed link opens, without using the link up.
func (s *suite) passwordResetPages(b *browsertest.Browser) {
	s.check(b, visit{name: "forgotten password", load: get("/admin/password/forgot")})
	s.check(b, visit{name: "forgotten password with errors", load: submit("/admin/password/forgot", `form[action="/admin/password/forgot"]`), status: 422, errors: true})
	s.check(b, visit{name: "forgotten password, link sent", load: func(_ testing.TB, b *browsertest.Browser) {
		b.Navigate("/admin/password/forgot")
		b.Fill("email", "karolis.adomaitis@silagiris.lt")
		b.ClickButton("Siųsti nuorodą")
	}})
	var text string
	if err := s.db.QueryRowContext(context.Background(), `SELECT text_body FROM outbox_messages WHERE kind = 'staff.password_reset' ORDER BY id DESC LIMIT 1`).Scan(&text); err != nil {
		s.t.Fatalf("the reset email: %v", err)
	}
	path := regexp.MustCompile(`/admin/password/reset/\S+`).FindString(text)
	s.check(b, visit{name: "new password", load: get(path)})
	s.check(b, visit{name: "new password with errors", load: submit(path, `main form[method="post"]`), status: 422, errors: true})
	s.check(b, visit{name: "password link that no longer works", load: get("/admin/password/reset/nebegalioja"), status: 404})
}

// firstWith opens the list page, then each page that its links matching
// the selector lead to, and returns the first that has all the forms; it
// fails the test when none has.
func (s *suite) firstWith(b *browsertest.Browser, list, links string, forms ...string) string {
	s.t.Helper()
	b.Navigate(list)
	var hrefs []string
	b.Eval(fmt.Sprintf(`[...document.querySelectorAll(%q)].map((a) => a.getAttribute("href"))`, links), &hrefs)
	for _, h := range hrefs {
		b.Navigate(h)
		if !slices.ContainsFunc(forms, func(f string) bool { return !b.Has(f) }) {
			return h
		}
	}
	s.t.Fatalf("none of the %d pages that %s links to has %v", len(hrefs), list, forms)
	return ""
}

// get opens the path.
func get(path string) func(testing.TB, *browsertest.Browser) {
	return func(_ testing.TB, b *browsertest.Browser) { b.Navigate(path) }
}

// submit opens the path, empties the text fields of the form that matches
// the CSS selector, and submits it with its first submit button, with the
// browser's own validation off so that the server answers.
func submit(path, form string) func(testing.TB, *browsertest.Browser) {
	return func(t testing.TB, b *browsertest.Browser) {
		b.Navigate(path)
		var found bool
		b.Eval(fmt.Sprintf(`((sel) => {
			const form = document.querySelector(sel);
			if (!form) return false;
			form.noValidate = true;
			for (const el of form.querySelectorAll("input, textarea")) {
				const type = (el.getAttribute("type") || "text").toLowerCase();
				if (["text", "email", "tel", "date", "number", "search", "password", "url"].includes(type) || el.tagName === "TEXTAREA") {
					el.value = "";
				}
			}
			return true;
		})(%q)`, form), &found)
		if !found {
			t.Fatalf("no form %s on %s", form, path)
		}
		b.Click(form + ` [type=submit]`)
	}
}

// firstLink is the address of the first link that matches the selector, or
// "".
func firstLink(b *browsertest.Browser, selector string) string {
	var href string
	b.Eval(fmt.Sprintf(`(document.querySelector(%q) || {}).getAttribute?.("href") || ""`, selector), &href)
	return href
}

func findSection(secs []*site.Section, match func(*site.Section) bool) *site.Section {
	for _, sec := range secs {
		if match(sec) {
			return sec
		}
		if f := findSection(sec.Children, match); f != nil {
			return f
		}
	}
	return nil
}

// structure is what check reads of a page's markup.
type structure struct {
	Lang         string
	H1           []string
	Forms        int
	ErrorSummary bool
	Unlabelled   []string // form controls without an accessible label
}

const readStructure = `(() => {
	const describe = (el) => "<" + el.tagName.toLowerCase() + (el.id ? " id=" + el.id : "") +
		(el.name ? " name=" + el.name : "") + ">";
	const labelled = (el) =>
		(el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]')) ||
		(el.getAttribute("aria-label") || "").trim() ||
		(el.getAttribute("aria-labelledby") || "").split(/\s+/).some((id) => id && document.getElementById(id));
	const controls = [...document.querySelectorAll("input, select, textarea")].filter((el) =>
		!(el.tagName === "INPUT" && ["hidden", "submit", "button", "reset", "image"].includes(el.type)));
	return {
		Lang: document.documentElement.getAttribute("lang") || "",
		H1: [...document.querySelectorAll("h1")].map((h) => h.textContent.replace(/\s+/g, " ").trim()),
		Forms: document.forms.length,
		ErrorSummary: document.querySelector(".sv-error-summary") !== null,
		Unlabelled: controls.filter((el) => !labelled(el)).map(describe),
	};
})()`

// Focus is visible on an element when, focused, it has an outline or a box
// shadow that it does not have unfocused.
const checkFocus = `(() => {
	const describe = (el) => "<" + el.tagName.toLowerCase() + (el.id ? " id=" + el.id : "") +
		(el.getAttribute("href") ? " href=" + el.getAttribute("href") : "") + "> " +
		(el.innerText || el.value || "").replace(/\s+/g, " ").trim().slice(0, 40);
	const focusable = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
	const invisible = [];
	let checked = 0;
	for (const el of document.querySelectorAll(focusable)) {
		if (el.disabled || el.getClientRects().length === 0 || getComputedStyle(el).visibility === "hidden") continue;
		const before = getComputedStyle(el).boxShadow;
		el.focus();
		if (document.activeElement !== el) continue;
		checked++;
		const cs = getComputedStyle(el);
		const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
		const shadow = cs.boxShadow !== "none" && cs.boxShadow !== before;
		if (!outline && !shadow) invisible.push(describe(el));
		el.blur();
	}
	return {Checked: checked, Invisible: invisible.slice(0, 10)};
})()`

// check opens the page twice, first with JavaScript off, and reports
// every problem it finds as an error of the test:
//   - axe-core finds a violation of a WCAG 2.x A or AA rule;
//   - the page has not exactly one h1, or no lang, or a form control
//     without a label (label[for], aria-label or aria-labelledby);
//   - the first Tab does not reach a skip link to the main content, or
//     Enter on it does not move the focus there;
//   - a focusable element shows no outline or shadow when focused;
//   - without JavaScript the page lacks its h1 or its forms;
//   - at 320 CSS pixels wide the page scrolls sideways;
//   - a form sent back with errors does not put the focus on its error
//     summary, with and without JavaScript.
func (s *suite) check(b *browsertest.Browser, v visit) {
	t := s.t
	t.Helper()
	s.checked++
	errorf := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s (%s): %s", v.name, b.Path(), fmt.Sprintf(format, args...))
	}
	wantStatus, wantLang := v.status, v.lang
	if wantStatus == 0 {
		wantStatus = 200
	}
	if wantLang == "" {
		wantLang = "lt"
	}

	// Without JavaScript.
	setScripts(b, false)
	v.load(t, b)
	var noJS structure
	b.Eval(readStructure, &noJS)
	noJSFocus := v.errors && summaryFocused(b)
	setScripts(b, true)

	v.load(t, b)
	if b.Status() != wantStatus {
		errorf("HTTP status %d, want %d", b.Status(), wantStatus)
	}
	if v.errors && (!noJSFocus || !summaryFocused(b)) {
		f := b.Focused()
		errorf("the error summary does not take the focus (without JavaScript: %v); <%s id=%q> has it", noJSFocus, f.Tag, f.ID)
	}
	var st structure
	b.Eval(readStructure, &st)
	if len(noJS.H1) != 1 || noJS.Forms != st.Forms {
		errorf("without JavaScript the page has %d h1 and %d forms, with it %d and %d", len(noJS.H1), noJS.Forms, len(st.H1), st.Forms)
	}
	if len(st.H1) != 1 || st.H1[0] == "" {
		errorf("want one h1 with text, have %q", st.H1)
	}
	if st.Lang != wantLang {
		errorf("<html lang=%q>, want %q", st.Lang, wantLang)
	}
	if len(st.Unlabelled) > 0 {
		errorf("form controls without a label: %v", st.Unlabelled)
	}
	if v.errors != st.ErrorSummary {
		errorf("error summary shown: %v, want %v", st.ErrorSummary, v.errors)
	}

	var violations []a11ycheck.Violation
	b.Do("run axe-core", func(ctx context.Context) error {
		var err error
		violations, err = a11ycheck.CheckPage(ctx, s.axe)
		return err
	})
	for _, vi := range violations {
		errorf("axe: %s", vi)
	}

	// Keyboard: the first Tab reaches the skip link, Enter moves the focus
	// to the main content. On a page that focused its error summary, Tab
	// starts from the top of the page again.
	if v.errors {
		b.Eval(`(() => { const s = document.createElement("span"); s.tabIndex = -1; document.body.prepend(s); s.focus(); s.remove(); })()`, nil)
	}
	b.Press(browsertest.Tab)
	var skip struct {
		ToMain, OnScreen bool
		Text             string
	}
	b.Eval(`(() => {
		const el = document.activeElement, main = document.querySelector("main");
		const href = el && el.getAttribute("href") || "";
		const r = el.getBoundingClientRect();
		return {ToMain: el.tagName === "A" && href.startsWith("#") && main !== null && href === "#" + main.id,
			OnScreen: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
			Text: (el.innerText || "").trim()};
	})()`, &skip)
	if !skip.ToMain || !skip.OnScreen {
		f := b.Focused()
		errorf("the first Tab focused <%s id=%q> %q, want a skip link to <main> shown on the screen", f.Tag, f.ID, f.Text)
	} else {
		b.Press(browsertest.Enter)
		if !b.FocusWithin("main") {
			f := b.Focused()
			errorf("Enter on the skip link left the focus on <%s id=%q> %q, want the main content", f.Tag, f.ID, f.Text)
		}
	}

	var focus struct {
		Checked   int
		Invisible []string
	}
	b.Eval(checkFocus, &focus)
	if focus.Checked == 0 || len(focus.Invisible) > 0 {
		errorf("focus not shown on %v (of %d focusable elements)", focus.Invisible, focus.Checked)
	}

	// At 320 px (a phone, or 1280 px zoomed to 400 %) nothing scrolls
	// sideways.
	b.SetViewport(320, 640)
	var narrow struct {
		Scroll, Window int
		Wide           []string
	}
	b.Eval(`(() => {
		const win = window.innerWidth;
		const wide = [...document.querySelectorAll("body *")]
			.filter((el) => el.getBoundingClientRect().right > win + 1 && ![...el.children].some((c) => c.getBoundingClientRect().right > win + 1))
			.map((el) => "<" + el.tagName.toLowerCase() + (el.className ? " class=" + el.className : "") + "> " + (el.textContent || "").trim().slice(0, 30));
		return {Scroll: document.documentElement.scrollWidth, Window: win, Wide: wide.slice(0, 5)};
	})()`, &narrow)
	b.SetViewport(1280, 900)
	if narrow.Scroll > narrow.Window {
		errorf("at 320 px the page is %d px wide, so it scrolls sideways; reaching out: %q", narrow.Scroll, narrow.Wide)
	}
}

// summaryFocused reports whether the error summary has the focus. The
// browser moves it there (autofocus) when it first renders the page, which
// may be just after the load event; a second is plenty.
func summaryFocused(b *browsertest.Browser) bool {
	for range 20 {
		if b.FocusWithin(".sv-error-summary") {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// setScripts turns the page's JavaScript on or off in the tab.
func setScripts(b *browsertest.Browser, on bool) {
	b.Do("switch JavaScript", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	})
}

// requireAxe reads axe-core, or skips the test (fails it on CI) when it is
// not installed.
func requireAxe(t *testing.T) string {
	t.Helper()
	js, err := a11ycheck.LoadAxe("")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return js
}

// startDemo runs the application on a fresh SQLite database that holds the
// demo municipality, which answers on 127.0.0.1.
func startDemo(t *testing.T) (*httptest.Server, *store.DB, *institution.Institution) {
	t.Helper()
	ctx := context.Background()
	db := storetest.New(t, "sqlite")
	cfg := &config.Config{Addr: "127.0.0.1:0", DB: db.Source(), DataDir: t.TempDir(), BaseURL: "http://127.0.0.1"}
	fileStore, err := app.OpenFiles(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, db, fileStore); err != nil {
		t.Fatalf("seed the demo: %v", err)
	}
	all, err := institution.FindAll(ctx, db)
	if err != nil || len(all) == 0 {
		t.Fatalf("institutions: %v", err)
	}
	in := all[0]
	for _, i := range all {
		if i.IsDefault {
			in = i
		}
	}
	a, err := app.New(ctx, cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return srv, db, in
}

// logInAs signs in with a demo account through the login form.
func logInAs(t *testing.T, b *browsertest.Browser, email string) {
	t.Helper()
	b.Navigate("/admin/login")
	b.Fill("email", email)
	b.Fill("password", demo.Password)
	b.Click(`form[action="/admin/login"] [type=submit]`)
	if strings.HasPrefix(b.Path(), "/admin/login") {
		t.Fatalf("login as %s failed:\n%s", email, b.PageText())
	}
}
