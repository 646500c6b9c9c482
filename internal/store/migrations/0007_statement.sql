-- The accessibility statement (WEB-35…37) as structured data, one per
-- institution, in the order of the model statement of Implementing Decision
-- (EU) 2018/1523: scope, compliance status, non-accessible content,
-- preparation, feedback, enforcement. Free texts have a Lithuanian and an
-- optional English version (_lt, _en); civil dates are TEXT YYYY-MM-DD.
CREATE TABLE accessibility_statements (
    id {{id}},
    institution_id BIGINT NOT NULL UNIQUE REFERENCES institutions (id) ON DELETE CASCADE,
    -- Scope: which website or mobile application the statement covers.
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('website', 'mobile_app')),
    scope_name_lt TEXT NOT NULL,
    scope_name_en TEXT NOT NULL DEFAULT '',
    scope_url TEXT NOT NULL,
    -- Compliance status against the harmonised standard.
    compliance TEXT NOT NULL CHECK (compliance IN ('full', 'partial', 'none')),
    standard TEXT NOT NULL,
    -- Preparation: when, how and by whom it was assessed.
    prepared_on TEXT NOT NULL,
    reviewed_on TEXT NOT NULL,
    reviewed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    method TEXT NOT NULL CHECK (method IN ('self', 'third_party')),
    assessor TEXT NOT NULL DEFAULT '',
    -- Feedback: who answers accessibility feedback (WEB-36).
    feedback_name TEXT NOT NULL,
    feedback_email TEXT NOT NULL,
    feedback_phone TEXT NOT NULL DEFAULT '',
    -- Enforcement procedure and the supervising authority.
    enforcement_lt TEXT NOT NULL,
    enforcement_en TEXT NOT NULL DEFAULT '',
    authority_name_lt TEXT NOT NULL,
    authority_name_en TEXT NOT NULL DEFAULT '',
    authority_address TEXT NOT NULL DEFAULT '',
    authority_email TEXT NOT NULL DEFAULT '',
    authority_phone TEXT NOT NULL DEFAULT '',
    authority_url TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

-- Non-accessible content. Administrators add entries by hand; the
-- product's own check adds drafts for what axe-core finds (source
-- 'automatic', rule set) and resolves them when the rule is no longer
-- found. Resolved entries stay as history.
CREATE TABLE accessibility_issues (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    description_lt TEXT NOT NULL,
    description_en TEXT NOT NULL DEFAULT '',
    -- WCAG 2.1 success criteria, e.g. "1.1.1, 4.1.2".
    criterion TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL CHECK (reason IN ('non_compliance', 'disproportionate_burden', 'out_of_scope')),
    justification_lt TEXT NOT NULL DEFAULT '',
    justification_en TEXT NOT NULL DEFAULT '',
    -- The date of the disproportionate-burden assessment.
    assessed_on TEXT NOT NULL DEFAULT '',
    alternative_lt TEXT NOT NULL DEFAULT '',
    alternative_en TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'confirmed', 'resolved')),
    source TEXT NOT NULL CHECK (source IN ('manual', 'automatic')),
    -- The axe-core rule of an automatic entry, and where it was last found.
    rule TEXT NOT NULL DEFAULT '',
    pages TEXT NOT NULL DEFAULT '',
    last_check_id BIGINT,
    resolved_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX accessibility_issues_institution ON accessibility_issues (institution_id, status);
CREATE INDEX accessibility_issues_rule ON accessibility_issues (institution_id, rule);

-- The results of "savivalda accessibility check", kept as history; the
-- statement shows the latest.
CREATE TABLE accessibility_checks (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    checked_at BIGINT NOT NULL,
    base_url TEXT NOT NULL,
    pages_checked INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX accessibility_checks_institution ON accessibility_checks (institution_id, checked_at);

CREATE TABLE accessibility_check_pages (
    check_id BIGINT NOT NULL REFERENCES accessibility_checks (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (check_id, position)
);

-- One rule failing on one page, with the elements axe-core named.
CREATE TABLE accessibility_check_violations (
    id {{id}},
    check_id BIGINT NOT NULL REFERENCES accessibility_checks (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    rule TEXT NOT NULL,
    impact TEXT NOT NULL DEFAULT '',
    help TEXT NOT NULL DEFAULT '',
    help_url TEXT NOT NULL DEFAULT '',
    node_count INTEGER NOT NULL,
    nodes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX accessibility_check_violations_check ON accessibility_check_violations (check_id, rule);
