-- Free sections created under a legal-acts section did not inherit its flag,
-- so pages there could be published without the legal-acts publisher
-- (WEB-19). Every section below a legal-acts section is one.
UPDATE sections SET legal_acts = TRUE WHERE legal_acts = FALSE AND id IN (
    WITH RECURSIVE below (id) AS (
        SELECT id FROM sections WHERE legal_acts = TRUE
        UNION
        SELECT s.id FROM sections s JOIN below b ON s.parent_id = b.id
    )
    SELECT id FROM below
);
