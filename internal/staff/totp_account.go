package staff

import (
	"context"
	"errors"
	"fmt"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Each staff member turns TOTP on and off for their own account only; no
// one can read another's secret. An administrator can only remove a
// colleague's TOTP (ResetTOTP), for one who lost both phone and recovery
// codes, and the audit trail says who did.

// TOTPStatus is what a person's account page shows of their TOTP.
type TOTPStatus struct {
	Enabled      bool
	Pending      *enrolment // the secret to add to an app, while enrolment is under way
	RecoveryLeft int        // unused recovery codes
}

// ownUser loads the account userID if it is the actor's own.
func ownUser(ctx context.Context, q store.Queryer, a actor.Actor, userID int64) (*User, error) {
	if !a.IsStaff() || a.ID != userID {
		return nil, web.ErrForbidden
	}
	return FindUser(ctx, q, a.InstitutionID, userID)
}

// TOTPStatus returns the TOTP of the actor's own account userID; issuer is
// the name the app shows beside the code.
func (s *Service) TOTPStatus(ctx context.Context, a actor.Actor, userID int64, issuer string) (*TOTPStatus, error) {
	u, err := ownUser(ctx, s.db, a, userID)
	if err != nil {
		return nil, err
	}
	cred, err := loadTOTP(ctx, s.db, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		return &TOTPStatus{}, nil
	}
	if err != nil {
		return nil, err
	}
	st := &TOTPStatus{Enabled: cred.Confirmed}
	if !cred.Confirmed {
		st.Pending, err = newEnrolment(issuer, u.Email, cred.Secret)
		return st, err
	}
	st.RecoveryLeft, err = unusedRecoveryCodes(ctx, s.db, u.ID)
	return st, err
}

// StartTOTP gives the actor's own account userID a new pending secret;
// store.ErrConflict when TOTP is on already.
func (s *Service) StartTOTP(ctx context.Context, a actor.Actor, userID int64) error {
	secret, err := newTOTPSecret()
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		u, err := ownUser(ctx, tx, a, userID)
		if err != nil {
			return err
		}
		return putPendingTOTP(ctx, tx, u.ID, secret)
	})
}

// ConfirmTOTP turns TOTP on for the actor's own account userID once code
// matches the pending secret, and returns the new recovery codes, shown
// this once. A wrong code counts as a failed login (see withCodeThrottle;
// client is the address the throttle counts).
func (s *Service) ConfirmTOTP(ctx context.Context, a actor.Actor, userID int64, code string, from Client) ([]string, error) {
	u, err := ownUser(ctx, s.db, a, userID)
	if err != nil {
		return nil, err
	}
	var codes []string
	err = s.withCodeThrottle(ctx, u, code, from, func(tx *store.Tx) error {
		codes, err = confirmTOTP(ctx, tx, u, code)
		return err
	})
	return codes, err
}

// DisableTOTP turns TOTP off for the actor's own account userID; code is a
// current code or an unused recovery code, so that a session left open on
// a shared computer is not enough.
func (s *Service) DisableTOTP(ctx context.Context, a actor.Actor, userID int64, code string, from Client) error {
	u, err := ownUser(ctx, s.db, a, userID)
	if err != nil {
		return err
	}
	err = s.withCodeThrottle(ctx, u, code, from, func(tx *store.Tx) error {
		if _, err := checkCode(ctx, tx, u, code); err != nil {
			return err
		}
		if err := deleteTOTP(ctx, tx, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: u.InstitutionID, Actor: a, Action: "staff.totp.disable",
			ObjectType: "user", ObjectID: u.ID, Summary: "Išjungtas dviejų veiksnių tapatybės patvirtinimas: " + u.Name + " (" + u.Email + ")",
		})
	})
	return err
}

// ResetTOTP removes the TOTP of account userID, for its owner who lost both
// the phone and the recovery codes. Only an administrator of the account's
// institution may; with TOTP required for the role, the owner enrols anew
// at the next login.
func (s *Service) ResetTOTP(ctx context.Context, a actor.Actor, userID int64) error {
	if !CanManageUsers(a) {
		return web.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		u, err := FindUser(ctx, tx, a.InstitutionID, userID)
		if err != nil {
			return err
		}
		if _, err := loadTOTP(ctx, tx, u.ID); err != nil {
			return err // store.ErrNotFound: nothing to remove
		}
		if err := deleteTOTP(ctx, tx, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: u.InstitutionID, Actor: a, Action: "staff.totp.reset",
			ObjectType: "user", ObjectID: u.ID, Summary: "Administratorius pašalino dviejų veiksnių tapatybės patvirtinimą: " + u.Name + " (" + u.Email + ")",
		})
	})
}

// confirmTOTP confirms u's pending secret with code and gives them new
// recovery codes.
func confirmTOTP(ctx context.Context, tx *store.Tx, u *User, code string) ([]string, error) {
	cred, err := loadTOTP(ctx, tx, u.ID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && cred.Confirmed) {
		// Confirmed meanwhile in another tab, or never started.
		return nil, store.ErrConflict
	}
	if err != nil {
		return nil, err
	}
	step, ok := matchStep(cred.Secret, normalizeCode(code), tx.Now)
	if !ok {
		return nil, errWrongCode
	}
	if err := used(useStep(ctx, tx, u.ID, step, true)); err != nil {
		return nil, err
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return nil, err
	}
	if err := replaceRecoveryCodes(ctx, tx, u.ID, hashes); err != nil {
		return nil, err
	}
	return codes, audit.Record(ctx, tx, audit.Change{
		InstitutionID: u.InstitutionID, Actor: u.Actor(), Action: "staff.totp.enrol", ObjectType: "user", ObjectID: u.ID,
		Summary: fmt.Sprintf("Įjungtas dviejų veiksnių tapatybės patvirtinimas: %s (%s); sukurta atsarginių kodų: %d", u.Name, u.Email, len(codes)),
	})
}
