package institution_test

import (
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// TestRequisitesWhereTheHintSays (WEB-04): the settings page tells the
// administrator where the details appear, and the site shows them there:
// all of them in the home page's header, the name on every page.
func TestRequisitesWhereTheHintSays(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := apptest.New(t, dialect)
			for lang, want := range map[string]string{"lt": "visi rekvizitai – pagrindinio puslapio antraštėje", "en": "all the details in the home page"} {
				admin := e.Login("admin")
				admin.Get("/kalba/" + lang + "?grizti=/admin")
				if res := admin.Get("/admin/institution"); !strings.Contains(res.Body, want) {
					t.Errorf("%s settings hint lacks %q", lang, want)
				}
			}
			v := e.Visitor()
			home, other := v.Get("/"), v.Get("/informacijos-rodykle")
			header := func(body string) string { return body[:strings.Index(body, "</header>")] }
			for _, detail := range []string{e.In.Name, e.In.LegalCode, e.In.Register} {
				if !strings.Contains(header(home.Body), detail) {
					t.Errorf("the home page's header lacks %q", detail)
				}
			}
			if h := header(other.Body); !strings.Contains(h, e.In.Name) || strings.Contains(h, e.In.Register) {
				t.Errorf("another page's header should name the institution and leave the register to the home page:\n%s", h)
			}
		})
	}
}
