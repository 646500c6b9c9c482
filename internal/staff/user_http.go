package staff

import (
	"cmp"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// userForm is what the account form holds, as typed. The password is never
// part of it, so it is never sent back to the browser.
type userForm struct {
	Email, Name, Phone, Role, Department string
	Active                               bool
	Version                              int64 // the account's updated_at when the form was opened
}

func readUserForm(r *http.Request) userForm {
	version := web.FormID(r.PostFormValue("version"))
	return userForm{
		Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"),
		Role: r.PostFormValue("role"), Department: r.PostFormValue("department"),
		Active: r.PostFormValue("active") == "1", Version: version,
	}
}

func formFromUser(u *User) userForm {
	f := userForm{Email: u.Email, Name: u.Name, Phone: u.Phone, Role: string(u.Role), Active: u.Active, Version: u.UpdatedAt.UnixMilli()}
	if u.DepartmentID != 0 {
		f.Department = strconv.FormatInt(u.DepartmentID, 10)
	}
	return f
}

func (f userForm) user(institutionID int64) *User {
	dept := web.FormID(f.Department)
	u := &User{InstitutionID: institutionID, Email: f.Email, Name: f.Name, Phone: f.Phone, Role: actor.Role(f.Role),
		DepartmentID: dept, Active: f.Active}
	if f.Version != 0 {
		u.UpdatedAt = time.UnixMilli(f.Version).UTC()
	}
	return u
}

type usersPage struct {
	web.Page
	Users       []User
	Total       int
	Role        string
	Department  string
	Query       string
	Roles       []web.Option
	Departments []web.Option
	Pager       web.Pager
}

type userPage struct {
	web.Page
	Account     *User // nil for a new account; not "User", which the layout uses for the badge
	Form        userForm
	Roles       []web.Option
	Departments []web.Option
	Domains     string // the mail domains accounts may use, for the hint
	Proposed    bool   // the address was just proposed by the WEB-12 rule
}

func roleOptions(p *web.Page, emptyKey string) []web.Option {
	opts := []web.Option{{Value: "", Label: p.T(emptyKey)}}
	for _, r := range actor.Roles {
		opts = append(opts, web.Option{Value: string(r), Label: p.T(r.Label())})
	}
	return opts
}

func departmentOptions(p *web.Page, depts []institution.Department, emptyKey string) []web.Option {
	opts := []web.Option{{Value: "", Label: p.T(emptyKey)}}
	for _, d := range depts {
		opts = append(opts, web.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	return opts
}

func (s *Service) handleUsers(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	in := institution.FromContext(ctx)
	q := r.URL.Query()
	p := &usersPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true, Flash: web.TakeFlash(w, r)},
		Role: q.Get("role"), Department: q.Get("department"), Query: q.Get("q")}
	p.Title = p.T("staff.users.title")
	page, offset := web.PageNumber(q)
	f := UserFilter{InstitutionID: in.ID, Query: p.Query, Offset: offset, Limit: web.PerPage}
	if actor.Role(p.Role).Valid() {
		f.Role = actor.Role(p.Role)
	}
	f.DepartmentID = web.FormID(p.Department)
	users, total, err := FindUsers(ctx, s.db, f)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	depts, err := institution.Departments(ctx, s.db, in.ID)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	p.Users, p.Total = users, total
	p.Roles = roleOptions(&p.Page, "staff.option.all_roles")
	p.Departments = departmentOptions(&p.Page, depts, "staff.option.all_departments")
	p.Pager = web.NewPager(&p.Page, r.URL.Path, q, page, total)
	s.render.Render(w, r, http.StatusOK, "staff_users", p)
}

// renderUser shows the account form: new when u is nil.
func (s *Service) renderUser(w http.ResponseWriter, r *http.Request, status int, u *User, f userForm, errs web.FieldErrors) {
	in := institution.FromContext(r.Context())
	depts, err := institution.Departments(r.Context(), s.db, in.ID)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	domains, err := EmailDomains(r.Context(), s.db, in.ID)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	p := &userPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true, Errors: errs}, Account: u, Form: f,
		Domains: strings.Join(domains, ", ")}
	p.Proposed = u == nil && errs == nil && status == http.StatusOK && f.Email != ""
	if u == nil {
		p.Title = p.T("staff.user.new_title")
	} else {
		p.Title = p.T("staff.user.edit_title", u.Name)
	}
	p.Crumbs = []web.Crumb{{Title: p.T("staff.users.title"), URL: "/admin/users"}, {Title: p.Title}}
	p.Roles = roleOptions(&p.Page, "staff.option.choose")
	p.Departments = departmentOptions(&p.Page, depts, "staff.option.no_department")
	s.render.Render(w, r, status, "staff_user", p)
}

func (s *Service) handleUserNew(w http.ResponseWriter, r *http.Request) {
	s.renderUser(w, r, http.StatusOK, nil, userForm{Active: true}, nil)
}

func (s *Service) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	f := readUserForm(r)
	if r.PostFormValue("action") == "propose" {
		s.proposeEmail(w, r, f)
		return
	}
	in := institution.FromContext(ctx)
	u := f.user(by.InstitutionID)
	pw, err := NewPassword(r.PostFormValue("password"), u.Name, u.Email, in.Name)
	if err == nil {
		err = s.db.InTx(ctx, func(tx *store.Tx) error {
			_, err := CreateUser(ctx, tx, by, u, pw)
			return err
		})
	}
	var fe web.FieldErrors
	switch {
	case errors.As(err, &fe):
		s.renderUser(w, r, http.StatusUnprocessableEntity, nil, f, fe)
	case err != nil:
		s.render.Error(w, r, err)
	default:
		web.SetFlash(w, r, "staff.flash.user_created")
		http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	}
}

// proposeEmail fills the new-account form's address by the WEB-12 rule
// from the name typed, on the institution's first mail domain, numbered
// past the namesakes who already have an account. It works without
// JavaScript: the form's "Pasiūlyti adresą" button submits here.
func (s *Service) proposeEmail(w http.ResponseWriter, r *http.Request, f userForm) {
	ctx := r.Context()
	in := institution.FromContext(ctx)
	domains, err := EmailDomains(ctx, s.db, in.ID)
	if err != nil || len(domains) == 0 {
		s.render.Error(w, r, cmp.Or(err, errors.New("no mail domain for staff accounts")))
		return
	}
	var lookupErr error
	taken := func(addr string) bool {
		used, err := emailUsed(ctx, s.db, in.ID, addr)
		lookupErr = cmp.Or(lookupErr, err)
		return used && err == nil
	}
	addr := ProposeEmail(f.Name, domains[0], taken)
	if lookupErr != nil {
		s.render.Error(w, r, lookupErr)
		return
	}
	if addr == "" {
		s.renderUser(w, r, http.StatusUnprocessableEntity, nil, f, web.FieldErrors{{Field: "name", Key: "staff.error.name_for_email"}})
		return
	}
	f.Email = addr
	s.renderUser(w, r, http.StatusOK, nil, f, nil)
}

// pathUser loads the user named in the URL; another institution's user is
// not found.
func (s *Service) pathUser(r *http.Request) (*User, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	return FindUser(r.Context(), s.db, institution.FromContext(r.Context()).ID, id)
}

func (s *Service) handleUserEdit(w http.ResponseWriter, r *http.Request) {
	u, err := s.pathUser(r)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	s.renderUser(w, r, http.StatusOK, u, formFromUser(u), nil)
}

func (s *Service) handleUserSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	u, err := s.pathUser(r)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	f := readUserForm(r)
	f.Email = u.Email
	changed := f.user(u.InstitutionID)
	changed.ID = u.ID
	// A new password is optional; it is checked and hashed before the
	// transaction, and its error shows together with the others.
	var pw Password
	password := r.PostFormValue("password")
	if password != "" {
		if pw, err = NewPassword(password, u.Name, u.Email, institution.FromContext(ctx).Name); err != nil {
			s.render.Error(w, r, err)
			return
		}
	}
	var pwErrs web.FieldErrors
	if password != "" {
		pw.check(&pwErrs, "password")
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := UpdateUser(ctx, tx, by, changed); err != nil {
			return err
		}
		if len(pwErrs) > 0 {
			return pwErrs
		}
		if password != "" {
			return SetPassword(ctx, tx, by, u.InstitutionID, u.ID, pw, sessionFrom(ctx))
		}
		return nil
	})
	var fe web.FieldErrors
	switch {
	case errors.As(err, &fe):
		if fe.For("password") == nil {
			fe = append(fe, pwErrs...)
		}
		s.renderUser(w, r, http.StatusUnprocessableEntity, u, f, fe)
	case err != nil:
		s.render.Error(w, r, err)
	default:
		web.SetFlash(w, r, "staff.flash.user_saved")
		http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	}
}
