package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Each change is one transaction with its audit entry; a form
// carries the version it was opened on, and a stale one changes nothing
// (store.ErrConflict). A file is written to the files store before its
// transaction and removed again if the transaction fails, so that a
// refused or failed upload leaves nothing.

// Details are what people write about an item.
type Details struct {
	Title, Description, Alt string
	Decorative              bool
	DepartmentID            int64
	CopyID                  int64 // an office file's PDF or ODF copy
	Version                 int64
}

// Upload is one file handed in, with the details given with it.
type Upload struct {
	Name string // as the browser sent it; only its slug is kept
	Body io.Reader
	Details
}

// snapshot is what the audit trail keeps of an item.
type snapshot struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Alt         string `json:"alt,omitempty"`
	Decorative  bool   `json:"decorative,omitempty"`
	Department  int64  `json:"department_id,omitempty"`
	Copy        int64  `json:"copy_id,omitempty"`
	Type        string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	FileVersion int    `json:"file_version"`
}

func snapshotOf(it *Item) *snapshot {
	return &snapshot{it.Title, it.Description, it.Alt, it.Decorative, it.DepartmentID, it.CopyID, it.ContentType, it.Size, it.SHA256, it.FileVersion}
}

// validate checks the details of an item of kind; name is the uploaded
// file's name, whose words are the title when none is given.
func (d *Details) validate(kind Kind, name string, fe *web.FieldErrors) {
	d.Title, d.Description, d.Alt = strings.TrimSpace(d.Title), strings.TrimSpace(d.Description), strings.TrimSpace(d.Alt)
	if d.Title == "" && name != "" {
		d.Title = titleOf(name)
	}
	switch {
	case d.Title == "":
		fe.Add("title", "media.error.title_required")
	case utf8.RuneCountInString(d.Title) > 200:
		fe.Add("title", "media.error.title_too_long")
	}
	if utf8.RuneCountInString(d.Description) > 2000 {
		fe.Add("description", "media.error.description_too_long")
	}
	if utf8.RuneCountInString(d.Alt) > 300 {
		fe.Add("alt", "media.error.alt_too_long")
	}
	if kind != Image {
		d.Alt, d.Decorative = "", false
	}
	if d.Decorative {
		d.Alt = "" // a decorative image says nothing to a screen reader
	}
}

// titleOf makes a title of a file name: its words, without the extension.
func titleOf(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	name = strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == '_' || r == ' ' || r == '-' }), " ")
	if utf8.RuneCountInString(name) > 200 {
		name = string([]rune(name)[:200])
	}
	return strings.TrimSpace(name)
}

// department decides an item's department: staff of a department upload
// for it; the legal-acts publisher for none; the others choose.
func department(by actor.Actor, chosen int64) int64 {
	switch {
	case by.Role.NeedsDepartment():
		return by.DepartmentID
	case by.Role == actor.RoleLegalPublisher:
		return 0
	}
	return chosen
}

func checkDepartment(ctx context.Context, q store.Queryer, inst, id int64, fe *web.FieldErrors) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM departments WHERE institution_id = ? AND id = ?`, inst, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		fe.Add("department_id", "media.error.department_invalid")
	}
	return nil
}

// fileErrors turns a refused file into the form's error on its field.
func fileErrors(field, name string, err error) error {
	var p *problem
	if !errors.As(err, &p) {
		return err
	}
	label, limit := "", int64(0)
	if p.format != nil {
		label, limit = p.format.Label, p.format.Max/MB
	}
	return web.FieldErrors{{Field: field, Key: p.key, Args: []any{name, label, limit}}}
}

// Add stores an uploaded file as a new item of the library.
func (s *Service) Add(ctx context.Context, by actor.Actor, in *institution.Institution, up *Upload) (*Item, error) {
	up.DepartmentID = department(by, up.DepartmentID)
	if !canEdit(by, in.ID, up.DepartmentID) {
		return nil, web.ErrForbidden
	}
	var fe web.FieldErrors
	up.validate(Image, up.Name, &fe) // the kind is known once the file is read
	if err := checkDepartment(ctx, s.db, in.ID, up.DepartmentID, &fe); err != nil {
		return nil, err
	}
	if !web.ValidFormText(up.Name) || strings.ContainsRune(up.Name, 0) {
		fe.Add("files", "media.error.name", up.Name)
	}
	if err := fe.Err(); err != nil {
		_, _ = io.Copy(io.Discard, up.Body)
		return nil, err
	}
	c, err := s.storeContent(ctx, up.Name, up.Body, nil)
	if err != nil {
		return nil, fileErrors("files", up.Name, err)
	}
	if c.format.Kind != Image {
		up.Alt, up.Decorative = "", false
	}
	it := &Item{InstitutionID: in.ID, DepartmentID: up.DepartmentID, Kind: c.format.Kind, Title: up.Title, Description: up.Description,
		Alt: up.Alt, Decorative: up.Decorative, Slug: Slug(up.Name), FileKey: c.key, ContentType: c.format.ContentType, Size: c.size,
		SHA256: c.sha256, Width: c.width, Height: c.height, FileVersion: 1, UploadedBy: by.ID, Version: 1}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		it.CreatedAt, it.UpdatedAt = tx.Now, tx.Now
		var uploader any
		if by.Kind == actor.Staff {
			uploader = by.ID
		}
		var err error
		it.ID, err = tx.InsertID(ctx, `INSERT INTO media_items (institution_id, department_id, kind, title, description, alt, decorative,
			slug, file_key, content_type, size, sha256, width, height, file_version, uploaded_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`, in.ID, nullID(it.DepartmentID), it.Kind, it.Title,
			it.Description, it.Alt, it.Decorative, it.Slug, it.FileKey, it.ContentType, it.Size, it.SHA256, it.Width, it.Height,
			uploader, store.Millis(tx.Now), store.Millis(tx.Now))
		if err != nil {
			return fmt.Errorf("add media item: %w", err)
		}
		return audit.Record(ctx, tx, audit.Change{InstitutionID: in.ID, Actor: by, Action: "media.add", ObjectType: "media", ObjectID: it.ID,
			Summary: i18n.T(i18n.LT, "media.audit.add", it.Title, it.Label()), After: snapshotOf(it)})
	})
	if err != nil {
		_ = s.removeContent(ctx, c.key)
		return nil, err
	}
	return it, nil
}

// change loads an item inside a transaction and runs then on it if by may
// change it and the form's version is current; then returns the audit
// entry, which change completes and records.
func (s *Service) change(ctx context.Context, by actor.Actor, in *institution.Institution, id, version int64,
	then func(tx *store.Tx, it *Item) (audit.Change, error)) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		it, err := Find(ctx, tx, in.ID, id)
		if err != nil {
			return err
		}
		if !canEdit(by, it.InstitutionID, it.DepartmentID) {
			return store.ErrNotFound // another department's item is not there for them
		}
		if it.Version != version {
			return store.ErrConflict
		}
		c, err := then(tx, it)
		if err != nil {
			return err
		}
		c.InstitutionID, c.Actor, c.ObjectType, c.ObjectID = in.ID, by, "media", it.ID
		return audit.Record(ctx, tx, c)
	})
}

// Update changes an item's details.
func (s *Service) Update(ctx context.Context, by actor.Actor, in *institution.Institution, id int64, d *Details) error {
	return s.change(ctx, by, in, id, d.Version, func(tx *store.Tx, it *Item) (audit.Change, error) {
		var fe web.FieldErrors
		d.validate(it.Kind, "", &fe)
		if by.Role.NeedsDepartment() || by.Role == actor.RoleLegalPublisher {
			d.DepartmentID = it.DepartmentID // only those who see every department move items between them
		}
		if err := checkDepartment(ctx, tx, in.ID, d.DepartmentID, &fe); err != nil {
			return audit.Change{}, err
		}
		if it.Kind == Image && d.Alt == "" && !d.Decorative {
			fe.Add("alt", "media.error.alt_required")
		}
		if err := s.checkCopy(ctx, tx, by, it, d.CopyID, &fe); err != nil {
			return audit.Change{}, err
		}
		if err := fe.Err(); err != nil {
			return audit.Change{}, err
		}
		before := snapshotOf(it)
		if err := tx.ExecOne(ctx, `UPDATE media_items SET title = ?, description = ?, alt = ?, decorative = ?, department_id = ?,
			copy_id = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, d.Title, d.Description, d.Alt, d.Decorative,
			nullID(d.DepartmentID), nullID(d.CopyID), store.Millis(tx.Now), it.ID, it.Version); err != nil {
			return audit.Change{}, err
		}
		it.Title, it.Description, it.Alt, it.Decorative, it.DepartmentID, it.CopyID = d.Title, d.Description, d.Alt, d.Decorative, d.DepartmentID, d.CopyID
		// Pages show the alt text and the label: render them again.
		if err := s.site.RerenderMedia(ctx, tx, by, in.ID, it.ID); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: "media.edit", Summary: i18n.T(i18n.LT, "media.audit.edit", it.Title), Before: before, After: snapshotOf(it)},
			s.cache.Bump(ctx, tx)
	})
}

// checkCopy: an office file's copy is a PDF or ODF document of the
// library that by may see.
func (s *Service) checkCopy(ctx context.Context, tx *store.Tx, by actor.Actor, it *Item, copyID int64, fe *web.FieldErrors) error {
	if copyID == 0 {
		return nil
	}
	c, err := Find(ctx, tx, it.InstitutionID, copyID)
	if isNotFound(err) || err == nil && (!c.Format().Open || c.Kind != Document || c.ID == it.ID || !canEdit(by, c.InstitutionID, c.DepartmentID)) {
		fe.Add("copy_id", "media.error.copy_invalid")
		return nil
	}
	return err
}

// Replace puts new content under an item's address: the same id and slug,
// a new file version (so the pages' cached copies are not reused), the
// sizes made again on request. The new file must be of the same type.
func (s *Service) Replace(ctx context.Context, by actor.Actor, in *institution.Institution, id, version int64, name string, body io.Reader) error {
	it, err := Find(ctx, s.db, in.ID, id)
	if err != nil {
		return err
	}
	if !canEdit(by, it.InstitutionID, it.DepartmentID) {
		return store.ErrNotFound
	}
	if it.Version != version {
		return store.ErrConflict
	}
	c, err := s.storeContent(ctx, name, body, it.Format())
	if err != nil {
		return fileErrors("file", name, err)
	}
	var old string
	err = s.change(ctx, by, in, id, version, func(tx *store.Tx, it *Item) (audit.Change, error) {
		before := snapshotOf(it)
		old = it.FileKey
		if err := tx.ExecOne(ctx, `UPDATE media_items SET file_key = ?, size = ?, sha256 = ?, width = ?, height = ?,
			file_version = file_version + 1, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			c.key, c.size, c.sha256, c.width, c.height, store.Millis(tx.Now), it.ID, it.Version); err != nil {
			return audit.Change{}, err
		}
		it.FileKey, it.Size, it.SHA256, it.Width, it.Height, it.FileVersion = c.key, c.size, c.sha256, c.width, c.height, it.FileVersion+1
		if err := s.site.RerenderMedia(ctx, tx, by, in.ID, it.ID); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: "media.replace", Summary: i18n.T(i18n.LT, "media.audit.replace", it.Title, it.Label()),
			Before: before, After: snapshotOf(it)}, s.cache.Bump(ctx, tx)
	})
	if err != nil {
		_ = s.removeContent(ctx, c.key)
		return err
	}
	return s.removeContent(ctx, old)
}

// Remove deletes an item that no page uses; while pages link to it, the
// refusal names them.
func (s *Service) Remove(ctx context.Context, by actor.Actor, in *institution.Institution, id, version int64) error {
	var key string
	err := s.change(ctx, by, in, id, version, func(tx *store.Tx, it *Item) (audit.Change, error) {
		uses, err := usesOf(ctx, tx, by, it.ID)
		if err != nil {
			return audit.Change{}, err
		}
		if uses.Any() {
			var titles []string
			for _, u := range uses.Shown {
				titles = append(titles, "„"+u.Title+"“ ("+u.Path+")")
			}
			if len(titles) == 0 {
				return audit.Change{}, web.FieldErrors{{Field: "delete", Key: "media.error.in_use_elsewhere", Args: []any{uses.Hidden}}}
			}
			if uses.Hidden > 0 {
				return audit.Change{}, web.FieldErrors{{Field: "delete", Key: "media.error.in_use_hidden",
					Args: []any{strings.Join(titles, ", "), uses.Hidden}}}
			}
			return audit.Change{}, web.FieldErrors{{Field: "delete", Key: "media.error.in_use", Args: []any{strings.Join(titles, ", ")}}}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE media_items SET copy_id = NULL WHERE copy_id = ?`, it.ID); err != nil {
			return audit.Change{}, err
		}
		if err := tx.ExecOne(ctx, `DELETE FROM media_items WHERE id = ? AND version = ?`, it.ID, it.Version); err != nil {
			return audit.Change{}, err
		}
		key = it.FileKey
		return audit.Change{Action: "media.remove", Summary: i18n.T(i18n.LT, "media.audit.remove", it.Title, it.Label()), Before: snapshotOf(it)}, nil
	})
	if err != nil {
		return err
	}
	return s.removeContent(ctx, key)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
