//! The app's own export always imports again, and gives the same file: for
//! journals written through the public API with odd but legal text (spaces,
//! tabs and line breaks where the editor keeps them, right-to-left text,
//! emoji, and fields of the full 20,000 characters).

use proptest::prelude::*;

use super::json;
use crate::fixtures;
use crate::journal::{
    AgreementInput, Commitment, CycleStage, EntryContent, Journal, NeedRating, NewRetro,
    PartnerChoice, RoleChoice, Schedule, MAX_FIELD,
};

const AT: &str = "2026-11-24T10:00:00.000Z";

/// Free text as people type it: pieces of every kind, glued together.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(" ".to_owned()),
        Just("\t".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("שלום עולם".to_owned()),
        Just("مرحبا".to_owned()),
        Just("\u{200F}".to_owned()),
        Just("😀".to_owned()),
        Just("👩‍💻".to_owned()),
        Just("| * _ ` # <b>".to_owned()),
        "[a-zA-Z]{1,8}",
    ];
    prop_oneof![
        9 => prop::collection::vec(piece, 0..12).prop_map(|p| p.concat()),
        1 => Just("é".repeat(MAX_FIELD)),
    ]
}

/// One line (a name, a title): odd letters and inner spaces, padded with
/// spaces the journal trims.
fn line() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("שלום".to_owned()),
        Just("😀".to_owned()),
        Just("Zoë".to_owned()),
        Just("مرحبا".to_owned()),
        "[a-zA-Z]{1,8}",
    ];
    (prop::collection::vec(word, 1..4), 0..3usize, 0..3usize).prop_map(|(w, before, after)| {
        format!("{}{}{}", " ".repeat(before), w.join(" "), " ".repeat(after))
    })
}

/// Proxy tags with the spacing people give them.
fn tags() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof![
            Just(" estimate ".to_owned()),
            Just("the\testimate".to_owned()),
            Just("scope  creep".to_owned()),
            Just("\n".to_owned()),
            "[a-z]{1,10}",
        ],
        0..5,
    )
}

fn entry(notes: (String, String), words: [String; 6], proxies: Vec<String>) -> EntryContent {
    let [unsaid, position, concern, offer, ask, private_notes] = words;
    EntryContent {
        ratings: vec![
            NeedRating {
                need_id: 1,
                rating: Some(2),
                note: notes.0,
            },
            NeedRating {
                need_id: 5,
                rating: None,
                note: notes.1,
            },
        ],
        top_need_id: Some(5),
        unsaid,
        position,
        concern,
        proxies,
        cycle_stage: Some(CycleStage::Withdrawal),
        guesses: Vec::new(),
        offer,
        ask,
        private_notes,
    }
}

fn words() -> impl Strategy<Value = [String; 6]> {
    [text(), text(), text(), text(), text(), text()]
}

fn content() -> impl Strategy<Value = EntryContent> {
    ((text(), text()), words(), tags()).prop_map(|(n, w, t)| entry(n, w, t))
}

/// A journal with a solo entry and a revealed 1:1 with a later note and a deal.
fn journal(
    names: (String, String, String),
    solo: EntryContent,
    mine: EntryContent,
    mut theirs: EntryContent,
    extra: (String, String),
) -> Journal {
    let (me, partner, title) = names;
    let mut j = fixtures::kept_by(None, &me, 1);
    let alone = j
        .create_retro(&NewRetro {
            title: title.clone(),
            held_on: "2026-11-13".into(),
            partner: None,
        })
        .expect("solo");
    j.save_entry(alone.id, &solo).expect("solo entry");
    theirs.guesses = vec![1];
    let r = fixtures::revealed(
        &mut j,
        &NewRetro {
            title,
            held_on: "2026-11-20".into(),
            partner: Some(PartnerChoice::New {
                name: partner,
                role: RoleChoice::Existing { id: 2 },
            }),
        },
        &mine,
        &theirs,
    );
    let dev = r.participants[1].person.id;
    j.set_schedule(&Schedule {
        partner_id: dev,
        first_on: "2026-11-16".parse().expect("day"),
        at_minute: 9 * 60,
        every_weeks: 1,
        lead_minutes: 15,
    })
    .expect("schedule");
    let (note, commitment) = extra;
    if !note.trim().is_empty() {
        j.add_addendum(r.id, &note).expect("note");
    }
    if !commitment.trim().is_empty() {
        j.add_agreement(
            r.id,
            &AgreementInput {
                title: "Cleanup".into(),
                commitments: vec![Commitment {
                    person_id: dev,
                    body: commitment,
                }],
                need_ids: vec![5],
                owner_id: dev,
                review_on: "2026-12-04".into(),
            },
        )
        .expect("deal");
    }
    j
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn export_import_export_gives_identical_json(
        names in (line(), line(), line()),
        solo in content(),
        mine in content(),
        theirs in content(),
        extra in (text(), text()),
    ) {
        let source = journal(names, solo, mine, theirs, extra);
        let first = json::to_json(&json::export(&source, true, AT).expect("export"));
        let mut fresh = Journal::open_in_memory().expect("open");
        json::import(&mut fresh, &first).expect("the app's own export imports");
        let second = json::to_json(&json::export(&fresh, true, AT).expect("export again"));
        prop_assert_eq!(first, second);
    }
}
