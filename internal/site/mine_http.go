package site

import (
	"net/http"

	"github.com/savivalda/savivalda/internal/web"
)

// MinePath is a contributor's "Mano pateikti": everything they wrote, with
// where it stands (WEB-20, WEB-21).
const MinePath = "/admin/mano-pateikti"

type minePage struct {
	web.Page
	Items []MineItem
	Pager web.Pager
}

func (s *Service) handleMine(w http.ResponseWriter, r *http.Request) {
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	page, offset := web.PageNumber(q)
	items, total, err := FindMine(r.Context(), s.db, by, offset, s.db.Now())
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d := &minePage{Page: web.StaffPage(w, r, "site.mine.title"), Items: items}
	d.Crumbs = []web.Crumb{{Title: d.T("site.dashboard.title"), URL: "/admin"}, {Title: d.Title}}
	d.Pager = web.NewPager(&d.Page, MinePath, q, page, total)
	s.render.Render(w, r, http.StatusOK, "site_mine", d)
}
