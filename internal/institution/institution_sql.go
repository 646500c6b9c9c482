package institution

import (
	"context"
	"fmt"
	"strings"

	"github.com/savivalda/savivalda/internal/store"
)

const columns = `id, slug, name, short_name, legal_form, address, legal_code, register, phone, fax, email,
	controller_name, controller_code, controller_address, controller_email, controller_phone, dpo_email,
	coat_of_arms_type, structure_profile, is_default, updated_at`

// Create inserts an institution with its host names and returns its id.
func Create(ctx context.Context, tx *store.Tx, in *Institution) (int64, error) {
	id, err := tx.InsertID(ctx, `INSERT INTO institutions (slug, name, short_name, legal_form, address, legal_code, register,
		phone, fax, email, controller_name, controller_code, controller_address, controller_email, controller_phone,
		dpo_email, coat_of_arms, coat_of_arms_type, structure_profile, is_default, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.Slug, in.Name, in.ShortName, in.LegalForm, in.Address, in.LegalCode, in.Register, in.Phone, in.Fax, in.Email,
		in.ControllerName, in.ControllerCode, in.ControllerAddress, in.ControllerEmail, in.ControllerPhone, in.DPOEmail,
		in.CoatOfArms, in.CoatOfArmsType, in.StructureProfile, in.IsDefault, store.Millis(tx.Now), store.Millis(tx.Now))
	if err != nil {
		return 0, fmt.Errorf("create institution %s: %w", in.Slug, err)
	}
	for _, h := range in.Hosts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO institution_hosts (host, institution_id) VALUES (?, ?)`, NormalizeHost(h), id); err != nil {
			return 0, fmt.Errorf("add host %s: %w", h, err)
		}
	}
	in.ID = id
	return id, nil
}

// Update saves the header and controller data (not the coat of arms).
func Update(ctx context.Context, tx *store.Tx, in *Institution) error {
	return tx.ExecOne(ctx, `UPDATE institutions SET name = ?, short_name = ?, legal_form = ?, address = ?, legal_code = ?,
		register = ?, phone = ?, fax = ?, email = ?, controller_name = ?, controller_code = ?, controller_address = ?,
		controller_email = ?, controller_phone = ?, dpo_email = ?, updated_at = ? WHERE id = ?`,
		in.Name, in.ShortName, in.LegalForm, in.Address, in.LegalCode, in.Register, in.Phone, in.Fax, in.Email,
		in.ControllerName, in.ControllerCode, in.ControllerAddress, in.ControllerEmail, in.ControllerPhone, in.DPOEmail,
		store.Millis(tx.Now), in.ID)
}

// SetCoatOfArms replaces the coat of arms image.
func SetCoatOfArms(ctx context.Context, tx *store.Tx, id int64, image []byte, contentType string) error {
	return tx.ExecOne(ctx, `UPDATE institutions SET coat_of_arms = ?, coat_of_arms_type = ?, updated_at = ? WHERE id = ?`,
		image, contentType, store.Millis(tx.Now), id)
}

// CoatOfArms returns the image and its content type; ErrNotFound when the
// institution has none.
func CoatOfArms(ctx context.Context, db *store.DB, id int64) ([]byte, string, error) {
	return coatOfArms(ctx, db, id)
}

// rowQuerier is a *store.DB or a *store.Tx, so that one query serves a page
// and a transaction.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *store.Row
}

func coatOfArms(ctx context.Context, q rowQuerier, id int64) ([]byte, string, error) {
	var img []byte
	var typ string
	err := q.QueryRowContext(ctx, `SELECT coat_of_arms, coat_of_arms_type FROM institutions WHERE id = ?`, id).Scan(&img, &typ)
	if err == nil && len(img) == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return nil, "", fmt.Errorf("coat of arms of institution %d: %w", id, err)
	}
	return img, typ, nil
}

// Find returns one institution, without host names or the image itself.
func Find(ctx context.Context, db store.Queryer, id int64) (*Institution, error) {
	return find(ctx, db, id)
}

func find(ctx context.Context, q rowQuerier, id int64) (*Institution, error) {
	in, err := scanInstitution(q.QueryRowContext(ctx, `SELECT `+columns+`, coat_of_arms IS NOT NULL FROM institutions WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("find institution %d: %w", id, err)
	}
	return in, nil
}

// scanInstitution reads the columns, then whether there is a coat of arms.
func scanInstitution(row interface{ Scan(...any) error }) (*Institution, error) {
	in := &Institution{}
	var hasArms bool
	if err := row.Scan(&in.ID, &in.Slug, &in.Name, &in.ShortName, &in.LegalForm, &in.Address, &in.LegalCode,
		&in.Register, &in.Phone, &in.Fax, &in.Email, &in.ControllerName, &in.ControllerCode, &in.ControllerAddress,
		&in.ControllerEmail, &in.ControllerPhone, &in.DPOEmail, &in.CoatOfArmsType, &in.StructureProfile,
		&in.IsDefault, store.Time(&in.UpdatedAt), &hasArms); err != nil {
		return nil, err
	}
	if !hasArms {
		in.CoatOfArmsType = ""
	}
	return in, nil
}

// FindAll returns every institution with its host names.
func FindAll(ctx context.Context, db *store.DB) ([]*Institution, error) {
	rows, err := db.QueryContext(ctx, `SELECT `+columns+`, coat_of_arms IS NOT NULL FROM institutions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("find institutions: %w", err)
	}
	defer rows.Close()
	var out []*Institution
	byID := map[int64]*Institution{}
	for rows.Next() {
		in, err := scanInstitution(rows)
		if err != nil {
			return nil, fmt.Errorf("scan institution: %w", err)
		}
		out = append(out, in)
		byID[in.ID] = in
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	hosts, err := db.QueryContext(ctx, `SELECT host, institution_id FROM institution_hosts ORDER BY host`)
	if err != nil {
		return nil, fmt.Errorf("find hosts: %w", err)
	}
	defer hosts.Close()
	for hosts.Next() {
		var h string
		var id int64
		if err := hosts.Scan(&h, &id); err != nil {
			return nil, err
		}
		if in := byID[id]; in != nil {
			in.Hosts = append(in.Hosts, h)
		}
	}
	return out, hosts.Err()
}

// CreateDepartment adds a department or eldership and returns its id.
func CreateDepartment(ctx context.Context, tx *store.Tx, d *Department) (int64, error) {
	id, err := tx.InsertID(ctx, `INSERT INTO departments (institution_id, name, kind, position, created_at) VALUES (?, ?, ?, ?, ?)`,
		d.InstitutionID, d.Name, d.Kind, d.Position, store.Millis(tx.Now))
	if err != nil {
		return 0, fmt.Errorf("create department %q: %w", d.Name, err)
	}
	d.ID = id
	return id, nil
}

// Departments lists an institution's departments and elderships in order.
func Departments(ctx context.Context, db *store.DB, institutionID int64) ([]Department, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, institution_id, name, kind, position FROM departments
		WHERE institution_id = ? ORDER BY kind, position, name`, institutionID)
	if err != nil {
		return nil, fmt.Errorf("find departments: %w", err)
	}
	defer rows.Close()
	var out []Department
	for rows.Next() {
		var d Department
		if err := rows.Scan(&d.ID, &d.InstitutionID, &d.Name, &d.Kind, &d.Position); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// FindDepartment returns one department of the institution; another
// institution's department is ErrNotFound.
func FindDepartment(ctx context.Context, db *store.DB, institutionID, id int64) (Department, error) {
	return findDepartment(ctx, db, institutionID, id)
}

func findDepartment(ctx context.Context, q rowQuerier, institutionID, id int64) (Department, error) {
	var d Department
	err := q.QueryRowContext(ctx, `SELECT id, institution_id, name, kind, position FROM departments
		WHERE institution_id = ? AND id = ?`, institutionID, id).Scan(&d.ID, &d.InstitutionID, &d.Name, &d.Kind, &d.Position)
	if err != nil {
		return d, fmt.Errorf("find department %d: %w", id, err)
	}
	return d, nil
}

// RenameDepartment changes a department's name; a name the institution
// already uses is ErrConflict.
func RenameDepartment(ctx context.Context, tx *store.Tx, d *Department) error {
	if err := tx.ExecOne(ctx, `UPDATE departments SET name = ? WHERE institution_id = ? AND id = ?`,
		d.Name, d.InstitutionID, d.ID); err != nil {
		return fmt.Errorf("rename department %d: %w", d.ID, err)
	}
	return nil
}

// nextDepartmentPosition puts a new department after the others of its kind.
func nextDepartmentPosition(ctx context.Context, tx *store.Tx, institutionID int64, kind string) (int, error) {
	var pos int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM departments WHERE institution_id = ? AND kind = ?`,
		institutionID, kind).Scan(&pos)
	return pos, err
}

// NormalizeHost lower-cases a host name and drops the port.
func NormalizeHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	return strings.Trim(h, "[]")
}

// IDs lists the ids of every institution the installation serves.
func IDs(ctx context.Context, q store.Queryer) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM institutions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list institutions: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
