package site

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

type editPage struct {
	web.Page
	Form        PageForm
	PageRec     *Page // nil when creating
	Creating    bool
	Action      string
	Sections    []web.Option
	Departments []web.Option
	PickDept    bool // the author chooses the department
	// Orig is the content the form was opened on, sent back with it so that
	// an edit conflict can show what changed meanwhile.
	Orig     PageForm
	Conflict *Comparison // set when someone else saved first
	// The body editor's script: its interface text, the media library's
	// list, and the notice about raw HTML the page will not show.
	EditorStrings, MediaURL, RemovedHTML string
}

func parsePageForm(r *http.Request) *PageForm {
	f := &PageForm{
		Title: r.PostFormValue("title"), Body: strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n"),
		ResponsibleName: r.PostFormValue("responsible_name"), ResponsiblePhone: r.PostFormValue("responsible_phone"),
		ResponsibleEmail: r.PostFormValue("responsible_email"), TermEnd: r.PostFormValue("term_end"),
	}
	f.SectionID = web.FormID(r.PostFormValue("section_id"))
	f.DepartmentID = web.FormID(r.PostFormValue("department_id"))
	f.Version = web.FormID(r.PostFormValue("version"))
	f.Base = web.FormID(r.PostFormValue("base"))
	return f
}

// renderEdit shows the page editor with status (422 after a failed save,
// keeping everything typed).
func (s *Service) renderEdit(w http.ResponseWriter, r *http.Request, status int, d *editPage) {
	in := institution.FromContext(r.Context())
	by, _ := actor.From(r.Context())
	var err error
	if d.Sections, err = s.sectionOptions(r, in.ID, d.T("site.field.section_choose")); err == nil {
		d.Departments, err = s.departmentOptions(r, in.ID, d.T("site.field.department_none"))
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d.PickDept = !by.Role.NeedsDepartment()
	d.EditorStrings, d.MediaURL, d.RemovedHTML = editorStrings(d.Lang), mediaListURL, removedHTMLNotice(d.Lang, d.Form.Body)
	s.render.Render(w, r, status, "site_edit", d)
}

func (s *Service) handleNewPage(w http.ResponseWriter, r *http.Request) {
	u := staff.UserFrom(r.Context())
	d := &editPage{Page: web.StaffPage(w, r, "site.edit.new_title"), Creating: true, Action: "/admin/pages"}
	d.Form.SectionID = web.FormID(r.URL.Query().Get("skyrius"))
	d.Form.DepartmentID = u.DepartmentID
	d.Form.ResponsibleName, d.Form.ResponsiblePhone, d.Form.ResponsibleEmail = u.Name, u.Phone, u.Email
	d.Form.TermEnd = web.FormatDate(s.db.Now().AddDate(1, 0, 0))
	s.renderEdit(w, r, http.StatusOK, d)
}

func (s *Service) handleCreatePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := parsePageForm(r)
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	pageID, _, err := s.CreatePage(ctx, by, institution.FromContext(ctx), f)
	s.render.Finish(w, r, err, "site.flash.created", "/admin/pages/"+strconv.FormatInt(pageID, 10), func(fe web.FieldErrors) {
		d := &editPage{Page: web.StaffPage(w, r, "site.edit.new_title"), Creating: true, Action: "/admin/pages", Form: *f}
		d.Errors = fe
		s.renderEdit(w, r, http.StatusUnprocessableEntity, d)
	})
}

func (s *Service) handleEditPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	p, err := FindPage(ctx, s.db, in.ID, id)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	if !canEdit(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
		s.render.Error(w, r, web.ErrForbidden)
		return
	}
	d := &editPage{Page: web.StaffPage(w, r, "site.edit.title"), PageRec: p, Action: "/admin/pages/" + r.PathValue("id") + "/edit"}
	if d.Form, err = s.editorStart(ctx, in, p); err != nil {
		s.render.Error(w, r, err)
		return
	}
	d.Orig = d.Form
	s.renderEdit(w, r, http.StatusOK, d)
}

func (s *Service) handleSavePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	f := parsePageForm(r)
	_, err := s.SaveRevision(ctx, by, in, id, f)
	if errors.Is(err, store.ErrConflict) {
		s.renderConflict(w, r, id, f)
		return
	}
	s.render.Finish(w, r, err, "site.flash.saved", "/admin/pages/"+r.PathValue("id"), func(fe web.FieldErrors) {
		p, err := FindPage(ctx, s.db, in.ID, id)
		if err != nil {
			s.render.Error(w, r, err)
			return
		}
		f.SectionID, f.DepartmentID = p.SectionID, p.DepartmentID
		d := &editPage{Page: web.StaffPage(w, r, "site.edit.title"), PageRec: p, Action: r.URL.Path, Form: *f, Orig: parseOrig(r)}
		d.Errors = fe
		s.renderEdit(w, r, http.StatusUnprocessableEntity, d)
	})
}
