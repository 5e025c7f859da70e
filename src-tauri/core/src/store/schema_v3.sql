-- Schema v3: taking turns on one laptop, what the pair writes after the
-- reveal (addenda and agreements), and the tension pairs the reveal lights up.

-- An optional PIN per person, kept only as a salted Argon2id hash (a PHC string).
ALTER TABLE people ADD COLUMN pin_hash TEXT;

-- Who is at the keyboard. No row: the journal's owner. A row: a paired retro
-- is being written in turns, and `person_id` holds the keyboard, or is NULL
-- while the hand-over screen is up and nobody has taken over yet. Stored, so
-- a restart never hands a partner's turn (or the hand-over) to the owner.
CREATE TABLE turn (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    retro_id   INTEGER NOT NULL REFERENCES retros (id) ON DELETE CASCADE,
    person_id  INTEGER REFERENCES people (id)
);

-- Two needs that pull against each other, and the question the reveal asks
-- when they collide. Deleting a need drops its pairs.
CREATE TABLE tension_pairs (
    id        INTEGER PRIMARY KEY,
    need_a    INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    need_b    INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    question  TEXT NOT NULL CHECK (length(trim(question)) > 0),
    builtin   INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    CHECK (need_a <> need_b)
);
CREATE UNIQUE INDEX tension_pairs_once ON tension_pairs (min(need_a, need_b), max(need_a, need_b));

-- The built-in needs were seeded by schema v1 with ids 1 to 6, in this order:
-- predictability, responsiveness, partnership, autonomy, sustainability, craft.
-- They are matched by id because people may rename them.
INSERT INTO tension_pairs (need_a, need_b, question, builtin)
SELECT q.a, q.b, q.question, 1
FROM (SELECT 2 AS a, 5 AS b,
             'Which urgent request would each of you gladly make room for, and how would the system get back what it cost?' AS question
      UNION ALL SELECT 1, 6,
             'What date could you both stand behind, with the time to do the work well already inside it?'
      UNION ALL SELECT 3, 4,
             'Where does each of you want to be part of the why, and where do you want to be trusted with the how?') q
WHERE (SELECT count(*) FROM needs WHERE builtin = 1 AND id IN (q.a, q.b)) = 2;

-- Later thoughts on a revealed entry. The entry itself never changes.
CREATE TABLE addenda (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    body        TEXT NOT NULL CHECK (length(trim(body)) > 0),
    created_at  TEXT NOT NULL
);
CREATE INDEX addenda_entry ON addenda (entry_id);
CREATE TRIGGER addenda_after_reveal BEFORE INSERT ON addenda
    WHEN (SELECT state FROM entries WHERE id = NEW.entry_id) <> 'revealed'
BEGIN SELECT RAISE(ABORT, 'entry_not_revealed'); END;
CREATE TRIGGER addenda_final BEFORE UPDATE ON addenda
BEGIN SELECT RAISE(ABORT, 'history_final'); END;

-- The deals a pair writes down: what each side commits to, the needs served,
-- an owner and a review date. A deal is never edited; it is renegotiated.
CREATE TABLE agreements (
    id          INTEGER PRIMARY KEY,
    retro_id    INTEGER NOT NULL REFERENCES retros (id) ON DELETE CASCADE,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    owner_id    INTEGER NOT NULL REFERENCES people (id),
    review_on   TEXT NOT NULL CHECK (date(review_on) = review_on),
    created_at  TEXT NOT NULL
);
CREATE INDEX agreements_retro ON agreements (retro_id);
CREATE INDEX agreements_review ON agreements (review_on);

CREATE TABLE commitments (
    agreement_id  INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people (id),
    body          TEXT NOT NULL,
    PRIMARY KEY (agreement_id, person_id)
) WITHOUT ROWID;

CREATE TABLE agreement_needs (
    agreement_id  INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    need_id       INTEGER NOT NULL REFERENCES needs (id),
    PRIMARY KEY (agreement_id, need_id)
) WITHOUT ROWID;
CREATE INDEX agreement_needs_need ON agreement_needs (need_id);

-- Every status an agreement has had, oldest first; the newest is its status
-- now. `reviewed_in` is the retro where the change was made during a review;
-- `replaced_by` is the agreement that replaced a renegotiated one.
CREATE TABLE agreement_status (
    id            INTEGER PRIMARY KEY,
    agreement_id  INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('open', 'kept', 'broken', 'renegotiated')),
    at            TEXT NOT NULL,
    reviewed_in   INTEGER REFERENCES retros (id) ON DELETE SET NULL,
    replaced_by   INTEGER REFERENCES agreements (id) ON DELETE SET NULL
);
CREATE INDEX agreement_status_agreement ON agreement_status (agreement_id, id);
CREATE INDEX agreement_status_reviewed ON agreement_status (reviewed_in);
-- The history is append-only. Only the links may be cleared, when the retro
-- or agreement they point to is deleted.
CREATE TRIGGER agreement_status_final BEFORE UPDATE OF agreement_id, status, at ON agreement_status
BEGIN SELECT RAISE(ABORT, 'history_final'); END;
