package holidays

import "github.com/savivalda/savivalda/internal/actor"

// mayChange says who changes the Government-declared days off (X-01,
// They are national: a day added moves the deadlines of every
// institution the installation serves. Where it serves one, its
// administrator changes them at /admin/calendar. Where it serves several,
// no one institution's administrator may move the others' deadlines, so
// only the operator does, from the command line ("savivalda calendar
// days-off"). institutions are the ids of the institutions served.
func mayChange(a actor.Actor, institutions []int64) bool {
	if a.Kind == actor.Job {
		return a.Known()
	}
	return len(institutions) == 1 && a.IsStaff(actor.RoleAdmin) && a.InstitutionID == institutions[0]
}

// CanSee: administrators see the calendar page, and change the days off
// there where mayChange lets them.
func CanSee(a actor.Actor) bool { return a.IsStaff(actor.RoleAdmin) }
