package staff

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
)

// Sessions live in the database, so any instance can serve any request. A
// session ends after idleTimeout without requests, and at the latest
// maxLifetime after login, whatever the activity.
const (
	sessionCookie = "sv_session"
	idleTimeout   = 8 * time.Hour
	maxLifetime   = 12 * time.Hour
	// last_seen_at is written at most this often, so that a busy editor
	// costs one write a minute, not one per request.
	touchInterval = time.Minute
)

type sessionKey struct{}

// sessionFrom returns the token hash of the request's session, or "".
func sessionFrom(ctx context.Context) string {
	h, _ := ctx.Value(sessionKey{}).(string)
	return h
}

// HasSession reports whether the request carries a session cookie. The
// public render cache serves only requests without one.
func HasSession(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	return err == nil && c.Value != ""
}

// newToken returns a random session token for the cookie and the hash under
// which it is stored.
func newToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("session token: %w", err)
	}
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(b), hex.EncodeToString(sum[:]), nil
}

// tokenHash returns the stored form of a cookie's token; ok is false for a
// value that cannot be a token.
func tokenHash(cookie string) (hash string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(cookie)
	if err != nil || len(b) != 32 {
		return "", false
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), true
}

// requestSession returns the hash of the request's session token, or "".
func requestSession(r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return ""
	}
	h, _ := tokenHash(c.Value)
	return h
}

// startSession stores a new session for the user, ending the one the
// request came with (a new token at every login prevents session fixation).
func startSession(ctx context.Context, tx *store.Tx, userID int64, oldHash string, c Client) (string, error) {
	token, hash, err := newToken()
	if err != nil {
		return "", err
	}
	if oldHash != "" {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, oldHash); err != nil {
			return "", fmt.Errorf("end previous session: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, client_addr, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, hash, userID, store.Millis(tx.Now), store.Millis(tx.Now), store.Millis(tx.Now.Add(maxLifetime)),
		c.Addr, c.Agent); err != nil {
		return "", fmt.Errorf("start session of user %d: %w", userID, err)
	}
	return token, nil
}

// endUserSessions ends every session of the user except keep (a token
// hash; "" ends them all).
func endUserSessions(ctx context.Context, tx *store.Tx, userID int64, keep string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keep); err != nil {
		return fmt.Errorf("end sessions of user %d: %w", userID, err)
	}
	return nil
}

func (s *Service) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", MaxAge: int(maxLifetime / time.Second),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Service) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

// Sessions loads the logged-in user, if the request carries a session.
// Requests without the cookie pass straight through without touching the
// database: anonymous visitors must cost nothing. A session belongs to one
// institution; on another institution's host it is ignored.
func (s *Service) Sessions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		hash, ok := tokenHash(c.Value)
		if !ok {
			s.clearSessionCookie(w)
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		u, lastSeen, err := s.loadSession(ctx, hash)
		if errors.Is(err, store.ErrNotFound) {
			// Ended, expired or deactivated: drop the cookie so that the
			// browser gets cached public pages again.
			s.clearSessionCookie(w)
			next.ServeHTTP(w, r)
			return
		}
		if err != nil {
			s.render.Error(w, r, err)
			return
		}
		if in := institution.FromContext(ctx); in == nil || in.ID != u.InstitutionID {
			next.ServeHTTP(w, r)
			return
		}
		if s.db.Now().Sub(lastSeen) >= touchInterval {
			if err := s.db.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, store.Millis(tx.Now), hash)
				return err
			}); err != nil {
				// The session stays valid; the next request tries again.
				slog.WarnContext(ctx, "touch session", "err", err)
			}
		}
		ctx = context.WithValue(WithUser(ctx, u), sessionKey{}, hash)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// loadSession returns the active user of a live session and when the
// session was last used; store.ErrNotFound when there is none.
func (s *Service) loadSession(ctx context.Context, hash string) (*User, time.Time, error) {
	now := s.db.Now()
	var lastSeen time.Time
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, s.last_seen_at`+userTables+`
		JOIN sessions s ON s.user_id = u.id
		WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ? AND u.active = ?`,
		hash, store.Millis(now), store.Millis(now.Add(-idleTimeout)), true), store.Time(&lastSeen))
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("load session: %w", err)
	}
	return u, lastSeen, nil
}

// PurgeExpired deletes expired sessions, and failed-login records,
// throttle keys and reset links older than a day (they no longer count).
func (s *Service) PurgeExpired(ctx context.Context) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?`,
			store.Millis(tx.Now), store.Millis(tx.Now.Add(-idleTimeout))); err != nil {
			return fmt.Errorf("purge sessions: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < ?`, store.Millis(tx.Now.Add(-failureRetention))); err != nil {
			return fmt.Errorf("purge failed logins: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_throttle_keys WHERE touched_at < ?`, store.Millis(tx.Now.Add(-failureRetention))); err != nil {
			return fmt.Errorf("purge login throttle keys: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM password_resets WHERE expires_at < ?`, store.Millis(tx.Now.Add(-failureRetention))); err != nil {
			return fmt.Errorf("purge password reset links: %w", err)
		}
		return nil
	})
}
