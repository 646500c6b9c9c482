package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	known := map[int]string{
		2008: "2008-03-23", 2010: "2010-04-04", 2011: "2011-04-24", 2019: "2019-04-21", 2024: "2024-03-31",
		2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28", 2038: "2038-04-25", 2100: "2100-03-28",
	}
	for y, want := range known {
		if got := Easter(y).String(); got != want {
			t.Errorf("Easter(%d) = %s, want %s", y, got, want)
		}
	}
}

func TestHolidays2026(t *testing.T) {
	want := []string{
		"2026-01-01 Naujųjų metų diena",
		"2026-02-16 Lietuvos valstybės atkūrimo diena",
		"2026-03-11 Lietuvos nepriklausomybės atkūrimo diena",
		"2026-04-05 Velykos",
		"2026-04-06 Antroji Velykų diena",
		"2026-05-01 Tarptautinė darbo diena",
		"2026-05-03 Motinos diena",
		"2026-06-07 Tėvo diena",
		"2026-06-24 Rasos ir Joninių diena",
		"2026-07-06 Valstybės (Lietuvos karaliaus Mindaugo karūnavimo) diena",
		"2026-08-15 Žolinė (Švč. Mergelės Marijos ėmimo į dangų diena)",
		"2026-11-01 Visų šventųjų diena",
		"2026-11-02 Mirusiųjų atminimo (Vėlinių) diena",
		"2026-12-24 Kūčios",
		"2026-12-25 Kalėdos",
		"2026-12-26 Kalėdos (antroji diena)",
	}
	var got []string
	for _, h := range New().Holidays(2026) {
		got = append(got, h.Date.String()+" "+h.Name)
		if h.Extra || h.Basis == "" || h.NameEN == "" {
			t.Errorf("%s: want a public holiday with a basis and an English name, got %+v", h.Date, h)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("holidays of 2026:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Every covered year has the holidays the law gave it that year, on days
// that follow their rules, in date order.
func TestHolidaysEveryYear(t *testing.T) {
	c := New()
	for y := FirstYear; y <= LastYear; y++ {
		hs := c.Holidays(y)
		want := 16
		switch {
		case y < 2011:
			want = 14 // neither Kūčios nor Vėlinės yet
		case y < 2020:
			want = 15 // Kūčios, not yet Vėlinės
		}
		if len(hs) != want {
			t.Errorf("%d: %d holidays, want %d", y, len(hs), want)
		}
		byName := map[string]Date{}
		for i, h := range hs {
			if h.Date.Year != y {
				t.Errorf("%d: holiday %s dated %s", y, h.Name, h.Date)
			}
			if i > 0 && h.Date.Before(hs[i-1].Date) {
				t.Errorf("%d: %s listed after %s", y, h.Date, hs[i-1].Date)
			}
			byName[h.NameEN] = h.Date
		}
		easter := byName["Easter Sunday"]
		if easter.Weekday() != time.Sunday || easter.Before(Date{y, 3, 22}) || easter.After(Date{y, 4, 25}) {
			t.Errorf("%d: Easter on %s (%v)", y, easter, easter.Weekday())
		}
		if m := byName["Easter Monday"]; m != easter.AddDays(1) {
			t.Errorf("%d: Easter Monday on %s, Easter on %s", y, m, easter)
		}
		for name, month := range map[string]time.Month{"Mother's Day": time.May, "Father's Day": time.June} {
			d := byName[name]
			if d.Weekday() != time.Sunday || d.Month != month || d.Day > 7 {
				t.Errorf("%d: %s on %s (%v), want the first Sunday of %v", y, name, d, d.Weekday(), month)
			}
		}
	}
	if hs := c.Holidays(FirstYear - 1); hs != nil {
		t.Errorf("a year before the range has holidays: %v", hs)
	}
	if hs := c.Holidays(LastYear + 1); hs != nil {
		t.Errorf("a year after the range has holidays: %v", hs)
	}
}

// The days added in recent years count only from the year they took effect.
func TestHolidaysIntroduced(t *testing.T) {
	c := New()
	tests := []struct {
		date    string
		holiday bool
	}{
		{"2010-12-24", false}, // Kūčios: from 2011
		{"2011-12-24", true},
		{"2012-12-24", true},
		{"2019-11-02", false}, // Vėlinės: from 2020
		{"2020-11-02", true},
		{"2021-11-02", true},
		{"2019-11-01", true},
	}
	for _, tt := range tests {
		if _, got := c.IsHoliday(MustParseDate(tt.date)); got != tt.holiday {
			t.Errorf("IsHoliday(%s) = %v, want %v", tt.date, got, tt.holiday)
		}
	}
	// 2018-11-02 was a Friday and a working day; 2021-11-02 was a Tuesday
	// and a holiday.
	if !c.IsWorkingDay(MustParseDate("2018-11-02")) || c.IsWorkingDay(MustParseDate("2021-11-02")) {
		t.Error("2 November: a working day in 2018, a holiday in 2021")
	}
}

func TestIsWorkingDay(t *testing.T) {
	c := New()
	tests := []struct {
		date    string
		working bool
	}{
		{"2026-12-23", true},  // Wednesday
		{"2026-12-24", false}, // Kūčios
		{"2026-12-26", false}, // Saturday and Kalėdos
		{"2026-12-27", false}, // Sunday
		{"2026-12-28", true},
		{"2027-01-01", false}, // New Year, a Friday
		{"2027-01-04", true},
		{"2026-04-06", false}, // Easter Monday
		{"2026-04-07", true},
		{"2024-02-29", true},
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(MustParseDate(tt.date)); got != tt.working {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.working)
		}
	}
}

// 1 May 2022 was a Sunday, so also Mother's Day: both are listed, and the
// date answers with both names.
func TestTwoHolidaysOnOneDate(t *testing.T) {
	c := New()
	var may1 []string
	for _, h := range c.Holidays(2022) {
		if h.Date == MustParseDate("2022-05-01") {
			may1 = append(may1, h.Name)
		}
	}
	if len(may1) != 2 {
		t.Fatalf("2022-05-01 listed as %v, want two holidays", may1)
	}
	h, ok := c.IsHoliday(MustParseDate("2022-05-01"))
	if !ok || h.Name != "Tarptautinė darbo diena / Motinos diena" || h.NameEN != "International Workers' Day / Mother's Day" {
		t.Errorf("IsHoliday(2022-05-01) = %+v, %v", h, ok)
	}
}

func TestExtraDays(t *testing.T) {
	extra := Holiday{Date: MustParseDate("2026-12-31"), Name: "Papildoma poilsio diena", Basis: "Vyriausybės nutarimas Nr. 1"}
	c := New(extra, Holiday{Date: MustParseDate("1990-01-02"), Name: "Per anksti"})
	h, ok := c.IsHoliday(extra.Date)
	if !ok || !h.Extra || h.Name != extra.Name || h.Basis != extra.Basis || h.NameIn("en") != extra.Name {
		t.Errorf("IsHoliday(extra) = %+v, %v", h, ok)
	}
	if c.IsWorkingDay(extra.Date) {
		t.Error("an extra non-working day is a working day")
	}
	if !New().IsWorkingDay(extra.Date) {
		t.Error("the extra day leaked into a calendar built without it")
	}
	hs := c.Holidays(2026)
	if last := hs[len(hs)-1]; last.Date != extra.Date || !last.Extra {
		t.Errorf("last holiday of 2026 = %+v, want the extra day", last)
	}
}

func TestParseRulesRejectsMistakes(t *testing.T) {
	bad := map[string]string{
		"not JSON":        `{`,
		"no basis":        `{"holidays": []}`,
		"basis starts":    `{"basis": [{"since": "2017-07-01", "text": "b"}], "holidays": []}`,
		"basis order":     `{"basis": [{"since": "2010-01-01", "text": "b"}, {"since": "2017-07-01", "text": "c"}, {"text": "d"}], "holidays": []}`,
		"basis date":      `{"basis": [{"since": "2017-13-01", "text": "b"}, {"text": "d"}], "holidays": []}`,
		"no such date":    `{"basis": [{"text": "b"}], "holidays": [{"rule": "fixed", "month": 2, "day": 30, "lt": "x", "en": "x"}]}`,
		"no month":        `{"basis": [{"text": "b"}], "holidays": [{"rule": "first-sunday", "month": 13, "lt": "x", "en": "x"}]}`,
		"unknown rule":    `{"basis": [{"text": "b"}], "holidays": [{"rule": "last-friday", "month": 1, "lt": "x", "en": "x"}]}`,
		"no English name": `{"basis": [{"text": "b"}], "holidays": [{"rule": "fixed", "month": 1, "day": 1, "lt": "x"}]}`,
		"until < since":   `{"basis": [{"text": "b"}], "holidays": [{"rule": "fixed", "month": 1, "day": 1, "lt": "x", "en": "x", "since": 2020, "until": 2019}]}`,
		"far from Easter": `{"basis": [{"text": "b"}], "holidays": [{"rule": "easter", "offset": 100, "lt": "x", "en": "x"}]}`,
	}
	for name, data := range bad {
		if _, err := parseRules([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// The Labour Code of 2017 moved the list from article 162 to 123.
	c := New()
	for date, want := range map[string]string{
		"2017-03-11": "Darbo kodekso (2002 m.) 162 straipsnis",
		"2017-07-06": "Darbo kodekso 123 straipsnis",
	} {
		if h, _ := c.IsHoliday(MustParseDate(date)); h.Basis != want {
			t.Errorf("basis of %s = %q, want %q", date, h.Basis, want)
		}
	}
	if Source() == "" {
		t.Error("the shipped data names no source")
	}
}

// A rule abolished by a future law stops applying after its last year.
func TestRuleUntil(t *testing.T) {
	r := rule{Rule: "fixed", Month: 1, Day: 13, Since: 2030, Until: 2031, LT: "x", EN: "x"}
	for y, want := range map[int]bool{2029: false, 2030: true, 2031: true, 2032: false} {
		if _, got := r.in(y); got != want {
			t.Errorf("in(%d) = %v, want %v", y, got, want)
		}
	}
}
