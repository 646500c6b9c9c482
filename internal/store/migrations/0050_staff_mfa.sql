-- Two-factor login (TOTP, RFC 6238) and login through an organisation's
-- OpenID Connect provider for staff (internal/staff).

-- A user's TOTP secret. It is pending (confirmed_at NULL) from the moment
-- enrolment starts until its owner types a correct code; only a confirmed
-- secret is asked for at login. last_step is the RFC 6238 time step of the
-- last code accepted: a code is accepted only for a later step, so a code
-- seen over someone's shoulder cannot be used again within its window.
CREATE TABLE totp_credentials (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    confirmed_at BIGINT,
    last_step BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- Single-use recovery codes, stored as SHA-256 hashes: each code carries
-- 50 random bits, so a slow password hash would add nothing.
CREATE TABLE totp_recovery_codes (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    UNIQUE (user_id, code_hash)
);

-- The step between an accepted password (or organisation login) and a
-- session: the browser holds a random token whose hash is kept here for a
-- few minutes. kind is 'code' (type the code) or 'enrol' (the role requires
-- TOTP and the user has none yet). A row is deleted when the session starts.
CREATE TABLE login_challenges (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('code', 'enrol')),
    method TEXT NOT NULL CHECK (method IN ('password', 'oidc')),
    expires_at BIGINT NOT NULL
);

-- Per-institution login settings: the roles that must use TOTP (a
-- comma-separated list of role names) and the OpenID Connect provider, if
-- staff may log in through one.
CREATE TABLE staff_login_settings (
    institution_id BIGINT PRIMARY KEY REFERENCES institutions (id) ON DELETE CASCADE,
    totp_roles TEXT NOT NULL DEFAULT '',
    oidc_issuer TEXT NOT NULL DEFAULT '',
    oidc_client_id TEXT NOT NULL DEFAULT '',
    oidc_client_secret TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

-- An organisation login under way: the hash of the state sent to the
-- provider, with the nonce and PKCE verifier to check its answer against.
-- Deleted when the answer comes back, so a state works once.
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    next_path TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
