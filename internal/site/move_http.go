package site

import (
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

type movePage struct {
	web.Page
	P        *Page
	Targets  []web.Option
	TargetID int64
}

func (s *Service) handleMoveForm(w http.ResponseWriter, r *http.Request) {
	s.renderMove(w, r, http.StatusOK, &movePage{Page: web.StaffPage(w, r, "site.move.title")})
}

// renderMove shows where the page in the URL can move: the sections the
// actor may place it in (canPlace), its own left out.
func (s *Service) renderMove(w http.ResponseWriter, r *http.Request, status int, d *movePage) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	p, err := FindPage(ctx, s.db, in.ID, id)
	if err == nil && !canSee(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
		err = store.ErrNotFound
	}
	if err == nil && !canPlace(by, p, p.LegalActs) {
		err = web.ErrForbidden
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d.P = p
	d.Targets, err = s.moveTargets(r, by, p)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	s.render.Render(w, r, status, "site_page_move", d)
}

// moveTargets lists the sections p may move to for by, indented by depth.
func (s *Service) moveTargets(r *http.Request, by actor.Actor, p *Page) ([]web.Option, error) {
	tree, err := Tree(r.Context(), s.db, p.InstitutionID)
	if err != nil {
		return nil, err
	}
	page := web.Page{Lang: web.LangFrom(r)}
	opts := []web.Option{{Value: "", Label: page.T("site.field.section_choose")}}
	var walk func(secs []*Section, indent string)
	walk = func(secs []*Section, indent string) {
		for _, sec := range secs {
			if sec.ID != p.SectionID && canPlace(by, p, sec.LegalActs) {
				opts = append(opts, web.Option{Value: strconv.FormatInt(sec.ID, 10), Label: indent + sec.Title})
			}
			walk(sec.Children, indent+"— ")
		}
	}
	walk(tree, "")
	return opts, nil
}

func (s *Service) handleMovePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	target := web.FormID(r.PostFormValue("section_id"))
	err := s.MovePage(ctx, by, institution.FromContext(ctx), id, web.FormID(r.PostFormValue("version")), target)
	s.render.Finish(w, r, err, "site.flash.page_moved", "/admin/pages/"+strconv.FormatInt(id, 10), func(fe web.FieldErrors) {
		d := &movePage{Page: web.StaffPage(w, r, "site.move.title"), TargetID: target}
		d.Errors = fe
		s.renderMove(w, r, http.StatusUnprocessableEntity, d)
	})
}
