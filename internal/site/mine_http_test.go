package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
)

// TestMineAndCounts (WEB-20, WEB-21): "Mano pateikti" lists what the
// contributor wrote with where it stands — a draft, one in review, one
// returned with its reason, one published — and nothing of anyone else's;
// the staff menu links to it; each dashboard tab shows how many items its
// list holds for the person looking.
func TestMineAndCounts(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc, contributor, editor := e.App.Site, e.Users["contributorA"].Actor(), e.Users["editorA"].Actor()
		year := time.Now().AddDate(1, 0, 0)
		if _, _, err := svc.CreatePage(ctx, contributor, e.In, form(sectionID(t, e, "veiklos-sritys"), e.Depts["A"], "Juodraštis apie parkus", "Tekstas", year)); err != nil {
			t.Fatal(err)
		}
		submitted(t, e, "contributorA", "veiklos-sritys", e.Depts["A"], "Laukiantis peržiūros")
		_, ret := submitted(t, e, "contributorA", "veiklos-sritys", e.Depts["A"], "Grąžintas puslapis")
		if err := svc.Return(ctx, editor, e.In, ret, 2, "Nurodykite šaltinį."); err != nil {
			t.Fatal(err)
		}
		publishPage(t, e, "contributorA", "editorA", "veiklos-sritys", e.Depts["A"], "Paskelbtas puslapis", year)
		submitted(t, e, "contributorC", "veiklos-sritys", e.Depts["C"], "Kito skyriaus medžiaga")

		c := e.Login("contributorA")
		res := c.Get("/admin/mano-pateikti")
		mustContain(t, "Mano pateikti", res, "Juodraštis apie parkus", "Juodraštis", "Laukiantis peržiūros", "Peržiūrima",
			"Grąžintas puslapis", "Grąžinta", "Nurodykite šaltinį.", "Paskelbtas puslapis", "Paskelbta")
		if strings.Contains(res.Body, "Kito skyriaus medžiaga") {
			t.Error("another person's material is listed as mine")
		}
		if !strings.Contains(c.Get("/admin").Body, `href="/admin/mano-pateikti"`) {
			t.Error("neither the staff menu nor the dashboard links to Mano pateikti")
		}
		if other := e.Login("contributorC").Get("/admin/mano-pateikti"); strings.Contains(other.Body, "Grąžintas puslapis") {
			t.Error("contributorC sees contributorA's material")
		}

		mustContain(t, "the contributor's tabs", c.Get("/admin"), "Mano juodraščiai (1)", "Grąžinti taisyti (1)", "Laukia mano peržiūros (0)")
		mustContain(t, "the editor's tabs", e.Login("editorA").Get("/admin?sarasas=perziurai"), "Laukia mano peržiūros (1)", "Paskelbti (1)")
		mustContain(t, "the reception's tabs", e.Login("reception").Get("/admin?sarasas=perziurai"), "Laukia mano peržiūros (1)")
	})
}

// TestOverviewSaysWhoReviews (WEB-19, WEB-20): the page overview names
// who will review the material and why, by the rules that send it to them.
func TestOverviewSaysWhoReviews(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		dept, _ := submitted(t, e, "contributorA", "veiklos-sritys", e.Depts["A"], "Skyriaus medžiaga")
		noEditor, _ := submitted(t, e, "contributorC", "veiklos-sritys", e.Depts["C"], "Be redaktoriaus")
		legal, _ := submitted(t, e, "contributorA", "teises-aktai", e.Depts["A"], "Sprendimas")
		admin := e.Login("admin")
		for _, c := range []struct {
			page int64
			want []string
		}{
			{dept, []string{"Peržiūrės: Darbuotojas editorA (Skyriaus redaktorius)", "skyriaus medžiagą peržiūri to skyriaus redaktorius"}},
			{noEditor, []string{"Peržiūrės: Darbuotojas reception (Bendrojo priėmimo skyriaus redaktorius)", "skyrius neturi savo redaktoriaus"}},
			{legal, []string{"Peržiūrės: Darbuotojas legal (Teisės aktų skelbėjas)", "teisės aktus skelbia paskirtas teisės aktų skelbėjas"}},
		} {
			res := admin.Get(strings.TrimPrefix(pageURL(e, c.page), e.App.Config.BaseURL))
			if res.Status != http.StatusOK {
				t.Fatalf("overview %d: status %d", c.page, res.Status)
			}
			mustContain(t, "the overview", res, c.want...)
		}
	})
}
