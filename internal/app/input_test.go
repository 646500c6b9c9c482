package app_test

import (
	"bytes"
	"mime/multipart"
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

		// A bad query name is refused like a bad value, and a refusal in
		// the staff area keeps the staff menu and the logout.
		if res := admin.Get("/admin/users?%00=1"); res.Status != http.StatusBadRequest ||
			!strings.Contains(res.Body, `action="/admin/logout"`) || !strings.Contains(res.Body, `href="/admin/terminai"`) {
			t.Errorf("a bad query name in the staff area: status %d, or the staff menu is gone", res.Status)
		}
		// A page number no list has is the first page, not a database error.
		for _, path := range []string{"/archyvas?puslapis=461168601842738792", "/admin/users?puslapis=99999999999999999"} {
			c := visitor
			if strings.HasPrefix(path, "/admin") {
				c = admin
			}
			if res := c.Get(path); res.Status != http.StatusOK {
				t.Errorf("GET %s: status %d, want 200", path, res.Status)
			}
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

// TestLargeUploadStreams: a file over the whole body's cap is still read
// by its handler as a stream, which stops at its own limit and shows the
// form with what is wrong, instead of the text-input check holding the
// whole body in memory and answering a bare 413 page.
func TestLargeUploadStreams(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, err := mw.CreateFormFile("coat_of_arms", "herbas.png")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 3<<20)...)); err != nil {
			t.Fatal(err)
		}
		if err := mw.Close(); err != nil {
			t.Fatal(err)
		}
		res := e.Login("admin").PostBody("/admin/institution/coat-of-arms", mw.FormDataContentType(), buf.Bytes())
		if res.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("a 3 MiB coat of arms: status %d, want 413", res.Status)
		}
		webtest.MustContain(t, res.Body, "Failas per didelis", `href="#f-coat_of_arms"`, `action="/admin/logout"`)
	})
}
