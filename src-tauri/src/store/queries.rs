//! Typed queries. They take any `&Connection` (a `Transaction` derefs to one),
//! so the journal layer decides where a transaction starts and ends.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::records::*;
use super::Result;

pub(super) const PERSON_COLUMNS: &str = "p.id, p.name, p.is_me, r.id, r.name, r.builtin, \
     p.pin_hash IS NOT NULL FROM people p JOIN roles r ON r.id = p.role_id";

pub(super) fn person_from(row: &Row, at: usize) -> rusqlite::Result<Person> {
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

pub fn set_pin_hash(conn: &Connection, person_id: Id, hash: Option<&str>) -> Result<()> {
    conn.execute(
        "UPDATE people SET pin_hash = ?2 WHERE id = ?1",
        params![person_id, hash],
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

/// Where a page of retros starts: just after this retro, in newest-first order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetroCursor {
    pub held_on: NaiveDate,
    #[ts(type = "number")]
    pub id: Id,
}

/// Retros newest first (by date held, then by creation), each with its
/// participants and the bare state of their entries. `only` narrows it to one.
pub fn retros(conn: &Connection, only: Option<Id>) -> Result<Vec<Retro>> {
    retros_page(conn, only, None, None)
}

/// Like [`retros`], from just after `after` and at most `limit` of them.
pub fn retros_page(
    conn: &Connection,
    only: Option<Id>,
    after: Option<RetroCursor>,
    limit: Option<usize>,
) -> Result<Vec<Retro>> {
    // One statement for each shape, so each can use its index: the primary
    // key for one retro, `retros_newest` from the top or from a cursor.
    const COLUMNS: &str = "SELECT id, title, held_on, kind, revealed_at IS NOT NULL FROM retros";
    let sql = match (only, after) {
        (Some(_), _) => format!("{COLUMNS} WHERE id = ?1 AND ?2 IS NULL AND ?3 IS NULL LIMIT ?4"),
        (None, None) => format!(
            "{COLUMNS} WHERE ?1 IS NULL AND ?2 IS NULL AND ?3 IS NULL
             ORDER BY held_on DESC, id DESC LIMIT ?4"
        ),
        (None, Some(_)) => format!(
            "{COLUMNS} WHERE ?1 IS NULL AND (held_on, id) < (?2, ?3)
             ORDER BY held_on DESC, id DESC LIMIT ?4"
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
    let mut retros: Vec<Retro> = stmt
        .query_map(
            params![only, after.map(|c| c.held_on), after.map(|c| c.id), limit],
            |r| {
                let kind: String = r.get(3)?;
                let revealed: bool = r.get(4)?;
                Ok(Retro {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    held_on: r.get(2)?,
                    kind: kind_from(&kind),
                    state: if revealed {
                        RetroState::Revealed
                    } else {
                        RetroState::Open
                    },
                    participants: Vec::new(),
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    if retros.is_empty() {
        return Ok(retros);
    }

    let index: HashMap<Id, usize> = retros.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    // Everything, one retro, or the retros on this page (ids are integers
    // from the query above). The first two keep one cached statement each.
    let which = if only.is_some() {
        "pa.retro_id = ?1".to_owned()
    } else if after.is_none() && limit < 0 {
        "?1 IS NULL".to_owned()
    } else {
        let ids: Vec<String> = retros.iter().map(|r| r.id.to_string()).collect();
        format!("?1 IS NULL AND pa.retro_id IN ({})", ids.join(","))
    };
    let sql = format!(
        "SELECT pa.retro_id, e.state, {PERSON_COLUMNS}
         JOIN participants pa ON pa.person_id = p.id
         LEFT JOIN entries e ON e.retro_id = pa.retro_id AND e.person_id = pa.person_id
         WHERE {which}
         ORDER BY pa.retro_id, p.is_me DESC, p.id"
    );
    let (mut fresh, mut cached);
    let stmt: &mut rusqlite::Statement = if which.contains(" IN (") {
        fresh = conn.prepare(&sql)?;
        &mut fresh
    } else {
        cached = conn.prepare_cached(&sql)?;
        &mut cached
    };
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

// ---- catalog: needs and roles --------------------------------------------

pub fn rename_role(conn: &Connection, id: Id, name: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE roles SET name = ?2 WHERE id = ?1",
        params![id, name],
    )?)
}

pub fn need_exists(conn: &Connection, id: Id) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM needs WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
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

pub fn insert_need(
    conn: &Connection,
    role_id: Id,
    name: &str,
    explanation: &str,
    frustration: &str,
) -> Result<Id> {
    conn.execute(
        "INSERT INTO needs (role_id, name, explanation, frustration) VALUES (?1, ?2, ?3, ?4)",
        params![role_id, name, explanation, frustration],
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

// ---- entry content ---------------------------------------------------------

/// The bare facts of an entry that decide who may read it.
#[derive(Debug, Clone, Copy)]
pub struct EntryRow {
    pub id: Id,
    pub state: EntryState,
    pub kind: RetroKind,
}

pub fn entry_row(conn: &Connection, retro_id: Id, person_id: Id) -> Result<Option<EntryRow>> {
    Ok(conn
        .query_row(
            "SELECT e.id, e.state, r.kind FROM entries e JOIN retros r ON r.id = e.retro_id
             WHERE e.retro_id = ?1 AND e.person_id = ?2",
            [retro_id, person_id],
            |r| {
                let state: String = r.get(1)?;
                let kind: String = r.get(2)?;
                Ok(EntryRow {
                    id: r.get(0)?,
                    state: entry_state_from(&state),
                    kind: kind_from(&kind),
                })
            },
        )
        .optional()?)
}

fn kind_from(s: &str) -> RetroKind {
    if s == "solo" {
        RetroKind::Solo
    } else {
        RetroKind::Paired
    }
}

fn cycle_stage_to_sql(stage: Option<CycleStage>) -> Option<&'static str> {
    stage.map(|s| match s {
        CycleStage::Trigger => "trigger",
        CycleStage::Frustration => "frustration",
        CycleStage::ProxyArguments => "proxyArguments",
        CycleStage::Withdrawal => "withdrawal",
        CycleStage::NotInIt => "notInIt",
    })
}

fn cycle_stage_from(s: &str) -> Option<CycleStage> {
    Some(match s {
        "trigger" => CycleStage::Trigger,
        "frustration" => CycleStage::Frustration,
        "proxyArguments" => CycleStage::ProxyArguments,
        "withdrawal" => CycleStage::Withdrawal,
        "notInIt" => CycleStage::NotInIt,
        _ => return None,
    })
}

/// Reads what an entry says, and when it was last saved. The caller has
/// already decided that the person at the keyboard may read it.
pub fn entry_content(conn: &Connection, entry_id: Id) -> Result<(EntryContent, String)> {
    let (mut content, saved_at) = conn.query_row(
        "SELECT top_need_id, unsaid, position, concern, cycle_stage, offer, ask, private_notes, updated_at
         FROM entries WHERE id = ?1",
        [entry_id],
        |r| {
            let stage: Option<String> = r.get(4)?;
            Ok((
                EntryContent {
                    top_need_id: r.get(0)?,
                    unsaid: r.get(1)?,
                    position: r.get(2)?,
                    concern: r.get(3)?,
                    cycle_stage: stage.as_deref().and_then(cycle_stage_from),
                    offer: r.get(5)?,
                    ask: r.get(6)?,
                    private_notes: r.get(7)?,
                    ..EntryContent::default()
                },
                r.get::<_, String>(8)?,
            ))
        },
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT need_id, rating, note FROM ratings WHERE entry_id = ?1 ORDER BY need_id",
    )?;
    content.ratings = stmt
        .query_map([entry_id], |r| {
            Ok(NeedRating {
                need_id: r.get(0)?,
                rating: r.get(1)?,
                note: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt =
        conn.prepare_cached("SELECT tag FROM proxies WHERE entry_id = ?1 ORDER BY rowid")?;
    content.proxies = stmt
        .query_map([entry_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt =
        conn.prepare_cached("SELECT need_id FROM guesses WHERE entry_id = ?1 ORDER BY rank")?;
    content.guesses = stmt
        .query_map([entry_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((content, saved_at))
}

/// Replaces everything an entry says, and its search text. The schema's
/// triggers refuse this for anything but a draft.
pub fn write_entry_content(
    conn: &Connection,
    entry_id: Id,
    c: &EntryContent,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE entries SET top_need_id = ?2, unsaid = ?3, position = ?4, concern = ?5,
             cycle_stage = ?6, offer = ?7, ask = ?8, private_notes = ?9, updated_at = ?10
         WHERE id = ?1",
        params![
            entry_id,
            c.top_need_id,
            c.unsaid,
            c.position,
            c.concern,
            cycle_stage_to_sql(c.cycle_stage),
            c.offer,
            c.ask,
            c.private_notes,
            now
        ],
    )?;
    for table in ["ratings", "proxies", "guesses"] {
        conn.execute(
            &format!("DELETE FROM {table} WHERE entry_id = ?1"),
            [entry_id],
        )?;
    }
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
    let body = [
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
    .join(" · ");
    conn.execute("DELETE FROM entry_text WHERE rowid = ?1", [entry_id])?;
    conn.execute(
        "INSERT INTO entry_text (rowid, body) VALUES (?1, ?2)",
        params![entry_id, body],
    )?;
    Ok(())
}

pub fn set_entry_state(
    conn: &Connection,
    entry_id: Id,
    state: EntryState,
    now: &str,
) -> Result<()> {
    let (state, sealed_at) = match state {
        EntryState::Draft => ("draft", None),
        EntryState::Sealed => ("sealed", Some(now)),
        EntryState::Revealed => ("revealed", None),
    };
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
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The entries one person wrote, newest first, with the facts that decide
/// whether they may read them back. Visibility is the caller's decision.
pub fn person_entries(
    conn: &Connection,
    person_id: Id,
    f: &EntryFilter,
) -> Result<Vec<JournalItem>> {
    // With search text, start from the full-text index: one MATCH finds the
    // entries and makes their snippets. Without, start from the entries.
    let (source, matching, snippet) = match f.matching {
        Some(_) => (
            "entry_text JOIN entries e ON e.id = entry_text.rowid",
            "entry_text MATCH ?2",
            "snippet(entry_text, 0, char(57344), char(57345), '…', 16)",
        ),
        None => ("entries e", "?2 IS NULL", "NULL"),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT r.id, r.title, r.held_on, r.kind, e.state, n.name, e.unsaid, {snippet}
         FROM {source}
         JOIN retros r ON r.id = e.retro_id
         LEFT JOIN needs n ON n.id = e.top_need_id
         WHERE e.person_id = ?1
           AND {matching}
           AND (?3 IS NULL OR e.top_need_id = ?3
                OR EXISTS (SELECT 1 FROM ratings x WHERE x.entry_id = e.id AND x.need_id = ?3))
           AND (?4 IS NULL OR r.held_on >= ?4)
           AND (?5 IS NULL OR r.held_on <= ?5)
         ORDER BY r.held_on DESC, r.id DESC"
    ))?;
    let rows = stmt.query_map(
        params![person_id, f.matching, f.need_id, f.from, f.to],
        |r| {
            let kind: String = r.get(3)?;
            let state: String = r.get(4)?;
            Ok(JournalItem {
                retro_id: r.get(0)?,
                title: r.get(1)?,
                held_on: r.get(2)?,
                kind: kind_from(&kind),
                state: entry_state_from(&state),
                top_need: r.get(5)?,
                unsaid: r.get(6)?,
                snippet: r.get(7)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
