package statement_test

import (
	"context"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/statement"
	"github.com/savivalda/savivalda/internal/store"
)

// The demo municipality's statement: partially compliant, one confirmed
// entry with an alternative on request, reviewed recently, with its review
// deadline running.
func TestSeedDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		err := e.DB.InTx(ctx, func(tx *store.Tx) error {
			return statement.SeedDemo(ctx, tx, actor.NewJob("demonstraciniai duomenys", e.In.ID), e.App.Deadlines, e.In.ID)
		})
		if err != nil {
			t.Fatal(err)
		}
		st := e.mustFind(t)
		if st.Compliance != statement.PartiallyCompliant || st.ReviewedOn.String() != "2026-02-10" || st.PreparedOn.String() != "2025-11-10" {
			t.Errorf("demo statement: %s, prepared %s, reviewed %s", st.Compliance, st.PreparedOn, st.ReviewedOn)
		}
		if st.Stale(e.svc.Today()) {
			t.Error("the demo statement is stale")
		}
		issues, err := statement.Issues(ctx, e.DB, e.In.ID, statement.Confirmed)
		if err != nil || len(issues) != 1 || issues[0].Alternative.LT == "" || issues[0].Reason != statement.DisproportionateBurden {
			t.Fatalf("demo entries: %+v, %v", issues, err)
		}
		dl, err := statement.ReviewDeadline(ctx, e.DB, st)
		if err != nil || dl.State != deadline.Open || dl.Due.String() != "2027-02-10" || dl.ResponsibleID != e.Users["admin"].ID {
			t.Errorf("demo review deadline: %+v, %v", dl, err)
		}
		contains(t, "the demo statement", e.Visitor().Get("/prieinamumas").Body, "iš dalies atitinka",
			"nuskenuoti PDF failai be teksto sluoksnio", "dokumento tekstą gausite prieinamu formatu per 20 darbo dienų")
	})
}
