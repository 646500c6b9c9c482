package staff

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/outbox"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// resetLifetime is how long an emailed reset link works: long enough to
// reach the mailbox, short enough that an old email opens nothing.
const resetLifetime = time.Hour

// errResetInvalid: the link is unknown, used, expired, or its account was
// deactivated. People are told only that it no longer works.
var errResetInvalid = errors.New("password reset link invalid or expired")

// RequestPasswordReset emails a single-use link for setting a new password
// to the active account of in with email, in lang. The answer is the same,
// and takes about as long, whether or not the address has an account:
// both go through one transaction that counts the request like a login
// attempt (at most accountLimit links an address, clientLimit requests a
// client, per failureWindow) and, for an account, stores the link's hash
// and queues the email. Over the limits nothing is sent, silently.
func (s *Service) RequestPasswordReset(ctx context.Context, in *institution.Institution, email, lang string, c Client) error {
	email = normalizeEmail(email)
	u, _, err := findLogin(ctx, s.db, in.ID, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("password reset for %s: %w", email, err)
	}
	token, hash, err := newToken()
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if until, _, err := reserveInTx(ctx, tx, "reset:"+accountKey(in.ID, email), c.Addr); err != nil || !until.IsZero() {
			return err
		}
		if u == nil || !u.Active {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hash, u.ID, store.Millis(tx.Now), store.Millis(tx.Now.Add(resetLifetime))); err != nil {
			return fmt.Errorf("store password reset of user %d: %w", u.ID, err)
		}
		link := &outbox.Link{Text: i18n.T(lang, "staff.mail.reset.link"), URL: in.SiteURL + "/admin/password/reset/" + url.PathEscape(token)}
		m := outbox.Compose(in, lang, outbox.Recipient{Address: u.Email, Name: u.Name}, i18n.T(lang, "staff.mail.reset.subject"),
			[]string{i18n.T(lang, "staff.mail.reset.body", u.Email), i18n.T(lang, "staff.mail.reset.expiry"), i18n.T(lang, "staff.mail.reset.ignore")}, link)
		m.Kind = "staff.password_reset"
		if err := outbox.Enqueue(ctx, tx, m); err != nil {
			return fmt.Errorf("mail password reset of user %d: %w", u.ID, err)
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: in.ID, Actor: u.Actor(), Action: "staff.password.reset_request",
			ObjectType: "user", ObjectID: u.ID, Summary: "Išsiųsta slaptažodžio atkūrimo nuoroda: " + u.Name + " (" + u.Email + ")",
		})
	})
}

// passwordReset is the account a live reset link opens.
func (s *Service) passwordReset(ctx context.Context, in *institution.Institution, token string) (*User, string, error) {
	hash, ok := tokenHash(token)
	if !ok {
		return nil, "", errResetInvalid
	}
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+userTables+`
		JOIN password_resets r ON r.user_id = u.id
		WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ? AND u.institution_id = ? AND u.active = ?`,
		hash, store.Millis(s.db.Now()), in.ID, true))
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", errResetInvalid
	}
	if err != nil {
		return nil, "", fmt.Errorf("find password reset: %w", err)
	}
	return u, hash, nil
}

// ResetPassword sets the password of the account token's link opens and
// uses the link up. Every session of the account ends, and its failed
// logins are forgotten (whoever reads its mailbox may log in). Returns
// errResetInvalid for a link that no longer works and web.FieldErrors
// (field "password") for a password that breaks the rules.
func (s *Service) ResetPassword(ctx context.Context, in *institution.Institution, token, password string) error {
	u, hash, err := s.passwordReset(ctx, in, token)
	if err != nil {
		return err
	}
	pw, err := NewPassword(password, u.Name, u.Email, in.Name)
	if err != nil {
		return err
	}
	var fe web.FieldErrors
	if pw.check(&fe, "password"); len(fe) > 0 {
		return fe
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		// Claimed by the condition, so that a link works once even when
		// submitted twice at the same moment.
		err := tx.ExecOne(ctx, `UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
			store.Millis(tx.Now), hash, store.Millis(tx.Now))
		if errors.Is(err, store.ErrConflict) {
			return errResetInvalid
		}
		if err != nil {
			return fmt.Errorf("use password reset: %w", err)
		}
		if err := clearFailures(ctx, tx, accountKey(in.ID, u.Email)); err != nil {
			return err
		}
		return SetPassword(ctx, tx, u.Actor(), in.ID, u.ID, pw, "")
	})
}
