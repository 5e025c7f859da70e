//! End-to-end tests: the real app, in a real window, driven like a person.

mod catalog;
mod desktop;
mod entries;
mod export;
mod failures;
mod harness;
mod large;
mod remote;
mod together;
mod trends;

use harness::App;
use retro_companion_tests::temp_journal;

#[tokio::test(flavor = "multi_thread")]
async fn onboarding_then_a_paired_retro_survives_a_restart() {
    let (_dir, journal) = temp_journal();
    let (mut app, first_screen) = App::launch("foundation", &journal).await;
    eprintln!("launch to first screen: {} ms", first_screen.as_millis());

    // First run: the app asks who I am.
    app.by_testid("onboarding").await;
    app.shot("onboarding").await;
    app.type_into("me-name", "Maya").await;
    app.click("me-role-product").await;
    app.shot("onboarding-filled").await;
    app.click("me-save").await;

    // The journal is empty and says what a retro is.
    let empty = app
        .wait_for_text("empty-state", "Create your first retro")
        .await;
    assert!(empty.contains("A retro is"), "{empty}");
    assert_eq!(app.wait_for_text("me", "Maya").await, "Maya · Product");
    app.shot("empty-journal").await;

    // Create a paired retro with a new partner.
    app.click("new-retro-open").await;
    app.type_into("new-retro-title", "Sprint 42: billing cleanup")
        .await;
    app.click("kind-paired").await;
    app.type_into("partner-name", "Dev").await;
    app.click("partner-role-engineering").await;
    app.shot("new-retro-dialog").await;
    app.click("new-retro-create").await;

    app.wait_for_text("retro-list", "Sprint 42: billing cleanup")
        .await;
    let partner = app.wait_for_text("retro-partner", "Dev").await;
    assert_eq!(partner, "with Dev (Engineering)");
    assert_eq!(app.texts("retro-state").await, ["NOT STARTED"]);
    app.shot("retro-listed").await;

    // Quit, start again: the retro is still there.
    let mut app = app.restart().await;
    let titles = {
        app.wait_for_text("retro-list", "Sprint 42").await;
        app.texts("retro-title").await
    };
    assert_eq!(titles, ["Sprint 42: billing cleanup"]);
    assert_eq!(
        app.wait_for_text("me", "Maya").await,
        "Maya · Product",
        "onboarding is not asked twice"
    );
    app.shot("after-restart").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_title_is_explained_in_the_window() {
    let (_dir, journal) = temp_journal();
    {
        let mut j = retro_core::journal::Journal::open(&journal).expect("journal");
        j.set_me("Dev", &retro_core::journal::RoleChoice::Existing { id: 2 })
            .expect("me");
    }
    let (mut app, _) = App::launch("empty-title", &journal).await;
    app.click("new-retro-open").await;
    app.click("kind-solo").await;
    app.click("new-retro-create").await;
    let message = app.wait_for_text("form-error", "title").await;
    assert_eq!(message, "The title can't be empty.");
    // The field it is about is marked.
    let title = app.by_testid("new-retro-title").await;
    let invalid = title.attr("aria-invalid").await.expect("attribute");
    assert_eq!(invalid.as_deref(), Some("true"));
    app.shot("empty-title-error").await;

    // Nothing was created: cancel, and the journal is still empty.
    app.click("new-retro-cancel").await;
    app.by_testid("empty-state").await;
    app.shot("still-empty").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_journal_from_a_newer_version_gets_a_clear_screen_and_is_not_touched() {
    let (_dir, journal) = temp_journal();
    {
        let conn = rusqlite::Connection::open(&journal).expect("raw journal");
        let newer = retro_core::journal::SCHEMA_VERSION + 1;
        conn.execute_batch(&format!(
            "CREATE TABLE from_the_future (x); PRAGMA user_version = {newer};"
        ))
        .expect("future journal");
    }
    let before = std::fs::read(&journal).expect("read");
    let (mut app, _) = App::launch("newer-journal", &journal).await;
    let message = app.wait_for_text("problem-message", "newer version").await;
    assert!(message.contains("left untouched"), "{message}");
    app.shot("newer-journal").await;
    app.quit().await;
    assert_eq!(
        std::fs::read(&journal).expect("read"),
        before,
        "the app wrote to a journal it refused"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_date_typed_with_the_keyboard_alone_is_the_date_typed() {
    let (_dir, journal) = temp_journal();
    drop(retro_core::fixtures::kept_by(Some(&journal), "Maya", 1));
    let (mut app, _) = App::launch("typed-date", &journal).await;
    app.click("new-retro-open").await;
    app.type_into("new-retro-title", "Planning, typed").await;
    app.click("kind-solo").await;

    // Keys alone, as a person types them: something that is not a day is
    // said to be one, and the day typed is the day kept.
    app.click("retro-date").await;
    app.press_ctrl('a').await;
    app.keys("2026-11-31").await;
    app.wait_for_text("retro-date-hint", "no such day on the calendar")
        .await;
    app.shot("not-a-day").await;
    app.press(fantoccini::key::Key::Backspace).await;
    app.press(fantoccini::key::Key::Backspace).await;
    app.keys("20").await;
    assert!(app.texts("retro-date-hint").await.is_empty());
    app.press(fantoccini::key::Key::Enter).await;
    let row = app.wait_for_text("retro-row", "Planning, typed").await;
    assert!(row.contains("Fri 20 Nov 2026"), "{row}");
    app.shot("typed-day-kept").await;
    app.quit().await;
}
