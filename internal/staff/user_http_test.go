package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

func TestUserPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		kelme, raseiniai := mustKelme(t, db), mustRaseiniai(t, db)
		education := mustDepartment(t, db, kelme, "Švietimo skyrius")
		mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		jonas := mustUser(t, db, kelme, "jonas@kelme.lt", "Jonas Šimkus", actor.RoleDepartmentEditor, education)
		foreign := mustUser(t, db, raseiniai, "petras@raseiniai.lt", "Petras Raseinietis", actor.RoleAdmin, 0)
		s := newSite(t, db)
		admin := s.login("kelme.lt", "ona@kelme.lt", goodPassword)

		t.Run("List", func(t *testing.T) {
			wantBody(t, s.get("kelme.lt", "/admin/users", admin), http.StatusOK,
				[]string{"Jonas Šimkus", "Skyriaus redaktorius", "Švietimo skyrius", `href="/admin/users/` + itoa(jonas.ID) + `"`, "Rasta darbuotojų: 2"},
				[]string{"Petras Raseinietis"})
			wantBody(t, s.get("kelme.lt", "/admin/users?q=simkus&role=department_editor", admin), http.StatusOK,
				[]string{"Jonas Šimkus", `value="simkus"`, "Rasta darbuotojų: 1"}, []string{"ona@kelme.lt"})
		})
		t.Run("CreateErrKeepsInput", func(t *testing.T) {
			w := s.post("kelme.lt", "/admin/users/new", url.Values{
				"email": {"ona@kelme.lt"}, "name": {"Antroji Ona"}, "phone": {"8 427 60 001"},
				"role": {"contributor"}, "password": {"slapta-žodis-ilgas"}}, admin)
			wantBody(t, w, http.StatusUnprocessableEntity, []string{
				`href="#f-email"`, "Darbuotojas šiuo el. pašto adresu jau užregistruotas",
				`href="#f-department"`, "Pasirinkite skyrių",
				`value="Antroji Ona"`, `value="8 427 60 001"`, `<option value="contributor" selected>`,
			}, []string{"slapta-žodis-ilgas"})
		})
		t.Run("Create", func(t *testing.T) {
			w := s.post("kelme.lt", "/admin/users/new", url.Values{
				"email": {"Rasa.Cepule@kelme.lt"}, "name": {"Rasa Čepulė"}, "role": {"contributor"},
				"department": {itoa(education)}, "password": {"slapta-žodis-ilgas"}}, admin)
			wantRedirect(t, w, "/admin/users")
			users, _, err := staff.FindUsers(ctx, db, staff.UserFilter{InstitutionID: kelme.ID, Query: "cepule"})
			if err != nil || len(users) != 1 || users[0].Email != "rasa.cepule@kelme.lt" || users[0].DepartmentID != education {
				t.Fatalf("created user: %v, %v", users, err)
			}
			s.login("kelme.lt", "rasa.cepule@kelme.lt", "slapta-žodis-ilgas")
		})
		t.Run("Edit", func(t *testing.T) {
			wantBody(t, s.get("kelme.lt", "/admin/users/"+itoa(jonas.ID), admin), http.StatusOK,
				[]string{"jonas@kelme.lt", `value="Jonas Šimkus"`, `<option value="department_editor" selected>`}, nil)
			fresh, _ := staff.FindUser(ctx, db, kelme.ID, jonas.ID)
			form := url.Values{"version": {itoa(fresh.UpdatedAt.UnixMilli())}, "name": {"Jonas Šimkus"}, "phone": {"8 427 60 002"},
				"role": {"reception_editor"}, "active": {"1"}, "password": {"trumpas"}}
			wantBody(t, s.post("kelme.lt", "/admin/users/"+itoa(jonas.ID), form, admin), http.StatusUnprocessableEntity,
				[]string{`href="#f-password"`, "Slaptažodis turi būti ne trumpesnis nei 12 simbolių", `value="8 427 60 002"`}, []string{`value="trumpas"`})
			form.Set("password", "naujas-jono-slaptazodis")
			wantRedirect(t, s.post("kelme.lt", "/admin/users/"+itoa(jonas.ID), form, admin), "/admin/users")
			got, _ := staff.FindUser(ctx, db, kelme.ID, jonas.ID)
			if got.Role != actor.RoleReception || got.Phone != "8 427 60 002" || !got.Active {
				t.Errorf("after save: %+v", got)
			}
			s.login("kelme.lt", "jonas@kelme.lt", "naujas-jono-slaptazodis")
			// The same form again is stale now.
			if w := s.post("kelme.lt", "/admin/users/"+itoa(jonas.ID), form, admin); w.Code != http.StatusConflict {
				t.Errorf("stale form: got %d, want 409", w.Code)
			}
		})
		t.Run("AnotherInstitutionsUserIsNotFound", func(t *testing.T) {
			if w := s.get("kelme.lt", "/admin/users/"+itoa(foreign.ID), admin); w.Code != http.StatusNotFound {
				t.Errorf("GET: got %d, want 404", w.Code)
			}
			w := s.post("kelme.lt", "/admin/users/"+itoa(foreign.ID), url.Values{"name": {"X"}, "role": {"admin"}, "active": {"1"}}, admin)
			if w.Code != http.StatusNotFound {
				t.Errorf("POST: got %d, want 404", w.Code)
			}
			if got, _ := staff.FindUser(ctx, db, raseiniai.ID, foreign.ID); got.Name != "Petras Raseinietis" {
				t.Errorf("foreign user renamed to %q", got.Name)
			}
		})
	})
}
