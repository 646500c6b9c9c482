package institution

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

type departmentsPage struct {
	web.Page
	Groups      []departmentGroup
	New         Department // the add form, as typed
	KindOptions []web.Option
}

type departmentGroup struct {
	Title string
	Rows  []departmentRow
}

// departmentRow is a department with its rename form.
type departmentRow struct {
	Department
	FieldID, Label string
	Value, Error   string // as typed, and what to fix
}

// renameField is the name errors of a row's rename form go by, so that the
// error summary links to that row's input.
func renameField(id int64) string { return "name-" + strconv.FormatInt(id, 10) }

func (h *Handler) listDepartments(w http.ResponseWriter, r *http.Request) {
	h.renderDepartments(w, r, http.StatusOK, Department{Kind: KindDepartment}, nil, nil)
}

// renderDepartments shows the list with the add form as typed in add, and
// the rename forms as typed in renamed (by department id).
func (h *Handler) renderDepartments(w http.ResponseWriter, r *http.Request, status int, add Department, renamed map[int64]string, fe web.FieldErrors) {
	deps, err := Departments(r.Context(), h.db, FromContext(r.Context()).ID)
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	d := &departmentsPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true, Errors: fe}, New: add}
	d.Title = d.T("institution.departments.title")
	if status == http.StatusOK {
		d.Flash = web.TakeFlash(w, r)
	}
	group := map[string]int{}
	for i, k := range Kinds {
		group[k] = i
		d.Groups = append(d.Groups, departmentGroup{Title: d.T(KindLabel(k) + ".plural")})
		d.KindOptions = append(d.KindOptions, web.Option{Value: k, Label: d.T(KindLabel(k))})
	}
	for _, dep := range deps {
		field := renameField(dep.ID)
		row := departmentRow{Department: dep, FieldID: web.FieldID(field),
			Label: d.T("institution.departments.new_name", dep.Name), Value: dep.Name}
		if v, ok := renamed[dep.ID]; ok {
			row.Value = v
		}
		if e := fe.For(field); e != nil {
			row.Error = d.T(e.Key)
		}
		g := &d.Groups[group[dep.Kind]]
		g.Rows = append(g.Rows, row)
	}
	h.render.Render(w, r, status, "institution_departments", d)
}

func (h *Handler) createDepartment(w http.ResponseWriter, r *http.Request) {
	by, ok := h.actor(w, r)
	if !ok {
		return
	}
	id := FromContext(r.Context()).ID
	dep := Department{InstitutionID: id, Name: strings.TrimSpace(r.PostFormValue("name")), Kind: r.PostFormValue("kind")}
	if fe := dep.Validate(); fe != nil {
		h.renderDepartments(w, r, http.StatusUnprocessableEntity, dep, nil, fe)
		return
	}
	err := h.db.InTx(r.Context(), func(tx *store.Tx) error {
		pos, err := nextDepartmentPosition(r.Context(), tx, id, dep.Kind)
		if err != nil {
			return fmt.Errorf("place new department: %w", err)
		}
		dep.Position = pos
		if _, err := CreateDepartment(r.Context(), tx, &dep); err != nil {
			return err
		}
		if err := audit.Record(r.Context(), tx, audit.Change{
			InstitutionID: id, Actor: by, Action: "institution.department.create", ObjectType: "department", ObjectID: dep.ID,
			Summary: i18n.T(i18n.LT, "institution.audit.department_create", dep.Name, i18n.T(i18n.LT, KindLabel(dep.Kind))),
			After:   map[string]string{"name": dep.Name, "kind": dep.Kind},
		}); err != nil {
			return err
		}
		// Public pages name the department responsible for them.
		return h.cache.Bump(r.Context(), tx)
	})
	if errors.Is(err, store.ErrConflict) {
		h.renderDepartments(w, r, http.StatusUnprocessableEntity, dep, nil,
			web.FieldErrors{{Field: "name", Key: "institution.error.department_exists"}})
		return
	}
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	web.SetFlash(w, r, "institution.flash.department_created")
	http.Redirect(w, r, "/admin/departments", http.StatusSeeOther)
}

func (h *Handler) renameDepartment(w http.ResponseWriter, r *http.Request) {
	by, ok := h.actor(w, r)
	if !ok {
		return
	}
	instID := FromContext(r.Context()).ID
	depID, err := web.PathID(r, "id")
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	// Another institution's department is not found, whatever the form says.
	cur, err := FindDepartment(r.Context(), h.db, instID, depID)
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	name, field := strings.TrimSpace(r.PostFormValue("name")), renameField(depID)
	typed := map[int64]string{depID: name}
	add := Department{Kind: KindDepartment}
	if name == "" {
		h.renderDepartments(w, r, http.StatusUnprocessableEntity, add, typed,
			web.FieldErrors{{Field: field, Key: "institution.error.department_name"}})
		return
	}
	if name == cur.Name {
		http.Redirect(w, r, "/admin/departments", http.StatusSeeOther)
		return
	}
	err = h.db.InTx(r.Context(), func(tx *store.Tx) error {
		before, err := findDepartment(r.Context(), tx, instID, depID)
		if err != nil {
			return err
		}
		after := before
		after.Name = name
		if err := RenameDepartment(r.Context(), tx, &after); err != nil {
			return err
		}
		if err := audit.Record(r.Context(), tx, audit.Change{
			InstitutionID: instID, Actor: by, Action: "institution.department.rename", ObjectType: "department", ObjectID: depID,
			Summary: i18n.T(i18n.LT, "institution.audit.department_rename", before.Name, name),
			Before:  map[string]string{"name": before.Name}, After: map[string]string{"name": name},
		}); err != nil {
			return err
		}
		return h.cache.Bump(r.Context(), tx)
	})
	if errors.Is(err, store.ErrConflict) {
		h.renderDepartments(w, r, http.StatusUnprocessableEntity, add, typed,
			web.FieldErrors{{Field: field, Key: "institution.error.department_exists"}})
		return
	}
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	web.SetFlash(w, r, "institution.flash.department_renamed")
	http.Redirect(w, r, "/admin/departments", http.StatusSeeOther)
}
