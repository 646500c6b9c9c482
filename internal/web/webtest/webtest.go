// Package webtest holds the assertions handler tests share about pages.
package webtest

import (
	"strings"
	"testing"
)

// MustContain fails the test for every wanted text the page lacks.
func MustContain(t testing.TB, body string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
}

// MustNotContain fails the test for every unwanted text the page shows.
func MustNotContain(t testing.TB, body string, unwanted ...string) {
	t.Helper()
	for _, s := range unwanted {
		if strings.Contains(body, s) {
			t.Errorf("page shows %q", s)
		}
	}
}
