use super::*;

pub(super) fn journal_with_me() -> Journal {
    crate::fixtures::maya()
}

/// Gives the keyboard back to the journal's owner (who has no PIN in these tests).
pub(super) fn back_to_me(j: &mut Journal, retro: Id) {
    let me = j.me().expect("me").expect("onboarded").id;
    j.take_turn(retro, me, None).expect("back to me");
}

pub(super) fn new_retro(title: &str, partner: Option<PartnerChoice>) -> NewRetro {
    NewRetro {
        title: title.into(),
        held_on: "2026-11-20".into(),
        partner,
    }
}

pub(super) fn new_partner(name: &str) -> Option<PartnerChoice> {
    Some(PartnerChoice::New {
        name: name.into(),
        role: RoleChoice::Existing { id: 2 },
    })
}

#[test]
fn onboarding_records_exactly_one_me_and_can_correct_it() {
    let mut j = Journal::open_in_memory().expect("open");
    assert!(j.me().expect("me").is_none());
    let me = j
        .set_me(
            "  Maya ",
            &RoleChoice::New {
                name: "Design".into(),
            },
        )
        .expect("set");
    assert_eq!(me.name, "Maya");
    assert_eq!(me.role.name, "Design");
    let again = j
        .set_me("Maya K", &RoleChoice::Existing { id: 1 })
        .expect("again");
    assert_eq!(again.id, me.id, "correcting me must not create a second me");
    assert_eq!(again.role.name, "Product");
    assert!(j.partners().expect("partners").is_empty());
}

#[test]
fn a_new_role_with_an_existing_name_picks_that_role() {
    let mut j = journal_with_me();
    let p = j
        .add_partner(
            "Dev",
            &RoleChoice::New {
                name: "engineering".into(),
            },
        )
        .expect("partner");
    assert_eq!(p.role.id, 2);
    assert_eq!(j.roles().expect("roles").len(), 2);
}

#[test]
fn retros_are_created_renamed_listed_newest_first_and_deleted() {
    let mut j = journal_with_me();
    let solo = j.create_retro(&new_retro("Week 46", None)).expect("solo");
    assert_eq!(solo.kind, RetroKind::Solo);
    assert_eq!(solo.state, RetroState::Open);
    assert_eq!(solo.participants.len(), 1);
    assert!(solo.participants[0].person.is_me);

    let mut later = new_retro("Billing cleanup 1:1", new_partner("Dev"));
    later.held_on = "2026-11-27".into();
    let paired = j.create_retro(&later).expect("paired");
    assert_eq!(paired.kind, RetroKind::Paired);
    let names: Vec<_> = paired
        .participants
        .iter()
        .map(|p| p.person.name.as_str())
        .collect();
    assert_eq!(names, ["Maya", "Dev"], "me first, then the partner");

    let titles: Vec<_> = j
        .retros()
        .expect("list")
        .into_iter()
        .map(|r| r.title)
        .collect();
    assert_eq!(titles, ["Billing cleanup 1:1", "Week 46"]);

    let renamed = j
        .rename_retro(solo.id, "Week 46: the launch")
        .expect("rename");
    assert_eq!(renamed.title, "Week 46: the launch");
    assert_eq!(j.retro(solo.id).expect("get").title, "Week 46: the launch");

    j.delete_retro(solo.id).expect("delete");
    assert!(matches!(j.retro(solo.id), Err(JournalError::NotFound(_))));
    assert!(matches!(
        j.delete_retro(solo.id),
        Err(JournalError::NotFound(_))
    ));
    assert_eq!(j.retros().expect("list").len(), 1);
}

#[test]
fn a_paired_retro_reuses_a_picked_partner() {
    let mut j = journal_with_me();
    let first = j
        .create_retro(&new_retro("One", new_partner("Dev")))
        .expect("one");
    let dev = first.participants[1].person.clone();
    let second = j
        .create_retro(&new_retro(
            "Two",
            Some(PartnerChoice::Existing { id: dev.id }),
        ))
        .expect("two");
    assert_eq!(second.participants[1].person, dev);
    assert_eq!(j.partners().expect("partners"), vec![dev]);
}

#[test]
fn bad_retro_input_is_refused_and_changes_nothing() {
    let mut j = journal_with_me();
    let cases = [
        new_retro("   ", new_partner("Dev")),
        new_retro(&"x".repeat(MAX_TITLE + 1), None),
        new_retro("Line\nbreak", None),
        NewRetro {
            held_on: "2026-02-30".into(),
            ..new_retro("Date", None)
        },
        new_retro("Empty partner", new_partner(" ")),
        new_retro("Me as partner", Some(PartnerChoice::Existing { id: 1 })),
        new_retro("Ghost partner", Some(PartnerChoice::Existing { id: 999 })),
    ];
    for case in &cases {
        let err = j.create_retro(case).expect_err("must be refused");
        assert!(
            matches!(err, JournalError::Invalid(_) | JournalError::NotFound(_)),
            "{err:?}"
        );
    }
    assert!(j.retros().expect("list").is_empty());
    assert!(
        j.partners().expect("partners").is_empty(),
        "a refused retro left a partner behind"
    );
}

#[test]
fn the_empty_title_message_says_what_to_do() {
    let mut j = journal_with_me();
    let err = j.create_retro(&new_retro("", None)).expect_err("empty");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(err.to_string(), "The title can't be empty.");
}

#[test]
fn odd_unicode_survives_a_round_trip() {
    let mut j = journal_with_me();
    let title = "Ретро 🚀 مراجعة — e\u{301}";
    let r = j.create_retro(&new_retro(title, None)).expect("create");
    assert_eq!(j.retro(r.id).expect("get").title, title);
}

#[test]
fn a_retro_needs_me_first() {
    let mut j = Journal::open_in_memory().expect("open");
    assert!(matches!(
        j.create_retro(&new_retro("Early", None)),
        Err(JournalError::NoMe)
    ));
}

#[test]
fn each_participant_writes_at_most_one_entry_and_only_participants_write() {
    let mut j = journal_with_me();
    let paired = j
        .create_retro(&new_retro("1:1", new_partner("Dev")))
        .expect("paired");
    let solo = j.create_retro(&new_retro("Alone", None)).expect("solo");
    let me = paired.participants[0].person.id;
    let dev = paired.participants[1].person.id;

    j.start_entry(paired.id, me).expect("mine");
    j.start_entry(paired.id, dev).expect("theirs");
    assert!(matches!(
        j.start_entry(paired.id, me),
        Err(JournalError::EntryExists)
    ));
    assert!(matches!(
        j.start_entry(solo.id, dev),
        Err(JournalError::NotParticipant)
    ));

    let states: Vec<_> = j
        .retro(paired.id)
        .expect("get")
        .participants
        .iter()
        .map(|p| p.entry_state)
        .collect();
    assert_eq!(states, [Some(EntryState::Draft), Some(EntryState::Draft)]);
}

#[test]
fn the_store_itself_refuses_a_second_entry_for_a_participant() {
    // The rule holds even for a writer that skips the journal API.
    let mut j = journal_with_me();
    let r = j.create_retro(&new_retro("1:1", None)).expect("retro");
    let me = r.participants[0].person.id;
    j.start_entry(r.id, me).expect("first");
    let conn = j.db.conn();
    let dup = store::insert_entry(conn, r.id, me, "2026-11-20T10:00:00.000Z");
    assert!(dup.is_err(), "the unique constraint is missing");
    let stranger =
        store::insert_person(conn, None, "Zed", 2, false, "2026-11-20T10:00:00.000Z").expect("p");
    assert!(store::insert_entry(conn, r.id, stranger, "2026-11-20T10:00:00.000Z").is_err());
}

#[test]
fn deleting_a_retro_takes_its_entries_with_it() {
    let mut j = journal_with_me();
    let r = j
        .create_retro(&new_retro("1:1", new_partner("Dev")))
        .expect("retro");
    j.start_entry(r.id, r.participants[0].person.id)
        .expect("entry");
    j.delete_retro(r.id).expect("delete");
    let left: i64 =
        j.db.conn()
            .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
            .expect("count");
    assert_eq!(left, 0);
}

// ---- entries ---------------------------------------------------------------

pub(super) fn content(unsaid: &str) -> EntryContent {
    EntryContent {
        ratings: vec![
            NeedRating {
                need_id: 1,
                rating: Some(2),
                note: "dates slipped twice".into(),
            },
            NeedRating {
                need_id: 5,
                rating: None,
                note: String::new(),
            },
        ],
        top_need_id: Some(1),
        unsaid: unsaid.into(),
        position: "Ship the import by Friday".into(),
        concern: "The customer renews next month".into(),
        proxies: vec!["estimate".into(), " deadline ".into(), "deadline".into()],
        cycle_stage: Some(CycleStage::ProxyArguments),
        offer: "Drop the export screen".into(),
        ask: "A date I can repeat to sales".into(),
        private_notes: "I am tired of guessing".into(),
        ..EntryContent::default()
    }
}

/// A paired retro with Maya (me, product) and Dev (engineering).
pub(super) fn paired(j: &mut Journal) -> (Retro, Id, Id) {
    let r = j
        .create_retro(&new_retro("1:1", new_partner("Dev")))
        .expect("paired");
    let (me, dev) = (r.participants[0].person.id, r.participants[1].person.id);
    (r, me, dev)
}

#[test]
fn an_entry_saves_and_reads_back_with_tags_tidied() {
    let mut j = journal_with_me();
    let r = j.create_retro(&new_retro("Solo", None)).expect("solo");
    let saved = j
        .save_entry(r.id, &content("I need a date that holds"))
        .expect("save");
    assert_eq!(saved.state, Some(EntryState::Draft));
    let c = saved.content.expect("my own draft is readable");
    assert_eq!(c.unsaid, "I need a date that holds");
    assert_eq!(c.proxies, ["estimate", "deadline"]);
    assert_eq!(c.ratings.len(), 2);
    assert!(saved.saved_at.is_some());
}

#[test]
fn a_sealed_entry_refuses_writes_in_the_api_and_in_the_database() {
    let mut j = journal_with_me();
    let r = j.create_retro(&new_retro("Solo", None)).expect("solo");
    j.save_entry(r.id, &content("first words")).expect("save");
    j.seal_entry(r.id).expect("seal");

    let err = j
        .save_entry(r.id, &content("changed my mind"))
        .expect_err("sealed");
    assert_eq!(err.code(), ErrorCode::EntrySealed);
    let c = j
        .my_entry(r.id)
        .expect("entry")
        .content
        .expect("solo sealed is readable");
    assert_eq!(c.unsaid, "first words");

    // Writers that skip the journal API hit the same wall.
    let conn = j.db.conn();
    for sql in [
        "UPDATE entries SET unsaid = 'sneaky'",
        "UPDATE ratings SET rating = 5",
        "DELETE FROM ratings",
        "INSERT INTO proxies (entry_id, tag) SELECT id, 'x' FROM entries",
        "DELETE FROM proxies",
    ] {
        let err = conn.execute(sql, []).expect_err(sql);
        assert!(err.to_string().contains("entry_locked"), "{sql}: {err}");
    }

    j.unseal_entry(r.id).expect("unseal before any reveal");
    j.save_entry(r.id, &content("changed my mind"))
        .expect("writable again");
}

#[test]
fn unsealing_after_the_reveal_is_refused_and_a_revealed_entry_never_changes() {
    let mut j = journal_with_me();
    let (r, _me, dev) = paired(&mut j);
    j.save_entry(r.id, &content("mine")).expect("mine");
    j.seal_entry(r.id).expect("seal mine");
    j.take_turn(r.id, dev, None).expect("turn");
    j.save_entry(r.id, &content("theirs")).expect("theirs");
    j.seal_entry(r.id).expect("seal theirs");
    back_to_me(&mut j, r.id);
    assert_eq!(j.reveal(r.id).expect("reveal").state, RetroState::Revealed);

    let err = j.unseal_entry(r.id).expect_err("revealed");
    assert_eq!(err.code(), ErrorCode::EntryRevealed);
    assert_eq!(
        j.save_entry(r.id, &content("edit"))
            .expect_err("revealed")
            .code(),
        ErrorCode::EntrySealed
    );
    let conn = j.db.conn();
    for sql in [
        "UPDATE entries SET state = 'draft'",
        "UPDATE entries SET state = 'sealed'",
    ] {
        let err = conn.execute(sql, []).expect_err(sql);
        assert!(err.to_string().contains("entry_revealed"), "{sql}: {err}");
    }
}

#[test]
fn the_reveal_waits_for_everyone_to_seal() {
    let mut j = journal_with_me();
    let (r, _me, _dev) = paired(&mut j);
    j.save_entry(r.id, &content("mine")).expect("mine");
    j.seal_entry(r.id).expect("seal");
    let err = j.reveal(r.id).expect_err("Dev has not sealed");
    assert_eq!(err.code(), ErrorCode::NotAllSealed);
    assert!(err.to_string().starts_with("Dev has not sealed"), "{err}");
    assert_eq!(j.retro(r.id).expect("retro").state, RetroState::Open);
}

#[test]
fn no_peeking_before_the_reveal_in_either_direction() {
    let mut j = journal_with_me();
    let (r, me, dev) = paired(&mut j);
    j.save_entry(r.id, &content("MAYA-SECRET")).expect("mine");
    j.take_turn(r.id, dev, None).expect("turn");
    j.save_entry(r.id, &content("DEV-SECRET")).expect("theirs");

    let assert_only_own = |j: &Journal, own: Id, other: Id, own_text: &str| {
        let views = j.entries(r.id).expect("entries");
        let mine = views.iter().find(|v| v.person.id == own).expect("own");
        let theirs = views.iter().find(|v| v.person.id == other).expect("other");
        assert_eq!(
            mine.content.as_ref().map(|c| c.unsaid.as_str()),
            Some(own_text)
        );
        assert_eq!(
            theirs.state,
            Some(EntryState::Draft),
            "the state may be known"
        );
        assert!(
            theirs.content.is_none() && theirs.saved_at.is_none(),
            "{theirs:?}"
        );
        let leaked = format!("{views:?}");
        assert!(
            !leaked.contains(if own_text == "DEV-SECRET" {
                "MAYA"
            } else {
                "DEV-SECRET"
            }),
            "{leaked}"
        );
    };
    assert_only_own(&j, dev, me, "DEV-SECRET");
    back_to_me(&mut j, r.id);
    assert_only_own(&j, me, dev, "MAYA-SECRET");

    // Sealed: closed to everyone before the reveal, its writer included.
    j.seal_entry(r.id).expect("seal mine");
    assert!(j.my_entry(r.id).expect("mine").content.is_none());
    assert!(j
        .my_entries(&EntryQuery {
            text: "MAYA".into(),
            ..EntryQuery::default()
        })
        .expect("search")
        .is_empty());

    j.take_turn(r.id, dev, None).expect("turn");
    j.seal_entry(r.id).expect("seal theirs");
    back_to_me(&mut j, r.id);
    j.reveal(r.id).expect("reveal");
    let views = j.entries(r.id).expect("entries");
    assert!(
        views.iter().all(|v| v.content.is_some()),
        "both open after the reveal"
    );
}

#[test]
fn search_finds_my_own_words_and_never_anyone_elses() {
    let mut j = journal_with_me();
    let (r, _me, dev) = paired(&mut j);
    j.take_turn(r.id, dev, None).expect("turn");
    j.save_entry(r.id, &content("I need time for the billing rewrite"))
        .expect("theirs");
    back_to_me(&mut j, r.id);
    let solo = j.create_retro(&new_retro("Week 47", None)).expect("solo");
    j.save_entry(solo.id, &content("I need the billing date to hold"))
        .expect("mine");
    j.seal_entry(solo.id).expect("sealed solo stays readable");

    let hits = j
        .my_entries(&EntryQuery {
            text: "bill".into(),
            ..EntryQuery::default()
        })
        .expect("search");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].retro_id, solo.id);
    assert_eq!(hits[0].top_need.as_deref(), Some("Predictability"));
    let snippet = hits[0].snippet.as_deref().expect("snippet");
    assert!(snippet.contains("\u{E000}billing\u{E001}"), "{snippet}");
    assert!(
        !format!("{hits:?}").contains("rewrite"),
        "Dev's words leaked"
    );

    // As Dev, my words are out of reach.
    j.take_turn(r.id, dev, None).expect("turn");
    let theirs = j
        .my_entries(&EntryQuery {
            text: "billing".into(),
            ..EntryQuery::default()
        })
        .expect("search");
    assert_eq!(theirs.len(), 1);
    assert!(!format!("{theirs:?}").contains("hold"), "{theirs:?}");
}

#[test]
fn search_text_is_taken_literally_and_filters_narrow_it() {
    let mut j = journal_with_me();
    let a = j.create_retro(&new_retro("A", None)).expect("a");
    let mut later = new_retro("B", None);
    later.held_on = "2026-12-04".into();
    let b = j.create_retro(&later).expect("b");
    j.save_entry(a.id, &content("naïve \"quoted\" AND OR NOT * ( émoji 🚀"))
        .expect("a");
    let mut other = content("something else");
    other.top_need_id = Some(4);
    other.ratings = vec![NeedRating {
        need_id: 4,
        rating: Some(1),
        note: String::new(),
    }];
    j.save_entry(b.id, &other).expect("b");

    for text in ["\"quoted", "AND", "NOT *", "(", "naive", "🚀", "émoji"] {
        let hits = j.my_entries(&EntryQuery {
            text: text.into(),
            ..EntryQuery::default()
        });
        let hits = hits.unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert!(
            hits.iter().all(|h| h.retro_id == a.id),
            "{text:?}: {hits:?}"
        );
    }
    let all = j.my_entries(&EntryQuery::default()).expect("all");
    assert_eq!(
        all.iter().map(|h| h.retro_id).collect::<Vec<_>>(),
        [b.id, a.id],
        "newest first"
    );
    let by_need = j
        .my_entries(&EntryQuery {
            need_id: Some(4),
            ..EntryQuery::default()
        })
        .expect("need");
    assert_eq!(by_need.len(), 1);
    assert_eq!(by_need[0].retro_id, b.id);
    let by_date = j
        .my_entries(&EntryQuery {
            from: Some("2026-11-01".into()),
            to: Some("2026-11-30".into()),
            ..EntryQuery::default()
        })
        .expect("dates");
    assert_eq!(
        by_date.iter().map(|h| h.retro_id).collect::<Vec<_>>(),
        [a.id]
    );
}

#[test]
fn bad_entries_are_refused_with_a_clear_message_and_change_nothing() {
    let mut j = journal_with_me();
    let (r, _me, _dev) = paired(&mut j);
    let solo = j.create_retro(&new_retro("Solo", None)).expect("solo");
    j.save_entry(r.id, &content("the original")).expect("save");
    let before = j.entries(r.id).expect("before");

    let mut too_long = content("x");
    too_long.concern = "é".repeat(MAX_FIELD + 1);
    let mut unknown_need = content("x");
    unknown_need.ratings[0].need_id = 999;
    let mut unknown_top = content("x");
    unknown_top.top_need_id = Some(999);
    let mut high = content("x");
    high.ratings[0].rating = Some(6);
    let mut low = content("x");
    low.ratings[0].rating = Some(0);
    let mut four_guesses = content("x");
    four_guesses.guesses = vec![1, 2, 3, 4];

    for (case, expected) in [
        (&too_long, "limit is 20000"),
        (&unknown_need, "not in the catalog"),
        (&unknown_top, "not in the catalog"),
        (&high, "6 is outside"),
        (&low, "0 is outside"),
        (&four_guesses, "at most 3"),
    ] {
        let err = j.save_entry(r.id, case).expect_err(expected);
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.to_string().contains(expected), "{err}");
    }
    let mut guesses_in_solo = content("x");
    guesses_in_solo.guesses = vec![4];
    assert_eq!(
        j.save_entry(solo.id, &guesses_in_solo)
            .expect_err("solo")
            .code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        j.entries(r.id).expect("after"),
        before,
        "a refused save changed the entry"
    );
    assert!(
        j.my_entry(solo.id).expect("solo").state.is_none(),
        "a refused first save left a draft"
    );
}

#[test]
fn only_participants_write_or_take_a_turn() {
    let mut j = journal_with_me();
    let solo = j.create_retro(&new_retro("Solo", None)).expect("solo");
    let stranger = j
        .add_partner("Zed", &RoleChoice::Existing { id: 2 })
        .expect("zed");
    assert_eq!(
        j.take_turn(solo.id, stranger.id, None)
            .expect_err("stranger")
            .code(),
        ErrorCode::NotParticipant
    );
    // Even with the keyboard by other means, a stranger does not see the
    // retro at all, so their save is refused.
    store::set_turn(j.db.conn(), Some((solo.id, Some(stranger.id)))).expect("turn");
    assert_eq!(
        j.save_entry(solo.id, &content("x"))
            .expect_err("stranger")
            .code(),
        ErrorCode::NotFound
    );
    assert!(j.retros().expect("list").is_empty());
}

#[test]
fn a_retro_with_sealed_entries_can_still_be_deleted() {
    let mut j = journal_with_me();
    let r = j.create_retro(&new_retro("Solo", None)).expect("solo");
    j.save_entry(r.id, &content("words")).expect("save");
    j.seal_entry(r.id).expect("seal");
    j.delete_retro(r.id).expect("delete");
    let conn = j.db.conn();
    let left: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM ratings) + (SELECT count(*) FROM entry_text)",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(left, 0);
}

// ---- catalog ---------------------------------------------------------------

#[test]
fn a_used_need_can_be_archived_but_not_deleted() {
    let mut j = journal_with_me();
    let design = j.add_role("Design").expect("role");
    let input = NeedInput {
        role_id: design.id,
        name: "Clarity".into(),
        explanation: "Knowing which problem we are solving.".into(),
        frustration: "I redo mock-ups for changing goals.".into(),
    };
    let need = j.add_need(&input).expect("need");
    let unused = j
        .add_need(&NeedInput {
            name: "Focus".into(),
            ..input.clone()
        })
        .expect("unused");
    let r = j.create_retro(&new_retro("Solo", None)).expect("solo");
    let mut c = content("x");
    c.ratings.push(NeedRating {
        need_id: need.id,
        rating: Some(3),
        note: String::new(),
    });
    j.save_entry(r.id, &c).expect("save");

    assert_eq!(
        j.delete_need(need.id).expect_err("used").code(),
        ErrorCode::NeedInUse
    );
    assert!(
        j.set_need_archived(need.id, true)
            .expect("archive")
            .archived
    );
    assert!(
        !j.set_need_archived(need.id, false)
            .expect("unarchive")
            .archived
    );
    j.delete_need(unused.id)
        .expect("an unused custom need can go");
    assert_eq!(
        j.delete_need(1).expect_err("builtin").code(),
        ErrorCode::InvalidInput
    );
    let renamed = j
        .update_need(
            need.id,
            &NeedInput {
                name: "Shared goals".into(),
                ..input
            },
        )
        .expect("rename");
    assert_eq!(renamed.name, "Shared goals");
    assert!(j.needs().expect("needs").iter().any(|n| n.id == need.id));
}

#[test]
fn custom_roles_can_be_added_and_renamed_but_built_in_ones_keep_their_names() {
    let mut j = journal_with_me();
    let qa = j.add_role("QA").expect("qa");
    assert_eq!(
        j.rename_role(qa.id, "Quality").expect("rename").name,
        "Quality"
    );
    assert_eq!(
        j.rename_role(1, "Sales").expect_err("builtin").code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        j.add_role("quality").expect_err("duplicate").code(),
        ErrorCode::InvalidInput
    );
}

#[test]
fn the_retro_list_comes_in_pages_newest_first() {
    let mut j = journal_with_me();
    for day in 1..=5 {
        j.create_retro(&NewRetro {
            title: format!("Day {day}"),
            held_on: format!("2026-11-0{day}"),
            partner: None,
        })
        .expect("retro");
    }
    // Two on the same day: the newer one comes first.
    j.create_retro(&new_retro("Same day", None)).expect("retro");
    j.create_retro(&new_retro("Same day, later", None))
        .expect("retro");
    let all: Vec<String> = j
        .retros()
        .expect("all")
        .into_iter()
        .map(|r| r.title)
        .collect();
    // A page of 1 puts a boundary between the two retros of the same day.
    for size in [1, 3, 50] {
        let mut titles = Vec::new();
        let mut after = None;
        loop {
            let (page, next) = j.retro_page(after, size).expect("page");
            assert!(page.len() <= size);
            titles.extend(page.into_iter().map(|r| r.title));
            match next {
                Some(cursor) => after = Some(cursor),
                None => break,
            }
        }
        assert_eq!(titles, all, "pages of {size}");
    }
    let titles = all;
    assert_eq!(titles[..2], ["Same day, later", "Same day"]);
    assert_eq!(titles.len(), 7);
}

/// A value the journal does not know (written by a newer version, or
/// damage) is an error that says so, never read as something else.
#[test]
fn an_unknown_stored_value_fails_loudly() {
    let mut j = journal_with_me();
    let r = j.create_retro(&new_retro("Solo", None)).expect("solo");
    j.save_entry(r.id, &content("words")).expect("save");
    let conn = j.db.conn();
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = ON;
         UPDATE retros SET kind = 'trio';
         PRAGMA ignore_check_constraints = OFF;",
    )
    .expect("a value from elsewhere");
    let err = j.retros().expect_err("unknown kind");
    assert_eq!(err.code(), ErrorCode::JournalCorrupt);
    assert!(err.to_string().contains("retro kind of \"trio\""), "{err}");
    assert!(j.entries(r.id).is_err(), "no entry is read as a guess");

    let conn = j.db.conn();
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = ON;
         UPDATE retros SET kind = 'solo';
         UPDATE entries SET cycle_stage = 'denial';
         PRAGMA ignore_check_constraints = OFF;",
    )
    .expect("another");
    let err = j.my_entry(r.id).expect_err("unknown stage");
    assert!(
        err.to_string().contains("cycle stage of \"denial\""),
        "{err}"
    );
}

#[test]
fn a_backup_from_an_older_version_is_restored_upgraded_and_the_replaced_journal_is_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("journal.sqlite3");
    // A backup written by a version-3 build: Maya's sealed solo entry.
    let old = dir.path().join("from-v3.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&old).expect("raw");
        crate::store::migrate_to(&mut conn, 3);
        conn.execute_batch(
            "INSERT INTO people (name, role_id, is_me, created_at) VALUES ('Maya', 1, 1, 'x');
             INSERT INTO retros (title, held_on, kind, created_at, updated_at)
                 VALUES ('Planning in March', '2026-03-02', 'solo', 'x', 'x');
             INSERT INTO participants VALUES (1, 1);
             INSERT INTO entries (retro_id, person_id, state, unsaid, created_at, updated_at)
                 VALUES (1, 1, 'sealed', 'I need dates that hold', 'x', 'x');",
        )
        .expect("v3 data");
    }
    let mut j = Journal::open(&path).expect("open");
    j.set_me("Maya", &RoleChoice::Existing { id: 1 })
        .expect("me");
    j.create_retro(&new_retro("Written since", None))
        .expect("retro");

    let kept = j.restore_backup(&old).expect("restore");

    let titles: Vec<String> = j
        .retros()
        .expect("list")
        .into_iter()
        .map(|r| r.title)
        .collect();
    assert_eq!(titles, ["Planning in March"]);
    let entry = j.my_entry(1).expect("entry");
    assert_eq!(entry.state, Some(EntryState::Sealed));
    assert_eq!(
        entry.content.expect("mine to read").unsaid,
        "I need dates that hold"
    );
    // Brought up to this version on the way in, so what version 4 added
    // (the count of wrong PINs) is there on the restored journal.
    let conn = j.db.conn();
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);
    let failures: i64 = conn
        .query_row("SELECT pin_failures FROM people WHERE is_me", [], |r| {
            r.get(0)
        })
        .expect("a version 4 column");
    assert_eq!(failures, 0);
    assert!(j.problems().expect("check").is_empty());
    drop(j);

    assert_eq!(kept.parent(), Some(backups_dir(&path).as_path()));
    let name = kept.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(name.starts_with("before-restore-"), "{name}");
    let before = Journal::open(&kept).expect("the replaced journal opens");
    let titles: Vec<String> = before
        .retros()
        .expect("list")
        .into_iter()
        .map(|r| r.title)
        .collect();
    assert_eq!(titles, ["Written since"], "the journal as it was is kept");
    // The backup itself is left as it was: still version 3.
    let v: u32 = rusqlite::Connection::open(&old)
        .expect("old")
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("v");
    assert_eq!(v, 3);
}

#[test]
fn search_is_ranked_and_paged_and_every_page_follows_the_last() {
    let mut j = journal_with_me();
    let mut ids = Vec::new();
    for (n, unsaid) in [
        "billing",
        "billing billing billing, always billing",
        "nothing about it",
        "billing twice: billing",
        "the billing date",
    ]
    .iter()
    .enumerate()
    {
        let mut new = new_retro(&format!("Week {n}"), None);
        new.held_on = format!("2026-11-{:02}", n + 1);
        let r = j.create_retro(&new).expect("retro");
        j.save_entry(r.id, &content(unsaid)).expect("entry");
        ids.push(r.id);
    }
    let query = |after: Option<EntryCursor>| EntryQuery {
        text: "billing".into(),
        limit: Some(2),
        after,
        ..EntryQuery::default()
    };
    let mut seen = Vec::new();
    let mut after = None;
    for _ in 0..5 {
        let page = j.journal_page(&query(after)).expect("page");
        assert!(page.items.len() <= 2);
        assert!(page.items.iter().all(|i| i.snippet.is_some()), "{page:?}");
        seen.extend(page.items.iter().map(|i| i.retro_id));
        after = page.next;
        if after.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 4, "every match once: {seen:?}");
    assert_eq!(seen[0], ids[1], "the entry that says it most comes first");
    assert!(!seen.contains(&ids[2]));

    // The list without search text pages newest first, the same way.
    let list = |after: Option<EntryCursor>| EntryQuery {
        limit: Some(3),
        after,
        ..EntryQuery::default()
    };
    let first = j.journal_page(&list(None)).expect("first");
    let second = j.journal_page(&list(first.next.clone())).expect("second");
    let order: Vec<Id> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|i| i.retro_id)
        .collect();
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(order, newest_first);
    assert!(second.next.is_none(), "the last page says so");
}

#[test]
fn search_filters_by_partner_and_state() {
    let mut j = journal_with_me();
    let (r, _me, _dev) = paired(&mut j);
    j.save_entry(r.id, &content("billing with Dev"))
        .expect("mine");
    let solo = j.create_retro(&new_retro("Alone", None)).expect("solo");
    j.save_entry(solo.id, &content("billing alone"))
        .expect("solo entry");
    j.seal_entry(solo.id).expect("sealed");
    let dev = j.partners().expect("partners")[0].id;
    let with_dev = j
        .my_entries(&EntryQuery {
            text: "billing".into(),
            partner_id: Some(dev),
            ..EntryQuery::default()
        })
        .expect("partner");
    assert_eq!(
        with_dev.iter().map(|i| i.retro_id).collect::<Vec<_>>(),
        [r.id]
    );
    let sealed = j
        .my_entries(&EntryQuery {
            state: Some(EntryState::Sealed),
            ..EntryQuery::default()
        })
        .expect("state");
    assert_eq!(
        sealed.iter().map(|i| i.retro_id).collect::<Vec<_>>(),
        [solo.id]
    );
}
