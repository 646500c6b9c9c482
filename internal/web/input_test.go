package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestValidText(t *testing.T) {
	for s, want := range map[string][2]bool{ // form, address
		"Šilagiris ąčęėįšųūž „x“ – 😀": {true, true}, "": {true, true},
		"eilutė\r\nkita\tstulpelis": {true, false}, "a\x00b": {false, false}, "a\xffb": {false, false},
		"\xc0\xaf": {false, false}, "a\x1bb": {false, false}, "a\x7fb": {false, false}, "a\u0085b": {false, false},
		"\uFFFD": {true, true}, // the replacement character itself is text
	} {
		if got := [2]bool{ValidFormText(s), ValidAddressText(s)}; got != want {
			t.Errorf("%q: form %v, address %v; want %v", s, got[0], got[1], want)
		}
	}
}

// FuzzCheckInput: whatever a request carries in its path, query and form
// body (urlencoded or multipart), a handler behind CheckInput sees only
// acceptable text, and sees acceptable text exactly as it was sent.
func FuzzCheckInput(f *testing.F) {
	for _, s := range []string{"Šilagiris", "a\x00b", "a\xffb", "eilutė\r\nkita", "a\tb", "\u0085", "%00", "a=b&c"} {
		f.Add(s, s, s, false)
		f.Add(s, s, s, true)
	}
	rd := NewRenderer()
	f.Fuzz(func(t *testing.T, path, query, field string, multi bool) {
		target := "/" + url.PathEscape(path) + "?q=" + url.QueryEscape(query)
		ct, body := "application/x-www-form-urlencoded", []byte(url.Values{"laukas": {field}}.Encode())
		if multi {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			_ = mw.WriteField("laukas", field)
			_ = mw.Close()
			ct, body = mw.FormDataContentType(), buf.Bytes()
		}
		req := httptest.NewRequest("POST", target, bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		ran := false
		h := rd.CheckInput(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ran = true
			if r.URL.Path != "/"+path || r.URL.Query().Get("q") != query || r.PostFormValue("laukas") != field {
				t.Fatalf("handler saw path %q, q %q, field %q; sent %q, %q, %q", r.URL.Path, r.URL.Query().Get("q"), r.PostFormValue("laukas"), path, query, field)
			}
		}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		address, form := acceptable(path, false) && acceptable(query, false), acceptable(field, true)
		switch {
		case address && form && !ran:
			t.Fatalf("acceptable text refused with %d: path %q, q %q, field %q", rec.Code, path, query, field)
		case !address && (ran || rec.Code != http.StatusBadRequest):
			t.Fatalf("path %q or q %q: handler ran %v, status %d; want 400", path, query, ran, rec.Code)
		case address && !form && (ran || rec.Code != http.StatusUnprocessableEntity):
			t.Fatalf("field %q: handler ran %v, status %d; want 422", field, ran, rec.Code)
		}
	})
}

// acceptable restates the rule for the fuzz test: valid UTF-8, and no
// control character but, in a form field, tab, line feed and carriage
// return.
func acceptable(s string, form bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && !(form && strings.ContainsRune("\t\n\r", r))
	})
}
