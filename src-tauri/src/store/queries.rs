//! Typed queries. They take any `&Connection` (a `Transaction` derefs to one),
//! so the journal layer decides where a transaction starts and ends.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::records::*;
use super::Result;

const PERSON_COLUMNS: &str =
    "p.id, p.name, p.is_me, r.id, r.name, r.builtin FROM people p JOIN roles r ON r.id = p.role_id";

fn person_from(row: &Row, at: usize) -> rusqlite::Result<Person> {
    Ok(Person {
        id: row.get(at)?,
        name: row.get(at + 1)?,
        is_me: row.get(at + 2)?,
        role: Role {
            id: row.get(at + 3)?,
            name: row.get(at + 4)?,
            builtin: row.get(at + 5)?,
        },
    })
}

fn role_from(row: &Row) -> rusqlite::Result<Role> {
    Ok(Role {
        id: row.get(0)?,
        name: row.get(1)?,
        builtin: row.get(2)?,
    })
}

// ---- roles ---------------------------------------------------------------

pub fn roles(conn: &Connection) -> Result<Vec<Role>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, builtin FROM roles ORDER BY builtin DESC, id")?;
    let rows = stmt.query_map([], role_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn role(conn: &Connection, id: Id) -> Result<Option<Role>> {
    Ok(conn
        .query_row(
            "SELECT id, name, builtin FROM roles WHERE id = ?1",
            [id],
            role_from,
        )
        .optional()?)
}

pub fn role_by_name(conn: &Connection, name: &str) -> Result<Option<Role>> {
    Ok(conn
        .query_row(
            "SELECT id, name, builtin FROM roles WHERE lower(name) = lower(?1)",
            [name],
            role_from,
        )
        .optional()?)
}

pub fn insert_role(conn: &Connection, name: &str) -> Result<Id> {
    conn.execute("INSERT INTO roles (name) VALUES (?1)", [name])?;
    Ok(conn.last_insert_rowid())
}

// ---- people --------------------------------------------------------------

pub fn person(conn: &Connection, id: Id) -> Result<Option<Person>> {
    let sql = format!("SELECT {PERSON_COLUMNS} WHERE p.id = ?1");
    Ok(conn
        .query_row(&sql, [id], |r| person_from(r, 0))
        .optional()?)
}

pub fn me(conn: &Connection) -> Result<Option<Person>> {
    let sql = format!("SELECT {PERSON_COLUMNS} WHERE p.is_me = 1");
    Ok(conn.query_row(&sql, [], |r| person_from(r, 0)).optional()?)
}

pub fn partners(conn: &Connection) -> Result<Vec<Person>> {
    let sql =
        format!("SELECT {PERSON_COLUMNS} WHERE p.is_me = 0 ORDER BY p.name COLLATE NOCASE, p.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], |r| person_from(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_person(
    conn: &Connection,
    name: &str,
    role_id: Id,
    is_me: bool,
    now: &str,
) -> Result<Id> {
    conn.execute(
        "INSERT INTO people (name, role_id, is_me, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, role_id, is_me, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_person(conn: &Connection, id: Id, name: &str, role_id: Id) -> Result<()> {
    conn.execute(
        "UPDATE people SET name = ?2, role_id = ?3 WHERE id = ?1",
        params![id, name, role_id],
    )?;
    Ok(())
}

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

// ---- retros --------------------------------------------------------------

pub fn insert_retro(
    conn: &Connection,
    title: &str,
    held_on: NaiveDate,
    kind: RetroKind,
    now: &str,
) -> Result<Id> {
    let kind = match kind {
        RetroKind::Solo => "solo",
        RetroKind::Paired => "paired",
    };
    conn.execute(
        "INSERT INTO retros (title, held_on, kind, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![title, held_on, kind, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_participant(conn: &Connection, retro_id: Id, person_id: Id) -> Result<()> {
    conn.execute(
        "INSERT INTO participants (retro_id, person_id) VALUES (?1, ?2)",
        [retro_id, person_id],
    )?;
    Ok(())
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

/// Retros newest first (by date held, then by creation), each with its
/// participants and the bare state of their entries. `only` narrows it to one.
pub fn retros(conn: &Connection, only: Option<Id>) -> Result<Vec<Retro>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, held_on, kind, revealed_at IS NOT NULL FROM retros
         WHERE ?1 IS NULL OR id = ?1 ORDER BY held_on DESC, id DESC",
    )?;
    let mut retros: Vec<Retro> = stmt
        .query_map([only], |r| {
            let kind: String = r.get(3)?;
            let revealed: bool = r.get(4)?;
            Ok(Retro {
                id: r.get(0)?,
                title: r.get(1)?,
                held_on: r.get(2)?,
                kind: if kind == "solo" {
                    RetroKind::Solo
                } else {
                    RetroKind::Paired
                },
                state: if revealed {
                    RetroState::Revealed
                } else {
                    RetroState::Open
                },
                participants: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let index: HashMap<Id, usize> = retros.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let sql = format!(
        "SELECT pa.retro_id, e.state, {PERSON_COLUMNS}
         JOIN participants pa ON pa.person_id = p.id
         LEFT JOIN entries e ON e.retro_id = pa.retro_id AND e.person_id = pa.person_id
         WHERE ?1 IS NULL OR pa.retro_id = ?1
         ORDER BY pa.retro_id, p.is_me DESC, p.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([only])?;
    while let Some(row) = rows.next()? {
        let retro_id: Id = row.get(0)?;
        let state: Option<String> = row.get(1)?;
        let Some(&i) = index.get(&retro_id) else {
            continue;
        };
        retros[i].participants.push(Participant {
            person: person_from(row, 2)?,
            entry_state: state.as_deref().map(entry_state_from),
        });
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

fn entry_state_from(s: &str) -> EntryState {
    match s {
        "sealed" => EntryState::Sealed,
        "revealed" => EntryState::Revealed,
        _ => EntryState::Draft,
    }
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

// ---- entries -------------------------------------------------------------

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
    conn.execute(
        "INSERT INTO entries (retro_id, person_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![retro_id, person_id, now],
    )?;
    Ok(conn.last_insert_rowid())
}
