-- Schema v4: wrong PIN tries are counted in the journal, so closing and
-- reopening the app does not reset the wait that follows too many of them.

ALTER TABLE people ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0 CHECK (pin_failures >= 0);
-- Until when taking the keyboard as this person is refused (RFC 3339), or NULL.
ALTER TABLE people ADD COLUMN pin_wait_until TEXT;
