package site

import (
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/staff"
)

// TestAccessRules is the table of WEB-19, WEB-20 and WEB-21: who may edit and
// publish a page of department 1, of department 2, of general content, and of
// a legal-acts section.
func TestAccessRules(t *testing.T) {
	const dept1, dept2 = 1, 2
	users := map[string]*staff.User{
		"admin":        {Role: actor.RoleAdmin},
		"reception":    {Role: actor.RoleReception},
		"dept1 editor": {Role: actor.RoleDepartmentEditor, DepartmentID: dept1},
		"legal":        {Role: actor.RoleLegalPublisher},
		"contributor1": {Role: actor.RoleContributor, DepartmentID: dept1},
	}
	type page struct {
		dept  int64
		legal bool
	}
	pages := map[string]page{"dept1": {dept1, false}, "dept2": {dept2, false}, "general": {0, false}, "legal act": {dept1, true}}
	tests := []struct {
		user, page    string
		edit, publish bool
	}{
		{"admin", "dept2", true, true},
		{"admin", "legal act", true, true},
		{"reception", "dept2", true, true},
		{"reception", "general", true, true},
		{"reception", "legal act", true, false},
		{"dept1 editor", "dept1", true, true},
		{"dept1 editor", "dept2", false, false},
		{"dept1 editor", "general", false, false},
		{"dept1 editor", "legal act", true, false},
		{"legal", "legal act", true, true},
		{"legal", "dept1", false, false},
		{"contributor1", "dept1", true, false},
		{"contributor1", "dept2", false, false},
		{"contributor1", "legal act", true, false},
	}
	for _, tt := range tests {
		u, p := users[tt.user], pages[tt.page]
		if got := canEdit(u, p.dept, p.legal); got != tt.edit {
			t.Errorf("%s editing a %s page: got %v, want %v", tt.user, tt.page, got, tt.edit)
		}
		if got := canPublish(u, p.dept, p.legal); got != tt.publish {
			t.Errorf("%s publishing a %s page: got %v, want %v", tt.user, tt.page, got, tt.publish)
		}
	}
}
