package institution_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

func formOf(in *institution.Institution) url.Values {
	return url.Values{
		"name": {in.Name}, "short_name": {in.ShortName}, "legal_form": {in.LegalForm}, "address": {in.Address},
		"legal_code": {in.LegalCode}, "register": {in.Register}, "phone": {in.Phone}, "fax": {in.Fax}, "email": {in.Email},
		"controller_name": {in.ControllerName}, "controller_code": {in.ControllerCode},
		"controller_address": {in.ControllerAddress}, "controller_email": {in.ControllerEmail},
		"controller_phone": {in.ControllerPhone}, "dpo_email": {in.DPOEmail},
	}
}

// The settings and audit pages in the real application: real logins, the
// staff package's role check, the institution chosen by host name.
func TestSettingsInTheApp(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := apptest.New(t, dialect)

			reception := e.Login("reception")
			for _, path := range []string{"/admin/institution", "/admin/departments", "/admin/audit", "/admin/audit.csv"} {
				if res := reception.Get(path); res.Status != http.StatusForbidden {
					t.Errorf("GET %s as a reception editor: status %d, want 403", path, res.Status)
				}
			}
			changed := formOf(e.In)
			changed.Set("phone", "(8 5) 299 9999")
			if res := reception.Post("/admin/institution", changed); res.Status != http.StatusForbidden {
				t.Errorf("POST /admin/institution as a reception editor: status %d, want 403", res.Status)
			}
			if res := e.Visitor().Get("/admin/institution"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login") {
				t.Errorf("a visitor: status %d to %q, want a redirect to the login", res.Status, res.Location)
			}

			admin := e.Login("admin")
			if res := admin.Get("/admin/institution"); res.Status != http.StatusOK || !strings.Contains(res.Body, e.In.Name) {
				t.Errorf("GET /admin/institution as the administrator: status %d", res.Status)
			}
			// Changes need the logged-in user as the audit trail's actor:
			// the administrator's edit below succeeds only with one.
			other := e.Login("otherAdmin")
			res := other.Post(fmt.Sprintf("/admin/departments/%d", e.Depts["A"]), url.Values{"name": {"Perimta"}})
			if res.Status != http.StatusNotFound {
				t.Errorf("another institution's administrator renaming a department: status %d, want 404", res.Status)
			}
			if res := admin.Post("/admin/institution", changed); res.Status != http.StatusSeeOther {
				t.Fatalf("POST /admin/institution as the administrator: status %d\n%s", res.Status, res.Body)
			}
			if got := e.App.Registry.ForHost("localhost").Phone; got != "(8 5) 299 9999" {
				t.Errorf("header phone %q after the edit", got)
			}
			res = admin.Get("/admin/audit?action=institution.update")
			if !strings.Contains(res.Body, "Pakeisti institucijos duomenys: Telefonas") || !strings.Contains(res.Body, e.Users["admin"].Name) {
				t.Errorf("the audit page does not show the edit and who made it:\n%s", res.Body)
			}
			if res := other.Get("/admin/audit"); res.Status != http.StatusOK || strings.Contains(res.Body, "Pakeisti institucijos duomenys") {
				t.Errorf("another institution's administrator's audit trail (status %d) shows the edit, or nothing", res.Status)
			}
		})
	}
}
