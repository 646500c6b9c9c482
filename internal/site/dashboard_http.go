package site

import (
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

type dashboardPage struct {
	web.Page
	List        string
	Tabs        []web.NavItem
	Items       []WorkItem
	Pager       web.Pager
	Filter      WorkFilter
	Sections    []web.Option
	Departments []web.Option
}

func (s *Service) handleDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	list := q.Get("sarasas")
	if list == "" {
		list = ListDrafts
		if canPublish(by, by.InstitutionID, by.DepartmentID, by.Role == actor.RoleLegalPublisher) {
			list = ListReview
		}
	}
	valid := false
	for _, l := range Lists {
		valid = valid || l == list
	}
	if !valid {
		s.render.NotFound(w, r)
		return
	}
	page, offset := web.PageNumber(q)
	f := WorkFilter{List: list, Query: q.Get("q"), Offset: offset}
	f.SectionID = web.FormID(q.Get("skyrius"))
	f.DepartmentID = web.FormID(q.Get("padalinys"))
	items, total, err := FindWork(ctx, s.db, by, f, s.db.Now())
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	counts, err := CountWork(ctx, s.db, by, s.db.Now())
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d := &dashboardPage{Page: web.StaffPage(w, r, "site.dashboard.title"), List: list, Items: items, Filter: f}
	for _, l := range Lists {
		d.Tabs = append(d.Tabs, web.NavItem{Title: d.T("site.list.count", d.T("site.list."+l), counts[l]), URL: "/admin?sarasas=" + l, Current: l == list})
	}
	d.Pager = web.NewPager(&d.Page, "/admin", q, page, total)
	if d.Sections, err = s.sectionOptions(r, by.InstitutionID, d.T("site.filter.all_sections")); err != nil {
		s.render.Error(w, r, err)
		return
	}
	if d.Departments, err = s.departmentOptions(r, by.InstitutionID, d.T("site.filter.all_departments")); err != nil {
		s.render.Error(w, r, err)
		return
	}
	s.render.Render(w, r, http.StatusOK, "site_dashboard", d)
}

// sectionOptions lists the sections for a select, children indented.
func (s *Service) sectionOptions(r *http.Request, institutionID int64, first string) ([]web.Option, error) {
	tree, err := Tree(r.Context(), s.db, institutionID)
	if err != nil {
		return nil, err
	}
	opts := []web.Option{{Value: "", Label: first}}
	var walk func(secs []*Section, indent string)
	walk = func(secs []*Section, indent string) {
		for _, sec := range secs {
			opts = append(opts, web.Option{Value: strconv.FormatInt(sec.ID, 10), Label: indent + sec.Title})
			walk(sec.Children, indent+"— ")
		}
	}
	walk(tree, "")
	return opts, nil
}

func (s *Service) departmentOptions(r *http.Request, institutionID int64, first string) ([]web.Option, error) {
	deps, err := institution.Departments(r.Context(), s.db, institutionID)
	if err != nil {
		return nil, err
	}
	opts := []web.Option{{Value: "", Label: first}}
	for _, d := range deps {
		opts = append(opts, web.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	return opts, nil
}
