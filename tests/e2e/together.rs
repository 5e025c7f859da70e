//! The whole 1:1 on one laptop: Maya writes and seals, passes the laptop to
//! Dev, who takes his turn with his PIN, writes and seals; they reveal
//! together, read the comparison, pause, add a note and write a deal down;
//! and the next retro with Dev opens by reviewing that deal.

use retro_companion_tests::temp_journal;
use retro_core::journal::{
    EntryContent, Id, Journal, NeedRating, NewRetro, PartnerChoice, RoleChoice,
};

use crate::harness::App;

/// Maya's journal with a paired retro with Dev, who set a PIN in an earlier
/// session. Returns the retro, Maya's id and Dev's id.
fn setup(path: &std::path::Path) -> (Id, Id, Id) {
    let mut j = retro_core::fixtures::kept_by(Some(path), "Maya", 1);
    let r = j
        .create_retro(&NewRetro {
            title: "Sprint 42 with Dev".into(),
            // Long ago, so the deal's review date has passed on any clock.
            held_on: "2024-03-01".into(),
            partner: Some(PartnerChoice::New {
                name: "Dev".into(),
                role: RoleChoice::Existing { id: 2 },
            }),
        })
        .expect("retro");
    let (maya, dev) = (r.participants[0].person.id, r.participants[1].person.id);
    j.take_turn(r.id, dev, None).expect("Dev");
    j.set_pin(Some("4821")).expect("Dev's PIN");
    j.take_turn(r.id, maya, None).expect("back to Maya");
    (r.id, maya, dev)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_one_to_one_on_one_laptop() {
    let (_dir, journal) = temp_journal();
    let (_retro, maya, dev) = setup(&journal);
    let (mut app, _) = App::launch("one-to-one", &journal).await;

    // 1. Maya writes and seals. Needs: 1 predictability, 2 responsiveness,
    //    3 partnership, 4 autonomy, 5 sustainability, 6 craft.
    app.click("retro-open").await;
    app.by_testid("entry-editor").await;
    app.click("rate-1-2").await;
    app.click("rate-2-1").await;
    app.select("top-need", "2").await;
    app.type_into("unsaid", "I need to hear early when a date is at risk")
        .await;
    app.type_into("position", "The importer ships before the renewal")
        .await;
    app.type_into("concern", "The customer walks if we slip again")
        .await;
    app.select("guess-1", "6").await;
    app.type_into("private-notes", "MAYA-PRIVATE").await;
    // Passing the laptop mid-sentence loses nothing: the last words are
    // saved before the hand-over screen goes up (rule 4).
    app.type_into("ask", "A heads-up the day a date looks shaky")
        .await;
    app.click("pass-turn").await;
    app.by_testid("handover").await;
    let saved: String =
        rusqlite::Connection::open_with_flags(&journal, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("reader")
            .query_row(
                "SELECT ask FROM entries WHERE person_id = ?1",
                [maya],
                |r| r.get(0),
            )
            .expect("Maya's entry");
    assert_eq!(saved, "A heads-up the day a date looks shaky");
    app.click(&format!("take-turn-{maya}")).await;
    app.by_testid("entry-editor").await;
    app.wait_for_text("save-status", "Saved").await;
    app.scroll_top().await;
    app.shot("maya-writes").await;
    app.click("seal").await;
    app.by_testid("entry-sealed").await;
    app.wait_for_text("reveal-waiting", "Waiting for Dev").await;
    app.scroll_top().await;
    app.shot("maya-sealed").await;

    // Maya sets a PIN too, so nobody takes the keyboard back as her.
    app.click("pin-open").await;
    app.type_into("pin-new", "2468").await;
    app.type_into("pin-again", "2486").await;
    app.click("pin-save").await;
    app.wait_for_text("form-error", "not the same").await;
    app.type_into("pin-again", "2468").await;
    app.shot("maya-pin").await;
    app.click("pin-save").await;
    app.wait_for_text("pin-open", "Change my PIN").await;

    // 2. Pass the laptop to Dev: nothing of Maya's is on the hand-over screen.
    app.click("pass-turn").await;
    let handover = app.wait_for_text("handover", "Pass the laptop").await;
    assert!(!handover.contains("date is at risk"), "{handover}");
    app.shot("handover").await;
    app.click(&format!("take-turn-{dev}")).await;
    app.type_into("turn-pin", "1111").await;
    app.click(&format!("take-turn-{dev}")).await;
    let refused = app.wait_for_text("turn-error", "PIN").await;
    assert!(refused.contains("not Dev's PIN"), "{refused}");
    app.shot("wrong-pin").await;
    // An empty PIN is not sent at all.
    app.click(&format!("take-turn-{dev}")).await;
    app.wait_for_text("turn-error", "Type Dev's PIN first")
        .await;
    app.type_into("turn-pin", "4821").await;
    app.click("turn-pin-go").await;
    assert_eq!(app.wait_for_text("turn-banner", "Dev").await, "Dev's turn");
    assert!(
        app.texts("nav-journal").await.is_empty(),
        "Dev can't browse Maya's journal"
    );

    // Dev writes and seals. His own needs come first; predictability is
    // among the other roles' needs.
    app.by_testid("entry-editor").await;
    app.click("rate-5-1").await;
    app.click("rate-4-4").await;
    app.click("other-needs").await;
    app.click("rate-1-1").await;
    app.select("top-need", "5").await;
    app.type_into("unsaid", "I need one sprint in four for the cleanup")
        .await;
    app.type_into("position", "The importer waits a week").await;
    app.type_into("concern", "Billing breaks under the new load")
        .await;
    app.select("guess-1", "2").await;
    app.wait_for_text("save-status", "Saved").await;
    app.scroll_top().await;
    app.shot("dev-writes").await;
    app.click("seal").await;
    app.by_testid("entry-sealed").await;

    // 3. Back to Maya, with her PIN, who reveals once both have sealed.
    app.click("pass-turn").await;
    app.click(&format!("take-turn-{maya}")).await;
    app.type_into("turn-pin", "2468").await;
    app.click(&format!("take-turn-{maya}")).await;
    app.wait_for_text("reveal-waiting", "Both entries are sealed")
        .await;
    app.click("reveal-open").await;
    app.wait_for_text("reveal", "can't be unsealed").await;
    app.shot("reveal-confirm").await;
    app.click("reveal-confirm").await;
    app.by_testid("reveal-view").await;
    let signals = app.texts("compare-signal").await;
    assert!(
        signals.iter().any(|s| s == "Both hurting"),
        "predictability hurts both: {signals:?}"
    );
    let lines = app.texts("perspective").await;
    assert!(
        lines.contains(
            &"Maya thought Dev most needed Craft; Dev named Sustainability and rated Predictability lowest."
                .to_owned()
        ),
        "{lines:?}"
    );
    assert!(lines
        .iter()
        .any(|l| l.starts_with("Dev saw Responsiveness coming")));
    let heard = app.texts("heard").await.join(" | ");
    assert!(heard.contains("date is at risk") && heard.contains("one sprint in four"));
    assert!(
        !app.texts("reveal-view")
            .await
            .join(" ")
            .contains("MAYA-PRIVATE"),
        "private notes stay out of the reveal"
    );
    let tension = app.wait_for_text("tension", "Sustainability").await;
    assert!(tension.contains("Responsiveness"), "{tension}");
    // The two sides stand apart on screen, not run together.
    assert!(tension.contains(" ⟷ Dev: "), "{tension}");
    app.scroll_top().await;
    // Export sits on the same line as the two people's boxes.
    let rows = app
        .run_async(
            "const done = arguments[arguments.length - 1];
             const mid = (id) => { const r = document.querySelector(`[data-testid='${id}']`)
                                       .getBoundingClientRect(); return (r.top + r.bottom) / 2; };
             done([mid('export-open'), mid('participant')]);",
        )
        .await;
    let (export, person) = (rows[0].as_f64(), rows[1].as_f64());
    assert!(
        matches!((export, person), (Some(e), Some(p)) if (e - p).abs() < 20.0),
        "Export beside the people: {rows}"
    );
    app.shot("revealed").await;
    app.by_testid("perspective").await;
    app.shot("revealed-perspective").await;

    // The Pause card, from the keyboard.
    app.press_ctrl('.').await;
    app.wait_for_text("pause", "what matters most").await;
    app.shot("pause").await;
    app.click("pause-done").await;

    // A later note; the entry itself stays as revealed.
    app.type_into(
        "addendum-text",
        "Spoke to sales: the renewal has two weeks of slack.",
    )
    .await;
    app.click("addendum-add").await;
    app.wait_for_text("addenda", "two weeks of slack").await;

    // 4. The deal.
    app.click("agreement-open").await;
    app.type_into(
        "agreement-title",
        "Importer a week later, cleanup sprint booked",
    )
    .await;
    app.type_into(
        &format!("agreement-commit-{maya}"),
        "Tell the customer the new date this week",
    )
    .await;
    app.type_into(
        &format!("agreement-commit-{dev}"),
        "Warn Maya the day a date looks at risk",
    )
    .await;
    app.click("agreement-need-5").await;
    app.click("agreement-need-1").await;
    app.select("agreement-owner", &dev.to_string()).await;
    app.shot("agreement-dialog").await;
    app.click("agreement-save").await;
    let deal = app
        .wait_for_text("agreement", "Importer a week later")
        .await;
    assert!(deal.contains("Owner Dev"), "{deal}");
    assert_eq!(app.texts("agreement-status").await, ["Open"]);
    app.by_testid("deals").await;
    app.shot("deal-written").await;

    // 5. The next retro with Dev opens with the review; the deal was kept.
    app.click("back").await;
    let due = app.wait_for_text("due", "Importer a week later").await;
    assert!(due.contains("Sprint 42 with Dev"), "{due}");
    app.scroll_top().await;
    app.shot("due").await;
    app.click("new-retro-open").await;
    app.type_into("new-retro-title", "Sprint 43 with Dev").await;
    app.click("kind-paired").await;
    app.select("partner-select", &dev.to_string()).await;
    app.click("new-retro-create").await;
    app.wait_for_text("retro-list", "Sprint 43").await;
    app.click("retro-open").await;
    app.wait_for_text("review", "Review last time's deals")
        .await;
    app.scroll_top().await;
    app.shot("review").await;
    app.click("agreement-kept").await;
    app.wait_for_text("agreement-status", "Kept").await;
    app.wait_for_text("review", "All reviewed").await;
    let history = app.wait_for_text("agreement-history", "Kept").await;
    assert!(history.starts_with("Agreed "), "{history}");
    assert!(history.contains(" → Kept"), "each step apart: {history}");
    app.scroll_top().await;
    app.shot("reviewed").await;
    app.quit().await;
}

/// While one of them holds the keyboard, nothing the app answers over IPC
/// carries the other's sealed or draft words, in either direction.
#[tokio::test(flavor = "multi_thread")]
async fn no_peeking_over_ipc_in_either_direction() {
    let (_dir, journal) = temp_journal();
    let (retro, maya, dev) = setup(&journal);
    {
        let mut j = Journal::open(&journal).expect("journal");
        let words = |secret: &str| EntryContent {
            ratings: vec![NeedRating {
                need_id: 1,
                rating: Some(1),
                note: format!("{secret}-NOTE"),
            }],
            unsaid: format!("{secret}-UNSAID"),
            private_notes: format!("{secret}-PRIVATE"),
            ..EntryContent::default()
        };
        j.save_entry(retro, &words("MAYA")).expect("Maya writes");
        j.seal_entry(retro).expect("Maya seals");
        j.take_turn(retro, dev, Some("4821")).expect("Dev");
        j.save_entry(retro, &words("DEV")).expect("Dev drafts");
    }
    // The app opens where it was left: on Dev's turn.
    let (mut app, _) = App::launch("no-peeking-turns", &journal).await;
    app.wait_for_text("turn-banner", "Dev").await;
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const ipc = window.__TAURI_INTERNALS__;
         const all = (q) => Promise.allSettled(q).then((r) => done(JSON.stringify(r)));
         all([
           ipc.invoke('list_entries', {{ retroId: {retro} }}),
           ipc.invoke('search_entries', {{ query: {{ text: '', needId: null, from: null, to: null }} }}),
           ipc.invoke('search_entries', {{ query: {{ text: 'MAYA', needId: null, from: null, to: null }} }}),
           ipc.invoke('search_entries', {{ query: {{ text: 'DEV', needId: null, from: null, to: null }} }}),
           ipc.invoke('list_retros'),
           ipc.invoke('get_retro', {{ id: {retro} }}),
           ipc.invoke('get_comparison', {{ retroId: {retro} }}),
           ipc.invoke('review_agenda', {{ retroId: {retro} }}),
           ipc.invoke('list_agreements', {{ retroId: {retro} }}),
           ipc.invoke('due_agreements'),
           ipc.invoke('unseal_entry', {{ retroId: {retro} }}),
         ]);"
    );
    let as_dev = app.run_async(&script).await;
    let as_dev = as_dev.as_str().expect("string");
    assert!(as_dev.contains("\"state\":\"sealed\""), "{as_dev}");
    for secret in ["MAYA-UNSAID", "MAYA-NOTE", "MAYA-PRIVATE"] {
        assert!(!as_dev.contains(secret), "{secret} reached Dev: {as_dev}");
    }
    app.shot("dev-at-the-keyboard").await;

    // The other way round: Maya takes the keyboard back.
    app.click("pass-turn").await;
    app.click(&format!("take-turn-{maya}")).await;
    app.by_testid("reveal-bar").await;
    let as_maya = app.run_async(&script).await;
    let as_maya = as_maya.as_str().expect("string");
    assert!(as_maya.contains("\"state\":\"draft\""), "{as_maya}");
    for secret in ["DEV-UNSAID", "DEV-NOTE", "DEV-PRIVATE"] {
        assert!(
            !as_maya.contains(secret),
            "{secret} reached Maya: {as_maya}"
        );
    }
    app.quit().await;
}
