package calendar

import (
	"errors"
	"testing"
)

// FuzzDue checks the rules' properties for any event in range, any length
// and any unit: the due date is a working day after the event; a
// working-day term has exactly n working days from the first counted day to
// the due date; a calendar-day or month term ends on its nominal last day
// or on the first working day after it; and the explanation lists exactly
// the non-working days it passed.
func FuzzDue(f *testing.F) {
	f.Add(uint16(6200), uint16(1), uint8(0)) // 2026-12-23, 1 working day
	f.Add(uint16(5143), uint16(1), uint8(2)) // 2024-01-31, 1 month
	f.Add(uint16(0), uint16(400), uint8(1))
	f.Add(uint16(33200), uint16(65535), uint8(0)) // near the end of 2100
	c := New(Holiday{Date: MustParseDate("2026-12-31"), Name: "Papildoma poilsio diena"})
	first, last := Date{FirstYear, 1, 1}, Date{LastYear, 12, 31}
	span := first.DaysUntil(last) + 1
	f.Fuzz(func(t *testing.T, offset, length uint16, unitByte uint8) {
		from := first.AddDays(int(offset) % span)
		n := int(length)%1200 + 1
		unit := []Unit{WorkingDays, CalendarDays, Months}[int(unitByte)%3]
		due, e, err := c.Due(from, n, unit)
		if err != nil {
			if !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("Due(%s, %d, %v): %v", from, n, unit, err)
			}
			return
		}
		if !c.IsWorkingDay(due) || !due.After(from) || !InRange(due) {
			t.Fatalf("Due(%s, %d, %v) = %s: want a working day after the event, in range", from, n, unit, due)
		}
		if e.Due != due || e.From != from || e.Start != from.AddDays(1) {
			t.Fatalf("explanation %+v does not match", e)
		}
		switch unit {
		case WorkingDays:
			working := 0
			for d := e.Start; !d.After(due); d = d.AddDays(1) {
				if c.IsWorkingDay(d) {
					working++
				}
			}
			if working != n {
				t.Fatalf("Due(%s, %d working days) = %s, which is %d working days on", from, n, due, working)
			}
			checkSkipped(t, c, e, e.Start, due)
		default:
			nominal := from.AddDays(n)
			if unit == Months {
				nominal = from.AddMonths(n)
			}
			if e.Nominal != nominal {
				t.Fatalf("nominal last day %s, want %s", e.Nominal, nominal)
			}
			checkSkipped(t, c, e, nominal, due)
		}
	})
}

// checkSkipped asserts that e.Skipped is, in order, every non-working day
// from start up to (not including) due.
func checkSkipped(t *testing.T, c *Calendar, e Explanation, start, due Date) {
	t.Helper()
	i := 0
	for d := start; d.Before(due); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			if e.Unit != WorkingDays {
				t.Fatalf("%s is a working day before the due date %s, yet the term was moved past it", d, due)
			}
			continue
		}
		if i >= len(e.Skipped) || e.Skipped[i].Date != d || e.Skipped[i].Reason == "" {
			t.Fatalf("non-working day %s missing from the explanation's skipped days %v", d, e.Skipped)
		}
		i++
	}
	if i != len(e.Skipped) {
		t.Fatalf("explanation lists %d skipped days, want %d: %v", len(e.Skipped), i, e.Skipped)
	}
}

// FuzzParseDate: whatever is typed, ParseDate never panics, and a date it
// accepts is written back exactly as typed.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-23", "2024-02-29", "2025-02-29", "0000-01-01", "2026-1-1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		if d.AddDays(1).AddDays(-1) != d {
			t.Fatalf("%s: a day forward and back is %s", d, d.AddDays(1).AddDays(-1))
		}
	})
}
