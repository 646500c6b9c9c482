package calendar

import (
	"errors"
	"fmt"
	"time"
)

// ErrTermLength: a term must last at least one unit.
var ErrTermLength = errors.New("a term must be at least 1 unit long")

// Unit is what a term is counted in.
type Unit int

// The units of a term. The zero Unit is not one, so a forgotten unit is an
// error rather than a silent default.
const (
	WorkingDays Unit = iota + 1
	CalendarDays
	Months
)

// String is the unit as the command line and stored rules write it.
func (u Unit) String() string {
	switch u {
	case WorkingDays:
		return "working-days"
	case CalendarDays:
		return "calendar-days"
	case Months:
		return "months"
	}
	return fmt.Sprintf("Unit(%d)", int(u))
}

// ParseUnit reads "working-days", "calendar-days" or "months".
func ParseUnit(s string) (Unit, error) {
	for _, u := range []Unit{WorkingDays, CalendarDays, Months} {
		if s == u.String() {
			return u, nil
		}
	}
	return 0, fmt.Errorf("unit %q: want working-days, calendar-days or months", s)
}

// Due returns the last day of a term of n units that starts with an event
// on from, and how it was reached. The rules are those of the Civil Code,
// art. 1.118–1.121 (see the package documentation):
//
//   - counting starts on the day after the event;
//   - n working days end on the nth working day after the event;
//   - n calendar days end n days after the event, n months on the same
//     date n months later (or that month's last day when the date does not
//     exist), and in both cases a last day that is not a working day moves
//     to the next working day.
//
// from and the result must lie in FirstYear–LastYear (ErrOutOfRange); n
// must be at least 1 (ErrTermLength).
func (c *Calendar) Due(from Date, n int, unit Unit) (Date, Explanation, error) {
	e := Explanation{From: from, N: n, Unit: unit, Start: from.AddDays(1)}
	switch {
	case n < 1:
		return Date{}, e, fmt.Errorf("term of %d %s: %w", n, unit, ErrTermLength)
	case !InRange(from):
		return Date{}, e, fmt.Errorf("event date %s: %w", from, ErrOutOfRange)
	}
	// The longest term that still ends inside the range bounds the loops
	// below, whatever n is asked for.
	room := from.DaysUntil(Date{LastYear, time.December, 31})
	var end Date
	switch unit {
	case WorkingDays:
		if n > room {
			return Date{}, e, c.beyond(from, n, unit)
		}
		d := from
		for counted := 0; counted < n; {
			if d = d.AddDays(1); !InRange(d) {
				return Date{}, e, c.beyond(from, n, unit)
			}
			if s, skip := c.nonWorking(d); skip {
				e.Skipped = append(e.Skipped, s)
				continue
			}
			counted++
		}
		e.Nominal, e.Due = d, d
		return d, e, nil
	case CalendarDays:
		if n > room {
			return Date{}, e, c.beyond(from, n, unit)
		}
		end = from.AddDays(n)
	case Months:
		if n > (LastYear-FirstYear+1)*12 {
			return Date{}, e, c.beyond(from, n, unit)
		}
		end = from.AddMonths(n)
		e.ShortMonth = end.Day != from.Day
	default:
		return Date{}, e, fmt.Errorf("term unit %v: want working-days, calendar-days or months", unit)
	}
	e.Nominal = end
	for {
		if !InRange(end) {
			return Date{}, e, c.beyond(from, n, unit)
		}
		s, skip := c.nonWorking(end)
		if !skip {
			break
		}
		e.Skipped = append(e.Skipped, s)
		end = end.AddDays(1)
	}
	e.Due = end
	return end, e, nil
}

func (c *Calendar) beyond(from Date, n int, unit Unit) error {
	return fmt.Errorf("term of %d %s from %s ends after %d-12-31: %w", n, unit, from, LastYear, ErrOutOfRange)
}

// TermIn writes a term's length in words of lang, e.g. "3 darbo dienos" or
// "3 working days".
func TermIn(lang string, n int, u Unit) string {
	w := textLT
	if lang == "en" {
		w = textEN
	}
	return fmt.Sprintf("%d %s", n, w.unit(u, n))
}

// ReadableTerm rewrites a stored rule ("3 working-days") in words of lang;
// anything else comes back as it was.
func ReadableTerm(lang, stored string) (string, bool) {
	var n int
	var unit string
	if _, err := fmt.Sscanf(stored, "%d %s", &n, &unit); err != nil || fmt.Sprintf("%d %s", n, unit) != stored {
		return stored, false
	}
	u, err := ParseUnit(unit)
	if err != nil {
		return stored, false
	}
	return TermIn(lang, n, u), true
}
