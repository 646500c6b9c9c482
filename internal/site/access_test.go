package site

import (
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
)

// TestAccessRules is the table of WEB-19, WEB-20 and WEB-21 (and of the role
// table in docs/architecture.md): who may see, edit, publish and unpublish a
// page of department 1, of department 2, of general content, and of a
// legal-acts section, in their own institution and in another.
func TestAccessRules(t *testing.T) {
	const inst, otherInst, dept1, dept2 = 1, 2, 1, 2
	staffOf := func(role actor.Role, dept int64) actor.Actor {
		return actor.Actor{Kind: actor.Staff, ID: 9, Name: "x", InstitutionID: inst, Role: role, DepartmentID: dept}
	}
	users := map[string]actor.Actor{
		"admin":        staffOf(actor.RoleAdmin, 0),
		"reception":    staffOf(actor.RoleReception, 0),
		"dept1 editor": staffOf(actor.RoleDepartmentEditor, dept1),
		"legal":        staffOf(actor.RoleLegalPublisher, 0),
		"contributor1": staffOf(actor.RoleContributor, dept1),
		"job":          actor.NewJob("test", inst),
		"visitor":      actor.NewVisitor("x", inst),
	}
	type page struct {
		inst, dept int64
		legal      bool
	}
	pages := map[string]page{"dept1": {inst, dept1, false}, "dept2": {inst, dept2, false}, "general": {inst, 0, false},
		"legal act": {inst, dept1, true}, "other institution's": {otherInst, dept1, false}}
	tests := []struct {
		user, page                    string
		see, edit, publish, unpublish bool
	}{
		{"admin", "dept2", true, true, true, true},
		{"admin", "legal act", true, true, true, true},
		{"admin", "other institution's", false, false, false, false},
		{"reception", "dept2", true, true, true, false},
		{"reception", "general", true, true, true, false},
		{"reception", "legal act", true, true, false, false},
		{"dept1 editor", "dept1", true, true, true, false},
		{"dept1 editor", "dept2", false, false, false, false},
		{"dept1 editor", "general", false, false, false, false},
		{"dept1 editor", "legal act", true, true, false, false},
		{"dept1 editor", "other institution's", false, false, false, false},
		{"legal", "legal act", true, true, true, false},
		{"legal", "dept1", false, false, false, false},
		{"contributor1", "dept1", true, true, false, false},
		{"contributor1", "dept2", false, false, false, false},
		{"contributor1", "legal act", true, true, false, false},
		{"job", "dept1", false, false, false, false},
		{"visitor", "general", false, false, false, false},
	}
	for _, tt := range tests {
		u, p := users[tt.user], pages[tt.page]
		for _, rule := range []struct {
			name string
			fn   func(actor.Actor, int64, int64, bool) bool
			want bool
		}{{"seeing", canSee, tt.see}, {"editing", canEdit, tt.edit}, {"publishing", canPublish, tt.publish}, {"unpublishing", canUnpublish, tt.unpublish}} {
			if got := rule.fn(u, p.inst, p.dept, p.legal); got != rule.want {
				t.Errorf("%s %s a %s page: got %v, want %v", tt.user, rule.name, tt.page, got, rule.want)
			}
		}
	}
}
