package staff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
)

// errBadCredentials: the address has no active account or the password is
// wrong. People are not told which, so that the form cannot be used to find
// out who works here.
var errBadCredentials = errors.New("wrong email or password")

// login checks the credentials and starts a session, ending oldSession (the
// hash of the session the request came with, if any). It returns the user
// and the new session token, errBadCredentials, a *throttledError, or a
// *secondStep when a TOTP code must come first.
func (s *Service) login(ctx context.Context, institutionID int64, email, password, client, oldSession string) (*User, string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	account := accountKey(institutionID, email)
	until, err := throttledUntil(ctx, s.db, account, client, s.db.Now())
	if err != nil {
		return nil, "", err
	}
	if !until.IsZero() {
		return nil, "", &throttledError{Until: until}
	}
	u, hash, err := findLogin(ctx, s.db, institutionID, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, "", fmt.Errorf("log in %s: %w", email, err)
	}
	ok := false
	if u != nil && u.Active {
		if ok, err = CheckPassword(hash, password); err != nil {
			slog.WarnContext(ctx, "unusable password hash", "user", u.ID, "err", err)
		}
	} else {
		// Take as long as a real check, so that the response time does not
		// tell whether the address has an account.
		if _, err := HashPassword(password); err != nil {
			return nil, "", err
		}
	}
	if !ok {
		if err := recordFailure(ctx, s.db, account, client); err != nil {
			return nil, "", err
		}
		return nil, "", errBadCredentials
	}
	// Upgrade a hash made with older settings while the password is at hand;
	// hashing happens before the transaction so as not to hold the writer.
	var rehash string
	if needsRehash(hash) {
		if rehash, err = HashPassword(password); err != nil {
			return nil, "", err
		}
	}
	var token string
	var step *secondStep
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if rehash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, rehash, u.ID); err != nil {
				return fmt.Errorf("upgrade password hash of user %d: %w", u.ID, err)
			}
		}
		// A TOTP code, when the account has or needs one, comes before
		// any session, and failures count until it is right (totp_login.go).
		var err error
		if step, err = beginSecondStep(ctx, tx, u, methodPassword); err != nil || step != nil {
			return err
		}
		if err := clearFailures(ctx, tx, account); err != nil {
			return err
		}
		if token, err = startSession(ctx, tx, u.ID, oldSession); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: institutionID, Actor: u.Actor(), Action: "staff.login",
			ObjectType: "user", ObjectID: u.ID, Summary: "Prisijungė: " + u.Name + " (" + u.Email + ")",
		})
	})
	if err != nil {
		return nil, "", fmt.Errorf("log in user %d: %w", u.ID, err)
	}
	if step != nil {
		return u, "", step
	}
	return u, token, nil
}
