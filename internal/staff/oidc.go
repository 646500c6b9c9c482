package staff

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
)

// Staff login through the organisation's OpenID Connect provider, when the
// institution's login settings name one: the authorization code flow with
// PKCE (S256), a state bound to the browser and a nonce bound to the ID
// token. The provider only vouches for an email address; the person gets
// in only if it is verified and an active account with that address exists
// in the institution. No account is ever created from a provider's answer.

// oidcLifetime is how long a person may take at the provider.
const oidcLifetime = 10 * time.Minute

// oidcTimeout bounds each request to the provider.
const oidcTimeout = 10 * time.Second

// Why an organisation login was refused. The person sees a message for
// each; the log and, once the provider has named someone, the audit trail
// get the details.
var (
	errOIDCState       = errors.New("oidc: unknown, used or foreign state")
	errOIDCRefused     = errors.New("oidc: the provider did not confirm the login")
	errOIDCUnavailable = errors.New("oidc: provider unreachable")
	errOIDCUnverified  = errors.New("oidc: email not verified")
)

// oidcUnknownError: no active account has the provider's address.
type oidcUnknownError struct{ Email string }

func (e *oidcUnknownError) Error() string { return "oidc: no active account for " + e.Email }

// oidcClaims are the ID token's claims that matter here. email_verified is
// a JSON boolean by the standard, but some providers send the string
// "true".
type oidcClaims struct {
	Email         string          `json:"email"`
	EmailVerified json.RawMessage `json:"email_verified"`
	AMR           []string        `json:"amr"`
}

func (c *oidcClaims) verified() bool {
	v := strings.Trim(string(c.EmailVerified), `"`)
	return v == "true"
}

// assertsMFA reports whether the provider says the person used more than
// one factor (RFC 8176 "mfa"); then no TOTP code is asked for here.
func (c *oidcClaims) assertsMFA() bool { return slices.Contains(c.AMR, "mfa") }

// relyingParty is what talking to one institution's provider needs.
type relyingParty struct {
	provider *gooidc.Provider
	config   oauth2.Config
}

// providerContext carries the bounded HTTP client for both libraries.
func providerContext(ctx context.Context) context.Context {
	c := &http.Client{Timeout: oidcTimeout}
	return gooidc.ClientContext(context.WithValue(ctx, oauth2.HTTPClient, c), c)
}

// newRelyingParty reads the provider's discovery document.
func newRelyingParty(ctx context.Context, settings *institution.LoginSettings, redirectURL string) (*relyingParty, error) {
	p, err := gooidc.NewProvider(ctx, settings.OIDCIssuer)
	if err != nil {
		return nil, fmt.Errorf("%w: discovery at %s: %w", errOIDCUnavailable, settings.OIDCIssuer, err)
	}
	return &relyingParty{provider: p, config: oauth2.Config{
		ClientID: settings.OIDCClientID, ClientSecret: settings.OIDCClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: redirectURL, Scopes: []string{gooidc.ScopeOpenID, "email"},
	}}, nil
}

// oidcSettings returns the institution's login settings if staff may log in
// through a provider; store.ErrNotFound if not.
func oidcSettings(ctx context.Context, q store.Queryer, institutionID int64) (*institution.LoginSettings, error) {
	settings, err := institution.FindLoginSettings(ctx, q, institutionID)
	if err == nil && !settings.OIDCEnabled() {
		err = store.ErrNotFound
	}
	return settings, err
}

// beginOIDC stores a new organisation login and returns the provider's
// address to send the browser to, and the state to bind to the browser.
func (s *Service) beginOIDC(ctx context.Context, institutionID int64, redirectURL, next string) (authURL, state string, err error) {
	settings, err := oidcSettings(ctx, s.db, institutionID)
	if err != nil {
		return "", "", err
	}
	rp, err := newRelyingParty(providerContext(ctx), settings, redirectURL)
	if err != nil {
		return "", "", err
	}
	state, stateHash, err := newToken()
	if err != nil {
		return "", "", err
	}
	nonce, _, err := newToken()
	if err != nil {
		return "", "", err
	}
	verifier := oauth2.GenerateVerifier()
	if err := s.db.InTx(ctx, func(tx *store.Tx) error {
		return insertOIDCLogin(ctx, tx, stateHash, institutionID, nonce, verifier, next)
	}); err != nil {
		return "", "", err
	}
	return rp.config.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), gooidc.Nonce(nonce)), state, nil
}

// oidcAnswer is what came back from the provider to the callback.
type oidcAnswer struct {
	State, BrowserState string // from the query, and from the browser's cookie
	Code                string
	Error               string // the provider's error code, if it refused
}

// completeOIDC checks the provider's answer and logs the person in. It
// returns where to go next and the session token, or a *secondStep when a
// TOTP code must come first.
func (s *Service) completeOIDC(ctx context.Context, institutionID int64, redirectURL string, ans oidcAnswer, from Client, oldSession string) (next, session string, err error) {
	stateHash, ok := tokenHash(ans.State)
	if !ok || subtle.ConstantTimeCompare([]byte(ans.State), []byte(ans.BrowserState)) != 1 {
		return "", "", errOIDCState
	}
	var login *oidcLogin
	if err := s.db.InTx(ctx, func(tx *store.Tx) error {
		login, err = takeOIDCLogin(ctx, tx, stateHash, institutionID)
		return err
	}); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return "", "", errOIDCState
		}
		return "", "", err
	}
	if ans.Error != "" {
		return "", "", fmt.Errorf("%w: provider answered %q", errOIDCRefused, ans.Error)
	}
	claims, err := s.exchangeOIDC(ctx, institutionID, redirectURL, ans.Code, login)
	if err != nil {
		return "", "", err
	}
	email := strings.ToLower(strings.TrimSpace(claims.Email))
	var u *User
	if claims.verified() && email != "" {
		if u, _, err = findLogin(ctx, s.db, institutionID, email); err != nil && !errors.Is(err, store.ErrNotFound) {
			return "", "", err
		}
	}
	// A refusal and a second step are outcomes to commit, not errors
	// that would roll back their audit entry or their row.
	var refusal error
	var step *secondStep
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		switch {
		case !claims.verified() || email == "":
			refusal = errOIDCUnverified
			return recordOIDCRefusal(ctx, tx, institutionID, email, "el. pašto adresas nepatvirtintas")
		case u == nil || !u.Active:
			refusal = &oidcUnknownError{Email: email}
			return recordOIDCRefusal(ctx, tx, institutionID, email, "tokios aktyvios paskyros nėra")
		}
		if !claims.assertsMFA() {
			if step, err = beginSecondStep(ctx, tx, u, methodOIDC); err != nil || step != nil {
				return err
			}
		}
		if session, err = startSession(ctx, tx, u.ID, oldSession, from); err != nil {
			return err
		}
		summary := "Prisijungė per organizacijos paskyrą: " + u.Name + " (" + u.Email + ")"
		if claims.assertsMFA() {
			summary += ", tapatybės teikėjas patvirtino kelių veiksnių tapatybės nustatymą"
		}
		return audit.Record(ctx, tx, audit.Change{InstitutionID: institutionID, Actor: u.Actor(), Action: "staff.login.oidc",
			ObjectType: "user", ObjectID: u.ID, Summary: summary})
	})
	switch {
	case err != nil:
		return "", "", err
	case refusal != nil:
		return "", "", refusal
	case step != nil:
		return login.next, "", step
	}
	return login.next, session, nil
}

// exchangeOIDC trades the code for tokens (with the PKCE verifier), checks
// the ID token's signature, issuer, audience, expiry and nonce, and returns
// its claims, completed from the userinfo endpoint when the token carries
// no email address.
func (s *Service) exchangeOIDC(ctx context.Context, institutionID int64, redirectURL, code string, login *oidcLogin) (*oidcClaims, error) {
	settings, err := oidcSettings(ctx, s.db, institutionID)
	if err != nil {
		return nil, err
	}
	pctx := providerContext(ctx)
	rp, err := newRelyingParty(pctx, settings, redirectURL)
	if err != nil {
		return nil, err
	}
	tok, err := rp.config.Exchange(pctx, code, oauth2.VerifierOption(login.verifier))
	if err != nil {
		return nil, fmt.Errorf("%w: code exchange: %w", errOIDCRefused, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, fmt.Errorf("%w: no ID token", errOIDCRefused)
	}
	idt, err := rp.provider.VerifierContext(pctx, &gooidc.Config{ClientID: settings.OIDCClientID}).Verify(pctx, raw)
	if err != nil {
		return nil, fmt.Errorf("%w: ID token: %w", errOIDCRefused, err)
	}
	if idt.Nonce != login.nonce {
		return nil, fmt.Errorf("%w: nonce mismatch", errOIDCRefused)
	}
	claims := &oidcClaims{}
	if err := idt.Claims(claims); err != nil {
		return nil, fmt.Errorf("%w: ID token claims: %w", errOIDCRefused, err)
	}
	if claims.Email == "" {
		info, err := rp.provider.UserInfo(pctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return nil, fmt.Errorf("%w: userinfo: %w", errOIDCRefused, err)
		}
		if info.Subject != idt.Subject {
			return nil, fmt.Errorf("%w: userinfo names another subject", errOIDCRefused)
		}
		claims.Email = info.Email
		claims.EmailVerified = json.RawMessage(fmt.Sprint(info.EmailVerified))
	}
	return claims, nil
}

// recordOIDCRefusal records a refused organisation login. The provider has
// authenticated the person, so the audit trail names them by the address
// it gave.
func recordOIDCRefusal(ctx context.Context, tx *store.Tx, institutionID int64, email, reason string) error {
	slog.WarnContext(ctx, "organisation login refused", "email", email, "reason", reason)
	return audit.Record(ctx, tx, audit.Change{
		InstitutionID: institutionID, Actor: actor.NewVisitor("Organizacijos paskyra: "+email, institutionID), Action: "staff.login.oidc_refused",
		ObjectType: "user", Summary: "Atmestas prisijungimas per organizacijos paskyrą (" + email + "): " + reason,
	})
}
