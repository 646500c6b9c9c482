package site

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Redirects keep old addresses working (WEB-20, WEB-21): a moved page, a
// renamed section and an archived page answer at their old address with a
// permanent redirect. The rules that keep them sound:
//   - live content wins: the public handler looks a redirect up only where
//     no page, section or archived copy answers, so an address that has
//     content again is no longer redirected;
//   - no chains: a redirect's target is its final address; when an address
//     that others lead to moves on, they are pointed at the new one;
//   - no loops: a manual redirect whose final target is its own address is
//     refused; an automatic one drops the redirect from its target, which
//     is content now;
//   - local paths only (web.LocalPath): a redirect never leads off the site.

// Redirect kinds.
const (
	RedirectMove    = "move"    // a page moved to another section
	RedirectRename  = "rename"  // a section renamed: its address and everything below
	RedirectArchive = "archive" // a page's term ended: its archived copy
	RedirectManual  = "manual"  // added by an administrator
)

// Redirect is one old address and where it leads.
type Redirect struct {
	ID            int64
	InstitutionID int64
	From, To      string
	Kind          string
	CreatedByName string
	CreatedAt     time.Time
}

// KindLabel is the catalogue key of the kind's name.
func (r *Redirect) KindLabel() string { return "site.redirects.kind." + r.Kind }

// archivePrefix is where archived copies live (WEB-23).
const archivePrefix = "/archyvas"

// addRedirect makes from lead to to, the address where content is now, in
// tx. The caller audits the step that moved the content.
func addRedirect(ctx context.Context, tx *store.Tx, institutionID int64, from, to, kind string, by actor.Actor) error {
	if from == to {
		return nil
	}
	// The target is content now: a redirect from it would hide it (and
	// make a loop with the one added here).
	if _, err := tx.ExecContext(ctx, `DELETE FROM redirects WHERE institution_id = ? AND from_path = ?`, institutionID, to); err != nil {
		return fmt.Errorf("redirect from the new address: %w", err)
	}
	return storeRedirect(ctx, tx, institutionID, from, to, kind, by)
}

// storeRedirect records from → to, points every redirect that led to from
// at to (no chains), and replaces an earlier redirect of from.
func storeRedirect(ctx context.Context, tx *store.Tx, institutionID int64, from, to, kind string, by actor.Actor) error {
	if _, err := tx.ExecContext(ctx, `UPDATE redirects SET to_path = ? WHERE institution_id = ? AND to_path = ?`, to, institutionID, from); err != nil {
		return fmt.Errorf("redirects to the old address: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM redirects WHERE institution_id = ? AND from_path = ?`, institutionID, from); err != nil {
		return fmt.Errorf("earlier redirect: %w", err)
	}
	var createdBy any
	if by.IsStaff() {
		createdBy = by.ID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO redirects (institution_id, from_path, to_path, kind, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, institutionID, from, to, kind, createdBy, store.Millis(tx.Now)); err != nil {
		return fmt.Errorf("add redirect: %w", err)
	}
	return nil
}

// addArchiveRedirect leads a page's address to its archived copy (WEB-23).
// Archiving at the term's end calls it, and so does anything else that
// archives a page, in the same transaction.
func addArchiveRedirect(ctx context.Context, tx *store.Tx, p *Page, by actor.Actor) error {
	return addRedirect(ctx, tx, p.InstitutionID, p.Path, archivePrefix+p.Path, RedirectArchive, by)
}

// pathMoved records the redirects of a page whose path changed from old to
// new: its public address, and for an archived page the archived copy's
// too. A page the public has never seen gets none.
func pathMoved(ctx context.Context, tx *store.Tx, p *Page, old, new, kind string, by actor.Actor) error {
	switch {
	case p.Live(tx.Now):
		return addRedirect(ctx, tx, p.InstitutionID, old, new, kind, by)
	case p.Archived(tx.Now):
		if err := addRedirect(ctx, tx, p.InstitutionID, archivePrefix+old, archivePrefix+new, kind, by); err != nil {
			return err
		}
		return addRedirect(ctx, tx, p.InstitutionID, old, archivePrefix+new, kind, by)
	}
	return nil
}

// redirectFor returns where path of the institution leads, or ErrNotFound.
func redirectFor(ctx context.Context, db *store.DB, institutionID int64, path string) (string, error) {
	var to string
	err := db.QueryRowContext(ctx, `SELECT to_path FROM redirects WHERE institution_id = ? AND from_path = ?`, institutionID, path).Scan(&to)
	if err != nil {
		return "", err
	}
	// Stored targets are checked when added; this keeps a bad row from
	// ever sending a visitor off the site.
	if web.LocalPath(to, "") == "" {
		return "", store.ErrNotFound
	}
	return to, nil
}

// redirectTx returns where path leads in tx, "" if nowhere.
func redirectTx(ctx context.Context, tx *store.Tx, institutionID int64, path string) (string, error) {
	var to string
	err := tx.QueryRowContext(ctx, `SELECT to_path FROM redirects WHERE institution_id = ? AND from_path = ?`, institutionID, path).Scan(&to)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return to, err
}

// movedTo answers a public request with a permanent redirect.
type movedTo struct{ to string }

func (m *movedTo) Error() string { return "moved to " + m.to }

// orRedirect turns a public lookup's "not found" into the redirect stored
// for path, if there is one.
func (s *Service) orRedirect(ctx context.Context, institutionID int64, path string, err error) error {
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	to, rerr := redirectFor(ctx, s.db, institutionID, path)
	switch {
	case rerr == nil:
		return &movedTo{to: (&url.URL{Path: to}).EscapedPath()} // a Location header of ASCII
	case errors.Is(rerr, store.ErrNotFound):
		return err
	}
	return rerr
}

// CanManageRedirects: see, add and remove an institution's redirects.
func CanManageRedirects(by actor.Actor) bool { return by.IsStaff(actor.RoleAdmin) }

// RedirectForm is an administrator's redirect.
type RedirectForm struct {
	From, To string
}

// maxRedirectPath bounds a typed address.
const maxRedirectPath = 500

// normaliseRedirectPath trims what a person adds around an address —
// spaces and a trailing slash — and decodes one copied from a browser's
// address bar ("/lt/%C5%BEem%C4%97lapis"), since requests are matched on
// their decoded path.
func normaliseRedirectPath(p string) string {
	p = strings.TrimSpace(p)
	if decoded, err := url.PathUnescape(p); err == nil {
		p = decoded
	}
	if len(p) > 1 {
		p = strings.TrimRight(p, "/")
		if p == "" {
			p = "/"
		}
	}
	return p
}

func validRedirectPath(p string) bool {
	return p != "/" && len(p) <= maxRedirectPath && web.LocalPath(p, "") != "" &&
		!strings.ContainsAny(p, "?# ") && p != "/admin" && !strings.HasPrefix(p, "/admin/")
}

// Validate checks the addresses; From and To come back normalised.
func (f *RedirectForm) Validate() web.FieldErrors {
	var fe web.FieldErrors
	f.From, f.To = normaliseRedirectPath(f.From), normaliseRedirectPath(f.To)
	switch {
	case f.From == "":
		fe.Add("from", "site.error.redirect_from_required")
	case !validRedirectPath(f.From):
		fe.Add("from", "site.error.redirect_path_invalid")
	}
	switch {
	case f.To == "":
		fe.Add("to", "site.error.redirect_to_required")
	case f.To != "/" && !validRedirectPath(f.To):
		fe.Add("to", "site.error.redirect_path_invalid")
	case f.To == f.From:
		fe.Add("to", "site.error.redirect_loop")
	}
	return fe
}

// AddRedirect records an administrator's redirect. An address that has
// content is not redirected (the content would win anyway); a target that
// itself redirects is stored as its final address; a redirect that would
// lead back to its own address is refused.
func (s *Service) AddRedirect(ctx context.Context, by actor.Actor, in *institution.Institution, f *RedirectForm) (int64, error) {
	if !CanManageRedirects(by) || by.InstitutionID != in.ID {
		return 0, web.ErrForbidden
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		fe := f.Validate()
		if err := fe.Err(); err != nil {
			return err
		}
		taken, err := pathTaken(ctx, tx, in.ID, f.From)
		if err != nil {
			return err
		}
		if taken {
			return web.FieldErrors{{Field: "from", Key: "site.error.redirect_from_content"}}
		}
		to := f.To
		next, err := redirectTx(ctx, tx, in.ID, to)
		if err != nil {
			return err
		}
		if next != "" {
			to = next // the final address: no chains
		}
		if to == f.From {
			return web.FieldErrors{{Field: "to", Key: "site.error.redirect_loop"}}
		}
		before, err := redirectTx(ctx, tx, in.ID, f.From)
		if err != nil {
			return err
		}
		if err := storeRedirect(ctx, tx, in.ID, f.From, to, RedirectManual, by); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT id FROM redirects WHERE institution_id = ? AND from_path = ?`, in.ID, f.From).Scan(&id); err != nil {
			return err
		}
		c := audit.Change{InstitutionID: in.ID, Actor: by, Action: "site.redirect.add", ObjectType: "redirect", ObjectID: id,
			Summary: fmt.Sprintf("Nukreipimas %s → %s", f.From, to), After: map[string]string{"from": f.From, "to": to}}
		if before != "" {
			c.Before = map[string]string{"from": f.From, "to": before}
		}
		if err := audit.Record(ctx, tx, c); err != nil {
			return err
		}
		return s.cache.Bump(ctx, tx)
	})
	return id, err
}

// RemoveRedirect deletes a redirect of the institution; its old address
// answers "not found" again.
func (s *Service) RemoveRedirect(ctx context.Context, by actor.Actor, in *institution.Institution, id int64) error {
	if !CanManageRedirects(by) || by.InstitutionID != in.ID {
		return web.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var from, to string
		if err := tx.QueryRowContext(ctx, `SELECT from_path, to_path FROM redirects WHERE institution_id = ? AND id = ?`, in.ID, id).Scan(&from, &to); err != nil {
			return err
		}
		if err := tx.ExecOne(ctx, `DELETE FROM redirects WHERE id = ?`, id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: in.ID, Actor: by, Action: "site.redirect.remove",
			ObjectType: "redirect", ObjectID: id, Summary: fmt.Sprintf("Pašalintas nukreipimas %s → %s", from, to),
			Before: map[string]string{"from": from, "to": to}}); err != nil {
			return err
		}
		return s.cache.Bump(ctx, tx)
	})
}

// Redirects lists a page of the institution's redirects, newest first,
// with their count.
func (s *Service) Redirects(ctx context.Context, by actor.Actor, in *institution.Institution, offset int) ([]Redirect, int, error) {
	if !CanManageRedirects(by) || by.InstitutionID != in.ID {
		return nil, 0, web.ErrForbidden
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM redirects WHERE institution_id = ?`, in.ID).Scan(&n); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.institution_id, r.from_path, r.to_path, r.kind, COALESCE(u.name, ''), r.created_at
		FROM redirects r LEFT JOIN users u ON u.id = r.created_by WHERE r.institution_id = ?
		ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?`, in.ID, web.PerPage, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list redirects: %w", err)
	}
	defer rows.Close()
	var out []Redirect
	for rows.Next() {
		var r Redirect
		if err := rows.Scan(&r.ID, &r.InstitutionID, &r.From, &r.To, &r.Kind, &r.CreatedByName, store.Time(&r.CreatedAt)); err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, n, rows.Err()
}
