use super::*;

fn journal_with_me() -> Journal {
    let mut j = Journal::open_in_memory().expect("open");
    j.set_me("Maya", &RoleChoice::Existing { id: 1 })
        .expect("me");
    j
}

fn new_retro(title: &str, partner: Option<PartnerChoice>) -> NewRetro {
    NewRetro {
        title: title.into(),
        held_on: "2026-11-20".into(),
        partner,
    }
}

fn new_partner(name: &str) -> Option<PartnerChoice> {
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
    assert_eq!(err.code(), "invalid_input");
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
        store::insert_person(conn, "Zed", 2, false, "2026-11-20T10:00:00.000Z").expect("p");
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
