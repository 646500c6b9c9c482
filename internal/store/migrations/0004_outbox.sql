-- The outbox: every email is stored here in the transaction of the change
-- that causes it, then delivered by the worker (internal/outbox). The
-- message is rendered at enqueue, so a retry sends what was composed then.
CREATE TABLE outbox_messages (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    to_address TEXT NOT NULL,
    to_name TEXT NOT NULL DEFAULT '',
    -- The institution's name shown as the sender, and its address for replies.
    from_name TEXT NOT NULL DEFAULT '',
    reply_to TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    -- Fixed at enqueue, so every attempt carries the same Message-ID.
    message_id TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    -- While sending: the claim lapses at lease_until, and another worker may
    -- take the message over.
    lease_until BIGINT,
    last_error TEXT NOT NULL DEFAULT '',
    -- Set just before the SMTP server is told to accept the message (the
    -- final "."): a message found sending with this set was possibly
    -- delivered and is never sent again automatically.
    committed_at BIGINT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
-- The worker's two questions: which pending messages are due, and which
-- claims have lapsed.
CREATE INDEX outbox_messages_due ON outbox_messages (state, next_attempt_at);
CREATE INDEX outbox_messages_lease ON outbox_messages (state, lease_until);
-- The administrators' list, newest first, optionally by state.
CREATE INDEX outbox_messages_institution ON outbox_messages (institution_id, created_at);
CREATE INDEX outbox_messages_institution_state ON outbox_messages (institution_id, state, created_at);
