package staff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// errBadCredentials: the address has no active account or the password is
// wrong. People are not told which, so that the form cannot be used to find
// out who works here.
var errBadCredentials = errors.New("wrong email or password")

// Client is where a login comes from: the address the throttle counts and
// what the sessions page shows.
type Client struct {
	Addr, Agent string
}

// maxAgentLength bounds the user agent kept with a session; browsers send
// far less.
const maxAgentLength = 300

// ClientOf is the request's client; its address as web.ClientAddr reads it
// (behind trusted proxies, from X-Forwarded-For).
func ClientOf(r *http.Request) Client {
	agent := []rune(strings.ToValidUTF8(r.UserAgent(), ""))
	if len(agent) > maxAgentLength {
		agent = agent[:maxAgentLength]
	}
	return Client{Addr: web.ClientAddr(r), Agent: string(agent)}
}

// login checks the credentials and starts a session, ending oldSession (the
// hash of the session the request came with, if any). It returns the user
// and the new session token, errBadCredentials, a *throttledError, or a
// *secondStep when a TOTP code must come first.
func (s *Service) login(ctx context.Context, institutionID int64, email, password string, c Client, oldSession string) (*User, string, error) {
	email = normalizeEmail(email)
	if utf8.RuneCountInString(email) > maxEmailLength {
		// No account has such an address; refused before anything is
		// stored or hashed (the form says why).
		return nil, "", errBadCredentials
	}
	account := accountKey(institutionID, email)
	until, reserved, err := reserveAttempt(ctx, s.db, account, c.Addr)
	if err != nil {
		return nil, "", fmt.Errorf("log in %s: %w", email, err)
	}
	if !until.IsZero() {
		return nil, "", &throttledError{Until: until}
	}
	u, hash, err := s.checkCredentials(ctx, institutionID, email, password)
	if err != nil {
		// The reserved attempt stays recorded as a failure.
		return nil, "", err
	}
	// The password is right: this is the one place where login succeeds.
	// A second factor, when the account has one, is checked here before
	// the session starts.
	token, err := s.startLogin(ctx, u, hash, password, account, reserved, c, oldSession)
	if err != nil {
		return nil, "", err
	}
	return u, token, nil
}

// checkCredentials returns the active account with email and its password
// hash when password is right, else errBadCredentials.
func (s *Service) checkCredentials(ctx context.Context, institutionID int64, email, password string) (*User, string, error) {
	u, hash, err := findLogin(ctx, s.db, institutionID, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, "", fmt.Errorf("log in %s: %w", email, err)
	}
	if u == nil || !u.Active {
		// Take as long as a real check, so that the response time does not
		// tell whether the address has an account.
		if _, err := HashPassword(password); err != nil {
			return nil, "", err
		}
		return nil, "", errBadCredentials
	}
	ok, err := CheckPassword(hash, password)
	if err != nil {
		slog.WarnContext(ctx, "unusable password hash", "user", u.ID, "err", err)
	}
	if !ok {
		return nil, "", errBadCredentials
	}
	return u, hash, nil
}

// startLogin starts the session of a user whose credentials were checked,
// forgetting the account's failed attempts.
func (s *Service) startLogin(ctx context.Context, u *User, hash, password, account string, reserved int64, c Client, oldSession string) (string, error) {
	// Upgrade a hash made with older settings while the password is at hand;
	// hashing happens before the transaction so as not to hold the writer.
	var rehash string
	if needsRehash(hash) {
		var err error
		if rehash, err = HashPassword(password); err != nil {
			return "", err
		}
	}
	var token string
	var step *secondStep
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if rehash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, rehash, u.ID); err != nil {
				return fmt.Errorf("upgrade password hash of user %d: %w", u.ID, err)
			}
		}
		// A TOTP code, when the account has or needs one, comes before
		// any session, and failures count until it is right (totp_login.go).
		var err error
		if step, err = beginSecondStep(ctx, tx, u, methodPassword); err != nil || step != nil {
			if step != nil {
				err = releaseAttempt(ctx, tx, reserved)
			}
			return err
		}
		if err := clearFailures(ctx, tx, account); err != nil {
			return err
		}
		if token, err = startSession(ctx, tx, u.ID, oldSession, c); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: u.InstitutionID, Actor: u.Actor(), Action: "staff.login",
			ObjectType: "user", ObjectID: u.ID, Summary: "Prisijungė: " + u.Name + " (" + u.Email + ")",
		})
	})
	if err != nil {
		return "", fmt.Errorf("log in user %d: %w", u.ID, err)
	}
	if step != nil {
		return "", step
	}
	return token, nil
}
