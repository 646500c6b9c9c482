package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/user"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/holidays"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

const daysOffUsage = `Usage:
  savivalda calendar days-off add [flags] DATE "NAME" "BASIS"
  savivalda calendar days-off remove [flags] DATE

Adds or removes a non-working day the Government declared (DATE as
YYYY-MM-DD; NAME as the resolution calls the day; BASIS the resolution's
date and number). The day counts for every institution of the installation:
open deadlines are recomputed in the same transaction, the change is
recorded in every institution's audit trail, and the staff are told of the
deadlines it moved. This is how the operator changes the days off of an
installation that serves several institutions (see docs/calendar.md).
Takes the common flags (-db, -data …) before DATE.
`

// runDaysOff runs "savivalda calendar days-off add|remove".
func runDaysOff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "remove") {
		fmt.Fprint(stderr, daysOffUsage)
		return usageError(`calendar days-off: want "days-off add" or "days-off remove"`)
	}
	sub := args[0]
	fs := flags("calendar days-off "+sub, stderr)
	cfg, err := loadConfig(fs, args[1:])
	if err != nil {
		return err
	}
	want := map[string]int{"add": 3, "remove": 1}[sub]
	if fs.NArg() != want {
		fmt.Fprint(stderr, daysOffUsage)
		return usageError(fmt.Sprintf("calendar days-off %s: want %d arguments after the flags, got %d", sub, want, fs.NArg()))
	}
	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := holidays.NewService(db, deadline.NewService(db, nil, cfg.BaseURL, cfg.DueSoonDays).Recompute)
	op := operator()
	if sub == "add" {
		err = svc.Add(ctx, op, fs.Arg(0), fs.Arg(1), fs.Arg(2))
	} else {
		var date calendar.Date
		if date, err = calendar.ParseDate(fs.Arg(0)); err != nil {
			return usageError(fmt.Sprintf("calendar days-off remove: DATE: %v", err))
		}
		err = svc.RemoveOn(ctx, op, date)
	}
	var fe web.FieldErrors
	if errors.As(err, &fe) {
		return usageError("calendar days-off " + sub + ": " + describeErrors(fe, map[string]string{"date": "DATE", "name": "NAME", "basis": "BASIS"}))
	}
	if errors.Is(err, store.ErrNotFound) {
		return usageError(fmt.Sprintf("calendar days-off remove: no extra non-working day is recorded on %s", fs.Arg(0)))
	}
	if err != nil {
		return err
	}
	verb := map[string]string{"add": "Added", "remove": "Removed"}[sub]
	fmt.Fprintf(stdout, "%s the non-working day %s; open deadlines recomputed.\n", verb, fs.Arg(0))
	return nil
}

// operator is the person at the command line, as the audit trail names them.
func operator() actor.Actor {
	name := "operatorius"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	return actor.NewJob("komandinė eilutė: "+name, 0)
}
