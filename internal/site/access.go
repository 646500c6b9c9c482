package site

import (
	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/staff"
)

// Who may do what with a page (WEB-19, WEB-20, WEB-21). deptID is the page's
// department (0: general content); legalActs marks the legal-acts sections.

// canEdit: write a draft or a new revision of the page.
func canEdit(u *staff.User, deptID int64, legalActs bool) bool {
	switch u.Role {
	case actor.RoleAdmin, actor.RoleReception:
		return true
	case actor.RoleLegalPublisher:
		return legalActs
	case actor.RoleDepartmentEditor, actor.RoleContributor:
		return deptID != 0 && deptID == u.DepartmentID
	}
	return false
}

// canPublish: approve a revision, return it, extend the term. Only the
// appointed publisher publishes legal acts (WEB-19); department editors
// publish within their department; the reception editor anywhere else;
// contributors never.
func canPublish(u *staff.User, deptID int64, legalActs bool) bool {
	switch u.Role {
	case actor.RoleAdmin:
		return true
	case actor.RoleLegalPublisher:
		return legalActs
	case actor.RoleReception:
		return !legalActs
	case actor.RoleDepartmentEditor:
		return !legalActs && deptID != 0 && deptID == u.DepartmentID
	}
	return false
}

// canUnpublish: take a page off the site with a reason. Administrators may
// remove any non-compliant content (WEB-21, WEB 68); publishers may take
// down what they may publish.
func canUnpublish(u *staff.User, deptID int64, legalActs bool) bool {
	return canPublish(u, deptID, legalActs)
}

// canManageSections: add free sections and fill in the statements of
// mandated areas that have no content.
func canManageSections(u *staff.User) bool {
	return u.Role == actor.RoleAdmin || u.Role == actor.RoleReception
}
