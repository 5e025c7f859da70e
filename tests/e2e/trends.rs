//! The journal's memory in the window, on ten generated years of 1:1s:
//! "Over time" for me and for the pair, a chart read as a table and walked
//! with the keyboard into a retro, a card set aside, Export trends, and the
//! "Since last time" panel a new retro opens with (and that a partner at
//! the keyboard never sees).

use fantoccini::key::Key;
use fantoccini::Locator;
use retro_companion_tests::{revealed_one_to_one, temp_journal};
use retro_core::fixtures;
use retro_core::journal::{EntryContent, Journal, NeedRating, TrendsQuery};

use crate::harness::App;

/// Presses Ctrl+Shift+`key` in whatever has the focus.
async fn chord(app: &App, key: char) {
    let focused = app.client.active_element().await.expect("focused element");
    let keys = format!(
        "{}{}{key}",
        char::from(Key::Control),
        char::from(Key::Shift)
    );
    focused.send_keys(&keys).await.expect("chord");
}

async fn count(app: &App, id: &str) -> usize {
    app.client
        .find_all(Locator::Css(&format!("[data-testid='{id}']")))
        .await
        .expect("find_all")
        .len()
}

/// Waits until exactly `n` elements carry `data-testid=id`.
async fn wait_count(app: &App, id: &str, n: usize) {
    let started = std::time::Instant::now();
    loop {
        let found = count(app, id).await;
        if found == n {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{id}: {found}, never {n}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Takes a screenshot once the window has painted what the last step changed
/// (a screenshot taken at once can show the frame before).
async fn shot(app: &mut App, name: &str) {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    app.shot(name).await;
}

/// Scrolls `data-testid=id` to the top of the window, just under the header.
async fn scroll_to(app: &App, id: &str) {
    let el = app.by_testid(id).await;
    let arg = serde_json::to_value(&el).expect("element");
    app.client
        .execute(
            "window.scrollTo(0, arguments[0].getBoundingClientRect().top + window.scrollY - 72)",
            vec![arg],
        )
        .await
        .expect("scroll");
    // Long charts take a moment to paint after a scroll.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn over_time_on_ten_years_of_one_to_ones() {
    let (_dir, journal) = temp_journal();
    let dev = {
        let t = fixtures::ten_years(Some(&journal));
        t.dev
    };
    let (mut app, _) = App::launch("trends", &journal).await;

    // Ctrl+Shift+O from the journal screen opens "Over time", my own view first.
    app.find("main.journal").await;
    chord(&app, 'o').await;
    app.by_testid("trends").await;
    // The default range, a year back from today: its content depends on the day.
    scroll_to(&app, "needs-over-time").await;
    shot(&mut app, "last-year").await;
    assert_eq!(
        count(&app, "averaged-line").await,
        0,
        "a year of retros is drawn rating by rating"
    );
    let nav = app.by_testid("nav-trends").await;
    assert_eq!(
        nav.attr("aria-keyshortcuts")
            .await
            .expect("attr")
            .as_deref(),
        Some("Control+3 Control+Shift+O")
    );

    // Two dates, and a range that ends before it starts is explained.
    app.click("trends-range-custom").await;
    app.set_value("trends-from", "2026-11-30").await;
    app.set_value("trends-to", "2026-10-31").await;
    app.wait_for_text("trends-range-error", "starts after it ends")
        .await;
    app.set_value("trends-from", "2026-04-06").await;
    assert_eq!(count(&app, "trends-range-error").await, 0);
    app.wait_for_text("patterns", "You have rated predictability")
        .await;
    // My own view: only my patterns (the broken deals for craft are older).
    let sentences = app.texts("pattern-sentence").await;
    assert_eq!(sentences.len(), 2, "{sentences:?}");
    assert!(
        sentences.iter().all(|s| !s.contains("You both")),
        "{sentences:?}"
    );
    assert_eq!(count(&app, "need-chart").await, 6);
    app.scroll_top().await;
    shot(&mut app, "trends-top").await;
    scroll_to(&app, "needs-over-time").await;
    shot(&mut app, "trends").await;

    // The pair view: both lines, told apart by more than colour.
    app.click(&format!("trends-view-{dev}")).await;
    app.wait_for_text("patterns", "You both rated sustainability")
        .await;
    let legend = app.wait_for_text("series-legend", "Dev").await;
    assert!(legend.contains("dashed line, squares"), "{legend}");
    assert!(legend.contains("Both rated it 2 or lower"), "{legend}");
    scroll_to(&app, "needs-over-time").await;
    shot(&mut app, "trends-pair").await;
    scroll_to(&app, "what-else-moved").await;
    shot(&mut app, "what-else-moved").await;
    scroll_to(&app, "proxy-chart").await;
    shot(&mut app, "proxies-and-deals").await;

    // The first chart (predictability) as a table: the same ratings, gaps named.
    app.click("table-toggle").await;
    let table = app.wait_for_text("chart-table", "Week 520 with Dev").await;
    assert!(table.contains("not rated"), "Dev skipped a week: {table}");
    shot(&mut app, "chart-table").await;
    app.click("table-toggle").await;

    // One Tab from the switch reaches the chart; arrows walk its points,
    // starting from Maya's oldest rating.
    app.tab_to("rating-chart").await;
    let tip = app.wait_for_text("chart-tip", "Week 492 with Dev").await;
    assert!(tip.contains("Maya rated it"), "{tip}");
    // Dev did not rate it in week 492: Down goes to his nearest rating.
    app.press(Key::Down).await;
    let tip = app.wait_for_text("chart-tip", "Week 493 with Dev").await;
    assert!(tip.contains("Dev rated it"), "{tip}");
    app.press(Key::Up).await;
    app.wait_for_text("chart-tip", "Week 492 with Dev").await;
    // Week 493 is a gap in Maya's line: Right steps over it.
    app.press(Key::Right).await;
    app.press(Key::Right).await;
    app.press(Key::Right).await;
    let tip = app.wait_for_text("chart-tip", "Week 496 with Dev").await;
    assert!(tip.contains("Maya rated it"), "{tip}");
    // The note beside the rating is read on demand, and shown in quotes.
    app.wait_for_text("chart-tip", "\u{201c}").await;
    shot(&mut app, "chart-keyboard").await;
    app.press(Key::Enter).await;
    assert_eq!(
        app.wait_for_text("retro-heading", "Week 496").await,
        "Week 496 with Dev"
    );

    // Back to Over time, named so: the screen is as it was left.
    app.wait_for_text("back", "Over time").await;
    shot(&mut app, "retro-from-trends").await;
    app.click("back").await;
    app.wait_for_text("patterns", "You both rated sustainability")
        .await;

    // Everything: all nine planted patterns, each with its evidence one click away.
    app.click("trends-range-all").await;
    app.wait_for_text("patterns", "Since the deal").await;
    wait_count(&app, "pattern-card", 9).await;
    scroll_to(&app, "needs-over-time").await;
    shot(&mut app, "trends-everything").await;
    // Ten years are too many retros to draw one by one: each person's line
    // is an average, over a faint line of every rating, and each chart says so.
    let charts = count(&app, "rating-chart").await;
    assert!(charts >= 6, "{charts} charts");
    assert_eq!(count(&app, "averaged-note").await, charts);
    assert_eq!(count(&app, "averaged-line").await, 2 * charts);
    scroll_to(&app, "what-else-moved").await;
    shot(&mut app, "what-else-moved-everything").await;
    scroll_to(&app, "patterns").await;
    shot(&mut app, "patterns").await;
    let text = app.wait_for_text("patterns", "Seen in").await;
    assert!(!text.contains('%'), "no percentages: {text}");

    // "I've seen this": the card leaves the list, and stays aside.
    let first = app.texts("pattern-sentence").await[0].clone();
    app.click("pattern-aside").await;
    wait_count(&app, "pattern-card", 8).await;
    assert!(!app.texts("pattern-sentence").await.contains(&first));
    app.wait_for_text("patterns-show-aside", "(1)").await;
    // The sentences of the pair's cards set aside, as the journal keeps them.
    let aside = || {
        Journal::open(&journal)
            .expect("journal")
            .trends(&TrendsQuery {
                partner_id: Some(dev),
                ..TrendsQuery::default()
            })
            .expect("trends")
            .patterns
            .into_iter()
            .filter(|p| p.set_aside)
            .map(|p| p.sentence)
            .collect::<Vec<_>>()
    };
    assert_eq!(aside(), std::slice::from_ref(&first));
    app.click("patterns-show-aside").await;
    wait_count(&app, "pattern-card", 9).await;
    shot(&mut app, "patterns-aside").await;
    // Brought back, it is in its place again and nothing is aside; then
    // set aside once more.
    app.click("pattern-back").await;
    wait_count(&app, "patterns-show-aside", 0).await;
    assert_eq!(app.texts("pattern-sentence").await[0], first);
    assert!(aside().is_empty());
    app.click("pattern-aside").await;
    wait_count(&app, "pattern-card", 8).await;
    app.wait_for_text("patterns-show-aside", "(1)").await;

    // The dark theme.
    app.select("theme", "dark").await;
    app.click("trends-range-custom").await;
    // Back to the dates typed earlier: seven cards, one of them set aside.
    wait_count(&app, "pattern-card", 6).await;
    scroll_to(&app, "needs-over-time").await;
    shot(&mut app, "trends-dark").await;
    app.click("trends-range-all").await;
    app.select("theme", "light").await;

    // Export trends…: the Markdown with a Mermaid chart per need.
    app.click("trends-export-open").await;
    let preview = app.wait_for_text("export-preview", "```mermaid").await;
    assert!(preview.contains("# Over time: Maya and Dev"), "{preview}");
    assert!(preview.contains("## This keeps coming back"), "{preview}");
    shot(&mut app, "export").await;
    app.click("export-cancel").await;

    // A new 1:1 with Dev opens with "Since last time".
    app.click("nav-retros").await;
    app.click("new-retro-open").await;
    app.type_into("new-retro-title", "Week 521 with Dev").await;
    app.click("kind-paired").await;
    app.click("new-retro-create").await;
    app.wait_for_text("retro-title", "Week 521 with Dev").await;
    app.click("retro-open").await;
    let since = app
        .wait_for_text("since-last-time", "Since last time")
        .await;
    assert!(since.contains("Last time was Week 520 with Dev"), "{since}");
    assert!(
        since.contains("You were both hurting on sustainability"),
        "{since}"
    );
    // The "is ready" message has said its piece; close it for the picture.
    if let Ok(close) = app
        .client
        .find(Locator::Css("[data-testid='toast-info'] button"))
        .await
    {
        let _ = close.click().await;
    }
    app.scroll_top().await;
    shot(&mut app, "since-last-time").await;

    // Dev's turn: no memory on screen, and the shortcut does nothing.
    app.click("pass-turn").await;
    app.click(&format!("take-turn-{dev}")).await;
    assert_eq!(app.wait_for_text("turn-banner", "Dev").await, "Dev's turn");
    app.by_testid("entry-editor").await;
    assert_eq!(count(&app, "since-last-time").await, 0);
    chord(&app, 'o').await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(count(&app, "trends").await, 0);
    app.scroll_top().await;
    shot(&mut app, "partner-turn").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_or_young_journal_says_what_will_appear() {
    let (_dir, journal) = temp_journal();
    drop(fixtures::kept_by(Some(&journal), "Maya", 1));
    let (mut app, _) = App::launch("trends-empty", &journal).await;
    app.click("nav-trends").await;
    app.click("trends-range-all").await;
    let empty = app
        .wait_for_text("trends-empty", "Nothing to draw yet")
        .await;
    assert!(
        empty.contains("once it has been rated in 3 retros"),
        "{empty}"
    );
    shot(&mut app, "empty").await;
    app.quit().await;

    // One revealed 1:1: each rated need says when its line will appear.
    let (_dir, journal) = temp_journal();
    let rated = |rating: i64| EntryContent {
        ratings: vec![NeedRating {
            need_id: 1,
            rating: Some(rating),
            note: String::new(),
        }],
        ..EntryContent::default()
    };
    revealed_one_to_one(&journal, "Sprint 42", "2026-11-20", &rated(2), &rated(4));
    let (mut app, _) = App::launch("trends-young", &journal).await;
    app.click("nav-trends").await;
    app.click("trends-range-all").await;
    let sparse = app
        .wait_for_text("need-sparse", "Rated in 1 retro so far")
        .await;
    assert!(
        sparse.contains("Its line appears once it has been rated in 3 retros"),
        "{sparse}"
    );
    assert!(sparse.contains("Maya 2"), "{sparse}");
    assert_eq!(count(&app, "rating-chart").await, 0, "no lonely dot");
    app.wait_for_text("patterns-none", "Nothing keeps coming back")
        .await;
    shot(&mut app, "young").await;
    app.quit().await;
}

/// `make bench`: from the click on "Over time" to the six need charts
/// painted, on the ten-year journal, timed inside the page (the click and
/// the wait for the next frame after the charts are in), over WebDriver.
/// Prints the median of 10; it asserts nothing about time.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement, run by make bench"]
async fn bench_trends_paint() {
    let (_dir, journal) = temp_journal();
    drop(fixtures::ten_years(Some(&journal)));
    let (app, _) = App::launch("bench-trends", &journal).await;
    let mut samples = Vec::new();
    for _ in 0..11 {
        app.click("nav-retros").await;
        app.by_testid("retro-list").await;
        let took = app
            .run_async(
                "const done = arguments[arguments.length - 1];
                 const started = performance.now();
                 document.querySelector(\"[data-testid='nav-trends']\").click();
                 const painted = () => {
                   const lines = document.querySelectorAll(\"[data-testid='rating-chart'] path.line\");
                   if (document.querySelectorAll(\"[data-testid='rating-chart']\").length >= 6 && lines.length > 0) {
                     requestAnimationFrame(() => done(performance.now() - started));
                   } else {
                     requestAnimationFrame(painted);
                   }
                 };
                 requestAnimationFrame(painted);",
            )
            .await;
        samples.push(took.as_f64().expect("milliseconds"));
    }
    // The first run warms the page up, as a person's first visit would.
    samples.remove(0);
    samples.sort_by(f64::total_cmp);
    println!(
        "trends screen, click to charts painted (ten years, median of {}): {:.0} ms (fastest {:.0}, slowest {:.0})",
        samples.len(),
        samples[samples.len() / 2],
        samples[0],
        samples[samples.len() - 1]
    );
    app.quit().await;
}
