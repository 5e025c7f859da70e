//! What the journal's memory reads: for each entry in a range, the facts
//! that decide who may read it and the few things trends show (ratings, the
//! need most wanted heard, the cycle stage, proxy tags), read from one index
//! in one statement; no entry is read whole.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::entries::{parse_rated, ARGUED_SEPARATOR};
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
    /// The proxy tags in the order they were picked, as the journal keeps
    /// them (one per line); read them with [`TrendEntry::proxies`].
    pub argued: String,
}

impl TrendEntry {
    /// The proxy tags, in the order they were picked.
    pub fn proxies(&self) -> impl Iterator<Item = &str> {
        self.argued
            .split(ARGUED_SEPARATOR)
            .filter(|tag| !tag.is_empty())
    }
}

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

/// A day as the schema stores it, `YYYY-MM-DD` (a CHECK holds it to that),
/// read without the general date parser: trends read one for every entry.
fn stored_day(row: &rusqlite::Row, at: usize) -> rusqlite::Result<NaiveDate> {
    let text = row.get_ref(at)?.as_str()?;
    let part = |span: std::ops::Range<usize>| text.get(span)?.parse::<u32>().ok();
    let shaped = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    shaped
        .then(|| {
            NaiveDate::from_ymd_opt(i32::try_from(part(0..4)?).ok()?, part(5..7)?, part(8..10)?)
        })
        .flatten()
        .ok_or_else(|| unreadable(at, text))
}

fn unreadable(at: usize, text: &str) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(at, text.into(), rusqlite::types::Type::Text)
}

/// The entries in scope, oldest retro first. Who may read which is the
/// caller's decision (the journal's `readable` rule).
///
/// Each entry's facts, ratings and proxy tags come from one covering
/// index (`entries_trend`, with the `rated` and `argued` columns), never
/// from the row with its text or a row per rating or tag, joined to its
/// retro by id; they are sorted by date here, which is quicker than walking
/// the date index row by row. One statement, whatever the journal's size:
/// for me alone, every entry of mine; for the pair, the partner's retros
/// first (a manager's own entries span every partner), then the two
/// entries of each.
pub fn trend_entries(conn: &Connection, scope: TrendScope) -> Result<Vec<TrendEntry>> {
    const FACTS: &str = "SELECT e.id, r.id, r.held_on, r.title, r.kind,
                r.revealed_at IS NOT NULL, e.state, e.person_id, e.top_need_id, e.cycle_stage,
                e.rated, e.argued";
    let mut stmt = match scope.partner {
        None => conn.prepare_cached(&format!(
            "{FACTS}
             FROM entries e INDEXED BY entries_trend CROSS JOIN retros r ON r.id = e.retro_id
             WHERE r.held_on BETWEEN ?1 AND ?2 AND e.person_id = ?3 AND ?4 IS NULL -- no partner"
        ))?,
        Some(_) => conn.prepare_cached(&format!(
            "{FACTS}
             FROM participants pa CROSS JOIN retros r ON r.id = pa.retro_id
             CROSS JOIN entries e INDEXED BY entries_trend ON e.retro_id = r.id
             WHERE pa.person_id = ?4 AND r.kind = 'paired' AND r.held_on BETWEEN ?1 AND ?2
               AND e.person_id IN (?3, ?4)"
        ))?,
    };
    let mut entries: Vec<TrendEntry> = stmt
        .query_map(
            params![scope.from, scope.to, scope.me, scope.partner],
            |r| {
                let rated = r.get_ref(10)?.as_str()?;
                Ok(TrendEntry {
                    entry_id: r.get(0)?,
                    retro_id: r.get(1)?,
                    held_on: stored_day(r, 2)?,
                    title: r.get(3)?,
                    kind: r.get(4)?,
                    revealed: r.get(5)?,
                    state: r.get(6)?,
                    person_id: r.get(7)?,
                    top_need_id: r.get(8)?,
                    cycle_stage: r.get(9)?,
                    ratings: parse_rated(rated).ok_or_else(|| unreadable(10, rated))?,
                    argued: r.get(11)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    if entries.is_empty() {
        return Ok(entries);
    }
    entries.sort_unstable_by_key(|e| (e.held_on, e.retro_id, e.person_id));
    Ok(entries)
}

/// A deal, as trends read it: what it serves, and how it stands now since
/// when. Its commitments, owner and earlier statuses are not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendDeal {
    pub id: Id,
    pub title: String,
    /// The retro it was made in.
    pub retro_id: Id,
    pub retro_title: String,
    pub held_on: NaiveDate,
    /// The needs it serves, in id order.
    pub need_ids: Vec<Id>,
    /// Its newest status, and when it was given (as the journal keeps it).
    pub status: AgreementStatus,
    pub status_at: String,
}

/// The deals made in retros held between `scope.from` and `scope.to` (with
/// `scope.partner`, only in retros with that partner), in the order of their
/// retros' days: one statement, the deals leading.
pub fn trend_deals(conn: &Connection, scope: TrendScope) -> Result<Vec<TrendDeal>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, a.title, a.retro_id, rt.title, rt.held_on, s.status, s.at,
                (SELECT group_concat(n.need_id) FROM agreement_needs n WHERE n.agreement_id = a.id)
         FROM agreements a CROSS JOIN retros rt ON rt.id = a.retro_id
         CROSS JOIN agreement_status s ON s.id =
             (SELECT max(h.id) FROM agreement_status h WHERE h.agreement_id = a.id)
         WHERE +rt.held_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR a.retro_id IN {})
         ORDER BY rt.held_on, a.id",
        super::deals::partners_retros(3)
    ))?;
    let rows = stmt.query_map(params![scope.from, scope.to, scope.partner], |r| {
        let needs: Option<String> = r.get(7)?;
        let mut need_ids = needs
            .iter()
            .flat_map(|list| list.split(','))
            .map(|id| id.parse().map_err(|_| unreadable(7, id)))
            .collect::<rusqlite::Result<Vec<Id>>>()?;
        need_ids.sort_unstable();
        Ok(TrendDeal {
            id: r.get(0)?,
            title: r.get(1)?,
            retro_id: r.get(2)?,
            retro_title: r.get(3)?,
            held_on: stored_day(r, 4)?,
            status: r.get(5)?,
            status_at: r.get(6)?,
            need_ids,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The patterns set aside, with the latest retro each had then.
pub fn set_aside(conn: &Connection) -> Result<HashMap<String, Id>> {
    let mut stmt = conn.prepare_cached("SELECT pattern, last_retro_id FROM set_aside")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Takes a card back from aside; nothing happens for one that is not.
pub fn take_back(conn: &Connection, pattern: &str) -> Result<()> {
    conn.execute("DELETE FROM set_aside WHERE pattern = ?1", [pattern])?;
    Ok(())
}

pub fn put_aside(conn: &Connection, pattern: &str, last_retro_id: Id, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO set_aside (pattern, last_retro_id, at) VALUES (?1, ?2, ?3)
         ON CONFLICT (pattern) DO UPDATE SET last_retro_id = ?2, at = ?3",
        params![pattern, last_retro_id, now],
    )?;
    Ok(())
}
