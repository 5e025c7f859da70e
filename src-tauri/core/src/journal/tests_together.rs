//! The paired 1:1: turns and PINs, the reveal, the comparison, addenda,
//! deals and the review that opens the next retro.

use super::tests::{back_to_me, content, journal_with_me, new_partner, new_retro, paired};
use super::*;
use crate::fixtures;

fn rating(need_id: Id, rating: Option<i64>) -> NeedRating {
    NeedRating {
        need_id,
        rating,
        note: String::new(),
    }
}

fn revealed(j: &mut Journal) -> (Retro, Id, Id) {
    let r = fixtures::revealed(
        j,
        &new_retro("1:1", new_partner("Dev")),
        &content("mine"),
        &content("theirs"),
    );
    let (me, dev) = (r.participants[0].person.id, r.participants[1].person.id);
    (r, me, dev)
}

fn state_of_entries(j: &Journal, retro: Id) -> Vec<String> {
    let mut stmt =
        j.db.conn()
            .prepare("SELECT state FROM entries WHERE retro_id = ?1 ORDER BY id")
            .expect("prepare");
    stmt.query_map([retro], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

// ---- turns and PINs ----------------------------------------------------------

#[test]
fn the_hand_over_screen_shows_nothing_and_refuses_writes() {
    let mut j = journal_with_me();
    let (r, _me, dev) = paired(&mut j);
    let other = j.create_retro(&new_retro("Private", None)).expect("solo");
    j.save_entry(r.id, &content("MAYA-DRAFT")).expect("mine");
    j.pass_turn(r.id).expect("pass");

    let turn = j.turn().expect("turn").expect("a turn");
    assert_eq!((turn.retro_id, turn.writer), (r.id, None));
    let views = j.entries(r.id).expect("entries");
    assert!(views.iter().all(|v| v.content.is_none()), "{views:?}");
    assert_eq!(views[0].state, Some(EntryState::Draft));
    assert_eq!(
        j.retros()
            .expect("list")
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        vec![r.id],
        "only the retro being handed over is in view"
    );
    assert_eq!(
        j.retro(other.id).expect_err("hidden").code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        j.save_entry(r.id, &content("x"))
            .expect_err("nobody")
            .code(),
        ErrorCode::HandingOver
    );
    assert_eq!(
        j.reveal(r.id).expect_err("nobody").code(),
        ErrorCode::HandingOver
    );
    assert!(j.my_entries(&EntryQuery::default()).is_err());

    j.take_turn(r.id, dev, None).expect("Dev");
    assert_eq!(j.active_writer().expect("writer").name, "Dev");
    assert!(j.entries(r.id).expect("entries")[0].content.is_none());
    assert_eq!(j.retros().expect("list").len(), 1);
    assert_eq!(
        j.create_retro(&new_retro("Sneaky", None))
            .expect_err("owner only")
            .code(),
        ErrorCode::OwnerAway
    );
    assert_eq!(
        j.add_role("QA").expect_err("owner only").code(),
        ErrorCode::OwnerAway
    );
    back_to_me(&mut j, r.id);
    assert!(j.turn().expect("turn").is_none());
    assert_eq!(j.retros().expect("list").len(), 2);
}

#[test]
fn a_pin_guards_a_turn_and_is_stored_only_as_a_salted_hash() {
    let mut j = journal_with_me();
    let (r, me, dev) = paired(&mut j);
    j.take_turn(r.id, dev, None).expect("Dev, no PIN yet");
    for bad in ["123", "123456789", "12a4", "", "١٢٣٤"] {
        assert_eq!(
            j.set_pin(Some(bad)).expect_err(bad).code(),
            ErrorCode::InvalidInput,
            "{bad:?}"
        );
    }
    assert!(j.set_pin(Some("4821")).expect("set").has_pin);
    let stored: String =
        j.db.conn()
            .query_row("SELECT pin_hash FROM people WHERE id = ?1", [dev], |r| {
                r.get(0)
            })
            .expect("hash");
    assert!(
        stored.starts_with("$argon2id$") && !stored.contains("4821"),
        "{stored}"
    );
    j.set_pin(Some("4821")).expect("again");
    let again: String =
        j.db.conn()
            .query_row("SELECT pin_hash FROM people WHERE id = ?1", [dev], |r| {
                r.get(0)
            })
            .expect("hash");
    assert_ne!(stored, again, "each hash has its own salt");

    j.pass_turn(r.id).expect("pass");
    assert_eq!(
        j.take_turn(r.id, dev, None).expect_err("no PIN").code(),
        ErrorCode::PinNeeded
    );
    assert_eq!(
        j.take_turn(r.id, dev, Some("1111"))
            .expect_err("wrong")
            .code(),
        ErrorCode::PinWrong
    );
    assert!(j.turn().expect("turn").expect("turn").writer.is_none());
    let turn = j.take_turn(r.id, dev, Some(" 4821 ")).expect("right PIN");
    assert_eq!(turn.expect("turn").writer.expect("writer").id, dev);
    j.pass_turn(r.id).expect("pass");
    j.take_turn(r.id, me, None).expect("Maya has no PIN");
    assert!(j.turn().expect("turn").is_none());
}

#[test]
fn five_wrong_pins_make_the_next_try_wait() {
    let mut j = journal_with_me();
    let (r, _me, dev) = paired(&mut j);
    j.take_turn(r.id, dev, None).expect("Dev");
    j.set_pin(Some("4821")).expect("set");
    j.pass_turn(r.id).expect("pass");
    for _ in 0..5 {
        assert_eq!(
            j.take_turn(r.id, dev, Some("0000"))
                .expect_err("wrong")
                .code(),
            ErrorCode::PinWrong
        );
    }
    assert_eq!(
        j.take_turn(r.id, dev, Some("4821"))
            .expect_err("wait")
            .code(),
        ErrorCode::PinWait,
        "even the right PIN waits"
    );
}

/// A clock the test moves by hand, shared with the journal.
fn hand_clock(j: &mut Journal) -> std::sync::Arc<std::sync::Mutex<chrono::DateTime<chrono::Utc>>> {
    let start = chrono::DateTime::parse_from_rfc3339("2026-11-25T09:00:00Z")
        .expect("instant")
        .with_timezone(&chrono::Utc);
    let now = std::sync::Arc::new(std::sync::Mutex::new(start));
    let read = now.clone();
    j.set_clock(Box::new(move || *read.lock().expect("clock")));
    now
}

#[test]
fn the_pin_wait_ends_after_thirty_seconds_and_survives_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("journal.sqlite3");
    let mut j = crate::fixtures::kept_by(Some(&path), "Maya", 1);
    let (r, _me, dev) = paired(&mut j);
    j.take_turn(r.id, dev, None).expect("Dev");
    j.set_pin(Some("4821")).expect("set");
    j.pass_turn(r.id).expect("pass");
    let now = hand_clock(&mut j);
    for _ in 0..turns::PIN_TRIES {
        j.take_turn(r.id, dev, Some("0000")).expect_err("wrong");
    }
    // Closing and reopening the app does not reset the count.
    drop(j);
    let mut j = Journal::open(&path).expect("reopen");
    let start = *now.lock().expect("clock");
    let read = now.clone();
    j.set_clock(Box::new(move || *read.lock().expect("clock")));
    let wait = j
        .take_turn(r.id, dev, Some("4821"))
        .expect_err("still waiting");
    assert!(matches!(wait, JournalError::PinWait(30)), "{wait}");

    *now.lock().expect("clock") = start + chrono::Duration::seconds(29);
    assert!(matches!(
        j.take_turn(r.id, dev, Some("4821"))
            .expect_err("one more second"),
        JournalError::PinWait(1)
    ));
    *now.lock().expect("clock") = start + chrono::Duration::seconds(turns::PIN_WAIT_SECONDS);
    let turn = j
        .take_turn(r.id, dev, Some("4821"))
        .expect("the wait is over");
    assert_eq!(turn.and_then(|t| t.writer).map(|w| w.id), Some(dev));

    // A right PIN clears the count: four wrong ones later do not make anyone wait.
    j.pass_turn(r.id).expect("pass");
    for _ in 0..turns::PIN_TRIES - 1 {
        j.take_turn(r.id, dev, Some("0000")).expect_err("wrong");
    }
    j.take_turn(r.id, dev, Some("4821"))
        .expect("no wait after a right PIN");
}

#[test]
fn a_restart_keeps_the_partner_at_the_keyboard() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("journal.sqlite3");
    let retro = {
        let mut j = Journal::open(&path).expect("open");
        j.set_me("Maya", &RoleChoice::Existing { id: 1 })
            .expect("me");
        let (r, _me, dev) = paired(&mut j);
        j.take_turn(r.id, dev, None).expect("Dev");
        r.id
    };
    let j = Journal::open(&path).expect("reopen");
    assert_eq!(j.active_writer().expect("writer").name, "Dev");
    assert_eq!(j.retros().expect("list").len(), 1);
    assert_eq!(j.turn().expect("turn").expect("turn").retro_id, retro);
}

// ---- the reveal ----------------------------------------------------------------

#[test]
fn the_reveal_is_refused_until_everyone_has_sealed() {
    let mut j = journal_with_me();
    let (r, _me, dev) = paired(&mut j);
    j.save_entry(r.id, &content("mine")).expect("mine");
    j.seal_entry(r.id).expect("seal");
    let err = j.reveal(r.id).expect_err("Dev has not written");
    assert_eq!(err.code(), ErrorCode::NotAllSealed);
    assert!(err.to_string().contains("Dev"), "{err}");
    j.take_turn(r.id, dev, None).expect("Dev");
    j.save_entry(r.id, &content("draft")).expect("draft");
    assert_eq!(
        j.reveal(r.id).expect_err("draft").code(),
        ErrorCode::NotAllSealed
    );
    assert_eq!(state_of_entries(&j, r.id), ["sealed", "draft"]);
    assert_eq!(j.retro(r.id).expect("retro").state, RetroState::Open);
}

#[test]
fn the_reveal_is_atomic_when_the_second_update_fails() {
    let mut j = journal_with_me();
    let (r, _me, _dev) = paired(&mut j);
    fixtures::both_sealed(&mut j, &r, &content("mine"), &content("theirs"));
    // Fail the retro's update, which runs after every entry has been revealed.
    j.db.conn()
        .execute_batch(
            "CREATE TRIGGER fail_reveal BEFORE UPDATE OF revealed_at ON retros
             BEGIN SELECT RAISE(ABORT, 'disk went away'); END;",
        )
        .expect("inject");
    assert!(j.reveal(r.id).is_err());
    assert_eq!(state_of_entries(&j, r.id), ["sealed", "sealed"]);
    assert_eq!(j.retro(r.id).expect("retro").state, RetroState::Sealed);
    assert!(j
        .entries(r.id)
        .expect("views")
        .iter()
        .all(|v| v.content.is_none()));

    j.db.conn()
        .execute_batch("DROP TRIGGER fail_reveal")
        .expect("heal");
    let done = j.reveal(r.id).expect("reveal");
    assert_eq!(done.state, RetroState::Revealed);
    assert_eq!(state_of_entries(&j, r.id), ["revealed", "revealed"]);
    assert!(j
        .entries(r.id)
        .expect("views")
        .iter()
        .all(|v| v.content.is_some()));
    let twice = j.reveal(r.id).expect_err("twice");
    assert_eq!(twice.code(), ErrorCode::InvalidInput);
    assert!(
        twice.to_string().contains("was revealed already"),
        "{twice}"
    );
    assert_eq!(state_of_entries(&j, r.id), ["revealed", "revealed"]);
}

// ---- addenda -------------------------------------------------------------------

#[test]
fn a_revealed_entry_stays_as_it_was_but_takes_dated_notes() {
    let mut j = journal_with_me();
    let (r, _me, dev) = paired(&mut j);
    j.save_entry(r.id, &content("mine")).expect("mine");
    assert_eq!(
        j.add_addendum(r.id, "too early").expect_err("draft").code(),
        ErrorCode::EntryNotRevealed
    );
    j.seal_entry(r.id).expect("seal");
    j.take_turn(r.id, dev, None).expect("Dev");
    j.save_entry(r.id, &content("theirs")).expect("theirs");
    j.seal_entry(r.id).expect("seal");
    j.reveal(r.id).expect("reveal");

    assert_eq!(
        j.save_entry(r.id, &content("rewrite"))
            .expect_err("locked")
            .code(),
        ErrorCode::EntrySealed
    );
    assert_eq!(
        j.unseal_entry(r.id).expect_err("final").code(),
        ErrorCode::EntryRevealed
    );
    let conn = j.db.conn();
    let raw = conn.execute(
        "UPDATE entries SET unsaid = 'x' WHERE retro_id = ?1",
        [r.id],
    );
    assert!(raw.is_err(), "the schema refuses it too");

    assert_eq!(
        j.add_addendum(r.id, "   ").expect_err("empty").code(),
        ErrorCode::InvalidInput
    );
    let view = j
        .add_addendum(
            r.id,
            "On reflection, the date matters less than the warning.",
        )
        .expect("note");
    assert_eq!(view.person.id, dev);
    assert_eq!(view.addenda.len(), 1);
    assert_eq!(view.content.expect("content").unsaid, "theirs");
    back_to_me(&mut j, r.id);
    let views = j.entries(r.id).expect("views");
    assert_eq!(views[1].addenda.len(), 1, "Maya reads Dev's note");
    let devs = views[1].content.as_ref().expect("revealed");
    assert_eq!(devs.unsaid, "theirs");
    assert!(
        devs.private_notes.is_empty(),
        "Dev's private notes stay his"
    );
    assert!(!views[0]
        .content
        .as_ref()
        .expect("mine")
        .private_notes
        .is_empty());
    assert!(views[0].addenda.is_empty());
    let conn = j.db.conn();
    assert!(conn.execute("UPDATE addenda SET body = 'x'", []).is_err());
}

// ---- the comparison -----------------------------------------------------------

#[test]
fn the_comparison_finds_shared_pain_gaps_guesses_and_tensions() {
    let mut j = journal_with_me();
    let (r, _me, _dev) = paired(&mut j);
    // Needs: 1 predictability, 2 responsiveness, 3 partnership, 4 autonomy,
    // 5 sustainability, 6 craft.
    let mine = EntryContent {
        ratings: vec![
            rating(1, Some(2)),
            rating(2, Some(1)),
            rating(4, Some(5)),
            rating(6, Some(3)),
        ],
        top_need_id: Some(2),
        guesses: vec![6, 4],
        unsaid: "I need a heads-up before a date moves".into(),
        ..EntryContent::default()
    };
    let theirs = EntryContent {
        ratings: vec![
            rating(1, Some(1)),
            rating(4, Some(2)),
            rating(5, Some(1)),
            rating(3, Some(4)),
        ],
        top_need_id: Some(5),
        guesses: vec![2],
        ..EntryContent::default()
    };
    fixtures::both_sealed(&mut j, &r, &mine, &theirs);
    assert_eq!(
        j.comparison(r.id).expect_err("not yet").code(),
        ErrorCode::InvalidInput,
        "no comparison before the reveal"
    );
    j.reveal(r.id).expect("reveal");
    let c = j.comparison(r.id).expect("comparison");
    assert_eq!(
        c.people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Maya", "Dev"]
    );
    let signal = |need: Id| {
        c.groups
            .iter()
            .flat_map(|g| &g.rows)
            .find(|row| row.need.id == need)
            .map(|row| (row.ratings.clone(), row.signal))
    };
    assert_eq!(
        signal(1),
        Some((vec![Some(2), Some(1)], Some(Signal::SharedPain)))
    );
    assert_eq!(signal(4), Some((vec![Some(5), Some(2)], Some(Signal::Gap))));
    assert_eq!(
        signal(2),
        Some((vec![Some(1), None], Some(Signal::OnlyOne)))
    );
    assert_eq!(
        signal(6),
        Some((vec![Some(3), None], Some(Signal::OnlyOne)))
    );
    assert_eq!(
        signal(3),
        Some((vec![None, Some(4)], Some(Signal::OnlyOne)))
    );
    assert_eq!(signal(5).map(|s| s.1), Some(Some(Signal::OnlyOne)));
    assert_eq!(
        c.groups
            .iter()
            .map(|g| g.role.name.as_str())
            .collect::<Vec<_>>(),
        ["Product", "Engineering"]
    );

    // Maya guessed craft and autonomy; Dev named sustainability and rated
    // predictability and sustainability lowest (1): a miss.
    let maya = &c.perspective[0];
    assert_eq!(
        (maya.guesser.name.as_str(), maya.about.name.as_str()),
        ("Maya", "Dev")
    );
    assert!(maya.hits.is_empty());
    assert_eq!(maya.named, Some(5));
    assert_eq!(maya.lowest, vec![1, 5]);
    assert_eq!(
        maya.sentence,
        "Maya thought Dev most needed Craft and Autonomy; Dev named Sustainability and rated Predictability lowest."
    );
    // Dev guessed responsiveness, which Maya named: a hit.
    assert_eq!(c.perspective[1].hits, vec![2]);
    assert_eq!(
        c.perspective[1].sentence,
        "Dev saw Responsiveness coming: Maya named Responsiveness."
    );
    let label = |need: Id| {
        c.groups
            .iter()
            .flat_map(|g| &g.rows)
            .find(|row| row.need.id == need)
            .and_then(|row| row.label.clone())
    };
    assert_eq!(label(1).as_deref(), Some("Both hurting"));
    assert_eq!(label(4).as_deref(), Some("Gap of 3"));
    assert_eq!(label(3).as_deref(), Some("Only Dev rated this"));

    // Responsiveness strains Maya (rated 1, named), sustainability strains Dev.
    let lit: Vec<_> = c.tensions.iter().map(|t| t.needs.clone()).collect();
    assert_eq!(lit, vec![vec![2, 5]]);
    assert!(c.tensions[0].pair.question.ends_with('?'));
}

#[test]
fn a_custom_tension_pair_lights_up_and_the_built_in_ones_stay() {
    let mut j = journal_with_me();
    let design = j.add_role("Design").expect("role");
    let need = |name: &str| NeedInput {
        role_id: design.id,
        name: name.into(),
        explanation: String::new(),
        frustration: String::new(),
    };
    let polish = j.add_need(&need("Polish")).expect("need");
    assert_eq!(j.tension_pairs().expect("pairs").len(), 3);
    let pair = j
        .add_tension_pair(polish.id, 2, "What would be good enough to show this week?")
        .expect("pair");
    assert_eq!(
        j.add_tension_pair(2, polish.id, "again?")
            .expect_err("dup")
            .code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        j.add_tension_pair(2, 2, "self?").expect_err("same").code(),
        ErrorCode::InvalidInput
    );
    let builtin = j.tension_pairs().expect("pairs")[0].id;
    assert_eq!(
        j.delete_tension_pair(builtin).expect_err("builtin").code(),
        ErrorCode::InvalidInput
    );

    let (r, _me, _dev) = paired(&mut j);
    let mine = EntryContent {
        ratings: vec![rating(2, Some(2))],
        ..EntryContent::default()
    };
    let theirs = EntryContent {
        top_need_id: Some(polish.id),
        ..EntryContent::default()
    };
    fixtures::both_sealed(&mut j, &r, &mine, &theirs);
    j.reveal(r.id).expect("reveal");
    let c = j.comparison(r.id).expect("comparison");
    assert_eq!(c.tensions.len(), 1);
    assert_eq!(c.tensions[0].pair.id, pair.id);
    assert_eq!(c.tensions[0].needs, vec![2, polish.id]);
    j.delete_tension_pair(pair.id).expect("delete custom");
}

// ---- deals ---------------------------------------------------------------------

fn deal(title: &str, me: Id, dev: Id, review_on: &str) -> AgreementInput {
    AgreementInput {
        title: title.into(),
        commitments: vec![
            Commitment {
                person_id: me,
                body: "Warn sales a week before any date moves".into(),
            },
            Commitment {
                person_id: dev,
                body: "Keep one day a sprint for the billing cleanup".into(),
            },
        ],
        need_ids: vec![1, 5, 5],
        owner_id: dev,
        review_on: review_on.into(),
    }
}

#[test]
fn deals_are_written_after_the_reveal_and_checked() {
    let mut j = journal_with_me();
    let (r, me, dev) = paired(&mut j);
    assert_eq!(
        j.add_agreement(r.id, &deal("Early", me, dev, "2026-12-04"))
            .expect_err("before reveal")
            .code(),
        ErrorCode::InvalidInput
    );
    fixtures::both_sealed(&mut j, &r, &content("mine"), &content("theirs"));
    j.reveal(r.id).expect("reveal");
    let stranger = j
        .add_partner("Zed", &RoleChoice::Existing { id: 2 })
        .expect("zed");
    for bad in [
        AgreementInput {
            title: " ".into(),
            ..deal("x", me, dev, "2026-12-04")
        },
        AgreementInput {
            owner_id: stranger.id,
            ..deal("x", me, dev, "2026-12-04")
        },
        deal("x", me, stranger.id, "2026-12-04"),
        deal("x", me, dev, "2026-11-01"),
        deal("x", me, dev, "soon"),
        AgreementInput {
            need_ids: vec![999],
            ..deal("x", me, dev, "2026-12-04")
        },
        AgreementInput {
            commitments: vec![],
            ..deal("x", me, dev, "2026-12-04")
        },
    ] {
        assert_eq!(
            j.add_agreement(r.id, &bad).expect_err("refused").code(),
            ErrorCode::InvalidInput,
            "{bad:?}"
        );
    }
    assert!(
        j.agreements(r.id).expect("list").is_empty(),
        "nothing half-written"
    );

    let a = j
        .add_agreement(r.id, &deal("Dates and the cleanup", me, dev, "2026-12-04"))
        .expect("deal");
    assert_eq!(a.status, AgreementStatus::Open);
    assert_eq!(a.need_ids, vec![1, 5]);
    assert_eq!(a.owner.name, "Dev");
    assert_eq!(a.commitments.len(), 2);
    assert_eq!(a.history.len(), 1);
}

#[test]
fn a_deal_keeps_every_status_it_had_and_renegotiating_links_the_new_one() {
    let mut j = journal_with_me();
    let (r, me, dev) = revealed(&mut j);
    let a = j
        .add_agreement(r.id, &deal("Cleanup day", me, dev, "2026-12-04"))
        .expect("deal");
    let kept = j
        .set_agreement_status(a.id, AgreementStatus::Kept, None)
        .expect("kept");
    assert_eq!(kept.status, AgreementStatus::Kept);
    let broken = j
        .set_agreement_status(a.id, AgreementStatus::Broken, None)
        .expect("fix");
    assert_eq!(
        broken.history.iter().map(|h| h.status).collect::<Vec<_>>(),
        [
            AgreementStatus::Open,
            AgreementStatus::Kept,
            AgreementStatus::Broken
        ]
    );
    assert!(broken.history.iter().all(|h| !h.at.is_empty()));
    assert_eq!(
        j.set_agreement_status(a.id, AgreementStatus::Open, None)
            .expect_err("open")
            .code(),
        ErrorCode::InvalidInput
    );

    let new = j
        .renegotiate_agreement(
            a.id,
            r.id,
            &deal("Cleanup every other sprint", me, dev, "2026-12-18"),
        )
        .expect("renegotiate");
    let old = j
        .agreements(r.id)
        .expect("list")
        .into_iter()
        .find(|x| x.id == a.id)
        .expect("old");
    assert_eq!(old.status, AgreementStatus::Renegotiated);
    assert_eq!(old.history.last().and_then(|h| h.replaced_by), Some(new.id));
    assert_eq!(old.history.len(), 4);
    assert_eq!(
        j.set_agreement_status(a.id, AgreementStatus::Kept, None)
            .expect_err("final")
            .code(),
        ErrorCode::InvalidInput
    );
    let conn = j.db.conn();
    assert!(
        conn.execute("UPDATE agreement_status SET status = 'kept'", [])
            .is_err(),
        "the schema keeps the history too"
    );
}

/// "Ana's deal", made in a revealed retro with a new partner, Ana.
fn deal_with_ana(j: &mut Journal, me: Id) -> Agreement {
    let other = j
        .create_retro(&new_retro("With Ana", new_partner("Ana")))
        .expect("ana");
    let ana = other.participants[1].person.id;
    fixtures::both_sealed(j, &other, &content("a"), &content("b"));
    j.reveal(other.id).expect("reveal");
    j.add_agreement(other.id, &deal("Ana's deal", me, ana, "2026-12-04"))
        .expect("ana deal")
}

#[test]
fn trends_show_each_deal_under_each_need_as_it_stands_now_and_only_with_its_partner() {
    let mut j = journal_with_me();
    let (r, me, dev) = revealed(&mut j);
    let a = j
        .add_agreement(r.id, &deal("Cleanup day", me, dev, "2026-12-04"))
        .expect("deal");
    j.set_agreement_status(a.id, AgreementStatus::Kept, None)
        .expect("kept");
    j.set_agreement_status(a.id, AgreementStatus::Broken, None)
        .expect("broken after all");
    let theirs = deal_with_ana(&mut j, me);
    let outcomes = |partner_id| {
        let t = j
            .trends(&TrendsQuery {
                partner_id,
                ..TrendsQuery::default()
            })
            .expect("trends");
        t.deals
            .iter()
            .flat_map(|n| n.deals.iter().map(|d| (n.need_id, d.id, d.status)))
            .collect::<Vec<_>>()
    };
    use AgreementStatus::{Broken, Open};
    assert_eq!(
        outcomes(Some(dev)),
        [(1, a.id, Broken), (5, a.id, Broken)],
        "under each need it serves, as it stands now, without Ana's"
    );
    assert_eq!(
        outcomes(None),
        [
            (1, a.id, Broken),
            (1, theirs.id, Open),
            (5, a.id, Broken),
            (5, theirs.id, Open)
        ]
    );
}

#[test]
fn the_next_retro_with_the_same_partner_reviews_the_open_deals() {
    let mut j = journal_with_me();
    let (first, me, dev) = revealed(&mut j);
    let open = j
        .add_agreement(first.id, &deal("Cleanup day", me, dev, "2026-12-04"))
        .expect("deal");
    let done = j
        .add_agreement(first.id, &deal("Demo together", me, dev, "2026-12-04"))
        .expect("deal");
    j.set_agreement_status(done.id, AgreementStatus::Kept, None)
        .expect("kept");
    // A deal with someone else never shows up in Dev's review.
    deal_with_ana(&mut j, me);

    let next = j
        .create_retro(&NewRetro {
            title: "Next 1:1".into(),
            held_on: "2026-12-04".into(),
            partner: Some(PartnerChoice::Existing { id: dev }),
        })
        .expect("next");
    let agenda = j.review_agenda(next.id).expect("agenda");
    assert_eq!(
        agenda.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![open.id]
    );
    assert!(
        j.review_agenda(first.id).expect("own").is_empty(),
        "not its own deals"
    );

    let reviewed = j
        .set_agreement_status(open.id, AgreementStatus::Kept, Some(next.id))
        .expect("review");
    assert_eq!(
        reviewed.history.last().and_then(|h| h.reviewed_in),
        Some(next.id)
    );
    let agenda = j.review_agenda(next.id).expect("agenda");
    assert_eq!(agenda.len(), 1, "a deal reviewed here stays listed here");
    assert_eq!(agenda[0].status, AgreementStatus::Kept);

    let due = j
        .due_agreements(chrono::NaiveDate::from_ymd_opt(2026, 12, 4).expect("day"))
        .expect("due");
    assert_eq!(
        due.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
        ["Ana's deal"]
    );
    let early = j
        .due_agreements(chrono::NaiveDate::from_ymd_opt(2026, 12, 3).expect("day"))
        .expect("due");
    assert!(early.is_empty());
}
