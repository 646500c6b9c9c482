package site

import (
	"context"
	"fmt"
	"strconv"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/store"
)

// The deadlines the website keeps.
const (
	// ModuleReview: published content is reviewed at least every three
	// months (WEB-10); publishing a revision or confirming the content is
	// current meets it and starts the next one.
	ModuleReview = "site.review"
	// ModuleLegalAct: a legal act is published within three working days of
	// being handed over for publication (WEB-19).
	ModuleLegalAct = "site.legal_act"
)

var (
	reviewTerm   = deadline.Rule{N: 3, Unit: calendar.Months}
	legalActTerm = deadline.Rule{N: 3, Unit: calendar.WorkingDays}
)

func pageLink(id int64) string { return "/admin/pages/" + strconv.FormatInt(id, 10) }

// startReviewTerm meets the page's review deadline and opens the next one,
// with the publisher responsible (WEB-24).
func (s *Service) startReviewTerm(ctx context.Context, tx *store.Tx, by actor.Actor, p *Page, title string) error {
	return s.openReviewTerm(ctx, tx, by, by.ID, p, title)
}

// openReviewTerm is startReviewTerm done by by (a job) for responsible.
func (s *Service) openReviewTerm(ctx context.Context, tx *store.Tx, by actor.Actor, responsible int64, p *Page, title string) error {
	if err := s.deadlines.Meet(ctx, tx, by, ModuleReview, "page", p.ID); err != nil {
		return err
	}
	_, err := s.deadlines.Open(ctx, tx, by, deadline.Spec{InstitutionID: p.InstitutionID, Module: ModuleReview, SubjectType: "page",
		SubjectID: p.ID, Title: fmt.Sprintf("Peržiūrėti puslapį „%s“", title), Link: pageLink(p.ID),
		DepartmentID: p.DepartmentID, ResponsibleID: responsible, Start: tx.Now, Rule: reviewTerm})
	return err
}

// startLegalActTerm opens the publication deadline of a legal act handed in
// for review, unless one is already running.
func (s *Service) startLegalActTerm(ctx context.Context, tx *store.Tx, by actor.Actor, p *Page, title string) error {
	existing, err := deadline.ForSubject(ctx, tx, ModuleLegalAct, "page", p.ID)
	if err != nil {
		return err
	}
	for _, d := range existing {
		if d.State == deadline.Open {
			return nil
		}
	}
	var publisher int64
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM users WHERE institution_id = ? AND role = ? AND active = TRUE`,
		p.InstitutionID, actor.RoleLegalPublisher).Scan(&publisher)
	if err != nil {
		return err
	}
	_, err = s.deadlines.Open(ctx, tx, by, deadline.Spec{InstitutionID: p.InstitutionID, Module: ModuleLegalAct, SubjectType: "page",
		SubjectID: p.ID, Title: fmt.Sprintf("Paskelbti teisės aktą „%s“", title), Link: pageLink(p.ID),
		DepartmentID: p.DepartmentID, ResponsibleID: publisher, Start: tx.Now, Rule: legalActTerm})
	return err
}
