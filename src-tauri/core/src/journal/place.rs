//! Where the journal lives: moving it to another folder with what lives
//! beside it, and finding it there on the next start.
//!
//! A move copies the journal to its new place and checks the copy
//! ([`Journal::copy_checked`]) while the journal itself stays as it is; the
//! app then switches to the copy, and only then does [`finish_move`] bring
//! the settings and the backups over and remove the journal from its old
//! place. A failure at any step before the switch leaves the old journal in
//! use and untouched.

use std::fs;
use std::path::{Path, PathBuf};

use super::{backups_dir, Journal, JournalError, Progress, Result};
use crate::store::settings_path;

/// The file, in the app's data folder, that names where the journal went
/// when it was moved away from its default place.
const MOVED_TO: &str = "journal-moved-to";

/// The journal's default place inside the app's data folder `data`, or
/// where it was moved to from there.
pub fn default_journal_in(data: &Path) -> PathBuf {
    match fs::read_to_string(data.join(MOVED_TO)) {
        Ok(to) if !to.trim().is_empty() => PathBuf::from(to.trim_end_matches('\n')),
        _ => data.join("journal.sqlite3"),
    }
}

impl Journal {
    /// Copies the journal to `dest`, a new file, and checks the copy: it
    /// opens on its own, nothing in it is damaged, and it holds every row
    /// of the journal. The journal itself is left as it is. Stopped through
    /// `progress`, or refused, nothing is left at `dest`.
    pub fn copy_checked(&self, dest: &Path, progress: &mut Progress) -> Result<()> {
        self.owner_at_keyboard()?;
        super::stoppable(progress, |go_on| self.db.checked_copy(dest, go_on)).map_err(|e| match e {
            JournalError::Store(crate::store::StoreError::Io { path, detail }) => {
                JournalError::Invalid(format!(
                    "The journal was not moved to {}: {detail}. It is still where it was.",
                    path.display()
                ))
            }
            other => other,
        })
    }
}

/// Once the app works on the checked copy at `to`: brings the settings
/// and the backups of the journal at `from` beside it, removes the journal
/// at `from` (with its write-ahead log), and, when `from` was the default
/// place in the app's data folder `data`, remembers where it went.
pub fn finish_move(from: &Path, to: &Path, data: Option<&Path>) -> Result<()> {
    let io = |path: &Path, e: std::io::Error| {
        JournalError::Invalid(format!(
            "The journal is now at {}, but {} could not be tidied up ({e}). You can delete it \
             yourself.",
            to.display(),
            path.display()
        ))
    };
    if let Some(data) = data {
        if default_journal_in(data) == from {
            let note = data.join(MOVED_TO);
            let partial = data.join(format!("{MOVED_TO}.partial"));
            fs::write(&partial, to.as_os_str().as_encoded_bytes())
                .and_then(|()| fs::rename(&partial, &note))
                .map_err(|e| io(&note, e))?;
        }
    }
    // Read before the settings move: they may name a folder of their own,
    // which stays where it is. Only this journal's own backups go along;
    // another journal's in the same folder stay.
    let old = backups_dir(from);
    let own = crate::store::own_backups(from)?;
    let settings = settings_path(from);
    if settings.exists() {
        fs::copy(&settings, settings_path(to)).map_err(|e| io(&settings, e))?;
        fs::remove_file(&settings).map_err(|e| io(&settings, e))?;
    }
    let new = backups_dir(to);
    if !own.is_empty() {
        crate::store::private_dir(&new).map_err(|e| io(&new, e))?;
        for (file, name) in own {
            // Under the journal's new name, so it keeps finding them.
            let dest = new.join(crate::store::backup_name(to, &name));
            if dest == file {
                continue;
            }
            // A file of that name already there is not overwritten, and
            // the backup then stays where it was: neither is lost.
            if dest.exists() {
                continue;
            }
            fs::copy(&file, &dest).map_err(|e| io(&file, e))?;
            fs::remove_file(&file).map_err(|e| io(&file, e))?;
        }
    }
    // The old folder goes once nothing is left in it.
    if old != new {
        let _ = fs::remove_dir(&old);
    }
    for suffix in ["-wal", "-shm"] {
        let mut side = from.as_os_str().to_owned();
        side.push(suffix);
        let _ = fs::remove_file(PathBuf::from(side));
    }
    fs::remove_file(from).map_err(|e| io(from, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{NewRetro, RoleChoice};
    use crate::store::BACKUPS_FOLDER;

    /// A journal with one retro, its settings and a daily backup, in `dir`.
    fn journal_in(dir: &Path) -> PathBuf {
        fs::create_dir_all(dir).expect("folder");
        let path = dir.join("journal.sqlite3");
        let mut j = Journal::open(&path).expect("open");
        j.set_me("Maya", &RoleChoice::Existing { id: 1 })
            .expect("me");
        j.create_retro(&NewRetro {
            title: "Week 12".into(),
            held_on: "2026-11-20".into(),
            partner: None,
        })
        .expect("retro");
        fs::write(settings_path(&path), r#"{"theme":"dark"}"#).expect("settings");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("day");
        crate::store::daily_backup(&path, day, 7).expect("backup");
        path
    }

    fn no_progress() -> impl FnMut(u64, u64) -> Result<()> {
        |_, _| Ok(())
    }

    /// Moves the journal at `from` to `to`, as the window does.
    fn moved(from: &Path, to: &Path) {
        Journal::open(from)
            .expect("open")
            .copy_checked(to, &mut no_progress())
            .expect("copied");
        finish_move(from, to, None).expect("finished");
    }

    #[test]
    fn a_moved_journal_is_copied_and_checked_before_the_old_one_goes() {
        let dir = tempfile::tempdir().expect("dir");
        let from = journal_in(&dir.path().join("old"));
        let to = dir.path().join("new").join("journal.sqlite3");
        let data = dir.path().join("data");
        {
            let j = Journal::open(&from).expect("open");
            j.copy_checked(&to, &mut no_progress()).expect("copied");
        }
        // Until the app works on the copy, the journal is where it was.
        assert!(from.exists() && to.exists());
        assert_eq!(
            Journal::open(&from)
                .expect("old")
                .retros()
                .expect("retros")
                .len(),
            1
        );

        finish_move(&from, &to, Some(&data)).expect("finished");
        let moved = Journal::open(&to).expect("new");
        assert_eq!(moved.retros().expect("retros")[0].title, "Week 12");
        assert!(!from.exists(), "the old journal is removed");
        assert!(!settings_path(&from).exists() && settings_path(&to).exists());
        let old_backups = backups_dir(&from);
        assert!(!old_backups.exists(), "the old backups are moved");
        assert_eq!(fs::read_dir(backups_dir(&to)).expect("backups").count(), 1);
        // Private at its new place too: the journal and its backups are the owner's alone.
        use std::os::unix::fs::PermissionsExt;
        let backup = fs::read_dir(backups_dir(&to))
            .expect("backups")
            .next()
            .expect("one");
        for file in [to.clone(), backup.expect("entry").path()] {
            let mode = fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", file.display());
        }
        // It was not the default journal: the default stays where it is.
        assert_eq!(default_journal_in(&data), data.join("journal.sqlite3"));
    }

    #[test]
    fn a_moved_journal_takes_its_own_backups_along_and_leaves_another_s() {
        let dir = tempfile::tempdir().expect("dir");
        let mine = journal_in(&dir.path().join("old"));
        // A second journal beside it, sharing the backups folder.
        let work = dir.path().join("old").join("work.sqlite3");
        fs::copy(&mine, &work).expect("work");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("day");
        crate::store::daily_backup(&work, day, 7).expect("backup");
        let to = dir.path().join("new").join("retro.sqlite3");
        moved(&work, &to);
        let names = |dir: PathBuf| -> Vec<String> {
            let mut names: Vec<String> = fs::read_dir(dir)
                .expect("backups")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        // The moved journal's backup goes with it, under its new name, and
        // is what a repair would offer it.
        assert_eq!(names(backups_dir(&to)), ["retro-daily-2026-11-21.sqlite3"]);
        let offered = crate::store::latest_usable_backup(&to)
            .expect("read")
            .expect("one");
        assert_eq!(
            offered,
            backups_dir(&to).join("retro-daily-2026-11-21.sqlite3")
        );
        // The other journal's backup stays where it was, with its folder.
        assert_eq!(names(backups_dir(&mine)), ["daily-2026-11-20.sqlite3"]);
    }

    #[test]
    fn backups_go_where_the_preferences_say_and_stay_there_when_the_journal_moves() {
        let dir = tempfile::tempdir().expect("dir");
        let from = journal_in(&dir.path().join("old"));
        let beside = dir.path().join("old").join("backups");
        assert_eq!(backups_dir(&from), beside);
        let chosen = dir.path().join("Backups on the other disk");
        let settings = serde_json::json!({ "theme": "dark", BACKUPS_FOLDER: chosen });
        fs::write(settings_path(&from), settings.to_string()).expect("settings");
        assert_eq!(backups_dir(&from), chosen);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("day");
        crate::store::daily_backup(&from, day, 7).expect("backup");
        assert_eq!(fs::read_dir(&chosen).expect("chosen").count(), 1);
        // Another journal kept in that folder, newer than the backup, is
        // never offered in place of this one.
        fs::copy(&from, chosen.join("someone-else.sqlite3")).expect("another journal");
        let offered = crate::journal::latest_backup(&from)
            .expect("latest")
            .expect("a backup");
        assert_eq!(offered.name, "daily-2026-11-21.sqlite3");

        // Preferences that can't name a folder leave the backups beside the journal.
        for unreadable in [
            r#"{"backupsFolder":"relative/folder"}"#,
            r#"{"backupsFolder":7}"#,
            "{",
        ] {
            fs::write(settings_path(&from), unreadable).expect("settings");
            assert_eq!(backups_dir(&from), beside, "{unreadable}");
        }

        fs::write(settings_path(&from), settings.to_string()).expect("settings");
        let to = dir.path().join("new").join("journal.sqlite3");
        moved(&from, &to);
        assert_eq!(backups_dir(&to), chosen, "the folder of its own stays");
        assert_eq!(fs::read_dir(&chosen).expect("chosen").count(), 2);
        // The backup taken beside the journal before the folder was chosen stays there.
        assert_eq!(fs::read_dir(&beside).expect("beside").count(), 1);
    }

    #[test]
    fn the_default_journal_moved_is_found_at_its_new_place() {
        let dir = tempfile::tempdir().expect("dir");
        let data = dir.path().join("data");
        let from = journal_in(&data);
        assert_eq!(default_journal_in(&data), from);
        let to = dir.path().join("Documents é").join("journal.sqlite3");
        Journal::open(&from)
            .expect("open")
            .copy_checked(&to, &mut no_progress())
            .expect("copied");
        finish_move(&from, &to, Some(&data)).expect("finished");
        assert_eq!(default_journal_in(&data), to);

        // And moved again, from there.
        let again = dir.path().join("third").join("journal.sqlite3");
        Journal::open(&to)
            .expect("open")
            .copy_checked(&again, &mut no_progress())
            .expect("copied");
        finish_move(&to, &again, Some(&data)).expect("finished");
        assert_eq!(default_journal_in(&data), again);
    }

    #[test]
    fn a_move_onto_a_file_that_is_there_changes_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let from = journal_in(&dir.path().join("old"));
        let j = Journal::open(&from).expect("open");

        let taken = dir.path().join("taken.sqlite3");
        fs::write(&taken, "someone else's file").expect("file");
        let refused = j
            .copy_checked(&taken, &mut no_progress())
            .expect_err("refused");
        assert!(refused.to_string().contains("already there"), "{refused}");
        assert_eq!(
            fs::read_to_string(&taken).expect("kept"),
            "someone else's file"
        );

        assert_eq!(j.retros().expect("retros").len(), 1);
        assert!(from.exists());
    }
}
