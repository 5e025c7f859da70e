-- Schema v8: a 1:1 on two laptops. Each person keeps their own journal, and
-- the two exchange sealed envelopes (export/envelope.rs).

-- The retros held on two laptops.
CREATE TABLE remote_retros (
    retro_id  INTEGER PRIMARY KEY REFERENCES retros (id) ON DELETE CASCADE
);

-- The ids a partner's journal knows people by, learned from their envelopes
-- and confirmed once: `by_id` is the partner, `person_id` the partner or me.
-- A match is never changed, so a later envelope can't quietly contradict it.
CREATE TABLE known_as (
    by_id      INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    uid        TEXT NOT NULL,
    PRIMARY KEY (by_id, person_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX known_as_uid ON known_as (by_id, uid);
CREATE TRIGGER known_as_final BEFORE UPDATE ON known_as
BEGIN SELECT RAISE(ABORT, 'history_final'); END;

-- Each participant's envelope for a remote retro, as sent or received: the
-- file itself and its fingerprint, final once written; the key that opens
-- it (mine from sealing it, my partner's once their code is in); and when my
-- own code was first shown.
CREATE TABLE envelopes (
    retro_id       INTEGER NOT NULL REFERENCES retros (id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES people (id),
    body           TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,
    key            BLOB,
    code_given_at  TEXT,
    at             TEXT NOT NULL,
    PRIMARY KEY (retro_id, person_id)
) WITHOUT ROWID;
CREATE TRIGGER envelopes_final BEFORE UPDATE OF retro_id, person_id, body, fingerprint, at
    ON envelopes
BEGIN SELECT RAISE(ABORT, 'history_final'); END;
CREATE TRIGGER envelopes_key_final BEFORE UPDATE OF key ON envelopes WHEN OLD.key IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'history_final'); END;
