package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
)

// TestResetLinkLeadsToTheInstitutionsSite (X-04, DSR-17): a reset link
// asked for on another institution's host leads to that institution's
// configured address, port included, whatever Host header the request
// carried.
func TestResetLinkLeadsToTheInstitutionsSite(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Visitor()
		c.Host = "kita.example"
		c.Header = http.Header{"X-Forwarded-Host": {"evil.example"}}
		if res := c.Post("/admin/password/forgot", url.Values{"email": {e.Users["otherAdmin"].Email}}); res.Status != http.StatusSeeOther && res.Status != http.StatusOK {
			t.Fatalf("asking for a reset link: status %d", res.Status)
		}
		var text string
		if err := e.DB.QueryRowContext(context.Background(),
			`SELECT text_body FROM outbox_messages WHERE kind = 'staff.password_reset'`).Scan(&text); err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(e.Server.URL)
		want := "http://kita.example:" + u.Port() + "/admin/password/reset/"
		if !strings.Contains(text, want) {
			t.Errorf("the reset email does not link to %s:\n%s", want, text)
		}
	})
}
