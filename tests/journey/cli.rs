//! The headless command line, through the real binary: every subcommand,
//! its exit codes, and `--journal` on a fresh path.

use std::path::Path;
use std::process::Output;

use retro_companion_tests::{revealed_one_to_one, run_on as run, temp_journal};
use retro_core::journal::{EntryContent, NewRetro, PartnerChoice};

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Maya's journal: a revealed 1:1 with Dev with one deal, an unrevealed one,
/// and a solo entry. Returns the ids of the three retros.
fn journal(path: &Path) -> (i64, i64, i64) {
    let words = |s: &str| EntryContent {
        unsaid: format!("I need {s}"),
        private_notes: format!("{s}-PRIVATE"),
        ..EntryContent::default()
    };
    let (mut j, r) = revealed_one_to_one(
        path,
        "Sprint 42",
        "2026-11-06",
        &words("dates"),
        &words("room"),
    );
    let dev = r.participants[1].person.id;
    let open = j
        .create_retro(&NewRetro {
            title: "Sprint 43".into(),
            held_on: "2026-11-20".into(),
            partner: Some(PartnerChoice::Existing { id: dev }),
        })
        .expect("retro");
    j.save_entry(open.id, &words("UNREVEALED")).expect("draft");
    let solo = j
        .create_retro(&NewRetro {
            title: "Alone".into(),
            held_on: "2026-11-13".into(),
            partner: None,
        })
        .expect("solo");
    j.save_entry(solo.id, &words("quiet")).expect("solo");
    (r.id, open.id, solo.id)
}

#[test]
fn list_and_show() {
    let (_dir, path) = temp_journal();
    let (revealed, _, _) = journal(&path);
    let list = run(&path, &["list"]);
    assert!(list.status.success(), "{}", err(&list));
    let stdout = out(&list);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[2],
        format!("{revealed}\t2026-11-06\tpaired\trevealed\tSprint 42\tDev")
    );

    let show = run(&path, &["show", &revealed.to_string()]);
    assert!(show.status.success());
    let text = out(&show);
    assert!(
        text.contains("Dev (Engineering): revealed") && text.contains("Cleanup day"),
        "{text}"
    );
    let missing = run(&path, &["show", "999"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        err(&missing).contains("That retro is not in this journal"),
        "{}",
        err(&missing)
    );
    assert!(out(&missing).is_empty(), "errors go to stderr only");
}

#[test]
fn export_markdown_of_a_retro_and_of_a_range() {
    let (dir, path) = temp_journal();
    let (revealed, open, _) = journal(&path);
    let md = run(&path, &["export", &revealed.to_string()]);
    assert!(md.status.success(), "{}", err(&md));
    let text = out(&md);
    assert!(text.starts_with("---\ntitle: \"Sprint 42\""), "{text}");
    assert!(text.contains("I need room") && !text.contains("PRIVATE"));

    let file = dir.path().join("retro.md");
    let to_file = run(
        &path,
        &[
            "export",
            &revealed.to_string(),
            "--include-private",
            "--out",
            file.to_str().expect("utf-8"),
        ],
    );
    assert!(to_file.status.success());
    assert!(out(&to_file).is_empty(), "the document went to the file");
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(written.contains("dates-PRIVATE") && !written.contains("room-PRIVATE"));

    let refused = run(&path, &["export", &open.to_string()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(err(&refused).contains("Reveal this retro together first"));

    let range = run(
        &path,
        &["export", "--from", "2026-11-01", "--to", "2026-11-30"],
    );
    let text = out(&range);
    assert!(
        text.contains("Sprint 42") && text.contains("Alone"),
        "{text}"
    );
    assert!(
        !text.contains("UNREVEALED") && text.contains("1 retro in this range is not revealed yet")
    );

    let usage = run(&path, &["export", "--from", "2026-11-01"]);
    assert_eq!(usage.status.code(), Some(2));
    let bad_date = run(
        &path,
        &["export", "--from", "2026-13-01", "--to", "2026-12-01"],
    );
    assert_eq!(bad_date.status.code(), Some(2));
}

#[test]
fn export_all_as_json_imports_into_a_fresh_journal() {
    let (dir, path) = temp_journal();
    journal(&path);
    let file = dir.path().join("all.json");
    let all = run(
        &path,
        &[
            "export",
            "--all",
            "--format",
            "json",
            "--include-private",
            "--out",
            file.to_str().expect("utf-8"),
        ],
    );
    assert!(all.status.success(), "{}", err(&all));
    // Into a pipe, as a script reads it: one line on stderr, no progress bar.
    assert_eq!(err(&all), format!("Wrote {}.\n", file.display()));

    let fresh = dir.path().join("new/journal.sqlite3");
    let import = run(&fresh, &["import", file.to_str().expect("utf-8")]);
    assert!(import.status.success(), "{}", err(&import));
    assert_eq!(err(&import).lines().count(), 1, "{}", err(&import));
    assert!(
        err(&import).contains("Imported 3 retros"),
        "{}",
        err(&import)
    );
    let again = run(
        &fresh,
        &["export", "--all", "--format", "json", "--include-private"],
    );
    let strip = |s: &str| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_str(s).expect("json");
        v["exportedAt"] = serde_json::Value::Null;
        v
    };
    assert_eq!(
        strip(&out(&again)),
        strip(&std::fs::read_to_string(&file).expect("file"))
    );

    // A second import into the same journal is refused, and changes nothing.
    let twice = run(&fresh, &["import", file.to_str().expect("utf-8")]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(err(&twice).contains("never overwrites"));
    let truncated = dir.path().join("cut.json");
    let text = std::fs::read_to_string(&file).expect("file");
    std::fs::write(&truncated, &text[..text.len() / 3]).expect("cut");
    let other = dir.path().join("other/journal.sqlite3");
    let bad = run(&other, &["import", truncated.to_str().expect("utf-8")]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        err(&bad).contains("not complete, valid JSON (line"),
        "{}",
        err(&bad)
    );
}

#[test]
fn backup_and_check() {
    let (dir, path) = temp_journal();
    journal(&path);
    let copy = dir.path().join("copy.sqlite3");
    let backup = run(&path, &["backup", copy.to_str().expect("utf-8")]);
    assert!(backup.status.success(), "{}", err(&backup));
    assert_eq!(
        out(&run(&copy, &["list"])).lines().count(),
        3,
        "the copy is a whole journal"
    );

    let check = run(&path, &["check"]);
    assert!(check.status.success());
    assert!(out(&check).starts_with("ok:"));

    {
        let conn = rusqlite::Connection::open(&copy).expect("raw");
        conn.execute_batch("PRAGMA foreign_keys = OFF; INSERT INTO participants VALUES (1, 99);")
            .expect("damage");
    }
    let damaged = run(&copy, &["check"]);
    assert_eq!(damaged.status.code(), Some(3));
    assert!(err(&damaged).contains("damaged"), "{}", err(&damaged));

    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, "not a journal").expect("junk");
    assert_eq!(run(&junk, &["check"]).status.code(), Some(3));
    assert_eq!(
        run(&junk, &["list"]).status.code(),
        Some(3),
        "any command that finds the journal damaged says so with 3"
    );
}

/// A new user's first minute on the command line: reading commands answer
/// for an empty journal, and `init` onboards with the window's rules.
#[test]
fn a_fresh_journal_answers_and_init_onboards_it() {
    let (_dir, path) = temp_journal();
    let list = run(&path, &["list"]);
    assert!(list.status.success(), "{}", err(&list));
    assert_eq!(out(&list), "", "nothing to list yet");
    let all = run(&path, &["export", "--all", "--format", "json"]);
    assert!(all.status.success(), "{}", err(&all));
    let file: serde_json::Value = serde_json::from_str(&out(&all)).expect("json");
    assert_eq!(file["retros"], serde_json::json!([]));
    assert_eq!(file["people"], serde_json::json!([]));
    let md = run(&path, &["export", "--all"]);
    assert!(md.status.success(), "{}", err(&md));
    assert!(out(&md).contains("No revealed retros"), "{}", out(&md));
    let check = run(&path, &["check"]);
    assert!(check.status.success(), "{}", err(&check));

    // The window's rules: a name that is empty or has a line break is refused.
    for bad in ["", "   ", "two\nlines"] {
        let refused = run(&path, &["init", "--name", bad, "--role", "product"]);
        assert_eq!(refused.status.code(), Some(1), "{bad:?}");
        assert!(err(&refused).contains("Your name"), "{}", err(&refused));
    }
    let init = run(&path, &["init", "--name", "  Maya ", "--role", "PRODUCT"]);
    assert!(init.status.success(), "{}", err(&init));
    assert!(
        err(&init).contains("kept by Maya (Product)"),
        "{}",
        err(&init)
    );
    let j = retro_core::journal::Journal::open(&path).expect("open");
    let me = j.me().expect("me").expect("onboarded");
    assert_eq!((me.name.as_str(), me.role.id), ("Maya", 1));

    // A role that does not exist yet is added, as in the window.
    let again = run(&path, &["init", "--name", "Maya", "--role", "Design"]);
    assert!(again.status.success(), "{}", err(&again));
    let j = retro_core::journal::Journal::open(&path).expect("open");
    assert_eq!(j.me().expect("me").expect("me").role.name, "Design");
    assert_eq!(j.partners().expect("partners"), [], "still one person");
}

#[test]
fn new_starts_a_solo_retro_and_prints_only_its_id() {
    let (_dir, path) = temp_journal();
    let before_me = run(&path, &["new", "--title", "Too early"]);
    assert_eq!(before_me.status.code(), Some(1));
    assert!(
        err(&before_me).contains("init --name"),
        "{}",
        err(&before_me)
    );

    assert!(run(&path, &["init", "--name", "Maya", "--role", "product"])
        .status
        .success());
    let dated = run(
        &path,
        &[
            "new",
            "--title",
            "Planning, week 47",
            "--date",
            "2026-11-20",
        ],
    );
    assert!(dated.status.success(), "{}", err(&dated));
    let id = out(&dated);
    assert!(
        id.ends_with('\n') && id.trim().parse::<i64>().is_ok(),
        "the id alone on stdout: {id:?}"
    );
    let id = id.trim();
    let today_before = chrono::Local::now().date_naive();
    let undated = run(&path, &["new", "--title", "Today"]);
    let today_after = chrono::Local::now().date_naive();
    assert!(undated.status.success(), "{}", err(&undated));
    let today = out(&undated).trim().to_owned();

    let listed = out(&run(&path, &["list"]));
    let lines: Vec<&str> = listed.lines().collect();
    assert!(
        [today_before, today_after]
            .iter()
            .any(|day| lines.contains(&format!("{today}\t{day}\tsolo\topen\tToday\t").as_str())),
        "{listed}"
    );
    assert!(
        lines.contains(&format!("{id}\t2026-11-20\tsolo\topen\tPlanning, week 47\t").as_str()),
        "{listed}"
    );

    let blank = run(&path, &["new", "--title", "   "]);
    assert_eq!(blank.status.code(), Some(1));
    assert!(out(&blank).is_empty());
    let bad_date = run(&path, &["new", "--title", "X", "--date", "2026-02-30"]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(
        err(&bad_date).contains("there is no such day"),
        "{}",
        err(&bad_date)
    );
    let other_form = run(&path, &["new", "--title", "X", "--date", "16/03/2026"]);
    assert_eq!(other_form.status.code(), Some(2));
    assert!(
        err(&other_form).contains("type the day as YYYY-MM-DD"),
        "{}",
        err(&other_form)
    );
    let no_title = run(&path, &["new"]);
    assert_eq!(no_title.status.code(), Some(2));
    // A backup that isn't there is named as the backup, and the journal,
    // untouched, is not called damaged (exit 3).
    let no_backup = run(&path, &["restore", "nope.sqlite3"]);
    assert_eq!(no_backup.status.code(), Some(1), "{}", err(&no_backup));
    assert!(
        err(&no_backup)
            .contains("The backup at nope.sqlite3 can't be restored: there is no file there."),
        "{}",
        err(&no_backup)
    );
    assert_eq!(
        out(&run(&path, &["list"])).lines().count(),
        2,
        "nothing else was made"
    );
}

#[test]
fn search_finds_my_own_words_best_first_and_never_the_unrevealed_or_the_partner_s() {
    let (_dir, path) = temp_journal();
    let (revealed, open, solo) = journal(&path);
    let found = run(&path, &["search", "quie"]);
    assert!(found.status.success(), "{}", err(&found));
    assert!(
        out(&found).starts_with(&format!("{solo}\t2026-11-13\tAlone\tI need «quiet»")),
        "{}",
        out(&found)
    );
    assert_eq!(out(&found).lines().count(), 1);

    // My draft in the unrevealed retro is mine to find; Dev's words never.
    let mine = out(&run(&path, &["search", "unrevealed"]));
    assert!(mine.starts_with(&format!("{open}\t")), "{mine}");
    assert!(
        out(&run(&path, &["search", "room"])).is_empty(),
        "Dev's words are his"
    );

    // No words: my entries newest first; filters narrow them.
    let all = out(&run(&path, &["search"]));
    let ids: Vec<String> = all
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        ids,
        [open.to_string(), solo.to_string(), revealed.to_string()]
    );
    let with_dev = out(&run(
        &path,
        &["search", "--partner", "dev", "--to", "2026-11-10"],
    ));
    assert_eq!(with_dev.lines().count(), 1, "{with_dev}");
    assert!(with_dev.starts_with(&format!("{revealed}\t")));
    let capped = run(&path, &["search", "-n", "1"]);
    assert_eq!(out(&capped).lines().count(), 1);
    assert!(err(&capped).contains("raise --limit"), "{}", err(&capped));

    let unknown = run(&path, &["search", "--need", "Velocity"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        err(&unknown).contains("no need called \"Velocity\""),
        "{}",
        err(&unknown)
    );
}

/// The README's example is a real export: the example journal file imports
/// as it is, and its second retro exports to the example document, byte for
/// byte but for the moment of the export.
#[test]
fn the_example_journal_imports_and_exports_the_example_retro() {
    let (_dir, path) = temp_journal();
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let imported = run(
        &path,
        &[
            "import",
            docs.join("example-journal.json").to_str().expect("utf-8"),
        ],
    );
    assert!(imported.status.success(), "{}", err(&imported));
    let exported = run(&path, &["export", "2"]);
    assert!(exported.status.success(), "{}", err(&exported));
    let moment = |text: &str| -> String {
        text.lines()
            .filter(|l| !l.starts_with("exported_at: "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let example = std::fs::read_to_string(docs.join("example-retro.md")).expect("the example");
    assert_eq!(moment(&out(&exported)), moment(&example));
}
