//! Two programs on one journal, as when the window is open and a command
//! runs beside it, or scripts run several commands at once. A write waits
//! out another program's lock and then goes through; a lock held past the
//! busy timeout is reported as "busy" (exit code 4) in the app's words,
//! never as SQLite's raw "database is locked", and changes nothing; and
//! writers started together all get in, whether the journal is current,
//! brand new, or written by an older version that each of them upgrades.

use std::path::Path;
use std::process::{Child, Output};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use retro_companion_tests::{cli, make_version_3, temp_journal};

fn command(journal: &Path, args: &[&str]) -> std::process::Command {
    let mut command = cli();
    command.arg("--journal").arg(journal).args(args);
    command
}

fn run(journal: &Path, args: &[&str]) -> Output {
    command(journal, args)
        .output()
        .expect("run the binary (cargo build -p retro-companion first)")
}

fn spawn(journal: &Path, args: &[&str]) -> Child {
    command(journal, args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the binary")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn list(journal: &Path) -> String {
    let out = run(journal, &["list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn onboarded(journal: &Path) {
    let out = run(journal, &["init", "--name", "Maya", "--role", "product"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// Another program's exclusive lock on the journal, taken on a thread of
/// this process through its own connection. It is held until `release`
/// sends (or hangs up) or `at_most` passes, whichever comes first; the
/// function returns once the lock is held.
fn hold_lock(journal: &Path, at_most: Duration) -> (mpsc::Sender<()>, JoinHandle<Duration>) {
    let (locked_tx, locked) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let journal = journal.to_owned();
    let holder = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&journal).expect("the other program's connection");
        conn.execute_batch("BEGIN EXCLUSIVE").expect("lock");
        let since = Instant::now();
        locked_tx.send(()).expect("tell the test");
        let _ = released.recv_timeout(at_most);
        let held = since.elapsed();
        conn.execute_batch("ROLLBACK").expect("unlock");
        held
    });
    locked.recv().expect("the lock is held");
    (release, holder)
}

#[test]
fn a_write_waits_out_a_short_lock_and_then_goes_through() {
    let (_dir, journal) = temp_journal();
    onboarded(&journal);
    let (_release, holder) = hold_lock(&journal, Duration::from_millis(1500));

    let started = Instant::now();
    let out = run(
        &journal,
        &["new", "--title", "After the lock", "--date", "2026-11-20"],
    );
    let waited = started.elapsed();
    let held = holder.join().expect("holder");

    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        waited >= Duration::from_millis(1200) && held >= Duration::from_millis(1500),
        "the command ran while the lock was held, and waited for it ({waited:?})"
    );
    let id = text(&out.stdout).trim().to_owned();
    assert!(id.parse::<i64>().is_ok(), "the id alone on stdout: {id:?}");
    assert_eq!(
        list(&journal),
        format!("{id}\t2026-11-20\tsolo\topen\tAfter the lock\t\n")
    );
}

#[test]
fn a_lock_held_past_the_timeout_is_reported_as_busy_and_changes_nothing() {
    let (_dir, journal) = temp_journal();
    onboarded(&journal);
    let out = run(
        &journal,
        &["new", "--title", "Before", "--date", "2026-11-13"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let before = list(&journal);
    // Held for as long as the command runs, and at most 7 s: past the 5 s
    // the command waits.
    let (release, holder) = hold_lock(&journal, Duration::from_secs(7));

    let started = Instant::now();
    let out = run(
        &journal,
        &["new", "--title", "Too late", "--date", "2026-11-20"],
    );
    let waited = started.elapsed();
    drop(release);
    let held = holder.join().expect("holder");

    assert!(
        held > waited,
        "the lock outlasted the command ({held:?}, {waited:?})"
    );
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    assert!(
        waited >= Duration::from_millis(4500),
        "it waited before giving up ({waited:?})"
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("The journal is busy"), "{stderr}");
    assert!(stderr.contains("Nothing was changed"), "{stderr}");
    assert!(!stderr.contains("database is locked"), "{stderr}");
    assert!(out.stdout.is_empty(), "no id for a retro that was not made");
    assert_eq!(list(&journal), before);
}

/// Starts `count` commands at once, each given its own arguments, and
/// waits for all of them.
fn all_at_once(journal: &Path, count: usize, args: impl Fn(usize) -> Vec<String>) -> Vec<Output> {
    let children: Vec<Child> = (0..count)
        .map(|n| {
            let args = args(n);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            spawn(journal, &args)
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect()
}

fn assert_all_succeeded(outputs: &[Output]) {
    for (n, out) in outputs.iter().enumerate() {
        assert!(
            out.status.success(),
            "command {n} of {}: {:?} {}",
            outputs.len(),
            out.status,
            text(&out.stderr)
        );
    }
}

#[test]
fn eight_writers_started_together_all_get_in() {
    let (_dir, journal) = temp_journal();
    onboarded(&journal);

    let outputs = all_at_once(&journal, 8, |n| {
        vec![
            "new".into(),
            "--title".into(),
            format!("Writer {n}"),
            "--date".into(),
            "2026-11-20".into(),
        ]
    });

    assert_all_succeeded(&outputs);
    let mut ids: Vec<String> = outputs
        .iter()
        .map(|o| text(&o.stdout).trim().to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 8, "eight different retros: {ids:?}");
    let listed = list(&journal);
    let mut titles: Vec<&str> = listed
        .lines()
        .map(|l| l.split('\t').nth(4).expect("title"))
        .collect();
    titles.sort();
    let expected: Vec<String> = (0..8).map(|n| format!("Writer {n}")).collect();
    assert_eq!(titles, expected);
}

#[test]
fn eight_programs_creating_the_same_new_journal_together_all_get_it() {
    // The race is over in milliseconds; a few rounds give it room to show.
    for round in 0..4 {
        let (_dir, journal) = temp_journal();
        let outputs = all_at_once(&journal, 8, |_| {
            ["init", "--name", "Maya", "--role", "product"]
                .map(String::from)
                .to_vec()
        });
        assert_all_succeeded(&outputs);
        let j = retro_core::journal::Journal::open(&journal).expect("open");
        assert_eq!(
            j.me().expect("me").map(|p| p.name),
            Some("Maya".into()),
            "round {round}"
        );
        assert!(j.partners().expect("partners").is_empty(), "one Maya");
        assert_eq!(j.needs().expect("needs").len(), 6, "seeded once");
    }
}

#[test]
fn eight_programs_opening_an_older_journal_together_upgrade_it_and_keep_a_true_copy() {
    for round in 0..3 {
        let (dir, journal) = temp_journal();
        onboarded(&journal);
        let out = run(
            &journal,
            &["new", "--title", "Written long ago", "--date", "2025-03-02"],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        make_version_3(&journal);

        let outputs = all_at_once(&journal, 8, |_| vec!["list".into()]);

        assert_all_succeeded(&outputs);
        for out in &outputs {
            assert!(
                text(&out.stdout).contains("Written long ago"),
                "round {round}"
            );
        }
        let version: u32 = rusqlite::Connection::open(&journal)
            .expect("open")
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, retro_core::journal::SCHEMA_VERSION);
        // Each copy kept before the upgrade is the journal as version 3
        // left it, not one another program had already upgraded.
        let kept: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .expect("the backups folder")
            .map(|e| e.expect("entry").path())
            .collect();
        assert!(!kept.is_empty(), "round {round}");
        for copy in kept {
            let conn = rusqlite::Connection::open(&copy).expect("copy");
            let version: u32 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .expect("version");
            assert_eq!(version, 3, "{}", copy.display());
            let title: String = conn
                .query_row("SELECT title FROM retros", [], |r| r.get(0))
                .expect("the retro");
            assert_eq!(title, "Written long ago");
        }
    }
}
