//! Reminders before the 1:1: when each partner's 1:1s fall in local time
//! (through changes of the clocks), which reminder is due, and when the
//! next one is.
//!
//! The time zone is a parameter and the time comes from the journal's
//! clock, so the arithmetic is tested across weeks, DST changes and zones
//! without waiting for any of them.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Offset, SecondsFormat, TimeZone, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::rules::{self, Source};
use super::{Journal, JournalError, Result};
use crate::store::{self, Id, Schedule};

/// The longest a reminder may come before its 1:1: a day.
pub const MAX_LEAD_MINUTES: u16 = 24 * 60;

/// A reminder to give now: whose 1:1, and when it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Reminder {
    #[ts(type = "number")]
    pub partner_id: Id,
    pub partner_name: String,
    /// When the 1:1 starts (UTC, RFC 3339).
    pub starts_at: String,
    /// The 1:1 had started before the reminder could be given (the app
    /// was closed, the laptop asleep, or a partner had the keyboard).
    pub missed: bool,
}

impl Schedule {
    fn period_days(&self) -> i64 {
        7 * i64::from(self.every_weeks)
    }

    /// The day of the `k`th 1:1, the first being 0.
    fn day(&self, k: i64) -> NaiveDate {
        self.first_on + Duration::days(k * self.period_days())
    }

    fn lead(&self) -> Duration {
        Duration::minutes(i64::from(self.lead_minutes))
    }

    /// Which 1:1 falls on or just before the local day of `now`: the index
    /// of the last one on or before it (negative before the first).
    fn index_around<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> i64 {
        let today = now.with_timezone(tz).date_naive();
        (today - self.first_on)
            .num_days()
            .div_euclid(self.period_days())
    }

    /// When the `k`th 1:1 starts, at the schedule's time on its day in `tz`.
    fn starts_at<Tz: TimeZone>(&self, k: i64, tz: &Tz) -> DateTime<Utc> {
        starts_at(self.day(k), self.at_minute, tz)
    }

    /// The latest 1:1 whose reminder's moment is at or before `now`.
    pub fn last_reminded_at<Tz: TimeZone>(
        &self,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Option<DateTime<Utc>> {
        // A reminder comes at most a day early and 1:1s are a week apart
        // at least, so it is the 1:1 after today's or one just before it.
        let mut k = self.index_around(now, tz) + 1;
        while k >= 0 {
            let starts = self.starts_at(k, tz);
            if starts - self.lead() <= now {
                return Some(starts);
            }
            k -= 1;
        }
        None
    }

    /// The moment of the first reminder after `now`.
    pub fn next_reminder_after<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> DateTime<Utc> {
        let mut k = self.index_around(now, tz).max(0);
        loop {
            let at = self.starts_at(k, tz) - self.lead();
            if at > now {
                return at;
            }
            k += 1;
        }
    }

    /// The reminder due at `now`, when the 1:1s up to `reminded_until`
    /// have had theirs: only the latest 1:1, however many were missed.
    pub fn due<Tz: TimeZone>(
        &self,
        reminded_until: DateTime<Utc>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Option<(DateTime<Utc>, bool)> {
        let starts = self.last_reminded_at(now, tz)?;
        (starts > reminded_until).then_some((starts, now >= starts))
    }
}

/// The instant a 1:1 on `day` at `at_minute` past local midnight starts in
/// `tz`. On the day the clocks go forward over that time, it starts as much
/// later as they went forward (02:30 is 03:30); on the day they go back,
/// at the first of the two.
pub fn starts_at<Tz: TimeZone>(day: NaiveDate, at_minute: u16, tz: &Tz) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(at_minute));
    match tz.from_local_datetime(&local).earliest() {
        Some(at) => at.with_timezone(&Utc),
        None => {
            // In the hour that is skipped: read with the offset before it.
            let before = tz
                .offset_from_utc_datetime(&(local - Duration::days(1)))
                .fix();
            Utc.from_utc_datetime(&(local - Duration::seconds(i64::from(before.local_minus_utc()))))
        }
    }
}

fn stored(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Journal {
    /// Every partner's 1:1 schedule.
    pub fn schedules(&self) -> Result<Vec<Schedule>> {
        let all = store::schedules(self.db.conn())?;
        Ok(all.into_iter().map(|(s, _)| s).collect())
    }

    /// Sets a partner's 1:1 schedule, or changes it. The 1:1s before now
    /// count as reminded: a new schedule brings no old reminders.
    pub fn set_schedule(&mut self, schedule: &Schedule) -> Result<Schedule> {
        self.owner_at_keyboard()?;
        let partner = self.person(schedule.partner_id)?;
        rules::schedule(Source::Typed, schedule, partner.is_me)?;
        let now = self.now();
        self.db
            .write(|tx| store::put_schedule(tx, schedule, &now))?;
        Ok(schedule.clone())
    }

    /// Removes a partner's 1:1 schedule: no more reminders for them.
    pub fn clear_schedule(&mut self, partner_id: Id) -> Result<()> {
        self.owner_at_keyboard()?;
        self.db
            .write(|tx| store::delete_schedule(tx, partner_id))
            .map_err(JournalError::from)
    }

    /// The reminders due now in `tz`, each given once: they are recorded
    /// as given before they are returned. None while a partner has the
    /// keyboard: they wait for the owner.
    pub fn due_reminders<Tz: TimeZone>(&mut self, tz: &Tz) -> Result<Vec<Reminder>> {
        if store::turn(self.db.conn())?.is_some() {
            return Ok(Vec::new());
        }
        let now = (self.clock)();
        let partners = self.partners()?;
        let due: Vec<Reminder> = store::schedules(self.db.conn())?
            .into_iter()
            .filter_map(|(s, until)| {
                let (starts, missed) = s.due(until, now, tz)?;
                let partner = partners.iter().find(|p| p.id == s.partner_id)?;
                Some(Reminder {
                    partner_id: s.partner_id,
                    partner_name: partner.name.clone(),
                    starts_at: stored(starts),
                    missed,
                })
            })
            .collect();
        if !due.is_empty() {
            self.db.write(|tx| {
                due.iter()
                    .try_for_each(|r| store::set_reminded(tx, r.partner_id, &r.starts_at))
            })?;
        }
        Ok(due)
    }

    /// When the next reminder is due in `tz`, if any 1:1 has a schedule.
    pub fn next_reminder_at<Tz: TimeZone>(&self, tz: &Tz) -> Result<Option<DateTime<Utc>>> {
        let now = (self.clock)();
        Ok(store::schedules(self.db.conn())?
            .iter()
            .map(|(s, _)| s.next_reminder_after(now, tz))
            .min())
    }
}

#[cfg(test)]
mod tests;
