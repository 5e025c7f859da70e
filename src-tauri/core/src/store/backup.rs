//! Copies of the journal file: taken on demand, before every migration, and
//! once a day (the last seven kept), with SQLite's online backup API, so a
//! copy is consistent even while the app is writing. And the way back.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, MAIN_DB};

use super::files::{partial_of, private_dir, private_file, sync_dir};
use super::{migrate, Db, Result, StoreError, SCHEMA_VERSION};

/// How many entries out of step a check names; the rest are counted.
const SHOWN: usize = 10;

/// How many daily backups are kept unless the preferences say otherwise.
pub const DAILY_KEPT: usize = 7;

/// The UI preferences (theme, last opened retro, where backups go) live
/// beside the journal, so a journal chosen with `--journal` carries its own
/// and tests never share one.
pub fn settings_path(journal: &Path) -> PathBuf {
    journal.with_extension("settings.json")
}

/// The preference that names a folder of the person's choosing for the
/// journal's backups (an absolute path).
pub const BACKUPS_FOLDER: &str = "backupsFolder";

/// Where automatic backups go: the folder the preferences name, or a
/// `backups` folder beside the journal. The window, the command line and
/// the repair of a damaged journal all read it here.
pub fn backups_dir(journal: &Path) -> PathBuf {
    chosen_backups_dir(journal).unwrap_or_else(|| {
        journal
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .join("backups")
    })
}

/// The folder for backups the preferences name, if they name one that can be.
pub fn chosen_backups_dir(journal: &Path) -> Option<PathBuf> {
    let settings: serde_json::Value =
        serde_json::from_slice(&fs::read(settings_path(journal)).ok()?).ok()?;
    Some(PathBuf::from(settings.get(BACKUPS_FOLDER)?.as_str()?)).filter(|dir| dir.is_absolute())
}

/// Where this journal's backup called `name` goes: in its backups folder,
/// behind the journal file's own name unless that is the app's
/// `journal.sqlite3` (`work.sqlite3` → `work-daily-2026-11-20.sqlite3`), so
/// journals sharing a folder never skip, prune or restore each other's.
pub fn backup_path(journal: &Path, name: &str) -> PathBuf {
    backups_dir(journal).join(backup_name(journal, name))
}

/// The file name of this journal's backup called `name`, for a caller that
/// already has the backups folder in hand (see [`backup_path`]).
pub fn backup_name(journal: &Path, name: &str) -> String {
    format!("{}{name}", own_prefix(journal))
}

fn own_prefix(journal: &Path) -> String {
    match journal.file_stem().and_then(|s| s.to_str()) {
        Some("journal") | None => String::new(),
        Some(stem) => format!("{stem}-"),
    }
}

/// The day of a daily backup named `name` (its journal's prefix left out).
fn daily_day(name: &str) -> Option<NaiveDate> {
    name.strip_prefix("daily-")?
        .strip_suffix(".sqlite3")?
        .parse()
        .ok()
}

/// Whether `name` (its journal's prefix left out) is a backup: a daily one,
/// or one taken before a migration or a restore.
fn is_backup(name: &str) -> bool {
    daily_day(name).is_some()
        || name.strip_suffix(".sqlite3").is_some_and(|rest| {
            rest.starts_with("before-restore-")
                || rest
                    .strip_prefix("before-v")
                    .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
        })
}

/// This journal's own backups in its backups folder (none when there is no
/// folder yet), each with its name as the journal's prefix leaves it
/// (`daily-2026-11-20.sqlite3`, `before-restore-….sqlite3`).
pub fn own_backups(journal: &Path) -> Result<Vec<(PathBuf, String)>> {
    own_backups_in(&backups_dir(journal), journal)
}

/// [`own_backups`], with the journal's backups folder `dir` in hand.
fn own_backups_in(dir: &Path, journal: &Path) -> Result<Vec<(PathBuf, String)>> {
    let items = match fs::read_dir(dir) {
        Ok(items) => items,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(dir, e)),
    };
    let prefix = own_prefix(journal);
    let mut own = Vec::new();
    for item in items {
        let path = item.map_err(|e| io(dir, e))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(short) = name.strip_prefix(prefix.as_str()) else {
            continue;
        };
        if is_backup(short) && path.is_file() {
            let short = short.to_owned();
            own.push((path, short));
        }
    }
    Ok(own)
}

/// Checks that backups can be written into `dir`, making it (readable by
/// its owner alone) when it is not there yet.
pub fn check_backups_dir(dir: &Path) -> Result<()> {
    if !dir.is_absolute() {
        return Err(io(dir, "choose a folder by its full path"));
    }
    private_dir(dir).map_err(|e| io(dir, e))?;
    let probe = dir.join(".retro-companion-probe");
    private_file(&probe)
        .and_then(|_| fs::remove_file(&probe))
        .map_err(|e| io(dir, e))
}

fn io(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Io {
        path: path.to_owned(),
        detail: e.to_string(),
    }
}

/// Copies the database behind `conn` to `dest`, through a private temporary
/// file renamed into place, so `dest` is never left half-written.
pub(super) fn copy(conn: &Connection, dest: &Path) -> Result<()> {
    copy_with(conn, dest, &mut |_, _| true).map(|_| ())
}

/// Pages copied in one step: 4 MiB, a few hundredths of a second.
const STEP_PAGES: std::ffi::c_int = 1024;

/// [`copy`], telling `go_on` the pages copied of the pages to copy after
/// each step; when it answers `false` the copy stops, nothing is left at
/// `dest` or beside it, and the answer is `Ok(false)`.
pub(super) fn copy_with(
    conn: &Connection,
    dest: &Path,
    go_on: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<bool> {
    let partial = partial_of(dest);
    let _ = fs::remove_file(&partial);
    private_file(&partial).map_err(|e| io(&partial, e))?;
    let copied = (|| -> Result<bool> {
        let mut to = Connection::open(&partial)?;
        let backup = rusqlite::backup::Backup::new_with_names(conn, MAIN_DB, &mut to, MAIN_DB)?;
        loop {
            use rusqlite::backup::StepResult;
            match backup.step(STEP_PAGES)? {
                StepResult::Done => return Ok(true),
                StepResult::More => {}
                // Another connection holds a lock for a moment.
                _ => std::thread::sleep(std::time::Duration::from_millis(10)),
            }
            let p = backup.progress();
            let total = u64::try_from(p.pagecount).unwrap_or(0);
            let left = u64::try_from(p.remaining).unwrap_or(0);
            if !go_on(total.saturating_sub(left), total) {
                return Ok(false);
            }
        }
    })();
    if !matches!(copied, Ok(true)) {
        // The copy's own rollback journal too: on a full disk SQLite may
        // not have been able to clear it.
        let mut journal = partial.clone().into_os_string();
        journal.push("-journal");
        for leftover in [partial.as_os_str(), &journal] {
            let _ = fs::remove_file(leftover);
        }
        return copied;
    }
    fs::rename(&partial, dest).map_err(|e| io(dest, e))?;
    sync_dir(dest).map_err(|e| io(dest, e))?;
    Ok(true)
}

/// Takes today's backup of the journal at `journal` into its backups folder,
/// if there is none yet, and removes the oldest daily backups beyond the
/// newest `kept` (at least one). It reads through its own read-only connection, so it can
/// run beside the app without holding up anything the app does. Returns the
/// new file.
pub fn daily_backup(journal: &Path, today: NaiveDate, kept: usize) -> Result<Option<PathBuf>> {
    let dir = backups_dir(journal);
    private_dir(&dir).map_err(|e| io(&dir, e))?;
    let dest = dir.join(backup_name(journal, &format!("daily-{today}.sqlite3")));
    let taken = if dest.exists() {
        None
    } else {
        let conn = Connection::open_with_flags(journal, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        copy(&conn, &dest)?;
        Some(dest)
    };
    let mut daily: Vec<(NaiveDate, PathBuf)> = own_backups_in(&dir, journal)?
        .into_iter()
        .filter_map(|(path, name)| Some((daily_day(&name)?, path)))
        .collect();
    daily.sort();
    let surplus = daily.len().saturating_sub(kept.max(1));
    for (_, old) in &daily[..surplus] {
        fs::remove_file(old).map_err(|e| io(old, e))?;
    }
    Ok(taken)
}

/// How many rows each table of the database behind `conn` holds, by name.
fn row_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    tables
        .into_iter()
        .map(|t| {
            let n = conn.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))?;
            Ok((t, n))
        })
        .collect()
}

/// Everything SQLite finds wrong with the database behind `conn`: damaged
/// pages or indexes, and rows that point at rows that do not exist.
fn problems_of(conn: &Connection) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let row = row?;
        if row != "ok" {
            problems.push(row);
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        let row: Option<i64> = r.get(1)?;
        let table: String = r.get(0)?;
        let target: String = r.get(2)?;
        Ok(match row {
            Some(row) => format!("row {row} of {table} points to a missing row in {target}"),
            None => format!("a row of {table} points to a missing row in {target}"),
        })
    })?;
    for row in rows {
        problems.push(row?);
    }
    Ok(problems)
}

/// Whether the database behind `conn` is a journal at all, of a version
/// this build can read.
fn check_is_journal(conn: &Connection, path: &Path) -> Result<()> {
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_owned(),
        detail,
    };
    let found: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| corrupt(e.to_string()))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerVersion {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let is_journal: bool = conn
        .query_row(
            "SELECT count(*) = 3 FROM sqlite_schema
             WHERE type = 'table' AND name IN ('retros', 'entries', 'people')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| corrupt(e.to_string()))?;
    if found == 0 || !is_journal {
        return Err(corrupt("it is not a Retro Companion journal".into()));
    }
    Ok(())
}

impl Db {
    /// Writes a consistent copy of the journal to `dest`, telling `go_on`
    /// the pages copied so far, which may stop it (`Ok(false)`) with
    /// nothing written.
    pub fn backup_with(
        &self,
        dest: &Path,
        go_on: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<bool> {
        if let Some(dir) = dest.parent() {
            private_dir(dir).map_err(|e| io(dir, e))?;
        }
        copy_with(&self.conn, dest, go_on)
    }

    /// [`Db::backup_with`] to a new file, then checked as a journal that
    /// may replace this one: opened on its own, nothing damaged, and the
    /// same number of every kind of row. A copy that fails the check is
    /// removed and the error says why.
    pub fn checked_copy(
        &self,
        dest: &Path,
        go_on: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<bool> {
        if dest.exists() {
            return Err(io(
                dest,
                "a file is already there; choose a folder without a journal in it",
            ));
        }
        if !self.backup_with(dest, go_on)? {
            return Ok(false);
        }
        let checked = (|| -> Result<()> {
            let copy = Connection::open_with_flags(dest, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let problems = problems_of(&copy)?;
            if let Some(first) = problems.first() {
                return Err(io(dest, format!("the copy is damaged: {first}")));
            }
            if row_counts(&copy)? != row_counts(&self.conn)? {
                return Err(io(dest, "the copy does not hold every row of the journal"));
            }
            Ok(())
        })();
        if let Err(e) = checked {
            let _ = fs::remove_file(dest);
            return Err(e);
        }
        Ok(true)
    }

    /// Everything SQLite finds wrong with the file, and any entry whose
    /// ratings or tags as trends read them (schema v6) differ from its own.
    /// Empty when healthy.
    pub fn problems(&self) -> Result<Vec<String>> {
        let mut problems = problems_of(&self.conn)?;
        let astray = super::entries::summaries_out_of_step(&self.conn)?;
        for id in astray.iter().take(SHOWN) {
            problems.push(format!(
                "entry {id}'s ratings or proxy tags as trends read them differ from the entry's own"
            ));
        }
        if astray.len() > SHOWN {
            problems.push(format!(
                "and {} more entries like them",
                astray.len() - SHOWN
            ));
        }
        Ok(problems)
    }

    /// Replaces the journal with the backup at `src`. The backup is first
    /// copied aside, checked (a journal, of a version this build reads,
    /// intact) and brought up to the current format; the journal as it is
    /// now is kept at `safety`; and only then is the copy swapped in, in one
    /// write transaction. Until that commits, the journal stays exactly as
    /// it was, whatever fails and whenever the process is killed.
    ///
    /// `go_on` is told the backup's pages copied aside so far, and may stop
    /// the restore (`Ok(false)`) before anything is swapped.
    pub fn restore_from(
        &mut self,
        src: &Path,
        safety: &Path,
        go_on: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<bool> {
        let path = self.path.clone().ok_or_else(|| StoreError::Open {
            path: PathBuf::from(":memory:"),
            detail: "a journal in memory has no file to restore into".into(),
        })?;
        let staging = staging_of(&path);
        let result = stage(src, &staging, go_on).map_err(|e| about_backup(e, src));
        let result = result.and_then(|staged| {
            if !staged {
                return Ok(false);
            }
            if let Some(dir) = safety.parent() {
                private_dir(dir).map_err(|e| io(dir, e))?;
            }
            copy(&self.conn, safety)?;
            self.conn
                .restore(MAIN_DB, &staging, None::<fn(rusqlite::backup::Progress)>)?;
            self.conn.pragma_update(None, "foreign_keys", "ON")?;
            Ok(true)
        });
        clear_staging(&staging);
        result
    }
}

/// A backup found damaged, missing or not a journal is named as the backup,
/// not as "the journal", which nothing has touched.
fn about_backup(e: StoreError, src: &Path) -> StoreError {
    match e {
        StoreError::Corrupt { path, detail } if path == src => {
            let detail = if src.is_file() {
                detail
            } else {
                "there is no file there".into()
            };
            StoreError::BadBackup { path, detail }
        }
        other => other,
    }
}

/// Where a backup is copied and checked before it replaces the journal:
/// beside the journal, so the final rename stays on one file system.
fn staging_of(journal: &Path) -> PathBuf {
    journal.with_extension("restoring")
}

fn clear_staging(staging: &Path) {
    for leftover in [
        staging.to_owned(),
        staging.with_extension("restoring-wal"),
        staging.with_extension("restoring-shm"),
    ] {
        let _ = fs::remove_file(leftover);
    }
}

/// Copies the backup at `src` to `staging` and makes sure the copy can
/// become the journal: a journal, of a version this build reads, intact,
/// and brought up to the current format. `src` itself is only read.
/// `Ok(false)`: `go_on` stopped the copy.
fn stage(src: &Path, staging: &Path, go_on: &mut dyn FnMut(u64, u64) -> bool) -> Result<bool> {
    {
        let backup = open_read_only(src)?;
        check_is_journal(&backup, src)?;
        if !copy_with(&backup, staging, go_on).map_err(|e| damaged(src, e))? {
            return Ok(false);
        }
    }
    let mut copy = Connection::open(staging)?;
    copy.pragma_update(None, "foreign_keys", "ON")?;
    let problems = problems_of(&copy).map_err(|e| damaged(src, e))?;
    if !problems.is_empty() {
        return Err(StoreError::Corrupt {
            path: src.to_owned(),
            detail: problems.join("; "),
        });
    }
    migrate(&mut copy)?;
    Ok(true)
}

/// A failure reading the file at `path` as damage to that file, in SQLite's
/// own words: the store's sentence around them would speak of a change, and
/// nothing is being changed.
fn damaged(path: &Path, e: StoreError) -> StoreError {
    match e {
        StoreError::Sqlite(e) => StoreError::Corrupt {
            path: path.to_owned(),
            detail: e.to_string(),
        },
        other => other,
    }
}

/// Whether the file at `path` is a whole journal this build can read:
/// `Ok(())`, or why not. `conn` is a read-only connection to it.
fn check_healthy(conn: &Connection, path: &Path) -> Result<()> {
    check_is_journal(conn, path)?;
    let problems = problems_of(conn).map_err(|e| damaged(path, e))?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: problems.join("; "),
        })
    }
}

fn open_read_only(path: &Path) -> Result<Connection> {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
        StoreError::Corrupt {
            path: path.to_owned(),
            detail: e.to_string(),
        }
    })
}

/// Reads a finished backup without leaving anything beside it. A read-only
/// connection to a file in WAL format would leave empty `-wal` and `-shm`
/// files in the backups folder; a backup is written whole and renamed into
/// place, never changed afterwards, so SQLite may treat it as immutable.
fn open_backup(path: &Path) -> Result<Connection> {
    let Some(text) = path.to_str() else {
        return open_read_only(path);
    };
    let mut uri = String::from("file:");
    for c in text.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
    Connection::open_with_flags(uri, flags).map_err(|e| StoreError::Corrupt {
        path: path.to_owned(),
        detail: e.to_string(),
    })
}

/// The newest file in the journal's backups folder that is a whole journal
/// this build can read, or `None`. Newest by the time the file was last
/// written, which is when the backup was taken; files the repair set aside
/// as damaged are never candidates.
pub fn latest_usable_backup(journal: &Path) -> Result<Option<PathBuf>> {
    // Only this journal's own backups: a folder of the person's choosing
    // may hold other journals, or their backups, which must never come
    // back as this one.
    let mut candidates = Vec::new();
    for (path, name) in own_backups(journal)? {
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        let taken = meta.modified().unwrap_or(std::time::SystemTime::UNIX_EPOCH);
        candidates.push((taken, name, path));
    }
    // Newest first; the names break ties, and daily names sort by date.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    Ok(candidates
        .into_iter()
        .map(|(_, _, path)| path)
        .find(|path| {
            open_backup(path)
                .and_then(|c| check_healthy(&c, path))
                .is_ok()
        }))
}

/// How the repair names a damaged journal it sets aside in the backups folder.
pub const DAMAGED_PREFIX: &str = "damaged-";

/// Puts the backup at `src` in place of a journal file that can't be opened
/// (no connection to it may be open). The backup is copied and checked
/// exactly as [`Db::restore_from`] does; the damaged file, with its WAL and
/// shared-memory files, is kept at `damaged`; then the checked copy is
/// renamed into place. A journal that is in fact healthy is refused and
/// left alone.
pub fn restore_file(journal: &Path, src: &Path, damaged: &Path) -> Result<()> {
    if journal.exists() {
        // Not as immutable: another program may be writing to a healthy journal.
        match open_read_only(journal).and_then(|c| check_healthy(&c, journal)) {
            Ok(()) => {
                return Err(StoreError::NotDamaged {
                    path: journal.to_owned(),
                })
            }
            // A journal from a newer version is not damaged: replacing it
            // would throw away what the newer app wrote.
            Err(e @ StoreError::NewerVersion { .. }) => return Err(e),
            Err(_) => {}
        }
    }
    let staging = staging_of(journal);
    let result =
        stage(src, &staging, &mut |_, _| true).and_then(|_| swap_in(journal, &staging, damaged));
    clear_staging(&staging);
    result
}

/// Sets the damaged journal aside and puts the staged copy in its place.
fn swap_in(journal: &Path, staging: &Path, damaged: &Path) -> Result<()> {
    File::open(staging)
        .and_then(|f| f.sync_all())
        .map_err(|e| io(staging, e))?;
    if let Some(dir) = damaged.parent() {
        private_dir(dir).map_err(|e| io(dir, e))?;
    }
    if journal.exists() {
        // A second name for the damaged file rather than a move, so the
        // journal's own name never points at nothing, even if the process
        // dies between the two steps. Where links are not supported, a copy.
        match fs::hard_link(journal, damaged) {
            Ok(()) => {}
            // Never over an earlier damaged file.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(io(damaged, e)),
            Err(_) => fs::copy(journal, damaged)
                .and_then(|_| File::open(damaged)?.sync_all())
                .map_err(|e| io(damaged, e))
                .map(drop)?,
        }
    }
    // A WAL left beside the journal would be replayed into the restored
    // copy, so it goes with the damaged file, and so does its index.
    for suffix in ["-wal", "-shm"] {
        let side = with_suffix(journal, suffix);
        if side.exists() {
            let kept = with_suffix(damaged, suffix);
            fs::rename(&side, &kept).map_err(|e| io(&side, e))?;
        }
    }
    sync_dir(damaged).map_err(|e| io(damaged, e))?;
    fs::rename(staging, journal).map_err(|e| io(journal, e))?;
    sync_dir(journal).map_err(|e| io(journal, e))
}

/// `path` with `suffix` added to its file name, as SQLite names a
/// database's WAL (`-wal`) and shared-memory (`-shm`) files.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}
