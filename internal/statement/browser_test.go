package statement_test

import (
	"context"
	"net/url"
	"os"
	"strconv"
	"testing"

	"github.com/savivalda/savivalda/internal/a11ycheck"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/browsertest"
	"github.com/savivalda/savivalda/internal/statement"
)

// The statement's pages pass axe-core's WCAG 2.0–2.2 A and AA rules in
// Chromium, in both languages, with content in every part: entries of each
// kind, a check's results, a stale warning and forms with errors.
func TestPagesPassAxe(t *testing.T) {
	axeJS, err := a11ycheck.LoadAxe("")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	e := start(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL

	e.SetNow(vilnius("2025-01-15"))
	e.mustSave(t, func(v url.Values) { v.Set("prepared_on", "2025-01-15"); v.Set("authority_phone", "(8 5) 266 2222") })
	e.SetNow(vilnius("2026-03-10"))
	e.mustIssue(t, burdenEntry, true)
	e.mustIssue(t, statement.IssueForm{DescriptionLT: "Trečiųjų šalių žemėlapis", Reason: "out_of_scope", AlternativeLT: "Adresų sąrašas"}, true)
	record(t, e, page("/", violation("color-contrast", "a.more")), page("/archyvas", violation("link-name", "a.icon")))
	draft := byRule(t, e, "link-name")[0]

	check := func(name string) {
		t.Helper()
		var found []a11ycheck.Violation
		b.Do("axe on "+name, func(ctx context.Context) error {
			var err error
			found, err = a11ycheck.CheckPage(ctx, axeJS)
			return err
		})
		for _, v := range found {
			t.Errorf("%s: %s", name, v)
		}
	}
	b.Navigate("/prieinamumas")
	check("the public statement")
	b.Navigate("/kalba/en?grizti=/prieinamumas")
	check("the statement in English")
	b.Navigate("/kalba/lt?grizti=/admin/login")
	b.Fill("email", e.Users["admin"].Email)
	b.Fill("password", apptest.Password)
	b.Click(`form[action="/admin/login"] [type=submit]`)
	b.Navigate("/admin/prieinamumas")
	if !b.Has("#stale-warning") {
		t.Error("no stale warning to check")
	}
	check("the staff page, stale")
	b.Fill("feedback_email", "ne adresas")
	b.Click(`form[action="/admin/prieinamumas"] [type=submit]`)
	if b.Status() != 422 {
		t.Errorf("the invalid statement form answered %d", b.Status())
	}
	check("the staff page with errors")
	b.Navigate("/admin/prieinamumas/irasai/" + strconv.FormatInt(draft.ID, 10))
	check("an automatic draft")
	b.Navigate("/admin/prieinamumas/irasai/naujas")
	b.Fill("reason", "disproportionate_burden")
	b.Click(`form[action="/admin/prieinamumas/irasai"] button[value="1"]`)
	if b.Status() != 422 {
		t.Errorf("the invalid entry form answered %d", b.Status())
	}
	check("the entry form with errors")
}
