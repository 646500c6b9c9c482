-- What a reviewer returned (WEB-21). A returned revision is corrected in
-- place and submitted again; this keeps its content as it was returned, so
-- the reviewer of the resubmission sees what changed since, with the reason.
CREATE TABLE page_returns (
    id {{id}},
    revision_id BIGINT NOT NULL REFERENCES page_revisions (id) ON DELETE CASCADE,
    reviewer_id BIGINT REFERENCES users (id),
    reason TEXT NOT NULL,
    returned_at BIGINT NOT NULL,
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    responsible_name TEXT NOT NULL,
    responsible_phone TEXT NOT NULL,
    responsible_email TEXT NOT NULL,
    term_end BIGINT NOT NULL
);
CREATE INDEX page_returns_revision ON page_returns (revision_id, returned_at);
