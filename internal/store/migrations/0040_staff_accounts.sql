-- Login security and self-service for staff accounts.

-- One row per throttled key (an account or a client address). A login
-- attempt upserts its keys first, which row-locks them on PostgreSQL, so
-- concurrent attempts on one account take turns through the limit check
-- and the reservation of their attempt (SQLite's single writer already
-- serialises them). Rows untouched for a day are purged.
CREATE TABLE login_throttle_keys (
    throttle_key TEXT PRIMARY KEY,
    touched_at BIGINT NOT NULL
);

-- An administrator's forced reset: the user must choose a new password
-- at their next login before anything else.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

-- What the "my sessions" page shows of each session.
ALTER TABLE sessions ADD COLUMN client_addr TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- Emailed password-reset links. Only the SHA-256 of the token is stored, so
-- a copy of the database opens no account; a link works once, until
-- expires_at.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- The mail domains staff accounts may use (WEB-12), per institution. None
-- configured: the domain of the institution's own address.
CREATE TABLE staff_email_domains (
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    PRIMARY KEY (institution_id, domain)
);
