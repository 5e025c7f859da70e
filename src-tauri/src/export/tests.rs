use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::markdown::{block, inline};
use super::*;
use crate::journal::{
    AgreementInput, Commitment, EntryContent, Id, Journal, NeedRating, NewRetro, PartnerChoice,
    RoleChoice,
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
    let mut j = Journal::open_in_memory().expect("open");
    j.set_me("Maya | PM", &RoleChoice::Existing { id: 1 })
        .expect("me");
    let r = j
        .create_retro(&NewRetro {
            title: "# Sprint 42 | <b>billing</b>".into(),
            held_on: "2026-11-20".into(),
            partner: Some(PartnerChoice::New {
                name: "Dev".into(),
                role: RoleChoice::Existing { id: 2 },
            }),
        })
        .expect("retro");
    let (maya, dev) = (r.participants[0].person.id, r.participants[1].person.id);
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
    j.save_entry(r.id, &words("MAYA", 2)).expect("mine");
    j.seal_entry(r.id).expect("seal");
    j.take_turn(r.id, dev, None).expect("dev");
    j.save_entry(r.id, &words("DEV", 1)).expect("theirs");
    j.seal_entry(r.id).expect("seal");
    j.take_turn(r.id, maya, None).expect("maya");
    j.reveal(r.id).expect("reveal");
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
    assert_eq!(err.code(), "invalid_input");
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
