package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/web/webtest"
)

// Titles of the error pages for refused input.
const (
	badAddress = "Netinkamas adresas"
	badText    = "Formoje yra netinkamų ženklų"
	tooLarge   = "Per daug duomenų"
)

// TestTextInput: a NUL, another control character or invalid UTF-8 in a
// path, a query value or a form field (urlencoded or multipart), on a public
// or a staff route, gets a Lithuanian error page with 400 (address) or 422
// (form) and stores nothing; on PostgreSQL it used to reach the database
// and fail with 500.
func TestTextInput(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		visitor, admin := e.Visitor(), e.Login("admin")
		for _, tt := range []struct {
			c    *apptest.Client
			path string
		}{
			{visitor, "/%00"}, {visitor, "/struktura-ir-kontaktai%00"}, {visitor, "/%FF"}, {visitor, "/kalba/en%0A"},
			{visitor, "/?q=%00"}, {visitor, "/archyvas?puslapis=1%00"}, {visitor, "/prieinamumas/atsiliepimas?puslapis=%C0%AF"},
			{admin, "/admin/users/%00"}, {admin, "/admin/users?q=%00"}, {admin, "/admin/users?q=a%09b"}, {admin, "/admin/audit?actor=%FF"},
		} {
			res := tt.c.Get(tt.path)
			if res.Status != http.StatusBadRequest {
				t.Errorf("GET %s: status %d, want 400", tt.path, res.Status)
			}
			webtest.MustContain(t, res.Body, badAddress)
		}

		feedback := url.Values{"kind": {"problem"}, "description": {"Lentelė neturi antraščių."}, "name": {"Ona Kazlauskienė"}, "email": {"ona@example.lt"}}
		page := url.Values{"title": {"Kelių remontas"}, "section_id": {sectionID(t, e)}, "body": {"Tekstas."}, "responsible_name": {"Jonas"},
			"responsible_phone": {"(8 5) 200 0000"}, "responsible_email": {"jonas@savivaldybe.lt"}, "term_end": {"2099-01-01"}}
		for _, tt := range []struct {
			c           *apptest.Client
			path, field string
			form        url.Values
		}{
			{visitor, "/prieinamumas/atsiliepimas", "description", feedback}, {visitor, "/admin/login", "email", url.Values{"password": {"x"}}},
			{admin, "/admin/pages", "title", page},
		} {
			for _, bad := range []string{"a\x00b", "a\xffb", "a\x1bb", "a\u0085b"} {
				form := with(tt.form, tt.field, bad)
				ct, body := multipartForm(t, form)
				for kind, res := range map[string]apptest.Response{"urlencoded": tt.c.Post(tt.path, form), "multipart": tt.c.PostBody(tt.path, ct, body)} {
					if res.Status != http.StatusUnprocessableEntity {
						t.Errorf("POST %s, %s %s=%q: status %d, want 422", tt.path, kind, tt.field, bad, res.Status)
					}
					webtest.MustContain(t, res.Body, badText)
				}
			}
		}
		if n := count(t, e, "feedback_items") + count(t, e, "pages"); n != 0 {
			t.Errorf("refused forms stored %d rows", n)
		}

		// Tabs and line breaks are text people type.
		if res := visitor.Post("/prieinamumas/atsiliepimas", with(feedback, "description", "Eilutė\r\nKita\teilutė")); res.Status != http.StatusSeeOther {
			t.Errorf("a description with a line break: status %d, want 303\n%s", res.Status, res.Body)
		}
		if ct, body := multipartForm(t, page); admin.PostBody("/admin/pages", ct, body).Status != http.StatusSeeOther {
			t.Error("a valid multipart page form was not saved")
		}
	})
}

// TestBodyTooLarge: a form over the 2 MiB cap gets 413 and a page saying
// so, on a public and a staff route, urlencoded or multipart.
func TestBodyTooLarge(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		big := url.Values{"title": {strings.Repeat("ą", 3<<19)}, "email": {"a@b.lt"}}
		for _, tt := range []struct {
			c    *apptest.Client
			path string
		}{{e.Visitor(), "/admin/login"}, {e.Visitor(), "/prieinamumas/atsiliepimas"}, {e.Login("admin"), "/admin/pages"}} {
			ct, body := multipartForm(t, big)
			for kind, res := range map[string]apptest.Response{"urlencoded": tt.c.Post(tt.path, big), "multipart": tt.c.PostBody(tt.path, ct, body)} {
				if res.Status != http.StatusRequestEntityTooLarge {
					t.Errorf("POST %s, %s 3 MiB: status %d, want 413", tt.path, kind, res.Status)
				}
				webtest.MustContain(t, res.Body, tooLarge, "2 MiB")
			}
		}
	})
}
