//! The SQLite file behind the journal: opening it safely, migrating it, and the
//! typed queries the journal layer builds its rules on.
//!
//! Every connection is configured the same way, whether it sits on a real file,
//! a temporary file in a test, or in memory, so tests exercise real SQLite.

mod backup;
mod catalog;
mod deals;
mod entries;
mod files;
mod people;
mod records;
mod remote;
mod retros;
mod schedules;
mod trends;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use rusqlite_migration::{Migrations, M};

pub use backup::{
    backup_name, backup_path, backups_dir, check_backups_dir, chosen_backups_dir, daily_backup,
    latest_usable_backup, own_backups, restore_file, settings_path, BACKUPS_FOLDER, DAILY_KEPT,
    DAMAGED_PREFIX,
};
pub use catalog::*;
pub use deals::*;
pub use entries::*;
pub use files::{private_dir, write_atomically, write_atomically_with};
pub use people::*;
pub use records::*;
pub use remote::*;
pub use retros::*;
pub use schedules::*;
pub use trends::*;

/// A random version-4 UUID in SQL (`xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx`,
/// Y one of 8, 9, a, b), from SQLite's own random source.
pub(super) const UUID_V4_SQL: &str =
    "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) \
     || '-4' || substr(lower(hex(randomblob(2))), 2) \
     || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) \
     || '-' || lower(hex(randomblob(6))))";

/// A version-7 UUID in SQL (`tttttttt-tttt-7xxx-Yxxx-xxxxxxxxxxxx`): the
/// milliseconds since 1970 first, then random bits. New rows take it, so
/// the indexes on their ids grow at one end instead of all over.
pub(super) const UUID_V7_SQL: &str =
    "(substr(printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)), 1, 8) \
     || '-' || substr(printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)), 9, 4) \
     || '-7' || substr(lower(hex(randomblob(2))), 2) \
     || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) \
     || '-' || lower(hex(randomblob(6))))";

/// An SQL statement written once, with each `new_uuid()` in it standing for
/// [`UUID_V7_SQL`], as a `&'static str` for `prepare_cached`.
macro_rules! with_new_uuid {
    ($sql:expr) => {{
        static SQL: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| $sql.replace("new_uuid()", $crate::store::UUID_V7_SQL));
        SQL.as_str()
    }};
}
pub(crate) use with_new_uuid;

/// Schema v7, with its `new_uuid()` placeholders written out.
static SCHEMA_V7: LazyLock<String> =
    LazyLock::new(|| include_str!("schema_v7.sql").replace("new_uuid()", UUID_V4_SQL));

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("schema_v1.sql")),
        M::up(include_str!("schema_v2.sql")),
        M::up(include_str!("schema_v3.sql")),
        M::up(include_str!("schema_v4.sql")),
        M::up(include_str!("schema_v5.sql")),
        M::up_with_hook(
            include_str!("schema_v6.sql"),
            |tx: &rusqlite::Transaction| {
                entries::fill_summaries(tx)?;
                Ok(())
            },
        ),
        M::up(&SCHEMA_V7),
        M::up(include_str!("schema_v8.sql")),
        M::up(include_str!("schema_v9.sql")),
        M::up_with_hook(
            include_str!("schema_v10.sql"),
            |tx: &rusqlite::Transaction| rewrite_definitions(tx),
        ),
    ])
});

/// The schema version this build writes, as recorded in `PRAGMA user_version`.
pub const SCHEMA_VERSION: u32 = 10;

/// The six tables whose rows carry a uid.
const WITH_UID: [&str; 6] = [
    "people",
    "retros",
    "entries",
    "agreements",
    "addenda",
    "agreement_status",
];

/// Schema v10's changes to the tables' definitions (`schema_v10.sql` says
/// why): none touches a stored row, so the text SQLite keeps for each table
/// is rewritten in place, following "Making Other Kinds Of Table Schema
/// Changes" in SQLite's manual, and the whole file is checked before the
/// migration commits. A definition already in its new form is left as it
/// is; one that is neither as the earlier migrations wrote it nor as this
/// one would stops the migration, and the journal stays at v9.
fn rewrite_definitions(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    let uid = format!("uid TEXT NOT NULL DEFAULT {UUID_V7_SQL}");
    let one_of = |column: &str, values: &[&str]| {
        let list = values.iter().map(|v| format!("'{v}'"));
        let either = values.iter().map(|v| format!("{column} = '{v}'"));
        (
            format!(
                "CHECK ({column} IN ({}))",
                list.collect::<Vec<_>>().join(", ")
            ),
            format!("CHECK ({})", either.collect::<Vec<_>>().join(" OR ")),
        )
    };
    let mut changes: Vec<(&str, String, String)> = WITH_UID
        .iter()
        .map(|table| (*table, "uid TEXT".to_owned(), uid.clone()))
        .collect();
    for (table, column, values) in [
        ("entries", "state", &["draft", "sealed", "revealed"][..]),
        (
            "entries",
            "cycle_stage",
            &[
                "trigger",
                "frustration",
                "proxyArguments",
                "withdrawal",
                "notInIt",
            ],
        ),
        (
            "agreement_status",
            "status",
            &["open", "kept", "broken", "renegotiated"],
        ),
    ] {
        let (from, to) = one_of(column, values);
        changes.push((table, from, to));
    }
    // A row written by an older tool after v7 without the trigger would
    // have no uid; it gets one before NOT NULL holds.
    for table in WITH_UID {
        tx.execute(
            &format!("UPDATE {table} SET uid = {UUID_V7_SQL} WHERE uid IS NULL"),
            [],
        )?;
    }
    let schema_version: i64 = tx.pragma_query_value(None, "schema_version", |r| r.get(0))?;
    tx.pragma_update(None, "writable_schema", true)?;
    // Then, in the manual's order: the schema's version moves on (so every
    // connection reads the new definitions), and writing to the schema stops,
    // whatever happened: the connection goes on without it.
    let rewritten = rewrite(tx, &changes)
        .and_then(|()| Ok(tx.pragma_update(None, "schema_version", schema_version + 1)?));
    tx.pragma_update(None, "writable_schema", false)?;
    rewritten?;
    let verdict: String = tx.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(rusqlite_migration::HookError::Hook(format!(
            "the journal did not check out after the change: {verdict}"
        )));
    }
    Ok(())
}

/// Replaces, in each table's definition, its old text with the new one.
fn rewrite(
    tx: &rusqlite::Transaction,
    changes: &[(&str, String, String)],
) -> rusqlite_migration::HookResult {
    for (table, from, to) in changes {
        let sql: String = tx.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        if sql.contains(to.as_str()) {
            continue;
        }
        if sql.matches(from.as_str()).count() != 1 {
            return Err(rusqlite_migration::HookError::Hook(format!(
                "the table {table} is not defined as this version expects"
            )));
        }
        tx.execute(
            "UPDATE sqlite_schema SET sql = ?2 WHERE type = 'table' AND name = ?1",
            (table, sql.replacen(from.as_str(), to, 1)),
        )?;
    }
    Ok(())
}

/// How much of the journal file reads may map at once (256 MiB).
const MMAP_SIZE: i64 = 256 << 20;

/// How long a write waits for another process holding the journal before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "This journal was written by a newer version of Retro Companion (format {found}; this \
         version reads up to {supported}). It was left untouched: update the app to open it."
    )]
    NewerVersion { found: u32, supported: u32 },
    #[error("The journal at {path} is not a readable Retro Companion journal ({detail}). It was left untouched, so a healthy backup can be put in its place.")]
    Corrupt { path: PathBuf, detail: String },
    #[error("The journal is busy: another program (most likely Retro Companion's window) kept it locked for {} seconds. Nothing was changed. Try again in a moment, or close the window first.", BUSY_TIMEOUT.as_secs())]
    Busy,
    #[error("The journal at {path} opens and reads correctly, so it was left as it is: only a damaged journal is replaced this way.")]
    NotDamaged { path: PathBuf },
    #[error("Could not open the journal at {path}: {detail}")]
    Open { path: PathBuf, detail: String },
    #[error("The backup at {path} can't be restored: {detail}. The journal was left as it was; choose another backup.")]
    BadBackup { path: PathBuf, detail: String },
    #[error("Could not write {path}: {detail}")]
    Io { path: PathBuf, detail: String },
    #[error("Could not upgrade the journal to the current format: {0}")]
    Migration(String),
    #[error("This entry is sealed, so it can't be changed. Unseal it first if the retro has not been revealed.")]
    EntryLocked,
    #[error(
        "This entry has been revealed and can't be changed any more. Add a note to it instead."
    )]
    EntryRevealed,
    #[error(
        "Notes can be added to an entry only after the reveal; until then, edit the entry itself."
    )]
    EntryNotRevealed,
    #[error("This is part of the retro's history, which is kept as it was written.")]
    HistoryFinal,
    #[error("The journal holds {0}, which this version of Retro Companion does not know. It may come from a newer version or be damaged; nothing was changed. Update the app, or restore the journal from a backup.")]
    UnknownValue(String),
    #[error("The disk is full, so that could not be written. Nothing was changed and no file was left half-written; free some space (or choose a place on another disk) and try again.")]
    DiskFull,
    #[error("The journal could not complete that change: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        // The schema's triggers raise these names when a rule of the product is at stake.
        if let rusqlite::Error::SqliteFailure(_, Some(message)) = &err {
            match message.as_str() {
                "entry_locked" => return StoreError::EntryLocked,
                "entry_revealed" => return StoreError::EntryRevealed,
                "entry_not_revealed" => return StoreError::EntryNotRevealed,
                "history_final" => return StoreError::HistoryFinal,
                _ => {}
            }
        }
        if let rusqlite::Error::FromSqlConversionFailure(_, _, cause) = &err {
            if let Some(unknown) = cause.downcast_ref::<UnknownValue>() {
                return StoreError::UnknownValue(unknown.to_string());
            }
        }
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::Sqlite(err),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open, migrated journal database.
pub struct Db {
    conn: Connection,
    /// The file, or `None` for a journal in memory.
    path: Option<PathBuf>,
    /// Left in rollback-journal mode by [`Db::write_new_pages`], when the
    /// switch back to the WAL could not happen then: the next write retries.
    out_of_wal: bool,
}

impl Drop for Db {
    fn drop(&mut self) {
        // SQLite's advice before a connection closes.
        optimize(&self.conn, "PRAGMA optimize");
    }
}

/// A list of ids as one `rarray(?)` parameter.
fn ids(list: &[Id]) -> std::rc::Rc<Vec<rusqlite::types::Value>> {
    std::rc::Rc::new(
        list.iter()
            .copied()
            .map(rusqlite::types::Value::from)
            .collect(),
    )
}

/// Runs one of SQLite's `optimize` pragmas, best effort: they only gather
/// statistics for the planner (each table's look capped, so a large journal
/// takes as long as a small one), so while another program is writing to
/// the journal they are skipped at once rather than waited for.
pub fn optimize(conn: &Connection, pragma: &str) {
    let _ = without_waiting(conn, |c| c.execute_batch(pragma));
}

/// Runs `f` with the busy timeout off: what another program holds the
/// journal for is given up at once. `None` when it failed.
fn without_waiting<T>(
    conn: &Connection,
    f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
) -> Option<T> {
    conn.busy_timeout(Duration::ZERO).ok()?;
    let done = f(conn).ok();
    let _ = conn.busy_timeout(BUSY_TIMEOUT);
    done
}

impl Db {
    /// Opens (creating if needed) the journal file at `path` and migrates it.
    /// A journal from a newer version, or a file that is not a journal, is
    /// refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Self> {
        // Created (or tightened) readable by its owner only, before SQLite
        // opens it: the WAL and shared-memory files take the same permissions.
        files::private_file(path).map_err(|e| StoreError::Open {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::Open {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        Self::refuse_foreign(&conn, path)?;
        Self::back_up_before_migrating(&conn, path)?;
        let mut db = Self::prepare(conn).map_err(|err| match err {
            StoreError::Sqlite(e) if is_corruption(&e) => StoreError::Corrupt {
                path: path.to_owned(),
                detail: e.to_string(),
            },
            other => other,
        })?;
        db.path = Some(path.to_owned());
        Ok(db)
    }

    /// A database with no version but with tables is another program's: it
    /// must not become a journal (its mode, version and schema rewritten).
    /// A file that can't be read as a database at all is left to `prepare`,
    /// which names it damaged.
    fn refuse_foreign(conn: &Connection, path: &Path) -> Result<()> {
        let found = conn.query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    EXISTS (SELECT 1 FROM sqlite_schema)",
            [],
            |r| Ok((r.get::<_, u32>(0)?, r.get::<_, bool>(1)?)),
        );
        match found {
            Ok((0, true)) => Err(StoreError::Open {
                path: path.to_owned(),
                detail: "it is another program's database, not a Retro Companion journal, so it \
                         was left untouched. Choose a different file for the journal."
                    .into(),
            }),
            _ => Ok(()),
        }
    }

    /// Copies a journal that is about to be migrated into the backups folder,
    /// named after the versions, so an upgrade can always be undone by hand.
    fn back_up_before_migrating(conn: &Connection, path: &Path) -> Result<()> {
        let version = |conn: &Connection| -> rusqlite::Result<u32> {
            conn.pragma_query_value(None, "user_version", |r| r.get(0))
        };
        let older = |v: u32| v != 0 && v < SCHEMA_VERSION;
        match version(conn) {
            Ok(found) if older(found) => {}
            // New, current, newer, or not a database at all: `prepare`
            // deals with each, and none needs a copy.
            _ => return Ok(()),
        }
        // Another program may be upgrading the same journal at this moment.
        // Under the write lock nobody can, so the copy taken then is of the
        // old format, and a journal found upgraded meanwhile needs none.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let copied = (|| {
            let found = version(conn)?;
            if !older(found) {
                return Ok(());
            }
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
            let dest = backup::backup_path(
                path,
                &format!("before-v{SCHEMA_VERSION}-from-v{found}-{stamp}.sqlite3"),
            );
            // SQLite copies only from a connection that is not writing.
            let reader = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            backup::copy(&reader, &dest)
        })();
        conn.execute_batch("ROLLBACK")?;
        copied
    }

    /// A private journal that lives only as long as this value: for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Read-only checks first: a journal we must refuse is never written to,
        // not even by the switch to WAL, which rewrites the file header.
        let found: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerVersion {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mode = switch_to_wal(&conn)?;
        // In-memory databases report "memory"; files must really be in WAL.
        debug_assert!(mode == "wal" || mode == "memory", "journal_mode is {mode}");
        // FULL: a committed entry survives a power cut, not only a crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        // `rarray(?)`: a list of ids as one parameter, so a statement that
        // reads many rows at once is prepared once and cached.
        rusqlite::vtab::array::load_module(&conn)?;
        // Every statement the journal runs is prepared once: an import runs
        // a few dozen of them for each retro, more than the default 16 kept.
        conn.set_prepared_statement_cache_capacity(128);
        migrate(&mut conn)?;
        // SQLite's advice for a connection that stays open: gather the
        // statistics the planner lacks, or that a table's growth has made
        // stale, now; and again on close. Before the map below, so the pages
        // this reads don't stay in the process's memory.
        optimize(&conn, "PRAGMA optimize = 0x10012");
        // Reads map the file rather than copy it page by page: whole-journal
        // work (trends over years of retros) spends its time in the rows,
        // not in system calls.
        conn.pragma_update(None, "mmap_size", MMAP_SIZE)?;
        Ok(Db {
            conn,
            path: None,
            out_of_wal: false,
        })
    }

    /// Whether reads map the file (as they do from the start) or copy each
    /// page into SQLite's own small cache. Work over the whole journal turns
    /// the map off: mapped, every page it touches would count against the
    /// process's memory.
    pub fn map_pages(&self, on: bool) -> Result<()> {
        let size = if on { MMAP_SIZE } else { 0 };
        Ok(self.conn.pragma_update(None, "mmap_size", size)?)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The journal file, or `None` for a journal in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` inside one immediate transaction: it commits only if `f`
    /// returns `Ok`, so a failed write leaves the journal exactly as it was.
    pub fn write<T, E>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.back_to_wal();
        self.transaction(f)
    }

    fn transaction<T, E>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// [`Db::write`] for a transaction that fills an empty journal (an
    /// import): its pages are all new, so they go straight into the file,
    /// once, instead of into the WAL and then copied from there into the
    /// file. SQLite's rollback journal stands in for the WAL meanwhile, with
    /// the same promise: a refusal, a crash or a power cut anywhere leaves
    /// the journal as it was, and once committed the import stays (the
    /// folder is synced too when the rollback journal is deleted).
    ///
    /// Switching needs the journal to itself: while another program has it
    /// open the switch is refused at once, and the write goes through the
    /// WAL as usual. A program that opens the journal during such an import
    /// waits for it like for any write, up to the busy timeout.
    pub fn write_new_pages<T, E>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.back_to_wal();
        self.out_of_wal = self.path.is_some()
            && without_waiting(&self.conn, |c| {
                c.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
            })
            .is_some_and(|mode| mode == "delete");
        if self.out_of_wal {
            let _ = self.conn.pragma_update(None, "synchronous", "EXTRA");
        }
        let done = self.transaction(f);
        self.back_to_wal();
        done
    }

    /// Back to the WAL after [`Db::write_new_pages`], waiting as any write
    /// would for a program that opened the journal meanwhile; should that
    /// fail, the next write tries again.
    fn back_to_wal(&mut self) {
        if self.out_of_wal && switch_to_wal(&self.conn).is_ok_and(|mode| mode == "wal") {
            let _ = self.conn.pragma_update(None, "synchronous", "FULL");
            self.out_of_wal = false;
        }
    }
}

/// Puts the file in WAL mode (a no-op once it is). On a new file another
/// program may be setting it up at the same moment, and SQLite then answers
/// "busy" at once, without the busy timeout, since waiting inside the switch
/// could deadlock; so the wait happens here, as long as any write would wait.
fn switch_to_wal(conn: &Connection) -> Result<String> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            done => return Ok(done?),
        }
    }
}

/// Brings the schema up to [`SCHEMA_VERSION`], in one transaction.
/// Brings a bare database to schema version `version` exactly, as a build
/// of that version would have left it: for tests of older journals.
#[cfg(test)]
pub(crate) fn migrate_to(conn: &mut Connection, version: usize) {
    MIGRATIONS
        .to_version(conn, version)
        .expect("an older schema");
}

pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let version = |conn: &Connection| -> Result<u32> {
        Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    };
    let found = version(conn)?;
    // Another program (the window, a second command) may be migrating the
    // same file right now. The version is read before the migration's
    // transaction starts, so the transaction takes the write lock at once
    // and waits its turn like any write; if the other program got there
    // first, the steps it already took fail here, and reading the version
    // again finds the journal up to date.
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    let mut result = MIGRATIONS.to_latest(conn);
    if result.is_err() && version(conn)? != found {
        result = MIGRATIONS.to_latest(conn);
    }
    conn.set_transaction_behavior(TransactionBehavior::Deferred);
    result.map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::from(err),
        other => StoreError::Migration(other.to_string()),
    })
}

fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

#[cfg(test)]
mod tests;
