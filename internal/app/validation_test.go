package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/web"
)

// TestContactFieldsRefuseWhatUsersTyped: on every staff form with a phone,
// a person's name or an email address, "skambinkite" is not a phone
// number, a 300-letter name is refused with the limit, and a malformed
// address is called invalid, not missing (WEB-11, WEB-04, X-04).
func TestContactFieldsRefuseWhatUsersTyped(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		long := strings.Repeat("Ą", 300)
		sec := ""
		tree, err := site.Tree(t.Context(), e.DB, e.In.ID)
		if err != nil {
			t.Fatal(err)
		}
		sec = strconv.FormatInt(tree[0].ID, 10)
		institutionForm := url.Values{
			"name": {long}, "short_name": {e.In.ShortName}, "legal_form": {e.In.LegalForm}, "address": {e.In.Address},
			"legal_code": {e.In.LegalCode}, "register": {e.In.Register}, "phone": {"skambinkite"}, "fax": {""},
			"email": {"info@savivaldybe"}, "controller_name": {e.In.ControllerName}, "controller_code": {e.In.ControllerCode},
			"controller_address": {e.In.ControllerAddress}, "controller_email": {e.In.ControllerEmail},
			"controller_phone": {e.In.ControllerPhone}, "dpo_email": {e.In.DPOEmail},
		}
		for _, tt := range []struct {
			who, path    string
			form         url.Values
			want, refuse []string
		}{
			{"editorA", "/admin/pages", url.Values{"title": {long}, "section_id": {sec}, "body": {"Tekstas"},
				"responsible_name": {long}, "responsible_phone": {"skambinkite"}, "responsible_email": {"ona@"},
				"term_end": {web.FormatDate(time.Now().AddDate(0, 1, 0))}},
				[]string{"Pavadinimas per ilgas: sutrumpinkite iki 200 simbolių", "vardas ir pavardė per ilgi: sutrumpinkite iki 200",
					"Telefono numeris neteisingas", "El. pašto adresas neteisingas", `value="skambinkite"`},
				[]string{"Įveskite atsakingo darbuotojo el. pašto adresą"}},
			{"admin", "/admin/institution", institutionForm,
				[]string{"Institucijos pavadinimas per ilgas", "Telefono numeris neteisingas", "El. pašto adresas neteisingas"},
				[]string{"Įveskite el. pašto adresą"}},
			{"admin", "/admin/users/new", url.Values{"email": {"ona.onaite@"}, "name": {long}, "phone": {"skambinkite"},
				"role": {"contributor"}, "password": {"slapta-žodis-ilgas"}},
				[]string{"Vardas ir pavardė turi būti ne ilgesni nei 200 simbolių", "Telefono numeris neteisingas", "El. pašto adresas neteisingas"},
				[]string{"Įveskite el. pašto adresą<"}},
		} {
			res := e.Login(tt.who).Post(tt.path, tt.form)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", tt.path, res.Status)
				continue
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("%s: the page lacks %q", tt.path, w)
				}
			}
			for _, r := range tt.refuse {
				if strings.Contains(res.Body, r) {
					t.Errorf("%s: an invalid value is reported as missing (%q)", tt.path, r)
				}
			}
		}
	})
}
