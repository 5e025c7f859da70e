use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::*;
use crate::journal::tests::{journal_with_me, new_partner, new_retro};
use crate::journal::ErrorCode;

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("instant")
        .with_timezone(&Utc)
}

/// The instant `local` (`YYYY-MM-DDTHH:MM`) in `tz`, which must be a
/// time the clocks show once.
fn local(tz: Tz, local: &str) -> DateTime<Utc> {
    let naive = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M").expect("local");
    tz.from_local_datetime(&naive)
        .single()
        .expect("shown once")
        .with_timezone(&Utc)
}

fn schedule(first_on: &str, at: &str, every_weeks: u8, lead_minutes: u16) -> Schedule {
    let (h, m) = at.split_once(':').expect("HH:MM");
    Schedule {
        partner_id: 0,
        first_on: day(first_on),
        at_minute: h.parse::<u16>().expect("hour") * 60 + m.parse::<u16>().expect("minute"),
        every_weeks,
        lead_minutes,
    }
}

const BERLIN: Tz = chrono_tz::Europe::Berlin;

#[test]
fn a_weekly_one_to_one_is_reminded_before_it_each_week() {
    // Tuesdays at 10:00, from Tuesday 1 December 2026, 15 minutes before.
    let s = schedule("2026-12-01", "10:00", 1, 15);
    let before_first = local(BERLIN, "2026-12-01T09:44");
    assert_eq!(s.last_reminded_at(before_first, &BERLIN), None);
    assert_eq!(
        s.next_reminder_after(before_first, &BERLIN),
        local(BERLIN, "2026-12-01T09:45")
    );
    let at_reminder = local(BERLIN, "2026-12-01T09:45");
    assert_eq!(
        s.last_reminded_at(at_reminder, &BERLIN),
        Some(local(BERLIN, "2026-12-01T10:00"))
    );
    // A week and a bit later: the 8 December 1:1 is the latest reminded,
    // and the next reminder is on the 15th.
    let later = local(BERLIN, "2026-12-10T18:00");
    assert_eq!(
        s.last_reminded_at(later, &BERLIN),
        Some(local(BERLIN, "2026-12-08T10:00"))
    );
    assert_eq!(
        s.next_reminder_after(later, &BERLIN),
        local(BERLIN, "2026-12-15T09:45")
    );
    // Across the new year.
    assert_eq!(
        s.next_reminder_after(local(BERLIN, "2026-12-29T10:00"), &BERLIN),
        local(BERLIN, "2027-01-05T09:45")
    );
}

#[test]
fn every_two_weeks_counts_from_the_first_one_to_one() {
    let s = schedule("2026-12-01", "10:00", 2, 15);
    // No 1:1 on the 8th: the one reminded is still the 1st's.
    let on_the_8th = local(BERLIN, "2026-12-08T11:00");
    assert_eq!(
        s.last_reminded_at(on_the_8th, &BERLIN),
        Some(local(BERLIN, "2026-12-01T10:00"))
    );
    assert_eq!(
        s.next_reminder_after(on_the_8th, &BERLIN),
        local(BERLIN, "2026-12-15T09:45")
    );
    // A first 1:1 far in the future: nothing is due before it.
    let far = schedule("2027-06-01", "10:00", 2, 15);
    assert_eq!(far.last_reminded_at(on_the_8th, &BERLIN), None);
    assert_eq!(
        far.next_reminder_after(on_the_8th, &BERLIN),
        local(BERLIN, "2027-06-01T09:45")
    );
}

#[test]
fn the_one_to_one_keeps_its_wall_clock_time_when_the_clocks_change() {
    // Tuesdays at 10:00 in Berlin: 09:00 UTC in winter, 08:00 UTC after the
    // clocks go forward on Sunday 28 March 2027, 09:00 again after 31 October.
    let s = schedule("2027-03-23", "10:00", 1, 30);
    let t = |now: &str| s.next_reminder_after(utc(now), &BERLIN);
    assert_eq!(t("2027-03-22T12:00:00Z"), utc("2027-03-23T08:30:00Z"));
    assert_eq!(t("2027-03-24T12:00:00Z"), utc("2027-03-30T07:30:00Z"));
    assert_eq!(t("2027-10-27T12:00:00Z"), utc("2027-11-02T08:30:00Z"));
}

#[test]
fn a_time_the_clocks_skip_moves_later_and_a_time_they_repeat_comes_first() {
    // 02:30 does not exist in Berlin on 28 March 2027: the 1:1 is at 03:30.
    assert_eq!(
        starts_at(day("2027-03-28"), 150, &BERLIN),
        utc("2027-03-28T01:30:00Z")
    );
    // 02:30 happens twice on 31 October 2027: the first, in summer time.
    assert_eq!(
        starts_at(day("2027-10-31"), 150, &BERLIN),
        utc("2027-10-31T00:30:00Z")
    );
    // Lord Howe Island moves its clocks by half an hour: on 3 October 2027
    // 02:15 is skipped and the 1:1 is at 02:45.
    let lord_howe = chrono_tz::Australia::Lord_Howe;
    assert_eq!(
        starts_at(day("2027-10-03"), 135, &lord_howe),
        local(lord_howe, "2027-10-03T02:45")
    );
    // A weekly 1:1 at 02:30 on Sundays, reminded at 02:00, which the clocks
    // also skip that day: the reminder comes at 03:00, 30 minutes before.
    let s = schedule("2027-03-21", "02:30", 1, 30);
    assert_eq!(
        s.next_reminder_after(utc("2027-03-22T00:00:00Z"), &BERLIN),
        utc("2027-03-28T01:00:00Z")
    );
}

#[test]
fn the_local_day_decides_not_the_day_in_utc() {
    // Mondays at 08:30 in Auckland, an hour before: that is Sunday evening
    // in UTC, when the local day is already Monday.
    let auckland = chrono_tz::Pacific::Auckland;
    let s = schedule("2026-11-30", "08:30", 1, 60);
    let now = local(auckland, "2026-12-07T07:45");
    assert_eq!(now.date_naive(), day("2026-12-06"), "Sunday in UTC");
    assert_eq!(
        s.last_reminded_at(now, &auckland),
        Some(local(auckland, "2026-12-07T08:30"))
    );
    // The same schedule read in New York is a different instant.
    let new_york = chrono_tz::America::New_York;
    assert_ne!(
        s.next_reminder_after(now, &new_york),
        s.next_reminder_after(now, &auckland)
    );
    assert_eq!(
        s.next_reminder_after(utc("2026-12-07T00:00:00Z"), &new_york),
        local(new_york, "2026-12-07T07:30")
    );
}

#[test]
fn a_reminder_a_day_ahead_comes_the_day_before() {
    let s = schedule("2026-11-30", "09:00", 1, MAX_LEAD_MINUTES);
    let sunday = local(BERLIN, "2026-12-06T09:30");
    let (starts, missed) = s
        .due(utc("2026-12-01T00:00:00Z"), sunday, &BERLIN)
        .expect("due");
    assert_eq!(starts, local(BERLIN, "2026-12-07T09:00"));
    assert!(!missed);
}

#[test]
fn only_the_latest_missed_one_to_one_is_due_and_only_once() {
    let s = schedule("2026-12-01", "10:00", 1, 15);
    let set_at = local(BERLIN, "2026-11-30T12:00");
    // Three weeks asleep: one reminder, for the latest 1:1, marked missed.
    let now = local(BERLIN, "2026-12-16T08:00");
    let (starts, missed) = s.due(set_at, now, &BERLIN).expect("due");
    assert_eq!(starts, local(BERLIN, "2026-12-15T10:00"));
    assert!(missed);
    assert_eq!(s.due(starts, now, &BERLIN), None, "given once");
    // Late, but before the 1:1: not missed.
    let late = local(BERLIN, "2026-12-22T09:55");
    assert_eq!(
        s.due(starts, late, &BERLIN),
        Some((local(BERLIN, "2026-12-22T10:00"), false))
    );
}

/// A journal with Dev as a partner and a clock the test moves by hand.
fn with_dev() -> (Journal, Id, Arc<Mutex<DateTime<Utc>>>) {
    let mut j = journal_with_me();
    j.create_retro(&new_retro("With Dev", new_partner("Dev")))
        .expect("retro");
    let dev = j.partners().expect("partners")[0].id;
    let now = Arc::new(Mutex::new(local(BERLIN, "2026-11-30T12:00")));
    let read = now.clone();
    j.set_clock(Box::new(move || *read.lock().expect("clock")));
    (j, dev, now)
}

#[test]
fn the_journal_gives_each_reminder_once_and_never_piles_them_up() {
    let (mut j, dev, now) = with_dev();
    let s = Schedule {
        partner_id: dev,
        ..schedule("2026-12-01", "10:00", 1, 15)
    };
    j.set_schedule(&s).expect("schedule");
    assert_eq!(j.schedules().expect("schedules"), vec![s.clone()]);
    assert_eq!(
        j.next_reminder_at(&BERLIN).expect("next"),
        Some(local(BERLIN, "2026-12-01T09:45"))
    );
    assert!(j.due_reminders(&BERLIN).expect("due").is_empty());

    *now.lock().expect("clock") = local(BERLIN, "2026-12-01T09:45");
    let due = j.due_reminders(&BERLIN).expect("due");
    assert_eq!(
        due,
        vec![Reminder {
            partner_id: dev,
            partner_name: "Dev".into(),
            starts_at: "2026-12-01T09:00:00.000Z".into(),
            missed: false,
        }]
    );
    assert!(j.due_reminders(&BERLIN).expect("again").is_empty(), "once");
    // Saving the schedule again, as it was, brings no second reminder.
    *now.lock().expect("clock") = local(BERLIN, "2026-12-01T09:50");
    j.set_schedule(&s).expect("saved again");
    assert!(
        j.due_reminders(&BERLIN).expect("again").is_empty(),
        "still once"
    );

    // Asleep for three weeks: one missed reminder, not three.
    *now.lock().expect("clock") = local(BERLIN, "2026-12-23T07:00");
    let due = j.due_reminders(&BERLIN).expect("due");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].starts_at, "2026-12-22T09:00:00.000Z");
    assert!(due[0].missed);
    assert!(j.due_reminders(&BERLIN).expect("again").is_empty());
}

#[test]
fn a_new_schedule_brings_no_old_reminders_and_a_cleared_one_none_at_all() {
    let (mut j, dev, now) = with_dev();
    *now.lock().expect("clock") = local(BERLIN, "2026-12-23T12:00");
    let s = Schedule {
        partner_id: dev,
        ..schedule("2026-12-01", "10:00", 1, 15)
    };
    j.set_schedule(&s).expect("schedule");
    assert!(j.due_reminders(&BERLIN).expect("due").is_empty());
    // Set just inside a reminder's lead: the reminder comes at once.
    *now.lock().expect("clock") = local(BERLIN, "2026-12-29T09:50");
    j.set_schedule(&s).expect("again");
    assert_eq!(j.due_reminders(&BERLIN).expect("due").len(), 1);

    j.clear_schedule(dev).expect("clear");
    assert!(j.schedules().expect("schedules").is_empty());
    assert_eq!(j.next_reminder_at(&BERLIN).expect("next"), None);
    *now.lock().expect("clock") = local(BERLIN, "2027-01-05T09:50");
    assert!(j.due_reminders(&BERLIN).expect("due").is_empty());
}

#[test]
fn a_schedule_that_breaks_a_rule_is_refused_and_nothing_is_written() {
    let (mut j, dev, _now) = with_dev();
    let good = Schedule {
        partner_id: dev,
        ..schedule("2026-12-01", "10:00", 1, 15)
    };
    let me = j.me().expect("me").expect("onboarded").id;
    for bad in [
        Schedule {
            every_weeks: 3,
            ..good.clone()
        },
        Schedule {
            every_weeks: 0,
            ..good.clone()
        },
        Schedule {
            at_minute: 24 * 60,
            ..good.clone()
        },
        Schedule {
            lead_minutes: MAX_LEAD_MINUTES + 1,
            ..good.clone()
        },
        Schedule {
            lead_minutes: 0,
            ..good.clone()
        },
        Schedule {
            partner_id: me,
            ..good.clone()
        },
    ] {
        let e = j.set_schedule(&bad).expect_err("refused");
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{bad:?}: {e}");
    }
    let e = j
        .set_schedule(&Schedule {
            partner_id: 999,
            ..good
        })
        .expect_err("nobody");
    assert_eq!(e.code(), ErrorCode::NotFound);
    assert!(j.schedules().expect("schedules").is_empty());
}

#[test]
fn reminders_wait_while_a_partner_has_the_keyboard() {
    let (mut j, dev, now) = with_dev();
    j.set_schedule(&Schedule {
        partner_id: dev,
        ..schedule("2026-12-01", "10:00", 1, 15)
    })
    .expect("schedule");
    let retro = j.retros().expect("retros")[0].id;
    j.pass_turn(retro).expect("hand over");
    j.take_turn(retro, dev, None).expect("Dev writes");
    *now.lock().expect("clock") = local(BERLIN, "2026-12-01T09:50");
    assert!(j.due_reminders(&BERLIN).expect("due").is_empty());
    let e = j.clear_schedule(dev).expect_err("not Dev's to change");
    assert_eq!(e.code(), ErrorCode::OwnerAway);
    crate::journal::tests::back_to_me(&mut j, retro);
    assert_eq!(j.due_reminders(&BERLIN).expect("due").len(), 1);
}

#[test]
fn a_given_reminder_stays_given_after_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("journal.sqlite3");
    let start = local(BERLIN, "2026-11-30T12:00");
    let at = |j: &mut Journal, t: DateTime<Utc>| j.set_clock(Box::new(move || t));
    {
        let mut j = Journal::open(&path).expect("open");
        j.set_me("Maya", &crate::journal::RoleChoice::Existing { id: 1 })
            .expect("me");
        let dev = j
            .add_partner("Dev", &crate::journal::RoleChoice::Existing { id: 2 })
            .expect("Dev")
            .id;
        at(&mut j, start);
        j.set_schedule(&Schedule {
            partner_id: dev,
            ..schedule("2026-12-01", "10:00", 1, 15)
        })
        .expect("schedule");
        // The laptop sleeps through the 1:1; the app starts after it.
        at(&mut j, local(BERLIN, "2026-12-01T11:00"));
        assert_eq!(j.due_reminders(&BERLIN).expect("due").len(), 1);
    }
    let mut j = Journal::open(&path).expect("reopen");
    at(&mut j, local(BERLIN, "2026-12-01T11:05"));
    assert!(
        j.due_reminders(&BERLIN).expect("due").is_empty(),
        "a missed reminder shows once, not on every start"
    );
}
