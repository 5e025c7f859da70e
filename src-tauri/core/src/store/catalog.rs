//! The catalog: needs and tension pairs, and whether a journal holds
//! anything of its own yet.

use rusqlite::{params, Connection, OptionalExtension};

use super::records::*;
use super::Result;

// ---- needs ---------------------------------------------------------------

pub fn needs(conn: &Connection) -> Result<Vec<Need>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, role_id, name, explanation, frustration, builtin, archived_at IS NOT NULL
         FROM needs ORDER BY role_id, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Need {
            id: r.get(0)?,
            role_id: r.get(1)?,
            name: r.get(2)?,
            explanation: r.get(3)?,
            frustration: r.get(4)?,
            builtin: r.get(5)?,
            archived: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn need_exists(conn: &Connection, id: Id) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM needs WHERE id = ?1")?
        .exists([id])?)
}

pub fn need_by_name(conn: &Connection, name: &str) -> Result<Option<Id>> {
    Ok(conn
        .query_row(
            "SELECT id FROM needs WHERE lower(name) = lower(?1)",
            [name],
            |r| r.get(0),
        )
        .optional()?)
}

/// A need as it goes into the catalog.
pub struct NewNeed<'a> {
    /// The id a need has in an imported file; `None` for a new one.
    pub id: Option<Id>,
    pub role_id: Id,
    pub name: &'a str,
    pub explanation: &'a str,
    pub frustration: &'a str,
    pub builtin: bool,
    pub archived_at: Option<&'a str>,
}

pub fn insert_need(conn: &Connection, n: &NewNeed) -> Result<Id> {
    conn.execute(
        "INSERT INTO needs (id, role_id, name, explanation, frustration, builtin, archived_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            n.id,
            n.role_id,
            n.name,
            n.explanation,
            n.frustration,
            n.builtin,
            n.archived_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_need(
    conn: &Connection,
    id: Id,
    role_id: Id,
    name: &str,
    explanation: &str,
    frustration: &str,
) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE needs SET role_id = ?2, name = ?3, explanation = ?4, frustration = ?5 WHERE id = ?1",
        params![id, role_id, name, explanation, frustration],
    )?)
}

pub fn set_need_archived(conn: &Connection, id: Id, archived_at: Option<&str>) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE needs SET archived_at = ?2 WHERE id = ?1",
        params![id, archived_at],
    )?)
}

/// True when any entry rates, names or guesses this need.
pub fn need_in_use(conn: &Connection, id: Id) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM ratings WHERE need_id = ?1)
             OR EXISTS (SELECT 1 FROM guesses WHERE need_id = ?1)
             OR EXISTS (SELECT 1 FROM entries WHERE top_need_id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

pub fn delete_need(conn: &Connection, id: Id) -> Result<usize> {
    Ok(conn.execute("DELETE FROM needs WHERE id = ?1", [id])?)
}

// ---- tension pairs ---------------------------------------------------------

pub fn tension_pairs(conn: &Connection) -> Result<Vec<TensionPair>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, need_a, need_b, question, builtin FROM tension_pairs ORDER BY builtin DESC, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TensionPair {
            id: r.get(0)?,
            need_a: r.get(1)?,
            need_b: r.get(2)?,
            question: r.get(3)?,
            builtin: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn tension_pair_exists(conn: &Connection, a: Id, b: Id) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM tension_pairs
                        WHERE min(need_a, need_b) = min(?1, ?2) AND max(need_a, need_b) = max(?1, ?2))",
        [a, b],
        |r| r.get(0),
    )?)
}

/// Adds a tension pair; `id` keeps the id a pair has in an imported file.
pub fn insert_tension_pair(
    conn: &Connection,
    id: Option<Id>,
    (a, b): (Id, Id),
    question: &str,
    builtin: bool,
) -> Result<Id> {
    conn.execute(
        "INSERT INTO tension_pairs (id, need_a, need_b, question, builtin) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, a, b, question, builtin],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Deletes a custom pair; the built-in ones stay. Returns how many went.
pub fn delete_tension_pair(conn: &Connection, id: Id) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM tension_pairs WHERE id = ?1 AND builtin = 0",
        [id],
    )?)
}

// ---- the journal as a whole ------------------------------------------------

/// True for a journal with nothing of its own yet: no retros, no partners,
/// and only the built-in roles, needs and tension pairs.
pub fn is_empty_journal(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM retros)
            AND NOT EXISTS (SELECT 1 FROM people WHERE is_me = 0)
            AND NOT EXISTS (SELECT 1 FROM roles WHERE builtin = 0)
            AND NOT EXISTS (SELECT 1 FROM needs WHERE builtin = 0)
            AND NOT EXISTS (SELECT 1 FROM tension_pairs WHERE builtin = 0)",
        [],
        |r| r.get(0),
    )?)
}

/// Empties the catalog and the people of a journal that holds no retros,
/// so an imported file brings its own.
pub fn clear_catalog(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM tension_pairs; DELETE FROM people; DELETE FROM needs; DELETE FROM roles;",
    )?;
    Ok(())
}
