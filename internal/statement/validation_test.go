package statement_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestContactAndDateErrorsSayWhat: the statement's contact phone must be a
// phone number, a name has a limit, and a date error names its date
// (WEB-34).
func TestContactAndDateErrorsSayWhat(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		bad := validForm()
		bad.Set("feedback_phone", "skambinkite")
		bad.Set("feedback_name", strings.Repeat("Ž", 300))
		bad.Set("prepared_on", "2026-02-30")
		res := e.Login("admin").Post("/admin/prieinamumas", bad)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.Status)
		}
		contains(t, "the form", res.Body, `href="#f-feedback_phone"`, "Telefono numeris neteisingas",
			`href="#f-feedback_name"`, "sutrumpinkite iki 200 simbolių", "Parengimo data neteisinga")
	})
}
