//! People and roles, and who holds the keyboard.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::records::*;
use super::Result;

pub(crate) const PERSON_COLUMNS: &str = "p.id, p.name, p.is_me, r.id, r.name, r.builtin, \
     p.pin_hash IS NOT NULL FROM people p JOIN roles r ON r.id = p.role_id";

pub(crate) fn person_from(row: &Row, at: usize) -> rusqlite::Result<Person> {
    Ok(Person {
        id: row.get(at)?,
        name: row.get(at + 1)?,
        is_me: row.get(at + 2)?,
        has_pin: row.get(at + 6)?,
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

/// Adds a role; `id` keeps the id a role has in an imported file.
pub fn insert_role(conn: &Connection, id: Option<Id>, name: &str, builtin: bool) -> Result<Id> {
    conn.execute(
        "INSERT INTO roles (id, name, builtin) VALUES (?1, ?2, ?3)",
        params![id, name, builtin],
    )?;
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
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt.query_row([], |r| person_from(r, 0)).optional()?)
}

pub fn partners(conn: &Connection) -> Result<Vec<Person>> {
    let sql =
        format!("SELECT {PERSON_COLUMNS} WHERE p.is_me = 0 ORDER BY p.name COLLATE NOCASE, p.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], |r| person_from(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a person; `id` keeps the id a person has in an imported file.
pub fn insert_person(
    conn: &Connection,
    id: Option<Id>,
    name: &str,
    role_id: Id,
    is_me: bool,
    now: &str,
) -> Result<Id> {
    conn.execute(
        "INSERT INTO people (id, name, role_id, is_me, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, name, role_id, is_me, now],
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

pub fn pin_hash(conn: &Connection, person_id: Id) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT pin_hash FROM people WHERE id = ?1",
            [person_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// Sets or removes a PIN, and forgets any wrong tries.
pub fn set_pin_hash(conn: &Connection, person_id: Id, hash: Option<&str>) -> Result<()> {
    conn.execute(
        "UPDATE people SET pin_hash = ?2, pin_failures = 0, pin_wait_until = NULL WHERE id = ?1",
        params![person_id, hash],
    )?;
    Ok(())
}

/// Wrong PIN tries in a row, and until when the next try must wait.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinTries {
    pub failures: u32,
    /// RFC 3339.
    pub wait_until: Option<String>,
}

pub fn pin_tries(conn: &Connection, person_id: Id) -> Result<PinTries> {
    Ok(conn
        .query_row(
            "SELECT pin_failures, pin_wait_until FROM people WHERE id = ?1",
            [person_id],
            |r| {
                Ok(PinTries {
                    failures: r.get(0)?,
                    wait_until: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub fn set_pin_tries(conn: &Connection, person_id: Id, tries: &PinTries) -> Result<()> {
    conn.execute(
        "UPDATE people SET pin_failures = ?2, pin_wait_until = ?3 WHERE id = ?1",
        params![person_id, tries.failures, tries.wait_until],
    )?;
    Ok(())
}

// ---- the keyboard --------------------------------------------------------

/// The stored turn: the retro being written in turns, and who holds the
/// keyboard (`None` while it is being handed over). `None` when the owner has it.
pub fn turn(conn: &Connection) -> Result<Option<(Id, Option<Id>)>> {
    Ok(conn
        .query_row(
            "SELECT retro_id, person_id FROM turn WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Records who holds the keyboard; `None` gives it back to the owner.
pub fn set_turn(conn: &Connection, turn: Option<(Id, Option<Id>)>) -> Result<()> {
    match turn {
        Some((retro_id, person_id)) => conn.execute(
            "INSERT INTO turn (id, retro_id, person_id) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET retro_id = ?1, person_id = ?2",
            params![retro_id, person_id],
        )?,
        None => conn.execute("DELETE FROM turn", [])?,
    };
    Ok(())
}

pub fn rename_role(conn: &Connection, id: Id, name: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE roles SET name = ?2 WHERE id = ?1",
        params![id, name],
    )?)
}
