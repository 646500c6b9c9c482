package i18n

import "testing"

// Every Lithuanian message has an English one and vice versa, so switching
// the language never shows a raw key.
func TestCataloguesMatch(t *testing.T) {
	for _, k := range Keys(LT) {
		if !Has(EN, k) {
			t.Errorf("key %q has no English message", k)
		}
	}
	for _, k := range Keys(EN) {
		if !Has(LT, k) {
			t.Errorf("key %q has no Lithuanian message", k)
		}
	}
}

func TestT(t *testing.T) {
	if got := T(EN, "web.skip_link"); got != "Skip to main content" {
		t.Errorf("English skip link: got %q", got)
	}
	if got := T(LT, "web.page_of", 2, 5); got != "Puslapis 2 iš 5" {
		t.Errorf("formatted: got %q", got)
	}
	if got := T("xx", "web.skip_link"); got != "Pereiti prie turinio" {
		t.Errorf("unknown language falls back to Lithuanian: got %q", got)
	}
}
