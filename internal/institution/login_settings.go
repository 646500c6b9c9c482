package institution

import (
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/web"
)

// LoginSettings say how the institution's staff log in: which roles must
// confirm every login with a TOTP code, and whether staff may log in
// through the organisation's OpenID Connect provider instead of with a
// password. An institution without a row has the defaults: no role
// required, no provider.
type LoginSettings struct {
	InstitutionID int64
	TOTPRoles     []actor.Role
	OIDCIssuer    string // the provider's issuer URL; "": no organisation login
	OIDCClientID  string
	// OIDCClientSecret is write-only: the settings page never shows it, and
	// the audit trail records only whether one is set.
	OIDCClientSecret string
	UpdatedAt        time.Time
}

// RequiresTOTP reports whether staff of role r must use TOTP.
func (s *LoginSettings) RequiresTOTP(r actor.Role) bool { return slices.Contains(s.TOTPRoles, r) }

// OIDCEnabled reports whether staff may log in through the provider.
func (s *LoginSettings) OIDCEnabled() bool { return s.OIDCIssuer != "" && s.OIDCClientID != "" }

// Validate checks the provider's fields: both or neither, and an issuer
// that is an https URL (http only on the loopback interface, for a
// provider running beside a development install).
func (s *LoginSettings) Validate() web.FieldErrors {
	var fe web.FieldErrors
	for _, r := range s.TOTPRoles {
		if !r.Valid() {
			fe.Add("totp_roles", "institution.error.role_invalid")
		}
	}
	switch {
	case s.OIDCIssuer == "" && s.OIDCClientID != "":
		fe.Add("oidc_issuer", "institution.error.oidc_issuer_required")
	case s.OIDCIssuer != "" && !validIssuer(s.OIDCIssuer):
		fe.Add("oidc_issuer", "institution.error.oidc_issuer_invalid")
	case s.OIDCIssuer != "" && s.OIDCClientID == "":
		fe.Add("oidc_client_id", "institution.error.oidc_client_id_required")
	}
	return fe
}

func validIssuer(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	if u.Scheme == "https" {
		return true
	}
	if u.Scheme != "http" {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback())
}

// loginSnapshot is what the audit trail keeps of the settings: never the
// client secret itself.
type loginSnapshot struct {
	TOTPRoles    string `json:"totp_roles"`
	OIDCIssuer   string `json:"oidc_issuer"`
	OIDCClientID string `json:"oidc_client_id"`
	SecretSet    bool   `json:"oidc_client_secret_set"`
}

func (s *LoginSettings) snapshot() loginSnapshot {
	return loginSnapshot{TOTPRoles: s.rolesText(), OIDCIssuer: s.OIDCIssuer, OIDCClientID: s.OIDCClientID, SecretSet: s.OIDCClientSecret != ""}
}

// rolesText is the stored form of TOTPRoles: names joined by commas, in the
// order of actor.Roles.
func (s *LoginSettings) rolesText() string {
	var names []string
	for _, r := range actor.Roles {
		if s.RequiresTOTP(r) {
			names = append(names, string(r))
		}
	}
	return strings.Join(names, ",")
}

func parseRoles(text string) []actor.Role {
	var roles []actor.Role
	for _, name := range strings.Split(text, ",") {
		if r := actor.Role(name); r.Valid() {
			roles = append(roles, r)
		}
	}
	return roles
}
