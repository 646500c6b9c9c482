-- Each outbox worker (one per "savivalda serve" instance) records that it
-- is alive; a message it holds "sending" is taken over soon after its
-- heartbeat stops, instead of only when the claim's 15-minute lease lapses.
CREATE TABLE outbox_workers (
    id TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);
-- Who holds a "sending" message; NULL for claims made before workers had
-- names, which wait for their lease as before.
ALTER TABLE outbox_messages ADD COLUMN worker_id TEXT;
CREATE INDEX outbox_messages_worker ON outbox_messages (state, worker_id);
