package statement_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/statement"
)

func page(path string, vs ...statement.Violation) statement.CheckedPage {
	return statement.CheckedPage{Path: path, Violations: vs}
}

func violation(rule string, nodes ...string) statement.Violation {
	return statement.Violation{Rule: rule, Impact: "serious", Help: "Help for " + rule, HelpURL: "https://dequeuniversity.com/rules/axe/4.14/" + rule, Nodes: nodes}
}

func record(t *testing.T, e *env, pages ...statement.CheckedPage) *statement.CheckOutcome {
	t.Helper()
	out, err := e.svc.RecordCheck(context.Background(), actor.NewJob("test", e.In.ID), e.In.ID, statement.CheckResult{BaseURL: "http://127.0.0.1", Pages: pages})
	if err != nil {
		t.Fatalf("record check: %v", err)
	}
	return out
}

// byRule returns the institution's entries of a rule, oldest first.
func byRule(t *testing.T, e *env, rule string) []*statement.Issue {
	t.Helper()
	all, err := statement.Issues(context.Background(), e.DB, e.In.ID, statement.Draft, statement.Confirmed, statement.Resolved)
	if err != nil {
		t.Fatal(err)
	}
	var out []*statement.Issue
	for _, is := range all {
		if is.Rule == rule {
			out = append(out, is)
		}
	}
	return out
}

// A rule the check finds for the first time becomes a draft entry; a rule
// no longer found resolves its automatic draft, which stays as history;
// confirmed entries, automatic or manual, are never touched.
func TestRecordCheck(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.mustSave(t, nil)
		manual := e.mustIssue(t, burdenEntry, true)

		out := record(t, e,
			page("/", violation("image-alt", "img.logo"), violation("label", "#q")),
			page("/archyvas", violation("image-alt", "img.a", "img.b")),
			page("/informacijos-rodykle"))
		c := out.Check
		if c.PagesChecked != 3 || c.Violations != 3 || c.Elements != 4 {
			t.Errorf("figures: %d pages, %d violations, %d elements; want 3, 3, 4", c.PagesChecked, c.Violations, c.Elements)
		}
		if !slices.Equal(out.Drafted, []string{"image-alt", "label"}) || len(out.Resolved) != 0 {
			t.Errorf("first check: drafted %v, resolved %v", out.Drafted, out.Resolved)
		}
		img := byRule(t, e, "image-alt")
		if len(img) != 1 || img[0].Status != statement.Draft || img[0].Source != statement.Automatic || img[0].Criterion != "1.1.1" ||
			!strings.HasPrefix(img[0].Description.LT, "Paveikslėliai neturi alternatyvaus teksto") ||
			!strings.Contains(img[0].Description.LT, "/, /archyvas") || !strings.HasPrefix(img[0].Description.EN, "Help for image-alt") {
			t.Errorf("the image-alt draft: %+v", img)
		}
		// The administrator explains the missing labels and publishes them.
		lbl := byRule(t, e, "label")[0]
		f := statement.IssueFormOf(lbl)
		f.AlternativeLT = "Paiešką galite atlikti ir informacijos rodyklėje"
		if err := e.svc.UpdateIssue(context.Background(), e.as("admin"), e.In.ID, lbl.ID, f, true); err != nil {
			t.Fatal(err)
		}

		out = record(t, e, page("/", violation("color-contrast", "a.more")), page("/archyvas"))
		if !slices.Equal(out.Drafted, []string{"color-contrast"}) || !slices.Equal(out.Resolved, []string{"image-alt"}) {
			t.Errorf("second check: drafted %v, resolved %v; want [color-contrast], [image-alt]", out.Drafted, out.Resolved)
		}
		if img := byRule(t, e, "image-alt"); len(img) != 1 || img[0].Status != statement.Resolved || img[0].ResolvedAt.IsZero() {
			t.Errorf("the vanished rule's draft: %+v, want resolved and kept", img)
		}
		if lbl := byRule(t, e, "label"); len(lbl) != 1 || lbl[0].Status != statement.Confirmed {
			t.Errorf("the confirmed automatic entry: %+v, want it kept confirmed", lbl)
		}
		if is, err := statement.FindIssue(context.Background(), e.DB, e.In.ID, manual); err != nil || is.Status != statement.Confirmed {
			t.Errorf("the confirmed manual entry: %+v, %v", is, err)
		}

		out = record(t, e, page("/", violation("image-alt", "img.logo"), violation("color-contrast", "a.more")))
		if !slices.Equal(out.Drafted, []string{"image-alt"}) || len(out.Resolved) != 0 {
			t.Errorf("third check: drafted %v, resolved %v; want a new image-alt draft", out.Drafted, out.Resolved)
		}
		if img := byRule(t, e, "image-alt"); len(img) != 2 || img[0].Status != statement.Resolved || img[1].Status != statement.Draft {
			t.Errorf("image-alt entries after it came back: %d", len(img))
		}
		if cc := byRule(t, e, "color-contrast"); len(cc) != 1 || cc[0].LastCheckID != out.Check.ID {
			t.Errorf("the color-contrast draft was not marked as found again: %+v", cc)
		}
		_, n, _ := audit.Find(context.Background(), e.DB, audit.Filter{InstitutionID: e.In.ID, Action: "statement.check"})
		if n != 3 {
			t.Errorf("%d audited checks, want 3", n)
		}
		checks, _ := statement.Checks(context.Background(), e.DB, e.In.ID, 10)
		if len(checks) != 3 {
			t.Errorf("%d checks kept, want the history of 3", len(checks))
		}
	})
}

// The public statement shows the latest check's figures as soon as it is
// stored, also to visitors served from the render cache.
func TestPublicShowsLatestCheck(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.mustSave(t, nil)
		visitor := e.Visitor()
		if body := visitor.Get("/prieinamumas").Body; !strings.Contains(body, "Automatinė patikra dar neatlikta.") {
			t.Fatal("no note that no check was run")
		}
		record(t, e, page("/", violation("image-alt", "img.logo")), page("/archyvas"))
		e.SetNow(vilnius("2026-03-11"))
		record(t, e,
			page("/", violation("color-contrast", "a.more", "a.less"), violation("link-name", "a.icon")),
			page("/archyvas", violation("color-contrast", "td a")), page("/informacijos-rodykle"), page("/slapuku-politika"))

		body := visitor.Get("/prieinamumas").Body
		contains(t, "the statement after two checks", body,
			`<time data-field="automated_check.checked_at" datetime="2026-03-11T08:00:00Z">2026-03-11 10:00</time>`,
			`<dd data-field="automated_check.pages_checked">4</dd>`, `<dd data-field="automated_check.violations">3</dd>`,
			`<dd data-field="automated_check.elements">4</dd>`,
			`<tr data-rule="color-contrast"><td><code>color-contrast</code> <span lang="en">Help for color-contrast</span></td><td>1.4.3</td><td>2</td><td>3</td></tr>`,
			`<tr data-rule="link-name">`)
		if strings.Contains(body, `data-rule="image-alt"`) {
			t.Error("the statement shows an older check's rule")
		}
		var doc statement.Document
		res := visitor.Get("/prieinamumas.json")
		if err := json.Unmarshal([]byte(res.Body), &doc); err != nil || doc.Check == nil {
			t.Fatalf("JSON: %v", err)
		}
		if doc.Check.PagesChecked != 4 || doc.Check.Violations != 3 || len(doc.Check.Rules) != 2 ||
			doc.Check.Rules[0].Rule != "color-contrast" || fmt.Sprint(doc.Check.Rules[0].Pages) != "[/ /archyvas]" {
			t.Errorf("JSON check: %+v", doc.Check)
		}
	})
}
