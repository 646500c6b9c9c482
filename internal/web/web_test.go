package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/store"
)

func TestSecurityHeaders(t *testing.T) {
	for _, https := range []bool{false, true} {
		rec := httptest.NewRecorder()
		SecurityHeaders(https, http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		h := rec.Header()
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("CSP %q", csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("headers %v", h)
		}
		if got := h.Get("Strict-Transport-Security") != ""; got != https {
			t.Errorf("HSTS sent %v behind https %v", got, https)
		}
	}
}

func TestLanguageSwitchStaysOnSite(t *testing.T) {
	for back, want := range map[string]string{
		"/archyvas": "/archyvas", "//evil.example": "/", "https://evil.example": "/", "/\\evil.example": "/", "": "/",
		"/\t/evil.example": "/", "/\n/evil.example": "/", "/\r/evil.example": "/", " //evil.example": "/", "/%09/x": "/%09/x",
		"/archyvas?puslapis=2": "/archyvas?puslapis=2",
	} {
		req := httptest.NewRequest("GET", "/kalba/en?grizti="+url.QueryEscape(back), nil)
		req.SetPathValue("lang", "en")
		rec := httptest.NewRecorder()
		HandleLanguage(rec, req)
		if loc := rec.Header().Get("Location"); loc != want {
			t.Errorf("back %q: redirected to %q, want %q", back, loc, want)
		}
		if c := rec.Result().Cookies(); len(c) != 1 || c[0].Value != "en" || !c[0].HttpOnly {
			t.Errorf("language cookie %v", c)
		}
	}
}

// TestErrorPages: people get a page in their language with a status that
// matches; internal details never reach them.
func TestErrorPages(t *testing.T) {
	rd := NewRenderer()
	tests := []struct {
		err    error
		lang   string
		status int
		text   string
	}{
		{store.ErrNotFound, "lt", 404, "Puslapis nerastas"},
		{store.ErrNotFound, "en", 404, "Page not found"},
		{ErrForbidden, "lt", 403, "Prieiga draudžiama"},
		{store.ErrConflict, "lt", 409, "Duomenys jau pasikeitė"},
		{errSecret, "lt", 500, "Įvyko vidinė klaida"},
		{ErrBadAddress, "lt", 400, "Adrese yra ženklų, kurių jame negali būti"},
		{ErrBadText, "en", 422, "The text you entered contains characters that cannot be saved"},
		{fmt.Errorf("read form: %w", &http.MaxBytesError{Limit: 2 << 20}), "lt", 413, "ne didesnė kaip 2 MiB"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest("GET", "/x", nil)
		req.AddCookie(&http.Cookie{Name: LangCookie, Value: tt.lang})
		rec := httptest.NewRecorder()
		rd.Error(rec, req, tt.err)
		body := rec.Body.String()
		if rec.Code != tt.status || !strings.Contains(body, tt.text) || strings.Contains(body, "pq: secret") {
			t.Errorf("%v (%s): %d, body has %q: %v", tt.err, tt.lang, rec.Code, tt.text, strings.Contains(body, tt.text))
		}
	}
}

var errSecret = &secretErr{}

type secretErr struct{}

func (*secretErr) Error() string { return "pq: secret table users" }

func TestFieldErrors(t *testing.T) {
	var fe FieldErrors
	if fe.Err() != nil {
		t.Error("no failures must be a nil error")
	}
	fe.Add("title", "site.error.title_required")
	fe.Add("title", "site.error.title_too_long")
	if fe.Err() == nil || fe.For("title").Key != "site.error.title_required" || fe.For("body") != nil {
		t.Errorf("FieldErrors %v", fe)
	}
	p := &Page{Lang: "lt", Errors: fe}
	f := newField(p, "title", "Tekstas", "site.field.title", "hint=site.hint.title")
	if f.ID != "f-title" || f.DescribedBy() != "f-title-hint f-title-error" || f.Error == "" || f.Value != "Tekstas" {
		t.Errorf("field %+v", f)
	}
	if got := p.Message(FieldError{Key: "web.page_of", Args: []any{2, 5}}); got != "Puslapis 2 iš 5" {
		t.Errorf("message with arguments: %q", got)
	}
}

// TestTrustedProxies: behind a known load balancer the client is the
// address the balancer saw; anyone else's X-Forwarded-For is ignored.
func TestTrustedProxies(t *testing.T) {
	lb := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24")}
	var got string
	h := TrustedProxies(lb, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = ClientAddr(r) }))
	tests := []struct{ remote, xff, want string }{
		{"10.0.0.5:4000", "203.0.113.9", "203.0.113.9"},
		{"10.0.0.5:4000", "198.51.100.1, 203.0.113.9, 10.0.0.7", "203.0.113.9"}, // a spoofed first hop is not believed
		{"192.0.2.50:4000", "203.0.113.9", "192.0.2.50"},                        // not through the balancer
		{"10.0.0.5:4000", "", "10.0.0.5"},
		{"10.0.0.5:4000", "not-an-address", "10.0.0.5"},
		{"10.0.0.5:4000", "2001:db8:1:2::5", "2001:db8:1:2::/64"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != tt.want {
			t.Errorf("from %s with X-Forwarded-For %q: client %q, want %q", tt.remote, tt.xff, got, tt.want)
		}
	}
}

// TestFlashCookieSecureUnderHTTPS: the flash cookie, set and cleared, is
// Secure when the site is served over https, even with TLS ending at a
// proxy.
func TestFlashCookieSecureUnderHTTPS(t *testing.T) {
	for _, https := range []bool{false, true} {
		h := ServedOverHTTPS(https, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				SetFlash(w, r, "web.error.not_found.title")
				return
			}
			TakeFlash(w, r)
		}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
		req := httptest.NewRequest("GET", "/", nil)
		req.AddCookie(&http.Cookie{Name: flashCookie, Value: "web.error.not_found.title"})
		rec2 := httptest.NewRecorder()
		h.ServeHTTP(rec2, req)
		for _, res := range []*httptest.ResponseRecorder{rec, rec2} {
			if c := res.Result().Cookies(); len(c) != 1 || c[0].Secure != https {
				t.Errorf("https %v: flash cookies %v", https, c)
			}
		}
	}
}
