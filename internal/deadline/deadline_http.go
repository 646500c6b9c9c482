package deadline

import (
	"context"
	"embed"
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Row is a deadline as the lists show it.
type Row struct {
	*Deadline
	Urgency     Urgency
	Explanation string
}

type listPage struct {
	web.Page
	Rows        []Row
	Pager       web.Pager
	Module      string
	Department  int64
	All         bool
	CanSeeAll   bool
	Modules     []web.Option
	Departments []web.Option
	DueSoon     int
}

// Routes registers the staff pages; guard lets logged-in staff through (each
// sees only the deadlines CanSee admits).
func (s *Service) Routes(mux *web.Mux, guard web.Guard) {
	staffOnly := guard(CanUse)
	mux.Handle("GET /admin/terminai", staffOnly(http.HandlerFunc(s.handleList)))
	mux.Handle("GET /admin/terminai/ataskaita", staffOnly(http.HandlerFunc(s.handleReport)))
	mux.Handle("GET /admin/terminai/{id}", staffOnly(http.HandlerFunc(s.handleShow)))
	mux.Handle("POST /admin/terminai/{id}/pratesti", staffOnly(http.HandlerFunc(s.handleExtend)))
	mux.Handle("POST /admin/terminai/{id}/sustabdyti", staffOnly(http.HandlerFunc(s.handlePause)))
	mux.Handle("POST /admin/terminai/{id}/testi", staffOnly(http.HandlerFunc(s.handleResume)))
}

// CanUse: every staff member has the "Terminai" page, listing what they
// answer for.
func CanUse(a actor.Actor) bool { return a.IsStaff() }

// seesAll: administrators and the reception editor may widen the list from
// their own deadlines to all they may see.
func seesAll(a actor.Actor) bool { return a.IsStaff(actor.RoleAdmin, actor.RoleReception) }

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	page, offset := web.PageNumber(q)
	d := &listPage{Page: web.StaffPage(w, r, "deadline.list.title"), Module: q.Get("modulis"), CanSeeAll: seesAll(a), DueSoon: s.DueSoon}
	d.Department = web.FormID(q.Get("padalinys"))
	d.All = d.CanSeeAll && q.Get("visi") == "1"
	f := Filter{Module: d.Module, DepartmentID: d.Department, Pending: true, Offset: offset}
	if !d.All {
		f.ResponsibleFor, f.ResponsibleDept = a.ID, a.DepartmentID
	}
	list, total, err := s.List(ctx, a, f)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	if d.Rows, err = s.rows(ctx, list, d.Lang); err != nil {
		s.render.Error(w, r, err)
		return
	}
	d.Pager = web.NewPager(&d.Page, "/admin/terminai", q, page, total)
	if d.Modules, d.Departments, err = s.filterOptions(ctx, &d.Page, a.InstitutionID); err != nil {
		s.render.Error(w, r, err)
		return
	}
	s.render.Render(w, r, http.StatusOK, "deadline_list", d)
}

// rows adds the urgency and the explanation of each due date.
func (s *Service) rows(ctx context.Context, list []*Deadline, lang string) ([]Row, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	out := make([]Row, 0, len(list))
	for _, d := range list {
		row := Row{Deadline: d, Urgency: d.UrgencyOn(cal, today, s.DueSoon)}
		if ex, err := Compute(cal, d.StartDate, d.Rule, d.PausedDays); err == nil {
			row.Explanation = ex.Text(lang)
		}
		out = append(out, row)
	}
	return out, nil
}

func (s *Service) filterOptions(ctx context.Context, p *web.Page, institutionID int64) ([]web.Option, []web.Option, error) {
	modules, err := Modules(ctx, s.db, institutionID)
	if err != nil {
		return nil, nil, err
	}
	mods := []web.Option{{Value: "", Label: p.T("deadline.filter.all_modules")}}
	for _, m := range modules {
		mods = append(mods, web.Option{Value: m, Label: p.T("deadline.module." + m)})
	}
	deps, err := institution.Departments(ctx, s.db, institutionID)
	if err != nil {
		return nil, nil, err
	}
	depts := []web.Option{{Value: "", Label: p.T("deadline.filter.all_departments")}}
	for _, dep := range deps {
		depts = append(depts, web.Option{Value: strconv.FormatInt(dep.ID, 10), Label: dep.Name})
	}
	return mods, depts, nil
}

type showPage struct {
	web.Page
	Row    Row
	Events []Event
	Form   struct {
		N                   string
		Unit                string
		Reason, PauseReason string
	}
	Units  []web.Option
	CanAct bool // the actions are shown only to whom may take them
}

func (s *Service) handleShow(w http.ResponseWriter, r *http.Request) {
	s.renderShow(w, r, http.StatusOK, &showPage{Page: web.StaffPage(w, r, "deadline.show.title")})
}

func (s *Service) renderShow(w http.ResponseWriter, r *http.Request, status int, d *showPage) {
	ctx := r.Context()
	a, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	dl, err := s.Get(ctx, a, id)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	rows, err := s.rows(ctx, []*Deadline{dl}, d.Lang)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d.Row, d.CanAct = rows[0], s.CanAct(a, dl)
	if d.Events, err = Events(ctx, s.db, id); err != nil {
		s.render.Error(w, r, err)
		return
	}
	if d.Form.Unit == "" {
		d.Form.Unit = dl.Rule.Unit.String()
	}
	for _, u := range []calendar.Unit{calendar.WorkingDays, calendar.CalendarDays, calendar.Months} {
		d.Units = append(d.Units, web.Option{Value: u.String(), Label: d.T("deadline.unit." + u.String())})
	}
	s.render.Render(w, r, status, "deadline_show", d)
}

// step runs a staff action on the deadline in the URL.
func (s *Service) step(w http.ResponseWriter, r *http.Request, flash string, run func(ctx context.Context, by actor.Actor, id, version int64) error) {
	ctx := r.Context()
	a, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	version := web.FormID(r.PostFormValue("version"))
	err := run(ctx, a, id, version)
	s.render.Finish(w, r, err, flash, "/admin/terminai/"+r.PathValue("id"), func(fe web.FieldErrors) {
		d := &showPage{Page: web.StaffPage(w, r, "deadline.show.title")}
		d.Errors = fe
		d.Form.N, d.Form.Unit = r.PostFormValue("n"), r.PostFormValue("unit")
		d.Form.Reason, d.Form.PauseReason = r.PostFormValue("reason"), r.PostFormValue("pause_reason")
		s.renderShow(w, r, http.StatusUnprocessableEntity, d)
	})
}

func (s *Service) handleExtend(w http.ResponseWriter, r *http.Request) {
	s.step(w, r, "deadline.flash.extended", func(ctx context.Context, by actor.Actor, id, version int64) error {
		n, err := strconv.Atoi(r.PostFormValue("n"))
		if err != nil {
			n = 0
		}
		return s.Extend(ctx, by, id, ExtendForm{N: n, Unit: r.PostFormValue("unit"), Reason: r.PostFormValue("reason"), Version: version})
	})
}

func (s *Service) handlePause(w http.ResponseWriter, r *http.Request) {
	s.step(w, r, "deadline.flash.paused", func(ctx context.Context, by actor.Actor, id, version int64) error {
		return s.Pause(ctx, by, id, version, r.PostFormValue("pause_reason"))
	})
}

func (s *Service) handleResume(w http.ResponseWriter, r *http.Request) {
	s.step(w, r, "deadline.flash.resumed", s.Resume)
}

type reportPage struct {
	web.Page
	From, To string
	Rows     []DepartmentReport
}

func (s *Service) handleReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	d := &reportPage{Page: web.StaffPage(w, r, "deadline.report.title"), From: r.URL.Query().Get("nuo"), To: r.URL.Query().Get("iki")}
	today := s.Today()
	if d.From == "" && d.To == "" {
		d.From, d.To = calendar.Date{Year: today.Year, Month: 1, Day: 1}.String(), today.String()
	}
	from, err1 := calendar.ParseDate(d.From)
	to, err2 := calendar.ParseDate(d.To)
	status := http.StatusOK
	switch {
	case err1 != nil:
		d.Errors.Add("nuo", "deadline.error.date")
	case err2 != nil:
		d.Errors.Add("iki", "deadline.error.date")
	case to.Before(from):
		d.Errors.Add("iki", "deadline.error.period")
	}
	if len(d.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	} else {
		var err error
		if d.Rows, err = Report(ctx, s.db, a.InstitutionID, from, to); err != nil {
			s.render.Error(w, r, err)
			return
		}
	}
	s.render.Render(w, r, status, "deadline_report", d)
}
