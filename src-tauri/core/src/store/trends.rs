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

/// Which entries: written by `people`, in retros held between `from` and
/// `to`, and, with `partner`, only paired retros with that partner.
#[derive(Debug, Clone, Copy)]
pub struct TrendScope<'a> {
    pub people: &'a [Id],
    pub partner: Option<Id>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The filter all three queries share, over `entries e JOIN retros r`.
const IN_SCOPE: &str = "r.held_on BETWEEN ?1 AND ?2
     AND e.person_id IN (SELECT value FROM json_each(?3))
     AND (?4 IS NULL OR (r.kind = 'paired' AND EXISTS
          (SELECT 1 FROM participants pa WHERE pa.retro_id = r.id AND pa.person_id = ?4)))";

/// The entries in scope, oldest retro first. Who may read which is the
/// caller's decision (the journal's `readable` rule).
pub fn trend_entries(conn: &Connection, scope: TrendScope) -> Result<Vec<TrendEntry>> {
    let people = format!(
        "[{}]",
        scope
            .people
            .iter()
            .map(Id::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    let args = params![scope.from, scope.to, people, scope.partner];
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.id, r.id, r.held_on, r.title, r.kind, r.revealed_at IS NOT NULL, e.state,
                e.person_id, e.top_need_id, e.cycle_stage
         FROM entries e JOIN retros r ON r.id = e.retro_id
         WHERE {IN_SCOPE}
         ORDER BY r.held_on, r.id, e.person_id"
    ))?;
    let mut entries: Vec<TrendEntry> = stmt
        .query_map(args, |r| {
            Ok(TrendEntry {
                entry_id: r.get(0)?,
                retro_id: r.get(1)?,
                held_on: r.get(2)?,
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
        })?
        .collect::<rusqlite::Result<_>>()?;
    if entries.is_empty() {
        return Ok(entries);
    }
    let index: HashMap<Id, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.entry_id, i))
        .collect();

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT ra.entry_id, ra.need_id, ra.rating
         FROM ratings ra JOIN entries e ON e.id = ra.entry_id JOIN retros r ON r.id = e.retro_id
         WHERE ra.rating IS NOT NULL AND {IN_SCOPE}"
    ))?;
    let mut rows = stmt.query(args)?;
    while let Some(row) = rows.next()? {
        if let Some(&i) = index.get(&row.get(0)?) {
            entries[i].ratings.push((row.get(1)?, row.get(2)?));
        }
    }

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.entry_id, p.tag
         FROM proxies p JOIN entries e ON e.id = p.entry_id JOIN retros r ON r.id = e.retro_id
         WHERE {IN_SCOPE} ORDER BY p.rowid"
    ))?;
    let mut rows = stmt.query(args)?;
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
