package staff

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// The second step of a login. Once the password is right (or the
// organisation's provider has vouched for the person), a user with TOTP is
// asked for a code, and a user whose role requires TOTP but who has none is
// taken to enrolment. Until then there is no session: the browser holds only
// the token of a short-lived row in login_challenges, which is deleted when
// the session starts.

type challengeKind string

const (
	challengeCode  challengeKind = "code"
	challengeEnrol challengeKind = "enrol"
)

type loginMethod string

const (
	methodPassword loginMethod = "password"
	methodOIDC     loginMethod = "oidc"
)

// challengeLifetime is how long a person has to type the code.
const challengeLifetime = 5 * time.Minute

type challenge struct {
	hash   string
	kind   challengeKind
	method loginMethod
}

// secondStep is returned instead of a session when one is needed.
type secondStep struct {
	Token string
	Kind  challengeKind
}

func (s *secondStep) Error() string { return "second login step required: " + string(s.Kind) }

// beginSecondStep starts the second step for u if they have TOTP or their
// role requires it; nil when the session may start now.
func beginSecondStep(ctx context.Context, tx *store.Tx, u *User, method loginMethod) (*secondStep, error) {
	kind := challengeCode
	has, err := hasTOTP(ctx, tx, u.ID)
	if err != nil {
		return nil, err
	}
	if !has {
		settings, err := institution.FindLoginSettings(ctx, tx, u.InstitutionID)
		if err != nil {
			return nil, err
		}
		if !settings.RequiresTOTP(u.Role) {
			return nil, nil
		}
		kind = challengeEnrol
	}
	token, err := insertChallenge(ctx, tx, u.ID, kind, method)
	if err != nil {
		return nil, err
	}
	return &secondStep{Token: token, Kind: kind}, nil
}

// errStepGone: the second step expired, was completed already, or never was.
var errStepGone = errors.New("second login step expired or used")

// pendingStep returns the user and step of a challenge token, or errStepGone.
func (s *Service) pendingStep(ctx context.Context, token string, kind challengeKind) (*User, *challenge, error) {
	hash, ok := tokenHash(token)
	if !ok {
		return nil, nil, errStepGone
	}
	u, c, err := findChallenge(ctx, s.db, hash, s.db.Now())
	if errors.Is(err, store.ErrNotFound) || (err == nil && c.kind != kind) {
		return nil, nil, errStepGone
	}
	return u, c, err
}

// withCodeThrottle runs f, which checks code, under the same limits as
// passwords (throttle.go): a wrong code counts as a failed login of the
// account and the client. A missing or wrong code is returned as a
// web.FieldErrors on "code", too many failures as a *throttledError.
func (s *Service) withCodeThrottle(ctx context.Context, u *User, code string, from Client, f func(tx *store.Tx) error) error {
	if normalizeCode(code) == "" {
		return web.FieldErrors{{Field: "code", Key: "staff.error.code_required"}}
	}
	account := accountKey(u.InstitutionID, u.Email)
	// The attempt is recorded as a failure before the code is checked, so
	// that parallel guesses are limited as sequential ones are.
	until, _, err := reserveAttempt(ctx, s.db, account, from.Addr)
	if err != nil {
		return err
	}
	if !until.IsZero() {
		return &throttledError{Until: until}
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := f(tx); err != nil {
			return err
		}
		return clearFailures(ctx, tx, account)
	})
	if errors.Is(err, errWrongCode) {
		return web.FieldErrors{{Field: "code", Key: "staff.error.code_wrong"}}
	}
	return err
}

// checkCode accepts the current code of the user's confirmed credential or
// one of their unused recovery codes, using it up; errWrongCode otherwise.
// It reports whether a recovery code was used and records that use.
func checkCode(ctx context.Context, tx *store.Tx, u *User, code string) (recovery bool, err error) {
	cred, err := loadTOTP(ctx, tx, u.ID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !cred.Confirmed) {
		return false, errWrongCode
	}
	if err != nil {
		return false, err
	}
	code = normalizeCode(code)
	if isTOTPCode(code) {
		step, ok := matchStep(cred.Secret, code, tx.Now)
		if !ok {
			return false, errWrongCode
		}
		return false, used(useStep(ctx, tx, u.ID, step, false))
	}
	if err := used(useRecoveryCode(ctx, tx, u.ID, recoveryHash(code))); err != nil {
		return false, err
	}
	left, err := unusedRecoveryCodes(ctx, tx, u.ID)
	if err != nil {
		return false, err
	}
	return true, audit.Record(ctx, tx, audit.Change{
		InstitutionID: u.InstitutionID, Actor: u.Actor(), Action: "staff.totp.recovery_use", ObjectType: "user", ObjectID: u.ID,
		Summary: fmt.Sprintf("Panaudotas atsarginis kodas: %s (%s); liko nepanaudotų: %d", u.Name, u.Email, left),
	})
}

// used turns "the code was already used" into errWrongCode.
func used(ok bool, err error) error {
	if err == nil && !ok {
		return errWrongCode
	}
	return err
}

// completeCodeStep checks the code of a "code" step and starts the session.
func (s *Service) completeCodeStep(ctx context.Context, token, code string, from Client, oldSession string) (string, error) {
	u, c, err := s.pendingStep(ctx, token, challengeCode)
	if err != nil {
		return "", err
	}
	var session string
	err = s.withCodeThrottle(ctx, u, code, from, func(tx *store.Tx) error {
		if _, err := checkCode(ctx, tx, u, code); err != nil {
			return err
		}
		session, err = s.finishSecondStep(ctx, tx, u, c, from, oldSession)
		return err
	})
	return session, err
}

// finishSecondStep ends the step and starts the session, once.
func (s *Service) finishSecondStep(ctx context.Context, tx *store.Tx, u *User, c *challenge, from Client, oldSession string) (string, error) {
	if err := deleteChallenge(ctx, tx, c.hash); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return "", errStepGone
		}
		return "", err
	}
	token, err := startSession(ctx, tx, u.ID, oldSession, from)
	if err != nil {
		return "", err
	}
	action, how := "staff.login", "slaptažodis ir dviejų veiksnių kodas"
	if c.method == methodOIDC {
		action, how = "staff.login.oidc", "organizacijos paskyra ir dviejų veiksnių kodas"
	}
	return token, audit.Record(ctx, tx, audit.Change{
		InstitutionID: u.InstitutionID, Actor: u.Actor(), Action: action,
		ObjectType: "user", ObjectID: u.ID, Summary: "Prisijungė: " + u.Name + " (" + u.Email + "), " + how,
	})
}

// enrolmentStep returns the user of an "enrol" step and the secret they are
// to add to their app, keeping a pending secret from an earlier attempt so
// that a person who scanned it already need not scan again.
func (s *Service) enrolmentStep(ctx context.Context, token string) (*User, string, error) {
	u, _, err := s.pendingStep(ctx, token, challengeEnrol)
	if err != nil {
		return nil, "", err
	}
	cred, err := loadTOTP(ctx, s.db, u.ID)
	if err == nil && !cred.Confirmed {
		return u, cred.Secret, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, "", err
	}
	secret, err := newTOTPSecret()
	if err != nil {
		return nil, "", err
	}
	// A credential confirmed meanwhile (in another tab) makes this a conflict.
	if err := s.db.InTx(ctx, func(tx *store.Tx) error { return putPendingTOTP(ctx, tx, u.ID, secret) }); err != nil {
		return nil, "", err
	}
	return u, secret, nil
}

// completeEnrolStep confirms the pending secret with code, starts the session
// and returns its token and the new recovery codes.
func (s *Service) completeEnrolStep(ctx context.Context, token, code string, from Client, oldSession string) (string, []string, error) {
	u, c, err := s.pendingStep(ctx, token, challengeEnrol)
	if err != nil {
		return "", nil, err
	}
	var session string
	var codes []string
	err = s.withCodeThrottle(ctx, u, code, from, func(tx *store.Tx) error {
		var err error
		if codes, err = confirmTOTP(ctx, tx, u, code); err != nil {
			return err
		}
		session, err = s.finishSecondStep(ctx, tx, u, c, from, oldSession)
		return err
	})
	return session, codes, err
}
