package statement_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/statement"
	"github.com/savivalda/savivalda/internal/store"
)

// Only administrators edit the statement; other staff get 403, visitors
// the login page, and nothing changes.
func TestAdminOnly(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		for _, key := range []string{"reception", "editorA", "legal"} {
			c := e.Login(key)
			for _, path := range []string{"/admin/prieinamumas", "/admin/prieinamumas/irasai/naujas"} {
				if res := c.Get(path); res.Status != http.StatusForbidden {
					t.Errorf("GET %s as %s: status %d, want 403", path, key, res.Status)
				}
			}
			for _, path := range []string{"/admin/prieinamumas", "/admin/prieinamumas/perziura", "/admin/prieinamumas/irasai"} {
				if res := c.Post(path, validForm()); res.Status != http.StatusForbidden {
					t.Errorf("POST %s as %s: status %d, want 403", path, key, res.Status)
				}
			}
		}
		res := e.Visitor().Post("/admin/prieinamumas", validForm())
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login") {
			t.Errorf("a visitor: status %d to %q, want the login page", res.Status, res.Location)
		}
		if _, err := statement.Find(context.Background(), e.DB, e.In.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("after refused saves: %v, want no statement", err)
		}
	})
}

// A form with mistakes comes back with 422, an error summary linking each
// field and everything that was typed; a valid one is saved and audited.
func TestSaveForm(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin := e.Login("admin")
		res := admin.Get("/admin/prieinamumas")
		contains(t, "the first form", res.Body, `value="Valstybės skaitmeninių sprendimų agentūra"`, `value="https://vssa.lrv.lt"`,
			`<option value="" selected>Pasirinkite atitikties būklę</option>`, "Pareiškimas dar neišsaugotas")

		bad := validForm()
		bad.Set("scope_name_lt", "")
		bad.Set("feedback_email", "ne-el-pastas")
		bad.Set("standard", "Įvestas standartas")
		bad.Set("enforcement_en", "Typed procedure")
		res = admin.Post("/admin/prieinamumas", bad)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("invalid form: status %d, want 422", res.Status)
		}
		contains(t, "the re-rendered form", res.Body, "<title>Klaida:", `href="#f-scope_name_lt"`, "Įveskite svetainės ar programos pavadinimą",
			`href="#f-feedback_email"`, `value="ne-el-pastas"`, `aria-invalid="true"`, `value="Įvestas standartas"`, ">Typed procedure</textarea>",
			`value="https://www.pirmoji.lt"`)
		if _, err := statement.Find(context.Background(), e.DB, e.In.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("after an invalid form: %v, want nothing stored", err)
		}

		res = admin.Post("/admin/prieinamumas", validForm())
		if res.Status != http.StatusSeeOther || res.Location != "/admin/prieinamumas" {
			t.Fatalf("valid form: status %d to %q\n%s", res.Status, res.Location, res.Body)
		}
		st := e.mustFind(t)
		if st.Compliance != statement.PartiallyCompliant || st.ReviewedOn.String() != "2026-03-10" || st.ReviewedBy != e.Users["admin"].ID {
			t.Errorf("stored: %+v", st)
		}
		changed := validForm()
		changed.Set("version", strconv.FormatInt(st.Version, 10))
		changed.Set("compliance", "full")
		if res := admin.Post("/admin/prieinamumas", changed); res.Status != http.StatusSeeOther {
			t.Fatalf("an edit: status %d", res.Status)
		}
		if res := admin.Post("/admin/prieinamumas", changed); res.Status != http.StatusConflict {
			t.Errorf("the same form again (stale version): status %d, want 409", res.Status)
		}
		entries, _, err := audit.Find(context.Background(), e.DB, audit.Filter{InstitutionID: e.In.ID, ObjectType: "accessibility_statement"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, a := range entries {
			actions = append(actions, a.Action+" "+a.Actor.Name+" "+a.Before+" "+a.After)
		}
		got := strings.Join(actions, "\n")
		if len(entries) != 2 || !strings.Contains(got, "statement.create Darbuotojas admin") ||
			!strings.Contains(got, `statement.update Darbuotojas admin {"compliance":"partial"} {"compliance":"full"}`) {
			t.Errorf("audit trail:\n%s", got)
		}
	})
}

// An entry form with mistakes keeps what was typed; a draft that is not
// complete cannot be confirmed from the list; a complete one is published;
// a removed one leaves the statement.
func TestIssueForms(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.mustSave(t, nil)
		admin := e.Login("admin")
		res := admin.Post("/admin/prieinamumas/irasai", url.Values{"description_lt": {"Vaizdo įrašai be subtitrų"},
			"criterion": {"1.2"}, "reason": {"disproportionate_burden"}, "alternative_lt": {"Stenograma pagal prašymą"}, "confirm": {"1"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("invalid entry: status %d, want 422", res.Status)
		}
		contains(t, "the entry form", res.Body, `href="#f-criterion"`, `href="#f-justification_lt"`, `href="#f-assessed_on"`,
			">Vaizdo įrašai be subtitrų</textarea>", `value="1.2"`, ">Stenograma pagal prašymą</textarea>")

		id := e.mustIssue(t, statement.IssueForm{DescriptionLT: "Interaktyvus žemėlapis", Reason: "non_compliance"}, false)
		draft, _ := statement.FindIssue(context.Background(), e.DB, e.In.ID, id)
		path := "/admin/prieinamumas/irasai/" + strconv.FormatInt(id, 10)
		res = admin.Post(path+"/patvirtinti", url.Values{"version": {"1"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#f-criterion"`) {
			t.Errorf("confirming a draft without a criterion: status %d, want 422 naming the criterion", res.Status)
		}
		res = admin.Post(path, url.Values{"description_lt": {"Interaktyvus žemėlapis"}, "criterion": {"2.1.1"}, "reason": {"non_compliance"},
			"alternative_lt": {"Adresus rasite sąraše"}, "version": {strconv.FormatInt(draft.Version, 10)}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("completing the draft: status %d\n%s", res.Status, res.Body)
		}
		if body := e.Visitor().Get("/prieinamumas").Body; strings.Contains(body, "Interaktyvus žemėlapis") {
			t.Error("a draft is published")
		}
		if res := admin.Post(path+"/patvirtinti", url.Values{"version": {"2"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("confirming the complete draft: status %d", res.Status)
		}
		contains(t, "the public statement", e.Visitor().Get("/prieinamumas").Body, "Interaktyvus žemėlapis", "Adresus rasite sąraše")
		other := e.Login("otherAdmin")
		if res := other.Post(path+"/salinti", url.Values{"version": {"3"}}); res.Status != http.StatusNotFound {
			t.Errorf("another institution's administrator removing it: status %d, want 404", res.Status)
		}
		if res := admin.Post(path+"/salinti", url.Values{"version": {"3"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("removing: status %d", res.Status)
		}
		if body := e.Visitor().Get("/prieinamumas").Body; strings.Contains(body, "Interaktyvus žemėlapis") {
			t.Error("a removed entry is still published")
		}
		_, n, _ := audit.Find(context.Background(), e.DB, audit.Filter{InstitutionID: e.In.ID, ObjectType: "accessibility_issue", ObjectID: id})
		if n != 4 { // create, update, confirm, remove
			t.Errorf("%d audit entries for the entry, want 4", n)
		}
	})
}
