package calendar

import (
	"fmt"
	"strings"
)

// Explanation is how a due date was reached, for staff to check it: the
// rule, where counting started and every non-working day it stepped over.
type Explanation struct {
	N     int
	Unit  Unit
	From  Date // the event
	Start Date // the first day counted: the day after the event
	// Nominal is the term's last day before a non-working last day was
	// moved; for working days it equals Due.
	Nominal Date
	// ShortMonth: the month the term ends in has no such date as the
	// event's, so the term ends on that month's last day.
	ShortMonth bool
	Due        Date
	// Skipped lists, in date order, the non-working days that were not
	// counted (working days) or that the last day was moved past
	// (calendar days and months).
	Skipped []Skip
}

// Skip is a day that was not counted, and why.
type Skip struct {
	Date     Date
	Reason   string // the holiday's Lithuanian name, or "šeštadienis"/"sekmadienis"
	ReasonEN string
}

// ReasonIn returns the reason in lang ("lt" or "en").
func (s Skip) ReasonIn(lang string) string {
	if lang == "en" && s.ReasonEN != "" {
		return s.ReasonEN
	}
	return s.Reason
}

// Text explains the due date in a few sentences, in Lithuanian or, for
// lang "en", in English:
//
//	Terminas: 1 darbo diena nuo 2026-12-23. Skaičiuojama nuo 2026-12-24.
//	Praleista: 2026-12-24 Kūčios, 2026-12-25 Kalėdos, 2026-12-26 Kalėdos
//	(antroji diena), 2026-12-27 sekmadienis. Terminas baigiasi 2026-12-28.
func (e Explanation) Text(lang string) string {
	w := textLT
	if lang == "en" {
		w = textEN
	}
	var b strings.Builder
	fmt.Fprintf(&b, w.rule, e.N, w.unit(e.Unit, e.N), e.From)
	fmt.Fprintf(&b, w.start, e.Start)
	if e.ShortMonth {
		fmt.Fprintf(&b, w.shortMonth, e.Nominal)
	}
	if e.Unit != WorkingDays && e.Nominal != e.Due {
		fmt.Fprintf(&b, w.moved, e.Nominal)
	}
	if len(e.Skipped) > 0 {
		days := make([]string, len(e.Skipped))
		for i, s := range e.Skipped {
			days[i] = s.Date.String() + " " + s.ReasonIn(lang)
		}
		fmt.Fprintf(&b, w.skipped, strings.Join(days, ", "))
	}
	fmt.Fprintf(&b, w.due, e.Due)
	return b.String()
}

// wording is one language's sentences. The package keeps its own few
// strings so that it depends on nothing else in the program.
type wording struct {
	rule, start, shortMonth, moved, skipped, due string
	unit                                         func(Unit, int) string
}

var textLT = wording{
	rule:       "Terminas: %d %s nuo %s.",
	start:      " Skaičiuojama nuo %s.",
	shortMonth: " Paskutinį termino mėnesį tokios datos nėra, todėl paskutinė termino diena – to mėnesio paskutinė diena, %s.",
	moved:      " Paskutinė termino diena %s – nedarbo diena, todėl terminas baigiasi kitą darbo dieną.",
	skipped:    " Praleista: %s.",
	due:        " Terminas baigiasi %s.",
	unit: func(u Unit, n int) string {
		switch u {
		case WorkingDays:
			return "darbo " + ltForm(n, "diena", "dienos", "dienų")
		case CalendarDays:
			return ltForm(n, "kalendorinė diena", "kalendorinės dienos", "kalendorinių dienų")
		case Months:
			return ltForm(n, "mėnuo", "mėnesiai", "mėnesių")
		}
		return u.String()
	},
}

var textEN = wording{
	rule:       "Term: %d %s from %s.",
	start:      " Counting starts on %s.",
	shortMonth: " The last month of the term has no such date, so the term's last day is that month's last day, %s.",
	moved:      " The term's last day, %s, is not a working day, so the term ends on the next working day.",
	skipped:    " Skipped: %s.",
	due:        " The term ends on %s.",
	unit: func(u Unit, n int) string {
		var one, many string
		switch u {
		case WorkingDays:
			one, many = "working day", "working days"
		case CalendarDays:
			one, many = "calendar day", "calendar days"
		case Months:
			one, many = "month", "months"
		default:
			return u.String()
		}
		if n == 1 {
			return one
		}
		return many
	},
}

// ltForm picks the Lithuanian noun form for the number n: 1, 21, 31 …
// take the nominative singular, 2–9, 22–29 … the nominative plural, and
// 10–20, 30, 40 … the genitive plural.
func ltForm(n int, one, few, many string) string {
	switch {
	case n%10 == 1 && n%100 != 11:
		return one
	case n%10 >= 2 && (n%100 < 10 || n%100 > 20):
		return few
	}
	return many
}
