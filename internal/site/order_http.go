package site

import (
	"context"
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

// orderStep is one up or down button: a form of its own.
type orderStep struct {
	Action    string
	Version   int64
	Direction string // "up" or "down"
	Label     string // catalogue key
	Name      string // what moves, for screen readers
}

func orderSteps(action string, version int64, name string, up, down bool) []orderStep {
	var out []orderStep
	if up {
		out = append(out, orderStep{action, version, "up", "site.order.up", name})
	}
	if down {
		out = append(out, orderStep{action, version, "down", "site.order.down", name})
	}
	return out
}

// pageRow is a page in a section's list with its steps.
type pageRow struct {
	SectionPage
	Steps []orderStep
}

// runOrderStep reads a menu step's form — direction and version — runs it on
// the object in the URL and goes back to next; a refused step shows the
// structure with the reason.
func (s *Service) runOrderStep(w http.ResponseWriter, r *http.Request, next func(id int64) string,
	step func(ctx context.Context, by actor.Actor, in *institution.Institution, id, version int64, dir Direction) error) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	// A direction that is neither is refused by the step, after its policy.
	err := step(ctx, by, institution.FromContext(ctx), id, web.FormID(r.PostFormValue("version")), ParseDirection(r.PostFormValue("direction")))
	s.render.Finish(w, r, err, "site.flash.order_saved", next(id), func(fe web.FieldErrors) {
		d := &sectionsPage{Page: web.StaffPage(w, r, "site.sections.title")}
		d.Errors = fe
		s.renderSections(w, r, http.StatusUnprocessableEntity, d)
	})
}

func (s *Service) handleOrderSection(w http.ResponseWriter, r *http.Request) {
	s.runOrderStep(w, r, func(id int64) string { return "/admin/sections#s-" + strconv.FormatInt(id, 10) }, s.MoveSection)
}

func (s *Service) handleOrderPage(w http.ResponseWriter, r *http.Request) {
	in := institution.FromContext(r.Context())
	s.runOrderStep(w, r, func(id int64) string {
		if p, err := FindPage(r.Context(), s.db, in.ID, id); err == nil {
			return "/admin/sections/" + strconv.FormatInt(p.SectionID, 10) + "#p-" + strconv.FormatInt(id, 10)
		}
		return "/admin/sections"
	}, s.MovePageInSection)
}
