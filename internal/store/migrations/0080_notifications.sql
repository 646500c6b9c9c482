-- Workflow notifications (WEB-20, WEB-21): each staff member chooses
-- whether they are told at once ('immediate') or once a day ('daily'), and
-- in which language their mail is written ('' : Lithuanian).
ALTER TABLE users ADD COLUMN notify_mode TEXT NOT NULL DEFAULT 'immediate';
ALTER TABLE users ADD COLUMN mail_lang TEXT NOT NULL DEFAULT '';
-- The Vilnius day (YYYY-MM-DD) of the user's latest digest. The digest job
-- claims a user by moving it to today with a guarded UPDATE, so with
-- several instances a digest goes out once a day.
ALTER TABLE users ADD COLUMN digest_sent_on TEXT NOT NULL DEFAULT '';

-- What waits for a user's next daily digest, written in their language
-- when the step happened; a digest deletes what it lists.
CREATE TABLE pending_notifications (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    line TEXT NOT NULL,
    url TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX pending_notifications_user ON pending_notifications (user_id, id);
