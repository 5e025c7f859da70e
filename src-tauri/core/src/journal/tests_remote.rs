//! A 1:1 on two laptops, from the journal's side: what an envelope holds,
//! and that an entry sent sealed stays sealed.

use super::*;
use crate::export::envelope::{self, read, RevealKey};
use crate::fixtures;

fn entry() -> EntryContent {
    EntryContent {
        ratings: vec![
            NeedRating {
                need_id: 1,
                rating: Some(2),
                note: "Dates keep slipping".into(),
            },
            NeedRating {
                need_id: 5,
                rating: Some(4),
                note: String::new(),
            },
        ],
        top_need_id: Some(1),
        unsaid: "I need dates that hold".into(),
        private_notes: "Only for me".into(),
        ..EntryContent::default()
    }
}

/// Maya's journal with a retro on two laptops with Dev, her entry written.
fn remote() -> (Journal, Retro) {
    let mut j = fixtures::maya();
    let r = j
        .create_remote_retro(&NewRetro {
            title: "Week 12 with Dev".into(),
            held_on: "2026-11-23".into(),
            partner: Some(PartnerChoice::New {
                name: "Dev".into(),
                role: RoleChoice::Existing { id: 2 },
            }),
        })
        .expect("a remote retro");
    j.save_entry(r.id, &entry()).expect("my entry");
    (j, r)
}

/// The key kept for my envelope.
fn my_key(j: &Journal, retro: Id) -> RevealKey {
    let key: Vec<u8> =
        j.db.conn()
            .query_row(
                "SELECT key FROM envelopes WHERE retro_id = ?1 AND person_id = 1",
                [retro],
                |r| r.get(0),
            )
            .expect("a kept key");
    RevealKey::from_bytes(key.try_into().expect("32 bytes"))
}

#[test]
fn a_sealed_entry_is_sent_without_private_notes_and_stays_sealed() {
    let (mut j, r) = remote();
    assert!(j.is_remote(r.id).expect("remote"));
    let err = envelope::send(&mut j, r.id).expect_err("not sealed yet");
    assert!(err.to_string().contains("Seal your entry"), "{err}");
    assert!(j.sent_envelope(r.id).expect("none").is_none());

    j.seal_entry(r.id).expect("seal");
    let sent = envelope::send(&mut j, r.id).expect("send");
    let file = read(&sent.text).expect("an envelope");
    assert_eq!(file.fingerprint(), sent.fingerprint);
    assert_eq!(file.label.retro.title, "Week 12 with Dev");
    assert_eq!(file.label.writer.name, "Maya");
    assert_eq!(file.label.partner.name, "Dev");
    assert_eq!(file.label.partner.role, "Engineering");
    assert!(
        !sent.text.contains("dates that hold"),
        "sealed, not in the clear"
    );

    let opened: SealedEntry =
        serde_json::from_slice(&file.open(&my_key(&j, r.id)).expect("open")).expect("json");
    let mut expected = entry();
    expected.private_notes.clear();
    assert_eq!(
        opened.content, expected,
        "what Dev will read, and nothing more"
    );
    let names: Vec<&str> = opened.needs.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names.len(), 2, "the needs it names: {names:?}");
    assert!(opened.needs.iter().all(|n| n.builtin));

    // Sent is final: the same file again, and no unsealing.
    assert_eq!(envelope::send(&mut j, r.id).expect("again"), sent);
    let err = j.unseal_entry(r.id).expect_err("sent sealed");
    assert!(err.to_string().contains("stays sealed"), "{err}");
    assert_eq!(
        j.my_entry(r.id).expect("mine").state,
        Some(EntryState::Sealed)
    );
}

#[test]
fn only_a_retro_on_two_laptops_is_sent() {
    let mut j = fixtures::maya();
    let solo = j
        .create_retro(&NewRetro {
            title: "Alone".into(),
            held_on: "2026-11-23".into(),
            partner: None,
        })
        .expect("solo");
    j.save_entry(solo.id, &entry()).expect("entry");
    j.seal_entry(solo.id).expect("seal");
    let err = envelope::send(&mut j, solo.id).expect_err("solo");
    assert!(err.to_string().contains("solo entry, yours alone"), "{err}");
    let err = envelope::code(&mut j, solo.id).expect_err("solo");
    assert!(err.to_string().contains("solo entry, yours alone"), "{err}");
    let together = j
        .create_retro(&NewRetro {
            title: "Together".into(),
            held_on: "2026-11-23".into(),
            partner: Some(PartnerChoice::New {
                name: "Dev".into(),
                role: RoleChoice::Existing { id: 2 },
            }),
        })
        .expect("paired");
    let err = envelope::code(&mut j, together.id).expect_err("one laptop");
    assert!(err.to_string().contains("held on one laptop"), "{err}");
    let err = j
        .create_remote_retro(&NewRetro {
            title: "Nobody".into(),
            held_on: "2026-11-23".into(),
            partner: None,
        })
        .expect_err("needs a partner");
    assert!(err.to_string().contains("needs a partner"), "{err}");
    assert_eq!(j.retros().expect("list").len(), 2, "nothing half-made");
}

/// Everything a journal holds, to compare before and after a refusal.
fn snapshot(j: &Journal) -> String {
    let mut out = crate::export::json::to_json(
        &crate::export::json::export(j, true, "2026-11-25T10:00:00Z").expect("export"),
    );
    for sql in [
        "SELECT retro_id || ' ' || person_id || ' ' || fingerprint || ' ' || (key IS NOT NULL) || ' ' || ifnull(code_given_at, '-') FROM envelopes ORDER BY 1",
        "SELECT by_id || ' ' || person_id || ' ' || uid FROM known_as ORDER BY 1",
        "SELECT '' || retro_id FROM remote_retros ORDER BY 1",
        "SELECT '' || count(*) FROM needs",
    ] {
        let mut stmt = j.db.conn().prepare(sql).expect("query");
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .expect("rows")
            .map(|r| r.expect("row"))
            .collect();
        out.push_str(&rows.join("\n"));
    }
    out
}

fn dev_entry() -> EntryContent {
    EntryContent {
        ratings: vec![NeedRating {
            need_id: 5,
            rating: Some(1),
            note: "No room to fix the build".into(),
        }],
        top_need_id: Some(5),
        unsaid: "I need a pace that lasts".into(),
        private_notes: "Dev's own".into(),
        ..EntryContent::default()
    }
}

/// The whole exchange up to both codes: Maya sends, Dev opens it (saying
/// who Maya is), writes, seals and sends back, Maya opens his. Returns both
/// journals, each one's retro, and both codes.
fn exchanged() -> (Journal, Id, Journal, Id, String, String) {
    let (mut maya, r) = remote();
    maya.seal_entry(r.id).expect("seal");
    let from_maya = envelope::send(&mut maya, r.id).expect("send").text;

    let mut dev = fixtures::kept_by(None, "Dev", 2);
    let err = envelope::receive(&mut dev, &from_maya, None).expect_err("who is Maya?");
    assert_eq!(err.code(), ErrorCode::PartnerUnknown, "{err}");
    let maya_is = PartnerChoice::New {
        name: "Maya".into(),
        role: RoleChoice::Existing { id: 1 },
    };
    let got = envelope::receive(&mut dev, &from_maya, Some(&maya_is)).expect("open");
    assert!(got.new);
    assert_eq!(got.from.name, "Maya");
    assert_eq!(got.retro.title, "Week 12 with Dev");
    let dr = got.retro.id;
    let hers = dev.entries(dr).expect("entries");
    let hers = hers.iter().find(|e| e.person.name == "Maya").expect("hers");
    assert_eq!(hers.state, Some(EntryState::Sealed));
    assert!(hers.content.is_none(), "sealed: not readable");
    let err = envelope::code(&mut dev, dr).expect_err("Dev has not sent yet");
    assert!(
        err.to_string().contains("Send your sealed entry first"),
        "{err}"
    );

    dev.save_entry(dr, &dev_entry()).expect("Dev writes");
    dev.seal_entry(dr).expect("Dev seals");
    let from_dev = envelope::send(&mut dev, dr).expect("send back").text;
    let dev_code = envelope::code(&mut dev, dr).expect("Dev's code");

    let err = envelope::code(&mut maya, r.id).expect_err("Dev's envelope is not in");
    assert!(
        err.to_string().contains("once Dev's sealed entry is in"),
        "{err}"
    );
    // Maya knows Dev already: no question asked.
    let back = envelope::receive(&mut maya, &from_dev, None).expect("open Dev's");
    assert_eq!((back.retro.id, back.from.name.as_str()), (r.id, "Dev"));
    let maya_code = envelope::code(&mut maya, r.id).expect("Maya's code");
    (maya, r.id, dev, dr, maya_code, dev_code)
}

#[test]
fn two_laptops_reveal_both_entries_with_each_other_s_code() {
    let (mut maya, r, mut dev, dr, maya_code, dev_code) = exchanged();
    let revealed = envelope::reveal(&mut maya, r, &dev_code).expect("Maya reveals");
    assert_eq!(revealed.state, store::RetroState::Revealed);
    let his = maya.entries(r).expect("entries");
    let his = his.iter().find(|e| e.person.name == "Dev").expect("his");
    let content = his.content.as_ref().expect("revealed");
    assert_eq!(content.unsaid, "I need a pace that lasts");
    assert!(content.private_notes.is_empty(), "never his private notes");
    assert_eq!(
        content.top_need_id,
        Some(5),
        "sustainability is sustainability"
    );
    maya.comparison(r)
        .expect("the comparison opens as on one laptop");

    envelope::reveal(&mut dev, dr, &maya_code).expect("Dev reveals");
    let hers = dev.entries(dr).expect("entries");
    let hers = hers.iter().find(|e| e.person.name == "Maya").expect("hers");
    assert_eq!(
        hers.content.as_ref().expect("revealed").unsaid,
        "I need dates that hold"
    );
    // Revealed is final: the same code again changes nothing.
    let before = snapshot(&dev);
    let again = envelope::reveal(&mut dev, dr, &maya_code).expect_err("already revealed");
    assert!(
        again.to_string().contains("was revealed already"),
        "{again}"
    );
    assert_eq!(snapshot(&dev), before);
}

#[test]
fn bad_codes_and_bad_files_leave_the_journal_as_it_was() {
    let (mut maya, r, dev, dr, maya_code, dev_code) = exchanged();
    let before = snapshot(&maya);
    // A typo, Maya's own code, and a code for another retro.
    let mut typo = dev_code.clone().into_bytes();
    typo[0] = if typo[0] == b'7' { b'8' } else { b'7' };
    let typo = String::from_utf8(typo).expect("ascii");
    let other = envelope::seal(
        &envelope::Label {
            retro: envelope::RetroLabel {
                id: "c2f1e0d9-8b7a-4c6d-9e5f-4a3b2c1d0e44".into(),
                title: "Another".into(),
                held_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("day"),
            },
            writer: read(&dev.sent_envelope(dr).expect("sent").expect("sent").text)
                .expect("read")
                .label
                .writer,
            partner: read(&dev.sent_envelope(dr).expect("sent").expect("sent").text)
                .expect("read")
                .label
                .partner,
        },
        b"{}",
    )
    .expect("seal");
    for code in [
        typo.as_str(),
        maya_code.as_str(),
        &other.key.code(),
        "hello",
    ] {
        let err = envelope::reveal(&mut maya, r, code).expect_err("refused");
        assert_eq!(err.code(), ErrorCode::RevealCode, "{code}: {err}");
        assert_eq!(snapshot(&maya), before, "{code}");
    }

    // Dev's envelope again: nothing changes. A different one for the same
    // retro from Dev: refused. Maya's own file: refused. Other files too.
    let from_dev = dev.sent_envelope(dr).expect("sent").expect("sent").text;
    let again = envelope::receive(&mut maya, &from_dev, None).expect("the same again");
    assert!(!again.new);
    assert_eq!(snapshot(&maya), before);
    let mut other_dev = fixtures::kept_by(None, "Dev", 2);
    let mine = maya.sent_envelope(r).expect("sent").expect("sent").text;
    let maya_is = PartnerChoice::New {
        name: "Maya".into(),
        role: RoleChoice::Existing { id: 1 },
    };
    // A second copy of Dev's journal answers the same envelope differently.
    let got = envelope::receive(&mut other_dev, &mine, Some(&maya_is)).expect("open");
    other_dev
        .save_entry(got.retro.id, &dev_entry())
        .expect("write");
    other_dev.seal_entry(got.retro.id).expect("seal");
    let different = envelope::send(&mut other_dev, got.retro.id)
        .expect("send")
        .text;
    let err = envelope::receive(&mut maya, &different, None).expect_err("a second, different one");
    assert!(err.to_string().contains("the first one stands"), "{err}");
    let err = envelope::receive(&mut maya, &mine, None).expect_err("her own");
    assert!(err.to_string().contains("written by you"), "{err}");
    let newer = from_dev.replacen("\"version\":1", "\"version\":9", 1);
    for file in [&from_dev[..from_dev.len() / 2], "{}", newer.as_str()] {
        let err = envelope::receive(&mut maya, file, None).expect_err("not a whole envelope");
        assert_eq!(err.code(), ErrorCode::PartnerFile, "{err}");
    }
    assert_eq!(snapshot(&maya), before);
}

#[test]
fn the_reveal_waits_for_my_own_code_to_be_given() {
    let (mut maya, r) = remote();
    maya.seal_entry(r.id).expect("seal");
    let from_maya = envelope::send(&mut maya, r.id).expect("send").text;
    let mut dev = fixtures::kept_by(None, "Dev", 2);
    let maya_is = PartnerChoice::New {
        name: "Maya".into(),
        role: RoleChoice::Existing { id: 1 },
    };
    let dr = envelope::receive(&mut dev, &from_maya, Some(&maya_is))
        .expect("open")
        .retro
        .id;
    dev.save_entry(dr, &dev_entry()).expect("write");
    dev.seal_entry(dr).expect("seal");
    envelope::send(&mut dev, dr).expect("send");
    // Nothing of the one-laptop reveal applies: Dev's laptop holds Maya's
    // entry sealed and empty, and it stays so.
    let before = snapshot(&dev);
    let err = dev.reveal(dr).expect_err("not on one laptop");
    assert!(err.to_string().contains("two laptops"), "{err}");
    let err = dev.pass_turn(dr).expect_err("no turns");
    assert!(err.to_string().contains("two laptops"), "{err}");
    assert_eq!(snapshot(&dev), before);
    // Maya read her code out; Dev has not asked for his yet, so entering
    // hers reveals nothing on his laptop.
    let from_dev = dev.sent_envelope(dr).expect("sent").expect("sent").text;
    envelope::receive(&mut maya, &from_dev, None).expect("open");
    let maya_code = envelope::code(&mut maya, r.id).expect("code");
    let before = snapshot(&dev);
    let err = envelope::reveal(&mut dev, dr, &maya_code).expect_err("Dev's code not given");
    assert!(
        err.to_string().contains("Give Maya your code first"),
        "{err}"
    );
    assert_eq!(snapshot(&dev), before);
    // And a person of Dev's journal matched to Maya stays matched.
    let sam = dev
        .add_partner("Sam", &RoleChoice::Existing { id: 1 })
        .expect("Sam");
    let err = envelope::receive(
        &mut dev,
        &from_maya,
        Some(&PartnerChoice::Existing { id: sam.id }),
    )
    .expect_err("Maya is not Sam");
    assert!(err.to_string().contains("can't be changed now"), "{err}");
}

#[test]
fn deals_and_later_notes_travel_as_updates_and_twice_changes_nothing() {
    let (mut maya, r, mut dev, dr, maya_code, dev_code) = exchanged();
    envelope::reveal(&mut maya, r, &dev_code).expect("Maya reveals");
    let err = envelope::update_send(&dev, dr).expect_err("Dev has not revealed yet");
    assert!(err.to_string().contains("once it is revealed"), "{err}");
    envelope::reveal(&mut dev, dr, &maya_code).expect("Dev reveals");

    // Maya writes a deal down and a later note under her entry.
    let people = maya.retro(r).expect("retro").participants;
    let (m, d) = (people[0].person.id, people[1].person.id);
    maya.add_agreement(
        r,
        &AgreementInput {
            title: "Ship Friday, polish next week".into(),
            commitments: vec![
                Commitment {
                    person_id: m,
                    body: "Hold the scope".into(),
                },
                Commitment {
                    person_id: d,
                    body: "Two days for the build".into(),
                },
            ],
            need_ids: vec![1, 5],
            owner_id: d,
            review_on: "2026-12-07".into(),
        },
    )
    .expect("a deal");
    maya.add_addendum(r, "The date held.").expect("a note");
    let update = envelope::update_send(&maya, r).expect("update");
    assert!(update.starts_with("Retro Companion update."), "{update}");

    let before = snapshot(&dev);
    // Changed on the way: refused whole.
    for at in [40, update.len() / 2, update.len() - 3] {
        let mut bytes = update.clone().into_bytes();
        bytes[at] = if bytes[at] == b'a' { b'b' } else { b'a' };
        let changed = String::from_utf8(bytes).expect("utf-8");
        let err = envelope::update_open(&mut dev, &changed).expect_err("changed");
        assert_eq!(err.code(), ErrorCode::PartnerFile, "{at}: {err}");
        assert_eq!(snapshot(&dev), before);
    }
    let (retro, done) = envelope::update_open(&mut dev, &update).expect("open the update");
    assert_eq!(retro.id, dr, "the update names its retro");
    assert_eq!((done.deals, done.changes, done.notes), (1, 1, 1));
    let deals = dev.agreements(dr).expect("deals");
    assert_eq!(deals.len(), 1);
    assert_eq!(deals[0].owner.name, "Dev", "owned by Dev in both journals");
    let mut by: Vec<(String, String)> = deals[0]
        .commitments
        .iter()
        .map(|c| {
            let name = if c.person_id == dev.me().expect("me").expect("Dev").id {
                "Dev"
            } else {
                "Maya"
            };
            (name.to_owned(), c.body.clone())
        })
        .collect();
    by.sort();
    assert_eq!(
        by,
        [
            ("Dev".to_owned(), "Two days for the build".to_owned()),
            ("Maya".to_owned(), "Hold the scope".to_owned())
        ]
    );
    let after = snapshot(&dev);
    let (_, again) = envelope::update_open(&mut dev, &update).expect("the same again");
    assert_eq!(again, UpdateSummary::default());
    assert_eq!(snapshot(&dev), after, "twice changes nothing");

    // One record on both laptops.
    let md = |j: &Journal, id: Id| {
        crate::export::markdown(
            j,
            &crate::export::MarkdownRequest::Retro {
                id,
                include_private: false,
            },
            "2026-11-25T10:00:00Z",
        )
        .expect("markdown")
    };
    let theirs = md(&dev, dr);
    assert!(theirs.contains("Ship Friday, polish next week"), "{theirs}");
    assert!(theirs.contains("The date held."), "{theirs}");
    assert_eq!(md(&maya, r), theirs);
}

mod mutated {
    //! Arbitrary and mutated files from a partner never panic, and a refused
    //! one never writes anything.

    use proptest::prelude::*;

    use super::*;

    fn maya_is() -> PartnerChoice {
        PartnerChoice::New {
            name: "Maya".into(),
            role: RoleChoice::Existing { id: 1 },
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn an_update_changed_anywhere_is_refused_whole(
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            cut in any::<prop::sample::Index>(),
        ) {
            let (mut maya, r, mut dev, dr, maya_code, dev_code) = exchanged();
            envelope::reveal(&mut maya, r, &dev_code).expect("Maya reveals");
            envelope::reveal(&mut dev, dr, &maya_code).expect("Dev reveals");
            maya.add_addendum(r, "The date held.").expect("a note");
            let update = envelope::update_send(&maya, r).expect("update");
            let mut bytes = update.clone().into_bytes();
            let at = at.index(bytes.len());
            bytes[at] = byte;
            bytes.truncate(cut.index(bytes.len() + 1).max(at));
            let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
            let before = snapshot(&dev);
            match envelope::update_open(&mut dev, &text) {
                Ok((_, done)) => prop_assert_eq!(done.notes, 1, "only a forgiven change opens"),
                Err(_) => prop_assert_eq!(snapshot(&dev), before),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn an_envelope_changed_anywhere_is_refused_whole(
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            cut in any::<prop::sample::Index>(),
            insert in any::<bool>(),
            garbage in proptest::collection::vec(any::<u8>(), 0..512),
        ) {
            let (mut maya, r) = remote();
            maya.seal_entry(r.id).expect("seal");
            let text = envelope::send(&mut maya, r.id).expect("send").text;
            let bytes = crate::mutate::mutated(text.clone().into_bytes(), at, byte, cut, insert);
            let mut dev = fixtures::kept_by(None, "Dev", 2);
            for file in [bytes, garbage] {
                let Ok(file) = String::from_utf8(file) else { continue };
                let before = snapshot(&dev);
                match envelope::receive(&mut dev, &file, Some(&maya_is())) {
                    Ok(got) => prop_assert_eq!(got.fingerprint, read(&text).expect("read").fingerprint()),
                    Err(_) => prop_assert_eq!(snapshot(&dev), before),
                }
            }
        }
    }
}

#[test]
fn a_file_from_the_partner_opens_by_its_kind_and_asks_who_wrote_it_first() {
    let (mut maya, r) = remote();
    assert!(maya.retro(r.id).expect("retro").remote);
    let status = maya.remote_status(r.id).expect("status");
    assert_eq!(status.partner.name, "Dev");
    assert_eq!((status.sent, status.received), (None, None));
    maya.seal_entry(r.id).expect("seal");
    let sent = envelope::send(&mut maya, r.id).expect("send");
    assert_eq!(
        maya.remote_status(r.id).expect("status").sent,
        Some(sent.fingerprint.clone())
    );

    // Dev's app asks who Maya is, and writes nothing until he says.
    let mut dev = fixtures::kept_by(None, "Dev", 2);
    let before = snapshot(&dev);
    let asked = envelope::open_file(&mut dev, &sent.text, None).expect("asks");
    let envelope::Opened::WhoWrote(writer) = asked else {
        panic!("expected a question, got {asked:?}");
    };
    assert_eq!(
        (writer.name.as_str(), writer.role.as_str()),
        ("Maya", "Product")
    );
    assert_eq!(writer.title, "Week 12 with Dev");
    assert_eq!(writer.fingerprint, sent.fingerprint);
    assert_eq!(snapshot(&dev), before, "a question writes nothing");

    let maya_is = PartnerChoice::New {
        name: "Maya".into(),
        role: RoleChoice::Existing { id: 1 },
    };
    let opened = envelope::open_file(&mut dev, &sent.text, Some(&maya_is)).expect("opens");
    let envelope::Opened::Envelope(got) = opened else {
        panic!("expected the envelope, got {opened:?}");
    };
    assert!(got.new && got.retro.remote);
    let status = dev.remote_status(got.retro.id).expect("status");
    assert_eq!(status.received, Some(sent.fingerprint));
    assert_eq!((status.sent, status.code_given_at), (None, None));
    // The second time, the match holds: no question.
    let again = envelope::open_file(&mut dev, &sent.text, None).expect("again");
    assert!(matches!(
        again,
        envelope::Opened::Envelope(Received { new: false, .. })
    ));

    // Anything else is refused as a partner's file, and nothing changes.
    let before = snapshot(&dev);
    for junk in [
        "",
        "hello",
        "Retro Companion update. Open it in Retro Companion.\n{}\nx",
    ] {
        let err = envelope::open_file(&mut dev, junk, None).expect_err(junk);
        assert_eq!(err.code(), ErrorCode::PartnerFile, "{junk}: {err}");
    }
    assert_eq!(snapshot(&dev), before);
}

#[test]
fn an_update_opens_by_its_first_line_and_names_its_retro() {
    let (mut maya, r, mut dev, dr, maya_code, dev_code) = exchanged();
    envelope::reveal(&mut maya, r, &dev_code).expect("Maya reveals");
    envelope::reveal(&mut dev, dr, &maya_code).expect("Dev reveals");
    maya.add_addendum(r, "One more thing")
        .expect("a later note");
    let update = envelope::update_send(&maya, r).expect("update");
    let opened = envelope::open_file(&mut dev, &update, None).expect("opens");
    let envelope::Opened::Update(done) = opened else {
        panic!("expected an update, got {opened:?}");
    };
    assert_eq!((done.retro.id, done.added.notes), (dr, 1));

    // Its lines joined by a chat: still an update, named as damaged, and
    // nothing of it taken in.
    let before = snapshot(&dev);
    let joined = update.replace('\n', " ");
    let err = envelope::open_file(&mut dev, &joined, None).expect_err("joined");
    assert!(
        err.to_string()
            .contains("not an update from Retro Companion, or it is damaged"),
        "{err}"
    );
    assert_eq!(snapshot(&dev), before);
}

#[test]
fn a_partner_file_is_read_only_when_it_could_be_one() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = envelope::read_partner_file(&dir.path().join("none.txt")).expect_err("missing");
    assert_eq!(missing.code(), ErrorCode::ReadFailed, "{missing}");
    let binary = dir.path().join("photo.jpg");
    std::fs::write(&binary, [0xff, 0xd8, 0xff, 0xe0, 0x00]).expect("write");
    let err = envelope::read_partner_file(&binary).expect_err("not text");
    assert_eq!(err.code(), ErrorCode::PartnerFile, "{err}");
    assert!(
        err.to_string().contains("not a file from Retro Companion"),
        "{err}"
    );
    let huge = dir.path().join("huge.txt");
    std::fs::write(&huge, vec![b'a'; envelope::LARGEST_FILE + 1]).expect("write");
    let err = envelope::read_partner_file(&huge).expect_err("too large");
    assert_eq!(err.code(), ErrorCode::PartnerFile, "{err}");
    let fine = dir.path().join("fine.txt");
    std::fs::write(&fine, "text").expect("write");
    assert_eq!(envelope::read_partner_file(&fine).expect("read"), "text");
}
