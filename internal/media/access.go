package media

import "github.com/savivalda/savivalda/internal/actor"

// Who may do what with an item, as with pages (site/access.go): the staff
// of its department see and change their department's items (contributors
// upload for it), the reception editor and the administrator every item;
// the legal-acts publisher, who publishes acts of no department, the items
// of no department and of their own. Items of no department all staff may
// see and use.
// Each rule requires staff of the item's institution.

// CanUse: every member of staff has the library; what each sees is decided
// per item.
func CanUse(by actor.Actor) bool { return by.IsStaff() }

// canSee: see the item before it is public, and link pages to it. Items
// of no department are the whole institution's to use.
func canSee(by actor.Actor, inst, deptID int64) bool {
	return canEdit(by, inst, deptID) || deptID == 0 && by.IsStaff() && by.InstitutionID == inst
}

// canEdit: change, replace or remove the item.
func canEdit(by actor.Actor, inst, deptID int64) bool {
	if !by.IsStaff() || by.InstitutionID != inst {
		return false
	}
	switch by.Role {
	case actor.RoleAdmin, actor.RoleReception:
		return true
	case actor.RoleLegalPublisher:
		return deptID == 0 || by.InDepartment(deptID)
	case actor.RoleDepartmentEditor, actor.RoleContributor:
		return by.InDepartment(deptID)
	}
	return false
}

// seesAll reports whether by sees every item of their institution, so the
// library's list needs no department condition.
func seesAll(by actor.Actor) bool { return by.IsStaff(actor.RoleAdmin, actor.RoleReception) }
