//! What the journal's memory reads: for each entry in a range, the facts
//! that decide who may read it and the few things trends show (ratings, the
//! need most wanted heard, the cycle stage, proxy tags). Three set-based
//! queries, whatever the size of the journal; no entry is read whole.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::records::*;
use super::Result;

/// One entry, as trends read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendEntry {
    pub entry_id: Id,
    pub retro_id: Id,
    pub held_on: NaiveDate,
    pub title: String,
    pub kind: RetroKind,
    /// The retro has been revealed.
    pub revealed: bool,
    pub state: EntryState,
    pub person_id: Id,
    pub top_need_id: Option<Id>,
    pub cycle_stage: Option<CycleStage>,
    /// Rated needs only (an unrated need is a gap, never a value), by need.
    pub ratings: Vec<(Id, i64)>,
    /// In the order they were picked.
    pub proxies: Vec<String>,
}

/// Days from 1 January of year 1 to 1 January 1970.
const UNIX_EPOCH_FROM_CE: i64 = 719_163;

/// Which entries: written by me, and with `partner` also by that partner
/// and only in paired retros with them, in retros held between `from` and
/// `to`.
#[derive(Debug, Clone, Copy)]
pub struct TrendScope {
    pub me: Id,
    pub partner: Option<Id>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The entries in scope, oldest retro first. Who may read which is the
/// caller's decision (the journal's `readable` rule).
///
/// The retros are walked in date order along their index (no sort), each
/// with its entries by the (retro, person) index; then ratings and proxy
/// tags are read in one pass over their tables, keeping those of the
/// entries in scope. Three passes in all, whatever the size of the journal.
pub fn trend_entries(conn: &Connection, scope: TrendScope) -> Result<Vec<TrendEntry>> {
    // The day comes as a count of days since 1970, so a hundred thousand
    // rows need no date parsing.
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, r.id, unixepoch(r.held_on) / 86400, r.title, r.kind,
                r.revealed_at IS NOT NULL, e.state, e.person_id, e.top_need_id, e.cycle_stage
         FROM retros r CROSS JOIN entries e ON e.retro_id = r.id
         WHERE r.held_on BETWEEN ?1 AND ?2
           AND (e.person_id = ?3 OR e.person_id = ?4)
           AND (?4 IS NULL OR (r.kind = 'paired' AND EXISTS
                (SELECT 1 FROM participants pa WHERE pa.retro_id = r.id AND pa.person_id = ?4)))
         ORDER BY r.held_on, r.id, e.person_id",
    )?;
    let mut entries: Vec<TrendEntry> = stmt
        .query_map(
            params![scope.from, scope.to, scope.me, scope.partner],
            |r| {
                let days: i64 = r.get(2)?;
                let held_on = i32::try_from(days + UNIX_EPOCH_FROM_CE)
                    .ok()
                    .and_then(NaiveDate::from_num_days_from_ce_opt)
                    .ok_or_else(|| rusqlite::Error::IntegralValueOutOfRange(2, days))?;
                Ok(TrendEntry {
                    entry_id: r.get(0)?,
                    retro_id: r.get(1)?,
                    held_on,
                    title: r.get(3)?,
                    kind: r.get(4)?,
                    revealed: r.get(5)?,
                    state: r.get(6)?,
                    person_id: r.get(7)?,
                    top_need_id: r.get(8)?,
                    cycle_stage: r.get(9)?,
                    ratings: Vec::new(),
                    proxies: Vec::new(),
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    if entries.is_empty() {
        return Ok(entries);
    }
    let index: HashMap<Id, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.entry_id, i))
        .collect();
    // Ratings come in their table's key order, by entry: merged with the
    // entries in scope, sorted the same way, with no lookup per rating.
    let mut by_id: Vec<(Id, usize)> = index.iter().map(|(id, i)| (*id, *i)).collect();
    by_id.sort_unstable();
    let mut next = by_id.iter().peekable();
    let mut stmt = conn.prepare_cached(
        "SELECT entry_id, need_id, rating FROM ratings WHERE rating IS NOT NULL ORDER BY entry_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let entry: Id = row.get(0)?;
        while next.next_if(|(id, _)| *id < entry).is_some() {}
        match next.peek() {
            Some(&&(id, i)) if id == entry => entries[i].ratings.push((row.get(1)?, row.get(2)?)),
            Some(_) => {}
            None => break,
        }
    }
    let mut stmt = conn.prepare_cached("SELECT entry_id, tag FROM proxies ORDER BY rowid")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if let Some(&i) = index.get(&row.get(0)?) {
            entries[i].proxies.push(row.get(1)?);
        }
    }
    Ok(entries)
}

/// The patterns set aside, with the latest retro each had then.
pub fn set_aside(conn: &Connection) -> Result<HashMap<String, Id>> {
    let mut stmt = conn.prepare_cached("SELECT pattern, last_retro_id FROM set_aside")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn put_aside(conn: &Connection, pattern: &str, last_retro_id: Id, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO set_aside (pattern, last_retro_id, at) VALUES (?1, ?2, ?3)
         ON CONFLICT (pattern) DO UPDATE SET last_retro_id = ?2, at = ?3",
        params![pattern, last_retro_id, now],
    )?;
    Ok(())
}
