package staff

import (
	"context"
	"fmt"

	"github.com/savivalda/savivalda/internal/store"
)

// oidcLogin is an organisation login under way.
type oidcLogin struct {
	nonce, verifier, next string
}

// insertOIDCLogin stores a login under way, sweeping expired ones.
func insertOIDCLogin(ctx context.Context, tx *store.Tx, stateHash string, institutionID int64, nonce, verifier, next string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM oidc_logins WHERE expires_at <= ?`, store.Millis(tx.Now)); err != nil {
		return fmt.Errorf("sweep organisation logins: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO oidc_logins (state_hash, institution_id, nonce, verifier, next_path, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, stateHash, institutionID, nonce, verifier, next, store.Millis(tx.Now.Add(oidcLifetime))); err != nil {
		return fmt.Errorf("start organisation login: %w", err)
	}
	return nil
}

// takeOIDCLogin returns and deletes the unexpired login of stateHash in the
// institution, so that a state is answered once; store.ErrNotFound when
// there is none.
func takeOIDCLogin(ctx context.Context, tx *store.Tx, stateHash string, institutionID int64) (*oidcLogin, error) {
	l := &oidcLogin{}
	err := tx.QueryRowContext(ctx, `DELETE FROM oidc_logins WHERE state_hash = ? AND institution_id = ? AND expires_at > ?
		RETURNING nonce, verifier, next_path`, stateHash, institutionID, store.Millis(tx.Now)).Scan(&l.nonce, &l.verifier, &l.next)
	if err != nil {
		return nil, fmt.Errorf("take organisation login: %w", err)
	}
	return l, nil
}
