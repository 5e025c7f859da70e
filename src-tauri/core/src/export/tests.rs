use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::markdown::{block, inline};
use super::*;
use crate::journal::{
    AgreementInput, Commitment, EntryContent, ErrorCode, Id, Journal, NeedRating, NewRetro,
    PartnerChoice, RoleChoice,
};

/// Everything people might type that Markdown or HTML would read as syntax.
const HOSTILE: &str = "a | b <script>alert(1)</script> `tick` **bold** # not a heading \
     [link](https://example.com) <img src=x onerror=alert(2)> &amp; ~~gone~~ 🙂 שלום עולם";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

fn events(md: &str) -> Vec<Event<'_>> {
    Parser::new_ext(md, options()).collect()
}

/// The text of the document, as a reader would see it.
fn text(md: &str) -> String {
    events(md)
        .into_iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.into_string()),
            Event::SoftBreak | Event::HardBreak => Some("\n".into()),
            _ => None,
        })
        .collect()
}

/// The rows of the first table, each a list of cell texts.
fn table(md: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut in_table, mut row, mut cell) = (false, Vec::new(), String::new());
    for e in events(md) {
        match e {
            Event::Start(Tag::Table(_)) if rows.is_empty() => in_table = true,
            Event::End(TagEnd::Table) => in_table = false,
            Event::End(TagEnd::TableCell) if in_table => row.push(std::mem::take(&mut cell)),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) if in_table => {
                rows.push(std::mem::take(&mut row))
            }
            Event::Text(t) if in_table => cell.push_str(&t),
            _ => {}
        }
    }
    rows
}

fn no_html(md: &str) {
    for e in events(md) {
        assert!(
            !matches!(e, Event::Html(_) | Event::InlineHtml(_)),
            "raw HTML reached the output: {e:?}\n{md}"
        );
    }
}

/// Maya and Dev, both entries full of hostile text, revealed, with a deal.
fn revealed() -> (Journal, Id) {
    let mut j = crate::fixtures::kept_by(None, "Maya | PM", 1);
    let new = NewRetro {
        title: "# Sprint 42 | <b>billing</b>".into(),
        held_on: "2026-11-20".into(),
        partner: Some(PartnerChoice::New {
            name: "Dev".into(),
            role: RoleChoice::Existing { id: 2 },
        }),
    };
    let words = |who: &str, rating: i64| EntryContent {
        ratings: vec![
            NeedRating {
                need_id: 1,
                rating: Some(rating),
                note: format!("{who} {HOSTILE}"),
            },
            NeedRating {
                need_id: 5,
                rating: Some(if rating == 2 { 5 } else { 2 }),
                note: String::new(),
            },
        ],
        top_need_id: Some(1),
        unsaid: format!("- {who} line one\n1. {HOSTILE}\n\n> quoted"),
        position: HOSTILE.into(),
        concern: "multi\nline | concern".into(),
        proxies: vec!["estimate".into(), "<em>tag</em>".into()],
        guesses: vec![5],
        private_notes: format!("{who}-PRIVATE"),
        ..EntryContent::default()
    };
    let r = crate::fixtures::revealed(&mut j, &new, &words("MAYA", 2), &words("DEV", 1));
    let dev = r.participants[1].person.id;
    j.add_agreement(
        r.id,
        &AgreementInput {
            title: format!("Deal {HOSTILE}"),
            commitments: vec![Commitment {
                person_id: dev,
                body: "[x] not a checkbox".into(),
            }],
            need_ids: vec![1],
            owner_id: dev,
            review_on: "2026-12-04".into(),
        },
    )
    .expect("deal");
    (j, r.id)
}

fn export(j: &Journal, id: Id, include_private: bool) -> String {
    markdown(
        j,
        &MarkdownRequest::Retro {
            id,
            include_private,
        },
        "2026-11-24T10:00:00.000Z",
    )
    .expect("export")
}

#[test]
fn hostile_text_stays_text_and_the_table_keeps_its_shape() {
    let (j, id) = revealed();
    let md = export(&j, id, false);
    no_html(&md);
    let rows = table(&md);
    assert_eq!(
        rows[0],
        ["Role", "Need", "Maya | PM", "Dev", "Signal"],
        "{md}"
    );
    assert_eq!(rows.len(), 3, "a header and two needs: {rows:?}");
    assert!(rows.iter().all(|r| r.len() == 5), "{rows:?}");
    assert_eq!(rows[1][1], "Predictability");
    assert_eq!(rows[1][2], format!("2/5: MAYA {HOSTILE}"));
    assert_eq!(rows[1][4], "Both hurting");
    assert_eq!(rows[2][4], "Gap of 3");

    let shown = text(&md);
    assert!(shown.contains(HOSTILE), "typed text shows as typed");
    assert!(shown.contains("- MAYA line one\n1. "), "{shown}");
    assert!(shown.contains("<em>tag</em>"));
    assert!(shown.contains("[x] not a checkbox"));
    // The only headings are ours, and the title is one of them, intact.
    let mut headings = Vec::new();
    let mut inside = false;
    for e in events(&md) {
        match e {
            Event::Start(Tag::Heading { .. }) => {
                inside = true;
                headings.push(String::new());
            }
            Event::End(TagEnd::Heading(_)) => inside = false,
            Event::Text(t) if inside => headings.last_mut().expect("open").push_str(&t),
            _ => {}
        }
    }
    assert_eq!(
        headings,
        [
            "# Sprint 42 | <b>billing</b>",
            "Needs, side by side",
            "Shared pain and gaps",
            "Perspective check",
            "What each of us most wants heard",
            "Positions and the concerns under them",
            "Maya | PM",
            "Dev",
            "Deals",
        ]
    );
    assert!(
        md.contains("# \\# Sprint 42 \\| \\<b\\>billing\\</b\\>\n"),
        "{md}"
    );
    // Exactly one task: the deal.
    let tasks = events(&md)
        .iter()
        .filter(|e| matches!(e, Event::TaskListMarker(_)))
        .count();
    assert_eq!(tasks, 1, "{md}");
}

#[test]
fn the_front_matter_names_the_retro_the_people_and_the_version() {
    let (j, id) = revealed();
    let md = export(&j, id, false);
    let meta: String = Parser::new_ext(&md, options())
        .skip_while(|e| !matches!(e, Event::Start(Tag::MetadataBlock(_))))
        .take_while(|e| !matches!(e, Event::End(TagEnd::MetadataBlock(_))))
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.into_string()),
            _ => None,
        })
        .collect();
    assert!(
        meta.contains(r##"title: "# Sprint 42 | <b>billing</b>""##),
        "{meta}"
    );
    assert!(meta.contains(r#"date: "2026-11-20""#));
    assert!(meta.contains(
        r#"  - name: "Maya | PM"
    role: "Product""#
    ));
    assert!(meta.contains(r#"role: "Engineering""#));
    assert!(meta.contains(r#"exported_at: "2026-11-24T10:00:00.000Z""#));
    assert!(meta.contains(&format!("app_version: \"{}\"", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn private_notes_leave_only_when_their_writer_opts_in() {
    let (mut j, id) = revealed();
    let plain = export(&j, id, false);
    assert!(!plain.contains("PRIVATE"), "{plain}");
    let mine = export(&j, id, true);
    assert!(mine.contains("MAYA-PRIVATE"));
    assert!(!mine.contains("DEV-PRIVATE"), "only the writer's own notes");
    let dev = j.retro(id).expect("retro").participants[1].person.id;
    j.take_turn(id, dev, None).expect("dev");
    let his = export(&j, id, true);
    assert!(his.contains("DEV-PRIVATE") && !his.contains("MAYA-PRIVATE"));
}

#[test]
fn only_revealed_retros_leave_the_app() {
    let mut j = Journal::open_in_memory().expect("open");
    j.set_me("Maya", &RoleChoice::Existing { id: 1 })
        .expect("me");
    let r = j
        .create_retro(&NewRetro {
            title: "Unrevealed".into(),
            held_on: "2026-11-20".into(),
            partner: Some(PartnerChoice::New {
                name: "Dev".into(),
                role: RoleChoice::Existing { id: 2 },
            }),
        })
        .expect("retro");
    j.save_entry(
        r.id,
        &EntryContent {
            unsaid: "SECRET".into(),
            ..EntryContent::default()
        },
    )
    .expect("draft");
    let err = markdown(
        &j,
        &MarkdownRequest::Retro {
            id: r.id,
            include_private: false,
        },
        "now",
    )
    .expect_err("not revealed");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let range = markdown(
        &j,
        &MarkdownRequest::Range {
            from: "2026-01-01".parse().expect("day"),
            to: "2026-12-31".parse().expect("day"),
            include_private: true,
        },
        "now",
    )
    .expect("range");
    assert!(!range.contains("SECRET"), "{range}");
    assert!(
        range.contains("1 retro in this range is not revealed yet"),
        "{range}"
    );
}

#[test]
fn a_range_puts_every_revealed_retro_in_one_document() {
    let (mut j, first) = revealed();
    let solo = j
        .create_retro(&NewRetro {
            title: "Thinking alone".into(),
            held_on: "2026-11-22".into(),
            partner: None,
        })
        .expect("solo");
    j.save_entry(
        solo.id,
        &EntryContent {
            ratings: vec![NeedRating {
                need_id: 2,
                rating: Some(3),
                note: "ok | fine".into(),
            }],
            unsaid: "I need fewer surprises".into(),
            ..EntryContent::default()
        },
    )
    .expect("solo entry");
    let md = markdown(
        &j,
        &MarkdownRequest::Range {
            from: "2026-11-01".parse().expect("day"),
            to: "2026-11-30".parse().expect("day"),
            include_private: false,
        },
        "now",
    )
    .expect("range");
    no_html(&md);
    let shown = text(&md);
    let a = shown.find("Sprint 42").expect("first");
    let b = shown.find("Thinking alone").expect("second");
    assert!(a < b, "oldest first");
    assert!(shown.contains("I need fewer surprises"));
    assert!(md.starts_with("---\n"));
    assert_eq!(md.matches("\n---\n").count(), 1, "one front matter");
    let _ = first;

    // No bounds: the whole journal, dated by its own retros.
    let all = markdown(
        &j,
        &MarkdownRequest::Range {
            from: chrono::NaiveDate::MIN,
            to: chrono::NaiveDate::MAX,
            include_private: false,
        },
        "now",
    )
    .expect("everything");
    assert!(all.contains("\n# Every retro\n"), "{all}");
    assert!(!all.contains("262143"), "{all}");
    assert_eq!(
        text(&all).matches("Sprint 42").count(),
        text(&md).matches("Sprint 42").count()
    );
}

#[test]
fn file_names_are_dated_slugs() {
    let day = "2026-11-20".parse().expect("day");
    assert_eq!(
        file_name(day, "Sprint 42: Billing / Cleanup!", "md"),
        "2026-11-20-sprint-42-billing-cleanup.md"
    );
    assert_eq!(
        file_name(day, "Équipe 🙂 Ünïcode", "md"),
        "2026-11-20-équipe-ünïcode.md"
    );
    assert_eq!(
        file_name(day, "../../etc/passwd", "md"),
        "2026-11-20-etc-passwd.md"
    );
    assert_eq!(file_name(day, "🙂", "md"), "2026-11-20-retro.md");
    assert!(file_name(day, &"long ".repeat(40), "md").len() < 80);
}

#[test]
fn escaping_covers_line_starts_and_leaves_plain_words_alone() {
    assert_eq!(inline("plain words, e.g. this."), "plain words, e.g. this.");
    assert_eq!(inline("- item"), "\\- item");
    assert_eq!(inline("a\nb\r\n\tc"), "a b c");
    assert_eq!(inline("\u{0}x\u{7}"), "x");
    assert_eq!(block("1. one\n2) two", "> "), "> 1\\. one\\\n> 2\\) two");
    let md = format!("{}\n", block("line\n\n# heading?\n    code?", "> "));
    no_html(&md);
    assert!(!events(&md).iter().any(|e| matches!(
        e,
        Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::List(_))
    )));
}

/// What `inline` does, one character at a time: the reference its quicker
/// form (a run of ordinary characters copied at once) is held to.
fn inline_char_by_char(text: &str) -> String {
    let mut out = String::new();
    let mut line_start = true;
    for c in text.trim().chars() {
        match c {
            '\n' | '\r' | '\t' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                line_start = false;
                continue;
            }
            c if c.is_control() => continue,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if line_start => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        line_start = false;
    }
    out
}

proptest::proptest! {
    #[test]
    fn inline_escapes_as_it_would_character_by_character(
        text in "([-+=*_#!<>|`~&\\\\\\[\\] \t\r\n\u{0}\u{7}\u{85}aé🙂1.]{0,12}|\\PC{0,40})",
    ) {
        proptest::prop_assert_eq!(inline(&text), inline_char_by_char(&text));
    }
}

// ---- JSON: the whole journal, out and back in ---------------------------------

mod json_file {
    use serde_json::{json, Value};

    use super::revealed;
    use crate::export::json;
    use crate::journal::{
        AgreementInput, AgreementStatus, Commitment, EntryContent, ErrorCode, Journal,
        JournalError, NeedInput, NewRetro, PartnerChoice, RoleChoice, Schedule,
    };

    const AT: &str = "2026-11-24T10:00:00.000Z";

    /// A journal with a bit of everything: the revealed retro with its deal,
    /// a custom role, need and tension pair, a solo entry, a deal renegotiated
    /// in the next retro, and a partner's sealed entry nobody may read yet.
    fn rich() -> Journal {
        let (mut j, first) = revealed();
        let r = j.retro(first).expect("retro");
        let (maya, dev) = (r.participants[0].person.id, r.participants[1].person.id);
        let design = j.add_role("Design").expect("role");
        let polish = j
            .add_need(&NeedInput {
                role_id: design.id,
                name: "Polish".into(),
                explanation: "Time to sweat the details".into(),
                frustration: String::new(),
            })
            .expect("need");
        j.add_tension_pair(polish.id, 2, "What is good enough for now?")
            .expect("pair");
        j.set_schedule(&Schedule {
            partner_id: dev,
            first_on: "2026-11-23".parse().expect("day"),
            at_minute: 10 * 60 + 30,
            every_weeks: 2,
            lead_minutes: 45,
        })
        .expect("schedule");
        j.add_addendum(first, "A later thought, with | a pipe")
            .expect("note");
        let solo = j
            .create_retro(&NewRetro {
                title: "Alone".into(),
                held_on: "2026-11-21".into(),
                partner: None,
            })
            .expect("solo");
        j.save_entry(
            solo.id,
            &EntryContent {
                unsaid: "I need a quiet week".into(),
                private_notes: "MINE-PRIVATE".into(),
                ..EntryContent::default()
            },
        )
        .expect("solo entry");
        let next = j
            .create_retro(&NewRetro {
                title: "Next".into(),
                held_on: "2026-12-04".into(),
                partner: Some(PartnerChoice::Existing { id: dev }),
            })
            .expect("next");
        let deal = j.agreements(first).expect("deals")[0].id;
        j.renegotiate_agreement(
            deal,
            next.id,
            &AgreementInput {
                title: "Smaller deal".into(),
                commitments: vec![Commitment {
                    person_id: maya,
                    body: "Ask earlier".into(),
                }],
                need_ids: vec![polish.id],
                owner_id: maya,
                review_on: "2026-12-18".into(),
            },
        )
        .expect("renegotiate");
        let smaller = j.agreements(next.id).expect("deals")[0].id;
        j.set_agreement_status(smaller, AgreementStatus::Kept, Some(next.id))
            .expect("kept");
        j.take_turn(next.id, dev, None).expect("dev");
        j.save_entry(
            next.id,
            &EntryContent {
                unsaid: "DEV-UNREVEALED".into(),
                ..EntryContent::default()
            },
        )
        .expect("dev writes");
        j.seal_entry(next.id).expect("dev seals");
        j.take_turn(next.id, maya, None).expect("maya");
        j
    }

    fn onboarded() -> Journal {
        let mut j = Journal::open_in_memory().expect("open");
        j.set_me("Someone", &RoleChoice::Existing { id: 1 })
            .expect("me");
        j
    }

    fn dump(j: &Journal) -> String {
        json::to_json(&json::export(j, true, AT).expect("export"))
    }

    #[test]
    fn export_import_export_gives_the_same_file() {
        let source = rich();
        let first = dump(&source);
        assert!(first.contains("MINE-PRIVATE"), "opted in");
        assert!(
            !first.contains("DEV-UNREVEALED"),
            "Dev's sealed words stay in the app"
        );
        assert!(!first.contains("DEV-PRIVATE"), "so do his private notes");
        assert!(
            !json::to_json(&json::export(&source, false, AT).expect("export"))
                .contains("MINE-PRIVATE")
        );

        let mut target = onboarded();
        let summary = json::import(&mut target, &first).expect("import");
        assert_eq!(
            (summary.retros, summary.entries, summary.agreements),
            (3, 4, 2)
        );
        assert_eq!(dump(&target), first);
        // The imported journal keeps its rules: the revealed entry is locked.
        let revealed = target
            .retros()
            .expect("list")
            .into_iter()
            .find(|r| r.title.contains("Sprint"))
            .expect("retro");
        assert_eq!(
            target
                .save_entry(revealed.id, &EntryContent::default())
                .expect_err("locked")
                .code(),
            ErrorCode::EntrySealed
        );
    }

    /// Each bad file is refused with its place named, and the journal is
    /// exactly as it was: its full export is byte-for-byte the same.
    fn refused(edit: impl FnOnce(&mut Value), needle: &str) {
        let good = dump(&rich());
        let mut value: Value = serde_json::from_str(&good).expect("json");
        edit(&mut value);
        let bad = serde_json::to_string(&value).expect("json");
        let mut target = onboarded();
        let before = dump(&target);
        let err = json::import(&mut target, &bad).expect_err(needle);
        assert_eq!(err.code(), ErrorCode::InvalidFile);
        assert!(err.to_string().contains(needle), "{needle:?} not in: {err}");
        assert!(err.to_string().contains("Nothing was changed"), "{err}");
        assert_eq!(dump(&target), before);
    }

    #[test]
    fn a_truncated_file_is_refused() {
        let good = dump(&rich());
        let mut target = onboarded();
        let before = dump(&target);
        let err = json::import(&mut target, &good[..good.len() / 2]).expect_err("truncated");
        assert!(
            err.to_string().contains("not complete, valid JSON (line"),
            "{err}"
        );
        assert_eq!(dump(&target), before);
    }

    #[test]
    fn a_file_with_its_keys_sorted_imports_the_same() {
        let first = dump(&rich());
        let value: Value = serde_json::from_str(&first).expect("json");
        // serde_json's map sorts the keys: "retros" comes before "roles".
        let sorted = serde_json::to_string(&value).expect("json");
        assert!(sorted.find("\"retros\"") < sorted.find("\"roles\""));
        let mut target = onboarded();
        json::import(&mut target, &sorted).expect("import");
        assert_eq!(dump(&target), first);
    }

    #[test]
    fn a_part_twice_or_a_stranger_is_refused() {
        let good = dump(&rich());
        let version = format!("\"version\": {},", json::VERSION);
        let twice = good.replacen(&version, &format!("{version}\n  {version}"), 1);
        let mut target = onboarded();
        let before = dump(&target);
        let err = json::import(&mut target, &twice).expect_err("twice");
        assert!(
            err.to_string().contains("version: It appears twice"),
            "{err}"
        );
        let err = json::import(&mut target, "{\"notes\": []}").expect_err("a stranger");
        assert!(
            err.to_string()
                .contains("not a Retro Companion journal file"),
            "{err}"
        );
        assert_eq!(dump(&target), before);
    }

    #[test]
    fn an_import_stopped_halfway_changes_nothing() {
        let file = dump(&rich());
        let mut target = onboarded();
        let before = dump(&target);
        let mut told = Vec::new();
        let err = json::import_from(
            &mut target,
            file.as_bytes(),
            file.len() as u64,
            &mut |done, total| {
                told.push((done, total));
                Err(JournalError::Cancelled)
            },
        )
        .expect_err("stopped");
        assert_eq!(err.code(), ErrorCode::Cancelled);
        assert_eq!(told.len(), 1, "stopped at the first retro");
        assert!(
            told[0].0 > 0 && told[0].0 <= told[0].1,
            "bytes read of the file: {told:?}"
        );
        assert_eq!(dump(&target), before);
        // And the same file goes in whole afterwards.
        json::import(&mut target, &file).expect("import");
        assert_eq!(dump(&target), file);
    }

    #[test]
    fn a_wrong_format_or_version_is_refused() {
        refused(|v| v["version"] = json!(99), "format version 99");
        refused(|v| v["version"] = json!(0), "version: It is 0");
        refused(
            |v| v["format"] = json!("something-else"),
            "not a Retro Companion journal file",
        );
    }

    #[test]
    fn duplicate_ids_are_refused() {
        refused(
            |v| {
                let copy = v["needs"][0].clone();
                v["needs"].as_array_mut().expect("needs").push(copy);
            },
            "needs[7].id: Id 1 appears twice",
        );
        refused(
            |v| {
                let id = v["retros"][0]["id"].clone();
                v["retros"][1]["id"] = id;
            },
            "retros[1].id",
        );
    }

    /// The schema as SQLite keeps it: every table, index and trigger.
    fn schema(path: &std::path::Path) -> Vec<String> {
        let conn = rusqlite::Connection::open(path).expect("raw");
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
            .expect("sql");
        let rows = stmt.query_map([], |r| r.get(0)).expect("schema");
        rows.collect::<rusqlite::Result<_>>().expect("rows")
    }

    fn journal_mode(path: &std::path::Path) -> String {
        rusqlite::Connection::open(path)
            .expect("raw")
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("mode")
    }

    #[test]
    fn an_import_into_a_file_leaves_its_locks_and_its_wal_as_they_were() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dump(&rich());
        let fresh = |name: &str| {
            let path = dir.path().join(name);
            let mut j = Journal::open(&path).expect("open");
            j.set_me("Someone", &RoleChoice::Existing { id: 1 })
                .expect("me");
            (path, j)
        };
        // Refused at its last retro: nothing stays, the locks included.
        let (path, mut target) = fresh("refused.sqlite3");
        let locks = schema(&path);
        assert!(
            locks.iter().any(|s| s.contains("ratings_locked_insert")),
            "{locks:?}"
        );
        let mut bad: Value = serde_json::from_str(&file).expect("json");
        let last = bad["retros"].as_array().expect("retros").len() - 1;
        bad["retros"][last]["title"] = json!("");
        json::import(&mut target, &bad.to_string()).expect_err("an empty title");
        assert_eq!(schema(&path), locks);
        assert_eq!(journal_mode(&path), "wal");

        // Taken in whole: the locks are back and hold the imported entries.
        json::import(&mut target, &file).expect("import");
        assert_eq!(dump(&target), file);
        assert_eq!(schema(&path), locks);
        assert_eq!(journal_mode(&path), "wal");
        let raw = rusqlite::Connection::open(&path).expect("raw");
        for sql in [
            "INSERT INTO ratings (entry_id, need_id) SELECT id, 99 FROM entries LIMIT 1",
            "INSERT INTO proxies (entry_id, tag) SELECT id, 'late' FROM entries LIMIT 1",
            "INSERT INTO guesses (entry_id, need_id, rank) SELECT id, 99, 9 FROM entries LIMIT 1",
        ] {
            let err = raw.execute(sql, []).expect_err(sql);
            assert!(err.to_string().contains("entry_locked"), "{sql}: {err}");
        }

        // With another program reading the journal, the import goes
        // through the WAL as any write does, and takes the file the same.
        let (path, mut target) = fresh("shared.sqlite3");
        let reader = rusqlite::Connection::open(&path).expect("reader");
        reader
            .query_row("SELECT count(*) FROM retros", [], |r| r.get::<_, i64>(0))
            .expect("read");
        json::import(&mut target, &file).expect("import beside a reader");
        assert_eq!(dump(&target), file);
        assert_eq!(schema(&path), locks);
        drop(reader);
        assert_eq!(journal_mode(&path), "wal");
    }

    #[test]
    fn a_schedule_is_carried_over_and_a_bad_one_refused() {
        let first = dump(&rich());
        assert!(
            first.contains("\"schedules\": [\n    {\n      \"partnerId\""),
            "{first}"
        );
        let mut target = onboarded();
        json::import(&mut target, &first).expect("import");
        assert_eq!(target.schedules().expect("schedules").len(), 1);
        // A file from before schedules (version 1) has none, and imports as it did.
        let mut value: Value = serde_json::from_str(&first).expect("json");
        value.as_object_mut().expect("top").remove("schedules");
        value["version"] = json!(1);
        let mut older = onboarded();
        json::import(&mut older, &value.to_string()).expect("an older file");
        assert!(older.schedules().expect("schedules").is_empty());
        for (edit, needle) in [
            (
                json!({ "partnerId": 1 }),
                "schedules[0].partnerId: A 1:1 schedule is for a partner",
            ),
            (
                json!({ "partnerId": 99 }),
                "schedules[0].partnerId: Person #99 is not in",
            ),
            (
                json!({ "everyWeeks": 3 }),
                "schedules[0].everyWeeks: A 1:1 comes every week",
            ),
            (
                json!({ "atMinute": 1440 }),
                "schedules[0].atMinute: The time of the 1:1",
            ),
            (
                json!({ "leadMinutes": 0 }),
                "schedules[0].leadMinutes: A reminder comes",
            ),
        ] {
            refused(
                |v| {
                    for (k, val) in edit.as_object().expect("edit") {
                        v["schedules"][0][k] = val.clone();
                    }
                },
                needle,
            );
        }
        refused(
            |v| {
                let copy = v["schedules"][0].clone();
                v["schedules"].as_array_mut().expect("schedules").push(copy);
            },
            "schedules[1].partnerId: Person #2 has a 1:1 schedule already",
        );
    }

    #[test]
    fn an_unknown_need_is_refused() {
        refused(
            |v| v["retros"][0]["entries"][0]["content"]["ratings"][0]["needId"] = json!(999),
            "retros[0].entries[0].content.ratings[0].needId: Need #999 is not in the catalog",
        );
    }

    #[test]
    fn an_oversized_field_is_refused() {
        refused(
            |v| v["retros"][0]["entries"][0]["content"]["unsaid"] = json!("x".repeat(20_001)),
            "retros[0].entries[0].content.unsaid",
        );
    }

    #[test]
    fn invalid_dates_are_refused() {
        refused(
            |v| v["retros"][0]["heldOn"] = json!("2026-02-30"),
            "retros[0].heldOn",
        );
        refused(
            |v| v["retros"][0]["agreements"][0]["history"][0]["at"] = json!("yesterday"),
            "retros[0].agreements[0].history[0].at",
        );
    }

    #[test]
    fn a_revealed_entry_without_its_partner_entry_is_refused() {
        refused(
            |v| {
                v["retros"][0]["entries"]
                    .as_array_mut()
                    .expect("entries")
                    .pop();
            },
            "retros[0].entries: A revealed retro has a revealed entry for every participant",
        );
    }

    /// What the editor refuses, an import refuses too, with the same rule.
    #[test]
    fn the_editor_s_rules_hold_for_an_import() {
        refused(
            |v| v["retros"][0]["agreements"][0]["commitments"] = json!([]),
            "retros[0].agreements[0].commitments: Write down what at least one of you commits to.",
        );
        refused(
            |v| v["retros"][0]["agreements"][0]["reviewOn"] = json!("2020-01-01"),
            "retros[0].agreements[0].reviewOn: The review date can't be before the retro itself.",
        );
        refused(
            |v| v["retros"][0]["title"] = json!("two\nlines"),
            "retros[0].title: The title contains a line break",
        );
        refused(
            |v| v["needs"][1]["name"] = v["needs"][0]["name"].clone(),
            "needs[1].name: There is already a need called",
        );
        refused(
            |v| v["retros"][0]["agreements"][0]["history"][0]["status"] = json!("kept"),
            "retros[0].agreements[0].history: A deal's history starts with \"open\"",
        );
    }

    /// Tags are normalised the same way on every path, so a tag with an odd
    /// space in it comes back from a round trip as the editor keeps it.
    #[test]
    fn odd_tags_are_kept_the_same_way_by_the_editor_and_the_import() {
        let mut j = onboarded();
        let solo = j
            .create_retro(&NewRetro {
                title: "Tags".into(),
                held_on: "2026-11-21".into(),
                partner: None,
            })
            .expect("solo");
        let saved = j
            .save_entry(
                solo.id,
                &EntryContent {
                    proxies: vec![
                        " the\testimate ".into(),
                        "The  estimate".into(),
                        "\n".into(),
                    ],
                    ..EntryContent::default()
                },
            )
            .expect("save");
        let kept = saved.content.expect("mine").proxies;
        assert_eq!(kept, ["the estimate"]);
        let file = dump(&j);
        let mut value: Value = serde_json::from_str(&file).expect("json");
        value["retros"][0]["entries"][0]["content"]["proxies"] = json!(["\tthe\testimate  "]);
        let mut target = Journal::open_in_memory().expect("open");
        json::import(&mut target, &value.to_string()).expect("import");
        assert_eq!(dump(&target), file);
    }

    #[test]
    fn an_import_never_overwrites_a_journal_in_use() {
        let file = dump(&rich());
        let mut used = rich();
        let before = dump(&used);
        let err = json::import(&mut used, &file).expect_err("in use");
        assert!(err.to_string().contains("never overwrites"), "{err}");
        assert_eq!(dump(&used), before);
    }
}

/// A paired retro with Dev on `day`, revealed, with one deal per review date given.
fn week(j: &mut Journal, dev: Option<Id>, day: &str, deals: &[(&str, &str)]) -> (Id, Id, Vec<Id>) {
    let partner = match dev {
        Some(id) => PartnerChoice::Existing { id },
        None => PartnerChoice::New {
            name: "Dev".into(),
            role: RoleChoice::Existing { id: 2 },
        },
    };
    let new = NewRetro {
        title: format!("Week of {day}"),
        held_on: day.into(),
        partner: Some(partner),
    };
    let entry = EntryContent {
        unsaid: "words".into(),
        ..EntryContent::default()
    };
    let r = crate::fixtures::revealed(j, &new, &entry, &entry);
    let dev = r.participants[1].person.id;
    let ids = deals
        .iter()
        .map(|(title, review_on)| {
            j.add_agreement(
                r.id,
                &AgreementInput {
                    title: (*title).into(),
                    commitments: vec![Commitment {
                        person_id: dev,
                        body: "Do it".into(),
                    }],
                    need_ids: vec![],
                    owner_id: dev,
                    review_on: (*review_on).into(),
                },
            )
            .expect("deal")
            .id
        })
        .collect();
    (r.id, dev, ids)
}

/// The "Review of earlier deals" section of an export, up to the next heading.
fn review_section(md: &str) -> String {
    md.split("## Review of earlier deals\n")
        .nth(1)
        .map(|rest| rest.split("\n## ").next().unwrap_or("").trim().to_owned())
        .unwrap_or_default()
}

#[test]
fn an_export_shows_each_review_as_it_happened_in_that_retro() {
    use crate::journal::AgreementStatus::{Broken, Kept};
    let mut j = crate::fixtures::kept_by(None, "Maya", 1);
    let (r1, dev, d) = week(
        &mut j,
        None,
        "2026-11-02",
        &[
            ("Fridays for cleanup", "2026-11-09"),
            ("Dates in the demo", "2026-11-16"),
            ("Never looked at", "2026-12-01"),
        ],
    );
    let (r2, _, _) = week(&mut j, Some(dev), "2026-11-09", &[]);
    j.set_agreement_status(d[0], Kept, Some(r2))
        .expect("kept in week 2");
    let (r3, _, _) = week(&mut j, Some(dev), "2026-11-16", &[]);
    j.set_agreement_status(d[0], Broken, Some(r3))
        .expect("broken in week 3");
    j.set_agreement_status(d[1], Broken, Some(r3))
        .expect("broken in week 3");

    let one = |id: Id| review_section(&export(&j, id, false));
    assert_eq!(one(r1), "", "nothing earlier to review in the first week");
    let second = one(r2);
    assert!(
        second.starts_with("- [x] **Fridays for cleanup**, kept."),
        "kept then, whatever came later:\n{second}"
    );
    assert!(
        second.ends_with("2 earlier deals were still open and not reviewed in this retro; the oldest was due for review on 2026-11-16."),
        "{second}"
    );
    let third = one(r3);
    assert!(
        third.contains("**Fridays for cleanup**, broken."),
        "{third}"
    );
    assert!(third.contains("**Dates in the demo**, broken."), "{third}");
    assert!(
        third.ends_with("1 earlier deal was still open and not reviewed in this retro; the oldest was due for review on 2026-12-01."),
        "{third}"
    );

    // The range export shows each retro the same way, in one pass.
    let range = markdown(
        &j,
        &MarkdownRequest::Range {
            from: "2026-11-01".parse().expect("day"),
            to: "2026-11-30".parse().expect("day"),
            include_private: false,
        },
        "2026-11-24T10:00:00.000Z",
    )
    .expect("range");
    let sections: Vec<&str> = range
        .split("### Review of earlier deals\n")
        .skip(1)
        .collect();
    assert_eq!(sections.len(), 2, "{range}");
    assert_eq!(
        sections[0].split("\n## ").next().expect("section").trim(),
        second
    );
    assert_eq!(
        sections[1].split("\n## ").next().expect("section").trim(),
        third
    );
}

#[test]
fn deals_never_reviewed_are_summed_up_not_listed_again_in_every_retro() {
    let mut j = crate::fixtures::kept_by(None, "Maya", 1);
    let (_, dev, _) = week(&mut j, None, "2026-01-05", &[("Deal 0", "2026-01-12")]);
    let mut last = 0;
    for n in 1..60 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2026, 1, 5).expect("day") + chrono::Duration::weeks(n);
        let review = (day + chrono::Duration::weeks(1)).to_string();
        last = week(
            &mut j,
            Some(dev),
            &day.to_string(),
            &[(&format!("Deal {n}"), &review)],
        )
        .0;
    }
    let section = review_section(&export(&j, last, false));
    assert_eq!(
        section,
        "59 earlier deals were still open and not reviewed in this retro; the oldest was due for review on 2026-01-12."
    );
}

#[test]
fn the_streamed_journal_file_is_the_same_bytes_and_is_written_whole() {
    let (j, _) = revealed();
    let at = "2026-11-24T10:00:00.000Z";
    let whole = json::to_json(&json::export(&j, true, at).expect("export"));
    let mut streamed = Vec::new();
    let mut told = Vec::new();
    json::write(
        &j,
        true,
        at,
        &mut streamed,
        std::path::Path::new("memory"),
        &mut |done, total| {
            told.push((done, total));
            Ok(())
        },
    )
    .expect("write");
    assert_eq!(told, [(1, 1)], "progress, retro by retro");
    assert_eq!(String::from_utf8(streamed).expect("utf-8"), whole);

    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("journal.json");
    std::fs::write(&path, "what was there").expect("write");
    json::save(&j, false, at, &path).expect("save");
    let saved = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        serde_json::from_str::<json::JournalFile>(&saved)
            .expect("a journal file")
            .retros
            .len(),
        1
    );
    assert!(!saved.contains("PRIVATE"), "private notes only when asked");
    assert!(
        !dir.path().join("journal.json.partial").exists(),
        "no partial file left"
    );
}

/// The ten years, the request for all of them, and their whole document.
fn ten_years_to_markdown() -> (Journal, MarkdownRequest, String) {
    let j = crate::fixtures::ten_years(None).journal;
    let everything = MarkdownRequest::Range {
        from: chrono::NaiveDate::MIN,
        to: chrono::NaiveDate::MAX,
        include_private: false,
    };
    let whole = markdown(&j, &everything, "now").expect("range");
    (j, everything, whole)
}

/// Takes what it is given until `room` bytes, then fails as a full disk does.
struct Cramped {
    taken: Vec<usize>,
    room: usize,
}

impl std::io::Write for Cramped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let taken: usize = self.taken.iter().sum();
        if taken + buf.len() > self.room {
            return Err(std::io::Error::other("no room left"));
        }
        self.taken.push(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_range_is_written_as_it_is_rendered_and_a_failed_write_names_the_file() {
    let (j, everything, whole) = ten_years_to_markdown();
    let to = std::path::Path::new("/somewhere/retros.md");
    let mut roomy = Cramped {
        taken: Vec::new(),
        room: usize::MAX,
    };
    super::markdown::write(&j, &everything, "now", &mut roomy, to, &mut |_, _| Ok(()))
        .expect("write");
    assert_eq!(roomy.taken.iter().sum::<usize>(), whole.len());
    assert!(
        roomy.taken.len() > 10 && roomy.taken.iter().all(|n| *n < whole.len() / 4),
        "written in pieces, never whole: {:?}",
        roomy.taken
    );

    let mut cramped = Cramped {
        taken: Vec::new(),
        room: whole.len() / 2,
    };
    let e = super::markdown::write(&j, &everything, "now", &mut cramped, to, &mut |_, _| Ok(()))
        .expect_err("the writer ran out of room");
    assert!(
        e.to_string().contains("/somewhere/retros.md") && e.to_string().contains("no room left"),
        "{e}"
    );

    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("retros.md");
    save(&j, &everything, &path, "now").expect("save");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), whole);
    assert!(!dir.path().join("retros.md.partial").exists());
}

#[test]
fn saving_a_range_tells_its_progress_and_a_stop_leaves_the_file_as_it_was() {
    let (j, everything, whole) = ten_years_to_markdown();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("retros.md");
    let mut told = Vec::new();
    markdown::save_with(&j, &everything, &path, "now", &mut |done, total| {
        told.push((done, total));
        Ok(())
    })
    .expect("save");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), whole);
    let retros = whole.matches("\n## ").count() as u64;
    assert_eq!(told.first(), Some(&(0, retros)));
    assert_eq!(told.last(), Some(&(retros, retros)));
    assert!(told.windows(2).all(|w| w[0].0 < w[1].0), "{told:?}");

    // A stop halfway: the document saved before is untouched, and no
    // partial file is left beside it.
    std::fs::write(&path, "kept").expect("an earlier document");
    let e = markdown::save_with(&j, &everything, &path, "later", &mut |done, total| {
        if done * 2 > total {
            return Err(JournalError::Cancelled);
        }
        Ok(())
    })
    .expect_err("stopped");
    assert!(matches!(e, JournalError::Cancelled), "{e}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "kept");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn a_preview_is_the_beginning_of_the_document_cut_at_a_line() {
    let (j, everything, whole) = ten_years_to_markdown();
    let (shown, all) = markdown::preview(&j, &everything, "now", 100_000).expect("preview");
    assert!(!all, "ten years are longer than the preview");
    assert!(
        shown.len() <= 100_000 && shown.len() > 90_000,
        "{}",
        shown.len()
    );
    assert!(whole.starts_with(&shown) && shown.ends_with('\n'));
    let (shown, all) = markdown::preview(&j, &everything, "now", whole.len()).expect("preview");
    assert!(all, "exactly as long as the limit");
    assert_eq!(shown, whole);

    // Never in the middle of a character, even on a line without a break.
    assert_eq!(beginning("ééé", 3), ("é", false));
    assert_eq!(beginning("ab\ncd\nef", 7), ("ab\ncd\n", false));
    assert_eq!(beginning("ab\ncd", 6), ("ab\ncd", true));
}

mod json_bytes {
    //! Arbitrary and mutated journal files never panic, and one that is
    //! refused leaves the journal exactly as it was.

    use proptest::prelude::*;

    use super::revealed;
    use crate::export::json;
    use crate::journal::{Journal, RoleChoice};

    const AT: &str = "2026-11-24T10:00:00.000Z";

    fn dump(j: &Journal) -> String {
        json::to_json(&json::export(j, true, AT).expect("export"))
    }

    fn taken_in_whole_or_not_at_all(bytes: &[u8]) -> Result<(), TestCaseError> {
        let mut target = Journal::open_in_memory().expect("open");
        target
            .set_me("Someone", &RoleChoice::Existing { id: 1 })
            .expect("me");
        let before = dump(&target);
        if json::import_from(&mut target, bytes, bytes.len() as u64, &mut |_, _| Ok(())).is_err() {
            prop_assert_eq!(dump(&target), before);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            taken_in_whole_or_not_at_all(&bytes)?;
        }

        #[test]
        fn a_journal_file_changed_anywhere_is_taken_whole_or_not_at_all(
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            cut in any::<prop::sample::Index>(),
            insert in any::<bool>(),
        ) {
            let (source, _) = revealed();
            let bytes = crate::mutate::mutated(dump(&source).into_bytes(), at, byte, cut, insert);
            taken_in_whole_or_not_at_all(&bytes)?;
        }
    }
}
