-- Schema v6: the journal's memory reads, for every entry in a range, a few
-- facts, its ratings and its proxy arguments. Two columns keep those last
-- two in one short text each, written together with the ratings and tags
-- themselves (which change only while the entry is a draft):
--   rated:  "need:rating" pairs by need id, unrated needs left out ("1:4 3:2");
--   argued: the proxy tags in the order picked, one per line (a tag is one
--           line of words: the journal's rules allow no line break in it).
-- The index covers everything trends read, so years of retros are read from
-- the index alone, without the entries' text or a row per rating or tag.
-- The migration fills both columns for the entries already written
-- (`store::entries::fill_summaries`).

ALTER TABLE entries ADD COLUMN rated TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN argued TEXT NOT NULL DEFAULT '';

CREATE INDEX entries_trend
    ON entries (retro_id, person_id, state, top_need_id, cycle_stage, rated, argued);
