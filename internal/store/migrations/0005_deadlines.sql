-- Deadlines: one model for every legal or internal term a module tracks
-- (X-01). The due date is derived from the start date, the rule, the pauses
-- and the calendar, so a change of the holiday data recomputes it.

CREATE TABLE deadlines (
    id {{id}},
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    module TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    department_id BIGINT REFERENCES departments (id),
    responsible_id BIGINT REFERENCES users (id),
    -- The person the term is owed to, told of every extension and pause.
    person_name TEXT NOT NULL DEFAULT '',
    person_email TEXT NOT NULL DEFAULT '',
    person_lang TEXT NOT NULL DEFAULT 'lt',
    started_at BIGINT NOT NULL,
    start_date TEXT NOT NULL,
    rule_n INTEGER NOT NULL,
    rule_unit TEXT NOT NULL CHECK (rule_unit IN ('working-days', 'calendar-days', 'months')),
    paused_days INTEGER NOT NULL DEFAULT 0,
    paused_since TEXT,
    due_date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'met', 'missed')),
    met_at BIGINT,
    reminded_soon_at BIGINT,
    reminded_missed_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX deadlines_open ON deadlines (institution_id, state, due_date);
CREATE INDEX deadlines_subject ON deadlines (module, subject_type, subject_id);
CREATE INDEX deadlines_responsible ON deadlines (responsible_id, state);

CREATE TABLE deadline_events (
    id {{id}},
    deadline_id BIGINT NOT NULL REFERENCES deadlines (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    due_before TEXT NOT NULL DEFAULT '',
    due_after TEXT NOT NULL DEFAULT '',
    days INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deadline_events_deadline ON deadline_events (deadline_id, at);
