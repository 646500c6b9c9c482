package audit

import (
	"strings"
	"testing"
)

// The audit trail writes a deadline's term in the reader's words, not as the
// stored code (issue: durations in the interface language).
func TestSnapshotTermsInWords(t *testing.T) {
	stored := `{"due":"2026-12-28","rule":"3 working-days","title":"<b>1 months</b>"}`
	for lang, want := range map[string]string{"lt": `"rule": "3 darbo dienos"`, "en": `"rule": "3 working days"`} {
		got := readableJSON(lang, stored)
		if !strings.Contains(got, want) || strings.Contains(got, "working-days") {
			t.Errorf("%s: %s, want %s", lang, got, want)
		}
		if !strings.Contains(got, `"title": "<b>1 months</b>"`) {
			t.Errorf("%s: other values must stay as stored: %s", lang, got)
		}
	}
	for n, want := range map[string]string{"1 months": "1 mėnuo", "21 calendar-days": "21 kalendorinė diena", "12 working-days": "12 darbo dienų"} {
		if got := readableJSON("lt", `{"rule":"`+n+`"}`); !strings.Contains(got, want) {
			t.Errorf("%s: %s, want %s", n, got, want)
		}
	}
	if got := readableJSON("lt", "not json"); got != "not json" {
		t.Errorf("not JSON: %q", got)
	}
}
