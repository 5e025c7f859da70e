//! The window when something fails: a journal another program keeps locked
//! while someone types, and a journal file that is damaged.
//!
//! The lock comes from the `sqlite3` command-line program (Debian package
//! `sqlite3`), a real second process, as a sync tool or a curious person
//! with a terminal would hold it.

use std::io::Write;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use retro_companion_tests::{revealed_one_to_one, temp_journal};
use retro_core::journal::{EntryContent, Journal, NewRetro, RoleChoice};
use rusqlite::{Connection, OpenFlags};

use crate::harness::App;

/// A write lock on the journal, held by `sqlite3` in an open transaction
/// until [`Lock::release`].
struct Lock {
    child: Child,
    stdin: Option<ChildStdin>,
}

impl Lock {
    fn hold(journal: &Path) -> Lock {
        let mut child = Command::new("sqlite3")
            .arg(journal)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("the sqlite3 command-line program (Debian package sqlite3) must be installed");
        let mut stdin = child.stdin.take().expect("stdin");
        // It waits its turn if the app happens to be writing, then keeps the
        // transaction open for as long as its input stays open.
        stdin
            .write_all(b".timeout 5000\nBEGIN EXCLUSIVE;\n")
            .and_then(|()| stdin.flush())
            .expect("talk to sqlite3");
        let lock = Lock {
            child,
            stdin: Some(stdin),
        };
        let started = Instant::now();
        while !is_locked(journal) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "sqlite3 never took the lock"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        lock
    }

    fn release(mut self) {
        let mut stdin = self.stdin.take().expect("still held");
        stdin.write_all(b"COMMIT;\n").expect("commit");
        drop(stdin);
        let status = self.child.wait().expect("sqlite3 ends");
        assert!(status.success(), "sqlite3 failed: {status}");
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if self.stdin.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Whether another connection holds the journal's write lock right now.
fn is_locked(journal: &Path) -> bool {
    Connection::open(journal)
        .expect("probe")
        .execute_batch("BEGIN IMMEDIATE; ROLLBACK;")
        .is_err()
}

#[tokio::test(flavor = "multi_thread")]
async fn words_typed_while_the_journal_is_locked_are_all_saved_once_it_is_free() {
    let (_dir, journal) = temp_journal();
    {
        let mut j = Journal::open(&journal).expect("journal");
        j.set_me("Maya", &RoleChoice::Existing { id: 1 })
            .expect("me");
        j.create_retro(&NewRetro {
            title: "Week 48".into(),
            held_on: "2026-11-27".into(),
            partner: None,
        })
        .expect("retro");
    }
    let (mut app, _) = App::launch("busy-journal", &journal).await;
    app.click("retro-open").await;
    app.by_testid("entry-editor").await;

    let lock = Lock::hold(&journal);
    app.type_into("unsaid", "I need a date I can promise").await;
    // The first save waits out the store's busy timeout, then gives up.
    let status = app
        .wait_for_text("save-status", "Not saved, retrying")
        .await;
    assert_eq!(status, "Not saved, retrying");
    let note = app
        .wait_for_text("save-note", "as soon as the journal is free")
        .await;
    assert!(note.contains("What you wrote stays here"), "{note}");
    assert!(
        app.texts("save-error").await.is_empty(),
        "a busy journal is not shown as a refusal"
    );
    app.shot("retrying").await;

    // More typing while it is still locked: kept on screen, saved later.
    app.type_into("position", "Ship the importer before the renewal")
        .await;
    assert_eq!(
        app.texts("save-status").await,
        ["Not saved, retrying"],
        "typing does not hide that nothing is saved yet"
    );
    lock.release();

    let status = app.wait_for_text("save-status", "Saved").await;
    assert_eq!(status, "Saved");
    assert!(app.texts("save-note").await.is_empty());
    app.shot("saved-after-the-lock").await;

    // A second connection reads exactly what was typed, every keystroke.
    let conn = Connection::open_with_flags(&journal, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("second connection");
    let (unsaid, position): (String, String) = conn
        .query_row("SELECT unsaid, position FROM entries", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("the entry");
    assert_eq!(unsaid, "I need a date I can promise");
    assert_eq!(position, "Ship the importer before the renewal");
    app.quit().await;
}

const DAMAGED: &[u8] = b"Half of a journal, overwritten by a sync tool that lost its way.";

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_journal_comes_back_from_the_latest_healthy_backup() {
    let (dir, journal) = temp_journal();
    std::fs::write(&journal, DAMAGED).expect("damaged journal");
    let (mut app, _) = App::launch("damaged-journal", &journal).await;

    // No backup yet: the window says what happened and what can be done.
    let message = app
        .wait_for_text("problem-message", "not a readable Retro Companion journal")
        .await;
    assert!(message.contains("left untouched"), "{message}");
    app.wait_for_text("problem-no-backup", "No healthy backup was found")
        .await;
    assert!(app.texts("problem-restore").await.is_empty());
    app.by_testid("problem-retry").await;
    app.shot("no-backup").await;

    // A good daily backup is put in the backups folder; Retry finds it.
    {
        let scratch = dir.path().join("elsewhere.sqlite3");
        let (j, _) = revealed_one_to_one(
            &scratch,
            "Sprint 42 | billing",
            "2026-11-20",
            &EntryContent::default(),
            &EntryContent::default(),
        );
        j.backup_to(&dir.path().join("backups/daily-2026-11-20.sqlite3"))
            .expect("daily backup");
    }
    app.click("problem-retry").await;
    app.wait_for_text("problem-still", "still can't be opened")
        .await;
    let offer = app
        .wait_for_text("problem-backup", "daily-2026-11-20.sqlite3")
        .await;
    assert!(offer.contains("kept in the backups folder"), "{offer}");
    assert_eq!(
        app.wait_for_text("problem-restore", "Restore").await,
        "Restore the latest backup"
    );
    assert_eq!(std::fs::read(&journal).expect("journal"), DAMAGED);
    app.shot("backup-offered").await;

    app.click("problem-restore").await;
    app.wait_for_text("retro-list", "Sprint 42").await;
    assert_eq!(app.texts("retro-title").await, ["Sprint 42 | billing"]);
    app.wait_for_text("toasts", "Restored from daily-2026-11-20.sqlite3")
        .await;
    app.shot("restored").await;
    app.quit().await;

    // The damaged file is kept, byte for byte, beside the backups.
    let kept: Vec<Vec<u8>> = std::fs::read_dir(dir.path().join("backups"))
        .expect("backups")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("damaged-") && n.ends_with(".sqlite3"))
        })
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    assert_eq!(kept, [DAMAGED]);
    assert_eq!(
        Journal::open(&journal)
            .expect("the journal opens")
            .retros()
            .expect("list")
            .len(),
        1
    );
}
