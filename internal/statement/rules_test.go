package statement

import (
	"testing"

	"github.com/savivalda/savivalda/internal/calendar"
)

func TestNormalizeCriteria(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"1.1.1", "1.1.1", true},
		{"1.3.1,4.1.2", "1.3.1, 4.1.2", true},
		{" 1.4.3 ; 1.4.11 ", "1.4.3, 1.4.11", true},
		{"1.1", "", false},
		{"5.1.1", "", false},
		{"1.1.1a", "", false},
		{"WCAG 1.1.1", "", false},
	} {
		got, ok := normalizeCriteria(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("normalizeCriteria(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestTextIn(t *testing.T) {
	both, onlyLT := Text{LT: "Sveiki", EN: "Hello"}, Text{LT: "Sveiki"}
	for _, tc := range []struct {
		t        Text
		lang     string
		want     string
		fallback bool
	}{
		{both, "lt", "Sveiki", false},
		{both, "en", "Hello", false},
		{onlyLT, "en", "Sveiki", true},
		{onlyLT, "lt", "Sveiki", false},
	} {
		got, fb := tc.t.In(tc.lang)
		if got != tc.want || fb != tc.fallback {
			t.Errorf("%+v in %s = %q, %v; want %q, %v", tc.t, tc.lang, got, fb, tc.want, tc.fallback)
		}
	}
}

// Stale: more than 12 months since the review. On the anniversary the
// review is due, not yet late.
func TestStale(t *testing.T) {
	st := &Statement{Stored: true, ReviewedOn: calendar.MustParseDate("2025-02-28")}
	for _, tc := range []struct {
		today string
		want  bool
	}{
		{"2026-01-15", false},
		{"2026-02-28", false},
		{"2026-03-01", true},
		{"2026-04-01", true},
	} {
		if got := st.Stale(calendar.MustParseDate(tc.today)); got != tc.want {
			t.Errorf("reviewed 2025-02-28, on %s: stale %v, want %v", tc.today, got, tc.want)
		}
	}
	if (&Statement{ReviewedOn: calendar.MustParseDate("2020-01-01")}).Stale(calendar.MustParseDate("2026-01-01")) {
		t.Error("a statement never saved counts as stale")
	}
}

// Every rule with a Lithuanian title is a WCAG rule the check runs; a typo
// would leave its drafts with English help text only.
func TestRuleTitlesAreCheckedRules(t *testing.T) {
	for rule := range ruleTitles {
		if ruleCriteria[rule] == "" {
			t.Errorf("ruleTitles has %q, which tests no WCAG criterion", rule)
		}
	}
}
