package staff

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// SessionInfo is one live session as its owner sees it.
type SessionInfo struct {
	ID         string // the token's hash: it names the session, but cannot be used as one
	CreatedAt  time.Time
	LastSeenAt time.Time
	ClientAddr string
	UserAgent  string
	Current    bool // the session of the request
}

// OwnSessions lists the live sessions of the staff member a, the most
// recently used first; current is the hash of the request's session.
func (s *Service) OwnSessions(ctx context.Context, a actor.Actor, current string) ([]SessionInfo, error) {
	if !a.IsStaff() {
		return nil, web.ErrForbidden
	}
	now := s.db.Now()
	rows, err := s.db.QueryContext(ctx, `SELECT token_hash, created_at, last_seen_at, client_addr, user_agent FROM sessions
		WHERE user_id = ? AND expires_at > ? AND last_seen_at > ? ORDER BY last_seen_at DESC, created_at DESC`,
		a.ID, store.Millis(now), store.Millis(now.Add(-idleTimeout)))
	if err != nil {
		return nil, fmt.Errorf("sessions of user %d: %w", a.ID, err)
	}
	defer rows.Close()
	var out []SessionInfo
	for rows.Next() {
		var si SessionInfo
		if err := rows.Scan(&si.ID, store.Time(&si.CreatedAt), store.Time(&si.LastSeenAt), &si.ClientAddr, &si.UserAgent); err != nil {
			return nil, fmt.Errorf("sessions of user %d: %w", a.ID, err)
		}
		si.Current = si.ID == current
		out = append(out, si)
	}
	return out, rows.Err()
}

// EndOwnSession ends one session of the staff member a; another person's
// session is not found.
func (s *Service) EndOwnSession(ctx context.Context, a actor.Actor, id string) error {
	if !a.IsStaff() {
		return web.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		err := tx.ExecOne(ctx, `DELETE FROM sessions WHERE token_hash = ? AND user_id = ?`, id, a.ID)
		if errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("end session of user %d: %w", a.ID, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("end session of user %d: %w", a.ID, err)
		}
		return recordLogout(ctx, tx, a, "staff.session.end", "Baigtas seansas")
	})
}

// Logout ends the session hash of the staff member a, or with everywhere
// all their sessions ("Atsijungti visur").
func (s *Service) Logout(ctx context.Context, a actor.Actor, hash string, everywhere bool) error {
	if !a.IsStaff() {
		return web.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if everywhere {
			if err := endUserSessions(ctx, tx, a.ID, ""); err != nil {
				return err
			}
			return recordLogout(ctx, tx, a, "staff.logout_everywhere", "Atsijungė visuose įrenginiuose")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ? AND user_id = ?`, hash, a.ID); err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		return recordLogout(ctx, tx, a, "staff.logout", "Atsijungė")
	})
}

func recordLogout(ctx context.Context, tx *store.Tx, a actor.Actor, action, summary string) error {
	return audit.Record(ctx, tx, audit.Change{
		InstitutionID: a.InstitutionID, Actor: a, Action: action,
		ObjectType: "user", ObjectID: a.ID, Summary: summary + ": " + a.Name,
	})
}
