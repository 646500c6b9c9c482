package calendar

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"time"
)

// Holiday is a day on which Lithuania does not work.
type Holiday struct {
	Date   Date
	Name   string // Lithuanian, as the law names it
	NameEN string // English; empty for days declared only in Lithuanian
	// Basis is the legal act that makes the day a holiday: the Labour Code
	// article for public holidays, the Government resolution for an extra
	// day.
	Basis string
	// Extra marks a day added to the shipped rules (a non-working day the
	// Government declared) rather than a public holiday of the Labour Code.
	Extra bool
}

// NameIn returns the holiday's name in lang ("lt" or "en"); a day with no
// English name keeps its Lithuanian one.
func (h Holiday) NameIn(lang string) string {
	if lang == "en" && h.NameEN != "" {
		return h.NameEN
	}
	return h.Name
}

// The public holidays are data, shipped with the program: a change of the
// law is an edit of this file, not of the code.
//
//go:embed holidays/lt.json
var lawJSON []byte

// law is the parsed shipped data; a broken file stops the program at start.
var law = mustParseRules(lawJSON)

// rules is the holiday data file.
type rules struct {
	Source   string  `json:"source"`
	Basis    []basis `json:"basis"`
	Note     string  `json:"note"`
	Holidays []rule  `json:"holidays"`
}

// basis is the article that lists the holidays from a day on; the last
// one in the file has no start.
type basis struct {
	Since string `json:"since"`
	Text  string `json:"text"`
	since Date
}

// basisOn names the article in force on d.
func (r rules) basisOn(d Date) string {
	for _, b := range r.Basis {
		if !d.Before(b.since) {
			return b.Text
		}
	}
	return ""
}

// rule is one holiday as the law defines it; see the file's note.
type rule struct {
	Rule   string `json:"rule"` // fixed, easter, first-sunday
	Month  int    `json:"month"`
	Day    int    `json:"day"`
	Offset int    `json:"offset"`
	Since  int    `json:"since"`
	Until  int    `json:"until"`
	LT     string `json:"lt"`
	EN     string `json:"en"`
	Change string `json:"change"` // which amendment added or removed it
}

func mustParseRules(b []byte) rules {
	r, err := parseRules(b)
	if err != nil {
		panic("calendar: shipped holiday data: " + err.Error())
	}
	return r
}

// parseRules reads and checks holiday data, so that a mistake in an edit
// of the file is caught by the tests rather than by a wrong deadline.
func parseRules(b []byte) (rules, error) {
	var r rules
	if err := json.Unmarshal(b, &r); err != nil {
		return r, err
	}
	if len(r.Basis) == 0 || r.Basis[len(r.Basis)-1].Since != "" {
		return r, fmt.Errorf("basis: want a list, newest first, whose last entry has no start")
	}
	for i := range r.Basis {
		b := &r.Basis[i]
		if b.Text == "" {
			return r, fmt.Errorf("basis %d: no text", i+1)
		}
		if b.Since == "" {
			continue
		}
		var err error
		if b.since, err = ParseDate(b.Since); err != nil {
			return r, fmt.Errorf("basis %d: %w", i+1, err)
		}
		if i > 0 && !b.since.Before(r.Basis[i-1].since) {
			return r, fmt.Errorf("basis %d: not newest first", i+1)
		}
	}
	for i, h := range r.Holidays {
		if err := h.check(); err != nil {
			return r, fmt.Errorf("holiday %d (%s): %w", i+1, h.LT, err)
		}
	}
	return r, nil
}

func (h rule) check() error {
	switch {
	case h.LT == "" || h.EN == "":
		return fmt.Errorf("a Lithuanian and an English name are required")
	case h.Since != 0 && h.Until != 0 && h.Until < h.Since:
		return fmt.Errorf("until %d is before since %d", h.Until, h.Since)
	}
	switch h.Rule {
	case "fixed":
		// 2000 is a leap year, so 29 February passes; it is a holiday only
		// in the years that have it.
		if h.Month < 1 || h.Month > 12 || h.Day < 1 || h.Day > daysIn(2000, time.Month(h.Month)) {
			return fmt.Errorf("no such date: month %d, day %d", h.Month, h.Day)
		}
	case "easter":
		if h.Offset < -60 || h.Offset > 60 {
			return fmt.Errorf("offset %d days from Easter is out of reach", h.Offset)
		}
	case "first-sunday":
		if h.Month < 1 || h.Month > 12 {
			return fmt.Errorf("no month %d", h.Month)
		}
	default:
		return fmt.Errorf("unknown rule %q (want fixed, easter or first-sunday)", h.Rule)
	}
	return nil
}

// in returns the rule's date in year, if the rule applies that year.
func (h rule) in(year int) (Date, bool) {
	if (h.Since != 0 && year < h.Since) || (h.Until != 0 && year > h.Until) {
		return Date{}, false
	}
	switch h.Rule {
	case "fixed":
		if h.Day > daysIn(year, time.Month(h.Month)) {
			return Date{}, false
		}
		return Date{year, time.Month(h.Month), h.Day}, true
	case "easter":
		return Easter(year).AddDays(h.Offset), true
	case "first-sunday":
		d := Date{year, time.Month(h.Month), 1}
		return d.AddDays((7 - int(d.Weekday())) % 7), true
	}
	return Date{}, false
}

// Easter returns Easter Sunday of year in the Western (Gregorian) churches,
// by the anonymous Gregorian computus (Meeus/Jones/Butcher).
func Easter(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{year, time.Month(month), day}
}

// Source names the law the shipped holidays come from.
func Source() string { return law.Source }
