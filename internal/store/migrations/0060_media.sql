-- The media library (WEB-22, WEB-17): images and documents kept as items of
-- their own, reused across pages. The file itself lives in the files store
-- under a key the program chooses (media/TOKEN/original): the name a
-- person gave it survives only as a readable slug in the public address.
CREATE TABLE media_items (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    -- 0 (NULL): general content, like a page without a department.
    department_id BIGINT REFERENCES departments (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('image', 'document')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- An image needs a text alternative unless it is decorative (WCAG 1.1.1, WEB-34):
    -- until it has one it cannot be inserted into a page.
    alt TEXT NOT NULL DEFAULT '',
    decorative BOOLEAN NOT NULL DEFAULT FALSE,
    slug TEXT NOT NULL,
    -- The files store's folder of this content: media/TOKEN/original and
    -- its sizes. A new content gets a new folder.
    file_key TEXT NOT NULL,
    -- Judged from the content, never the name or the browser's word.
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    -- An office file's PDF or ODF copy (WEB-17), warned about until set.
    copy_id BIGINT REFERENCES media_items (id) ON DELETE SET NULL,
    -- file_version counts the contents: it is in the address pages link to,
    -- so each content may be cached for good. version guards edits.
    file_version INTEGER NOT NULL DEFAULT 1,
    uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX media_items_institution ON media_items (institution_id, kind, id);

-- Which page revisions link to which items, kept when a revision is saved.
-- A file is public while the live revision of a live page uses it. Where
-- it is used (and so whether it may be removed) counts open and live
-- revisions.
CREATE TABLE media_uses (
    media_id BIGINT NOT NULL REFERENCES media_items (id) ON DELETE CASCADE,
    revision_id BIGINT NOT NULL REFERENCES page_revisions (id) ON DELETE CASCADE,
    page_id BIGINT NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    PRIMARY KEY (media_id, revision_id)
);
CREATE INDEX media_uses_revision ON media_uses (revision_id);
