-- Scheduled publishing (WEB-21): a reviewer approves a revision to go live at
-- a set instant. The approved revision waits in scheduled_revision_id (its
-- state is already 'published', its reviewer recorded) while the live
-- revision stays up; from go_live_at on, the public queries show it in place
-- of the live one (they compare the instant, so every instance switches at
-- once, with no job), and the background step then records the publication
-- on the page itself and clears these columns.
ALTER TABLE pages ADD COLUMN scheduled_revision_id BIGINT;
ALTER TABLE pages ADD COLUMN go_live_at BIGINT;
ALTER TABLE pages ADD COLUMN scheduled_by BIGINT REFERENCES users (id);
CREATE INDEX pages_go_live ON pages (go_live_at);
