package staff

import (
	"context"
	"errors"
	"fmt"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// ChangePassword sets a new password for the staff member a, who must give
// the current one. Guessing the current password is throttled like a
// login, from c. Their other sessions end; keep (the hash of the session
// making the change) stays. Returns web.FieldErrors on fields
// "current_password" and "password", or a *throttledError.
func (s *Service) ChangePassword(ctx context.Context, a actor.Actor, c Client, current, next, keep string) error {
	if !a.IsStaff() {
		return web.ErrForbidden
	}
	u, err := FindUser(ctx, s.db, a.InstitutionID, a.ID)
	if err != nil {
		return err
	}
	in, err := institution.Find(ctx, s.db, u.InstitutionID)
	if err != nil {
		return err
	}
	var fe web.FieldErrors
	if current == "" {
		fe.Add("current_password", "staff.error.current_password_required")
	}
	if next != "" && next == current {
		fe.Add("password", "staff.error.password_same")
	}
	personal := []string{u.Name, u.Email, in.Name}
	checkPasswordRules(&fe, "password", next, personal...)
	if len(fe) > 0 {
		return fe
	}
	account := accountKey(u.InstitutionID, u.Email)
	until, _, err := reserveAttempt(ctx, s.db, account, c.Addr)
	if err != nil {
		return err
	}
	if !until.IsZero() {
		return &throttledError{Until: until}
	}
	if _, _, err := s.checkCredentials(ctx, u.InstitutionID, u.Email, current); errors.Is(err, errBadCredentials) {
		return web.FieldErrors{{Field: "current_password", Key: "staff.error.current_password_wrong"}}
	} else if err != nil {
		return err
	}
	pw, err := NewPassword(next, personal...)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := clearFailures(ctx, tx, account); err != nil {
			return err
		}
		return SetPassword(ctx, tx, a, u.InstitutionID, u.ID, pw, keep)
	})
}

// ForcePasswordChange makes a user of a's institution choose a new
// password at their next login, and ends their sessions at once; only
// administrators may. Returns store.ErrNotFound for no such user.
func (s *Service) ForcePasswordChange(ctx context.Context, a actor.Actor, userID int64) error {
	if !CanManageUsers(a) {
		return web.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		u, err := findUserTx(ctx, tx, a.InstitutionID, userID)
		if err != nil {
			return fmt.Errorf("force password change of user %d: %w", userID, err)
		}
		if err := tx.ExecOne(ctx, `UPDATE users SET must_change_password = ?, updated_at = ? WHERE id = ?`,
			true, store.Millis(tx.Now), u.ID); err != nil {
			return fmt.Errorf("force password change of user %d: %w", u.ID, err)
		}
		if err := endUserSessions(ctx, tx, u.ID, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: u.InstitutionID, Actor: a, Action: "staff.user.force_password_change",
			ObjectType: "user", ObjectID: u.ID, Summary: "Privalomas slaptažodžio keitimas: " + u.Name + " (" + u.Email + ")",
		})
	})
}
