-- Non-working days the Government declares on top of the Labour Code's
-- public holidays (those ship with the program in internal/calendar). They
-- hold for the whole country, so for every institution of an installation.
-- date is a civil date written 'YYYY-MM-DD': it names a day in Lithuania,
-- not an instant, and sorts as text.
CREATE TABLE extra_holidays (
    id {{id}},
    date TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
