package app_test

import (
	"net/http"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/config"
)

// TestCookiesSecureUnderHTTPS: when the site is served over https (TLS
// ending at a proxy), the language cookie is Secure like the session
// cookie, so no plain-http request ever carries it (EPS-16 lists it).
func TestCookiesSecureUnderHTTPS(t *testing.T) {
	for base, want := range map[string]bool{"https://www.pirmoji.lt": true, "http://www.pirmoji.lt": false} {
		t.Run(base, func(t *testing.T) {
			each(t, func(t *testing.T, e *apptest.Env) {
				c := cookie(e.Visitor().Get("/kalba/en?grizti=/"), "sv_lang")
				if c == nil || c.Secure != want {
					t.Errorf("language cookie %+v, want Secure %v", c, want)
				}
			}, func(c *config.Config) { c.BaseURL = base })
		})
	}
}

func cookie(res apptest.Response, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
