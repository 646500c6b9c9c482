package calendar

import (
	"errors"
	"strings"
	"testing"
)

func TestDue(t *testing.T) {
	tests := []struct {
		name    string
		from    string
		n       int
		unit    Unit
		want    string
		skipped string // "date reason; …", checked when not empty
	}{
		// Working days: the nth working day after the event.
		{"Christmas Eve to Boxing Day", "2026-12-23", 1, WorkingDays, "2026-12-28",
			"2026-12-24 Kūčios; 2026-12-25 Kalėdos; 2026-12-26 Kalėdos (antroji diena); 2026-12-27 sekmadienis"},
		{"two days over Christmas", "2026-12-23", 2, WorkingDays, "2026-12-29", ""},
		{"event on a holiday", "2026-12-24", 1, WorkingDays, "2026-12-28", ""},
		{"Friday to Monday", "2026-01-09", 1, WorkingDays, "2026-01-12", "2026-01-10 šeštadienis; 2026-01-11 sekmadienis"},
		{"event on a Saturday", "2026-01-10", 1, WorkingDays, "2026-01-12", "2026-01-11 sekmadienis"},
		{"a plain week", "2026-01-12", 5, WorkingDays, "2026-01-19", ""},
		{"20 working days", "2026-01-05", 20, WorkingDays, "2026-02-02", ""},
		{"20 working days over 16 February", "2026-02-02", 20, WorkingDays, "2026-03-03", ""},
		{"over the New Year", "2026-12-31", 1, WorkingDays, "2027-01-04",
			"2027-01-01 Naujųjų metų diena; 2027-01-02 šeštadienis; 2027-01-03 sekmadienis"},
		{"New Year on a Saturday", "2027-12-31", 1, WorkingDays, "2028-01-03", ""},
		{"over Easter", "2026-04-02", 2, WorkingDays, "2026-04-07",
			"2026-04-04 šeštadienis; 2026-04-05 Velykos; 2026-04-06 Antroji Velykų diena"},
		{"first day of the range", "2010-01-01", 1, WorkingDays, "2010-01-04", ""},
		{"2010: 24 December still a working day", "2010-12-23", 1, WorkingDays, "2010-12-24", ""},
		{"2012: Kūčios a holiday", "2012-12-21", 1, WorkingDays, "2012-12-27", ""},
		{"2018: 2 November a working day", "2018-10-31", 1, WorkingDays, "2018-11-02", ""},
		{"2021: Vėlinės a holiday", "2021-10-29", 1, WorkingDays, "2021-11-03",
			"2021-10-30 šeštadienis; 2021-10-31 sekmadienis; 2021-11-01 Visų šventųjų diena; 2021-11-02 Mirusiųjų atminimo (Vėlinių) diena"},
		{"29 February counts", "2024-02-28", 1, WorkingDays, "2024-02-29", ""},

		// Calendar days: n days after the event, then the next working day.
		{"ends on a working day", "2026-01-05", 10, CalendarDays, "2026-01-15", "-"},
		{"Saturday before Easter Monday", "2026-03-05", 30, CalendarDays, "2026-04-07",
			"2026-04-04 šeštadienis; 2026-04-05 Velykos; 2026-04-06 Antroji Velykų diena"},
		{"Saturday before Monday 16 February", "2026-01-15", 30, CalendarDays, "2026-02-17",
			"2026-02-14 šeštadienis; 2026-02-15 sekmadienis; 2026-02-16 Lietuvos valstybės atkūrimo diena"},
		{"ends on Kūčios", "2026-12-14", 10, CalendarDays, "2026-12-28", ""},
		{"ends on New Year's Day", "2026-12-02", 30, CalendarDays, "2027-01-04", ""},
		{"event on 29 February", "2024-02-29", 1, CalendarDays, "2024-03-01", "-"},
		{"a leap year's 366 days", "2024-01-01", 366, CalendarDays, "2025-01-02", "2025-01-01 Naujųjų metų diena"},
		{"weekends inside are counted", "2026-01-02", 7, CalendarDays, "2026-01-09", "-"},

		// Months: the same date, or the month's last day; then the next
		// working day.
		{"same date", "2026-03-10", 1, Months, "2026-04-10", "-"},
		{"Sunday before Monday 16 February", "2026-01-15", 1, Months, "2026-02-17",
			"2026-02-15 sekmadienis; 2026-02-16 Lietuvos valstybės atkūrimo diena"},
		{"29 January to 29 February", "2024-01-29", 1, Months, "2024-02-29", "-"},
		{"30 January to 29 February", "2024-01-30", 1, Months, "2024-02-29", "-"},
		{"31 January to 29 February", "2024-01-31", 1, Months, "2024-02-29", "-"},
		{"31 January to 28 February", "2023-01-31", 1, Months, "2023-02-28", "-"},
		{"29 February plus a year", "2024-02-29", 12, Months, "2025-02-28", "-"},
		{"29 February plus a year, a Sunday", "2020-02-29", 12, Months, "2021-03-01", "2021-02-28 sekmadienis"},
		{"month end on a Saturday", "2026-01-31", 1, Months, "2026-03-02", "2026-02-28 šeštadienis; 2026-03-01 sekmadienis"},
		{"31 March to 30 April", "2026-03-31", 1, Months, "2026-04-30", "-"},
		{"31 October to 30 November", "2026-10-31", 1, Months, "2026-11-30", "-"},
		{"Saturday before Monday 16 February", "2025-11-14", 3, Months, "2026-02-17", ""},
		{"over the year end", "2026-11-24", 1, Months, "2026-12-28", ""},
		{"two months of a data-subject request", "2026-10-05", 2, Months, "2026-12-07", "2026-12-05 šeštadienis; 2026-12-06 sekmadienis"},
	}
	c := New()
	for _, tt := range tests {
		t.Run(tt.unit.String()+"/"+tt.name, func(t *testing.T) {
			from := MustParseDate(tt.from)
			got, e, err := c.Due(from, tt.n, tt.unit)
			if err != nil {
				t.Fatalf("Due(%s, %d, %v): %v", tt.from, tt.n, tt.unit, err)
			}
			if got.String() != tt.want {
				t.Errorf("Due(%s, %d, %v) = %s, want %s", tt.from, tt.n, tt.unit, got, tt.want)
			}
			if e.Due != got || e.From != from || e.Start != from.AddDays(1) || e.N != tt.n || e.Unit != tt.unit {
				t.Errorf("explanation does not match the question: %+v", e)
			}
			switch tt.skipped {
			case "":
			case "-":
				if len(e.Skipped) != 0 {
					t.Errorf("skipped %v, want none", e.Skipped)
				}
			default:
				var s []string
				for _, k := range e.Skipped {
					s = append(s, k.Date.String()+" "+k.Reason)
				}
				if got := strings.Join(s, "; "); got != tt.skipped {
					t.Errorf("skipped:\n %s\nwant\n %s", got, tt.skipped)
				}
			}
			if !c.IsWorkingDay(got) {
				t.Errorf("due date %s is not a working day", got)
			}
		})
	}
}

// A non-working day the Government declares lengthens a term that runs
// over it.
func TestDueWithExtraDay(t *testing.T) {
	from := MustParseDate("2026-12-30")
	got, _, err := New().Due(from, 1, WorkingDays)
	if err != nil || got.String() != "2026-12-31" {
		t.Fatalf("without the extra day: %s, %v; want 2026-12-31", got, err)
	}
	c := New(Holiday{Date: MustParseDate("2026-12-31"), Name: "Papildoma poilsio diena", Basis: "Vyriausybės nutarimas"})
	got, e, err := c.Due(from, 1, WorkingDays)
	if err != nil || got.String() != "2027-01-04" {
		t.Fatalf("with the extra day: %s, %v; want 2027-01-04", got, err)
	}
	if first := e.Skipped[0]; first.Date.String() != "2026-12-31" || first.Reason != "Papildoma poilsio diena" {
		t.Errorf("first skipped day = %+v, want the extra day with its name", first)
	}
	// A calendar-day term ending on it moves to the next working day.
	if got, _, _ := c.Due(MustParseDate("2026-12-21"), 10, CalendarDays); got.String() != "2027-01-04" {
		t.Errorf("calendar days ending on the extra day: %s, want 2027-01-04", got)
	}
}

func TestDueErrors(t *testing.T) {
	c := New()
	tests := []struct {
		name string
		from string
		n    int
		unit Unit
		want error
	}{
		{"zero", "2026-01-05", 0, WorkingDays, ErrTermLength},
		{"negative", "2026-01-05", -3, CalendarDays, ErrTermLength},
		{"event before 2010", "2009-12-31", 1, WorkingDays, ErrOutOfRange},
		{"event after 2100", "2101-01-03", 1, CalendarDays, ErrOutOfRange},
		{"working days past 2100", "2100-12-31", 1, WorkingDays, ErrOutOfRange},
		{"last day of the range", "2100-12-30", 1, CalendarDays, nil},
		{"calendar days past 2100", "2100-12-30", 5, CalendarDays, ErrOutOfRange},
		{"months past 2100", "2100-06-01", 7, Months, ErrOutOfRange},
		{"huge working days", "2026-01-05", 1 << 40, WorkingDays, ErrOutOfRange},
		{"huge calendar days", "2026-01-05", 1 << 40, CalendarDays, ErrOutOfRange},
		{"huge months", "2026-01-05", 1 << 40, Months, ErrOutOfRange},
	}
	for _, tt := range tests {
		_, _, err := c.Due(MustParseDate(tt.from), tt.n, tt.unit)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: Due(%s, %d, %v) error = %v, want %v", tt.name, tt.from, tt.n, tt.unit, err, tt.want)
		}
	}
	// A last day moved past the end of 2100 is out of range too.
	last := New(Holiday{Date: MustParseDate("2100-12-31"), Name: "Papildoma poilsio diena"})
	if _, _, err := last.Due(MustParseDate("2100-12-30"), 1, CalendarDays); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("a last day moved into 2101: error = %v, want ErrOutOfRange", err)
	}
	if _, _, err := c.Due(MustParseDate("2026-01-05"), 1, Unit(0)); err == nil {
		t.Error("a term with no unit was accepted")
	}
}

func TestParseUnit(t *testing.T) {
	for _, u := range []Unit{WorkingDays, CalendarDays, Months} {
		got, err := ParseUnit(u.String())
		if err != nil || got != u {
			t.Errorf("ParseUnit(%q) = %v, %v", u.String(), got, err)
		}
	}
	for _, s := range []string{"", "days", "Working-Days", "working_days", "month"} {
		if _, err := ParseUnit(s); err == nil {
			t.Errorf("ParseUnit(%q) accepted", s)
		}
	}
}
