package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date: a day on the Lithuanian calendar, with no time and
// no zone. Terms are counted in whole days, so a deadline is a Date; the
// instant a day begins depends on the zone and is asked for with Start.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in loc (Europe/Vilnius for people in
// Lithuania): an event at 23:30 UTC on 31 December is already 1 January in
// Vilnius.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// ParseDate reads a date written YYYY-MM-DD, strictly: four-digit year,
// two-digit month and day, and a day that exists in that month.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%q is not a date written YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("%q is not a date written YYYY-MM-DD", s)
	}
	if y == 0 {
		return Date{}, fmt.Errorf("%q: there is no year 0000", s)
	}
	if m < 1 || m > 12 {
		return Date{}, fmt.Errorf("%q: there is no month %02d", s, m)
	}
	if n := daysIn(y, time.Month(m)); d < 1 || d > n {
		return Date{}, fmt.Errorf("%q: %s %d has %d days", s, time.Month(m), y, n)
	}
	return Date{y, time.Month(m), d}, nil
}

// MustParseDate is ParseDate for dates written in code and tests; it panics
// on a malformed date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// String writes the date as YYYY-MM-DD, the form ParseDate reads.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date (no date at all).
func (d Date) IsZero() bool { return d == Date{} }

// utc is noon of d in UTC: a time with no daylight-saving jumps, for
// arithmetic on whole days.
func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }

// Start returns midnight at the beginning of d in loc.
func (d Date) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date {
	y, m, day := d.utc().AddDate(0, 0, n).Date()
	return Date{y, m, day}
}

// AddMonths returns the same day n months later; when that month is too
// short for it, the month's last day (Civil Code art. 1.119): 31 January
// plus one month is 28 or 29 February.
func (d Date) AddMonths(n int) Date {
	total := int(d.Month) - 1 + n
	y := d.Year + floorDiv(total, 12)
	m := time.Month(total - floorDiv(total, 12)*12 + 1)
	return Date{y, m, min(d.Day, daysIn(y, m))}
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// Compare returns -1, 0 or +1 as d is before, the same as or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	}
	return cmpInt(d.Day, o.Day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Equal reports whether d and o are the same day.
func (d Date) Equal(o Date) bool { return d == o }

// DaysUntil returns the number of days from d to o (negative when o is
// earlier).
func (d Date) DaysUntil(o Date) int {
	return int((o.utc().Unix() - d.utc().Unix()) / 86400)
}

// daysIn is the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}
