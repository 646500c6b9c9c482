package site

import (
	"net/http"

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

// sectionRow is a section in the structure table, indented by depth.
type sectionRow struct {
	Section *Section
	Indent  string
}

type sectionEditPage struct {
	web.Page
	Section *Section
	Form    SectionForm
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
	var walk func(secs []*Section, indent string)
	walk = func(secs []*Section, indent string) {
		for _, sec := range secs {
			d.Rows = append(d.Rows, sectionRow{Section: sec, Indent: indent})
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
	s.render.Render(w, r, http.StatusOK, "site_section_edit", d)
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
		s.render.Render(w, r, http.StatusUnprocessableEntity, "site_section_edit", d)
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
	err = s.DeleteSection(ctx, by, institution.FromContext(ctx), id)
	s.render.Finish(w, r, err, "site.flash.section_deleted", "/admin/sections", func(fe web.FieldErrors) {
		d := &sectionsPage{Page: web.StaffPage(w, r, "site.sections.title")}
		d.Errors = fe
		s.renderSections(w, r, http.StatusUnprocessableEntity, d)
	})
}
