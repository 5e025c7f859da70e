//! The 1:1 schedules, and how far each has been reminded.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::records::*;
use super::Result;

/// Every schedule, by partner name, with the instant up to which its 1:1s
/// have had their reminders.
pub fn schedules(conn: &Connection) -> Result<Vec<(Schedule, DateTime<Utc>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.person_id, s.first_on, s.at_minute, s.every_weeks, s.lead_minutes, \
         s.reminded_until FROM schedules s JOIN people p ON p.id = s.person_id \
         ORDER BY p.name COLLATE NOCASE, p.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            Schedule {
                partner_id: r.get(0)?,
                first_on: r.get(1)?,
                at_minute: r.get(2)?,
                every_weeks: r.get(3)?,
                lead_minutes: r.get(4)?,
            },
            r.get(5)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets a partner's schedule, in place of any they had. The 1:1s up to
/// `reminded_until` count as reminded, and those reminded before stay so.
pub fn put_schedule(conn: &Connection, s: &Schedule, reminded_until: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO schedules (person_id, first_on, at_minute, every_weeks, lead_minutes, \
         reminded_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (person_id) DO UPDATE SET first_on = ?2, at_minute = ?3, \
         every_weeks = ?4, lead_minutes = ?5, reminded_until = max(reminded_until, ?6)",
        params![
            s.partner_id,
            s.first_on,
            s.at_minute,
            s.every_weeks,
            s.lead_minutes,
            reminded_until
        ],
    )?;
    Ok(())
}

pub fn delete_schedule(conn: &Connection, person_id: Id) -> Result<()> {
    conn.execute("DELETE FROM schedules WHERE person_id = ?1", [person_id])?;
    Ok(())
}

/// Records that the 1:1s up to `until` have had their reminders.
pub fn set_reminded(conn: &Connection, person_id: Id, until: &str) -> Result<()> {
    conn.execute(
        "UPDATE schedules SET reminded_until = ?2 WHERE person_id = ?1",
        params![person_id, until],
    )?;
    Ok(())
}
