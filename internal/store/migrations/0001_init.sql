-- The foundation: institutions and their staff, the audit trail, and the
-- website (sections of the mandated structure, pages with revisions).
-- Instants are BIGINT milliseconds since the Unix epoch (see store/time.go).

CREATE TABLE institutions (
    id {{id}},
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    legal_form TEXT NOT NULL,
    address TEXT NOT NULL,
    legal_code TEXT NOT NULL,
    register TEXT NOT NULL,
    phone TEXT NOT NULL,
    fax TEXT NOT NULL,
    email TEXT NOT NULL,
    -- The data controller (EPS-15); usually the institution itself.
    controller_name TEXT NOT NULL,
    controller_code TEXT NOT NULL,
    controller_address TEXT NOT NULL,
    controller_email TEXT NOT NULL,
    controller_phone TEXT NOT NULL,
    dpo_email TEXT NOT NULL,
    coat_of_arms {{blob}},
    coat_of_arms_type TEXT NOT NULL DEFAULT '',
    structure_profile TEXT NOT NULL,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE institution_hosts (
    host TEXT PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE
);

CREATE TABLE departments (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('department', 'eldership', 'specialist')),
    position INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (institution_id, name)
);

CREATE TABLE users (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('admin', 'reception_editor', 'department_editor', 'legal_publisher', 'contributor')),
    department_id BIGINT REFERENCES departments (id),
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (institution_id, email)
);
CREATE INDEX users_department ON users (department_id);

-- Sessions are stored by the SHA-256 of their token, so a leaked table
-- cannot be replayed as cookies.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Failed logins, kept long enough to throttle by account and by client.
CREATE TABLE login_failures (
    id {{id}},
    account TEXT NOT NULL,
    client TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account, at);
CREATE INDEX login_failures_client ON login_failures (client, at);

-- The audit trail is append-only and hash-chained: each entry's hash covers
-- its fields and the previous entry's hash. audit_head holds the chain's tip;
-- updating it row-locks the tip, so concurrent writers on PostgreSQL take
-- turns and the chain never forks.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    institution_id BIGINT,
    at BIGINT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id BIGINT NOT NULL,
    summary TEXT NOT NULL,
    before_data TEXT NOT NULL,
    after_data TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_institution ON audit_log (institution_id, seq);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_action ON audit_log (action);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- Sections form the site's navigation. profile_key links a section to its
-- place in the mandated structure (Resolution No. 480, WEB-01); such sections
-- cannot be deleted or moved (WEB-02).
CREATE TABLE sections (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES sections (id),
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    position INTEGER NOT NULL,
    profile_key TEXT,
    legal_acts BOOLEAN NOT NULL DEFAULT FALSE,
    -- Shown when a mandated area has no content: the institution does not
    -- provide that information, and why.
    not_provided TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (institution_id, path),
    UNIQUE (institution_id, profile_key)
);
CREATE INDEX sections_parent ON sections (parent_id, position);

-- A page is what the public sees at its path; its content lives in
-- revisions. live_revision_id is the published revision; a newer revision
-- can be in review meanwhile. A page is live while it has a live revision, is
-- not unpublished and its term has not ended; after the term it is archived
-- (WEB-23).
CREATE TABLE pages (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    section_id BIGINT NOT NULL REFERENCES sections (id),
    department_id BIGINT REFERENCES departments (id),
    path TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    live_revision_id BIGINT,
    published_at BIGINT,
    updated_at BIGINT,
    published_by BIGINT REFERENCES users (id),
    term_end BIGINT NOT NULL,
    archived_at BIGINT,
    unpublished_at BIGINT,
    unpublish_reason TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (institution_id, path)
);
CREATE INDEX pages_section ON pages (section_id, position);
CREATE INDEX pages_term ON pages (institution_id, term_end);
CREATE INDEX pages_department ON pages (department_id);

CREATE TABLE page_revisions (
    id {{id}},
    page_id BIGINT NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    responsible_name TEXT NOT NULL,
    responsible_phone TEXT NOT NULL,
    responsible_email TEXT NOT NULL,
    -- The publication term proposed with this revision; publishing copies it
    -- to the page.
    term_end BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'review', 'published', 'returned', 'superseded')),
    author_id BIGINT REFERENCES users (id),
    submitted_at BIGINT,
    reviewer_id BIGINT REFERENCES users (id),
    reviewed_at BIGINT,
    return_reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (page_id, number)
);
CREATE INDEX page_revisions_state ON page_revisions (state, page_id);
CREATE INDEX page_revisions_author ON page_revisions (author_id, state);

-- Bumped by every change that alters what a public page shows; each
-- instance polls it and drops its render cache when it moves.
CREATE TABLE site_generation (
    id INTEGER PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO site_generation (id, value) VALUES (1, 1);
