// Package staff is the institution's employees: their accounts and roles,
// local login with argon2id password hashes, server-side sessions, throttling
// of failed logins, and the access rules of the staff area under /admin.
package staff

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

// User is a staff account.
type User struct {
	ID            int64
	InstitutionID int64
	Email         string // stored lower-case
	Name          string
	Phone         string
	Role          actor.Role
	DepartmentID  int64 // 0: none
	Active        bool
	// MustChangePassword: an administrator forced a reset, so the staff
	// area shows only the password form until the user sets a new one.
	MustChangePassword bool
	// NotifyMode and MailLang are the user's own choice of how workflow
	// notifications reach them (notifications.go).
	NotifyMode NotifyMode
	MailLang   string // "lt", "en", or "" for Lithuanian
	CreatedAt  time.Time
	UpdatedAt  time.Time // also the version an edit form was based on

	DepartmentName string // read only, filled by the finders
}

// maxEmailLength is the longest address SMTP can carry (RFC 5321: a
// 256-octet path less its angle brackets). The catalogue's message states it.
const maxEmailLength = 254

// normalize trims what a person typed and lower-cases the email, so that
// one address cannot be registered twice in different case.
func (u *User) normalize() {
	u.Email = normalizeEmail(u.Email)
	u.Name = strings.Join(strings.Fields(u.Name), " ")
	u.Phone = strings.TrimSpace(u.Phone)
}

func normalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validate checks the fields a person types. Whether the department belongs
// to the institution needs the database; see checkDepartment.
func (u *User) validate() web.FieldErrors {
	var fe web.FieldErrors
	switch {
	case u.Email == "":
		fe.Add("email", "staff.error.email_required")
	case utf8.RuneCountInString(u.Email) > maxEmailLength:
		fe.Add("email", "staff.error.email_long")
	case !institution.ValidEmail(u.Email):
		fe.Add("email", "staff.error.email_invalid")
	}
	switch {
	case u.Name == "":
		fe.Add("name", "staff.error.name_required")
	case institution.NameTooLong(u.Name):
		fe.Add("name", "staff.error.name_long")
	}
	if u.Phone != "" && !institution.ValidPhone(u.Phone) {
		fe.Add("phone", "staff.error.phone_invalid")
	}
	switch {
	case u.Role == "":
		fe.Add("role", "staff.error.role_required")
	case !u.Role.Valid():
		fe.Add("role", "staff.error.role_invalid")
	case u.Role.NeedsDepartment() && u.DepartmentID == 0:
		fe.Add("department", "staff.error.department_required")
	}
	return fe
}

// searchFolder folds case and Lithuanian letters so that "zukauskas" finds
// "Žukauskas". SQL lower() folds only ASCII on SQLite, so the folded text is
// stored (users.search_text) and searched with LIKE.
var searchFolder = strings.NewReplacer("ą", "a", "č", "c", "ę", "e", "ė", "e", "į", "i", "š", "s", "ų", "u", "ū", "u", "ž", "z")

func foldSearch(s string) string { return searchFolder.Replace(strings.ToLower(s)) }

// searchQuery is what the staff search looks for: the typed text folded,
// without control characters. PostgreSQL refuses a NUL byte in text, while
// SQLite ends the LIKE pattern there and so matches everyone: without them,
// both databases find the same accounts.
func searchQuery(q string) string {
	return foldSearch(strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, q)))
}

func (u *User) searchText() string { return foldSearch(u.Name + " " + u.Email) }

// userSnapshot is what the audit trail keeps of an account: never the
// password hash.
type userSnapshot struct {
	Email        string     `json:"email"`
	Name         string     `json:"name"`
	Phone        string     `json:"phone"`
	Role         actor.Role `json:"role"`
	DepartmentID int64      `json:"department_id,omitempty"`
	Active       bool       `json:"active"`
}

func (u *User) snapshot() userSnapshot {
	return userSnapshot{Email: u.Email, Name: u.Name, Phone: u.Phone, Role: u.Role, DepartmentID: u.DepartmentID, Active: u.Active}
}

// Actor is the user as the acting party of a request.
func (u *User) Actor() actor.Actor {
	return actor.Actor{Kind: actor.Staff, ID: u.ID, Name: u.Name, InstitutionID: u.InstitutionID, Role: u.Role, DepartmentID: u.DepartmentID}
}

// mayManage: accounts of an institution are managed by its administrators
// and by the operator's commands (job actors: user add, the demo seed).
func mayManage(by actor.Actor, institutionID int64) bool {
	if by.Kind == actor.Job {
		return by.InstitutionID == 0 || by.InstitutionID == institutionID
	}
	return CanManageUsers(by) && by.InstitutionID == institutionID
}

type ctxKey struct{}

// WithUser returns ctx carrying the logged-in user and the request's actor
// (actor.From) made from them: the session layer calls it once a request.
func WithUser(ctx context.Context, u *User) context.Context {
	return actor.With(context.WithValue(ctx, ctxKey{}, u), u.Actor())
}

// UserFrom returns the logged-in user, or nil for a visitor.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(ctxKey{}).(*User)
	return u
}
