//! Taking a retro out of the app: the Markdown preview, Copy, Save as…, a
//! date range; and a backup taken and restored from the window.
//!
//! WebDriver can't drive the system's file dialog, so these tests set
//! `RETRO_COMPANION_CHOOSE_FILE`, which the app uses instead of asking.
//! Everything after the choice (rendering, writing, restoring) is the app's
//! own code.

use std::path::Path;

use retro_companion_tests::{revealed_one_to_one, temp_journal};
use retro_core::journal::{EntryContent, Journal, NeedRating, NewRetro};

use crate::harness::App;

const CHOOSE: &str = "RETRO_COMPANION_CHOOSE_FILE";

/// Maya's journal with one revealed 1:1 with Dev and a deal.
fn revealed(path: &Path) {
    let words = |unsaid: &str, rating: i64, private: &str| EntryContent {
        ratings: vec![NeedRating {
            need_id: 1,
            rating: Some(rating),
            note: "dates | moved <twice>".into(),
        }],
        top_need_id: Some(1),
        unsaid: unsaid.into(),
        private_notes: private.into(),
        ..EntryContent::default()
    };
    revealed_one_to_one(
        path,
        "Sprint 42 | billing",
        "2026-11-20",
        &words("I need a date I can repeat", 2, "MAYA-PRIVATE"),
        &words("I need room for the cleanup", 1, "DEV-PRIVATE"),
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_export_preview_copies_and_saves_the_markdown() {
    let (dir, journal) = temp_journal();
    revealed(&journal);
    let out = dir.path().join("2026-11-20-sprint-42-billing.md");
    let (mut app, _) = App::launch_with("export", &journal, &[(CHOOSE, &out)]).await;

    app.click("retro-open").await;
    app.click("export-open").await;
    let preview = app.wait_for_text("export-preview", "| Role | Need |").await;
    assert!(
        preview.contains("title: \"Sprint 42 | billing\""),
        "{preview}"
    );
    assert!(preview.contains("dates \\| moved \\<twice\\>"), "{preview}");
    assert!(
        !preview.contains("PRIVATE"),
        "private notes stay out by default"
    );
    app.shot("preview").await;

    app.click("export-private").await;
    let preview = app.wait_for_text("export-preview", "MAYA-PRIVATE").await;
    assert!(!preview.contains("DEV-PRIVATE"), "never the partner's");
    app.click("export-copy").await;
    app.wait_for_text("export-done", "Copied").await;

    app.click("export-save").await;
    let done = app.wait_for_text("export-done", "Saved to").await;
    assert!(done.contains("2026-11-20-sprint-42-billing.md"), "{done}");
    app.shot("saved").await;
    let written = std::fs::read_to_string(&out).expect("the file was written");
    assert!(written.starts_with("---\ntitle: \"Sprint 42 | billing\""));
    assert!(
        written.contains("- [ ] **Cleanup day**, open. Owner: Dev."),
        "{written}"
    );
    assert!(written.contains("MAYA-PRIVATE") && !written.contains("DEV-PRIVATE"));
    app.click("export-cancel").await;

    // A date range from the journal screen.
    app.click("back").await;
    app.click("export-range-open").await;
    app.set_value("export-from", "2026-11-01").await;
    app.set_value("export-to", "2026-11-30").await;
    let range = app.wait_for_text("export-preview", "Sprint 42").await;
    assert!(range.contains("# Retros from"), "{range}");
    app.shot("range").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_whole_journal_exported_from_the_window_imports_whole() {
    let (dir, journal) = temp_journal();
    revealed(&journal);
    let file = dir.path().join("whole.json");
    let (mut app, _) = App::launch_with("export-journal", &journal, &[(CHOOSE, &file)]).await;

    app.by_testid("export-journal-open").await;
    app.shot("journal-tools").await;
    app.click("export-journal-open").await;
    app.wait_for_text("export-journal", "never leave the app")
        .await;
    app.shot("export-journal").await;
    // Asked for once, the private notes come along that time only.
    app.click("export-journal-private").await;
    app.click("export-journal-save").await;
    app.wait_for_text("toasts", "Exported to").await;
    let asked = std::fs::read_to_string(&file).expect("the file is there");
    assert!(asked.contains("MAYA-PRIVATE"), "asked for");
    assert!(!asked.contains("DEV-PRIVATE"), "never the partner's");

    app.click("export-journal-open").await;
    app.click("export-journal-save").await;
    let mut text = asked.clone();
    for _ in 0..100 {
        text = std::fs::read_to_string(&file).expect("the file is there");
        if text != asked {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.quit().await;
    assert!(
        !text.contains("MAYA-PRIVATE"),
        "no private notes unless asked, each time"
    );
    let mut fresh = Journal::open(&dir.path().join("fresh.sqlite3")).expect("fresh");
    let done = retro_core::export::json::import(&mut fresh, &text).expect("imports");
    assert_eq!((done.retros, done.entries), (1, 2));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_in_the_window_restores_a_deleted_retro() {
    let (dir, journal) = temp_journal();
    revealed(&journal);
    let copy = dir.path().join("my-backup.sqlite3");
    let (mut app, _) = App::launch_with("backup", &journal, &[(CHOOSE, &copy)]).await;

    app.click("backup-now").await;
    app.wait_for_text("toasts", "Backed up to").await;
    assert_eq!(
        Journal::open(&copy)
            .expect("a whole journal")
            .retros()
            .expect("list")
            .len(),
        1
    );

    app.click("retro-delete").await;
    app.click("delete-retro-confirm").await;
    app.by_testid("empty-state").await;

    // Another retro is written in the meantime; the restore replaces it too.
    {
        let mut j = Journal::open(&journal).expect("journal");
        j.create_retro(&NewRetro {
            title: "Placeholder".into(),
            held_on: "2026-11-21".into(),
            partner: None,
        })
        .expect("retro");
    }
    app.scroll_top().await;
    app.client.refresh().await.expect("reload");
    app.wait_for_text("retro-list", "Placeholder").await;
    app.click("restore-open").await;
    app.wait_for_text("restore", "kept in the backups folder")
        .await;
    app.shot("restore-confirm").await;
    app.click("restore-confirm").await;
    app.wait_for_text("retro-list", "Sprint 42").await;
    let titles = app.texts("retro-title").await;
    assert_eq!(
        titles,
        ["Sprint 42 | billing"],
        "the journal is the backup again"
    );
    app.shot("restored").await;
    app.quit().await;
}
