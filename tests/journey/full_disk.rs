//! A full disk, for real: a small tmpfs mounted for the test (where the
//! machine lets it: it needs root). An export (JSON or Markdown, both
//! streamed to their file) or a backup that meets the
//! full disk leaves no file and no half of one; an import into a journal on
//! the full disk is refused with a message that says so, and the journal is
//! exactly as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

use retro_companion_tests::{large_journal, run_on, temp_journal};
use retro_core::journal::Journal;

/// A tmpfs of `size`, unmounted when dropped.
struct Small(PathBuf);

impl Small {
    fn mount(at: &Path, size: &str) -> Option<Small> {
        std::fs::create_dir_all(at).expect("mount point");
        let done = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .ok()?;
        done.status.success().then(|| Small(at.to_owned()))
    }
}

impl Drop for Small {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_full_disk_leaves_no_half_file_and_the_journal_as_it_was() {
    let (dir, journal) = temp_journal();
    let Some(small) = Small::mount(&dir.path().join("small"), "1m") else {
        eprintln!("this machine does not let the test mount a tmpfs: skipped");
        return;
    };
    // About 4 MB of journal: more than the small disk holds, as JSON or as a copy.
    large_journal(&journal, 4_000);
    let full = |out: &std::process::Output, what: &str| {
        assert!(!out.status.success(), "{what} succeeded on a full disk");
        let said = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            said.contains("No space left") || said.contains("The disk is full"),
            "{what}: {said}"
        );
        said
    };

    let export = small.0.join("all.json");
    let out = run_on(
        &journal,
        &["export", "--all", "--format", "json", "--out"]
            .into_iter()
            .chain([export.to_str().expect("path")])
            .collect::<Vec<_>>(),
    );
    full(&out, "the export");
    let markdown = small.0.join("all.md");
    let out = run_on(
        &journal,
        &["export", "--all", "--out", markdown.to_str().expect("path")],
    );
    full(&out, "the Markdown export");
    let out = run_on(
        &journal,
        &[
            "backup",
            small.0.join("copy.sqlite3").to_str().expect("path"),
        ],
    );
    full(&out, "the backup");
    assert_eq!(
        names_in(&small.0),
        Vec::<String>::new(),
        "nothing left behind"
    );

    // A journal on the small disk, with an import too large for it.
    let file = dir.path().join("all.json");
    let out = run_on(
        &journal,
        &[
            "export",
            "--all",
            "--format",
            "json",
            "--out",
            file.to_str().expect("path"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cramped = small.0.join("journal.sqlite3");
    drop(retro_core::fixtures::kept_by(Some(&cramped), "Maya", 1));
    let out = run_on(&cramped, &["import", file.to_str().expect("path")]);
    full(&out, "the import");
    let j = Journal::open(&cramped).expect("the journal still opens");
    assert!(j.retros().expect("retros").is_empty(), "nothing came in");
    assert_eq!(j.me().expect("me").expect("owner").name, "Maya");
    assert!(j.problems().expect("check").is_empty());
}
