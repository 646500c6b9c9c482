package app_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/feedback"
	"github.com/savivalda/savivalda/internal/holidays"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/media"
	"github.com/savivalda/savivalda/internal/outbox"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/statement"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

// The access matrix (X-02, X-04, WEB-19, WEB-20, WEB-21, EPS-13): every
// registered route — enumerated from the router itself, so a new route
// without an entry here fails the test — is requested by a visitor, by a
// member of staff in every role (of department A, of department B or C,
// without one), and by another institution's administrator, on objects of
// department A, of department B and of the other institution, on both
// databases. Each answer is one of: allowed (the service went to work: a
// page, a redirect after a change, or its refusal of the form's content as
// 409/422), denied (403 or 404: nothing is told of the object), or sent to
// the login. A 5xx fails wherever it appears.

// The people who ask. otherAdmin logs in on the other institution's host.
var matrixActors = []string{"visitor", "contributorC", "contributorA", "editorB", "editorA", "legal", "reception", "otherAdmin", "admin"}

// owner is whose object a route's {id} names.
type owner int

const (
	ownA     owner = iota // the institution's, department A
	ownB                  // the institution's, department B (or general)
	ownOther              // the other institution's
)

func (o owner) String() string { return [...]string{"dept A", "dept B", "other institution"}[o] }

type outcome int

const (
	allowed outcome = iota
	denied
	login
	open // a public address: never a login or a 403; 404 where nothing is there
)

func (o outcome) String() string { return [...]string{"allowed", "denied", "login", "open"}[o] }

// rule is who may use a route with an object of owner o.
type rule func(who string, o owner) outcome

// staffOnly: a visitor goes to the login; staff of the institution are
// judged by may; the other institution's administrator only ever reaches
// their own institution's objects, which no route here names, so they are
// denied — except where the route names no object (o is ownA then).
func staffOnly(may func(who string, o owner) bool) rule {
	return func(who string, o owner) outcome {
		switch {
		case who == "visitor":
			return login
		case who == "otherAdmin":
			// The other institution's administrator, on their own host:
			// an administrator there, a stranger to our objects.
			if o == ownOther && may("admin", ownA) {
				return allowed
			}
			return denied
		case o == ownOther:
			return denied
		case may(who, o):
			return allowed
		}
		return denied
	}
}

func roles(names ...string) func(string, owner) bool {
	return func(who string, _ owner) bool {
		for _, n := range names {
			if n == who {
				return true
			}
		}
		return false
	}
}

// anyStaff admits every member of staff: the page shows each what is theirs.
var anyStaff = staffOnly(func(string, owner) bool { return true })

// ownInstitution: the other institution's administrator, logged in on their
// own host, is allowed on a route that names no object of ours.
func ownInstitution(r rule) rule {
	return func(who string, o owner) outcome {
		if who == "otherAdmin" && o == ownA {
			return allowed
		}
		return r(who, o)
	}
}

// ownSession: ending a session names one of one's own; the form names
// none, so staff are told it is not found, and a visitor goes to log in.
var ownSession = rule(func(who string, _ owner) outcome {
	if who == "visitor" {
		return login
	}
	return denied
})

// nationalDays: Government-declared days off move every institution's
// deadlines, so on an installation of several institutions no
// institution's staff changes them; the operator does, from the command
// line (X-04).
var nationalDays = staffOnly(roles())

var (
	adminOnly      = staffOnly(roles("admin"))
	adminReception = staffOnly(roles("admin", "reception"))
	public         = rule(func(string, owner) outcome { return open })
)

// Pages follow site/access.go's table.
var (
	// pageEdit, which is also who sees a page's overview and drafts: the
	// staff of its department, the reception editor and the administrator;
	// the legal-acts publisher only legal acts, and these pages are not.
	pageEdit    = staffOnly(pageEditor)
	pageApprove = staffOnly(func(who string, o owner) bool {
		return roles("admin", "reception")(who, o) || (o == ownA && who == "editorA") || (o == ownB && who == "editorB")
	})
	pageRemove = staffOnly(roles("admin"))
	// pageDraftDelete: who edits the page, but a contributor only their own
	// drafts (the fixtures' revisions are the administrator's).
	pageDraftDelete = staffOnly(func(who string, o owner) bool { return who != "contributorA" && pageEditor(who, o) })
	// A new page's preview: every member of staff who writes pages outside
	// the legal acts (a page without a section chosen is not a legal act).
	newPagePreview = ownInstitution(staffOnly(func(who string, _ owner) bool { return who != "legal" }))
)

func pageEditor(who string, o owner) bool {
	return roles("admin", "reception")(who, o) || inDept(who, o)
}

// fileSee: a file no public page uses is there only for those who may
// change its item (media/access.go, the same as pages of its department);
// to everyone else, visitors included, it is not there at all.
var fileSee = rule(func(who string, o owner) outcome {
	if who == "visitor" {
		return denied
	}
	return pageEdit(who, o)
})

func inDept(who string, o owner) bool {
	return (o == ownA && (who == "editorA" || who == "contributorA")) || (o == ownB && who == "editorB")
}

// Deadlines: A's is the review of department A's page; B's is an
// accessibility feedback item's, with the resident's contacts (no department).
var (
	deadlineSee = staffOnly(func(who string, o owner) bool {
		if o == ownA {
			return roles("admin", "reception", "editorA", "contributorA")(who, o)
		}
		return roles("admin", "reception")(who, o)
	})
	deadlineAct = staffOnly(func(who string, o owner) bool {
		if o == ownA {
			return roles("admin", "reception", "editorA")(who, o)
		}
		return roles("admin", "reception")(who, o)
	})
)

// route is one pattern's request: the path for an object of each owner (the
// same for routes without an object) and who may use it.
type route struct {
	path    func(f *fixtures, o owner) string
	objects bool // the route names an object: try all three owners
	rule    rule
}

func fixed(p string) func(*fixtures, owner) string { return func(*fixtures, owner) string { return p } }

func object(format string, id func(f *fixtures, o owner) int64) func(*fixtures, owner) string {
	return func(f *fixtures, o owner) string { return fmt.Sprintf(format, id(f, o)) }
}

// fixtures are the objects the routes name, per owner.
type fixtures struct {
	page, revision, section, deadline, feedback, message, issue, user, department, media [3]int64
	receipt                                                                              string

	t   *testing.T
	e   *apptest.Env
	seq int // numbers fresh objects
}

// newSection is a fresh free section of owner o, for a route that removes
// what it names: every request gets one of its own.
func (f *fixtures) newSection(o owner) int64 {
	f.t.Helper()
	by, in := f.e.Users["admin"].Actor(), f.e.In
	if o == ownOther {
		by, in = f.e.Users["otherAdmin"].Actor(), f.e.Other
	}
	f.seq++
	id, err := f.e.App.Site.CreateSection(context.Background(), by, in, &site.SectionForm{Title: fmt.Sprintf("Laikinas %d", f.seq)})
	if err != nil {
		f.t.Fatalf("section: %v", err)
	}
	return id
}

// newRedirect is a fresh manual redirect of owner o, for the route that
// removes what it names.
func (f *fixtures) newRedirect(o owner) int64 {
	f.t.Helper()
	by, in := f.e.Users["admin"].Actor(), f.e.In
	if o == ownOther {
		by, in = f.e.Users["otherAdmin"].Actor(), f.e.Other
	}
	f.seq++
	id, err := f.e.App.Site.AddRedirect(context.Background(), by, in, &site.RedirectForm{From: fmt.Sprintf("/senas-%d", f.seq), To: "/"})
	if err != nil {
		f.t.Fatalf("redirect: %v", err)
	}
	return id
}

// newUser is a fresh staff account of owner o, for a route whose change
// (a forced password change ends the account's sessions) would spoil the
// accounts the other requests log in with.
func (f *fixtures) newUser(o owner) int64 {
	f.t.Helper()
	in, dept := f.e.In, f.e.Depts["A"]
	switch o {
	case ownB:
		dept = f.e.Depts["B"]
	case ownOther:
		in, dept = f.e.Other, 0
	}
	f.seq++
	pw, err := staff.NewPassword(apptest.Password)
	if err != nil {
		f.t.Fatal(err)
	}
	u := &staff.User{InstitutionID: in.ID, Email: fmt.Sprintf("laikinas%d@savivaldybe.lt", f.seq), Name: fmt.Sprintf("Laikinas Darbuotojas %d", f.seq),
		Role: actor.RoleContributor, DepartmentID: dept}
	if o == ownOther {
		u.Role = actor.RoleReception
	}
	err = f.e.DB.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := staff.CreateUser(context.Background(), tx, actor.NewJob("test", in.ID), u, pw)
		return err
	})
	if err != nil {
		f.t.Fatalf("user: %v", err)
	}
	return u.ID
}

// newDay is a fresh extra day off, for the route that removes one.
func (f *fixtures) newDay() int64 {
	f.t.Helper()
	ctx := context.Background()
	cal, err := f.e.App.Deadlines.Calendar(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	d := calendar.Date{Year: time.Now().Year() + 1, Month: 2, Day: 1}
	for !cal.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	if err := holidays.NewService(f.e.DB, f.e.App.Deadlines.Recompute).Add(ctx, actor.NewJob("test", 0), d.String(), "Papildoma poilsio diena", "Vyriausybės nutarimas"); err != nil {
		f.t.Fatalf("day off: %v", err)
	}
	days, err := holidays.List(ctx, f.e.DB, d.Year)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, day := range days {
		if day.Date == d {
			return day.ID
		}
	}
	f.t.Fatalf("day off %s not stored", d)
	return 0
}

func matrix() map[string]route {
	id := func(field func(f *fixtures) *[3]int64) func(*fixtures, owner) int64 {
		return func(f *fixtures, o owner) int64 { return field(f)[o] }
	}
	page := id(func(f *fixtures) *[3]int64 { return &f.page })
	rev := id(func(f *fixtures) *[3]int64 { return &f.revision })
	sec := id(func(f *fixtures) *[3]int64 { return &f.section })
	dl := id(func(f *fixtures) *[3]int64 { return &f.deadline })
	fb := id(func(f *fixtures) *[3]int64 { return &f.feedback })
	msg := id(func(f *fixtures) *[3]int64 { return &f.message })
	issue := id(func(f *fixtures) *[3]int64 { return &f.issue })
	user := id(func(f *fixtures) *[3]int64 { return &f.user })
	dept := id(func(f *fixtures) *[3]int64 { return &f.department })
	file := id(func(f *fixtures) *[3]int64 { return &f.media })
	obj := func(format string, id func(*fixtures, owner) int64, r rule) route {
		return route{path: object(format, id), objects: true, rule: r}
	}
	at := func(path string, r rule) route { return route{path: fixed(path), rule: r} }
	return map[string]route{
		"GET /healthz":                       at("/healthz", public),
		"GET /static/{hash}/{name...}":       at(web.AssetURL("site.css"), public),
		"GET /kalba/{lang}":                  at("/kalba/en?grizti=%2F", public),
		"GET /admin/login":                   at("/admin/login", public),
		"POST /admin/login":                  at("/admin/login", public),
		"POST /admin/logout":                 at("/admin/logout", public),
		"GET /admin/users":                   at("/admin/users", ownInstitution(adminOnly)),
		"GET /admin/users/new":               at("/admin/users/new", ownInstitution(adminOnly)),
		"POST /admin/users/new":              at("/admin/users/new", ownInstitution(adminOnly)),
		"GET /admin/users/{id}":              obj("/admin/users/%d", user, adminOnly),
		"POST /admin/users/{id}":             obj("/admin/users/%d", user, adminOnly),
		"POST /admin/login/oidc":             at("/admin/login/oidc", public),
		"GET /admin/login/oidc/callback":     at("/admin/login/oidc/callback", public),
		"GET /admin/login/code":              at("/admin/login/code", public),
		"POST /admin/login/code":             at("/admin/login/code", public),
		"GET /admin/login/enrol":             at("/admin/login/enrol", public),
		"POST /admin/login/enrol":            at("/admin/login/enrol", public),
		"GET /admin/account/totp":            at("/admin/account/totp", ownInstitution(anyStaff)),
		"POST /admin/account/totp/start":     at("/admin/account/totp/start", ownInstitution(anyStaff)),
		"POST /admin/account/totp/confirm":   at("/admin/account/totp/confirm", ownInstitution(anyStaff)),
		"POST /admin/account/totp/disable":   at("/admin/account/totp/disable", ownInstitution(anyStaff)),
		"POST /admin/users/{id}/totp/reset":  obj("/admin/users/%d/totp/reset", user, adminOnly),
		"GET /admin/institution/login":       at("/admin/institution/login", ownInstitution(adminOnly)),
		"POST /admin/institution/login":      at("/admin/institution/login", ownInstitution(adminOnly)),
		"GET /admin/password/forgot":         at("/admin/password/forgot", public),
		"POST /admin/password/forgot":        at("/admin/password/forgot", public),
		"GET /admin/password/reset/{token}":  at("/admin/password/reset/nebegalioja", public),
		"POST /admin/password/reset/{token}": at("/admin/password/reset/nebegalioja", public),
		"GET /admin/account":                 at("/admin/account", ownInstitution(anyStaff)),
		"POST /admin/account/password":       at("/admin/account/password", ownInstitution(anyStaff)),
		"GET /admin/account/sessions":        at("/admin/account/sessions", ownInstitution(anyStaff)),
		"POST /admin/account/notifications":  at("/admin/account/notifications", ownInstitution(anyStaff)),
		"POST /admin/account/sessions/end":   at("/admin/account/sessions/end", ownSession),
		"GET /admin/users/domains":           at("/admin/users/domains", ownInstitution(adminOnly)),
		"POST /admin/users/domains":          at("/admin/users/domains", ownInstitution(adminOnly)),
		"POST /admin/users/{id}/force-password-change": {path: func(f *fixtures, o owner) string {
			return fmt.Sprintf("/admin/users/%d/force-password-change", f.newUser(o))
		}, objects: true, rule: adminOnly},
		"GET /herbas":                          at("/herbas", public),
		"GET /admin/institution":               at("/admin/institution", ownInstitution(adminOnly)),
		"POST /admin/institution":              at("/admin/institution", ownInstitution(adminOnly)),
		"POST /admin/institution/coat-of-arms": at("/admin/institution/coat-of-arms", ownInstitution(adminOnly)),
		"GET /admin/departments":               at("/admin/departments", ownInstitution(adminOnly)),
		"POST /admin/departments":              at("/admin/departments", ownInstitution(adminOnly)),
		"POST /admin/departments/{id}":         obj("/admin/departments/%d", dept, adminOnly),
		"GET /admin/audit":                     at("/admin/audit", ownInstitution(adminOnly)),
		"GET /admin/audit.csv":                 at("/admin/audit.csv", ownInstitution(adminOnly)),
		"GET /admin/calendar":                  at("/admin/calendar", ownInstitution(adminOnly)),
		"POST /admin/calendar":                 at("/admin/calendar", nationalDays),
		"POST /admin/calendar/{id}/remove": route{path: func(f *fixtures, _ owner) string {
			return fmt.Sprintf("/admin/calendar/%d/remove", f.newDay())
		}, rule: nationalDays},
		"GET /admin/outbox":                    at("/admin/outbox", ownInstitution(adminOnly)),
		"GET /admin/outbox/{id}":               obj("/admin/outbox/%d", msg, adminOnly),
		"POST /admin/outbox/{id}/retry":        obj("/admin/outbox/%d/retry", msg, adminOnly),
		"GET /admin/terminai":                  at("/admin/terminai", ownInstitution(anyStaff)),
		"GET /admin/terminai/ataskaita":        at("/admin/terminai/ataskaita", ownInstitution(anyStaff)),
		"GET /admin/terminai/{id}":             obj("/admin/terminai/%d", dl, deadlineSee),
		"POST /admin/terminai/{id}/pratesti":   obj("/admin/terminai/%d/pratesti", dl, deadlineAct),
		"POST /admin/terminai/{id}/sustabdyti": obj("/admin/terminai/%d/sustabdyti", dl, deadlineAct),
		"POST /admin/terminai/{id}/testi":      obj("/admin/terminai/%d/testi", dl, deadlineAct),
		"GET /prieinamumas/atsiliepimas":       at("/prieinamumas/atsiliepimas", public),
		"POST /prieinamumas/atsiliepimas":      at("/prieinamumas/atsiliepimas", public),
		"GET /prieinamumas/atsiliepimas/gauta": at("/prieinamumas/atsiliepimas/gauta", public),
		"GET /prieinamumas/atsiliepimas/gauta/{receipt}": route{path: func(f *fixtures, _ owner) string {
			return "/prieinamumas/atsiliepimas/gauta/" + f.receipt
		}, rule: public},
		"GET /admin/prieinamumas/atsiliepimai":                at("/admin/prieinamumas/atsiliepimai", ownInstitution(adminReception)),
		"GET /admin/prieinamumas/atsiliepimai/{id}":           obj("/admin/prieinamumas/atsiliepimai/%d", fb, adminReception),
		"POST /admin/prieinamumas/atsiliepimai/{id}/atsakyti": obj("/admin/prieinamumas/atsiliepimai/%d/atsakyti", fb, adminReception),
		"POST /admin/prieinamumas/atsiliepimai/{id}/uzdaryti": obj("/admin/prieinamumas/atsiliepimai/%d/uzdaryti", fb, adminReception),
		"GET /prieinamumas":                                   at("/prieinamumas", public),
		"GET /prieinamumas.json":                              at("/prieinamumas.json", public),
		"GET /admin/prieinamumas":                             at("/admin/prieinamumas", ownInstitution(adminOnly)),
		"POST /admin/prieinamumas":                            at("/admin/prieinamumas", ownInstitution(adminOnly)),
		"POST /admin/prieinamumas/perziura":                   at("/admin/prieinamumas/perziura", ownInstitution(adminOnly)),
		"GET /admin/prieinamumas/irasai/naujas":               at("/admin/prieinamumas/irasai/naujas", ownInstitution(adminOnly)),
		"POST /admin/prieinamumas/irasai":                     at("/admin/prieinamumas/irasai", ownInstitution(adminOnly)),
		"GET /admin/prieinamumas/irasai/{id}":                 obj("/admin/prieinamumas/irasai/%d", issue, adminOnly),
		"POST /admin/prieinamumas/irasai/{id}":                obj("/admin/prieinamumas/irasai/%d", issue, adminOnly),
		"POST /admin/prieinamumas/irasai/{id}/patvirtinti":    obj("/admin/prieinamumas/irasai/%d/patvirtinti", issue, adminOnly),
		"POST /admin/prieinamumas/irasai/{id}/salinti":        obj("/admin/prieinamumas/irasai/%d/salinti", issue, adminOnly),
		"GET /failai/{id}/{rest...}":                          obj("/failai/%d/langas.png", file, fileSee),
		"GET /admin/media":                                    at("/admin/media", ownInstitution(anyStaff)),
		"GET /admin/media.json":                               at("/admin/media.json", ownInstitution(anyStaff)),
		"GET /admin/media/upload":                             at("/admin/media/upload", ownInstitution(anyStaff)),
		"POST /admin/media/upload":                            at("/admin/media/upload", ownInstitution(anyStaff)),
		"GET /admin/media/{id}":                               obj("/admin/media/%d", file, pageEdit),
		"POST /admin/media/{id}":                              obj("/admin/media/%d", file, pageEdit),
		"POST /admin/media/{id}/replace":                      obj("/admin/media/%d/replace", file, pageEdit),
		"POST /admin/media/{id}/delete":                       obj("/admin/media/%d/delete", file, pageEdit),
		"GET /{$}":                                            at("/", public),
		"GET /informacijos-rodykle":                           at("/informacijos-rodykle", public),
		"GET /archyvas":                                       at("/archyvas", public),
		"GET /archyvas/{path...}":                             at("/archyvas/", public),
		"GET /slapuku-politika":                               at("/slapuku-politika", public),
		"GET /{path...}":                                      at("/struktura-ir-kontaktai", public),
		"GET /admin":                                          at("/admin", ownInstitution(anyStaff)),
		"GET /admin/mano-pateikti":                            at("/admin/mano-pateikti", ownInstitution(anyStaff)),
		"GET /admin/pages/new":                                at("/admin/pages/new", ownInstitution(anyStaff)),
		"POST /admin/pages":                                   at("/admin/pages", ownInstitution(anyStaff)),
		"GET /admin/pages/{id}":                               obj("/admin/pages/%d", page, pageEdit),
		"GET /admin/pages/{id}/edit":                          obj("/admin/pages/%d/edit", page, pageEdit),
		"POST /admin/pages/{id}/edit":                         obj("/admin/pages/%d/edit", page, pageEdit),
		"POST /admin/pages/{id}/unpublish":                    obj("/admin/pages/%d/unpublish", page, pageRemove),
		"POST /admin/pages/{id}/extend":                       obj("/admin/pages/%d/extend", page, pageApprove),
		"POST /admin/pages/{id}/confirm":                      obj("/admin/pages/%d/confirm", page, pageApprove),
		"POST /admin/revisions/{id}/submit":                   obj("/admin/revisions/%d/submit", rev, pageEdit),
		"POST /admin/revisions/{id}/publish":                  obj("/admin/revisions/%d/publish", rev, pageApprove),
		"POST /admin/revisions/{id}/return":                   obj("/admin/revisions/%d/return", rev, pageApprove),
		"POST /admin/pages/preview":                           at("/admin/pages/preview", newPagePreview),
		"POST /admin/pages/{id}/preview":                      obj("/admin/pages/%d/preview", page, pageEdit),
		"GET /admin/pages/{id}/revisions":                     obj("/admin/pages/%d/revisions", page, pageEdit),
		"GET /admin/pages/{id}/compare": {path: func(f *fixtures, o owner) string {
			return fmt.Sprintf("/admin/pages/%d/compare?a=%d&b=%d", f.page[o], f.revision[o], f.revision[o])
		}, objects: true, rule: pageEdit},
		"POST /admin/pages/{id}/unschedule":   obj("/admin/pages/%d/unschedule", page, pageApprove),
		"POST /admin/pages/{id}/archive":      obj("/admin/pages/%d/archive", page, pageApprove),
		"GET /admin/revisions/{id}":           obj("/admin/revisions/%d", rev, pageEdit),
		"POST /admin/revisions/{id}/restore":  obj("/admin/revisions/%d/restore", rev, pageEdit),
		"POST /admin/revisions/{id}/schedule": obj("/admin/revisions/%d/schedule", rev, pageApprove),
		"GET /admin/revisions/{id}/delete":    obj("/admin/revisions/%d/delete", rev, pageDraftDelete),
		"POST /admin/revisions/{id}/delete":   obj("/admin/revisions/%d/delete", rev, pageDraftDelete),
		"GET /admin/sections":                 at("/admin/sections", ownInstitution(anyStaff)),
		"POST /admin/sections":                at("/admin/sections", ownInstitution(adminReception)),
		"GET /admin/sections/{id}":            obj("/admin/sections/%d", sec, adminReception),
		"POST /admin/sections/{id}":           obj("/admin/sections/%d", sec, adminReception),
		"POST /admin/sections/{id}/delete": {path: func(f *fixtures, o owner) string {
			return fmt.Sprintf("/admin/sections/%d/delete", f.newSection(o))
		}, objects: true, rule: adminReception},
		"POST /admin/sections/{id}/order": obj("/admin/sections/%d/order", sec, adminReception),
		// Moving a published page is for whoever may publish it (site/move.go).
		"GET /admin/pages/{id}/move":   obj("/admin/pages/%d/move", page, pageApprove),
		"POST /admin/pages/{id}/move":  obj("/admin/pages/%d/move", page, pageApprove),
		"POST /admin/pages/{id}/order": obj("/admin/pages/%d/order", page, adminReception),
		"GET /admin/redirects":         at("/admin/redirects", ownInstitution(adminOnly)),
		"POST /admin/redirects":        at("/admin/redirects", ownInstitution(adminOnly)),
		"POST /admin/redirects/{id}/delete": {path: func(f *fixtures, o owner) string {
			return fmt.Sprintf("/admin/redirects/%d/delete", f.newRedirect(o))
		}, objects: true, rule: adminOnly},
	}
}

func TestAccessMatrix(t *testing.T) {
	want := matrix()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		f := newFixtures(t, e)
		registered := map[string]bool{}
		clients := map[string]*apptest.Client{}
		client := func(who string) *apptest.Client {
			if clients[who] == nil {
				if who == "visitor" {
					clients[who] = e.Visitor()
				} else {
					clients[who] = e.Login(who)
				}
			}
			return clients[who]
		}
		for _, pattern := range e.App.Routes() {
			registered[pattern] = true
			r, ok := want[pattern]
			if !ok {
				t.Errorf("route %q has no entry in the access matrix: say who may use it", pattern)
				continue
			}
			method, _, _ := strings.Cut(pattern, " ")
			owners := []owner{ownA}
			if r.objects {
				owners = []owner{ownA, ownB, ownOther}
			}
			for _, o := range owners {
				for _, who := range matrixActors {
					path := r.path(f, o)
					c := client(who)
					var res apptest.Response
					if method == http.MethodPost {
						res = c.Post(path, nil)
					} else {
						res = c.Get(path)
					}
					got := classify(res)
					if res.Status >= 500 {
						t.Errorf("%s %s as %s: status %d", method, path, who, res.Status)
						continue
					}
					if exp := r.rule(who, o); got != exp && !(exp == open && res.Status != http.StatusForbidden && got != login) {
						t.Errorf("%s (%s) as %s: %s (status %d), want %s", pattern, o, who, got, res.Status, exp)
					}
					if pattern == "POST /admin/logout" {
						delete(clients, who) // logged out: log in again
					}
				}
			}
		}
		for pattern := range want {
			if !registered[pattern] {
				t.Errorf("the access matrix names %q, which is not a route any more", pattern)
			}
		}
	})
}

// classify reads an answer as allowed, denied or sent to log in.
func classify(res apptest.Response) outcome {
	switch {
	case res.Status == http.StatusForbidden || res.Status == http.StatusNotFound:
		return denied
	case res.Status == http.StatusSeeOther && strings.HasPrefix(res.Location, "/admin/login"):
		return login
	}
	return allowed
}

// newFixtures creates, for each owner, the objects the routes name.
func newFixtures(t *testing.T, e *apptest.Env) *fixtures {
	t.Helper()
	ctx := context.Background()
	f := &fixtures{t: t, e: e}
	admin, otherAdmin := e.Users["admin"].Actor(), e.Users["otherAdmin"].Actor()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	term := web.FormatDate(time.Now().AddDate(1, 0, 0))
	pageOf := func(by actor.Actor, in *institution.Institution, dept int64, section string) (int64, int64) {
		sec := sectionOf(t, e, in, section)
		pf := &site.PageForm{Title: "Puslapis " + section, Body: "Turinys", SectionID: sec, DepartmentID: dept,
			ResponsibleName: "Ona Onaitė", ResponsiblePhone: "(8 5) 200 0001", ResponsibleEmail: "ona.onaite@savivaldybe.lt", TermEnd: term}
		pageID, revID, err := e.App.Site.CreatePage(ctx, by, in, pf)
		must("create page", err)
		must("submit page", e.App.Site.Submit(ctx, by, in, revID, 1))
		must("publish page", e.App.Site.Publish(ctx, by, in, revID, 2))
		return pageID, revID
	}
	f.page[ownA], f.revision[ownA] = pageOf(admin, e.In, e.Depts["A"], "veiklos-sritys")
	f.page[ownB], f.revision[ownB] = pageOf(admin, e.In, e.Depts["B"], "veiklos-sritys")
	f.page[ownOther], f.revision[ownOther] = pageOf(otherAdmin, e.Other, 0, "veiklos-sritys")

	fileOf := func(by actor.Actor, in *institution.Institution, dept int64) int64 {
		it, err := e.App.Media.Add(ctx, by, in, &media.Upload{Name: "langas.png", Body: bytes.NewReader(tinyPNG(t)),
			Details: media.Details{Title: "Langas", Alt: "Langas", DepartmentID: dept}})
		must("media item", err)
		return it.ID
	}
	f.media = [3]int64{fileOf(admin, e.In, e.Depts["A"]), fileOf(admin, e.In, e.Depts["B"]), fileOf(otherAdmin, e.Other, 0)}

	var err error
	f.section[ownA], err = e.App.Site.CreateSection(ctx, admin, e.In, &site.SectionForm{Title: "Turizmas"})
	must("section", err)
	f.section[ownB], err = e.App.Site.CreateSection(ctx, admin, e.In, &site.SectionForm{Title: "Verslas"})
	must("section", err)
	f.section[ownOther], err = e.App.Site.CreateSection(ctx, otherAdmin, e.Other, &site.SectionForm{Title: "Turizmas"})
	must("section", err)

	// Deadlines: A's page review (opened by publishing), a feedback item's,
	// and the other institution's page review.
	review := func(pageID int64) int64 {
		ds, err := deadline.ForSubject(ctx, e.DB, site.ModuleReview, "page", pageID)
		must("review deadline", err)
		return ds[0].ID
	}
	f.deadline[ownA], f.deadline[ownOther] = review(f.page[ownA]), review(f.page[ownOther])
	item := func(in *institution.Institution) *feedback.Item {
		it, err := e.App.Feedback.Submit(ctx, in, feedback.Form{Kind: string(feedback.Problem), Description: "Neskaito lentelės",
			Name: "Rūta Gyventoja", Email: "ruta@example.lt"}, feedback.Sender{Client: "192.0.2.1", Lang: "lt"})
		must("feedback", err)
		return it
	}
	fbA, fbOther := item(e.In), item(e.Other)
	f.feedback = [3]int64{fbA.ID, fbA.ID, fbOther.ID}
	f.deadline[ownB], f.receipt = fbA.DeadlineID, fbA.Receipt

	must("outbox", e.DB.InTx(ctx, func(tx *store.Tx) error {
		for o, in := range []*institution.Institution{e.In, e.In, e.Other} {
			m := outbox.Compose(in, "lt", outbox.Recipient{Address: "ruta@example.lt"}, "Laiškas", []string{"Tekstas"}, nil)
			m.Kind = "test"
			if err := outbox.Enqueue(ctx, tx, m); err != nil {
				return err
			}
			f.message[o] = m.ID
		}
		return nil
	}))
	issueOf := func(by actor.Actor, in *institution.Institution) int64 {
		id, err := e.App.Statement.CreateIssue(ctx, by, in.ID, statement.IssueForm{DescriptionLT: "Vaizdo įrašai be subtitrų",
			DescriptionEN: "Videos without captions", Criterion: "1.2.2", Reason: string(statement.NonCompliance)}, false)
		must("statement issue", err)
		return id
	}
	for _, st := range []struct {
		by actor.Actor
		in *institution.Institution
	}{{admin, e.In}, {otherAdmin, e.Other}} {
		must("statement", e.App.Statement.Save(ctx, st.by, st.in.ID, statementForm(st.in)))
	}
	issueA := issueOf(admin, e.In)
	f.issue = [3]int64{issueA, issueA, issueOf(otherAdmin, e.Other)}
	f.user = [3]int64{e.Users["editorA"].ID, e.Users["editorB"].ID, e.Users["otherAdmin"].ID}
	must("other department", e.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err := institution.CreateDepartment(ctx, tx, &institution.Department{InstitutionID: e.Other.ID, Name: "Kitas skyrius", Kind: institution.KindDepartment})
		f.department = [3]int64{e.Depts["A"], e.Depts["B"], id}
		return err
	}))
	return f
}

func sectionOf(t *testing.T, e *apptest.Env, in *institution.Institution, key string) int64 {
	t.Helper()
	tree, err := site.Tree(context.Background(), e.DB, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range tree {
		if strings.HasSuffix(s.ProfileKey, ":"+key) {
			return s.ID
		}
	}
	t.Fatalf("no top-level section %s", key)
	return 0
}

// statementForm is a complete accessibility statement of in.
func statementForm(in *institution.Institution) statement.Form {
	v := url.Values{
		"scope_kind": {"website"}, "scope_name_lt": {in.Name + " svetainė"}, "scope_name_en": {in.Name + " website"},
		"scope_url": {"https://" + in.Hosts[0]}, "compliance": {"partial"}, "standard": {statement.DefaultStandard},
		"prepared_on": {web.FormatDate(time.Now())}, "method": {"self"}, "feedback_name": {"Bendrasis skyrius"},
		"feedback_email": {"prieinamumas@savivaldybe.lt"}, "feedback_phone": {"(8 5) 200 0001"},
		"enforcement_lt": {"Kreipkitės į priežiūros instituciją."}, "enforcement_en": {"Contact the supervising authority."},
		"authority_name_lt": {"Valstybės skaitmeninių sprendimų agentūra"}, "authority_name_en": {"State Digital Solutions Agency"},
		"authority_email": {"info@vssa.lt"}, "authority_url": {"https://vssa.lrv.lt"},
	}
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return statement.ParseForm(r)
}

// tinyPNG is a small valid image for the library's fixtures.
func tinyPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
