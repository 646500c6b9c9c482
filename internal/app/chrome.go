package app

import (
	"net/http"
	"strings"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/feedback"
	"github.com/savivalda/savivalda/internal/holidays"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/media"
	"github.com/savivalda/savivalda/internal/outbox"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/statement"
	"github.com/savivalda/savivalda/internal/web"
)

// chrome fills the layout's data from the request: language, the
// institution's header, and either the public navigation or the staff menu.
// It fails only when the navigation cannot be read.
func (a *App) chrome(r *http.Request, p *web.Page) error {
	p.Lang = web.LangFrom(r)
	in := institution.FromContext(r.Context())
	if in == nil {
		return nil
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
		var err error
		p.Nav, err = a.Site.Nav(r.Context(), in, p.Lang, r.URL.Path)
		return err
	}
	u := staff.UserFrom(r.Context())
	if u == nil {
		return nil
	}
	p.User = &web.Badge{Name: u.Name, Role: u.Role.Label()}
	// The menu asks each capability's own policy, the one its routes are
	// guarded with, so a link is shown exactly when it can be used.
	by := u.Actor()
	var items []menuItem
	for _, it := range a.menu {
		if it.policy(by) {
			items = append(items, it)
		}
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
	return nil
}

// menuItem is one entry of the staff menu and the policy that guards it.
type menuItem struct {
	url, key string
	policy   web.Policy
}

// staffMenu is the staff area's menu, in order.
func staffMenu() []menuItem {
	return []menuItem{
		{"/admin", "app.menu.pages", site.CanUse},
		{site.MinePath, "app.menu.mine", site.CanUse},
		{"/admin/sections", "app.menu.sections", site.CanUse},
		{"/admin/redirects", "site.redirects.menu", site.CanManageRedirects},
		{"/admin/media", "media.title", media.CanUse},
		{"/admin/terminai", "app.menu.deadlines", deadline.CanUse},
		{"/admin/account", "app.menu.account", staff.CanUseAccount},
		{"/admin/prieinamumas/atsiliepimai", "feedback.menu", feedback.CanHandle},
		{"/admin/institution", "app.menu.institution", institution.CanManage},
		{"/admin/users", "app.menu.users", staff.CanManageUsers},
		{"/admin/calendar", "app.menu.calendar", holidays.CanSee},
		{"/admin/prieinamumas", "statement.title", statement.CanEdit},
		{"/admin/outbox", "app.menu.outbox", outbox.CanManage},
		{"/admin/audit", "app.menu.audit", audit.CanRead},
	}
}
