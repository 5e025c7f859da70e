//! The needs catalog: add a role and a need, and a used need that can only
//! be archived.

use retro_companion_tests::temp_journal;
use retro_core::journal::{EntryContent, Journal, NeedInput, NeedRating, NewRetro};

use crate::harness::App;

#[tokio::test(flavor = "multi_thread")]
async fn needs_are_added_and_a_used_one_is_archived_not_deleted() {
    let (_dir, journal) = temp_journal();
    let used = {
        let mut j = retro_core::fixtures::kept_by(Some(&journal), "Dev", 2);
        let need = j
            .add_need(&NeedInput {
                role_id: 2,
                name: "Focus time".into(),
                explanation: "Long stretches without interruptions.".into(),
                frustration: "I stop starting hard problems after lunch.".into(),
            })
            .expect("need");
        let r = j
            .create_retro(&NewRetro {
                title: "Week 1".into(),
                held_on: "2026-11-02".into(),
                partner: None,
            })
            .expect("retro");
        let rating = NeedRating {
            need_id: need.id,
            rating: Some(2),
            note: String::new(),
        };
        j.save_entry(
            r.id,
            &EntryContent {
                ratings: vec![rating],
                ..EntryContent::default()
            },
        )
        .expect("entry");
        need.id
    };
    let (mut app, _) = App::launch("needs", &journal).await;
    app.click("nav-needs").await;
    app.wait_for_text(&format!("need-{used}"), "Focus time")
        .await;
    app.shot("catalog").await;

    // A new role and a need for it.
    app.click("role-add").await;
    app.type_into("role-dialog-value", "Design").await;
    app.click("role-dialog-save").await;
    app.click("need-add").await;
    app.type_into("need-name", "Clarity").await;
    app.select("need-role", "3").await;
    app.type_into("need-explanation", "Knowing which problem a screen solves.")
        .await;
    app.type_into(
        "need-frustration",
        "I redraw the same flow for shifting goals.",
    )
    .await;
    app.shot("add-need").await;
    app.click("need-save").await;
    app.wait_for_text("role-3", "Clarity").await;

    // The used need can't be deleted: the dialog says why, and offers to
    // archive it in one step.
    app.click(&format!("need-delete-{used}")).await;
    app.click("delete-need-confirm").await;
    let message = app.wait_for_text("form-error", "Archive it instead").await;
    assert!(message.contains("used by at least one entry"), "{message}");
    app.shot("delete-refused").await;
    app.click("delete-need-instead").await;
    app.wait_for_text(&format!("need-{used}"), "Archived").await;
    // The list's own button brings it back, and archives it again.
    app.click(&format!("need-archive-{used}")).await;
    // Back in the list once its button offers to archive it again.
    app.wait_for_text(&format!("need-archive-{used}"), "Archive")
        .await;
    app.click(&format!("need-archive-{used}")).await;
    app.wait_for_text(&format!("need-{used}"), "Archived").await;
    app.shot("archived").await;

    // Clarity pulls against responsiveness: a custom tension pair.
    let clarity = Journal::open(&journal)
        .expect("read")
        .needs()
        .expect("needs")
        .into_iter()
        .find(|n| n.name == "Clarity")
        .expect("clarity")
        .id;
    assert_eq!(
        app.texts("tension-pair").await.len(),
        3,
        "the built-in pairs"
    );
    app.click("tension-add").await;
    app.wait_for_text("tension-error", "Pick the two needs")
        .await;
    app.select("tension-a", &clarity.to_string()).await;
    app.select("tension-b", "2").await;
    app.type_into(
        "tension-question",
        "What is the smallest thing we could show this week and still learn from?",
    )
    .await;
    app.click("tension-add").await;
    app.wait_for_text("tension-pairs", "Clarity ⟷ Responsiveness")
        .await;
    app.by_testid("tension-add").await;
    app.shot("tension-pair").await;
    app.quit().await;

    let j = Journal::open(&journal).expect("reopen");
    let needs = j.needs().expect("needs");
    assert!(
        needs.iter().any(|n| n.id == used && n.archived),
        "the used need must survive, archived"
    );
    assert!(needs.iter().any(|n| n.name == "Clarity" && n.role_id == 3));
    assert_eq!(j.tension_pairs().expect("pairs").len(), 4);
}
