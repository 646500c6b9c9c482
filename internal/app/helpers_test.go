package app_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/url"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// each runs fn on the real application on each database.
func each(t *testing.T, fn func(t *testing.T, e *apptest.Env), configure ...func(*config.Config)) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) { fn(t, apptest.New(t, d, configure...)) })
	}
}

// with returns a copy of form with field set to value.
func with(form url.Values, field, value string) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = v
	}
	out.Set(field, value)
	return out
}

// multipartForm encodes form as multipart/form-data.
func multipartForm(t *testing.T, form url.Values) (contentType string, body []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), buf.Bytes()
}

func count(t *testing.T, e *apptest.Env, table string) int {
	t.Helper()
	var n int
	if err := e.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// sectionID is a section of the test institution, as a form sends it.
func sectionID(t *testing.T, e *apptest.Env) string {
	t.Helper()
	var id string
	if err := e.DB.QueryRowContext(context.Background(), `SELECT CAST(MIN(id) AS TEXT) FROM sections WHERE institution_id = ?`, e.In.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
