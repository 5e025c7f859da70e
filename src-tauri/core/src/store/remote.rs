//! What a 1:1 on two laptops keeps: which retros are remote, the envelopes
//! sent and received, and the ids a partner's journal knows people by.

use rusqlite::{params, Connection, OptionalExtension};

use super::records::*;
use super::Result;

pub fn mark_remote(conn: &Connection, retro_id: Id) -> Result<()> {
    conn.execute(
        "INSERT INTO remote_retros (retro_id) VALUES (?1)",
        [retro_id],
    )?;
    Ok(())
}

pub fn is_remote(conn: &Connection, retro_id: Id) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM remote_retros WHERE retro_id = ?1",
            [retro_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The stable id of a row of `table` (people, retros, entries, …).
pub fn uid_of(conn: &Connection, table: &str, id: Id) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            &format!("SELECT uid FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The row of `table` with this stable id.
pub fn id_of(conn: &Connection, table: &str, uid: &str) -> Result<Option<Id>> {
    Ok(conn
        .query_row(
            &format!("SELECT id FROM {table} WHERE uid = ?1"),
            [uid],
            |r| r.get(0),
        )
        .optional()?)
}

/// The id `by`'s journal knows `person` by, once learned.
pub fn known_as(conn: &Connection, by: Id, person: Id) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT uid FROM known_as WHERE by_id = ?1 AND person_id = ?2",
            [by, person],
            |r| r.get(0),
        )
        .optional()?)
}

/// The partner who told this journal they are `uid`.
pub fn known_person(conn: &Connection, uid: &str) -> Result<Option<Id>> {
    Ok(conn
        .query_row(
            "SELECT person_id FROM known_as WHERE by_id = person_id AND uid = ?1",
            [uid],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether some partner's journal knows `person` as `uid`.
pub fn known_as_anyone(conn: &Connection, person: Id, uid: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM known_as WHERE person_id = ?1 AND uid = ?2",
            params![person, uid],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The people taking part in a retro.
pub fn participants(conn: &Connection, retro_id: Id) -> Result<Vec<Id>> {
    let mut stmt = conn.prepare_cached("SELECT person_id FROM participants WHERE retro_id = ?1")?;
    let rows = stmt.query_map([retro_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn learn_known_as(conn: &Connection, by: Id, person: Id, uid: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO known_as (by_id, person_id, uid) VALUES (?1, ?2, ?3)",
        params![by, person, uid],
    )?;
    Ok(())
}

/// One participant's envelope for a remote retro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeRow {
    pub body: String,
    pub fingerprint: String,
    pub key: Option<[u8; 32]>,
    pub code_given_at: Option<String>,
}

pub fn envelope(conn: &Connection, retro_id: Id, person_id: Id) -> Result<Option<EnvelopeRow>> {
    Ok(conn
        .query_row(
            "SELECT body, fingerprint, key, code_given_at FROM envelopes
             WHERE retro_id = ?1 AND person_id = ?2",
            [retro_id, person_id],
            |r| {
                let key: Option<Vec<u8>> = r.get(2)?;
                Ok(EnvelopeRow {
                    body: r.get(0)?,
                    fingerprint: r.get(1)?,
                    key: key.and_then(|k| k.try_into().ok()),
                    code_given_at: r.get(3)?,
                })
            },
        )
        .optional()?)
}

pub fn insert_envelope(
    conn: &Connection,
    retro_id: Id,
    person_id: Id,
    row: &EnvelopeRow,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO envelopes (retro_id, person_id, body, fingerprint, key, code_given_at, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            retro_id,
            person_id,
            row.body,
            row.fingerprint,
            row.key.map(Vec::from),
            row.code_given_at,
            now
        ],
    )?;
    Ok(())
}

pub fn set_envelope_key(
    conn: &Connection,
    retro_id: Id,
    person_id: Id,
    key: &[u8; 32],
) -> Result<()> {
    conn.execute(
        "UPDATE envelopes SET key = ?3 WHERE retro_id = ?1 AND person_id = ?2 AND key IS NULL",
        params![retro_id, person_id, key.to_vec()],
    )?;
    Ok(())
}

pub fn set_code_given(conn: &Connection, retro_id: Id, person_id: Id, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE envelopes SET code_given_at = ?3
         WHERE retro_id = ?1 AND person_id = ?2 AND code_given_at IS NULL",
        params![retro_id, person_id, now],
    )?;
    Ok(())
}
