//! Retros and who takes part in them, listed newest first a page at a time.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::people::{person_from, PERSON_COLUMNS};
use super::records::*;
use super::Result;

/// A retro as it goes into the journal, with its participants (me first).
pub struct NewRetroRow<'a> {
    /// The id a retro has in an imported file; `None` for a new one.
    pub id: Option<Id>,
    pub title: &'a str,
    pub held_on: NaiveDate,
    pub kind: RetroKind,
    pub revealed_at: Option<&'a str>,
    pub participants: &'a [Id],
    /// The stable id a retro has on a partner's laptop; `None` for a new one.
    pub uid: Option<&'a str>,
}

pub fn insert_retro(conn: &Connection, r: &NewRetroRow, now: &str) -> Result<Id> {
    conn.prepare_cached(super::with_new_uuid!(
        "INSERT INTO retros (id, title, held_on, kind, revealed_at, created_at, updated_at, uid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, coalesce(?7, new_uuid()))"
    ))?
    .execute(params![
        r.id,
        r.title,
        r.held_on,
        r.kind,
        r.revealed_at,
        now,
        r.uid
    ])?;
    let id = conn.last_insert_rowid();
    let mut stmt =
        conn.prepare_cached("INSERT INTO participants (retro_id, person_id) VALUES (?1, ?2)")?;
    for person in r.participants {
        stmt.execute([id, *person])?;
    }
    Ok(id)
}

/// Returns how many retros were renamed (0 when the id is unknown).
pub fn rename_retro(conn: &Connection, id: Id, title: &str, now: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE retros SET title = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, title, now],
    )?)
}

/// Deletes a retro with its participants and entries. Returns how many retros went.
pub fn delete_retro(conn: &Connection, id: Id) -> Result<usize> {
    Ok(conn.execute("DELETE FROM retros WHERE id = ?1", [id])?)
}

pub fn is_participant(conn: &Connection, retro_id: Id, person_id: Id) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM participants WHERE retro_id = ?1 AND person_id = ?2",
            [retro_id, person_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Where a page of retros starts: just after this retro, in newest-first order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetroCursor {
    pub held_on: NaiveDate,
    #[ts(type = "number")]
    pub id: Id,
}

/// The latest revealed paired retro with `partner` held before `before`.
/// Reads that partner's retros, not the journal's: a partner last met
/// years ago costs no more than one met last week.
pub fn last_revealed_with(
    conn: &Connection,
    partner: Id,
    before: RetroCursor,
) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.id FROM participants pa CROSS JOIN retros r ON r.id = pa.retro_id
             WHERE pa.person_id = ?3 AND (r.held_on, r.id) < (?1, ?2)
               AND r.kind = 'paired' AND r.revealed_at IS NOT NULL
             ORDER BY r.held_on DESC, r.id DESC LIMIT 1",
        )?
        .query_row(params![before.held_on, before.id, partner], |r| r.get(0))
        .optional()?)
}

/// Which retros to read.
#[derive(Debug, Clone, Copy)]
pub enum RetroScope {
    /// Every retro.
    All,
    /// One retro.
    One(Id),
    /// Up to `limit` retros, from just after `after` (from the top without one).
    Page {
        after: Option<RetroCursor>,
        limit: usize,
    },
}

/// Retros newest first (by date held, then by creation), each with its
/// participants and the bare state of their entries.
pub fn retros(conn: &Connection, scope: RetroScope) -> Result<Vec<Retro>> {
    let mut retros = retro_rows(conn, scope)?;
    if !retros.is_empty() {
        add_participants(conn, scope, &mut retros)?;
    }
    for retro in &mut retros {
        let all_sealed = !retro.participants.is_empty()
            && retro
                .participants
                .iter()
                .all(|p| p.entry_state == Some(EntryState::Sealed));
        if retro.state == RetroState::Open && all_sealed {
            retro.state = RetroState::Sealed;
        }
    }
    Ok(retros)
}

/// The retros themselves. One statement for each shape, so each can use its
/// index: the primary key for one retro, `retros_newest` from the top or
/// from a cursor.
fn retro_rows(conn: &Connection, scope: RetroScope) -> Result<Vec<Retro>> {
    const COLUMNS: &str = "SELECT id, title, held_on, kind, revealed_at IS NOT NULL,
         EXISTS (SELECT 1 FROM remote_retros WHERE retro_id = retros.id) FROM retros";
    let (sql, values) = match scope {
        RetroScope::All => (
            format!(
                "{COLUMNS} WHERE ?1 IS NULL AND ?2 IS NULL ORDER BY held_on DESC, id DESC LIMIT ?3"
            ),
            (None, None, -1),
        ),
        RetroScope::One(id) => (
            format!("{COLUMNS} WHERE id = ?2 AND ?1 IS NULL LIMIT ?3"),
            (None, Some(id), 1),
        ),
        RetroScope::Page { after: None, limit } => (
            format!(
                "{COLUMNS} WHERE ?1 IS NULL AND ?2 IS NULL ORDER BY held_on DESC, id DESC LIMIT ?3"
            ),
            (None, None, i64::try_from(limit).unwrap_or(i64::MAX)),
        ),
        RetroScope::Page {
            after: Some(c),
            limit,
        } => (
            format!(
                "{COLUMNS} WHERE (held_on, id) < (?1, ?2) ORDER BY held_on DESC, id DESC LIMIT ?3"
            ),
            (
                Some(c.held_on),
                Some(c.id),
                i64::try_from(limit).unwrap_or(i64::MAX),
            ),
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![values.0, values.1, values.2], |r| {
        let revealed: bool = r.get(4)?;
        Ok(Retro {
            id: r.get(0)?,
            title: r.get(1)?,
            held_on: r.get(2)?,
            kind: r.get(3)?,
            state: if revealed {
                RetroState::Revealed
            } else {
                RetroState::Open
            },
            remote: r.get(5)?,
            participants: Vec::new(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds each retro's participants, me first, with the state of their entry.
fn add_participants(conn: &Connection, scope: RetroScope, retros: &mut [Retro]) -> Result<()> {
    let index: HashMap<Id, usize> = retros.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    // Everything and one retro keep one cached statement each; a page names
    // its retros (integers from the query above).
    let which = match scope {
        RetroScope::All => "?1 IS NULL".to_owned(),
        RetroScope::One(_) => "pa.retro_id = ?1".to_owned(),
        RetroScope::Page { .. } => {
            let ids: Vec<String> = retros.iter().map(|r| r.id.to_string()).collect();
            format!("?1 IS NULL AND pa.retro_id IN ({})", ids.join(","))
        }
    };
    let sql = format!(
        "SELECT pa.retro_id, e.state, {PERSON_COLUMNS}
         JOIN participants pa ON pa.person_id = p.id
         LEFT JOIN entries e ON e.retro_id = pa.retro_id AND e.person_id = pa.person_id
         WHERE {which}
         ORDER BY pa.retro_id, p.is_me DESC, p.id"
    );
    let only = match scope {
        RetroScope::One(id) => Some(id),
        _ => None,
    };
    let (mut fresh, mut cached);
    let stmt: &mut rusqlite::Statement = if matches!(scope, RetroScope::Page { .. }) {
        fresh = conn.prepare(&sql)?;
        &mut fresh
    } else {
        cached = conn.prepare_cached(&sql)?;
        &mut cached
    };
    let mut rows = stmt.query([only])?;
    while let Some(row) = rows.next()? {
        let retro_id: Id = row.get(0)?;
        if let Some(&i) = index.get(&retro_id) {
            retros[i].participants.push(Participant {
                person: person_from(row, 2)?,
                entry_state: row.get(1)?,
            });
        }
    }
    Ok(())
}
