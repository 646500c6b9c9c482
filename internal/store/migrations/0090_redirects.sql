-- Old addresses that keep working (WEB-20, WEB-21): a page moved to another
-- section, a section renamed, a page archived at its term's end answer with
-- a permanent redirect to where the content is now. Administrators add and
-- remove redirects of their own (kind 'manual'). A path is redirected once
-- per institution; to_path is always the final address (no chains).
CREATE TABLE redirects (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    from_path TEXT NOT NULL,
    to_path TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (institution_id, from_path)
);
CREATE INDEX redirects_target ON redirects (institution_id, to_path);

-- Pages archived before redirects existed: their old address leads to the
-- archived copy as a newly archived page's does.
INSERT INTO redirects (institution_id, from_path, to_path, kind, created_at)
SELECT institution_id, path, '/archyvas' || path, 'archive', archived_at FROM pages
WHERE archived_at IS NOT NULL AND unpublished_at IS NULL AND live_revision_id IS NOT NULL;
