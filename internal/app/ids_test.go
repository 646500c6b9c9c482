package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
)

// TestIDsOnlyCanonical: a record's address has one spelling. "+7", "07"
// and "7%20" name nothing (404) rather than record 7, and a form's "07"
// chooses no section.
func TestIDsOnlyCanonical(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Login("admin")
		sec := sectionID(t, e)
		for _, tt := range []struct{ prefix, id string }{
			{"/admin/users/", strconv.FormatInt(e.Users["reception"].ID, 10)}, {"/admin/sections/", sec},
		} {
			id := tt.id
			if res := admin.Get(tt.prefix + id); res.Status != http.StatusOK {
				t.Fatalf("%s%s: status %d", tt.prefix, id, res.Status)
			}
			for _, spelling := range []string{"+" + id, "0" + id, id + "%20", "%20" + id, id + ".0"} {
				if res := admin.Get(tt.prefix + spelling); res.Status != http.StatusNotFound {
					t.Errorf("%s%s: status %d, want 404", tt.prefix, spelling, res.Status)
				}
			}
		}
		form := url.Values{"title": {"Kelių remontas"}, "section_id": {"0" + sec}, "body": {"Tekstas."},
			"responsible_name": {"Jonas"}, "responsible_phone": {"(8 5) 200 0000"}, "responsible_email": {"jonas@savivaldybe.lt"}, "term_end": {"2099-01-01"}}
		if res := admin.Post("/admin/pages", form); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("a page in section %q: status %d, want 422", form.Get("section_id"), res.Status)
		}
		form.Set("section_id", sec)
		if res := admin.Post("/admin/pages", form); res.Status != http.StatusSeeOther {
			t.Errorf("a page in section %s: status %d, want 303\n%s", sec, res.Status, res.Body)
		}
	})
}
