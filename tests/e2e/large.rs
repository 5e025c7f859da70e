//! A journal of 100,000 retros in the window: the list and My journal open
//! on their first page, search answers with the matching words marked, and
//! pages follow one another to the end of a range; the Markdown of every
//! retro previews its beginning and saves whole, with its progress shown
//! and a Cancel that leaves no file. Importing it shows its progress, and
//! Cancel leaves the journal exactly as it was.

use retro_companion_tests::{large_journal, temp_journal};
use retro_core::export::json;
use retro_core::fixtures;
use retro_core::journal::Journal;

use crate::harness::App;

#[tokio::test(flavor = "multi_thread")]
async fn a_journal_of_100000_retros_opens_pages_and_searches() {
    let (_dir, journal) = temp_journal();
    large_journal(&journal, 100_000);
    let document = _dir.path().join("everything.md");
    let (mut app, first) = App::launch_with(
        "large-journal",
        &journal,
        &[("RETRO_COMPANION_CHOOSE_FILE", &document)],
    )
    .await;
    eprintln!(
        "100,000 retros: launch to first screen {} ms",
        first.as_millis()
    );
    assert_eq!(app.texts("retro-row").await.len(), 50, "one page of retros");

    app.click("nav-journal").await;
    app.wait_for_text("journal-items", "Week 100000").await;
    assert_eq!(app.texts("journal-item").await.len(), 50);
    app.click("journal-more").await;
    app.wait_for_text("journal-items", "Week 99901").await;
    assert_eq!(app.texts("journal-item").await.len(), 100);
    app.shot("my-journal-second-page").await;

    // Search: best match first, the words marked.
    app.type_into("search", "billing hold").await;
    let snippet = app.wait_for_text("journal-snippet", "billing").await;
    assert!(snippet.contains("hold"), "{snippet}");
    let marks = app.texts("journal-snippet").await;
    assert_eq!(marks.len(), 50, "a first page of results");
    // A third of the entries match: the best of the newest are ranked, and
    // the page says how to reach further back.
    let ranked = app.text_of("journal-ranked-newest").await;
    assert!(ranked.contains("set dates"), "{ranked}");
    app.shot("search-results").await;

    // The last page of a range ends the list: no "Show more".
    app.set_value("search", "").await;
    app.set_value("filter-from", "1990-01-01").await;
    app.set_value("filter-to", "1990-01-07").await;
    app.wait_for_text("journal-items", "Week 56").await;
    wait_for_count(&app, 50).await;
    app.click("journal-more").await;
    wait_for_count(&app, 56).await; // seven days of eight
    assert!(
        app.texts("journal-more").await.is_empty(),
        "the end of the range"
    );
    app.shot("end-of-range").await;

    // Every retro to Markdown: the preview shows the beginning, and Save
    // as… writes the whole document.
    app.click("nav-retros").await;
    app.click("export-range-open").await;
    app.set_value("export-from", "1990-01-01").await;
    app.set_value("export-to", "2030-12-31").await;
    let preview = app
        .wait_for_text("export-preview", "# Retros from 1990-01-01 to 2030-12-31")
        .await;
    assert!(preview.len() < 300_000 && !preview.contains("Week 100000"));
    let said = app.text_of("export-partial").await;
    assert!(said.contains("Save as… writes all of it"), "{said}");
    let copy = app.by_testid("export-copy").await;
    assert!(
        !copy.is_enabled().await.expect("copy"),
        "only a whole document is copied"
    );
    app.shot("export-everything").await;

    // Saving shows how far it has come; Cancel leaves no file behind.
    let said = start_and_stop(&mut app, "export-save", "export-progress").await;
    assert!(said.contains("no file was left half-written"), "{said}");
    let partial = _dir.path().join("everything.md.partial");
    assert!(!document.exists() && !partial.exists(), "nothing written");

    app.click("export-save").await;
    app.wait_for_text("export-done", "Saved to").await;
    let written = std::fs::read_to_string(&document).expect("the document");
    assert!(written.starts_with("---\n") && written.contains("## Week 100000\n"));
    assert_eq!(
        written.matches("\n## Week ").count(),
        100_000,
        "every retro"
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_of_100000_retros_shows_progress_and_cancels_cleanly() {
    let (dir, source) = temp_journal();
    large_journal(&source, 100_000);
    let file = dir.path().join("journal.json");
    let exported = Journal::open(&source).expect("source");
    json::save(&exported, false, "2026-12-03T09:00:00.000Z", &file).expect("export");
    drop(exported);
    let target = dir.path().join("new.sqlite3");
    drop(fixtures::kept_by(Some(&target), "Maya", 1));
    let (mut app, _) = App::launch_with(
        "large-import",
        &target,
        &[("RETRO_COMPANION_CHOOSE_FILE", &file)],
    )
    .await;

    let said = start_and_stop(&mut app, "import-journal", "import-progress").await;
    assert!(said.contains("Nothing was changed"), "{said}");
    app.by_testid("empty-state").await;
    app.shot("import-cancelled").await;
    app.quit().await;

    let j = Journal::open(&target).expect("the journal opens");
    assert!(j.retros().expect("retros").is_empty(), "nothing came in");
    assert_eq!(j.me().expect("me").expect("an owner").name, "Maya");
    assert!(j.problems().expect("check").is_empty());
}

/// Starts long work with the button `start`, waits until it shows it has
/// come some of the way, takes the screenshot `shot`, stops it, and returns
/// what the window then says.
async fn start_and_stop(app: &mut App, start: &str, shot: &str) -> String {
    app.click(start).await;
    app.by_testid("work-progress").await;
    let mut share = String::new();
    for _ in 0..600 {
        share = app.text_of("work-share").await;
        if share != "0%" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_ne!(share, "0%", "the work says how far it has come");
    app.shot(shot).await;
    app.click("work-stop").await;
    app.wait_for_text("toasts", "Stopped before the end").await
}

/// Waits until My journal shows `n` entries.
async fn wait_for_count(app: &App, n: usize) {
    for _ in 0..200 {
        if app.texts("journal-item").await.len() == n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("My journal never showed {n} entries");
}

/// Each command the window sends, timed through the real IPC on the eight
/// partners' ten years (4,160 retros): 40 calls each, median and p95.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement, run by `make bench`"]
async fn bench_window_commands_p95() {
    let (_dir, journal) = temp_journal();
    let t = fixtures::heavy(Some(&journal));
    let (retro, dev) = (*t.retros.last().expect("a retro"), t.dev);
    drop(t);
    // Over time opens on the last year; here, the year up to the last retro.
    let a_year_ago = fixtures::week_day(fixtures::WEEKS - 1) - chrono::Months::new(12);
    let (app, _) = App::launch("bench-commands", &journal).await;
    app.by_testid("retro-list").await;
    let calls = [
        ("journal_status", "{}".to_owned()),
        ("list_roles", "{}".to_owned()),
        ("list_partners", "{}".to_owned()),
        ("list_needs", "{}".to_owned()),
        ("list_tension_pairs", "{}".to_owned()),
        ("list_retro_page", "{after: null, limit: 50}".to_owned()),
        ("due_agreements", "{}".to_owned()),
        ("get_retro", format!("{{id: {retro}}}")),
        ("list_entries", format!("{{retroId: {retro}}}")),
        ("get_comparison", format!("{{retroId: {retro}}}")),
        ("list_agreements", format!("{{retroId: {retro}}}")),
        ("review_agenda", format!("{{retroId: {retro}}}")),
        ("since_last_time", format!("{{retroId: {retro}}}")),
        (
            "export_markdown",
            format!("{{request: {{kind: 'retro', id: {retro}, includePrivate: false}}}}"),
        ),
        (
            "search_entries",
            "{query: {text: 'date', needId: null, from: null, to: null, limit: 20}}".to_owned(),
        ),
        (
            "search_entries",
            "{query: {text: '', needId: null, from: null, to: null, limit: 50}}".to_owned(),
        ),
        (
            "get_trends",
            "{query: {partnerId: null, from: null, to: null}}".to_owned(),
        ),
        (
            "get_trends",
            format!("{{query: {{partnerId: {dev}, from: null, to: null}}}}"),
        ),
        (
            "get_trends",
            format!("{{query: {{partnerId: null, from: '{a_year_ago}', to: null}}}}"),
        ),
    ];
    println!("| command (through IPC) | median | p95 |\n| --- | --- | --- |");
    for (command, args) in calls {
        let took = app
            .run_async(&format!(
                "const done = arguments[arguments.length - 1];
                 const invoke = window.__TAURI_INTERNALS__.invoke;
                 const times = [];
                 (async () => {{
                   for (let i = 0; i < 40; i++) {{
                     const started = performance.now();
                     await invoke('{command}', {args});
                     times.push(performance.now() - started);
                   }}
                   times.sort((a, b) => a - b);
                   done([times[20], times[37]]);
                 }})().catch((e) => done(String(e)));"
            ))
            .await;
        let [median, p95] = [0, 1].map(|i| took[i].as_f64().unwrap_or_else(|| panic!("{took}")));
        println!("| `{command}` {args} | {median:.2} ms | {p95:.2} ms |");
    }
    app.quit().await;
}
