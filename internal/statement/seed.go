package statement

import (
	"context"
	"fmt"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// SeedDemo gives the demo municipality its statement: a partially compliant
// website, prepared four months ago and reviewed last month, with one
// confirmed entry. With deadlines, the review deadline is opened too, with
// the institution's first administrator responsible. by is the seed, as the audit
// trail names it.
func SeedDemo(ctx context.Context, tx *store.Tx, by actor.Actor, deadlines *deadline.Service, institutionID int64) error {
	var in institution.Institution
	var admin int64
	if err := tx.QueryRowContext(ctx, `SELECT name, email, phone FROM institutions WHERE id = ?`, institutionID).
		Scan(&in.Name, &in.Email, &in.Phone); err != nil {
		return fmt.Errorf("demo statement: institution %d: %w", institutionID, err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM users WHERE institution_id = ? AND role = 'admin' AND active = TRUE`,
		institutionID).Scan(&admin); err != nil {
		return err
	}
	in.ID = institutionID
	today := calendar.DateOf(tx.Now, web.Vilnius)
	st := Default(&in, "https://www.silagiris.lt", today)
	st.ScopeName = Text{LT: "Šilagirio rajono savivaldybės interneto svetainė", EN: "Website of Šilagiris District Municipality"}
	st.Compliance = PartiallyCompliant
	st.PreparedOn, st.ReviewedOn, st.ReviewedBy = today.AddMonths(-4), today.AddMonths(-1), admin
	st.FeedbackName = "Bendrasis priėmimo skyrius, Inga Žukauskienė"
	if err := insertStatement(ctx, tx, st); err != nil {
		return err
	}
	is := &Issue{InstitutionID: institutionID, Status: Confirmed, Source: Manual, Reason: DisproportionateBurden,
		Criterion: "1.1.1, 1.3.1",
		Description: Text{
			LT: "Iki 2019 m. paskelbti tarybos sprendimų ir kitų dokumentų priedai yra nuskenuoti PDF failai be teksto sluoksnio, todėl ekrano skaitytuvai jų neperskaito.",
			EN: "Annexes to council decisions and other documents published before 2019 are scanned PDF files without a text layer, so screen readers cannot read them.",
		},
		Justification: Text{
			LT: "Archyve yra apie 4 000 tokių dokumentų. Jų perdarymas prieinamais kainuotų daugiau nei metinis svetainės priežiūros biudžetas, o šie dokumentai skaitomi retai; galiojančių teisės aktų aktualios redakcijos skelbiamos Teisės aktų registre.",
			EN: "The archive holds about 4,000 such documents. Making them accessible would cost more than the site's yearly maintenance budget, while they are rarely read; the current versions of valid legal acts are published in the Register of Legal Acts.",
		},
		AssessedOn: today.AddMonths(-4),
		Alternative: Text{
			LT: "Paprašę el. paštu info@silagiris.lt arba telefonu (8 427) 60 100, dokumento tekstą gausite prieinamu formatu per 20 darbo dienų.",
			EN: "Ask by email at info@silagiris.lt or by phone at (8 427) 60 100 and you will receive the document's text in an accessible format within 20 working days.",
		},
	}
	if err := insertIssue(ctx, tx, is); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, audit.Change{InstitutionID: institutionID, Actor: by, Action: "statement.create",
		ObjectType: "accessibility_statement", ObjectID: st.ID, Summary: "Sukurtas demonstracinis pareiškimas dėl prieinamumo",
		After: snapshot(st)}); err != nil {
		return err
	}
	if deadlines == nil {
		return nil
	}
	s := &Service{deadlines: deadlines}
	return s.openReview(ctx, tx, by, st, admin, dayEvent(st.ReviewedOn))
}
