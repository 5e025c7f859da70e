//! The way back when the journal file can't be opened at all: find the
//! newest healthy backup beside it, and put that backup in place of the
//! damaged file, which is kept. No [`super::Journal`] can exist for such a
//! file, so these work on paths.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::{JournalError, Result};
use crate::store::{self, backups_dir, DAMAGED_PREFIX};

/// A backup the window can offer to bring back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupFile {
    /// Stays in the backend: the window restores by asking for the latest
    /// backup, never by naming a file.
    #[serde(skip)]
    #[ts(skip)]
    pub path: PathBuf,
    /// Its name in the backups folder, e.g. `daily-2026-11-20.sqlite3`.
    pub name: String,
    /// When it was taken (the file's last write): UTC, RFC 3339.
    pub taken_at: String,
}

impl BackupFile {
    fn at(path: PathBuf) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let taken: DateTime<Utc> = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .map(DateTime::from)
            .unwrap_or_default();
        BackupFile {
            path,
            name,
            taken_at: taken.to_rfc3339_opts(SecondsFormat::Secs, true),
        }
    }
}

/// What a repair did: which backup is now the journal, and where the
/// damaged file was kept.
#[derive(Debug, Clone)]
pub struct Repaired {
    pub backup: BackupFile,
    pub damaged: PathBuf,
}

/// The newest file in the backups folder beside `journal` that is a whole,
/// healthy journal this version can read, or `None`.
pub fn latest_backup(journal: &Path) -> Result<Option<BackupFile>> {
    Ok(store::latest_usable_backup(journal)?.map(BackupFile::at))
}

/// Puts the backup at `src` in place of the journal file at `journal`, which
/// can't be opened. The backup is checked first, as a restore in the window
/// checks it; the damaged file is kept in the backups folder as
/// `damaged-<time>.sqlite3`, and nothing is deleted. A journal that opens
/// correctly is refused (`not_damaged`). Returns where the damaged file is.
pub fn restore_unopenable(journal: &Path, src: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    let stamp = now.format("%Y%m%dT%H%M%S%.3fZ");
    let damaged = backups_dir(journal).join(format!("{DAMAGED_PREFIX}{stamp}.sqlite3"));
    store::restore_file(journal, src, &damaged)?;
    Ok(damaged)
}

/// Restores the newest healthy backup over a journal file that can't be
/// opened; with no healthy backup, says so (`no_backup`) and changes nothing.
pub fn restore_latest_backup(journal: &Path, now: DateTime<Utc>) -> Result<Repaired> {
    let backup = latest_backup(journal)?.ok_or_else(|| JournalError::NoBackup {
        dir: backups_dir(journal).display().to_string(),
    })?;
    let damaged = restore_unopenable(journal, &backup.path, now)?;
    Ok(Repaired { backup, damaged })
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::journal::{ErrorCode, Journal, NewRetro, RoleChoice};

    /// A journal at `path` kept by Maya, with one retro titled `title`.
    fn journal_with(path: &Path, title: &str) {
        let mut j = Journal::open(path).expect("journal");
        j.set_me("Maya", &RoleChoice::Existing { id: 1 })
            .expect("me");
        j.create_retro(&NewRetro {
            title: title.into(),
            held_on: "2026-11-20".into(),
            partner: None,
        })
        .expect("retro");
    }

    /// A daily backup of a journal holding one retro titled `title`, dated
    /// `age` ago.
    fn daily(journal: &Path, day: &str, title: &str, age: Duration) -> PathBuf {
        let dir = backups_dir(journal);
        fs::create_dir_all(&dir).expect("backups");
        let scratch = dir.join(format!("scratch-{day}.db"));
        journal_with(&scratch, title);
        let dest = dir.join(format!("daily-{day}.sqlite3"));
        Journal::open(&scratch)
            .expect("scratch")
            .backup_to(&dest)
            .expect("backup");
        fs::remove_file(&scratch).expect("scratch gone");
        aged(&dest, age);
        dest
    }

    fn aged(path: &Path, age: Duration) {
        fs::File::options()
            .write(true)
            .open(path)
            .and_then(|f| f.set_modified(SystemTime::now() - age))
            .expect("mtime");
    }

    const GARBAGE: &[u8] = b"this was a journal once, before something wrote over it";

    fn titles(journal: &Path) -> Vec<String> {
        Journal::open(journal)
            .expect("the restored journal opens")
            .retros()
            .expect("list")
            .into_iter()
            .map(|r| r.title)
            .collect()
    }

    #[test]
    fn a_corrupt_journal_gets_the_newest_healthy_backup_and_is_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let journal = dir.path().join("journal.sqlite3");
        let hour = Duration::from_secs(3600);
        daily(&journal, "2026-11-18", "Older", 48 * hour);
        let good = daily(&journal, "2026-11-19", "Yesterday's", 24 * hour);
        // Newer than the good one, but not a journal: passed over.
        let broken = backups_dir(&journal).join("daily-2026-11-20.sqlite3");
        fs::write(&broken, b"half a backup").expect("broken backup");
        fs::write(&journal, GARBAGE).expect("garbage");
        let err = Journal::open(&journal).err().expect("refused");
        assert_eq!(err.code(), ErrorCode::JournalCorrupt);
        // A WAL left by the damaged file must not be replayed into the backup.
        fs::write(dir.path().join("journal.sqlite3-wal"), b"stale").expect("wal");

        let found = latest_backup(&journal)
            .expect("scan")
            .expect("one is usable");
        let litter: Vec<_> = fs::read_dir(backups_dir(&journal))
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".sqlite3"))
            .collect();
        assert!(litter.is_empty(), "looking left files behind: {litter:?}");
        assert_eq!(found.path, good);
        assert_eq!(found.name, "daily-2026-11-19.sqlite3");
        assert!(found.taken_at.ends_with('Z'), "{}", found.taken_at);

        let now = "2026-11-21T09:30:00.250Z".parse().expect("instant");
        let repaired = restore_latest_backup(&journal, now).expect("restored");
        assert_eq!(repaired.backup.path, good);
        assert_eq!(titles(&journal), ["Yesterday's"]);
        assert!(Journal::open(&journal)
            .expect("open")
            .problems()
            .expect("check")
            .is_empty());

        // The damaged file and its WAL are kept as they were, beside the backups.
        assert_eq!(
            repaired.damaged,
            backups_dir(&journal).join("damaged-20261121T093000.250Z.sqlite3")
        );
        assert_eq!(fs::read(&repaired.damaged).expect("kept"), GARBAGE);
        let wal = backups_dir(&journal).join("damaged-20261121T093000.250Z.sqlite3-wal");
        assert_eq!(fs::read(wal).expect("wal kept"), b"stale");
        // The backups themselves are untouched, and no staging copy is left.
        assert_eq!(fs::read(&broken).expect("broken"), b"half a backup");
        assert!(good.exists());
        assert!(!dir.path().join("journal.restoring").exists());

        // A file set aside as damaged is never offered back, even when it
        // is the newest and happens to read.
        let set_aside = backups_dir(&journal).join("damaged-20261122T000000.000Z.sqlite3");
        fs::copy(&good, &set_aside).expect("copy");
        let again = latest_backup(&journal).expect("scan").expect("usable");
        assert_eq!(again.name, "daily-2026-11-19.sqlite3");
    }

    #[test]
    fn with_no_healthy_backup_the_damaged_journal_stays_as_it_is() {
        let dir = tempfile::tempdir().expect("dir");
        let journal = dir.path().join("journal.sqlite3");
        fs::write(&journal, GARBAGE).expect("garbage");

        // No backups folder at all.
        assert_eq!(latest_backup(&journal).expect("scan"), None);
        let err = restore_latest_backup(&journal, Utc::now()).expect_err("nothing to restore");
        assert_eq!(err.code(), ErrorCode::NoBackup);
        let message = err.to_string();
        assert!(message.contains("no healthy backup"), "{message}");
        assert!(message.contains("backups"), "{message}");

        // A folder holding only broken files, and a newer version's journal.
        let backups = backups_dir(&journal);
        fs::create_dir_all(&backups).expect("backups");
        fs::write(backups.join("daily-2026-11-20.sqlite3"), b"not one").expect("junk");
        let newer = backups.join("from-the-future.sqlite3");
        rusqlite::Connection::open(&newer)
            .expect("newer")
            .execute_batch("CREATE TABLE retros (x); PRAGMA user_version = 99;")
            .expect("future");
        let err = restore_latest_backup(&journal, Utc::now()).expect_err("nothing usable");
        assert_eq!(err.code(), ErrorCode::NoBackup);

        assert_eq!(fs::read(&journal).expect("journal"), GARBAGE);
        let names: Vec<_> = fs::read_dir(&backups)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(DAMAGED_PREFIX))
            .collect();
        assert!(names.is_empty(), "nothing was set aside: {names:?}");
    }

    #[test]
    fn a_healthy_journal_is_never_replaced_by_the_repair() {
        let dir = tempfile::tempdir().expect("dir");
        let journal = dir.path().join("journal.sqlite3");
        journal_with(&journal, "Today's");
        let backup = daily(&journal, "2026-11-19", "Yesterday's", Duration::ZERO);

        let err = restore_unopenable(&journal, &backup, Utc::now()).expect_err("refused");
        assert_eq!(err.code(), ErrorCode::NotDamaged);
        assert_eq!(titles(&journal), ["Today's"]);
    }

    #[test]
    fn a_backup_that_is_not_a_journal_is_refused_before_anything_moves() {
        let dir = tempfile::tempdir().expect("dir");
        let journal = dir.path().join("journal.sqlite3");
        fs::write(&journal, GARBAGE).expect("garbage");
        let junk = dir.path().join("junk.sqlite3");
        fs::write(&junk, b"words").expect("junk");

        let err = restore_unopenable(&journal, &junk, Utc::now()).expect_err("refused");
        assert_eq!(err.code(), ErrorCode::JournalCorrupt);
        assert_eq!(fs::read(&journal).expect("journal"), GARBAGE);
        assert!(!backups_dir(&journal).exists(), "nothing was set aside");
    }

    #[test]
    fn backups_are_found_whatever_the_folder_is_called() {
        let dir = tempfile::tempdir().expect("dir");
        let folder = dir.path().join("Maya's #1 journal? 100% mine");
        fs::create_dir_all(&folder).expect("folder");
        let journal = folder.join("journal.sqlite3");
        daily(&journal, "2026-11-19", "Yesterday's", Duration::ZERO);
        fs::write(&journal, GARBAGE).expect("garbage");
        let found = latest_backup(&journal).expect("scan").expect("usable");
        assert_eq!(found.name, "daily-2026-11-19.sqlite3");
        restore_latest_backup(&journal, Utc::now()).expect("restored");
        assert_eq!(titles(&journal), ["Yesterday's"]);
    }
}
