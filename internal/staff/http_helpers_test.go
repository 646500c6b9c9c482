package staff_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app"
	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/store"
)

// site is the real application on a test database, driven like a browser
// that keeps no cookies of its own: each request names the cookie it sends.
type site struct {
	t *testing.T
	h http.Handler
}

// newSite builds the app once the test's institutions and users exist (the
// registry reads institutions at start).
func newSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	cfg := &config.Config{Addr: "localhost:0", BaseURL: "http://kelme.lt", DB: db.Source(), DataDir: t.TempDir()}
	a, err := app.New(context.Background(), cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	return &site{t: t, h: a.Handler()}
}

func (s *site) do(method, host, path string, form url.Values, cookie *http.Cookie) *httptest.ResponseRecorder {
	s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, "http://"+host+path, body)
	r.RemoteAddr = "192.0.2.10:51234"
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != nil {
		r.AddCookie(cookie)
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return w
}

func (s *site) get(host, path string, cookie *http.Cookie) *httptest.ResponseRecorder {
	return s.do(http.MethodGet, host, path, nil, cookie)
}

func (s *site) post(host, path string, form url.Values, cookie *http.Cookie) *httptest.ResponseRecorder {
	return s.do(http.MethodPost, host, path, form, cookie)
}

// login logs in and returns the session cookie.
func (s *site) login(host, email, password string) *http.Cookie {
	s.t.Helper()
	w := s.post(host, "/admin/login", url.Values{"email": {email}, "password": {password}}, nil)
	c := sessionCookie(w)
	if w.Code != http.StatusSeeOther || c == nil {
		s.t.Fatalf("login %s: status %d, cookie %v; body %s", email, w.Code, c, w.Body)
	}
	return c
}

func sessionCookie(w *httptest.ResponseRecorder) *http.Cookie {
	for _, c := range w.Result().Cookies() {
		if c.Name == "sv_session" && c.MaxAge >= 0 && c.Value != "" {
			return c
		}
	}
	return nil
}

func wantRedirect(t *testing.T, w *httptest.ResponseRecorder, location string) {
	t.Helper()
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != location {
		t.Errorf("got %d to %q, want 303 to %q", w.Code, w.Header().Get("Location"), location)
	}
}

func wantBody(t *testing.T, w *httptest.ResponseRecorder, status int, contains []string, lacks []string) {
	t.Helper()
	if w.Code != status {
		t.Errorf("status: got %d, want %d", w.Code, status)
	}
	body := w.Body.String()
	for _, s := range contains {
		if !strings.Contains(body, s) {
			t.Errorf("body lacks %q", s)
		}
	}
	for _, s := range lacks {
		if strings.Contains(body, s) {
			t.Errorf("body contains %q", s)
		}
	}
}
