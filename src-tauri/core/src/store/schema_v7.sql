-- Schema v7: stable ids that mean the same row in two people's journals.
-- A retro, a person, an entry, a deal, a later note and a change of a deal's
-- status each get a random version-4 UUID, kept for good: an envelope or an
-- update from a partner's laptop names rows by it, never by the local id.
--
-- `new_uuid()` is not an SQL function: it stands for an expression that
-- makes one (`UUID_V4_SQL` in store/mod.rs), put in its place when the
-- migration is built, so any program that writes to a journal gets UUIDs
-- without having to register anything.

ALTER TABLE people ADD COLUMN uid TEXT;
ALTER TABLE retros ADD COLUMN uid TEXT;
ALTER TABLE entries ADD COLUMN uid TEXT;
ALTER TABLE agreements ADD COLUMN uid TEXT;
ALTER TABLE addenda ADD COLUMN uid TEXT;
ALTER TABLE agreement_status ADD COLUMN uid TEXT;

-- Later notes are final; from now on, except for being given their id once.
DROP TRIGGER addenda_final;

UPDATE people SET uid = new_uuid();
UPDATE retros SET uid = new_uuid();
UPDATE entries SET uid = new_uuid();
UPDATE agreements SET uid = new_uuid();
UPDATE addenda SET uid = new_uuid();
UPDATE agreement_status SET uid = new_uuid();

CREATE UNIQUE INDEX people_uid ON people (uid);
CREATE UNIQUE INDEX retros_uid ON retros (uid);
CREATE UNIQUE INDEX entries_uid ON entries (uid);
CREATE UNIQUE INDEX agreements_uid ON agreements (uid);
CREATE UNIQUE INDEX addenda_uid ON addenda (uid);
CREATE UNIQUE INDEX agreement_status_uid ON agreement_status (uid);

-- A row written without a uid (by this app, an older tool, a test) gets one.
CREATE TRIGGER people_new_uid AFTER INSERT ON people WHEN NEW.uid IS NULL
BEGIN UPDATE people SET uid = new_uuid() WHERE id = NEW.id; END;
CREATE TRIGGER retros_new_uid AFTER INSERT ON retros WHEN NEW.uid IS NULL
BEGIN UPDATE retros SET uid = new_uuid() WHERE id = NEW.id; END;
CREATE TRIGGER entries_new_uid AFTER INSERT ON entries WHEN NEW.uid IS NULL
BEGIN UPDATE entries SET uid = new_uuid() WHERE id = NEW.id; END;
CREATE TRIGGER agreements_new_uid AFTER INSERT ON agreements WHEN NEW.uid IS NULL
BEGIN UPDATE agreements SET uid = new_uuid() WHERE id = NEW.id; END;
CREATE TRIGGER addenda_new_uid AFTER INSERT ON addenda WHEN NEW.uid IS NULL
BEGIN UPDATE addenda SET uid = new_uuid() WHERE id = NEW.id; END;
CREATE TRIGGER agreement_status_new_uid AFTER INSERT ON agreement_status WHEN NEW.uid IS NULL
BEGIN UPDATE agreement_status SET uid = new_uuid() WHERE id = NEW.id; END;

-- Once given, an id never changes; and a later note never changes at all.
CREATE TRIGGER people_uid_final BEFORE UPDATE OF uid ON people WHEN OLD.uid IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'history_final'); END;
CREATE TRIGGER retros_uid_final BEFORE UPDATE OF uid ON retros WHEN OLD.uid IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'history_final'); END;
CREATE TRIGGER entries_uid_final BEFORE UPDATE OF uid ON entries WHEN OLD.uid IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'history_final'); END;
CREATE TRIGGER agreements_uid_final BEFORE UPDATE OF uid ON agreements WHEN OLD.uid IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'history_final'); END;
CREATE TRIGGER agreement_status_uid_final BEFORE UPDATE OF uid ON agreement_status
    WHEN OLD.uid IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'history_final'); END;
CREATE TRIGGER addenda_final BEFORE UPDATE ON addenda WHEN OLD.uid IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'history_final'); END;
