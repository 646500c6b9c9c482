package staff

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

const userColumns = `u.id, u.institution_id, u.email, u.name, u.phone, u.role, COALESCE(u.department_id, 0), u.active,
	u.must_change_password, u.notify_mode, u.mail_lang, u.created_at, u.updated_at, COALESCE(d.name, '')`

const userTables = ` FROM users u LEFT JOIN departments d ON d.id = u.department_id`

type scanner interface{ Scan(dest ...any) error }

func scanUser(sc scanner, extra ...any) (*User, error) {
	u := &User{}
	dest := append([]any{&u.ID, &u.InstitutionID, &u.Email, &u.Name, &u.Phone, &u.Role, &u.DepartmentID, &u.Active,
		&u.MustChangePassword, &u.NotifyMode, &u.MailLang, store.Time(&u.CreatedAt), store.Time(&u.UpdatedAt), &u.DepartmentName}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	return u, nil
}

// CreateUser adds a staff account with the given password (made with
// NewPassword before the transaction) and returns its id. New accounts are
// active. Bad input is returned as web.FieldErrors (an address already used
// in the institution is "staff.error.email_taken", one outside its mail
// domains "staff.error.email_domain"). by is who creates it: an
// administrator of the institution, or the operator's command (a job actor).
func CreateUser(ctx context.Context, tx *store.Tx, by actor.Actor, u *User, pw Password) (int64, error) {
	if u.InstitutionID == 0 {
		return 0, errors.New("create user: no institution")
	}
	if !mayManage(by, u.InstitutionID) {
		return 0, web.ErrForbidden
	}
	u.normalize()
	u.Active = true
	fe := u.validate()
	pw.check(&fe, "password")
	if err := checkDepartment(ctx, tx, &fe, u); err != nil {
		return 0, err
	}
	if err := checkEmailDomain(ctx, tx, &fe, u); err != nil {
		return 0, err
	}
	if fe.For("email") == nil {
		used, err := emailUsed(ctx, tx, u.InstitutionID, u.Email)
		if err != nil {
			return 0, err
		}
		if used {
			fe.Add("email", "staff.error.email_taken")
		}
	}
	if len(fe) > 0 {
		return 0, fe
	}
	id, err := tx.InsertID(ctx, `INSERT INTO users (institution_id, email, name, phone, role, department_id, password_hash,
		active, search_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.InstitutionID, u.Email, u.Name, u.Phone, u.Role, nullID(u.DepartmentID), pw.hash, u.Active, u.searchText(),
		store.Millis(tx.Now), store.Millis(tx.Now))
	if errors.Is(err, store.ErrConflict) {
		// Created by someone else since the check above.
		return 0, web.FieldErrors{{Field: "email", Key: "staff.error.email_taken"}}
	}
	if err != nil {
		return 0, fmt.Errorf("create user %s: %w", u.Email, err)
	}
	u.ID, u.CreatedAt, u.UpdatedAt = id, tx.Now, tx.Now
	if err := audit.Record(ctx, tx, audit.Change{
		InstitutionID: u.InstitutionID, Actor: by, Action: "staff.user.create",
		ObjectType: "user", ObjectID: id, Summary: "Sukurta darbuotojo paskyra: " + u.Name + " (" + u.Email + ")",
		After: u.snapshot(),
	}); err != nil {
		return 0, err
	}
	return id, nil
}

// UpdateUser saves a user's name, phone, role, department and whether the
// account is active (the email stays). u.UpdatedAt, when set, is the
// version the edit started from: a user changed meanwhile gives
// store.ErrConflict. Returns store.ErrNotFound for no such user in
// u.InstitutionID, and web.FieldErrors for bad input, including an attempt
// to remove the institution's last active administrator. Deactivating an
// account, or changing its role or department, ends its sessions at once:
// what a session may do is decided at login.
func UpdateUser(ctx context.Context, tx *store.Tx, by actor.Actor, u *User) error {
	if !mayManage(by, u.InstitutionID) {
		return web.ErrForbidden
	}
	before, err := findUserTx(ctx, tx, u.InstitutionID, u.ID)
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	if !u.UpdatedAt.IsZero() && !u.UpdatedAt.Equal(before.UpdatedAt) {
		return fmt.Errorf("update user %d: %w", u.ID, store.ErrConflict)
	}
	u.Email, u.CreatedAt, u.MustChangePassword = before.Email, before.CreatedAt, before.MustChangePassword
	u.normalize()
	fe := u.validate()
	if err := checkDepartment(ctx, tx, &fe, u); err != nil {
		return err
	}
	if before.Role == actor.RoleAdmin && before.Active && (u.Role != actor.RoleAdmin || !u.Active) {
		var others int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE institution_id = ? AND role = ? AND active = ? AND id <> ?`,
			u.InstitutionID, actor.RoleAdmin, true, u.ID).Scan(&others); err != nil {
			return fmt.Errorf("count administrators: %w", err)
		}
		if others == 0 {
			field := "active"
			if u.Role != actor.RoleAdmin {
				field = "role"
			}
			fe.Add(field, "staff.error.last_admin")
		}
	}
	if len(fe) > 0 {
		return fe
	}
	if u.snapshot() == before.snapshot() {
		u.UpdatedAt, u.DepartmentName = before.UpdatedAt, before.DepartmentName
		return nil
	}
	if err := tx.ExecOne(ctx, `UPDATE users SET name = ?, phone = ?, role = ?, department_id = ?, active = ?, search_text = ?,
		updated_at = ? WHERE id = ? AND institution_id = ? AND updated_at = ?`,
		u.Name, u.Phone, u.Role, nullID(u.DepartmentID), u.Active, u.searchText(), store.Millis(tx.Now),
		u.ID, u.InstitutionID, store.Millis(before.UpdatedAt)); err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	u.UpdatedAt = tx.Now
	summary := "Pakeista darbuotojo paskyra: " + u.Name + " (" + u.Email + ")"
	if before.Active && !u.Active {
		summary = "Išjungta darbuotojo paskyra: " + u.Name + " (" + u.Email + ")"
	}
	if (before.Active && !u.Active) || before.Role != u.Role || before.DepartmentID != u.DepartmentID {
		if err := endUserSessions(ctx, tx, u.ID, ""); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, audit.Change{
		InstitutionID: u.InstitutionID, Actor: by, Action: "staff.user.update",
		ObjectType: "user", ObjectID: u.ID, Summary: summary, Before: before.snapshot(), After: u.snapshot(),
	})
}

// SetPassword replaces a user's password (made with NewPassword before the
// transaction), lifts a forced change, and ends their sessions except keep
// (the hash of the session making the change; "" ends them all). by is an
// administrator, the operator's command, or the user themselves. Returns
// store.ErrNotFound for no such user and web.FieldErrors (field "password")
// for a password that breaks the rules.
func SetPassword(ctx context.Context, tx *store.Tx, by actor.Actor, institutionID, id int64, pw Password, keep string) error {
	if !mayManage(by, institutionID) && !(by.Kind == actor.Staff && by.ID == id && by.InstitutionID == institutionID) {
		return web.ErrForbidden
	}
	var fe web.FieldErrors
	pw.check(&fe, "password")
	if len(fe) > 0 {
		return fe
	}
	u, err := findUserTx(ctx, tx, institutionID, id)
	if err != nil {
		return fmt.Errorf("set password of user %d: %w", id, err)
	}
	if err := tx.ExecOne(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?`,
		pw.hash, false, store.Millis(tx.Now), id); err != nil {
		return fmt.Errorf("set password of user %d: %w", id, err)
	}
	if err := endUserSessions(ctx, tx, id, keep); err != nil {
		return err
	}
	// A reset link asked for before the change must not undo it.
	if _, err := tx.ExecContext(ctx, `DELETE FROM password_resets WHERE user_id = ?`, id); err != nil {
		return fmt.Errorf("drop reset links of user %d: %w", id, err)
	}
	return audit.Record(ctx, tx, audit.Change{
		InstitutionID: institutionID, Actor: by, Action: "staff.user.password",
		ObjectType: "user", ObjectID: id, Summary: "Pakeistas slaptažodis: " + u.Name + " (" + u.Email + ")",
	})
}

// checkDepartment adds an error when u's department is not one of its
// institution's.
func checkDepartment(ctx context.Context, tx *store.Tx, fe *web.FieldErrors, u *User) error {
	if u.DepartmentID == 0 || fe.For("department") != nil {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM departments WHERE id = ? AND institution_id = ?`,
		u.DepartmentID, u.InstitutionID).Scan(&n); err != nil {
		return fmt.Errorf("check department %d: %w", u.DepartmentID, err)
	}
	if n == 0 {
		fe.Add("department", "staff.error.department_invalid")
	}
	return nil
}

// FindUser returns one user of the institution, or store.ErrNotFound.
func FindUser(ctx context.Context, db store.Queryer, institutionID, id int64) (*User, error) {
	u, err := scanUser(db.QueryRowContext(ctx, `SELECT `+userColumns+userTables+` WHERE u.id = ? AND u.institution_id = ?`,
		id, institutionID))
	if err != nil {
		return nil, fmt.Errorf("find user %d: %w", id, err)
	}
	return u, nil
}

func findUserTx(ctx context.Context, tx *store.Tx, institutionID, id int64) (*User, error) {
	return scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+userTables+` WHERE u.id = ? AND u.institution_id = ?`,
		id, institutionID))
}

// findLogin returns the account that logs in with email, with its password
// hash.
func findLogin(ctx context.Context, db store.Queryer, institutionID int64, email string) (*User, string, error) {
	var hash string
	u, err := scanUser(db.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash`+userTables+`
		WHERE u.institution_id = ? AND u.email = ?`, institutionID, email), &hash)
	return u, hash, err
}

// UserFilter selects users; InstitutionID is required, other zero fields
// match everything.
type UserFilter struct {
	InstitutionID int64
	Role          actor.Role
	DepartmentID  int64
	Query         string // part of the name or email, ignoring case and accents
	Offset, Limit int    // Limit 0: web.PerPage
}

// FindUsers returns the users matching f ordered by name, and how many match
// in all.
func FindUsers(ctx context.Context, db store.Queryer, f UserFilter) ([]User, int, error) {
	if f.InstitutionID == 0 {
		return nil, 0, errors.New("find users: no institution")
	}
	where, args := []string{"u.institution_id = ?"}, []any{f.InstitutionID}
	if f.Role != "" {
		where, args = append(where, "u.role = ?"), append(args, f.Role)
	}
	if f.DepartmentID != 0 {
		where, args = append(where, "u.department_id = ?"), append(args, f.DepartmentID)
	}
	if q := searchQuery(f.Query); q != "" {
		where, args = append(where, `u.search_text LIKE ? ESCAPE '\'`), append(args, "%"+escapeLike(q)+"%")
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = web.PerPage
	}
	users, err := queryUsers(ctx, db, `SELECT `+userColumns+userTables+cond+` ORDER BY u.search_text, u.id LIMIT ? OFFSET ?`,
		append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("find users: %w", err)
	}
	return users, total, nil
}

// DepartmentHasEditor reports whether the department has an active
// department editor to send material to (WEB-20); without one, material
// goes to the reception department.
func DepartmentHasEditor(ctx context.Context, db *store.DB, departmentID int64) (bool, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE department_id = ? AND role = ? AND active = ?`,
		departmentID, actor.RoleDepartmentEditor, true).Scan(&n); err != nil {
		return false, fmt.Errorf("count editors of department %d: %w", departmentID, err)
	}
	return n > 0, nil
}

// DepartmentEditors lists the department's active editors by name.
func DepartmentEditors(ctx context.Context, db store.Queryer, departmentID int64) ([]User, error) {
	users, err := queryUsers(ctx, db, `SELECT `+userColumns+userTables+`
		WHERE u.department_id = ? AND u.role = ? AND u.active = ? ORDER BY u.search_text, u.id`,
		departmentID, actor.RoleDepartmentEditor, true)
	if err != nil {
		return nil, fmt.Errorf("find editors of department %d: %w", departmentID, err)
	}
	return users, nil
}

func queryUsers(ctx context.Context, db store.Queryer, query string, args ...any) ([]User, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// escapeLike makes s match literally in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// emailUsed reports whether an account of the institution has address.
func emailUsed(ctx context.Context, db store.Queryer, institutionID int64, address string) (bool, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE institution_id = ? AND email = ?`,
		institutionID, address).Scan(&n); err != nil {
		return false, fmt.Errorf("check email %s: %w", address, err)
	}
	return n > 0, nil
}
