-- Staff search ignores case and Lithuanian accents ("zukauskas" finds
-- "Žukauskas"). SQLite's lower() folds only ASCII, so the folded name and
-- email are computed in Go (staff.foldSearch) and stored here.
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
