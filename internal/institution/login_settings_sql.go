package institution

import (
	"context"
	"errors"
	"fmt"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// FindLoginSettings returns the institution's login settings, or the
// defaults when none were saved.
func FindLoginSettings(ctx context.Context, q store.Queryer, institutionID int64) (*LoginSettings, error) {
	s := &LoginSettings{InstitutionID: institutionID}
	var roles string
	err := q.QueryRowContext(ctx, `SELECT totp_roles, oidc_issuer, oidc_client_id, oidc_client_secret, updated_at
		FROM staff_login_settings WHERE institution_id = ?`, institutionID).
		Scan(&roles, &s.OIDCIssuer, &s.OIDCClientID, &s.OIDCClientSecret, store.Time(&s.UpdatedAt))
	if errors.Is(err, store.ErrNotFound) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load login settings of institution %d: %w", institutionID, err)
	}
	s.TOTPRoles = parseRoles(roles)
	return s, nil
}

// SaveLoginSettings stores s for its institution, which must be the actor's,
// and the actor an administrator. An empty OIDCClientSecret keeps the
// stored one while a provider is set; removing the issuer removes the
// provider altogether. Bad input is returned as web.FieldErrors.
func SaveLoginSettings(ctx context.Context, db *store.DB, a actor.Actor, s *LoginSettings) error {
	if !CanManage(a) || a.InstitutionID != s.InstitutionID {
		return web.ErrForbidden
	}
	if fe := s.Validate(); fe != nil {
		return fe
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		before, err := FindLoginSettings(ctx, tx, s.InstitutionID)
		if err != nil {
			return err
		}
		if s.OIDCIssuer == "" {
			s.OIDCClientSecret = ""
		} else if s.OIDCClientSecret == "" {
			s.OIDCClientSecret = before.OIDCClientSecret
		}
		if before.snapshot() == s.snapshot() && before.OIDCClientSecret == s.OIDCClientSecret {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO staff_login_settings
			(institution_id, totp_roles, oidc_issuer, oidc_client_id, oidc_client_secret, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (institution_id) DO UPDATE SET totp_roles = excluded.totp_roles, oidc_issuer = excluded.oidc_issuer,
			oidc_client_id = excluded.oidc_client_id, oidc_client_secret = excluded.oidc_client_secret, updated_at = excluded.updated_at`,
			s.InstitutionID, s.rolesText(), s.OIDCIssuer, s.OIDCClientID, s.OIDCClientSecret, store.Millis(tx.Now)); err != nil {
			return fmt.Errorf("save login settings of institution %d: %w", s.InstitutionID, err)
		}
		summary := "Pakeisti darbuotojų prisijungimo nustatymai"
		if before.OIDCClientSecret != s.OIDCClientSecret && s.OIDCClientSecret != "" {
			summary += " (pakeista kliento paslaptis)"
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: s.InstitutionID, Actor: a, Action: "institution.login_settings.update",
			ObjectType: "institution", ObjectID: s.InstitutionID, Summary: summary,
			Before: before.snapshot(), After: s.snapshot(),
		})
	})
}
