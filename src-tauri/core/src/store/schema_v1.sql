-- Schema v1: who is in the journal, what they can need, and the retros they hold.

CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX roles_name ON roles (lower(name));

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role_id     INTEGER NOT NULL REFERENCES roles (id),
    is_me       INTEGER NOT NULL DEFAULT 0 CHECK (is_me IN (0, 1)),
    created_at  TEXT NOT NULL
);
-- Exactly one person is "me": at most one by this index, at least one once
-- onboarding is done (the journal API never deletes me).
CREATE UNIQUE INDEX people_one_me ON people (is_me) WHERE is_me = 1;

CREATE TABLE needs (
    id           INTEGER PRIMARY KEY,
    role_id      INTEGER NOT NULL REFERENCES roles (id),
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    explanation  TEXT NOT NULL,
    frustration  TEXT NOT NULL,
    builtin      INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    archived_at  TEXT,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX needs_name ON needs (lower(name));

CREATE TABLE retros (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    held_on     TEXT NOT NULL CHECK (date(held_on) = held_on),
    kind        TEXT NOT NULL CHECK (kind IN ('solo', 'paired')),
    revealed_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX retros_newest ON retros (held_on DESC, id DESC);

CREATE TABLE participants (
    retro_id   INTEGER NOT NULL REFERENCES retros (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (retro_id, person_id)
) WITHOUT ROWID;
CREATE INDEX participants_person ON participants (person_id);

CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    retro_id    INTEGER NOT NULL,
    person_id   INTEGER NOT NULL,
    state       TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'sealed', 'revealed')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    -- One entry per participant per retro, and only participants write one.
    UNIQUE (retro_id, person_id),
    FOREIGN KEY (retro_id, person_id)
        REFERENCES participants (retro_id, person_id) ON DELETE CASCADE
);

INSERT INTO roles (id, name, builtin) VALUES
    (1, 'Product', 1),
    (2, 'Engineering', 1);

INSERT INTO needs (role_id, name, explanation, frustration, builtin) VALUES
    (1, 'Predictability',
        'Dates I can plan around and promise to customers without crossing my fingers.',
        'I start committing to dates on my own, because asking feels like it never gets me an answer I can use.', 1),
    (1, 'Responsiveness',
        'When a customer crisis or a real opening appears, the team can turn towards it within days.',
        'Every request meets a wall of process, and I begin to treat the roadmap as something to route around.', 1),
    (1, 'Partnership',
        'Engineers care about the customer''s problem, not only about the solution they were handed.',
        'I feel like a ticket dispenser, so I stop sharing the why and just hand over specs.', 1),
    (2, 'Autonomy',
        'Being trusted to decide how something gets built, once we agree on what it is for.',
        'Designs get dictated to me, so I argue about the estimate instead of the approach.', 1),
    (2, 'Sustainability',
        'A pace we can keep for years, with regular room for the work that keeps the system healthy.',
        'The same debt ticket keeps getting pushed, and I quietly pad estimates to make room for it.', 1),
    (2, 'Craft',
        'Enough time to do the work well, test it properly and be proud of what ships.',
        'Corners get cut under deadline, and I stop putting my name to the work in my own head.', 1);
