package statement_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/statement"
	"github.com/savivalda/savivalda/internal/web"
)

func reviewDeadlines(t *testing.T, e *env, st *statement.Statement) []*deadline.Deadline {
	t.Helper()
	list, err := deadline.ForSubject(context.Background(), e.DB, statement.ModuleReview, "statement", st.ID)
	if err != nil {
		t.Fatal(err)
	}
	return list // newest first
}

func outbox(t *testing.T, e *env, kind string) string {
	t.Helper()
	rows, err := e.DB.QueryContext(context.Background(), `SELECT to_address || ' ' || subject FROM outbox_messages WHERE kind = ? ORDER BY id`, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

// WEB-35: the statement is re-assessed at least yearly. Thirteen months
// after the last review the staff page warns, the review deadline is
// overdue and its responsible administrator is reminded; confirming the
// review resets the date, meets the deadline and opens the next one.
func TestStaleStatement(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.SetNow(vilnius("2025-02-10"))
		admin := e.Login("admin")
		v := validForm()
		v.Set("prepared_on", "2025-02-10")
		if res := admin.Post("/admin/prieinamumas", v); res.Status != http.StatusSeeOther {
			t.Fatalf("save: status %d\n%s", res.Status, res.Body)
		}
		st := e.mustFind(t)
		first := reviewDeadlines(t, e, st)
		if len(first) != 1 || first[0].Due.String() != "2026-02-10" || first[0].ResponsibleID != e.Users["admin"].ID {
			t.Fatalf("review deadline after the first save: %+v", first)
		}
		if body := admin.Get("/admin/prieinamumas").Body; strings.Contains(body, `id="stale-warning"`) {
			t.Error("a fresh statement shows the stale warning")
		}

		e.SetNow(vilnius("2026-03-10")) // 13 months later; the session has long expired
		admin = e.Login("admin")
		res := admin.Get("/admin/prieinamumas")
		contains(t, "the staff page 13 months later", res.Body, `id="stale-warning"`,
			"Pareiškimas nebuvo peržiūrėtas daugiau kaip 12 mėnesių", "Paskutinį kartą pareiškimas peržiūrėtas 2025-02-10",
			`<span class="sv-tag sv-tag--returned">Praleistas</span>`)
		cal, err := e.App.Deadlines.Calendar(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		today := calendar.DateOf(e.DB.Now(), web.Vilnius)
		if u := first[0].UrgencyOn(cal, today, e.App.Deadlines.DueSoon); u != deadline.Overdue {
			t.Errorf("review deadline 13 months on: %s, want overdue", u)
		}
		if err := e.App.Deadlines.Sweep(context.Background(), actor.NewJob("terminų priminimai", 0)); err != nil {
			t.Fatal(err)
		}
		if got := outbox(t, e, "deadline.missed"); !strings.Contains(got, "admin@savivaldybe.lt") ||
			!strings.Contains(got, "Peržiūrėti pareiškimą dėl prieinamumo") {
			t.Errorf("the responsible administrator was not reminded: %q", got)
		}

		res = admin.Post("/admin/prieinamumas/perziura", url.Values{"version": {strconv.FormatInt(st.Version, 10)}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("confirm the review: status %d\n%s", res.Status, res.Body)
		}
		st = e.mustFind(t)
		if st.ReviewedOn.String() != "2026-03-10" || st.ReviewedBy != e.Users["admin"].ID {
			t.Errorf("after confirming: reviewed on %s by %d", st.ReviewedOn, st.ReviewedBy)
		}
		list := reviewDeadlines(t, e, st)
		if len(list) != 2 {
			t.Fatalf("%d review deadlines, want the missed one and the next", len(list))
		}
		next, old := list[0], list[1]
		if old.MetAt.IsZero() || old.State != deadline.Missed {
			t.Errorf("the overdue deadline after the review: %s, met at %v; want done late (missed)", old.State, old.MetAt)
		}
		if next.State != deadline.Open || next.Due.String() != "2027-03-10" || next.ResponsibleID != e.Users["admin"].ID {
			t.Errorf("the next review deadline: %s due %s, responsible %d", next.State, next.Due, next.ResponsibleID)
		}
		if body := admin.Get("/admin/prieinamumas").Body; strings.Contains(body, `id="stale-warning"`) {
			t.Error("the warning stays after the review")
		}
		if res := admin.Post("/admin/prieinamumas/perziura", url.Values{"version": {strconv.FormatInt(st.Version-1, 10)}}); res.Status != http.StatusConflict {
			t.Errorf("a replayed review form: status %d, want 409", res.Status)
		}
		contains(t, "the public statement", e.Visitor().Get("/prieinamumas").Body,
			`<time data-field="preparation.reviewed_on" datetime="2026-03-10">`, `<time data-field="preparation.prepared_on" datetime="2025-02-10">`)
	})
}

// A review confirmed in time meets the deadline.
func TestReviewInTime(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		st := e.mustSave(t, nil)
		e.SetNow(vilnius("2026-11-20"))
		if err := e.svc.ConfirmReview(context.Background(), e.as("admin"), e.In.ID, st.Version); err != nil {
			t.Fatal(err)
		}
		list := reviewDeadlines(t, e, st)
		if len(list) != 2 || list[1].State != deadline.Met || list[0].State != deadline.Open || list[0].Due.String() != "2027-11-22" {
			t.Errorf("after a timely review: %s then %s due %s; want met, then open due 2027-11-22 (a Monday)",
				list[1].State, list[0].State, list[0].Due)
		}
	})
}
