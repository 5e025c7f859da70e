//! A 1:1 on two laptops, in two windows: Maya's app and Dev's, each on its
//! own journal, run one after the other, the files passing through a
//! temporary folder as they would through a chat. Maya sends her sealed
//! entry; Dev opens it, says who Maya is, and sends his back; they swap
//! codes and both reveal; a deal goes back to Dev as an update.
//!
//! WebDriver can't drive the system's file dialog, so each window is
//! started with `RETRO_COMPANION_CHOOSE_FILE` naming the file it saves or
//! opens next; everything else is the app's own code.

use std::path::{Path, PathBuf};

use retro_companion_tests::temp_journal;
use retro_core::export::{self, MarkdownRequest};
use retro_core::journal::Journal;

use crate::harness::App;

const CHOOSE: &str = "RETRO_COMPANION_CHOOSE_FILE";

fn choose(path: &Path) -> Vec<(String, PathBuf)> {
    vec![(CHOOSE.to_owned(), path.to_owned())]
}

/// The id of the person called `name` in a journal, read beside the app.
fn person_id(journal: &Path, name: &str) -> i64 {
    rusqlite::Connection::open_with_flags(journal, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("reader")
        .query_row("SELECT id FROM people WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .expect(name)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_one_to_one_on_two_laptops() {
    let (files, maya_journal) = temp_journal();
    let (_dev_dir, dev_journal) = temp_journal();
    drop(retro_core::fixtures::kept_by(
        Some(&maya_journal),
        "Maya",
        1,
    ));
    drop(retro_core::fixtures::kept_by(Some(&dev_journal), "Dev", 2));
    let from_maya = files.path().join("maya.sealed.txt");
    let from_dev = files.path().join("dev.sealed.txt");
    let update = files.path().join("maya.update.txt");

    // 1. Maya creates the retro on two laptops, writes, seals and sends.
    let (maya, _) =
        App::launch_with("two-laptops-maya", &maya_journal, &[(CHOOSE, &from_maya)]).await;
    let mut maya = maya;
    maya.click("new-retro-open").await;
    maya.type_into("new-retro-title", "Week 48 with Dev").await;
    maya.click("kind-remote").await;
    maya.type_into("partner-name", "Dev").await;
    maya.click("partner-role-engineering").await;
    maya.shot("new-retro").await;
    maya.click("new-retro-create").await;
    maya.wait_for_text("retro-remote", "on two laptops").await;
    maya.click("retro-open").await;
    maya.wait_for_text("step-send", "Write your entry above")
        .await;
    assert!(
        maya.texts("pass-turn").await.is_empty(),
        "no passing the laptop"
    );
    maya.click("rate-1-2").await;
    maya.select("top-need", "1").await;
    maya.type_into("unsaid", "I need a date I can repeat to sales")
        .await;
    maya.type_into("private-notes", "MAYA-PRIVATE").await;
    maya.wait_for_text("save-status", "Saved").await;
    maya.click("seal").await;
    maya.by_testid("entry-sealed").await;
    maya.click("send-envelope-open").await;
    let warning = maya
        .wait_for_text("send-envelope", "stays sealed for good")
        .await;
    assert!(warning.contains("can't unseal it"), "{warning}");
    maya.shot("send-warning").await;
    maya.click("send-envelope-confirm").await;
    maya.click("outgoing-save").await;
    let done = maya.wait_for_text("outgoing-done", "Saved to").await;
    assert!(done.contains("maya.sealed.txt"), "{done}");
    maya.shot("envelope-sent").await;
    let sealed = std::fs::read_to_string(&from_maya).expect("the envelope was written");
    assert!(sealed.starts_with("Retro Companion sealed entry."));
    assert!(!sealed.contains("repeat to sales") && !sealed.contains("MAYA-PRIVATE"));
    maya.click("outgoing-cancel").await;
    let maya_print = maya.text_of("sent-fingerprint").await;
    assert!(maya.texts("unseal").await.is_empty(), "sent is final");
    maya.wait_for_text("entry-sent", "stays exactly as it is")
        .await;
    maya.wait_for_text("step-codes", "Your code appears once")
        .await;
    maya.scroll_top().await;
    maya.shot("waiting-for-dev").await;
    maya.quit().await;

    // 2. Dev opens Maya's file: whose, which retro, sealed; he says who she is.
    let (mut dev, _) =
        App::launch_with("two-laptops-dev", &dev_journal, &[(CHOOSE, &from_maya)]).await;
    dev.by_testid("empty-state").await;
    dev.click("partner-file-open").await;
    dev.click("partner-file-choose").await;
    let writer = dev.wait_for_text("partner-file-writer", "Maya").await;
    assert!(writer.contains("Week 48 with Dev"), "{writer}");
    assert!(writer.contains("nobody can read it"), "{writer}");
    assert_eq!(dev.text_of("partner-file-fingerprint").await, maya_print);
    dev.shot("who-is-maya").await;
    dev.click("partner-file-accept").await;
    let received = dev
        .wait_for_text("partner-file-received", "still sealed")
        .await;
    assert!(received.contains("Week 48 with Dev"), "{received}");
    dev.shot("envelope-received").await;
    dev.click("partner-file-go").await;
    let people = dev.wait_for_text("retro-heading", "Week 48").await;
    assert_eq!(people, "Week 48 with Dev");
    assert_eq!(dev.text_of("received-fingerprint").await, maya_print);
    dev.click("rate-5-1").await;
    dev.select("top-need", "5").await;
    dev.type_into("unsaid", "I need a week for the cleanup")
        .await;
    dev.wait_for_text("save-status", "Saved").await;
    dev.click("seal").await;
    dev.by_testid("entry-sealed").await;

    // He sends his back, then shows his code on the call.
    let dev = dev.restart_with(choose(&from_dev)).await;
    dev.click("send-envelope-open").await;
    dev.click("send-envelope-confirm").await;
    dev.click("outgoing-copy").await;
    dev.wait_for_text("outgoing-done", "Copied as text").await;
    dev.click("outgoing-save").await;
    dev.wait_for_text("outgoing-done", "Saved to").await;
    dev.click("outgoing-cancel").await;
    dev.click("code-show").await;
    let dev_code = dev.wait_for_text("my-code", "-").await;
    dev.wait_for_text("withheld", "can read your entry").await;
    dev.quit().await;

    // 3. Maya opens Dev's file (no question: she knows Dev), shows her code
    //    and enters his; a typo is caught first.
    let mut maya = App::launch_with(
        "two-laptops-maya-code",
        &maya_journal,
        &[(CHOOSE, &from_dev)],
    )
    .await
    .0;
    maya.click("partner-file-open").await;
    maya.click("partner-file-choose").await;
    maya.wait_for_text("partner-file-received", "Dev").await;
    maya.click("partner-file-go").await;
    maya.text_of("received-fingerprint").await;
    maya.click("code-show").await;
    let maya_code = maya.wait_for_text("my-code", "-").await;
    assert_ne!(maya_code, dev_code);
    let typo: String = dev_code
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == 2 {
                if c == 'A' {
                    'B'
                } else {
                    'A'
                }
            } else {
                c
            }
        })
        .collect();
    maya.type_into("partner-code", &typo).await;
    maya.click("reveal-code").await;
    maya.wait_for_text("code-error", "typo").await;
    maya.type_into("partner-code", &dev_code).await;
    maya.by_testid("two-laptops").await;
    maya.shot("code-entry").await;
    maya.click("reveal-code").await;
    maya.by_testid("reveal-view").await;
    let heard = maya.texts("heard").await.join(" | ");
    assert!(heard.contains("a week for the cleanup"), "{heard}");
    assert!(heard.contains("repeat to sales"), "{heard}");
    assert!(
        !maya
            .texts("reveal-view")
            .await
            .join(" ")
            .contains("PRIVATE"),
        "private notes never travel"
    );
    maya.scroll_top().await;
    maya.shot("comparison").await;

    // A deal, sent to Dev as an update.
    let mut maya = maya.restart_with(choose(&update)).await;
    let (m, d) = (
        person_id(&maya_journal, "Maya"),
        person_id(&maya_journal, "Dev"),
    );
    maya.click("agreement-open").await;
    maya.type_into("agreement-title", "Dates after the cleanup week")
        .await;
    maya.type_into(
        &format!("agreement-commit-{m}"),
        "Tell sales after the cleanup",
    )
    .await;
    maya.type_into(&format!("agreement-commit-{d}"), "Book the cleanup week")
        .await;
    maya.click("agreement-need-1").await;
    maya.click("agreement-save").await;
    maya.wait_for_text("agreement", "Dates after the cleanup week")
        .await;
    maya.click("update-send").await;
    maya.click("outgoing-save").await;
    maya.wait_for_text("outgoing-done", "maya.update.txt").await;
    maya.shot("update-sent").await;
    maya.click("outgoing-cancel").await;
    maya.quit().await;

    // 4. Dev: his code is out and Maya's entry still sealed here, which the
    //    window says plainly; he enters her code, then opens the update.
    let mut dev = App::launch_with("two-laptops-dev-reveal", &dev_journal, &[(CHOOSE, &update)])
        .await
        .0;
    assert_eq!(dev.wait_for_text("my-code", "-").await, dev_code);
    let withheld = dev
        .wait_for_text("withheld", "Maya can read your entry")
        .await;
    assert!(withheld.contains("stays sealed here"), "{withheld}");
    dev.by_testid("withheld").await;
    dev.shot("withheld").await;
    dev.type_into("partner-code", &maya_code.to_lowercase())
        .await;
    dev.click("reveal-code").await;
    dev.by_testid("reveal-view").await;
    dev.click("partner-file-open").await;
    dev.click("partner-file-choose").await;
    let added = dev
        .wait_for_text("partner-file-update", "Added 1 deal")
        .await;
    assert!(added.contains("Week 48 with Dev"), "{added}");
    dev.shot("update-received").await;
    dev.click("partner-file-go").await;
    dev.wait_for_text("agreement", "Dates after the cleanup week")
        .await;
    dev.by_testid("deals").await;
    dev.shot("deal-arrived").await;
    dev.quit().await;

    // One record on both laptops.
    let md = |path: &Path| {
        let j = Journal::open(path).expect("journal");
        let id = j.retros().expect("retros")[0].id;
        export::markdown(
            &j,
            &MarkdownRequest::Retro {
                id,
                include_private: false,
            },
            "2026-11-25T10:00:00Z",
        )
        .expect("markdown")
    };
    assert_eq!(md(&maya_journal), md(&dev_journal));
}

/// A file that is not from a partner, or a damaged one, is explained in the
/// dialog, and the journal is left as it was.
#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_file_from_a_partner_is_explained_and_changes_nothing() {
    let (dir, journal) = temp_journal();
    drop(retro_core::fixtures::kept_by(Some(&journal), "Dev", 2));
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "Agenda for Thursday\n- the importer\n").expect("write");
    let count = || {
        rusqlite::Connection::open_with_flags(&journal, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("reader")
            .query_row(
                "SELECT (SELECT count(*) FROM retros) + (SELECT count(*) FROM people)",
                [],
                |r| r.get::<_, i64>(0),
            )
            .expect("count")
    };
    let before = count();
    let (mut app, _) = App::launch_with("partner-file-wrong", &journal, &[(CHOOSE, &notes)]).await;
    app.click("partner-file-open").await;
    app.click("partner-file-choose").await;
    let error = app
        .wait_for_text("form-error", "not a sealed entry from Retro Companion")
        .await;
    assert!(error.contains("Ask your partner"), "{error}");
    app.shot("not-a-partner-file").await;

    // A sealed entry cut short in the chat, pasted whole (typing can't
    // send its line break).
    app.set_value(
        "partner-file-paste",
        "Retro Companion sealed entry. Open it in Retro Companion.\n{\"format\":\"retro-companion-envelope\"",
    )
    .await;
    app.click("partner-file-open-text").await;
    // It is named for what it is: damaged, not some other kind of file.
    let error = app
        .wait_for_text("form-error", "damaged or incomplete")
        .await;
    assert!(error.contains("send the file again"), "{error}");
    app.shot("damaged-paste").await;
    app.click("partner-file-cancel").await;
    app.by_testid("empty-state").await;
    app.quit().await;
    assert_eq!(count(), before, "nothing was written");
}
