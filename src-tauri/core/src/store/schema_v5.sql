-- Schema v5: the journal's memory. A pattern card set aside with "I've seen
-- this" stays aside until the pattern grows: until its latest retro is
-- another one than the one it had when it was set aside.

CREATE TABLE set_aside (
    pattern         TEXT PRIMARY KEY,
    last_retro_id   INTEGER NOT NULL,
    at              TEXT NOT NULL
) WITHOUT ROWID;
