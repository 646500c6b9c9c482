package calendar

import (
	"testing"
	"time"
	_ "time/tzdata" // as the program has it: Europe/Vilnius on any machine
)

func TestParseDate(t *testing.T) {
	valid := []string{"2026-12-23", "2024-02-29", "2010-01-01", "2100-12-31", "0001-01-01", "9999-12-31"}
	for _, s := range valid {
		d, err := ParseDate(s)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", s, err)
			continue
		}
		if got := d.String(); got != s {
			t.Errorf("ParseDate(%q).String() = %q", s, got)
		}
	}
	invalid := []string{
		"", "2026-1-5", "2026-01-5", "26-01-05", "2026/01/05", "2026-01-05 ", " 2026-01-05", "2026-01-05T00:00",
		"2025-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01",
		"２０２６-01-05", "+026-01-05", "2026-+1-05", "2026-01--5", "abcd-ef-gh",
	}
	for _, s := range invalid {
		if d, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", s, d)
		}
	}
}

func TestAddDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-31", 1, "2027-01-01"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2025-02-28", 1, "2025-03-01"},
		{"2026-03-28", 2, "2026-03-30"}, // across the switch to summer time
		{"2026-01-01", -1, "2025-12-31"},
		{"2026-01-01", 365, "2027-01-01"},
	}
	for _, tt := range tests {
		if got := MustParseDate(tt.from).AddDays(tt.n).String(); got != tt.want {
			t.Errorf("%s + %d days = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

// A term in months ends on the same date, or on the month's last day when
// there is no such date (Civil Code art. 1.119).
func TestAddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-15", 1, "2026-02-15"},
		{"2024-01-29", 1, "2024-02-29"},
		{"2024-01-30", 1, "2024-02-29"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2026-03-31", 1, "2026-04-30"},
		{"2026-08-31", 1, "2026-09-30"},
		{"2026-10-31", 2, "2026-12-31"},
		{"2026-11-30", 2, "2027-01-30"},
		{"2026-12-15", 1, "2027-01-15"},
		{"2026-01-31", 13, "2027-02-28"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-01-15", -13, "2024-12-15"},
	}
	for _, tt := range tests {
		if got := MustParseDate(tt.from).AddMonths(tt.n).String(); got != tt.want {
			t.Errorf("%s + %d months = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestDateOf(t *testing.T) {
	vilnius, err := time.LoadLocation("Europe/Vilnius")
	if err != nil {
		t.Fatal(err)
	}
	// 22:30 UTC on New Year's Eve is already New Year's Day in Vilnius.
	at := time.Date(2026, 12, 31, 22, 30, 0, 0, time.UTC)
	if got := DateOf(at, vilnius).String(); got != "2027-01-01" {
		t.Errorf("DateOf in Vilnius = %s, want 2027-01-01", got)
	}
	if got := DateOf(at, time.UTC).String(); got != "2026-12-31" {
		t.Errorf("DateOf in UTC = %s, want 2026-12-31", got)
	}
	start := MustParseDate("2027-01-01").Start(vilnius)
	if want := time.Date(2026, 12, 31, 22, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Errorf("Start = %v, want %v", start.UTC(), want)
	}
	if got := DateOf(start, vilnius).String(); got != "2027-01-01" {
		t.Errorf("DateOf(Start) = %s", got)
	}
}

func TestCompareAndWeekday(t *testing.T) {
	a, b := MustParseDate("2026-12-23"), MustParseDate("2026-12-28")
	if !a.Before(b) || a.After(b) || b.Before(a) || !b.After(a) || a.Equal(b) || !a.Equal(MustParseDate("2026-12-23")) {
		t.Error("ordering of 2026-12-23 and 2026-12-28 is wrong")
	}
	if got := a.DaysUntil(b); got != 5 {
		t.Errorf("DaysUntil = %d, want 5", got)
	}
	if got := b.Weekday(); got != time.Monday {
		t.Errorf("2026-12-28 is a %v, want Monday", got)
	}
	if MustParseDate("2025-12-31").Compare(MustParseDate("2026-01-01")) != -1 {
		t.Error("2025-12-31 should come before 2026-01-01")
	}
}
