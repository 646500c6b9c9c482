-- Accessibility feedback and requests for information in an accessible
-- format (WEB-36), handled in internal/feedback. Each item is answered by
-- email within its legal term, which lives in deadlines.
--
-- Personal data is kept to what an answer needs (X-03): a name, an email
-- address, an optional phone number and the language to answer in. The
-- client's network address is not stored with the item; the rate limit
-- below keeps it only for its window.

-- Registration numbers ("PR-2026-0001") run per institution and year. The
-- counter row is taken with INSERT … ON CONFLICT DO UPDATE … RETURNING,
-- which locks it until commit, so concurrent submissions on several
-- instances never get the same number and a rolled-back one leaves no gap.
CREATE TABLE feedback_counters (
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (institution_id, year)
);

CREATE TABLE feedback_items (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    reg_number TEXT NOT NULL,
    -- An unguessable token that opens the confirmation page, so that the
    -- page cannot be reached by counting item ids.
    receipt TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('problem', 'alternative')),
    page_address TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    -- For alternatives: the format asked for, and the free text of "other".
    format TEXT NOT NULL DEFAULT '',
    format_other TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'lt',
    created_at BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('new', 'answered', 'closed')),
    answer TEXT NOT NULL DEFAULT '',
    answered_by BIGINT REFERENCES users (id),
    answered_at BIGINT,
    -- Closing without an answer (a duplicate, say) needs a reason.
    close_reason TEXT NOT NULL DEFAULT '',
    closed_by BIGINT REFERENCES users (id),
    closed_at BIGINT,
    deadline_id BIGINT REFERENCES deadlines (id),
    -- Staff forms carry it; a stale or replayed form changes nothing.
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX feedback_items_number ON feedback_items (institution_id, reg_number);
CREATE UNIQUE INDEX feedback_items_receipt ON feedback_items (receipt);
-- The staff queue: by state, newest first.
CREATE INDEX feedback_items_queue ON feedback_items (institution_id, state, created_at);

-- Submissions per client and fixed window, shared by every instance. Rows
-- of past windows are deleted as new ones are written.
CREATE TABLE feedback_rate (
    client TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    submissions INTEGER NOT NULL,
    PRIMARY KEY (client, window_start)
);
CREATE INDEX feedback_rate_window ON feedback_rate (window_start);
