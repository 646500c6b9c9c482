package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// inTempDir runs the test in an empty working directory, so that a stray
// ./data folder would show.
func inTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	return dir
}

func TestCalendarDue(t *testing.T) {
	dir := inTempDir(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"calendar", "due", "2026-12-23", "1", "working-days"}, "2026-12-28\n"},
		{[]string{"calendar", "due", "2026-03-05", "30", "calendar-days"}, "2026-04-07\n"},
		{[]string{"calendar", "due", "2024-01-31", "1", "months"}, "2024-02-29\n"},
		{[]string{"calendar", "due", "2026-12-31", "1", "working-days"}, "2027-01-04\n"},
	}
	for _, tt := range tests {
		stdout, stderr, err := runCmd(t, tt.args...)
		if err != nil || stdout != tt.want || stderr != "" {
			t.Errorf("%s: stdout %q, stderr %q, err %v; want %q", strings.Join(tt.args, " "), stdout, stderr, err, tt.want)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 0 {
		t.Errorf("the calendar created files in the working directory: %v %v", entries, err)
	}
}

// --explain may stand anywhere after "due".
func TestCalendarDueExplain(t *testing.T) {
	inTempDir(t)
	want := "2026-12-28\nTerminas: 1 darbo diena nuo 2026-12-23. Skaičiuojama nuo 2026-12-24. Praleista: 2026-12-24 Kūčios, " +
		"2026-12-25 Kalėdos, 2026-12-26 Kalėdos (antroji diena), 2026-12-27 sekmadienis. Terminas baigiasi 2026-12-28.\n"
	for _, args := range [][]string{
		{"calendar", "due", "2026-12-23", "1", "working-days", "--explain"},
		{"calendar", "due", "--explain", "2026-12-23", "1", "working-days"},
		{"calendar", "due", "2026-12-23", "-explain", "1", "working-days"},
	} {
		stdout, _, err := runCmd(t, args...)
		if err != nil || stdout != want {
			t.Errorf("%s:\n got %q, %v\nwant %q", strings.Join(args, " "), stdout, err, want)
		}
	}
}

func TestCalendarHolidays(t *testing.T) {
	inTempDir(t)
	want := `2026-01-01	Naujųjų metų diena
2026-02-16	Lietuvos valstybės atkūrimo diena
2026-03-11	Lietuvos nepriklausomybės atkūrimo diena
2026-04-05	Velykos
2026-04-06	Antroji Velykų diena
2026-05-01	Tarptautinė darbo diena
2026-05-03	Motinos diena
2026-06-07	Tėvo diena
2026-06-24	Rasos ir Joninių diena
2026-07-06	Valstybės (Lietuvos karaliaus Mindaugo karūnavimo) diena
2026-08-15	Žolinė (Švč. Mergelės Marijos ėmimo į dangų diena)
2026-11-01	Visų šventųjų diena
2026-11-02	Mirusiųjų atminimo (Vėlinių) diena
2026-12-24	Kūčios
2026-12-25	Kalėdos
2026-12-26	Kalėdos (antroji diena)
`
	stdout, stderr, err := runCmd(t, "calendar", "holidays", "2026")
	if err != nil || stdout != want || stderr != "" {
		t.Errorf("calendar holidays 2026:\n%s\nstderr %q, err %v\nwant:\n%s", stdout, stderr, err, want)
	}
	// Before 2011 Christmas Eve was a working day.
	stdout, _, _ = runCmd(t, "calendar", "holidays", "2010")
	if strings.Contains(stdout, "2010-12-24") || !strings.Contains(stdout, "2010-12-25\tKalėdos\n") {
		t.Errorf("calendar holidays 2010:\n%s", stdout)
	}
}

func TestCalendarInvalidInput(t *testing.T) {
	inTempDir(t)
	tests := []struct {
		args []string
		want string // part of the message
	}{
		{[]string{"calendar"}, "no subcommand"},
		{[]string{"calendar", "easter"}, `unknown subcommand "easter"`},
		{[]string{"calendar", "holidays"}, "want one YEAR"},
		{[]string{"calendar", "holidays", "2026", "2027"}, "want one YEAR"},
		{[]string{"calendar", "holidays", "twenty"}, `YEAR must be a year from 2010 to 2100, got "twenty"`},
		{[]string{"calendar", "holidays", "2009"}, `got "2009"`},
		{[]string{"calendar", "holidays", "2026", "--explain"}, "--explain applies to calendar due only"},
		{[]string{"calendar", "due", "2026-12-23", "1"}, "want FROM N UNIT"},
		{[]string{"calendar", "due", "2026-12-23", "0", "working-days"}, `N must be a positive whole number, got "0"`},
		{[]string{"calendar", "due", "2026-12-23", "-5", "working-days"}, `N must be a positive whole number, got "-5"`},
		{[]string{"calendar", "due", "2026-12-23", "1.5", "working-days"}, `got "1.5"`},
		{[]string{"calendar", "due", "2026-12-23", "1", "weeks"}, `UNIT must be working-days, calendar-days or months, got "weeks"`},
		{[]string{"calendar", "due", "23.12.2026", "1", "working-days"}, `FROM: "23.12.2026" is not a date written YYYY-MM-DD`},
		{[]string{"calendar", "due", "2026-02-30", "1", "working-days"}, "February 2026 has 28 days"},
		{[]string{"calendar", "due", "2009-12-31", "1", "working-days"}, "FROM must be in the years 2010 to 2100"},
		{[]string{"calendar", "due", "2100-12-31", "1", "working-days"}, "ends after 2100-12-31"},
		{[]string{"calendar", "due", "2026-12-23", "1", "working-days", "--verbose"}, `unknown flag "--verbose"`},
		{[]string{"calendar", "due", "2026-12-23", "1", "working-days", "-db"}, "-db needs a database"},
		{[]string{"calendar", "due", "2026-12-23", "1", "working-days", "-db", "data.db"}, "-db must be sqlite:PATH"},
	}
	for _, tt := range tests {
		stdout, stderr, err := runCmd(t, tt.args...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("%s: error %v, want a usage error (exit status 2)", strings.Join(tt.args, " "), err)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") || stdout != "" || stderr != "" {
			t.Errorf("%s: message %q (stdout %q, stderr %q); want one line containing %q",
				strings.Join(tt.args, " "), msg, stdout, stderr, tt.want)
		}
	}
}

// The operator adds a Government-declared day off with "calendar days-off
// add"; with -db the stored days count too, and "days-off remove" takes the
// day back.
func TestCalendarWithDatabase(t *testing.T) {
	dir := inTempDir(t)
	source := "sqlite:" + filepath.Join(dir, "savivalda.db")
	if _, _, err := runCmd(t, "calendar", "days-off", "add", "-db", source, "2026-12-32", "Papildoma poilsio diena", "Nutarimas"); err == nil ||
		!strings.Contains(err.Error(), "DATE: ") {
		t.Errorf("a bad date: %v, want a usage error naming DATE", err)
	}
	stdout, _, err := runCmd(t, "calendar", "days-off", "add", "-db", source, "2026-12-31", "Papildoma poilsio diena", "Vyriausybės nutarimas Nr. 1")
	if err != nil || !strings.Contains(stdout, "Added the non-working day 2026-12-31") {
		t.Fatalf("days-off add: %q, %v", stdout, err)
	}

	stdout, _, err = runCmd(t, "calendar", "due", "2026-12-30", "1", "working-days", "-db", source)
	if err != nil || stdout != "2027-01-04\n" {
		t.Errorf("with the database: %q, %v; want 2027-01-04", stdout, err)
	}
	stdout, _, err = runCmd(t, "calendar", "due", "2026-12-30", "1", "working-days")
	if err != nil || stdout != "2026-12-31\n" {
		t.Errorf("without the database: %q, %v; want 2026-12-31", stdout, err)
	}
	stdout, _, err = runCmd(t, "calendar", "holidays", "2026", "-db="+source)
	if err != nil || !strings.HasSuffix(stdout, "2026-12-31\tPapildoma poilsio diena\n") {
		t.Errorf("holidays with the database:\n%s%v", stdout, err)
	}
	if _, _, err := runCmd(t, "calendar", "days-off", "remove", "-db", source, "2026-12-31"); err != nil {
		t.Fatalf("days-off remove: %v", err)
	}
	var ue usageError
	if _, _, err := runCmd(t, "calendar", "days-off", "remove", "-db", source, "2026-12-31"); !errors.As(err, &ue) ||
		!strings.Contains(err.Error(), "no extra non-working day is recorded on 2026-12-31") {
		t.Errorf("removing it again: %v, want a usage error saying there is no such day", err)
	}
	stdout, _, err = runCmd(t, "calendar", "due", "2026-12-30", "1", "working-days", "-db", source)
	if err != nil || stdout != "2026-12-31\n" {
		t.Errorf("after the removal: %q, %v; want 2026-12-31", stdout, err)
	}
}
