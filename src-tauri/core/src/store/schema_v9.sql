-- Schema v9: when each 1:1 takes place, for a reminder before it.

-- A partner's 1:1: on the weekday of `first_on`, at `at_minute` past local
-- midnight, every week or every two weeks counted from `first_on`, with a
-- reminder `lead_minutes` before. `reminded_until` is the UTC instant up to
-- which every 1:1 has had its reminder (or was before the schedule was set),
-- so a reminder is given once, and missed ones never pile up.
CREATE TABLE schedules (
    person_id       INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    first_on        TEXT NOT NULL,
    at_minute       INTEGER NOT NULL CHECK (at_minute BETWEEN 0 AND 1439),
    every_weeks     INTEGER NOT NULL CHECK (every_weeks IN (1, 2)),
    lead_minutes    INTEGER NOT NULL CHECK (lead_minutes BETWEEN 0 AND 1440),
    reminded_until  TEXT NOT NULL
);
