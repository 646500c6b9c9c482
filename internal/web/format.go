package web

import (
	"fmt"
	"strconv"
	"time"
	_ "time/tzdata" // the binary must know Europe/Vilnius on any machine
)

// Vilnius is the time zone of every date shown to people; instants are
// stored in UTC.
var Vilnius = mustLoadLocation("Europe/Vilnius")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// FormatDate shows t as a Lithuanian calendar date, YYYY-MM-DD.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Vilnius).Format("2006-01-02")
}

// LastDay is the last day of a publication term that ends at termEnd (the
// midnight after that day, Vilnius time, WEB-23). Every list, page and
// audit entry shows a term through it, so staff and the public read the
// same day.
func LastDay(termEnd time.Time) string {
	if termEnd.IsZero() {
		return ""
	}
	return FormatDate(termEnd.Add(-time.Millisecond))
}

// FormatDateTime shows t as YYYY-MM-DD HH:MM in Vilnius time.
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Vilnius).Format("2006-01-02 15:04")
}

func toString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		if x == 0 {
			return ""
		}
		return strconv.FormatInt(x, 10)
	case int:
		if x == 0 {
			return ""
		}
		return strconv.Itoa(x)
	case time.Time:
		return FormatDate(x)
	}
	return fmt.Sprint(v)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
