package statement_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/statement"
)

var burdenEntry = statement.IssueForm{
	DescriptionLT: "Nuskenuoti seni PDF dokumentai be teksto sluoksnio", DescriptionEN: "Old scanned PDF documents without a text layer",
	Criterion: "1.1.1; 1.3.1", Reason: string(statement.DisproportionateBurden),
	JustificationLT: "Dokumentų per daug, kad juos būtų galima perdaryti", JustificationEN: "There are too many documents to redo",
	AssessedOn: "2026-02-02", AlternativeLT: "Tekstą atsiųsime el. paštu per 20 darbo dienų",
}

// The public statement follows the model of Implementing Decision (EU)
// 2018/1523 in its order, each value marked up for machines, in the
// visitor's language; an English page shows an untranslated text in
// Lithuanian, marked as such.
func TestPublicPage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		visitor := e.Visitor()
		res := visitor.Get("/prieinamumas")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Pareiškimas dėl prieinamumo dar rengiamas") {
			t.Fatalf("before a statement is saved: status %d\n%s", res.Status, res.Body)
		}

		e.mustSave(t, nil)
		id := e.mustIssue(t, burdenEntry, true)
		e.mustIssue(t, statement.IssueForm{DescriptionLT: "Juodraštis, dar nepatvirtintas", Criterion: "2.4.4", Reason: "non_compliance"}, false)

		res = visitor.Get("/prieinamumas")
		if res.Status != http.StatusOK {
			t.Fatalf("status %d", res.Status)
		}
		order(t, res.Body, `<h1>Pareiškimas dėl prieinamumo</h1>`,
			`id="scope"`, `data-field="scope.name">Pirmosios savivaldybės interneto svetainė</span>`,
			`<a data-field="scope.url" href="https://www.pirmoji.lt">`,
			`id="compliance"`, `data-field="compliance.status" data-value="partial">iš dalies atitinka</strong>`,
			`<span data-field="compliance.standard">EN 301 549 V3.2.1 (2021-03)</span>`,
			`id="non-accessible-content"`, `<h3 id="reason-disproportionate_burden">Neproporcinga našta</h3>`,
			fmt.Sprintf(`id="entry-%d"`, id), `Nuskenuoti seni PDF dokumentai be teksto sluoksnio`, `<span data-field="wcag_criteria">1.1.1, 1.3.1</span>`,
			`Dokumentų per daug`, `<time data-field="assessed_on" datetime="2026-02-02">`, `Tekstą atsiųsime el. paštu`,
			`id="preparation"`, `<time data-field="preparation.prepared_on" datetime="2026-03-10">`,
			`data-field="preparation.method" data-value="self">įsivertinimu</span>`,
			`<time data-field="preparation.reviewed_on" datetime="2026-03-10">`, `Automatinė patikra dar neatlikta.`,
			`id="feedback"`, `<a data-field="feedback.form_url" href="/prieinamumas/atsiliepimas">`,
			`<a data-field="feedback.email" href="mailto:prieinamumas@pirmoji.lt">`, `per 10 darbo dienų`, `per 20 darbo dienų`,
			`id="enforcement"`, `<div data-field="enforcement.procedure"><p>Jei atsakymas jūsų netenkina`,
			`data-field="enforcement.authority.name">Valstybės skaitmeninių sprendimų agentūra</span>`,
			`<a data-field="enforcement.authority.url" href="https://vssa.lrv.lt">`,
			`<a href="/prieinamumas.json" type="application/json" rel="alternate">`)
		if strings.Contains(res.Body, "Juodraštis, dar nepatvirtintas") {
			t.Error("a draft entry is published")
		}
		contains(t, "every page's footer", visitor.Get("/").Body,
			`<a href="/prieinamumas">Pareiškimas dėl prieinamumo</a>`, `<a href="/prieinamumas/atsiliepimas?puslapis=%2f">Pranešti apie prieinamumo problemą</a>`)

		visitor.Get("/kalba/en?grizti=/prieinamumas")
		res = visitor.Get("/prieinamumas")
		contains(t, "the English statement", res.Body, `<html lang="en">`, `<h1>Accessibility statement</h1>`,
			`data-field="scope.name">Website of the First Municipality</span>`,
			`data-value="partial">partially compliant</strong>`, `<h3 id="reason-disproportionate_burden">Disproportionate burden</h3>`,
			`Old scanned PDF documents without a text layer`, `There are too many documents to redo`,
			`<div data-field="alternative" lang="lt"><p>Tekstą atsiųsime el. paštu per 20 darbo dienų</p></div><p class="sv-hint">in Lithuanian only</p>`,
			`data-field="enforcement.authority.name">State Digital Solutions Agency</span>`, `id="entry-`)
		order(t, res.Body, `id="scope"`, `id="compliance"`, `id="non-accessible-content"`, `id="preparation"`, `id="feedback"`, `id="enforcement"`)
	})
}

// The JSON form has every field of the model statement, the published
// entries only, and the latest check (null before the first).
func TestJSON(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		if res := e.Visitor().Get("/prieinamumas.json"); res.Status != http.StatusNotFound {
			t.Errorf("before a statement is saved: status %d, want 404", res.Status)
		}
		e.mustSave(t, func(v url.Values) { v.Set("method", "third_party"); v.Set("assessor", "UAB Prieinama") })
		id := e.mustIssue(t, burdenEntry, true)
		e.mustIssue(t, statement.IssueForm{DescriptionLT: "Juodraštis", Criterion: "2.4.4", Reason: "non_compliance"}, false)

		res := e.Visitor().Get("/prieinamumas.json")
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("status %d, content type %q", res.Status, res.Header.Get("Content-Type"))
		}
		var doc statement.Document
		if err := json.Unmarshal([]byte(res.Body), &doc); err != nil {
			t.Fatalf("decode: %v\n%s", err, res.Body)
		}
		if doc.Schema != statement.Schema || !strings.HasSuffix(doc.URL, "/prieinamumas") || doc.Institution.LegalCode != "111111111" {
			t.Errorf("header: %+v", doc)
		}
		if doc.Scope.Kind != "website" || doc.Scope.URL != "https://www.pirmoji.lt" || doc.Scope.Name.EN != "Website of the First Municipality" {
			t.Errorf("scope: %+v", doc.Scope)
		}
		if doc.Compliance.Status != "partial" || doc.Compliance.Standard != statement.DefaultStandard || doc.Compliance.WCAG != "2.1 AA" {
			t.Errorf("compliance: %+v", doc.Compliance)
		}
		if len(doc.Content) != 1 {
			t.Fatalf("%d entries, want the one confirmed", len(doc.Content))
		}
		c := doc.Content[0]
		if c.ID != id || c.Reason != "disproportionate_burden" || strings.Join(c.Criteria, " ") != "1.1.1 1.3.1" ||
			c.AssessedOn != "2026-02-02" || c.Justification == nil || c.Alternative == nil || c.Alternative.EN != "" || c.Source != "manual" {
			t.Errorf("entry: %+v", c)
		}
		p := doc.Preparation
		if p.PreparedOn != "2026-03-10" || p.ReviewedOn != "2026-03-10" || p.Method != "third_party" || p.Assessor != "UAB Prieinama" {
			t.Errorf("preparation: %+v", p)
		}
		if !strings.HasSuffix(doc.Feedback.FormURL, "/prieinamumas/atsiliepimas") || doc.Feedback.Email != "prieinamumas@pirmoji.lt" {
			t.Errorf("feedback: %+v", doc.Feedback)
		}
		a := doc.Enforcement.Authority
		if a.Name.LT != "Valstybės skaitmeninių sprendimų agentūra" || a.URL != "https://vssa.lrv.lt" || doc.Enforcement.Procedure.LT == "" {
			t.Errorf("enforcement: %+v", doc.Enforcement)
		}
		var raw map[string]any
		_ = json.Unmarshal([]byte(res.Body), &raw)
		for _, k := range []string{"scope", "compliance", "non_accessible_content", "preparation", "feedback", "enforcement", "automated_check"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("no field %q", k)
			}
		}
		if raw["automated_check"] != nil {
			t.Errorf("automated_check before any check: %v, want null", raw["automated_check"])
		}
	})
}

// TestJSONLinksIgnoreForgedHost: the JSON statement's absolute links are
// the institution's configured address, whatever Host and
// X-Forwarded-Proto a request carries: a forged one must not make the
// statement point elsewhere.
func TestJSONLinksIgnoreForgedHost(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.mustSave(t, func(url.Values) {})
		v := e.Visitor()
		v.Host, v.Header = "evil.example", http.Header{"X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"evil.example"}}
		res := v.Get("/prieinamumas.json")
		var doc statement.Document
		if err := json.Unmarshal([]byte(res.Body), &doc); err != nil {
			t.Fatalf("status %d: %v\n%s", res.Status, err, res.Body)
		}
		base := e.App.Config.BaseURL
		if doc.URL != base+statement.PublicPath || doc.Feedback.FormURL != base+statement.FeedbackPath {
			t.Errorf("links %q, %q; want them under %s", doc.URL, doc.Feedback.FormURL, base)
		}
	})
}
