package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The years the calendar answers for. Before 2010 the holiday list had a
// different history, which the shipped data does not record; 2100 is far
// enough for any term set today.
const (
	FirstYear = 2010
	LastYear  = 2100
)

// ErrOutOfRange: a date outside FirstYear–LastYear was asked about or
// would be the answer.
var ErrOutOfRange = fmt.Errorf("outside the years %d–%d this calendar covers", FirstYear, LastYear)

// InRange reports whether d lies in the years the calendar covers.
func InRange(d Date) bool { return d.Year >= FirstYear && d.Year <= LastYear }

// Calendar knows the non-working days of FirstYear–LastYear: weekends, the
// public holidays of the Labour Code, and any extra days it was given. It
// is immutable and safe for concurrent use.
type Calendar struct {
	days map[Date][]Holiday // every holiday in range, in rule order
}

// New builds the calendar from the shipped public holidays plus extra
// non-working days (those the Government declares). Extra days outside
// the covered years are ignored.
func New(extra ...Holiday) *Calendar {
	c := &Calendar{days: make(map[Date][]Holiday, (LastYear-FirstYear+1)*(len(law.Holidays)+1)+len(extra))}
	for year := FirstYear; year <= LastYear; year++ {
		for _, r := range law.Holidays {
			if d, ok := r.in(year); ok {
				c.days[d] = append(c.days[d], Holiday{Date: d, Name: r.LT, NameEN: r.EN, Basis: law.basisOn(d)})
			}
		}
	}
	for _, h := range extra {
		if InRange(h.Date) {
			h.Extra = true
			c.days[h.Date] = append(c.days[h.Date], h)
		}
	}
	return c
}

// Holidays returns the year's holidays in date order. A date with two
// holidays (1 May on the first Sunday of May is also Mother's Day) appears
// twice, once for each. A year outside the covered range has none.
func (c *Calendar) Holidays(year int) []Holiday {
	var out []Holiday
	if year < FirstYear || year > LastYear {
		return nil
	}
	for d := (Date{year, time.January, 1}); d.Year == year; d = d.AddDays(1) {
		out = append(out, c.days[d]...)
	}
	return out
}

// IsHoliday returns the holiday on d. When two fall on one date, the
// result carries both names, joined by " / ".
func (c *Calendar) IsHoliday(d Date) (Holiday, bool) {
	hs := c.days[d]
	switch len(hs) {
	case 0:
		return Holiday{}, false
	case 1:
		return hs[0], true
	}
	h := hs[0]
	var lt, en, basis []string
	for _, x := range hs {
		lt, en = append(lt, x.Name), append(en, x.NameIn("en"))
		if !slices.Contains(basis, x.Basis) {
			basis = append(basis, x.Basis)
		}
		h.Extra = h.Extra || x.Extra
	}
	h.Name, h.NameEN, h.Basis = strings.Join(lt, " / "), strings.Join(en, " / "), strings.Join(basis, "; ")
	return h, true
}

// IsWorkingDay reports whether d is Monday to Friday and not a holiday.
func (c *Calendar) IsWorkingDay(d Date) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := c.days[d]
	return !holiday
}

// nonWorking says why d is not a working day, or ok=false when it is one.
// A holiday's name wins over the weekday: "2026-12-26 Kalėdos (antroji
// diena)", not "šeštadienis".
func (c *Calendar) nonWorking(d Date) (Skip, bool) {
	if h, ok := c.IsHoliday(d); ok {
		return Skip{Date: d, Reason: h.Name, ReasonEN: h.NameIn("en")}, true
	}
	switch d.Weekday() {
	case time.Saturday:
		return Skip{Date: d, Reason: "šeštadienis", ReasonEN: "Saturday"}, true
	case time.Sunday:
		return Skip{Date: d, Reason: "sekmadienis", ReasonEN: "Sunday"}, true
	}
	return Skip{}, false
}
