package staff_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

func TestCreateUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		kelme, raseiniai := mustKelme(t, db), mustRaseiniai(t, db)
		education := mustDepartment(t, db, kelme, "Švietimo skyrius")
		foreign := mustDepartment(t, db, raseiniai, "Kultūros skyrius")
		mustUser(t, db, kelme, "ona.petraitiene@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)

		for _, tc := range []struct {
			name      string
			user      staff.User
			password  string
			field     string // "" for success
			key       string
			wantEmail string
		}{
			{name: "OK", user: staff.User{Email: " Jonas.Jonaitis@Kelme.LT ", Name: "Jonas  Jonaitis", Role: actor.RoleDepartmentEditor, DepartmentID: education},
				password: goodPassword, wantEmail: "jonas.jonaitis@kelme.lt"},
			{name: "ErrEmailRequired", user: staff.User{Name: "Jonas", Role: actor.RoleAdmin}, password: goodPassword,
				field: "email", key: "staff.error.email_required"},
			{name: "ErrEmailInvalid", user: staff.User{Email: "jonas@", Name: "Jonas", Role: actor.RoleAdmin}, password: goodPassword,
				field: "email", key: "staff.error.email_invalid"},
			{name: "ErrEmailTaken", user: staff.User{Email: "ONA.petraitiene@kelme.lt", Name: "Ona", Role: actor.RoleAdmin}, password: goodPassword,
				field: "email", key: "staff.error.email_taken"},
			{name: "ErrPasswordShort", user: staff.User{Email: "a@kelme.lt", Name: "A", Role: actor.RoleAdmin}, password: "ąčęėįšųūž12",
				field: "password", key: "staff.error.password_short"},
			{name: "ErrPasswordCommon", user: staff.User{Email: "a@kelme.lt", Name: "A", Role: actor.RoleAdmin}, password: "Password1234",
				field: "password", key: "staff.error.password_common"},
			{name: "ErrPasswordOwnName", user: staff.User{Email: "jonas.jonaitis@kelme.lt", Name: "Jonas Jonaitis", Role: actor.RoleAdmin},
				password: "JonaitisJonas1", field: "password", key: "staff.error.password_common"},
			{name: "ErrEmailLong", user: staff.User{Email: strings.Repeat("a", 246) + "@kelme.lt", Name: "A", Role: actor.RoleAdmin},
				password: goodPassword, field: "email", key: "staff.error.email_long"},
			// WEB-12: work accounts live on the institution's mail domains.
			{name: "ErrEmailPrivateDomain", user: staff.User{Email: "jonas.jonaitis@gmail.com", Name: "Jonas Jonaitis", Role: actor.RoleAdmin},
				password: goodPassword, field: "email", key: "staff.error.email_domain"},
			{name: "ErrPasswordRequired", user: staff.User{Email: "a@kelme.lt", Name: "A", Role: actor.RoleAdmin},
				field: "password", key: "staff.error.password_required"},
			{name: "ErrNameRequired", user: staff.User{Email: "a@kelme.lt", Name: "  ", Role: actor.RoleAdmin}, password: goodPassword,
				field: "name", key: "staff.error.name_required"},
			{name: "ErrRoleInvalid", user: staff.User{Email: "a@kelme.lt", Name: "A", Role: "root"}, password: goodPassword,
				field: "role", key: "staff.error.role_invalid"},
			{name: "ErrDepartmentRequired", user: staff.User{Email: "a@kelme.lt", Name: "A", Role: actor.RoleDepartmentEditor}, password: goodPassword,
				field: "department", key: "staff.error.department_required"},
			{name: "ErrDepartmentRequiredContributor", user: staff.User{Email: "a@kelme.lt", Name: "A", Role: actor.RoleContributor}, password: goodPassword,
				field: "department", key: "staff.error.department_required"},
			{name: "ErrDepartmentOfAnotherInstitution", user: staff.User{Email: "a@kelme.lt", Name: "A", Role: actor.RoleContributor, DepartmentID: foreign},
				password: goodPassword, field: "department", key: "staff.error.department_invalid"},
			{name: "ErrPhone", user: staff.User{Email: "a@kelme.lt", Name: "A", Role: actor.RoleAdmin, Phone: "skambinti"}, password: goodPassword,
				field: "phone", key: "staff.error.phone_invalid"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				u := tc.user
				u.InstitutionID = kelme.ID
				users := count(t, db, `SELECT COUNT(*) FROM users`)
				var id int64
				pw, err := staff.NewPassword(tc.password, u.Name, u.Email, kelme.Name)
				if err != nil {
					t.Fatal(err)
				}
				err = db.InTx(ctx, func(tx *store.Tx) error {
					var err error
					id, err = staff.CreateUser(ctx, tx, operator, &u, pw)
					return err
				})
				if tc.field == "" {
					if err != nil {
						t.Fatalf("got %v, want success", err)
					}
					got, err := staff.FindUser(ctx, db, kelme.ID, id)
					if err != nil {
						t.Fatal(err)
					}
					if got.Email != tc.wantEmail || got.Name != "Jonas Jonaitis" || !got.Active || got.DepartmentName != "Švietimo skyrius" {
						t.Errorf("stored %+v, want email %s, tidy name, active, department", got, tc.wantEmail)
					}
					return
				}
				var fe web.FieldErrors
				if !errors.As(err, &fe) {
					t.Fatalf("got %v, want field errors", err)
				}
				if e := fe.For(tc.field); e == nil || e.Key != tc.key {
					t.Errorf("got %v, want %s on %s", fe, tc.key, tc.field)
				}
				if n := count(t, db, `SELECT COUNT(*) FROM users`); n != users {
					t.Errorf("users: got %d, want %d (nothing written)", n, users)
				}
			})
		}

		t.Run("SameEmailInAnotherInstitution", func(t *testing.T) {
			mustEmailDomains(t, db, mustUser(t, db, raseiniai, "admin@raseiniai.lt", "Rasa Admin", actor.RoleAdmin, 0), "raseiniai.lt kelme.lt")
			mustUser(t, db, raseiniai, "ona.petraitiene@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		})
	})
}

func TestUserChangesAreAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		kelme := mustKelme(t, db)
		admin := mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		by := admin.Actor()
		u := mustUser(t, db, kelme, "jonas@kelme.lt", "Jonas Jonaitis", actor.RoleLegalPublisher, 0)
		err := db.InTx(ctx, func(tx *store.Tx) error {
			u.Phone, u.Active = "+370 427 60 000", false
			if err := staff.UpdateUser(ctx, tx, by, u); err != nil {
				return err
			}
			return staff.SetPassword(ctx, tx, admin.Actor(), kelme.ID, u.ID, mustPassword(t, "naujas-ilgas-slaptažodis"), "")
		})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.QueryContext(ctx, `SELECT action, COALESCE(actor_id, 0), object_id, before_data, after_data FROM audit_log ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var action, before, after string
			var actor, object int64
			if err := rows.Scan(&action, &actor, &object, &before, &after); err != nil {
				t.Fatal(err)
			}
			got = append(got, action)
			if strings.Contains(before+after, "argon2") || strings.Contains(before+after, "password") {
				t.Errorf("%s: snapshot holds a password: %s / %s", action, before, after)
			}
			if action == "staff.user.update" {
				if actor != admin.ID || object != u.ID || !strings.Contains(before, `"active":true`) || !strings.Contains(after, `"active":false`) {
					t.Errorf("update entry: actor %d object %d before %s after %s", actor, object, before, after)
				}
			}
		}
		want := "staff.user.create staff.user.create staff.user.update staff.user.password"
		if strings.Join(got, " ") != want {
			t.Errorf("audit actions: got %v, want %s", got, want)
		}
	})
}

func TestUpdateUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		kelme, raseiniai := mustKelme(t, db), mustRaseiniai(t, db)
		admin := mustUser(t, db, kelme, "ona@kelme.lt", "Ona Petraitienė", actor.RoleAdmin, 0)
		update := func(u *staff.User) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return staff.UpdateUser(ctx, tx, operator, u) })
		}

		t.Run("ErrLastAdmin", func(t *testing.T) {
			u := *admin
			u.Role = actor.RoleLegalPublisher
			var fe web.FieldErrors
			if err := update(&u); !errors.As(err, &fe) || fe.For("role") == nil || fe.For("role").Key != "staff.error.last_admin" {
				t.Errorf("demoting the only administrator: got %v, want staff.error.last_admin on role", err)
			}
			u = *admin
			u.Active = false
			if err := update(&u); !errors.As(err, &fe) || fe.For("active") == nil {
				t.Errorf("deactivating the only administrator: got %v, want staff.error.last_admin on active", err)
			}
		})
		t.Run("OKWithAnotherAdmin", func(t *testing.T) {
			mustUser(t, db, kelme, "petras@kelme.lt", "Petras Petraitis", actor.RoleAdmin, 0)
			u := *admin
			u.Role = actor.RoleReception
			if err := update(&u); err != nil {
				t.Fatal(err)
			}
			got, _ := staff.FindUser(ctx, db, kelme.ID, admin.ID)
			if got.Role != actor.RoleReception || got.Email != "ona@kelme.lt" {
				t.Errorf("after update: %+v", got)
			}
		})
		t.Run("ErrConflictWhenStale", func(t *testing.T) {
			fresh, _ := staff.FindUser(ctx, db, kelme.ID, admin.ID)
			stale := *fresh
			stale.UpdatedAt = fresh.UpdatedAt.Add(-time.Second)
			stale.Name = "Ona Jonaitienė"
			if err := update(&stale); !errors.Is(err, store.ErrConflict) {
				t.Errorf("stale version: got %v, want ErrConflict", err)
			}
			if got, _ := staff.FindUser(ctx, db, kelme.ID, admin.ID); got.Name != "Ona Petraitienė" {
				t.Errorf("stale update wrote the name %q", got.Name)
			}
		})
		t.Run("ErrNotFoundInAnotherInstitution", func(t *testing.T) {
			u := *admin
			u.InstitutionID = raseiniai.ID
			if err := update(&u); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("got %v, want ErrNotFound", err)
			}
			if _, err := staff.FindUser(ctx, db, raseiniai.ID, admin.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("FindUser across institutions: got %v, want ErrNotFound", err)
			}
		})
		t.Run("ErrPasswordShort", func(t *testing.T) {
			err := db.InTx(ctx, func(tx *store.Tx) error {
				return staff.SetPassword(ctx, tx, admin.Actor(), kelme.ID, admin.ID, mustPassword(t, "trumpas"), "")
			})
			var fe web.FieldErrors
			if !errors.As(err, &fe) || fe.For("password") == nil {
				t.Errorf("got %v, want a password error", err)
			}
		})
	})
}

func TestFindUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		kelme, raseiniai := mustKelme(t, db), mustRaseiniai(t, db)
		education := mustDepartment(t, db, kelme, "Švietimo skyrius")
		culture := mustDepartment(t, db, kelme, "Kultūros skyrius")
		mustUser(t, db, kelme, "ona@kelme.lt", "Ona Žukauskienė", actor.RoleAdmin, 0)
		mustUser(t, db, kelme, "jonas@kelme.lt", "Jonas Šimkus", actor.RoleDepartmentEditor, education)
		mustUser(t, db, kelme, "rasa@kelme.lt", "Rasa Čepulė", actor.RoleContributor, education)
		mustUser(t, db, kelme, "lina@kelme.lt", "Lina 100%_tikra", actor.RoleContributor, culture)
		mustUser(t, db, raseiniai, "jonas@raseiniai.lt", "Jonas Šimkus", actor.RoleAdmin, 0)

		names := func(f staff.UserFilter) (string, int) {
			t.Helper()
			f.InstitutionID = kelme.ID
			users, total, err := staff.FindUsers(ctx, db, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, u := range users {
				out = append(out, u.Name)
			}
			return strings.Join(out, ", "), total
		}
		for _, tc := range []struct {
			name   string
			filter staff.UserFilter
			want   string
			total  int
		}{
			{"All", staff.UserFilter{}, "Jonas Šimkus, Lina 100%_tikra, Ona Žukauskienė, Rasa Čepulė", 4},
			{"Role", staff.UserFilter{Role: actor.RoleContributor}, "Lina 100%_tikra, Rasa Čepulė", 2},
			{"Department", staff.UserFilter{DepartmentID: education}, "Jonas Šimkus, Rasa Čepulė", 2},
			{"QueryWithoutAccents", staff.UserFilter{Query: "zukausk"}, "Ona Žukauskienė", 1},
			{"QueryWithAccentsAndCase", staff.UserFilter{Query: "ČEPULĖ"}, "Rasa Čepulė", 1},
			{"QueryEmail", staff.UserFilter{Query: "jonas@"}, "Jonas Šimkus", 1},
			{"QueryWildcardsAreLiteral", staff.UserFilter{Query: "%_"}, "Lina 100%_tikra", 1},
			// The same rows on both databases: PostgreSQL refused a NUL in
			// text, SQLite cut the pattern at it.
			{"QueryControlCharactersIgnored", staff.UserFilter{Query: "žuk\x00ausk\t"}, "Ona Žukauskienė", 1},
			{"QueryOnlyControlCharacters", staff.UserFilter{Query: "\x00"}, "Jonas Šimkus, Lina 100%_tikra, Ona Žukauskienė, Rasa Čepulė", 4},
			{"Page", staff.UserFilter{Offset: 1, Limit: 2}, "Lina 100%_tikra, Ona Žukauskienė", 4},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total := names(tc.filter)
				if got != tc.want || total != tc.total {
					t.Errorf("got %q (%d), want %q (%d)", got, total, tc.want, tc.total)
				}
			})
		}

		t.Run("DepartmentEditors", func(t *testing.T) {
			for _, tc := range []struct {
				dept int64
				want bool
			}{{education, true}, {culture, false}} {
				got, err := staff.DepartmentHasEditor(ctx, db, tc.dept)
				if err != nil || got != tc.want {
					t.Errorf("department %d: got %v, %v; want %v", tc.dept, got, err, tc.want)
				}
			}
			editors, err := staff.DepartmentEditors(ctx, db, education)
			if err != nil || len(editors) != 1 || editors[0].Email != "jonas@kelme.lt" {
				t.Errorf("editors: got %v, %v; want Jonas", editors, err)
			}
		})
	})
}
