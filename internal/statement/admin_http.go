package statement

import (
	"errors"
	"net/http"

	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// adminPage is the administrators' view of the statement: the review
// state, the form, the entries and the checks.
type adminPage struct {
	web.Page
	Form      Form
	St        *Statement
	Stale     bool
	Deadline  *deadline.Deadline
	Urgency   deadline.Urgency
	Drafts    []*Issue
	Confirmed []*Issue
	Resolved  []*Issue
	Latest    *Check
	Checks    []*Check

	KindOptions, ComplianceOptions, MethodOptions []web.Option
}

func adminBase(w http.ResponseWriter, r *http.Request, status int, fe web.FieldErrors) web.Page {
	p := web.Page{Lang: web.LangFrom(r), Admin: true, Errors: fe}
	if status == http.StatusOK {
		p.Flash = web.TakeFlash(w, r)
	}
	p.Title = p.T("statement.title")
	return p
}

func (s *Service) handleEdit(w http.ResponseWriter, r *http.Request) {
	s.renderEdit(w, r, http.StatusOK, nil, nil)
}

// renderEdit shows the statement page with form (nil: the stored
// statement, or the defaults before the first save) and its errors.
func (s *Service) renderEdit(w http.ResponseWriter, r *http.Request, status int, form *Form, fe web.FieldErrors) {
	ctx := r.Context()
	in := institution.FromContext(ctx)
	d := &adminPage{Page: adminBase(w, r, status, fe)}
	st, err := Find(ctx, s.db, in.ID)
	if errors.Is(err, store.ErrNotFound) {
		st, err = Default(in, in.SiteURL, s.Today()), nil
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d.St = st
	if form == nil {
		f := FormOf(st)
		form = &f
	}
	d.Form = *form
	if err := s.loadAdmin(r, d, in.ID); err != nil {
		s.render.Error(w, r, err)
		return
	}
	d.KindOptions = []web.Option{{Value: string(Website), Label: d.T("statement.scope_kind.website")},
		{Value: string(MobileApp), Label: d.T("statement.scope_kind.mobile_app")}}
	d.ComplianceOptions = []web.Option{{Value: "", Label: d.T("statement.compliance.choose")}}
	for _, c := range []Compliance{FullyCompliant, PartiallyCompliant, NotCompliant} {
		d.ComplianceOptions = append(d.ComplianceOptions, web.Option{Value: string(c), Label: d.T("statement.compliance." + string(c))})
	}
	d.MethodOptions = []web.Option{{Value: string(SelfAssessment), Label: d.T("statement.method_option.self")},
		{Value: string(ThirdParty), Label: d.T("statement.method_option.third_party")}}
	s.render.Render(w, r, status, "statement_admin", d)
}

// loadAdmin gathers the review deadline, the entries and the checks.
func (s *Service) loadAdmin(r *http.Request, d *adminPage, institutionID int64) error {
	ctx := r.Context()
	today := s.Today()
	if d.St.Stored {
		d.Stale = d.St.Stale(today)
		dl, err := ReviewDeadline(ctx, s.db, d.St)
		switch {
		case err == nil:
			cal, err := s.deadlines.Calendar(ctx)
			if err != nil {
				return err
			}
			d.Deadline, d.Urgency = dl, dl.UrgencyOn(cal, today, s.deadlines.DueSoon)
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	all, err := Issues(ctx, s.db, institutionID, Draft, Confirmed, Resolved)
	if err != nil {
		return err
	}
	for _, is := range all {
		switch is.Status {
		case Draft:
			d.Drafts = append(d.Drafts, is)
		case Confirmed:
			d.Confirmed = append(d.Confirmed, is)
		default:
			d.Resolved = append(d.Resolved, is)
		}
	}
	d.Latest, err = LatestCheck(ctx, s.db, institutionID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	d.Checks, err = Checks(ctx, s.db, institutionID, 10)
	return err
}

func (s *Service) handleSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	f := ParseForm(r)
	err := s.Save(ctx, by, institution.FromContext(ctx).ID, f)
	s.render.Finish(w, r, err, "statement.flash.saved", AdminPath, func(fe web.FieldErrors) {
		s.renderEdit(w, r, http.StatusUnprocessableEntity, &f, fe)
	})
}

func (s *Service) handleReview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	version := web.FormID(r.PostFormValue("version"))
	err := s.ConfirmReview(ctx, by, institution.FromContext(ctx).ID, version)
	s.render.Finish(w, r, err, "statement.flash.reviewed", AdminPath, func(fe web.FieldErrors) {
		s.renderEdit(w, r, http.StatusUnprocessableEntity, nil, fe)
	})
}

// issueRow is one entry in the administrators' tables.
type issueRow struct {
	I *Issue
	P *web.Page
	// Gone: the check found the rule of this confirmed automatic entry
	// before, but not in its latest run; maybe it was fixed.
	Gone bool
}

// Row prepares an entry for the tables.
func (d *adminPage) Row(is *Issue) issueRow {
	gone := d.Latest != nil && is.Source == Automatic && is.Status == Confirmed && is.LastCheckID != d.Latest.ID
	return issueRow{I: is, P: &d.Page, Gone: gone}
}
