// Package e2e_test runs whole journeys through the real application in a
// real browser (headless Chromium, see internal/browsertest): people log in
// through the forms, press the buttons and read the pages as they would.
// The tests skip when Chromium is not installed, and fail on CI (CI=true).
package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/browsertest"
)

// Done means: an editor's draft reaches the public site through review in a
// browser.
func TestDraftReachesPublicSiteThroughReview(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL

	const title = "Gatvių apšvietimo remontas"
	body := "Savivaldybė atnaujina gatvių apšvietimą Žirmūnų seniūnijoje.\n\n" +
		"## Darbų eiga\n\n" +
		"- Senų šviestuvų demontavimas\n" +
		"- Naujų šviestuvų montavimas\n" +
		"- Apšvietimo bandymai\n"
	termEnd := time.Now().AddDate(0, 6, 0).Format("2006-01-02")

	// The contributor of department A writes a draft.
	logIn(t, b, "contributora@savivaldybe.lt")
	b.Navigate("/admin/pages/new")
	b.Fill("section_id", "Veiklos sritys")
	b.Fill("title", title)
	// The contributor knows Markdown and writes it in the plain field.
	b.Eval(`document.querySelector(".sv-editor__toggle").click()`, nil)
	b.Fill("body", body)
	b.Fill("responsible_name", "Ona Šviesaitė")
	b.Fill("responsible_phone", "")
	b.Fill("responsible_email", "ona.sviesaite@savivaldybe.lt")
	b.Fill("term_end", termEnd)
	b.ClickButton("Išsaugoti")

	// Without a phone the form comes back with an error summary that leads
	// to the field, and nothing typed is lost.
	if got := b.Text(".sv-error-summary h2"); got != "Yra klaidų" {
		t.Fatalf("error summary heading: %q", got)
	}
	if got := b.Text(".sv-error-summary"); !strings.Contains(got, "Įveskite atsakingo darbuotojo telefono numerį") {
		t.Errorf("error summary does not name the missing phone:\n%s", got)
	}
	b.ClickText(".sv-error-summary a", "Įveskite atsakingo darbuotojo telefono numerį")
	if f := b.Focused(); f.ID != "f-responsible_phone" {
		t.Errorf("the error's link put the focus on <%s id=%q>, want the phone field", f.Tag, f.ID)
	}
	if got := b.Value("title"); got != title {
		t.Errorf("title after the failed save: %q", got)
	}
	if got := b.Value("body"); got != body {
		t.Errorf("body after the failed save:\n%q\nwant\n%q", got, body)
	}
	if got := b.Value("responsible_name"); got != "Ona Šviesaitė" {
		t.Errorf("responsible name after the failed save: %q", got)
	}
	if got := b.Value("term_end"); got != termEnd {
		t.Errorf("term end after the failed save: %q", got)
	}

	b.Fill("responsible_phone", "(8 5) 211 2233")
	b.ClickButton("Išsaugoti")
	if got := b.Text("main h1"); got != title {
		t.Fatalf("after saving the draft the page is %q (%s)", got, b.Path())
	}
	b.ClickButton("Pateikti peržiūrai")
	if got := b.Text(".sv-banner"); got != "Puslapis pateiktas peržiūrai." {
		t.Errorf("after submitting: %q", got)
	}
	contributorErrors := b.ConsoleErrors()
	b.ClickButton("Atsijungti")

	// The department A editor finds it waiting for review and publishes it.
	logIn(t, b, "editora@savivaldybe.lt")
	b.Navigate("/admin?sarasas=perziurai")
	if got := b.Text(`.sv-tabs [aria-current="page"]`); got != "Laukia mano peržiūros (1)" {
		t.Errorf("current list: %q", got)
	}
	b.ClickText(".sv-table a", title)
	b.ClickButton("Paskelbti")
	if got := b.Text(".sv-banner"); got != "Puslapis paskelbtas." {
		t.Errorf("after publishing: %q", got)
	}
	editorErrors := b.ConsoleErrors()

	// A visitor, with no cookies, finds it on the public site.
	visitor := b.Fresh()
	visitor.Navigate("/veiklos-sritys")
	visitor.ClickLink(title)
	if got := visitor.Text("main h1"); got != title {
		t.Errorf("public page heading: %q", got)
	}
	if got := visitor.Text("main .sv-prose h2"); got != "Darbų eiga" {
		t.Errorf("heading in the body: %q", got)
	}
	if got := visitor.Text("main .sv-prose ul"); got != "Senų šviestuvų demontavimas\nNaujų šviestuvų montavimas\nApšvietimo bandymai" {
		t.Errorf("list in the body: %q", got)
	}
	meta := visitor.Text("main aside")
	for _, want := range []string{"Apie šią informaciją", "Veiklos sritys", "A skyrius", "Ona Šviesaitė", "(8 5) 211 2233", "ona.sviesaite@savivaldybe.lt"} {
		if !strings.Contains(meta, want) {
			t.Errorf("the block about the page lacks %q:\n%s", want, meta)
		}
	}

	for _, errs := range [][]string{contributorErrors, editorErrors, visitor.ConsoleErrors()} {
		for _, e := range errs {
			t.Errorf("browser console: %s", e)
		}
	}
}

// logIn signs in through the staff login form.
func logIn(t *testing.T, b *browsertest.Browser, email string) {
	t.Helper()
	b.Navigate("/admin/login")
	b.Fill("email", email)
	b.Fill("password", apptest.Password)
	b.ClickButton("Prisijungti")
	if strings.HasPrefix(b.Path(), "/admin/login") {
		t.Fatalf("login as %s failed:\n%s", email, b.PageText())
	}
}
