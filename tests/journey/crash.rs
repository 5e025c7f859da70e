//! Killing the app mid-write loses nothing and half-does nothing. The real
//! binary is killed with SIGKILL at random moments while it imports a
//! journal file, writes a backup, and restores one, well over a hundred
//! times in all. After every kill the journal passes SQLite's integrity
//! check and the operation either happened whole or not at all: an import
//! brought in every retro or none, a backup is absent or a complete
//! journal, and a restored journal is the old one or the backup's, never a
//! mixture. The moments are drawn from a fixed seed, so a failure can be
//! chased with the same sequence of delays.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use retro_companion_tests::{cli, revealed_one_to_one};
use retro_core::export::json;
use retro_core::journal::{EntryContent, Journal, NeedRating, NewRetro, RoleChoice};

/// Kills that must land before the command finishes, for each operation.
const KILLS_EACH: usize = 35;
/// A bound on the attempts for each operation, should the kills keep
/// landing after the command has already finished.
const MOST_TRIES: usize = 100;
const SEED: u64 = 0x5EED_2026_1120;
/// Every export here carries the same stamp, so two of them compare equal
/// exactly when the journals hold the same things.
const STAMP: &str = "2026-11-20T09:00:00.000Z";

/// xorshift64*: enough to spread the kills, and the same every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Maya's journal: a revealed 1:1 with Dev, then 39 solo retros, each
/// with an entry, every other one sealed: 40 retros.
fn forty_retros(path: &Path) {
    let words = |s: &str| EntryContent {
        ratings: vec![NeedRating {
            need_id: 1,
            rating: Some(2),
            note: format!("{s}: the date slipped twice"),
        }],
        unsaid: format!("I need {s}"),
        concern: format!("{s} keeps coming back"),
        private_notes: format!("{s}, for me alone"),
        ..EntryContent::default()
    };
    let (mut j, _) = revealed_one_to_one(
        path,
        "Sprint 1",
        "2026-01-05",
        &words("dates that hold"),
        &words("room for the cleanup"),
    );
    let start: chrono::NaiveDate = "2026-01-05".parse().expect("day");
    for n in 2..=40 {
        let r = j
            .create_retro(&NewRetro {
                title: format!("Sprint {n}"),
                held_on: (start + chrono::Days::new(7 * n)).to_string(),
                partner: None,
            })
            .expect("retro");
        j.save_entry(r.id, &words(&format!("week {n}")))
            .expect("entry");
        if n % 2 == 0 {
            j.seal_entry(r.id).expect("seal");
        }
    }
}

/// Another journal, with other retros, to restore over the first.
fn twelve_other_retros(path: &Path) {
    let mut j = Journal::open(path).expect("journal");
    j.set_me("Maya", &RoleChoice::Existing { id: 1 })
        .expect("me");
    for n in 1..=12 {
        j.create_retro(&NewRetro {
            title: format!("From the backup {n}"),
            held_on: format!("2025-06-{n:02}"),
            partner: None,
        })
        .expect("retro");
    }
}

/// Everything the journal at `path` holds, as its owner would export it.
fn contents(path: &Path) -> String {
    let j = Journal::open(path).expect("the journal opens after the kill");
    json::to_json(&json::export(&j, true, STAMP).expect("export"))
}

fn retro_count(contents: &str) -> usize {
    let v: serde_json::Value = serde_json::from_str(contents).expect("json");
    v["retros"].as_array().map_or(0, Vec::len)
}

fn assert_intact(path: &Path, what: &str) {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn.prepare("PRAGMA integrity_check").expect("check");
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("check");
    assert_eq!(rows, ["ok"], "{what}: {}", path.display());
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    NotAtAll,
    Whole,
}

/// Starts `command`, waits until it has the journal open (its WAL file,
/// `marker`, appears), lets it run for `delay` more, and kills it. Without
/// a delay it runs to the end. Returns whether the kill landed before the
/// command finished, and how long it ran after opening the journal.
fn run_and_kill(command: &mut Command, marker: &Path, delay: Option<Duration>) -> (bool, Duration) {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the binary (cargo build -p retro-companion first)");
    let started = Instant::now();
    while !marker.exists() {
        if child.try_wait().expect("poll").is_some() {
            return (false, Duration::ZERO);
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the command never opened the journal"
        );
        std::thread::sleep(Duration::from_micros(100));
    }
    let opened = Instant::now();
    let status = match delay {
        Some(delay) => {
            std::thread::sleep(delay);
            child.kill().expect("kill");
            child.wait().expect("wait")
        }
        None => {
            let status = child.wait().expect("wait");
            assert!(status.success(), "the uninterrupted run failed: {status:?}");
            status
        }
    };
    (status.signal() == Some(9), opened.elapsed())
}

#[derive(Debug, Default)]
struct Tally {
    tries: usize,
    kills: usize,
    not_at_all: usize,
    whole: usize,
}

/// Runs one operation to the end once, to learn roughly how long it takes,
/// and then again and again, killed at a random moment within about that
/// time, until [`KILLS_EACH`] kills have landed. `start` prepares a
/// fresh folder and returns the command and the file whose appearance says
/// it has opened the journal; `outcome` checks what the command left and
/// fails the test on anything half-done.
fn kill_repeatedly(
    name: &str,
    rng: &mut Rng,
    base: &Path,
    mut start: impl FnMut(&Path) -> (Command, PathBuf),
    mut outcome: impl FnMut(&Path) -> Outcome,
) -> Tally {
    let calibration = tempfile::tempdir_in(base).expect("dir");
    let (mut command, marker) = start(calibration.path());
    let (_, took) = run_and_kill(&mut command, &marker, None);
    assert_eq!(outcome(calibration.path()), Outcome::Whole, "{name} uncut");
    drop(calibration);
    // How long the command runs varies from run to run, and more on a
    // busy machine, so the window follows what happens: it shrinks when a
    // run finished before its kill and grows when the kill landed. That
    // settles where about four kills in five land and one run in five
    // finishes, so the kills spread over the whole operation.
    let mut window = took.as_micros() as u64;

    let mut tally = Tally::default();
    while tally.kills < KILLS_EACH && tally.tries < MOST_TRIES {
        let trial = tempfile::tempdir_in(base).expect("dir");
        let (mut command, marker) = start(trial.path());
        let delay = Duration::from_micros(rng.below(window));
        let (killed, _) = run_and_kill(&mut command, &marker, Some(delay));
        window = if killed {
            window * 21 / 20
        } else {
            window * 4 / 5
        }
        .max(1_000);
        tally.tries += 1;
        tally.kills += usize::from(killed);
        match outcome(trial.path()) {
            Outcome::NotAtAll => tally.not_at_all += 1,
            Outcome::Whole => tally.whole += 1,
        }
    }
    eprintln!("{name}: {tally:?}, the last window {window} µs after opening the journal");
    assert!(
        tally.kills >= KILLS_EACH,
        "{name}: only {} of {} runs were killed before they finished",
        tally.kills,
        tally.tries
    );
    // Kills that all landed before or all after the work would prove little.
    assert!(
        tally.not_at_all > 0 && tally.whole > 0,
        "{name}: the kills did not span the operation: {tally:?}"
    );
    tally
}

#[test]
fn killing_the_app_mid_import_backup_or_restore_never_leaves_half_a_change() {
    let began = Instant::now();
    let base = tempfile::tempdir().expect("dir");
    let source = base.path().join("source.sqlite3");
    forty_retros(&source);
    let full = contents(&source);
    assert_eq!(retro_count(&full), 40);
    let file = base.path().join("journal.json");
    std::fs::write(&file, &full).expect("the file to import");
    let empty = contents(&base.path().join("empty.sqlite3"));
    // A settled copy of the 40-retro journal, to restore over each time.
    let template = base.path().join("template.sqlite3");
    std::fs::copy(&source, &template).expect("template");
    let backup = base.path().join("backup.sqlite3");
    twelve_other_retros(&backup);
    let other = contents(&backup);
    let backup_bytes = std::fs::read(&backup).expect("backup");
    let mut rng = Rng(SEED);

    let import = kill_repeatedly(
        "import",
        &mut rng,
        base.path(),
        |dir| {
            let journal = dir.join("journal.sqlite3");
            let mut command = cli();
            command
                .arg("--journal")
                .arg(&journal)
                .arg("import")
                .arg(&file);
            (command, with_suffix(&journal, "-wal"))
        },
        |dir| {
            let journal = dir.join("journal.sqlite3");
            assert_intact(&journal, "the journal after a killed import");
            let now = contents(&journal);
            if now == empty {
                Outcome::NotAtAll
            } else {
                assert!(
                    now == full,
                    "a killed import left {} of 40 retros, or other changes",
                    retro_count(&now)
                );
                Outcome::Whole
            }
        },
    );

    let backups = kill_repeatedly(
        "backup",
        &mut rng,
        base.path(),
        |dir| {
            let wal = with_suffix(&source, "-wal");
            assert!(!wal.exists(), "the last check closed the journal");
            let mut command = cli();
            command
                .arg("--journal")
                .arg(&source)
                .arg("backup")
                .arg(dir.join("copies/copy.sqlite3"));
            (command, wal)
        },
        |dir| {
            assert_intact(&source, "the journal after a killed backup");
            assert!(contents(&source) == full, "a backup changed the journal");
            let copy = dir.join("copies/copy.sqlite3");
            if !copy.exists() {
                return Outcome::NotAtAll;
            }
            assert_intact(&copy, "a backup that was killed");
            let copied = contents(&copy);
            assert!(
                copied == full,
                "a killed backup left an incomplete copy ({} retros)",
                retro_count(&copied)
            );
            Outcome::Whole
        },
    );

    let restores = kill_repeatedly(
        "restore",
        &mut rng,
        base.path(),
        |dir| {
            let journal = dir.join("journal.sqlite3");
            std::fs::copy(&template, &journal).expect("the journal as it was");
            let mut command = cli();
            command
                .arg("--journal")
                .arg(&journal)
                .arg("restore")
                .arg(&backup);
            (command, with_suffix(&journal, "-wal"))
        },
        |dir| {
            let journal = dir.join("journal.sqlite3");
            assert_intact(&journal, "the journal after a killed restore");
            let now = contents(&journal);
            if now == full {
                Outcome::NotAtAll
            } else {
                assert!(
                    now == other,
                    "a killed restore left a mixture ({} retros)",
                    retro_count(&now)
                );
                Outcome::Whole
            }
        },
    );
    assert!(
        std::fs::read(&backup).expect("backup") == backup_bytes,
        "restoring never writes to the backup it restores from"
    );

    let kills = import.kills + backups.kills + restores.kills;
    assert!(kills >= 100, "{kills} kills");
    eprintln!("{kills} kills in {:?}", began.elapsed());
}
