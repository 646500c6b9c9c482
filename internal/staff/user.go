// Package staff is the institution's employees: their accounts and roles,
// local login with argon2id password hashes, server-side sessions, throttling
// of failed logins, and the access rules of the staff area under /admin.
package staff

import (
	"context"
	"time"

	"github.com/savivalda/savivalda/internal/audit"
)

// Role is what a staff member may do on the website (WEB-20, WEB-21).
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

// User is a staff account.
type User struct {
	ID            int64
	InstitutionID int64
	Email         string // stored lower-case
	Name          string
	Phone         string
	Role          Role
	DepartmentID  int64 // 0: none
	Active        bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Actor is the user as the audit trail records them.
func (u *User) Actor() audit.Actor { return audit.Actor{ID: u.ID, Name: u.Name} }

type ctxKey struct{}

// WithUser returns ctx carrying the logged-in user.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, ctxKey{}, u)
}

// UserFrom returns the logged-in user, or nil for a visitor.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(ctxKey{}).(*User)
	return u
}
