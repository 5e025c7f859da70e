-- Schema v10: the same rules, cheaper to check on every row written.
--
-- Each of the six kinds of rows that carry a uid got it from a trigger
-- after its insert. A trigger on a table makes SQLite keep a copy of every
-- page each insert into it changes, in case the statement has to be undone;
-- the uid now comes from the column's default instead, and NOT NULL makes
-- sure no row is ever without one. Every row already has its uid (schema
-- v7 gave one to each, and the triggers to every row since).
--
-- And `CHECK (x IN ('a', 'b', 'c'))` made SQLite build a small temporary
-- index for the list each time a row was checked; the same lists, written
-- as `x = 'a' OR x = 'b' OR …`, are compared in place.
--
-- Neither change touches a stored row, so the tables' definitions are
-- rewritten in place (`store::rewrite_definitions`), as SQLite's manual
-- describes for such changes, and the file is checked before the commit.

DROP TRIGGER people_new_uid;
DROP TRIGGER retros_new_uid;
DROP TRIGGER entries_new_uid;
DROP TRIGGER agreements_new_uid;
DROP TRIGGER addenda_new_uid;
DROP TRIGGER agreement_status_new_uid;
