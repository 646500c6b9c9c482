package app

import (
	"net/http"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/web"
)

// chrome fills the layout's data from the request: language, the
// institution's header, and either the public navigation or the staff menu.
func (a *App) chrome(r *http.Request, p *web.Page) {
	p.Lang = web.LangFrom(r)
	in := institution.FromContext(r.Context())
	if in == nil {
		return
	}
	p.Header = web.Header{
		Name: in.Name, ShortName: in.ShortName, LegalForm: in.LegalForm, Address: in.Address,
		LegalCode: in.LegalCode, Register: in.Register, Phone: in.Phone, Fax: in.Fax, Email: in.Email,
		ControllerName: in.ControllerName, ControllerCode: in.ControllerCode, ControllerAddress: in.ControllerAddress,
		ControllerEmail: in.ControllerEmail, ControllerPhone: in.ControllerPhone, DPOEmail: in.DPOEmail,
	}
	if in.CoatOfArmsType != "" {
		p.Header.CoatOfArmsURL = "/herbas?v=" + in.UpdatedAt.Format("20060102150405")
	}
	if !p.Admin {
		p.Nav = a.Site.Nav(r.Context(), in, p.Lang, r.URL.Path)
		return
	}
	u := staff.UserFrom(r.Context())
	if u == nil {
		return
	}
	p.User = &web.Badge{Name: u.Name, Role: u.Role.Label()}
	type item struct{ url, key string }
	items := []item{{"/admin", "app.menu.pages"}, {"/admin/sections", "app.menu.sections"}, {"/admin/terminai", "app.menu.deadlines"},
		{"/admin/account", "app.menu.account"}}
	if u.HasRole(actor.RoleAdmin, actor.RoleReception) {
		items = append(items, item{"/admin/prieinamumas/atsiliepimai", "feedback.menu"})
	}
	if u.Role == actor.RoleAdmin {
		items = append(items, item{"/admin/institution", "app.menu.institution"}, item{"/admin/users", "app.menu.users"},
			item{"/admin/calendar", "app.menu.calendar"}, item{"/admin/prieinamumas", "statement.title"}, item{"/admin/outbox", "app.menu.outbox"}, item{"/admin/audit", "app.menu.audit"})
	}
	// The current item is the longest menu address the path starts with.
	current := ""
	for _, it := range items {
		if (r.URL.Path == it.url || (it.url != "/admin" && strings.HasPrefix(r.URL.Path, it.url+"/"))) && len(it.url) > len(current) {
			current = it.url
		}
	}
	for _, it := range items {
		p.AdminNav = append(p.AdminNav, web.NavItem{Title: p.T(it.key), URL: it.url, Current: it.url == current})
	}
}
