// Package calendar is the one Lithuanian calendar every deadline in the
// program is computed on: which days are working days, and when a term set
// in working days, calendar days or months ends. It depends on nothing else
// in the program.
//
// # Holidays
//
// The public holidays are those of the Labour Code (Lietuvos Respublikos
// darbo kodeksas, art. 123 "Švenčių dienos"; art. 162 of the Code of 2002
// until 30 June 2017). They ship as data in holidays/lt.json, each with the
// year it took effect when that is inside the covered years: Christmas Eve
// (Kūčios) from 2011, All Souls' Day (Vėlinės) from 2020. The moving ones
// are Easter Sunday and Monday (Western tradition, Gregorian computus),
// Mother's Day (first Sunday of May) and Father's Day (first Sunday of
// June). A change of the law is an edit of that file. Extra non-working
// days the Government declares are passed to New; the holidays package
// stores them.
//
// A working day is Monday to Friday that is not a holiday. The calendar
// covers FirstYear–LastYear (2010–2100).
//
// # Terms
//
// Terms are counted as the Civil Code counts them (art. 1.117–1.121):
//
//   - Counting starts on the day after the event (art. 1.118). The day of
//     the event is never counted.
//   - A term in working days ends on the nth working day after the event;
//     weekends and holidays are not counted.
//   - A term in calendar days ends n days after the event; one in months
//     ends on the same date of the last month, or on that month's last day
//     when the date does not exist (art. 1.119).
//   - When the last day of a calendar-day or month term is not a working
//     day, the term ends on the next working day (art. 1.121).
//
// Examples:
//
//	event 2026-12-23, 1 working day:   24 Kūčios, 25 Kalėdos, 26 Kalėdos
//	                                   (antroji diena), 27 sekmadienis are
//	                                   skipped → 2026-12-28
//	event 2026-03-05, 30 calendar days: 2026-04-04 is a Saturday, 5 April
//	                                   Easter Sunday, 6 April Easter Monday
//	                                   → 2026-04-07
//	event 2024-01-31, 1 month:         no 31 February → 2024-02-29
//	event 2026-01-31, 1 month:         28 February is a Saturday →
//	                                   2026-03-02
//	event 2024-02-29, 12 months:       no 29 February 2025 → 2025-02-28
//
// Every result comes with an Explanation that names the rule, the first
// counted day and each day skipped and why, for staff to check.
package calendar
