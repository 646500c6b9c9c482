package staff

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/savivalda/savivalda/internal/store"
)

// loadTOTP returns the user's TOTP credential, confirmed or pending;
// store.ErrNotFound when they have none.
func loadTOTP(ctx context.Context, q store.Queryer, userID int64) (*totpCredential, error) {
	c := &totpCredential{UserID: userID}
	var confirmed *int64
	err := q.QueryRowContext(ctx, `SELECT secret, confirmed_at, last_step FROM totp_credentials WHERE user_id = ?`, userID).
		Scan(&c.Secret, &confirmed, &c.LastStep)
	if err != nil {
		return nil, fmt.Errorf("load TOTP of user %d: %w", userID, err)
	}
	c.Confirmed = confirmed != nil
	return c, nil
}

// hasTOTP reports whether the user has a confirmed TOTP credential.
func hasTOTP(ctx context.Context, q store.Queryer, userID int64) (bool, error) {
	c, err := loadTOTP(ctx, q, userID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil && c.Confirmed, err
}

// putPendingTOTP stores a new pending secret for the user. A confirmed one
// is left alone: it has to be disabled, with a code, first.
func putPendingTOTP(ctx context.Context, tx *store.Tx, userID int64, secret string) error {
	if err := tx.ExecOne(ctx, `INSERT INTO totp_credentials (user_id, secret, created_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = 0
		WHERE totp_credentials.confirmed_at IS NULL`, userID, secret, store.Millis(tx.Now)); err != nil {
		return fmt.Errorf("start TOTP of user %d: %w", userID, err)
	}
	return nil
}

// useStep records that the code of step was accepted; false when a code of
// that step or a later one was accepted before (a replay).
func useStep(ctx context.Context, tx *store.Tx, userID, step int64, confirm bool) (bool, error) {
	query := `UPDATE totp_credentials SET last_step = ? WHERE user_id = ? AND last_step < ? AND confirmed_at IS NOT NULL`
	args := []any{step, userID, step}
	if confirm {
		query = `UPDATE totp_credentials SET last_step = ?, confirmed_at = ? WHERE user_id = ? AND last_step < ? AND confirmed_at IS NULL`
		args = []any{step, store.Millis(tx.Now), userID, step}
	}
	err := tx.ExecOne(ctx, query, args...)
	if errors.Is(err, store.ErrConflict) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("use TOTP step of user %d: %w", userID, err)
	}
	return true, nil
}

// deleteTOTP removes the user's credential and recovery codes.
func deleteTOTP(ctx context.Context, tx *store.Tx, userID int64) error {
	for _, q := range []string{`DELETE FROM totp_recovery_codes WHERE user_id = ?`, `DELETE FROM totp_credentials WHERE user_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, userID); err != nil {
			return fmt.Errorf("remove TOTP of user %d: %w", userID, err)
		}
	}
	return nil
}

// replaceRecoveryCodes stores new recovery codes, dropping the old ones.
func replaceRecoveryCodes(ctx context.Context, tx *store.Tx, userID int64, hashes []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM totp_recovery_codes WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("drop recovery codes of user %d: %w", userID, err)
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO totp_recovery_codes (user_id, code_hash) VALUES (?, ?)`, userID, h); err != nil {
			return fmt.Errorf("store recovery code of user %d: %w", userID, err)
		}
	}
	return nil
}

// useRecoveryCode marks an unused recovery code used; false when there is
// no such unused code.
func useRecoveryCode(ctx context.Context, tx *store.Tx, userID int64, hash string) (bool, error) {
	err := tx.ExecOne(ctx, `UPDATE totp_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
		store.Millis(tx.Now), userID, hash)
	if errors.Is(err, store.ErrConflict) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("use recovery code of user %d: %w", userID, err)
	}
	return true, nil
}

// unusedRecoveryCodes counts the user's recovery codes still unused.
func unusedRecoveryCodes(ctx context.Context, q store.Queryer, userID int64) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM totp_recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count recovery codes of user %d: %w", userID, err)
	}
	return n, nil
}

// insertChallenge stores a second login step for the user and returns the
// token for the browser. Expired steps of anyone are swept on the way.
func insertChallenge(ctx context.Context, tx *store.Tx, userID int64, kind challengeKind, method loginMethod) (string, error) {
	token, hash, err := newToken()
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_challenges WHERE expires_at <= ? OR user_id = ?`, store.Millis(tx.Now), userID); err != nil {
		return "", fmt.Errorf("sweep login steps: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO login_challenges (token_hash, user_id, kind, method, expires_at) VALUES (?, ?, ?, ?, ?)`,
		hash, userID, kind, method, store.Millis(tx.Now.Add(challengeLifetime))); err != nil {
		return "", fmt.Errorf("start second login step of user %d: %w", userID, err)
	}
	return token, nil
}

// findChallenge returns the active user of an unexpired second login step;
// store.ErrNotFound when there is none.
func findChallenge(ctx context.Context, q store.Queryer, hash string, now time.Time) (*User, *challenge, error) {
	c := &challenge{hash: hash}
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+`, c.kind, c.method`+userTables+`
		JOIN login_challenges c ON c.user_id = u.id
		WHERE c.token_hash = ? AND c.expires_at > ? AND u.active = ?`, hash, store.Millis(now), true), &c.kind, &c.method)
	if err != nil {
		return nil, nil, fmt.Errorf("load second login step: %w", err)
	}
	return u, c, nil
}

// deleteChallenge ends a second login step; store.ErrConflict when another
// request ended it first, so that a step completes only once.
func deleteChallenge(ctx context.Context, tx *store.Tx, hash string) error {
	if err := tx.ExecOne(ctx, `DELETE FROM login_challenges WHERE token_hash = ?`, hash); err != nil {
		return fmt.Errorf("end second login step: %w", err)
	}
	return nil
}
