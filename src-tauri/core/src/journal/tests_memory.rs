//! The journal's memory on ten generated years: exactly the planted
//! patterns appear, a partner's unrevealed entry changes nothing, cards set
//! aside stay aside until they grow, and a partner's turn closes it all.

use std::sync::OnceLock;

use super::*;
use crate::export::trends::{json, markdown};
use crate::fixtures::{self, TenYears, AUTONOMY, CRAFT, PREDICTABILITY, SUSTAINABILITY};

const AT: &str = "2026-11-25T10:00:00.000Z";

/// Generating ten years takes a moment; each test works on its own copy.
fn ten_years() -> TenYears {
    static FILE: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = FILE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let t = fixtures::ten_years(None);
        t.journal
            .backup_to(&dir.path().join("ten-years.sqlite3"))
            .expect("a copy");
        dir
    });
    let copy = tempfile::tempdir().expect("dir").keep();
    let path = copy.join("journal.sqlite3");
    std::fs::copy(dir.path().join("ten-years.sqlite3"), &path).expect("copy");
    let journal = Journal::open(&path).expect("open");
    let dev = journal.partners().expect("partners")[0].id;
    let maya = journal.me().expect("me").expect("Maya").id;
    let retros = journal
        .retros()
        .expect("retros")
        .iter()
        .rev()
        .map(|r| r.id)
        .collect();
    TenYears {
        journal,
        maya,
        dev,
        retros,
    }
}

fn keys(t: &Trends) -> Vec<String> {
    let mut k: Vec<String> = t.patterns.iter().map(|p| p.key.clone()).collect();
    k.sort();
    k
}

#[test]
fn exactly_the_planted_patterns_appear() {
    let t = ten_years();
    let (maya, dev) = (t.maya, t.dev);
    let pair = t
        .journal
        .trends(&TrendsQuery {
            partner_id: Some(dev),
            ..TrendsQuery::default()
        })
        .expect("pair");
    assert_eq!(pair.retros.len(), 520);
    let tension = |a: Id, b: Id| {
        let p = t
            .journal
            .tension_pairs()
            .expect("pairs")
            .into_iter()
            .find(|p| (p.need_a, p.need_b) == (a, b) || (p.need_a, p.need_b) == (b, a))
            .expect("a built-in pair");
        format!("tension:{}", p.id)
    };
    let mut expected = vec![
        format!("pain:{SUSTAINABILITY}"),
        tension(2, SUSTAINABILITY),
        tension(PREDICTABILITY, CRAFT),
        format!("unmet:{maya}:{PREDICTABILITY}"),
        format!("argument:{dev}:estimate"),
        format!("heard:{dev}:{CRAFT}"),
        format!("withdrawal:{maya}"),
        format!("broken:{CRAFT}"),
    ];
    let better = pair
        .patterns
        .iter()
        .find(|p| p.kind == PatternKind::GettingBetter)
        .expect("the good news");
    assert!(
        better.key.starts_with(&format!("better:{dev}:{AUTONOMY}:")),
        "{}",
        better.key
    );
    assert!(
        better.sentence.contains("Deal of week 303"),
        "{}",
        better.sentence
    );
    expected.push(better.key.clone());
    expected.sort();
    assert_eq!(keys(&pair), expected);

    let unmet = pair
        .patterns
        .iter()
        .find(|p| p.kind == PatternKind::UnmetStreak)
        .expect("streak");
    // Maya reads her own journal: she is "you", Dev is named.
    assert_eq!(
        unmet.sentence,
        "You have rated predictability 2 or lower in each of the last 4 retros that rated it."
    );
    let sentence = |kind: PatternKind| {
        pair.patterns
            .iter()
            .find(|p| p.kind == kind)
            .map(|p| p.sentence.clone())
            .expect("planted")
    };
    assert!(
        sentence(PatternKind::Withdrawal)
            .starts_with("You felt you were stepping back from the conversation in "),
        "{}",
        sentence(PatternKind::Withdrawal)
    );
    assert!(sentence(PatternKind::Withdrawal).contains(" of your last "));
    assert!(sentence(PatternKind::StillNotHeard)
        .starts_with("Dev has named craft as the need they most want heard in "));
    assert!(sentence(PatternKind::ArgumentAgain).contains(" of Dev's last "));
    assert!(better.sentence.contains("was kept, Dev has rated autonomy"));
    // Exported, for a document others read too, the same patterns name Maya.
    let shared = t
        .journal
        .trends_to_share(&TrendsQuery {
            partner_id: Some(dev),
            ..TrendsQuery::default()
        })
        .expect("shared");
    assert_eq!(keys(&shared), keys(&pair));
    assert!(shared.patterns.iter().any(|p| p.sentence
        == "Maya has rated predictability 2 or lower in each of the last 4 retros that rated it."));
    assert!(shared
        .patterns
        .iter()
        .all(|p| !p.sentence.contains("You have")));
    let last4: Vec<Id> = t.retros[516..].to_vec();
    assert_eq!(
        unmet
            .evidence
            .iter()
            .map(|e| e.retro_id)
            .collect::<Vec<_>>(),
        last4
    );
    for p in &pair.patterns {
        assert!(!p.sentence.contains('%'), "no percentages: {}", p.sentence);
        assert!(p.question.ends_with('?'), "a question: {}", p.question);
    }

    let mine = t.journal.trends(&TrendsQuery::default()).expect("me");
    let mut expected = vec![
        format!("unmet:{maya}:{PREDICTABILITY}"),
        format!("withdrawal:{maya}"),
        format!("broken:{CRAFT}"),
    ];
    expected.sort();
    assert_eq!(keys(&mine), expected, "my own view has no pair patterns");
}

#[test]
fn ratings_over_time_skip_unrated_retros_and_put_my_role_first() {
    let t = ten_years();
    let mine = t.journal.trends(&TrendsQuery::default()).expect("me");
    assert_eq!(mine.people.len(), 1);
    let roles: Vec<Id> = mine.needs.iter().map(|n| n.need.role_id).collect();
    assert_eq!(roles, [1, 1, 1, 2, 2, 2], "product first for Maya");
    let pred = &mine.needs[0];
    // Each of Maya's entries skips one need in turn, except the last ten weeks.
    assert!(
        pred.rated_retros < 520 && pred.rated_retros > 400,
        "{}",
        pred.rated_retros
    );
    assert_eq!(pred.ratings.len(), 1, "one row: mine");
    let row = &pred.ratings[0];
    assert!(row.len() <= mine.retros.len() && row.last().is_some_and(Option::is_some));
    assert_eq!(row.iter().flatten().count(), pred.rated_retros);
    assert!(row.iter().flatten().all(|r| (1..=5).contains(r)));

    let range = t
        .journal
        .trends(&TrendsQuery {
            partner_id: Some(t.dev),
            from: Some(fixtures::week_day(510)),
            to: Some(fixtures::week_day(519)),
        })
        .expect("range");
    assert_eq!(range.retros.len(), 10);
    let sust = range
        .needs
        .iter()
        .find(|n| n.need.id == SUSTAINABILITY)
        .expect("sustainability");
    let both_low: Vec<Id> = [515, 517, 519].iter().map(|&w| t.retros[w]).collect();
    assert_eq!(sust.both_low, both_low);
    // Each cell sits under its retro: where both were low, both rows say so.
    assert_eq!(sust.ratings.len(), 2, "Maya's row, then Dev's");
    let low_at: Vec<Id> = (0..range.retros.len())
        .filter(|&i| {
            sust.ratings
                .iter()
                .all(|row| row.get(i).copied().flatten().is_some_and(|r| r <= 2))
        })
        .map(|i| range.retros[i].id)
        .collect();
    assert_eq!(low_at, both_low);
}

#[test]
fn the_pair_view_reads_only_the_retros_with_that_partner() {
    let mut t = ten_years();
    let pair = |j: &Journal| {
        j.trends(&TrendsQuery {
            partner_id: Some(t.dev),
            ..TrendsQuery::default()
        })
        .expect("pair")
    };
    let before = pair(&t.journal);
    // My revealed retro with Ana, with a deal, and a solo one, both rated, in
    // the same weeks.
    let ana = t
        .journal
        .add_partner("Ana", &RoleChoice::Existing { id: 2 })
        .expect("Ana");
    let entry = EntryContent {
        ratings: vec![NeedRating {
            need_id: PREDICTABILITY,
            rating: Some(1),
            note: String::new(),
        }],
        ..EntryContent::default()
    };
    for (title, partner) in [
        ("With Ana", Some(PartnerChoice::Existing { id: ana.id })),
        ("Alone", None),
    ] {
        let r = t
            .journal
            .create_retro(&NewRetro {
                title: title.into(),
                held_on: fixtures::week_day(300).to_string(),
                partner: partner.clone(),
            })
            .expect("retro");
        t.journal.save_entry(r.id, &entry).expect("mine");
        t.journal.seal_entry(r.id).expect("sealed");
        if partner.is_some() {
            t.journal.take_turn(r.id, ana.id, None).expect("Ana");
            t.journal.save_entry(r.id, &entry).expect("Ana's");
            t.journal.seal_entry(r.id).expect("Ana seals");
            t.journal.take_turn(r.id, t.maya, None).expect("Maya");
            t.journal.reveal(r.id).expect("revealed");
            let deal = AgreementInput {
                title: "Ana's deal".into(),
                commitments: vec![Commitment {
                    person_id: ana.id,
                    body: "Say when a date moves".into(),
                }],
                need_ids: vec![PREDICTABILITY],
                owner_id: ana.id,
                review_on: fixtures::week_day(301).to_string(),
            };
            t.journal
                .add_agreement(r.id, &deal)
                .expect("a deal with Ana");
        }
    }
    let mine = t.journal.trends(&TrendsQuery::default()).expect("mine");
    assert!(
        mine.retros.iter().any(|r| r.title == "With Ana"),
        "my own view reads every partner's retros"
    );
    assert_eq!(pair(&t.journal), before, "the pair view read another retro");
}

/// Everything the memory puts out, in every form.
fn outputs(j: &Journal, dev: Id) -> Vec<String> {
    let mut out = Vec::new();
    for partner_id in [None, Some(dev)] {
        let t = j
            .trends(&TrendsQuery {
                partner_id,
                ..TrendsQuery::default()
            })
            .expect("trends");
        out.push(serde_json::to_string(&t).expect("json"));
        out.push(json(&t, AT));
        out.push(markdown(&t, AT));
    }
    out
}

#[test]
fn a_partner_s_unrevealed_entry_changes_nothing() {
    let mut t = ten_years();
    let before = outputs(&t.journal, t.dev);
    let extreme = EntryContent {
        ratings: (1..=6)
            .map(|need_id| NeedRating {
                need_id,
                rating: Some(1),
                note: "DEV-SECRET".into(),
            })
            .collect(),
        top_need_id: Some(CRAFT),
        proxies: vec!["estimate".into(), "DEV-SECRET-TAG".into()],
        cycle_stage: Some(CycleStage::Withdrawal),
        unsaid: "DEV-SECRET".into(),
        ..EntryContent::default()
    };
    for seal in [false, true] {
        let r = t
            .journal
            .create_retro(&NewRetro {
                title: format!("Next week {seal}"),
                held_on: fixtures::week_day(520 + i64::from(seal)).to_string(),
                partner: Some(PartnerChoice::Existing { id: t.dev }),
            })
            .expect("retro");
        t.journal.take_turn(r.id, t.dev, None).expect("Dev");
        t.journal.save_entry(r.id, &extreme).expect("Dev writes");
        if seal {
            t.journal.seal_entry(r.id).expect("Dev seals");
        }
        t.journal.take_turn(r.id, t.maya, None).expect("Maya");
    }
    let after = outputs(&t.journal, t.dev);
    assert_eq!(
        before, after,
        "a partner's draft or sealed entry leaked into the memory"
    );
}

#[test]
fn my_own_sealed_paired_entry_is_not_read_until_the_reveal() {
    let mut t = ten_years();
    let before = outputs(&t.journal, t.dev);
    let r = t
        .journal
        .create_retro(&NewRetro {
            title: "Sealed".into(),
            held_on: fixtures::week_day(521).to_string(),
            partner: Some(PartnerChoice::Existing { id: t.dev }),
        })
        .expect("retro");
    let low = EntryContent {
        ratings: vec![NeedRating {
            need_id: CRAFT,
            rating: Some(1),
            note: String::new(),
        }],
        ..EntryContent::default()
    };
    t.journal.save_entry(r.id, &low).expect("mine");
    t.journal.seal_entry(r.id).expect("sealed");
    assert_eq!(outputs(&t.journal, t.dev), before);
}

#[test]
fn a_partner_s_turn_closes_the_memory() {
    let mut t = ten_years();
    let r = t
        .journal
        .create_retro(&NewRetro {
            title: "Turns".into(),
            held_on: fixtures::week_day(521).to_string(),
            partner: Some(PartnerChoice::Existing { id: t.dev }),
        })
        .expect("retro");
    t.journal.take_turn(r.id, t.dev, None).expect("Dev");
    let closed = |e: JournalError| e.code() == ErrorCode::OwnerAway;
    assert!(closed(
        t.journal
            .trends(&TrendsQuery::default())
            .expect_err("trends")
    ));
    assert!(closed(t.journal.since_last_time(r.id).expect_err("since")));
    assert!(closed(
        t.journal
            .trend_note(t.retros[0], t.maya, 1)
            .expect_err("note")
    ));
    assert!(closed(
        t.journal
            .set_pattern_aside("withdrawal:1", t.retros[0])
            .expect_err("aside")
    ));
    assert!(closed(
        t.journal
            .bring_pattern_back("withdrawal:1")
            .expect_err("back")
    ));
    t.journal.pass_turn(r.id).expect("hand-over");
    assert!(
        t.journal.trends(&TrendsQuery::default()).is_err(),
        "nobody at the keyboard"
    );
}

#[test]
fn a_card_set_aside_comes_back_only_when_the_pattern_grows() {
    let mut t = ten_years();
    let aside = |j: &Journal| -> Vec<String> {
        j.trends(&TrendsQuery::default())
            .expect("trends")
            .patterns
            .into_iter()
            .filter(|p| p.set_aside)
            .map(|p| p.key)
            .collect()
    };
    let key = format!("unmet:{}:{PREDICTABILITY}", t.maya);
    let last = *t.retros.last().expect("last");
    t.journal.set_pattern_aside(&key, last).expect("aside");
    assert_eq!(aside(&t.journal), std::slice::from_ref(&key));
    // Reopened, it is still aside: it is kept in the journal.
    let path = t.journal.path().expect("a file").to_owned();
    drop(t.journal);
    let mut j = Journal::open(&path).expect("reopen");
    assert_eq!(aside(&j), std::slice::from_ref(&key));
    // Brought back, it is among the others again; set aside once more.
    j.bring_pattern_back(&key).expect("back");
    assert!(aside(&j).is_empty(), "brought back");
    j.set_pattern_aside(&key, last).expect("aside again");
    assert_eq!(aside(&j), std::slice::from_ref(&key));

    // A solo retro where Maya rates predictability low again: it grows.
    let r = j
        .create_retro(&NewRetro {
            title: "Alone".into(),
            held_on: fixtures::week_day(521).to_string(),
            partner: None,
        })
        .expect("solo");
    let low = EntryContent {
        ratings: vec![NeedRating {
            need_id: PREDICTABILITY,
            rating: Some(1),
            note: String::new(),
        }],
        ..EntryContent::default()
    };
    j.save_entry(r.id, &low).expect("save");
    assert!(aside(&j).is_empty(), "the grown pattern is back");
}

#[test]
fn a_new_retro_opens_with_since_last_time() {
    let mut t = ten_years();
    let r = t
        .journal
        .create_retro(&NewRetro {
            title: "Week 521 with Dev".into(),
            held_on: fixtures::week_day(520).to_string(),
            partner: Some(PartnerChoice::Existing { id: t.dev }),
        })
        .expect("retro");
    let since = t.journal.since_last_time(r.id).expect("since");
    assert_eq!(since.last.as_ref().map(|l| l.id), t.retros.last().copied());
    assert_eq!(
        since.shared_pain.iter().map(|n| n.id).collect::<Vec<_>>(),
        [SUSTAINABILITY]
    );
    assert_eq!(since.patterns.len(), 9);

    let solo = t
        .journal
        .create_retro(&NewRetro {
            title: "Alone".into(),
            held_on: fixtures::week_day(520).to_string(),
            partner: None,
        })
        .expect("solo");
    let alone = t.journal.since_last_time(solo.id).expect("solo");
    assert!(alone.last.is_none());
    assert_eq!(alone.patterns.len(), 3, "my own patterns");

    // Later retros that are not the last one with Dev: one not revealed, one
    // revealed with someone else, one alone, and one with Dev on the same
    // day but made after this one.
    let j = &mut t.journal;
    let day = fixtures::week_day(520).to_string();
    let with = |partner| NewRetro {
        title: "Between".into(),
        held_on: day.clone(),
        partner: Some(partner),
    };
    j.create_retro(&with(PartnerChoice::Existing { id: t.dev }))
        .expect("not revealed");
    let ana = PartnerChoice::New {
        name: "Ana".into(),
        role: RoleChoice::Existing { id: 2 },
    };
    let (mine, theirs) = (EntryContent::default(), EntryContent::default());
    fixtures::revealed(j, &with(ana), &mine, &theirs);
    j.create_retro(&NewRetro {
        title: "Alone".into(),
        held_on: day.clone(),
        partner: None,
    })
    .expect("solo");
    let later = fixtures::revealed(
        j,
        &with(PartnerChoice::Existing { id: t.dev }),
        &mine,
        &theirs,
    );
    let since = j.since_last_time(r.id).expect("since");
    assert_eq!(since.last.as_ref().map(|l| l.id), t.retros.last().copied());
    let after = j.since_last_time(later.id).expect("since");
    assert_eq!(
        after.last.map(|l| l.id),
        t.retros.last().copied(),
        "not itself"
    );
}

#[test]
fn a_bad_partner_or_range_is_refused() {
    let t = ten_years();
    let unknown = t.journal.trends(&TrendsQuery {
        partner_id: Some(999),
        ..TrendsQuery::default()
    });
    assert_eq!(unknown.expect_err("unknown").code(), ErrorCode::NotFound);
    let me = t.journal.trends(&TrendsQuery {
        partner_id: Some(t.maya),
        ..TrendsQuery::default()
    });
    assert_eq!(me.expect_err("me").code(), ErrorCode::NotFound);
    let backwards = t.journal.trends(&TrendsQuery {
        partner_id: None,
        from: Some(fixtures::week_day(10)),
        to: Some(fixtures::week_day(1)),
    });
    assert!(backwards
        .expect_err("backwards")
        .to_string()
        .contains("Swap the two dates"));
}

/// The trends Markdown reads in any renderer: each need's numbers are a
/// GFM table (a header, then one row per rated retro with a cell per
/// person), each chart is a Mermaid block, and no user text becomes markup.
#[test]
fn the_trends_markdown_is_tables_and_charts_a_gfm_parser_reads() {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

    let t = ten_years();
    let pair = t
        .journal
        .trends(&TrendsQuery {
            partner_id: Some(t.dev),
            from: Some(fixtures::week_day(500)),
            to: None,
        })
        .expect("pair");
    let md = markdown(&pair, AT);
    let mut tables: Vec<Vec<usize>> = Vec::new();
    let mut charts = 0;
    let mut cells = 0;
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableRow | Tag::TableHead) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                tables.last_mut().expect("in a table").push(cells)
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if &*lang == "mermaid" => {
                charts += 1
            }
            Event::Html(h) | Event::InlineHtml(h) => panic!("markup in the export: {h}"),
            _ => {}
        }
    }
    let rated: Vec<&NeedTrend> = pair.needs.iter().filter(|n| n.rated_retros > 0).collect();
    assert_eq!(charts, rated.len(), "a chart for each rated need");
    // Each need's table, then the proxy arguments and the cycle.
    assert_eq!(tables.len(), rated.len() + 2);
    for (table, need) in tables.iter().zip(&rated) {
        assert_eq!(
            table.len(),
            need.rated_retros + 1,
            "{}: a row per rated retro",
            need.need.name
        );
        assert!(
            table.iter().all(|&c| c == 4),
            "date, retro, Maya, Dev: {table:?}"
        );
    }
}

#[test]
fn trends_read_the_ratings_and_tags_every_write_path_stored() {
    // Ten years written through the editor's saves, then the same journal
    // through an export and an import: each entry's ratings and tags as
    // trends read them (one column each) agree with the entry's own rows,
    // and trends are the same on both journals.
    let t = ten_years();
    assert!(t.journal.problems().expect("check").is_empty());
    let file = crate::export::json::to_json(
        &crate::export::json::export(&t.journal, true, AT).expect("export"),
    );
    let mut copy = Journal::open_in_memory().expect("journal");
    crate::export::json::import(&mut copy, &file).expect("import");
    assert!(copy.problems().expect("check").is_empty());
    assert_eq!(outputs(&copy, t.dev), outputs(&t.journal, t.dev));

    // And the check notices when the two disagree.
    t.journal
        .db
        .conn()
        .execute("UPDATE entries SET rated = '' WHERE id = 3", [])
        .expect("break it");
    let problems = t.journal.problems().expect("check");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("entry 3's ratings"), "{problems:?}");

    // Many such entries are named up to ten, and the rest counted, so the
    // message stays readable.
    t.journal
        .db
        .conn()
        .execute("UPDATE entries SET rated = '' WHERE id <= 30", [])
        .expect("break more");
    let problems = t.journal.problems().expect("check");
    assert_eq!(problems.len(), 11, "{problems:?}");
    assert_eq!(problems[10], "and 20 more entries like them");
}
