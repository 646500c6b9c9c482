package actor

// Role is what a staff member may do (WEB-20, WEB-21). The rules for each
// capability live beside it (site/access.go, deadline/access.go, …); the
// role table in docs/architecture.md sums them up.
type Role string

// The roles. Department editors manage only their department's pages;
// contributors hand material in but cannot publish.
const (
	RoleAdmin            Role = "admin"
	RoleReception        Role = "reception_editor"
	RoleDepartmentEditor Role = "department_editor"
	RoleLegalPublisher   Role = "legal_publisher"
	RoleContributor      Role = "contributor"
)

// Roles lists every role, for forms and validation.
var Roles = []Role{RoleAdmin, RoleReception, RoleDepartmentEditor, RoleLegalPublisher, RoleContributor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Label is the catalogue key of the role's name.
func (r Role) Label() string { return "staff.role." + string(r) }

// NeedsDepartment reports whether the role works within one department.
func (r Role) NeedsDepartment() bool { return r == RoleDepartmentEditor || r == RoleContributor }
