package site

import (
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

type sectionsPage struct {
	web.Page
	Rows      []sectionRow
	Form      SectionForm
	Parents   []web.Option
	CanManage bool
	Profile   *Profile
}

// sectionRow is a section in the structure table, indented by depth, with
// the menu steps it may take (order.go) and whether the menus leave it out.
type sectionRow struct {
	Section *Section
	Indent  string
	Steps   []orderStep
	Hidden  bool
}

type sectionEditPage struct {
	web.Page
	Section *Section
	Form    SectionForm
	Pages   []pageRow    // in menu order, with their steps
	Targets []web.Option // where the pages can go when the section is deleted
	PagesTo int64
}

func (s *Service) handleSections(w http.ResponseWriter, r *http.Request) {
	s.renderSections(w, r, http.StatusOK, &sectionsPage{Page: web.StaffPage(w, r, "site.sections.title")})
}

func (s *Service) renderSections(w http.ResponseWriter, r *http.Request, status int, d *sectionsPage) {
	ctx := r.Context()
	in := institution.FromContext(ctx)
	tree, err := Tree(ctx, s.db, in.ID)
	if err == nil {
		d.Parents, err = s.sectionOptions(r, in.ID, d.T("site.sections.top_level"))
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	hidden, err := hiddenSections(ctx, s.db, in.ID, tree, s.db.Now())
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	var walk func(secs []*Section, indent string)
	walk = func(secs []*Section, indent string) {
		for i, sec := range secs {
			action := "/admin/sections/" + strconv.FormatInt(sec.ID, 10) + "/order"
			d.Rows = append(d.Rows, sectionRow{Section: sec, Indent: indent, Hidden: hidden[sec.ID],
				Steps: orderSteps(action, sec.UpdatedAt.UnixMilli(), sec.Title,
					i > 0 && canSwap(sec, secs[i-1]), i < len(secs)-1 && canSwap(sec, secs[i+1]))})
			walk(sec.Children, indent+"— ")
		}
	}
	walk(tree, "")
	by, _ := actor.From(ctx)
	d.CanManage = CanManageSections(by)
	d.Profile, _ = ProfileByVersion(in.StructureProfile)
	s.render.Render(w, r, status, "site_sections", d)
}

func (s *Service) handleCreateSection(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := &SectionForm{Title: r.PostFormValue("title")}
	f.ParentID = web.FormID(r.PostFormValue("parent_id"))
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	_, err := s.CreateSection(ctx, by, institution.FromContext(ctx), f)
	s.render.Finish(w, r, err, "site.flash.section_created", "/admin/sections", func(fe web.FieldErrors) {
		d := &sectionsPage{Page: web.StaffPage(w, r, "site.sections.title"), Form: *f}
		d.Errors = fe
		s.renderSections(w, r, http.StatusUnprocessableEntity, d)
	})
}

func (s *Service) handleEditSection(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	sec, err := FindSection(ctx, s.db, by.InstitutionID, id)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	if !CanManageSections(by) {
		s.render.Error(w, r, web.ErrForbidden)
		return
	}
	d := &sectionEditPage{Page: web.StaffPage(w, r, "site.section_edit.title"), Section: sec,
		Form: SectionForm{Title: sec.Title, NotProvided: sec.NotProvided, Version: sec.UpdatedAt.UnixMilli()}}
	s.renderSectionEdit(w, r, http.StatusOK, d)
}

// renderSectionEdit shows a section's form with its pages in menu order and,
// for a free section, the form that deletes it.
func (s *Service) renderSectionEdit(w http.ResponseWriter, r *http.Request, status int, d *sectionEditPage) {
	pages, err := sectionPages(r.Context(), s.db, d.Section.ID, s.db.Now())
	if err == nil && !d.Section.Mandated() {
		d.Targets, err = s.sectionOptions(r, d.Section.InstitutionID, d.T("site.field.section_choose"))
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	for i, p := range pages {
		action := "/admin/pages/" + strconv.FormatInt(p.ID, 10) + "/order"
		d.Pages = append(d.Pages, pageRow{SectionPage: p,
			Steps: orderSteps(action, d.Section.UpdatedAt.UnixMilli(), p.Title, i > 0, i < len(pages)-1)})
	}
	s.render.Render(w, r, status, "site_section_edit", d)
}

func (s *Service) handleSaveSection(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	in := institution.FromContext(ctx)
	id, err := web.PathID(r, "id")
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	f := &SectionForm{Title: r.PostFormValue("title"), NotProvided: r.PostFormValue("not_provided")}
	f.Version = web.FormID(r.PostFormValue("version"))
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	err = s.UpdateSection(ctx, by, in, id, f)
	s.render.Finish(w, r, err, "site.flash.section_saved", "/admin/sections", func(fe web.FieldErrors) {
		sec, err := FindSection(ctx, s.db, in.ID, id)
		if err != nil {
			s.render.Error(w, r, err)
			return
		}
		d := &sectionEditPage{Page: web.StaffPage(w, r, "site.section_edit.title"), Section: sec, Form: *f}
		d.Errors = fe
		s.renderSectionEdit(w, r, http.StatusUnprocessableEntity, d)
	})
}

func (s *Service) handleDeleteSection(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	pagesTo := web.FormID(r.PostFormValue("pages_to"))
	err = s.DeleteSection(ctx, by, in, id, pagesTo)
	s.render.Finish(w, r, err, "site.flash.section_deleted", "/admin/sections", func(fe web.FieldErrors) {
		if fe.For("pages_to") == nil {
			d := &sectionsPage{Page: web.StaffPage(w, r, "site.sections.title")}
			d.Errors = fe
			s.renderSections(w, r, http.StatusUnprocessableEntity, d)
			return
		}
		// The pages need a place: the section's own page asks for it.
		sec, err := FindSection(ctx, s.db, in.ID, id)
		if err != nil {
			s.render.Error(w, r, err)
			return
		}
		d := &sectionEditPage{Page: web.StaffPage(w, r, "site.section_edit.title"), Section: sec, PagesTo: pagesTo,
			Form: SectionForm{Title: sec.Title, NotProvided: sec.NotProvided, Version: sec.UpdatedAt.UnixMilli()}}
		d.Errors = fe
		s.renderSectionEdit(w, r, http.StatusUnprocessableEntity, d)
	})
}
