package site

import (
	"context"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
)

// Reviewers are the people who will review material on a page, and why
// they: the page overview names them, and they are told when material is
// submitted.
type Reviewers struct {
	Users []staff.User
	Why   string // catalogue key of the reason
}

// reviewersOf finds them in the order the workflow sends material (WEB-19,
// WEB-20), the order "awaiting my review" (reviewScope) follows: a legal
// act goes to the appointed legal-acts publishers; a department's material
// to its editors; general content, and a department without an editor of
// its own, to the reception editors; failing all of them, to the
// administrators. Each candidate is also checked against canPublish, so no
// one is named who could not act on it.
func reviewersOf(ctx context.Context, q store.Queryer, p *Page) (Reviewers, error) {
	byRole := func(role actor.Role) func() ([]staff.User, error) {
		return func() ([]staff.User, error) {
			users, _, err := staff.FindUsers(ctx, q, staff.UserFilter{InstitutionID: p.InstitutionID, Role: role, Limit: 100})
			return users, err
		}
	}
	type tier struct {
		why  string
		find func() ([]staff.User, error)
	}
	var tiers []tier
	switch {
	case p.LegalActs:
		tiers = append(tiers, tier{"site.reviewers.why.legal", byRole(actor.RoleLegalPublisher)})
	case p.DepartmentID != 0:
		tiers = append(tiers, tier{"site.reviewers.why.department", func() ([]staff.User, error) {
			return staff.DepartmentEditors(ctx, q, p.DepartmentID)
		}}, tier{"site.reviewers.why.no_editor", byRole(actor.RoleReception)})
	default:
		tiers = append(tiers, tier{"site.reviewers.why.general", byRole(actor.RoleReception)})
	}
	tiers = append(tiers, tier{"site.reviewers.why.admin", byRole(actor.RoleAdmin)})
	for _, t := range tiers {
		users, err := t.find()
		if err != nil {
			return Reviewers{}, err
		}
		var may []staff.User
		for _, u := range users {
			if u.Active && canPublish(u.Actor(), p.InstitutionID, p.DepartmentID, p.LegalActs) {
				may = append(may, u)
			}
		}
		if len(may) > 0 {
			return Reviewers{Users: may, Why: t.why}, nil
		}
	}
	return Reviewers{Why: "site.reviewers.why.nobody"}, nil
}
