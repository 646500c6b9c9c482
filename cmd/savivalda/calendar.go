package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/holidays"
	"github.com/savivalda/savivalda/internal/store"
)

const calendarUsage = `Usage:
  savivalda calendar holidays YEAR [-db SOURCE]
      one line per public holiday of YEAR: YYYY-MM-DD<TAB>name, in date order
  savivalda calendar due FROM N UNIT [--explain] [-db SOURCE]
      the last day of a term of N units after an event on FROM (YYYY-MM-DD);
      UNIT is working-days, calendar-days or months
  savivalda calendar days-off add|remove [flags] DATE …
      add or remove a Government-declared non-working day for the whole
      installation ("savivalda calendar days-off" for the details)

Without -db only the public holidays of the Labour Code count; with
-db sqlite:PATH or -db postgres://… the extra non-working days stored in that
database count too. Years 2010–2100.
`

// runCalendar runs "savivalda calendar …". It needs no database: the
// public holidays ship with the program, so staff can check a date on any
// machine without creating a data folder.
func runCalendar(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("calendar: no subcommand given (want holidays, due or days-off; see savivalda calendar help)")
	}
	sub := args[0]
	switch sub {
	case "days-off":
		return runDaysOff(ctx, args[1:], stdout, stderr)
	case "holidays", "due":
	case "help", "-h", "-help", "--help":
		printCalendarUsage(stdout)
		return nil
	default:
		return usageError(fmt.Sprintf("calendar: unknown subcommand %q (want holidays, due or days-off)", sub))
	}
	opts, err := parseCalendarArgs(sub, args[1:])
	if err != nil {
		return err
	}
	if opts.help {
		printCalendarUsage(stdout)
		return nil
	}
	if sub == "holidays" {
		return calendarHolidays(ctx, opts, stdout)
	}
	return calendarDue(ctx, opts, stdout)
}

func printCalendarUsage(w io.Writer) {
	fmt.Fprint(w, calendarUsage)
	fmt.Fprintln(w, "\nPublic holidays:", calendar.Source())
}

// calendarArgs is a calendar command line taken apart.
type calendarArgs struct {
	sub     string
	args    []string // positional
	explain bool
	db      string
	help    bool
}

// parseCalendarArgs reads flags wherever they stand: "due 2026-12-23 1
// working-days --explain" is how people type it, and the flag package
// would stop at the first positional argument.
func parseCalendarArgs(sub string, args []string) (calendarArgs, error) {
	a := calendarArgs{sub: sub}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		switch {
		case arg == "--":
			a.args = append(a.args, args[i+1:]...)
			return a, nil
		case !strings.HasPrefix(arg, "-") || arg == "-" || isNumber(arg):
			// A negative N is a positional argument, reported as such.
			a.args = append(a.args, arg)
		case name == "explain" && !hasValue:
			if sub != "due" {
				return a, usageError(fmt.Sprintf("calendar %s: --explain applies to calendar due only", sub))
			}
			a.explain = true
		case name == "db":
			if !hasValue {
				if i+1 >= len(args) {
					return a, usageError(fmt.Sprintf("calendar %s: -db needs a database, e.g. -db sqlite:data/savivalda.db", sub))
				}
				i++
				value = args[i]
			}
			if !strings.HasPrefix(value, "sqlite:") && !strings.HasPrefix(value, "postgres://") && !strings.HasPrefix(value, "postgresql://") {
				return a, usageError(fmt.Sprintf("calendar %s: -db must be sqlite:PATH or postgres://…, got %q", sub, value))
			}
			a.db = value
		case name == "h" || name == "help":
			a.help = true
		default:
			return a, usageError(fmt.Sprintf("calendar %s: unknown flag %q", sub, arg))
		}
	}
	return a, nil
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func calendarHolidays(ctx context.Context, a calendarArgs, stdout io.Writer) error {
	if len(a.args) != 1 {
		return usageError(fmt.Sprintf("calendar holidays: want one YEAR, e.g. savivalda calendar holidays 2026 (got %d arguments)", len(a.args)))
	}
	year, err := strconv.Atoi(a.args[0])
	if err != nil || year < calendar.FirstYear || year > calendar.LastYear {
		return usageError(fmt.Sprintf("calendar holidays: YEAR must be a year from %d to %d, got %q",
			calendar.FirstYear, calendar.LastYear, a.args[0]))
	}
	cal, err := loadCalendar(ctx, a.db)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, h := range cal.Holidays(year) {
		fmt.Fprintf(&b, "%s\t%s\n", h.Date, h.Name)
	}
	_, err = io.WriteString(stdout, b.String())
	return err
}

func calendarDue(ctx context.Context, a calendarArgs, stdout io.Writer) error {
	if len(a.args) != 3 {
		return usageError(fmt.Sprintf("calendar due: want FROM N UNIT, e.g. savivalda calendar due 2026-12-23 1 working-days (got %d arguments)", len(a.args)))
	}
	from, err := calendar.ParseDate(a.args[0])
	if err != nil {
		return usageError(fmt.Sprintf("calendar due: FROM: %v", err))
	}
	if !calendar.InRange(from) {
		return usageError(fmt.Sprintf("calendar due: FROM must be in the years %d to %d, got %q",
			calendar.FirstYear, calendar.LastYear, a.args[0]))
	}
	n, err := strconv.Atoi(a.args[1])
	if err != nil || n < 1 {
		return usageError(fmt.Sprintf("calendar due: N must be a positive whole number, got %q", a.args[1]))
	}
	unit, err := calendar.ParseUnit(a.args[2])
	if err != nil {
		return usageError(fmt.Sprintf("calendar due: UNIT must be working-days, calendar-days or months, got %q", a.args[2]))
	}
	cal, err := loadCalendar(ctx, a.db)
	if err != nil {
		return err
	}
	due, e, err := cal.Due(from, n, unit)
	if err != nil {
		// The only failure left is a term ending after 2100: the input's
		// fault, not the program's.
		return usageError(fmt.Sprintf("calendar due: %v", err))
	}
	out := due.String() + "\n"
	if a.explain {
		out += e.Text("lt") + "\n"
	}
	_, err = io.WriteString(stdout, out)
	return err
}

// loadCalendar is the shipped calendar, plus the extra days stored in the
// database when one is named.
func loadCalendar(ctx context.Context, source string) (*calendar.Calendar, error) {
	if source == "" {
		return calendar.New(), nil
	}
	db, err := store.Open(ctx, source)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	return holidays.Load(ctx, db)
}
