//! Inserts that keep the ids of a journal file being imported, so the links
//! inside it (who took part, which need, which deal replaced which) hold.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::records::*;
use super::Result;

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

/// Empties the catalog and the people of a journal that holds no retros.
pub fn clear_catalog(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM tension_pairs; DELETE FROM people; DELETE FROM needs; DELETE FROM roles;",
    )?;
    Ok(())
}

pub fn insert_role_with_id(conn: &Connection, r: &Role) -> Result<()> {
    conn.execute(
        "INSERT INTO roles (id, name, builtin) VALUES (?1, ?2, ?3)",
        params![r.id, r.name, r.builtin],
    )?;
    Ok(())
}

pub fn insert_person_with_id(
    conn: &Connection,
    id: Id,
    name: &str,
    role_id: Id,
    is_me: bool,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO people (id, name, role_id, is_me, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, name, role_id, is_me, now],
    )?;
    Ok(())
}

pub fn insert_need_with_id(conn: &Connection, n: &Need, now: &str) -> Result<()> {
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
            n.archived.then_some(now)
        ],
    )?;
    Ok(())
}

pub fn insert_tension_pair_with_id(conn: &Connection, p: &TensionPair) -> Result<()> {
    conn.execute(
        "INSERT INTO tension_pairs (id, need_a, need_b, question, builtin) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![p.id, p.need_a, p.need_b, p.question, p.builtin],
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub fn insert_retro_with_id(
    conn: &Connection,
    id: Id,
    title: &str,
    held_on: NaiveDate,
    kind: RetroKind,
    revealed: bool,
    participants: &[Id],
    now: &str,
) -> Result<()> {
    let kind = match kind {
        RetroKind::Solo => "solo",
        RetroKind::Paired => "paired",
    };
    conn.execute(
        "INSERT INTO retros (id, title, held_on, kind, revealed_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![id, title, held_on, kind, revealed.then_some(now), now],
    )?;
    for person in participants {
        super::insert_participant(conn, id, *person)?;
    }
    Ok(())
}

/// Sets an imported entry's state after its content went in as a draft.
pub fn set_imported_state(
    conn: &Connection,
    entry_id: Id,
    state: EntryState,
    saved_at: &str,
) -> Result<()> {
    let state = match state {
        EntryState::Draft => "draft",
        EntryState::Sealed => "sealed",
        EntryState::Revealed => "revealed",
    };
    conn.execute(
        "UPDATE entries SET state = ?2,
             sealed_at = CASE WHEN ?2 = 'draft' THEN NULL ELSE ?3 END,
             revealed_at = CASE WHEN ?2 = 'revealed' THEN ?3 END
         WHERE id = ?1",
        params![entry_id, state, saved_at],
    )?;
    Ok(())
}
