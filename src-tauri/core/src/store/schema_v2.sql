-- Schema v2: what an entry says, and the locks that keep a sealed or revealed
-- entry as it was, whoever tries to write to it.

ALTER TABLE entries ADD COLUMN top_need_id INTEGER REFERENCES needs (id);
ALTER TABLE entries ADD COLUMN unsaid TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN position TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN concern TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN cycle_stage TEXT
    CHECK (cycle_stage IN ('trigger', 'frustration', 'proxyArguments', 'withdrawal', 'notInIt'));
ALTER TABLE entries ADD COLUMN offer TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN ask TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN private_notes TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN sealed_at TEXT;
ALTER TABLE entries ADD COLUMN revealed_at TEXT;
CREATE INDEX entries_person ON entries (person_id);

-- How well each need was met. A row with no rating keeps a note on an unrated need.
-- The need is referenced without cascade: a need an entry uses can't be deleted.
CREATE TABLE ratings (
    entry_id  INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    need_id   INTEGER NOT NULL REFERENCES needs (id),
    rating    INTEGER CHECK (rating BETWEEN 1 AND 5),
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (entry_id, need_id)
) WITHOUT ROWID;
CREATE INDEX ratings_need ON ratings (need_id);

-- The proxy arguments the writer caught themselves in, in the order picked (rowid).
CREATE TABLE proxies (
    entry_id  INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    tag       TEXT NOT NULL CHECK (length(trim(tag)) > 0),
    UNIQUE (entry_id, tag)
);

-- The writer's guess at the partner's top needs, in order.
CREATE TABLE guesses (
    entry_id  INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    need_id   INTEGER NOT NULL REFERENCES needs (id),
    rank      INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 3),
    PRIMARY KEY (entry_id, need_id),
    UNIQUE (entry_id, rank)
) WITHOUT ROWID;
CREATE INDEX guesses_need ON guesses (need_id);

-- Full-text search over what an entry says; rowid is the entry's id.
CREATE VIRTUAL TABLE entry_text USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');

-- Rule 3, enforced by the database itself: only a draft can be written to.
CREATE TRIGGER entries_locked BEFORE UPDATE OF
    top_need_id, unsaid, position, concern, cycle_stage, offer, ask, private_notes ON entries
    WHEN OLD.state <> 'draft'
BEGIN SELECT RAISE(ABORT, 'entry_locked'); END;

-- A revealed entry never changes state again, and a sealed one is unsealed
-- only while its retro is unrevealed.
CREATE TRIGGER entries_revealed_final BEFORE UPDATE OF state ON entries
    WHEN OLD.state = 'revealed' AND NEW.state <> 'revealed'
BEGIN SELECT RAISE(ABORT, 'entry_revealed'); END;
CREATE TRIGGER entries_unseal_before_reveal BEFORE UPDATE OF state ON entries
    WHEN OLD.state = 'sealed' AND NEW.state = 'draft'
     AND (SELECT revealed_at FROM retros WHERE id = OLD.retro_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'entry_revealed'); END;

CREATE TRIGGER ratings_locked_insert BEFORE INSERT ON ratings
    WHEN (SELECT state FROM entries WHERE id = NEW.entry_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'entry_locked'); END;
CREATE TRIGGER ratings_locked_update BEFORE UPDATE ON ratings
    WHEN (SELECT state FROM entries WHERE id = OLD.entry_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'entry_locked'); END;
CREATE TRIGGER ratings_locked_delete BEFORE DELETE ON ratings
    WHEN (SELECT state FROM entries WHERE id = OLD.entry_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'entry_locked'); END;

CREATE TRIGGER proxies_locked_insert BEFORE INSERT ON proxies
    WHEN (SELECT state FROM entries WHERE id = NEW.entry_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'entry_locked'); END;
CREATE TRIGGER proxies_locked_update BEFORE UPDATE ON proxies
    WHEN (SELECT state FROM entries WHERE id = OLD.entry_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'entry_locked'); END;
CREATE TRIGGER proxies_locked_delete BEFORE DELETE ON proxies
    WHEN (SELECT state FROM entries WHERE id = OLD.entry_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'entry_locked'); END;

CREATE TRIGGER guesses_locked_insert BEFORE INSERT ON guesses
    WHEN (SELECT state FROM entries WHERE id = NEW.entry_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'entry_locked'); END;
CREATE TRIGGER guesses_locked_update BEFORE UPDATE ON guesses
    WHEN (SELECT state FROM entries WHERE id = OLD.entry_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'entry_locked'); END;
CREATE TRIGGER guesses_locked_delete BEFORE DELETE ON guesses
    WHEN (SELECT state FROM entries WHERE id = OLD.entry_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'entry_locked'); END;

-- Deleting a retro removes its entries' search text too.
CREATE TRIGGER entries_deleted AFTER DELETE ON entries
BEGIN DELETE FROM entry_text WHERE rowid = OLD.id; END;
