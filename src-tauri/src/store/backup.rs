//! Copies of the journal file: taken on demand, before every migration, and
//! once a day (the last seven kept), with SQLite's online backup API, so a
//! copy is consistent even while the app is writing. And the way back.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, MAIN_DB};

use super::{Db, Result, StoreError, SCHEMA_VERSION};

/// How many daily backups are kept.
pub const DAILY_KEPT: usize = 7;

/// Where automatic backups go: a `backups` folder beside the journal.
pub fn backups_dir(journal: &Path) -> PathBuf {
    journal
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

fn io(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Open {
        path: path.to_owned(),
        detail: e.to_string(),
    }
}

/// Copies the database behind `conn` to `dest`, through a temporary file
/// renamed into place, so `dest` is never left half-written.
pub(super) fn copy(conn: &Connection, dest: &Path) -> Result<()> {
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    let partial = dest.with_extension("partial");
    let _ = fs::remove_file(&partial);
    conn.backup(MAIN_DB, &partial, None)?;
    fs::rename(&partial, dest).map_err(|e| io(dest, e))
}

/// Takes today's backup of the journal at `journal` into its backups folder,
/// if there is none yet, and removes the oldest daily backups beyond
/// [`DAILY_KEPT`]. It reads through its own read-only connection, so it can
/// run beside the app without holding up anything the app does. Returns the
/// new file.
pub fn daily_backup(journal: &Path, today: NaiveDate) -> Result<Option<PathBuf>> {
    let dir = backups_dir(journal);
    let dest = dir.join(format!("daily-{today}.sqlite3"));
    let taken = if dest.exists() {
        None
    } else {
        let conn = Connection::open_with_flags(journal, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        copy(&conn, &dest)?;
        Some(dest)
    };
    let mut daily: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| io(&dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("daily-") && n.ends_with(".sqlite3"))
        })
        .collect();
    // The names sort by date.
    daily.sort();
    let surplus = daily.len().saturating_sub(DAILY_KEPT);
    for old in &daily[..surplus] {
        fs::remove_file(old).map_err(|e| io(old, e))?;
    }
    Ok(taken)
}

impl Db {
    /// Writes a consistent copy of the journal to `dest`.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        copy(&self.conn, dest)
    }

    /// Everything SQLite finds wrong with the file: damaged pages or indexes,
    /// and rows that point at rows that do not exist. Empty when healthy.
    pub fn problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "row {} of {} points to a missing row in {}",
                r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                r.get::<_, String>(0)?,
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }

    /// Replaces the journal with the backup at `src`, after checking that it
    /// is an intact journal this version can read, then brings it up to the
    /// current format. `safety` receives a copy of the journal as it was.
    pub fn restore_from(&mut self, src: &Path, safety: &Path) -> Result<()> {
        let corrupt = |detail: String| StoreError::Corrupt {
            path: src.to_owned(),
            detail,
        };
        let backup = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| corrupt(e.to_string()))?;
        let found: u32 = backup
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| corrupt(e.to_string()))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerVersion {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let check: String = backup
            .pragma_query_value(None, "quick_check", |r| r.get(0))
            .map_err(|e| corrupt(e.to_string()))?;
        let is_journal: bool = backup
            .query_row(
                "SELECT count(*) = 3 FROM sqlite_schema WHERE type = 'table' AND name IN ('retros', 'entries', 'people')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| corrupt(e.to_string()))?;
        if check != "ok" || !is_journal {
            return Err(corrupt(if is_journal {
                check
            } else {
                "it is not a Retro Companion journal".into()
            }));
        }
        drop(backup);
        self.backup_to(safety)?;
        self.conn
            .restore(MAIN_DB, src, None::<fn(rusqlite::backup::Progress)>)?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        super::migrate(&mut self.conn)
    }
}
