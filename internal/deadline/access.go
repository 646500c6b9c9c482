package deadline

import (
	"slices"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
)

// Who may see a deadline and who may act on it (extend, pause, resume)
// follows the item it belongs to (X-02, WEB-20, WEB-21): the module that
// opens a module's deadlines registers, with Handle, which roles handle
// them and what the item's department may do. Beyond that:
//   - administrators see and act on every deadline of their institution;
//   - the responsible employee sees it and, unless a contributor, acts on it;
//   - staff of the deadline's department see it; its department editors act
//     on it when the module lets the department act.
//
// A deadline outside the actor's institution does not exist for them.

// Handlers is who handles one module's deadlines besides administrators and
// the responsible employee.
type Handlers struct {
	// Roles see and act on every deadline of the module.
	Roles []actor.Role
	// DepartmentActs lets the department's editors act on it; without it
	// the department only sees it (for example a legal act's publication
	// term belongs to the legal-acts publisher, WEB-19).
	DepartmentActs bool
}

// Handle registers who handles module's deadlines. Modules call it when
// they are built; a module that registers nothing is handled by
// administrators and the responsible employee only.
func (s *Service) Handle(module string, h Handlers) {
	s.handlers[module] = h
}

// CanSee reports whether a may see d, its person's contacts included.
func (s *Service) CanSee(a actor.Actor, d *Deadline) bool {
	if !a.IsStaff() || a.InstitutionID != d.InstitutionID {
		return false
	}
	h := s.handlers[d.Module]
	return a.Role == actor.RoleAdmin || slices.Contains(h.Roles, a.Role) ||
		a.ID == d.ResponsibleID || a.InDepartment(d.DepartmentID)
}

// CanAct reports whether a may extend, pause or resume d.
func (s *Service) CanAct(a actor.Actor, d *Deadline) bool {
	if !s.CanSee(a, d) || a.Role == actor.RoleContributor {
		return false
	}
	h := s.handlers[d.Module]
	return a.Role == actor.RoleAdmin || slices.Contains(h.Roles, a.Role) || a.ID == d.ResponsibleID ||
		(h.DepartmentActs && a.Role == actor.RoleDepartmentEditor && a.InDepartment(d.DepartmentID))
}

// visibleTo is the SQL condition, with its arguments, that keeps a list to
// the deadlines CanSee admits: the same rule, for paging in the database.
func (s *Service) visibleTo(a actor.Actor) (string, []any) {
	if a.Role == actor.RoleAdmin {
		return "", nil
	}
	conds, args := []string{"d.responsible_id = ?"}, []any{a.ID}
	if a.DepartmentID != 0 {
		conds, args = append(conds, "d.department_id = ?"), append(args, a.DepartmentID)
	}
	var modules []string
	for m, h := range s.handlers {
		if slices.Contains(h.Roles, a.Role) {
			modules = append(modules, m)
		}
	}
	if len(modules) > 0 {
		slices.Sort(modules)
		conds = append(conds, "d.module IN (?"+strings.Repeat(", ?", len(modules)-1)+")")
		for _, m := range modules {
			args = append(args, m)
		}
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}
