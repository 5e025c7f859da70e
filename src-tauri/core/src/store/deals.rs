//! Deals: what each side commits to, the needs served, and every status
//! each has had.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};

use super::people::{person_from, PERSON_COLUMNS};
use super::records::*;
use super::Result;

// ---- agreements ------------------------------------------------------------

pub struct NewAgreement<'a> {
    /// The id a deal has in an imported file; `None` for a new one.
    pub id: Option<Id>,
    pub retro_id: Id,
    pub title: &'a str,
    pub owner_id: Id,
    pub review_on: NaiveDate,
    pub commitments: &'a [Commitment],
    pub need_ids: &'a [Id],
    /// The stable id a deal has on a partner's laptop; `None` for a new one.
    pub uid: Option<&'a str>,
}

/// Inserts an agreement with its first status, open.
pub fn insert_agreement(conn: &Connection, a: &NewAgreement, now: &str) -> Result<Id> {
    let id = insert_agreement_row(conn, a, now)?;
    insert_status(conn, id, AgreementStatus::Open, now, None, None, None)?;
    Ok(id)
}

/// Inserts an agreement with its commitments and needs but no status: an
/// imported deal brings its own history.
pub fn insert_agreement_row(conn: &Connection, a: &NewAgreement, created_at: &str) -> Result<Id> {
    conn.prepare_cached(super::with_new_uuid!(
        "INSERT INTO agreements (id, retro_id, title, owner_id, review_on, created_at, uid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, new_uuid()))"
    ))?
    .execute(params![
        a.id,
        a.retro_id,
        a.title,
        a.owner_id,
        a.review_on,
        created_at,
        a.uid
    ])?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO commitments (agreement_id, person_id, body) VALUES (?1, ?2, ?3)",
    )?;
    for c in a.commitments {
        stmt.execute(params![id, c.person_id, c.body])?;
    }
    let mut stmt =
        conn.prepare_cached("INSERT INTO agreement_needs (agreement_id, need_id) VALUES (?1, ?2)")?;
    for need in a.need_ids {
        stmt.execute(params![id, need])?;
    }
    Ok(id)
}

/// Appends a status to a deal's history; `uid` keeps the id it has on a
/// partner's laptop.
pub fn insert_status(
    conn: &Connection,
    agreement_id: Id,
    status: AgreementStatus,
    now: &str,
    reviewed_in: Option<Id>,
    replaced_by: Option<Id>,
    uid: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(super::with_new_uuid!(
        "INSERT INTO agreement_status (agreement_id, status, at, reviewed_in, replaced_by, uid)
         VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, new_uuid()))"
    ))?
    .execute(params![
        agreement_id,
        status,
        now,
        reviewed_in,
        replaced_by,
        uid
    ])?;
    Ok(())
}

/// The stable ids of a deal's history, oldest first (as `history`).
pub fn status_uids(conn: &Connection, agreement_id: Id) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT uid FROM agreement_status WHERE agreement_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([agreement_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which agreements to read.
#[derive(Debug, Clone, Copy)]
pub enum AgreementScope {
    One(Id),
    /// Made in this retro.
    MadeIn(Id),
    /// To review in this retro: agreements from other retros, held on or
    /// before it, with the same partner, that are open or were reviewed here.
    ReviewIn {
        retro_id: Id,
        partner_id: Id,
    },
    /// Open, and due for review on or before this day.
    DueBy(NaiveDate),
    /// Made in retros held between two days, with one partner if given.
    Between {
        from: NaiveDate,
        to: NaiveDate,
        partner: Option<Id>,
    },
    /// Reviewed in a retro held between two days.
    ReviewedBetween {
        from: NaiveDate,
        to: NaiveDate,
    },
}

/// The retros of the partner in parameter `?n`, as a list the deals are
/// looked up by: a manager's deals span every partner, and a probe of each
/// for this one read them all.
pub(super) fn partners_retros(n: u8) -> String {
    format!("(SELECT pa.retro_id FROM participants pa WHERE pa.person_id = ?{n})")
}

/// The newest status of each agreement, as a subquery.
const CURRENT_STATUS: &str = "(SELECT s.status FROM agreement_status s
     WHERE s.agreement_id = a.id ORDER BY s.id DESC LIMIT 1)";

pub fn agreements(conn: &Connection, scope: AgreementScope) -> Result<Vec<Agreement>> {
    let (filter, order, values): (String, &str, Vec<Value>) = match scope {
        AgreementScope::One(id) => ("a.id = ?1".into(), "a.id", vec![id.into()]),
        AgreementScope::MadeIn(id) => ("a.retro_id = ?1".into(), "a.id", vec![id.into()]),
        AgreementScope::ReviewIn {
            retro_id,
            partner_id,
        } => (
            format!(
                "a.retro_id <> ?1
                 AND rt.held_on <= (SELECT held_on FROM retros WHERE id = ?1)
                 AND a.retro_id IN {}
                 AND ({CURRENT_STATUS} = 'open'
                      OR EXISTS (SELECT 1 FROM agreement_status s
                                 WHERE s.agreement_id = a.id AND s.reviewed_in = ?1))",
                partners_retros(2)
            ),
            "a.review_on, a.id",
            vec![retro_id.into(), partner_id.into()],
        ),
        AgreementScope::DueBy(day) => (
            format!("a.review_on <= ?1 AND {CURRENT_STATUS} = 'open'"),
            "a.review_on, a.id",
            vec![day.to_string().into()],
        ),
        AgreementScope::Between { from, to, partner } => {
            // Deals are few beside retros: walk the deals, not the retros'
            // date index (the unary plus keeps the planner off it).
            let days = "+rt.held_on BETWEEN ?1 AND ?2";
            let mut values = vec![from.to_string().into(), to.to_string().into()];
            let filter = match partner {
                None => days.into(),
                Some(id) => {
                    values.push(id.into());
                    format!("{days} AND a.retro_id IN {}", partners_retros(3))
                }
            };
            (filter, "rt.held_on, a.id", values)
        }
        AgreementScope::ReviewedBetween { from, to } => (
            "a.id IN (SELECT s.agreement_id FROM retros rv
                      JOIN agreement_status s ON s.reviewed_in = rv.id
                      WHERE rv.held_on BETWEEN ?1 AND ?2)"
                .into(),
            "a.id",
            vec![from.to_string().into(), to.to_string().into()],
        ),
    };
    // The deals lead, the retros each is from follow (CROSS JOIN keeps the
    // planner to that order whatever its statistics say: deals are few).
    let sql = format!(
        "SELECT a.id, a.retro_id, rt.title, rt.held_on, a.title, a.review_on, {PERSON_COLUMNS}
         JOIN agreements a ON a.owner_id = p.id
         CROSS JOIN retros rt ON rt.id = a.retro_id
         WHERE {filter} ORDER BY {order}"
    );
    // One statement per scope: the SQL differs only by scope, so it caches.
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut list: Vec<Agreement> = stmt
        .query_map(params_from_iter(values), |r| {
            Ok(Agreement {
                id: r.get(0)?,
                retro_id: r.get(1)?,
                retro_title: r.get(2)?,
                retro_held_on: r.get(3)?,
                title: r.get(4)?,
                review_on: r.get(5)?,
                owner: person_from(r, 6)?,
                commitments: Vec::new(),
                need_ids: Vec::new(),
                status: AgreementStatus::Open,
                history: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if list.is_empty() {
        return Ok(list);
    }
    add_details(conn, &mut list)?;
    for a in &mut list {
        if let Some(last) = a.history.last() {
            a.status = last.status;
        }
    }
    Ok(list)
}

/// One deal as the review sections of an export follow it through time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub id: Id,
    /// The retro it was made in, and that retro's day and partner.
    pub made_in: Id,
    pub made_on: NaiveDate,
    pub partner_id: Id,
    pub review_on: NaiveDate,
    /// The first day it was no longer open: the day of the retro whose
    /// review changed it, or the day it was changed outside a retro.
    pub closed_on: Option<NaiveDate>,
}

/// Every paired deal made in a retro held on or before `to`, with one
/// partner if given: one statement for the whole journal.
pub fn review_ledger(
    conn: &Connection,
    to: NaiveDate,
    partner: Option<Id>,
) -> Result<Vec<LedgerRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.retro_id, rt.held_on, pa.person_id, a.review_on,
                (SELECT min(coalesce(rv.held_on, substr(s.at, 1, 10)))
                 FROM agreement_status s LEFT JOIN retros rv ON rv.id = s.reviewed_in
                 WHERE s.agreement_id = a.id AND s.status <> 'open')
         FROM agreements a
         JOIN retros rt ON rt.id = a.retro_id
         JOIN participants pa ON pa.retro_id = a.retro_id
         JOIN people p ON p.id = pa.person_id AND p.is_me = 0
         WHERE +rt.held_on <= ?1 AND (?2 IS NULL OR pa.person_id = ?2)",
    )?;
    let rows = stmt.query_map(params![to.to_string(), partner], |r| {
        Ok(LedgerRow {
            id: r.get(0)?,
            made_in: r.get(1)?,
            made_on: r.get(2)?,
            partner_id: r.get(3)?,
            review_on: r.get(4)?,
            closed_on: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds each deal's commitments, needs and history: one query per detail
/// table for the whole list, keyed by deal.
fn add_details(conn: &Connection, list: &mut [Agreement]) -> Result<()> {
    let index: HashMap<Id, usize> = list.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
    let ids = super::ids(&list.iter().map(|a| a.id).collect::<Vec<_>>());
    let mut stmt = conn.prepare_cached(
        "SELECT c.agreement_id, c.person_id, c.body FROM commitments c
         JOIN people p ON p.id = c.person_id
         WHERE c.agreement_id IN rarray(?1) ORDER BY c.agreement_id, p.is_me DESC, p.id",
    )?;
    let mut rows = stmt.query([&ids])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get(0)?) {
            list[i].commitments.push(Commitment {
                person_id: r.get(1)?,
                body: r.get(2)?,
            });
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT agreement_id, need_id FROM agreement_needs
         WHERE agreement_id IN rarray(?1) ORDER BY agreement_id, need_id",
    )?;
    let mut rows = stmt.query([&ids])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get(0)?) {
            list[i].need_ids.push(r.get(1)?);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT agreement_id, status, at, reviewed_in, replaced_by FROM agreement_status
         WHERE agreement_id IN rarray(?1) ORDER BY agreement_id, id",
    )?;
    let mut rows = stmt.query([&ids])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get(0)?) {
            list[i].history.push(StatusChange {
                status: r.get(1)?,
                at: r.get(2)?,
                reviewed_in: r.get(3)?,
                replaced_by: r.get(4)?,
            });
        }
    }
    Ok(())
}
