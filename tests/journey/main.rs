//! Journey tests: whole stories through the library API, on real journal files.

use retro_core::journal::{ErrorCode, Journal, JournalError, NewRetro, PartnerChoice, RoleChoice};
mod cli;
mod crash;
mod files;
mod full_disk;
mod locking;
mod remote;
mod trends;

use retro_companion_tests::temp_journal;

#[test]
fn a_journal_survives_closing_and_reopening() {
    let (_dir, path) = temp_journal();
    let created = {
        let mut j = Journal::open(&path).expect("open");
        j.set_me("Maya", &RoleChoice::Existing { id: 1 })
            .expect("me");
        j.create_retro(&NewRetro {
            title: "Sprint 42".into(),
            held_on: "2026-11-20".into(),
            partner: Some(PartnerChoice::New {
                name: "Dev".into(),
                role: RoleChoice::New {
                    name: "Engineering manager".into(),
                },
            }),
        })
        .expect("retro")
    };
    let j = Journal::open(&path).expect("reopen");
    assert_eq!(j.me().expect("me").map(|p| p.name), Some("Maya".into()));
    assert_eq!(j.retros().expect("list"), vec![created]);
    assert!(j
        .roles()
        .expect("roles")
        .iter()
        .any(|r| r.name == "Engineering manager"));
}

#[test]
fn a_journal_from_the_future_is_refused_by_the_api_with_a_stable_code() {
    let (_dir, path) = temp_journal();
    drop(Journal::open(&path).expect("create"));
    {
        let conn = rusqlite::Connection::open(&path).expect("raw");
        conn.pragma_update(None, "user_version", 99).expect("bump");
    }
    let before = std::fs::read(&path).expect("read");
    let err = Journal::open(&path).err().expect("refused");
    assert_eq!(err.code(), ErrorCode::JournalTooNew);
    assert!(matches!(err, JournalError::Store(_)));
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn the_journal_location_comes_from_the_flag_or_the_environment() {
    let bin = retro_companion_tests::binary();
    let (_dir, path) = temp_journal();
    let from_env = std::process::Command::new(&bin)
        .arg("path")
        .env("RETRO_COMPANION_JOURNAL", &path)
        .output()
        .expect("run the binary (make build-debug first)");
    assert!(from_env.status.success(), "{from_env:?}");
    assert_eq!(
        String::from_utf8_lossy(&from_env.stdout).trim(),
        path.display().to_string()
    );
    assert!(path.exists(), "the journal was not created");

    let other = path.with_file_name("other.sqlite3");
    let from_flag = std::process::Command::new(&bin)
        .args(["--journal".as_ref(), other.as_os_str(), "path".as_ref()])
        .env("RETRO_COMPANION_JOURNAL", &path)
        .output()
        .expect("run");
    assert_eq!(
        String::from_utf8_lossy(&from_flag.stdout).trim(),
        other.display().to_string(),
        "the flag wins"
    );
}

#[test]
fn a_journal_that_cannot_be_opened_is_reported_on_stderr_with_exit_code_3() {
    let bin = retro_companion_tests::binary();
    let (_dir, path) = temp_journal();
    std::fs::write(
        &path,
        b"not a database at all, just some words repeated ".repeat(100),
    )
    .expect("write");
    let out = std::process::Command::new(&bin)
        .args(["--journal".as_ref(), path.as_os_str(), "path".as_ref()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3), "3: the journal file is damaged");
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not a readable Retro Companion journal"),
        "{stderr}"
    );
}

/// The command line never loads the window's libraries, so a command
/// starts at once; with no command it hands over to the window program
/// beside it, and says so plainly when that is missing.
#[test]
fn the_command_line_links_no_window_libraries_and_hands_over_to_the_window() {
    let bin = retro_companion_tests::binary();
    let ldd = std::process::Command::new("ldd")
        .arg(&bin)
        .output()
        .expect("ldd");
    let linked = String::from_utf8_lossy(&ldd.stdout);
    assert!(ldd.status.success() && !linked.is_empty(), "{ldd:?}");
    for library in ["webkit", "gtk", "gdk", "soup", "javascriptcore"] {
        assert!(
            !linked.to_lowercase().contains(library),
            "the command line links {library}:\n{linked}"
        );
    }
    let window = bin.with_file_name("retro-companion-window");
    assert!(window.exists(), "{} is built beside it", window.display());

    // Alone in a folder, with no command: it can't open the window and says why.
    let dir = tempfile::tempdir().expect("dir");
    let alone = dir.path().join("retro-companion");
    std::fs::copy(&bin, &alone).expect("copy");
    let out = std::process::Command::new(&alone).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("retro-companion-window) is not installed beside this one"),
        "{stderr}"
    );

    // A mistyped command is not taken for a file to open in the window.
    let typo = std::process::Command::new(&bin)
        .args([
            "--journal",
            &dir.path().join("j.sqlite3").display().to_string(),
            "lsit",
        ])
        .output()
        .expect("run");
    assert_eq!(typo.status.code(), Some(2), "{typo:?}");
    let stderr = String::from_utf8_lossy(&typo.stderr);
    assert!(
        stderr.contains("\"lsit\" is neither a command nor a file"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("j.sqlite3").exists(),
        "no journal was made"
    );
}

/// Writes the generated ten-year journal to `$RETRO_COMPANION_TEN_YEARS`, so
/// the CLI can produce `docs/example-trends.md` from it, which the UI's tests
/// parse with Mermaid. Ignored: it generates a doc, it checks nothing.
///
/// ```text
/// RETRO_COMPANION_TEN_YEARS=/tmp/ten.sqlite3 cargo test -p retro-companion-tests \
///     --test journey write_the_ten_year_journal -- --ignored
/// target/debug/retro-companion --journal /tmp/ten.sqlite3 trends --partner Dev \
///     --from 2026-07-27 --to 2026-10-31 --out docs/example-trends.md
/// ```
#[test]
#[ignore = "generates the journal behind docs/example-trends.md"]
fn write_the_ten_year_journal() {
    let path = std::env::var_os("RETRO_COMPANION_TEN_YEARS")
        .expect("RETRO_COMPANION_TEN_YEARS names the file to write");
    let path = std::path::PathBuf::from(path);
    assert!(!path.exists(), "{} exists already", path.display());
    retro_core::fixtures::ten_years(Some(&path));
}
