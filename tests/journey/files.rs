//! Everything the app writes is its owner's alone, whatever the umask: the
//! journal and the files SQLite keeps beside it, backups, the copies kept
//! before an upgrade or a restore, and exports are created 0600, and every
//! folder made for them 0700. The real binary runs under umask 022, the
//! common default, under which a careless file comes out readable by all.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use retro_companion_tests::{binary, make_version_3, temp_journal};
use retro_core::journal::Journal;
use retro_core::journal::SCHEMA_VERSION;

/// `sh` sets the umask and then becomes the binary (`exec`), so the
/// binary starts with the umask a user's shell would give it.
fn under_umask_022(program: &Path) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(r#"umask 022; exec "$0" "$@""#)
        .arg(program);
    command
}

fn run(journal: &Path, args: &[&str]) -> Output {
    let out = under_umask_022(&binary())
        .arg("--journal")
        .arg(journal)
        .args(args)
        .env_remove("RETRO_COMPANION_JOURNAL")
        .output()
        .expect("run the binary (cargo build -p retro-companion first)");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn assert_private_file(path: &Path) {
    assert_eq!(mode(path), 0o600, "{} must be 0600", path.display());
}

fn assert_private_dir(path: &Path) {
    assert!(path.is_dir(), "{} is a folder", path.display());
    assert_eq!(mode(path), 0o700, "{} must be 0700", path.display());
}

/// The same wrapper, with `touch` and `mkdir` in place of the app: what
/// any program gets when it does not take care. Without this, a wrapper
/// that failed to set the umask would let every assertion pass by luck.
fn assert_umask_exposes_careless_files(dir: &Path) {
    let file = dir.join("careless.txt");
    let folder = dir.join("careless");
    for (program, target) in [("touch", &file), ("mkdir", &folder)] {
        let status = under_umask_022(Path::new(program))
            .arg(target)
            .status()
            .expect(program);
        assert!(status.success());
    }
    assert_eq!(mode(&file), 0o644);
    assert_eq!(mode(&folder), 0o755);
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read the folder")
        .map(|e| e.expect("entry").path())
        .collect();
    found.sort();
    found
}

#[test]
fn a_new_journal_its_folders_and_the_files_sqlite_keeps_beside_it_are_private() {
    let (dir, _) = temp_journal();
    assert_umask_exposes_careless_files(dir.path());
    let journal = dir.path().join("data/retro/journal.sqlite3");

    run(&journal, &["init", "--name", "Maya", "--role", "product"]);
    assert_private_dir(&dir.path().join("data"));
    assert_private_dir(&dir.path().join("data/retro"));
    assert_private_file(&journal);

    // The WAL and shared-memory files go away when the last program closes
    // the journal; a reader holding it open, as the window does, keeps them.
    let reader = rusqlite::Connection::open(&journal).expect("reader");
    let retros: i64 = reader
        .query_row("SELECT count(*) FROM retros", [], |r| r.get(0))
        .expect("read");
    assert_eq!(retros, 0);
    let id = run(&journal, &["new", "--title", "Monday 1:1"]);
    let id = String::from_utf8_lossy(&id.stdout).trim().to_owned();
    for beside in ["-wal", "-shm"] {
        let path = with_suffix(&journal, beside);
        assert!(
            path.exists(),
            "{} while the journal is open",
            path.display()
        );
        assert_private_file(&path);
    }
    let title: String = reader
        .query_row("SELECT title FROM retros WHERE id = ?1", [&id], |r| {
            r.get(0)
        })
        .expect("the new retro is in the journal");
    assert_eq!(title, "Monday 1:1");
    drop(reader);
    for leftover in files_in(journal.parent().expect("folder")) {
        assert_private_file(&leftover);
    }
}

#[test]
fn backups_restores_and_exports_are_private_and_so_are_the_folders_made_for_them() {
    let (dir, journal) = temp_journal();
    assert_umask_exposes_careless_files(dir.path());
    run(&journal, &["init", "--name", "Maya", "--role", "product"]);
    run(
        &journal,
        &["new", "--title", "Monday 1:1", "--date", "2026-11-16"],
    );

    let copy = dir.path().join("safe/keeping/copy.sqlite3");
    run(&journal, &["backup", copy.to_str().expect("utf-8")]);
    assert_private_dir(&dir.path().join("safe"));
    assert_private_dir(&dir.path().join("safe/keeping"));
    assert_eq!(
        files_in(&dir.path().join("safe/keeping")),
        std::slice::from_ref(&copy),
        "only the backup, no temporary file left behind"
    );
    assert_private_file(&copy);

    let json = dir.path().join("exports/all.json");
    run(
        &journal,
        &[
            "export",
            "--all",
            "--format",
            "json",
            "--out",
            json.to_str().expect("utf-8"),
        ],
    );
    assert_private_dir(&dir.path().join("exports"));
    assert_private_file(&json);
    assert!(std::fs::read_to_string(&json)
        .expect("json")
        .contains("Monday 1:1"));

    let md = dir.path().join("retro-doc/november.md");
    run(
        &journal,
        &["export", "--all", "--out", md.to_str().expect("utf-8")],
    );
    assert_private_dir(&dir.path().join("retro-doc"));
    assert_private_file(&md);

    run(&journal, &["restore", copy.to_str().expect("utf-8")]);
    assert_one_private_backup(dir.path(), "before-restore-");
    assert_private_file(&journal);
}

#[test]
fn an_older_journal_is_tightened_and_the_copy_kept_before_its_upgrade_is_private() {
    let (dir, journal) = temp_journal();
    assert_umask_exposes_careless_files(dir.path());
    {
        let mut j = Journal::open(&journal).expect("journal");
        j.set_me("Maya", &retro_core::journal::RoleChoice::Existing { id: 1 })
            .expect("me");
    }
    make_version_3(&journal);
    // An older build, or a copy made by hand, may have left it readable by all.
    std::fs::set_permissions(&journal, std::fs::Permissions::from_mode(0o644)).expect("chmod");

    run(&journal, &["list"]);
    assert_private_file(&journal);
    assert_one_private_backup(dir.path(), &format!("before-v{SCHEMA_VERSION}-from-v3-"));
}

/// The backups folder beside the journal is private and holds one private
/// file, whose name starts with `prefix`.
fn assert_one_private_backup(dir: &Path, prefix: &str) {
    let backups = dir.join("backups");
    assert_private_dir(&backups);
    let kept = files_in(&backups);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        kept[0]
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix)),
        "{kept:?}"
    );
    assert_private_file(&kept[0]);
}
