package site

import "github.com/savivalda/savivalda/internal/actor"

// Who may do what with a page (WEB-19, WEB-20, WEB-21). deptID is the page's
// department (0: general content); legalActs marks the legal-acts sections
// and every section below them. Each rule also requires staff of the page's
// institution: the services pass the page's institution in `inst`.
// docs/architecture.md has the table these functions make.

// canSee: open the page's staff overview, its drafts and revisions. Staff
// see what they may edit or publish; published content is public anyway.
func canSee(by actor.Actor, inst, deptID int64, legalActs bool) bool {
	return canEdit(by, inst, deptID, legalActs) || canPublish(by, inst, deptID, legalActs)
}

// CanSeePage is canSee for other packages: the media library names only
// the pages its reader may see.
func CanSeePage(by actor.Actor, inst, deptID int64, legalActs bool) bool {
	return canSee(by, inst, deptID, legalActs)
}

// canEdit: write a draft or a new revision of the page.
func canEdit(by actor.Actor, inst, deptID int64, legalActs bool) bool {
	if !by.IsStaff() || by.InstitutionID != inst {
		return false
	}
	switch by.Role {
	case actor.RoleAdmin, actor.RoleReception:
		return true
	case actor.RoleLegalPublisher:
		return legalActs
	case actor.RoleDepartmentEditor, actor.RoleContributor:
		return by.InDepartment(deptID)
	}
	return false
}

// canPublish: approve a revision, return it, extend the term, confirm the
// content current. Only the appointed publisher publishes legal acts
// (WEB-19); department editors publish within their department; the
// reception editor anywhere else; contributors never.
func canPublish(by actor.Actor, inst, deptID int64, legalActs bool) bool {
	if !by.IsStaff() || by.InstitutionID != inst {
		return false
	}
	switch by.Role {
	case actor.RoleAdmin:
		return true
	case actor.RoleLegalPublisher:
		return legalActs
	case actor.RoleReception:
		return !legalActs
	case actor.RoleDepartmentEditor:
		return !legalActs && by.InDepartment(deptID)
	}
	return false
}

// canDeleteDraft: delete a draft nobody will submit. Its author may; so may
// whoever edits the page beyond their own drafts (everyone but a
// contributor).
func canDeleteDraft(by actor.Actor, inst, deptID int64, legalActs bool, authorID int64) bool {
	return canEdit(by, inst, deptID, legalActs) && (by.ID == authorID || by.Role != actor.RoleContributor)
}

// canUnpublish: take a published page off the site with a reason.
// Administrators remove non-compliant content (WEB-21, WEB 68); everyone
// else replaces content through a new revision.
func canUnpublish(by actor.Actor, inst, _ int64, _ bool) bool {
	return by.IsStaff(actor.RoleAdmin) && by.InstitutionID == inst
}

// CanUse: every staff member has the content pages (the dashboard, a new
// page); what each may open is decided per page.
func CanUse(by actor.Actor) bool { return by.IsStaff() }

// CanManageSections: add free sections and fill in the statements of
// mandated areas that have no content.
func CanManageSections(by actor.Actor) bool {
	return by.IsStaff(actor.RoleAdmin, actor.RoleReception)
}
