package deadline_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// sweeper is the job that sends the reminders, as the app runs it.
var sweeper = actor.NewJob("terminų priminimai", 0)

// One deadline's stored row cannot be read (its start date is no date).
// The sweep still reminds the staff of the deadlines before and after it,
// and its error names the bad one (X-01: every deadline is reminded).
func TestSweepSkipsOnlyTheBadRow(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		rule := deadline.Rule{N: 10, Unit: calendar.WorkingDays}
		first := open(t, e, "2026-11-02", rule, deadline.Person{})
		bad := open(t, e, "2026-11-02", rule, deadline.Person{})
		last := open(t, e, "2026-11-02", rule, deadline.Person{})
		err := e.DB.InTx(context.Background(), func(tx *store.Tx) error {
			return tx.ExecOne(context.Background(), `UPDATE deadlines SET start_date = '2026-02-30' WHERE id = ?`, bad.ID)
		})
		storetest.Fatal(t, "corrupt a row", err)

		e.SetNow(vilnius("2026-11-12")) // two working days before 2026-11-16
		err = e.App.Deadlines.Sweep(context.Background(), sweeper)
		if err == nil || !strings.Contains(err.Error(), "deadline "+strconv.FormatInt(bad.ID, 10)) {
			t.Errorf("sweep error %v, want one naming deadline %d", err, bad.ID)
		}
		if n := len(mails(t, e, "deadline.reminder")); n != 2 {
			t.Errorf("%d reminders, want 2 (deadlines %d and %d)", n, first.ID, last.ID)
		}
		for _, d := range []*deadline.Deadline{first, last} {
			got, err := deadline.Find(context.Background(), e.DB, e.In.ID, d.ID)
			storetest.Fatal(t, "find", err)
			if got.State != deadline.Open {
				t.Errorf("deadline %d: %s", d.ID, got.State)
			}
		}
	})
}
