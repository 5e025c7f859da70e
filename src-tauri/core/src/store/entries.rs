//! Entries: what each person wrote, its state, its search text and the
//! dated notes added after the reveal.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::records::*;
use super::{ids, Result};

pub fn entry_id(conn: &Connection, retro_id: Id, person_id: Id) -> Result<Option<Id>> {
    Ok(conn
        .query_row(
            "SELECT id FROM entries WHERE retro_id = ?1 AND person_id = ?2",
            [retro_id, person_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn insert_entry(conn: &Connection, retro_id: Id, person_id: Id, now: &str) -> Result<Id> {
    conn.prepare_cached(super::with_new_uuid!(
        "INSERT INTO entries (retro_id, person_id, created_at, updated_at, uid)
         VALUES (?1, ?2, ?3, ?3, new_uuid())"
    ))?
    .execute(params![retro_id, person_id, now])?;
    Ok(conn.last_insert_rowid())
}

// ---- entry content ---------------------------------------------------------

/// The bare facts of an entry that decide who may read it.
#[derive(Debug, Clone, Copy)]
pub struct EntryRow {
    pub id: Id,
    pub state: EntryState,
    pub kind: RetroKind,
}

pub fn entry_row(conn: &Connection, retro_id: Id, person_id: Id) -> Result<Option<EntryRow>> {
    Ok(entry_rows(conn, &[retro_id])?.remove(&(retro_id, person_id)))
}

/// The entries of some retros, by retro and person.
pub fn entry_rows(conn: &Connection, retro_ids: &[Id]) -> Result<HashMap<(Id, Id), EntryRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.retro_id, e.person_id, e.id, e.state, r.kind
         FROM retros r JOIN entries e ON e.retro_id = r.id
         WHERE r.id IN rarray(?1)",
    )?;
    let rows = stmt.query_map([ids(retro_ids)], |r| {
        Ok((
            (r.get(0)?, r.get(1)?),
            EntryRow {
                id: r.get(2)?,
                state: r.get(3)?,
                kind: r.get(4)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reads what an entry says, and when it was last saved. The caller has
/// already decided that the person at the keyboard may read it.
pub fn entry_content(conn: &Connection, entry_id: Id) -> Result<(EntryContent, String)> {
    entry_contents(conn, &[entry_id])?
        .remove(&entry_id)
        .ok_or_else(|| rusqlite::Error::QueryReturnedNoRows.into())
}

/// What some entries say, and when each was last saved: one statement per
/// table for all of them.
pub fn entry_contents(
    conn: &Connection,
    entry_ids: &[Id],
) -> Result<HashMap<Id, (EntryContent, String)>> {
    let list = ids(entry_ids);
    let mut stmt = conn.prepare_cached(
        "SELECT id, top_need_id, unsaid, position, concern, cycle_stage, offer, ask,
                private_notes, updated_at
         FROM entries WHERE id IN rarray(?1)",
    )?;
    let rows = stmt.query_map([&list], |r| {
        Ok((
            r.get::<_, Id>(0)?,
            (
                EntryContent {
                    top_need_id: r.get(1)?,
                    unsaid: r.get(2)?,
                    position: r.get(3)?,
                    concern: r.get(4)?,
                    cycle_stage: r.get(5)?,
                    offer: r.get(6)?,
                    ask: r.get(7)?,
                    private_notes: r.get(8)?,
                    ..EntryContent::default()
                },
                r.get::<_, String>(9)?,
            ),
        ))
    })?;
    let mut out: HashMap<Id, (EntryContent, String)> = rows.collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT entry_id, need_id, rating, note FROM ratings
         WHERE entry_id IN rarray(?1) ORDER BY entry_id, need_id",
    )?;
    let mut rows = stmt.query([&list])?;
    while let Some(r) = rows.next()? {
        if let Some((c, _)) = out.get_mut(&r.get(0)?) {
            c.ratings.push(NeedRating {
                need_id: r.get(1)?,
                rating: r.get(2)?,
                note: r.get(3)?,
            });
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT entry_id, tag FROM proxies WHERE entry_id IN rarray(?1) ORDER BY entry_id, rowid",
    )?;
    let mut rows = stmt.query([&list])?;
    while let Some(r) = rows.next()? {
        if let Some((c, _)) = out.get_mut(&r.get(0)?) {
            c.proxies.push(r.get(1)?);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT entry_id, need_id FROM guesses WHERE entry_id IN rarray(?1) ORDER BY entry_id, rank",
    )?;
    let mut rows = stmt.query([&list])?;
    while let Some(r) = rows.next()? {
        if let Some((c, _)) = out.get_mut(&r.get(0)?) {
            c.guesses.push(r.get(1)?);
        }
    }
    Ok(out)
}

/// Between two proxy tags in the `argued` column: a tag never holds a line
/// break (`journal::rules::tag`).
pub(crate) const ARGUED_SEPARATOR: &str = "\n";

/// An entry's ratings as the `rated` column keeps them for the journal's
/// memory: "need:rating" by need id, unrated needs left out.
fn rated(ratings: &[NeedRating]) -> String {
    let mut given: Vec<(Id, i64)> = ratings
        .iter()
        .filter_map(|r| Some((r.need_id, r.rating?)))
        .collect();
    given.sort_unstable();
    given
        .iter()
        .map(|(need, rating)| format!("{need}:{rating}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An entry's `rated` and `argued`, worked out in SQL from its rows: what
/// [`write_entry_content`] writes, for filling and checking them.
const RATED_OF: &str = "ifnull((SELECT group_concat(need_id || ':' || rating, ' ' ORDER BY need_id)
     FROM ratings WHERE entry_id = entries.id AND rating IS NOT NULL), '')";
const ARGUED_OF: &str = "ifnull((SELECT group_concat(tag, char(10) ORDER BY rowid)
     FROM proxies WHERE entry_id = entries.id), '')";

/// Writes every entry's `rated` and `argued` from its rows (the schema v6
/// migration, for the entries written before).
pub(crate) fn fill_summaries(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute(
        &format!("UPDATE entries SET rated = {RATED_OF}, argued = {ARGUED_OF}"),
        [],
    )
}

/// Entries whose `rated` or `argued` disagree with their rows: none, in a
/// sound journal.
pub(crate) fn summaries_out_of_step(conn: &Connection) -> Result<Vec<Id>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id FROM entries WHERE rated <> {RATED_OF} OR argued <> {ARGUED_OF} ORDER BY id"
    ))?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reads the `rated` column back; `None` if it is not in that shape. Trends
/// read one for every entry in range, so it is read in one pass over its
/// bytes, into one allocation.
pub(crate) fn parse_rated(text: &str) -> Option<Vec<(Id, i64)>> {
    // Each pair takes at least four bytes with its space ("1:4 ").
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let (mut need, mut number, mut digits) = (None, 0i64, 0);
    for byte in text.bytes().chain([b' ']) {
        match byte {
            b'0'..=b'9' if digits < 18 => {
                number = number * 10 + i64::from(byte - b'0');
                digits += 1;
            }
            b':' if need.is_none() && digits > 0 => {
                need = Some(number);
                (number, digits) = (0, 0);
            }
            b' ' if digits > 0 => {
                out.push((need.take()?, number));
                (number, digits) = (0, 0);
            }
            b' ' if need.is_none() => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Replaces everything an entry says, and its search text. The schema's
/// triggers refuse this for anything but a draft.
pub fn write_entry_content(
    conn: &Connection,
    entry_id: Id,
    c: &EntryContent,
    now: &str,
) -> Result<()> {
    write_entry_rows(conn, entry_id, c, now)?;
    conn.prepare_cached("DELETE FROM entry_text WHERE rowid = ?1")?
        .execute([entry_id])?;
    conn.prepare_cached("INSERT INTO entry_text (rowid, body) VALUES (?1, ?2)")?
        .execute(params![entry_id, search_text(c)])?;
    Ok(())
}

/// Writes an entry's content, all but its search text.
pub fn write_entry_rows(
    conn: &Connection,
    entry_id: Id,
    c: &EntryContent,
    now: &str,
) -> Result<()> {
    with_content(
        conn,
        "UPDATE entries SET top_need_id = ?2, unsaid = ?3, position = ?4, concern = ?5,
             cycle_stage = ?6, offer = ?7, ask = ?8, private_notes = ?9, updated_at = ?10,
             rated = ?11, argued = ?12
         WHERE id = ?1",
        entry_id,
        c,
        now,
        &[],
    )?;
    for gone in [
        "DELETE FROM ratings WHERE entry_id = ?1",
        "DELETE FROM proxies WHERE entry_id = ?1",
        "DELETE FROM guesses WHERE entry_id = ?1",
    ] {
        conn.prepare_cached(gone)?.execute([entry_id])?;
    }
    write_entry_parts(conn, entry_id, c)
}

/// A new entry with its content, as an import brings it: its row written
/// once, then its ratings, tags and guesses; all but its search text. A
/// draft until its state is set.
pub fn insert_entry_with(
    conn: &Connection,
    retro_id: Id,
    person_id: Id,
    c: &EntryContent,
    saved_at: &str,
) -> Result<Id> {
    let insert = super::with_new_uuid!(
        "INSERT INTO entries (retro_id, person_id, created_at, updated_at, uid, top_need_id,
             unsaid, position, concern, cycle_stage, offer, ask, private_notes, rated, argued)
         VALUES (?1, ?13, ?10, ?10, new_uuid(), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?11, ?12)"
    );
    with_content(conn, insert, retro_id, c, saved_at, &[&person_id])?;
    let id = conn.last_insert_rowid();
    write_entry_parts(conn, id, c)?;
    Ok(id)
}

/// Runs `sql`, which writes an entry's row, with `key` as ?1, the content
/// as ?2 to ?9, `now` as ?10, the columns trends read as ?11 and ?12, and
/// `more` after them.
fn with_content(
    conn: &Connection,
    sql: &str,
    key: Id,
    c: &EntryContent,
    now: &str,
    more: &[&dyn rusqlite::ToSql],
) -> Result<()> {
    let (rated, argued) = (rated(&c.ratings), c.proxies.join(ARGUED_SEPARATOR));
    let mut values: Vec<&dyn rusqlite::ToSql> = vec![
        &key,
        &c.top_need_id,
        &c.unsaid,
        &c.position,
        &c.concern,
        &c.cycle_stage,
        &c.offer,
        &c.ask,
        &c.private_notes,
        &now,
        &rated,
        &argued,
    ];
    values.extend_from_slice(more);
    conn.prepare_cached(sql)?.execute(&*values)?;
    Ok(())
}

/// An entry's ratings, tags and guesses, each a row.
fn write_entry_parts(conn: &Connection, entry_id: Id, c: &EntryContent) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO ratings (entry_id, need_id, rating, note) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for r in &c.ratings {
        stmt.execute(params![entry_id, r.need_id, r.rating, r.note])?;
    }
    let mut stmt = conn.prepare_cached("INSERT INTO proxies (entry_id, tag) VALUES (?1, ?2)")?;
    for tag in &c.proxies {
        stmt.execute(params![entry_id, tag])?;
    }
    let mut stmt =
        conn.prepare_cached("INSERT INTO guesses (entry_id, need_id, rank) VALUES (?1, ?2, ?3)")?;
    for (rank, need) in (1..).zip(&c.guesses) {
        stmt.execute(params![entry_id, need, rank])?;
    }
    Ok(())
}

/// What search reads of an entry: every field, note and tag it has.
fn search_text(c: &EntryContent) -> String {
    [
        &c.unsaid,
        &c.position,
        &c.concern,
        &c.offer,
        &c.ask,
        &c.private_notes,
    ]
    .into_iter()
    .chain(c.ratings.iter().map(|r| &r.note))
    .chain(&c.proxies)
    .filter(|t| !t.is_empty())
    .map(String::as_str)
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The schema's locks on the rows of an entry's parts (only a draft's
/// ratings, tags and guesses can be added: rule 3), each run for every row.
const PART_LOCKS: &str =
    "'ratings_locked_insert', 'proxies_locked_insert', 'guesses_locked_insert'";

/// Readies an empty journal to be filled, inside the transaction that fills
/// it: search text is kept aside ([`keep_text_for_later`]), and the locks
/// on adding an entry's parts are taken off until [`finish_filling`] puts
/// them back as they were. Each lock runs for every rating, tag and guess,
/// a seventh of an import's time, and none could refuse one there: an
/// entry's parts are written while it is a new draft, before its state is
/// set. A failure anywhere rolls the locks back with everything else.
pub fn start_filling(conn: &Connection) -> Result<()> {
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE text_for_later (rowid INTEGER PRIMARY KEY, body TEXT);
         CREATE TEMP TABLE locks_for_later AS
             SELECT name, sql FROM main.sqlite_schema
             WHERE type = 'trigger' AND name IN ({PART_LOCKS});"
    ))?;
    for name in kept_locks(conn)?.into_keys() {
        conn.execute_batch(&format!("DROP TRIGGER main.\"{name}\""))?;
    }
    Ok(())
}

fn kept_locks(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare("SELECT name, sql FROM temp.locks_for_later")?;
    let locks = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(locks.collect::<rusqlite::Result<_>>()?)
}

/// Keeps the search text of a new entry aside until [`finish_filling`].
/// Writing the full-text index row by row makes SQLite flush it at every
/// later statement of the transaction; an import writes it once, at the end.
pub fn keep_text_for_later(conn: &Connection, entry_id: Id, c: &EntryContent) -> Result<()> {
    conn.prepare_cached("INSERT INTO temp.text_for_later (rowid, body) VALUES (?1, ?2)")?
        .execute(params![entry_id, search_text(c)])?;
    Ok(())
}

/// Ends [`start_filling`]: the search text kept aside goes into the index
/// in one statement, and the locks are back, word for word.
pub fn finish_filling(conn: &Connection) -> Result<()> {
    for sql in kept_locks(conn)?.into_values() {
        conn.execute_batch(&sql)?;
    }
    conn.execute_batch(
        "INSERT INTO entry_text (rowid, body) SELECT rowid, body FROM temp.text_for_later;
         DROP TABLE temp.text_for_later;
         DROP TABLE temp.locks_for_later;",
    )?;
    Ok(())
}

pub fn set_entry_state(
    conn: &Connection,
    entry_id: Id,
    state: EntryState,
    now: &str,
) -> Result<()> {
    let sealed_at = (state == EntryState::Sealed).then_some(now);
    conn.execute(
        "UPDATE entries SET state = ?2, sealed_at = coalesce(?3, sealed_at) WHERE id = ?1",
        params![entry_id, state, sealed_at],
    )?;
    Ok(())
}

/// Reveals every entry of a retro and stamps the retro, as one statement pair
/// inside the caller's transaction.
pub fn reveal_retro(conn: &Connection, retro_id: Id, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE entries SET state = 'revealed', revealed_at = ?2 WHERE retro_id = ?1",
        params![retro_id, now],
    )?;
    conn.execute(
        "UPDATE retros SET revealed_at = ?2 WHERE id = ?1",
        params![retro_id, now],
    )?;
    Ok(())
}

/// Filters over one person's entries.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter<'a> {
    /// An FTS5 query (already made safe by the caller); `None` lists everything.
    pub matching: Option<&'a str>,
    pub need_id: Option<Id>,
    pub partner_id: Option<Id>,
    pub state: Option<EntryState>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Start just after this entry.
    pub after: Option<&'a EntryCursor>,
    /// At most this many.
    pub limit: Option<usize>,
}

/// A search ranks at most this many of a person's matching entries, the
/// newest. bm25 scores every entry it ranks, one at a time, so a word found
/// in nearly every entry would otherwise make the first page wait on a score
/// for each of them (4,000 of them took 15 ms in the eight partners'
/// journal); more words or dates reach further back. A thousand entries are
/// twenty years of weekly 1:1s with one partner.
pub const RANKED_AT_MOST: usize = 1_000;

/// The conditions on one person's entries (`e`, in retro `r`) that a search
/// and a list share, besides the words; the parameters are `?1` and `?3` to
/// `?7` (`?2` is the words).
const MINE_FILTERED: &str = "e.person_id = ?1
           AND (?3 IS NULL OR e.top_need_id = ?3
                OR EXISTS (SELECT 1 FROM ratings x WHERE x.entry_id = e.id AND x.need_id = ?3))
           AND (?4 IS NULL OR r.held_on >= ?4)
           AND (?5 IS NULL OR r.held_on <= ?5)
           AND (?6 IS NULL OR EXISTS (SELECT 1 FROM participants pa
                                      WHERE pa.retro_id = r.id AND pa.person_id = ?6))
           AND (?7 IS NULL OR e.state = ?7)";

/// The entries one person wrote, with the facts that decide whether they may
/// read them back (visibility is the caller's decision), a page at a time: a
/// search ranked by bm25 among the newest [`RANKED_AT_MOST`] that match, the
/// list without one newest first. Each walks an index once, newest first,
/// and stops early: every page costs about the same.
pub fn person_entries(conn: &Connection, person_id: Id, f: &EntryFilter) -> Result<JournalPage> {
    let sql = match f.matching {
        // The index of words newest first (CROSS JOIN keeps the planner to
        // it), each match probed for the filters, until enough are ranked;
        // then the best of them from the cursor. Equally good matches come
        // newest first.
        Some(_) => format!(
            "WITH ranked AS MATERIALIZED (
                 SELECT r.id AS retro_id, r.title, r.held_on, r.kind, e.state, e.top_need_id,
                        e.unsaid, bm25(entry_text) AS score, e.id AS entry_id
                 FROM entry_text CROSS JOIN entries e ON e.id = entry_text.rowid
                 CROSS JOIN retros r ON r.id = e.retro_id
                 WHERE entry_text MATCH ?2 AND {MINE_FILTERED}
                 ORDER BY entry_text.rowid DESC
                 LIMIT {RANKED_AT_MOST})
             SELECT k.retro_id, k.title, k.held_on, k.kind, k.state, n.name, k.unsaid, k.score,
                    k.entry_id, (SELECT count(*) FROM ranked)
             FROM ranked k LEFT JOIN needs n ON n.id = k.top_need_id
             WHERE ?8 IS NULL OR k.score > ?8
                   OR (k.score = ?8 AND (k.held_on, k.retro_id) < (?9, ?10))
             ORDER BY k.score, k.held_on DESC, k.retro_id DESC
             LIMIT ?11"
        ),
        // The retros in date order, each probed for my entry: a page reads
        // only its own rows (CROSS JOIN keeps the planner to that order).
        None => format!(
            "SELECT r.id, r.title, r.held_on, r.kind, e.state, n.name, e.unsaid, NULL, e.id, NULL
             FROM retros r CROSS JOIN entries e ON e.retro_id = r.id
             LEFT JOIN needs n ON n.id = e.top_need_id
             WHERE ?2 IS NULL AND ?8 IS NULL AND {MINE_FILTERED}
               AND (?9 IS NULL OR (r.held_on, r.id) < (?9, ?10))
             ORDER BY r.held_on DESC, r.id DESC
             LIMIT ?11"
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let limit = f.limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let mut ranked = None;
    let rows = stmt.query_map(
        params![
            person_id,
            f.matching,
            f.need_id,
            f.from,
            f.to,
            f.partner_id,
            f.state,
            f.after.and_then(|c| c.score),
            f.after.map(|c| c.held_on),
            f.after.map(|c| c.retro_id),
            limit,
        ],
        |r| {
            let item = JournalItem {
                retro_id: r.get(0)?,
                title: r.get(1)?,
                held_on: r.get(2)?,
                kind: r.get(3)?,
                state: r.get(4)?,
                top_need: r.get(5)?,
                unsaid: r.get(6)?,
                snippet: None,
            };
            let cursor = EntryCursor {
                score: r.get(7)?,
                held_on: item.held_on,
                retro_id: item.retro_id,
            };
            Ok((
                item,
                cursor,
                r.get::<_, Id>(8)?,
                r.get::<_, Option<i64>>(9)?,
            ))
        },
    )?;
    let mut page = Vec::new();
    let mut entries = Vec::new();
    let mut next = None;
    for row in rows {
        let (item, cursor, entry, count) = row?;
        ranked = count;
        page.push(item);
        entries.push(entry);
        next = Some(cursor);
    }
    if f.limit != Some(page.len()) {
        next = None;
    }
    if let Some(matching) = f.matching {
        add_snippets(conn, matching, &entries, &mut page)?;
    }
    Ok(JournalPage {
        items: page,
        next,
        // As many ranked as may be: there may be more.
        ranked_newest: ranked
            .filter(|&n| n == RANKED_AT_MOST as i64)
            .map(|_| RANKED_AT_MOST as u32),
    })
}

/// The matching words of each found entry (`entries`, in the order of
/// `items`), made only for the page shown.
fn add_snippets(
    conn: &Connection,
    matching: &str,
    entries: &[Id],
    items: &mut [JournalItem],
) -> Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    // The index of words walks the span of these entries once (looking each
    // up by rowid would walk it from the start every time); the snippets are
    // made for these alone.
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, snippet(entry_text, 0, char(57344), char(57345), '…', 16)
         FROM entry_text
         WHERE entry_text MATCH ?1 AND rowid BETWEEN ?2 AND ?3 AND +rowid IN rarray(?4)",
    )?;
    let span = (entries.iter().min(), entries.iter().max());
    let mut rows = stmt.query(params![matching, span.0, span.1, ids(entries)])?;
    let mut found: HashMap<Id, String> = HashMap::new();
    while let Some(r) = rows.next()? {
        found.insert(r.get(0)?, r.get(1)?);
    }
    for (item, id) in items.iter_mut().zip(entries) {
        item.snippet = found.remove(id);
    }
    Ok(())
}

// ---- addenda -----------------------------------------------------------------

/// Adds a later note; `uid` keeps the id it has on a partner's laptop.
pub fn insert_addendum(
    conn: &Connection,
    entry_id: Id,
    body: &str,
    now: &str,
    uid: Option<&str>,
) -> Result<Id> {
    conn.prepare_cached(super::with_new_uuid!(
        "INSERT INTO addenda (entry_id, body, created_at, uid)
         VALUES (?1, ?2, ?3, coalesce(?4, new_uuid()))"
    ))?
    .execute(params![entry_id, body, now, uid])?;
    Ok(conn.last_insert_rowid())
}

/// The later notes of some entries, oldest first for each.
pub fn addenda_of(conn: &Connection, entry_ids: &[Id]) -> Result<HashMap<Id, Vec<Addendum>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entry_id, id, body, created_at FROM addenda
         WHERE entry_id IN rarray(?1) ORDER BY entry_id, id",
    )?;
    let mut out: HashMap<Id, Vec<Addendum>> = HashMap::new();
    let mut rows = stmt.query([ids(entry_ids)])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(Addendum {
            id: r.get(1)?,
            body: r.get(2)?,
            created_at: r.get(3)?,
        });
    }
    Ok(out)
}

/// Sets an imported entry's state after its content went in as a draft.
pub fn set_imported_state(
    conn: &Connection,
    entry_id: Id,
    state: EntryState,
    saved_at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE entries SET state = ?2,
             sealed_at = CASE WHEN ?2 = 'draft' THEN NULL ELSE ?3 END,
             revealed_at = CASE WHEN ?2 = 'revealed' THEN ?3 END
         WHERE id = ?1",
    )?
    .execute(params![entry_id, state, saved_at])?;
    Ok(())
}
