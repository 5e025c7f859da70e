use super::*;

fn temp_journal() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("journal.sqlite3");
    (dir, path)
}

fn schema(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY name")
        .expect("schema query");
    stmt.query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("schema")
}

#[test]
fn migrating_an_empty_file_works_and_reopening_changes_nothing() {
    let (_dir, path) = temp_journal();
    let first = Db::open(&path).expect("first open");
    let version: u32 = first
        .conn()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);
    let schema_before = schema(first.conn());
    let needs_before = needs(first.conn()).expect("needs");
    drop(first);

    let again = Db::open(&path).expect("second open");
    assert_eq!(schema(again.conn()), schema_before);
    assert_eq!(
        needs(again.conn()).expect("needs"),
        needs_before,
        "seeds must not be inserted twice"
    );
}

#[test]
fn pragmas_are_in_force_on_a_file() {
    let (_dir, path) = temp_journal();
    let db = Db::open(&path).expect("open");
    let conn = db.conn();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("mode");
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .expect("fk");
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .expect("sync");
    let busy: i64 = conn
        .pragma_query_value(None, "busy_timeout", |r| r.get(0))
        .expect("busy");
    assert_eq!(mode, "wal");
    assert_eq!(fk, 1);
    assert_eq!(sync, 2, "synchronous must be FULL");
    assert!(busy > 0, "busy_timeout must be set");
}

#[test]
fn a_journal_from_a_newer_version_is_refused_and_left_byte_for_byte() {
    let (_dir, path) = temp_journal();
    {
        let conn = Connection::open(&path).expect("raw open");
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (42);")
            .expect("future schema");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("bump");
    }
    let before = std::fs::read(&path).expect("read");

    let err = Db::open(&path)
        .err()
        .expect("a newer journal must be refused");
    assert!(
        matches!(err, StoreError::NewerVersion { found, .. } if found == SCHEMA_VERSION + 1),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer version"), "{err}");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "the file changed"
    );
}

#[test]
fn a_file_that_is_not_a_journal_is_refused_and_left_alone() {
    let (_dir, path) = temp_journal();
    let junk = b"this is a shopping list, not a database\n".repeat(200);
    std::fs::write(&path, &junk).expect("write");
    let err = Db::open(&path).err().expect("junk must be refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).expect("read"), junk);
}

#[test]
fn another_program_s_database_is_refused_and_left_byte_for_byte() {
    let (dir, path) = temp_journal();
    {
        let conn = Connection::open(&path).expect("raw open");
        conn.execute_batch("CREATE TABLE recipes (name); INSERT INTO recipes VALUES ('soup');")
            .expect("someone else's schema");
    }
    let before = std::fs::read(&path).expect("read");
    let err = Db::open(&path)
        .err()
        .expect("a foreign database must be refused");
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(
        err.to_string().contains("another program's database"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "the file changed"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "nothing beside it: {names:?}");

    // An empty file, made ready for the journal, is still taken.
    std::fs::write(&path, b"").expect("empty");
    Db::open(&path).expect("an empty file becomes a journal");
}

#[test]
fn six_builtin_needs_are_seeded_with_our_own_words() {
    let db = Db::open_in_memory().expect("open");
    let needs = needs(db.conn()).expect("needs");
    let names: Vec<&str> = needs.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Predictability",
            "Responsiveness",
            "Partnership",
            "Autonomy",
            "Sustainability",
            "Craft"
        ]
    );
    for need in &needs {
        assert!(need.builtin && !need.archived);
        assert!(
            need.explanation.len() > 20 && need.frustration.len() > 20,
            "{need:?}"
        );
    }
}

/// The journal mode and the sync level in force on `conn`.
fn journal_mode(conn: &Connection) -> (String, i64) {
    let mode = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("mode");
    let sync = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .expect("sync");
    (mode, sync)
}

#[test]
fn filling_a_journal_skips_the_wal_and_comes_back_to_it_even_after_a_panic() {
    let (_dir, path) = temp_journal();
    let mut db = Db::open(&path).expect("open");
    // Inside: a rollback journal, and the folder synced as it goes (EXTRA).
    let inside = db
        .write_new_pages(|tx| {
            insert_role(tx, None, "Design", false)?;
            Ok::<_, StoreError>(journal_mode(tx))
        })
        .expect("fill");
    assert_eq!(inside, ("delete".to_owned(), 3));
    assert_eq!(journal_mode(db.conn()), ("wal".to_owned(), 2));

    // A panic halfway leaves the mode as it was inside; the next write
    // puts the WAL and FULL back, and nothing of the half-write stays.
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        db.write_new_pages(|tx| -> Result<(), StoreError> {
            insert_role(tx, None, "Halfway", false)?;
            panic!("halfway")
        })
    }));
    assert!(panicked.is_err());
    assert_eq!(journal_mode(db.conn()).0, "delete");
    db.write(|tx| insert_role(tx, None, "Later", false).map(|_| ()))
        .expect("a later write");
    assert_eq!(journal_mode(db.conn()), ("wal".to_owned(), 2));
    assert!(role_by_name(db.conn(), "Halfway").expect("query").is_none());
    assert!(role_by_name(db.conn(), "Later").expect("query").is_some());
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let mut db = Db::open_in_memory().expect("open");
    let result: Result<(), StoreError> = db.write(|tx| {
        insert_role(tx, None, "Design", false)?;
        // The second insert breaks the unique index: the whole write must go.
        insert_role(tx, None, "design", false)?;
        Ok(())
    });
    assert!(result.is_err());
    assert!(role_by_name(db.conn(), "Design").expect("query").is_none());
}

#[test]
fn a_version_1_journal_upgrades_and_keeps_its_retros() {
    let (_dir, path) = temp_journal();
    {
        let mut conn = Connection::open(&path).expect("raw");
        migrate_to(&mut conn, 1);
        conn.execute_batch(
            "INSERT INTO people (name, role_id, is_me, created_at) VALUES ('Maya', 1, 1, 'x');
             INSERT INTO retros (title, held_on, kind, created_at, updated_at)
                 VALUES ('Old', '2025-01-02', 'solo', 'x', 'x');
             INSERT INTO participants VALUES (1, 1);
             INSERT INTO entries (retro_id, person_id, state, created_at, updated_at)
                 VALUES (1, 1, 'sealed', 'x', 'x');",
        )
        .expect("v1 data");
    }
    let db = Db::open(&path).expect("upgrade");
    let version: u32 = db
        .conn()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("v");
    assert_eq!(version, SCHEMA_VERSION);
    let list = retros(db.conn(), RetroScope::All).expect("retros");
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0].participants[0].entry_state,
        Some(EntryState::Sealed)
    );
    drop(db);

    // The journal as it was before the upgrade waits in the backups folder.
    let copies: Vec<_> = std::fs::read_dir(backups_dir(&path))
        .expect("backups")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let name = copies[0]
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name");
    assert!(
        name.starts_with(&format!("before-v{SCHEMA_VERSION}-from-v1-")),
        "{name}"
    );
    let old = Connection::open(&copies[0]).expect("open copy");
    let v: u32 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("v");
    assert_eq!(v, 1);
}

fn one_retro(db: &mut Db, title: &str) {
    db.write(|tx| {
        let me = insert_person(tx, None, "Maya", 1, true, "now")?;
        let row = NewRetroRow {
            id: None,
            title,
            held_on: "2026-11-20".parse().expect("day"),
            kind: RetroKind::Solo,
            revealed_at: None,
            participants: &[me],
            uid: None,
        };
        insert_retro(tx, &row, "now").map(drop)
    })
    .expect("write");
}

#[test]
fn a_backup_is_a_whole_journal_and_restoring_it_brings_it_back() {
    let (dir, path) = temp_journal();
    let mut db = Db::open(&path).expect("open");
    one_retro(&mut db, "Kept safe");
    let copy = dir.path().join("copy.sqlite3");
    db.backup_with(&copy, &mut |_, _| true).expect("backup");
    assert!(!dir.path().join("copy.partial").exists());

    db.write(|tx| delete_retro(tx, 1).map(drop))
        .expect("delete");
    assert!(retros(db.conn(), RetroScope::All).expect("list").is_empty());
    let safety = dir.path().join("before-restore.sqlite3");
    db.restore_from(&copy, &safety, &mut |_, _| true)
        .expect("restore");
    assert_eq!(
        retros(db.conn(), RetroScope::All).expect("list")[0].title,
        "Kept safe"
    );
    let before = Db::open(&safety).expect("safety copy");
    assert!(
        retros(before.conn(), RetroScope::All)
            .expect("list")
            .is_empty(),
        "the state before the restore is kept"
    );
    assert!(db.problems().expect("check").is_empty());
}

#[test]
fn restoring_refuses_a_file_that_is_not_a_good_journal() {
    let (dir, path) = temp_journal();
    let mut db = Db::open(&path).expect("open");
    one_retro(&mut db, "Still here");
    let safety = dir.path().join("safety.sqlite3");
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, b"not a database at all, just words").expect("junk");
    assert!(matches!(
        db.restore_from(&junk, &safety, &mut |_, _| true),
        Err(StoreError::BadBackup { .. })
    ));
    let newer = dir.path().join("newer.sqlite3");
    Connection::open(&newer)
        .expect("newer")
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("v");
    assert!(matches!(
        db.restore_from(&newer, &safety, &mut |_, _| true),
        Err(StoreError::NewerVersion { .. })
    ));
    let other = dir.path().join("other.sqlite3");
    Connection::open(&other)
        .expect("other")
        .execute_batch("CREATE TABLE notes (x)")
        .expect("other");
    assert!(matches!(
        db.restore_from(&other, &safety, &mut |_, _| true),
        Err(StoreError::BadBackup { .. })
    ));
    let missing = db
        .restore_from(&dir.path().join("none.sqlite3"), &safety, &mut |_, _| true)
        .expect_err("no such backup");
    assert!(
        matches!(&missing, StoreError::BadBackup { detail, .. } if detail == "there is no file there"),
        "{missing:?}"
    );
    assert_eq!(
        retros(db.conn(), RetroScope::All).expect("list")[0].title,
        "Still here"
    );
    assert!(
        !safety.exists(),
        "nothing was replaced, so nothing needed saving"
    );
}

#[test]
fn daily_backups_keep_the_last_week() {
    let (dir, path) = temp_journal();
    // The app keeps its own connection open while the backup reads the file.
    let _db = Db::open(&path).expect("open");
    let backups = dir.path().join("backups");
    let start: chrono::NaiveDate = "2026-11-01".parse().expect("day");
    for day in 0..10 {
        let today = start + chrono::Days::new(day);
        assert!(daily_backup(&path, today, DAILY_KEPT)
            .expect("daily")
            .is_some());
        assert!(
            daily_backup(&path, today, DAILY_KEPT)
                .expect("again")
                .is_none(),
            "once a day"
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), DAILY_KEPT);
    assert_eq!(names[0], "daily-2026-11-04.sqlite3");
    assert_eq!(names[6], "daily-2026-11-10.sqlite3");

    // Fewer kept, as the preferences may say: the oldest go the next day.
    let next = start + chrono::Days::new(10);
    daily_backup(&path, next, 2).expect("daily");
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["daily-2026-11-10.sqlite3", "daily-2026-11-11.sqlite3"]
    );
}

#[test]
fn journals_sharing_a_folder_keep_their_backups_apart() {
    // Two journals side by side share the `backups` folder beside them.
    let (dir, path) = temp_journal();
    let work = dir.path().join("work.sqlite3");
    let older = dir.path().join("work.older.sqlite3");
    for (journal, title) in [(&path, "Mine"), (&work, "Work's"), (&older, "Older")] {
        let mut db = Db::open(journal).expect("open");
        one_retro(&mut db, title);
    }
    let backups = dir.path().join("backups");
    let names = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&backups)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let start: chrono::NaiveDate = "2026-11-01".parse().expect("day");
    // Each takes its own backup each day, and keeps its own two.
    for day in 0..4 {
        let today = start + chrono::Days::new(day);
        for journal in [&path, &work, &older] {
            assert!(daily_backup(journal, today, 2).expect("daily").is_some());
        }
    }
    assert_eq!(
        names(),
        [
            "daily-2026-11-03.sqlite3",
            "daily-2026-11-04.sqlite3",
            "work-daily-2026-11-03.sqlite3",
            "work-daily-2026-11-04.sqlite3",
            "work.older-daily-2026-11-03.sqlite3",
            "work.older-daily-2026-11-04.sqlite3",
        ]
    );
    // A repair offers a journal its own newest backup, never another's,
    // even one written later.
    let titled = |backup: PathBuf| -> String {
        let conn = Connection::open(backup).expect("backup");
        conn.query_row("SELECT title FROM retros", [], |r| r.get(0))
            .expect("title")
    };
    let fifth = start + chrono::Days::new(4);
    daily_backup(&path, fifth, 2).expect("mine");
    for (journal, title) in [(&path, "Mine"), (&work, "Work's"), (&older, "Older")] {
        let offered = latest_usable_backup(journal).expect("read").expect("one");
        assert_eq!(titled(offered), title);
    }
}

#[test]
fn the_check_names_rows_that_point_nowhere() {
    let db = Db::open_in_memory().expect("open");
    assert!(db.problems().expect("check").is_empty());
    db.conn()
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO people (name, role_id, is_me, created_at) VALUES ('Ghost', 99, 0, 'now');
             PRAGMA foreign_keys = ON;",
        )
        .expect("damage");
    let problems = db.problems().expect("check");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("people") && problems[0].contains("roles"),
        "{problems:?}"
    );
}

/// A journal file holding `count` retros, closed so that every write has
/// been folded from the WAL into the main file: its bytes are then the
/// whole journal, and comparing them shows any change.
fn settled_journal(path: &Path, count: usize) -> Vec<u8> {
    let mut db = Db::open(path).expect("open");
    db.write(|tx| {
        let me = insert_person(tx, None, "Maya", 1, true, "now")?;
        for n in 0..count {
            let title = format!("Retro {n} {}", "with a long title ".repeat(10));
            let row = NewRetroRow {
                id: None,
                title: &title,
                held_on: "2026-11-20".parse().expect("day"),
                kind: RetroKind::Solo,
                revealed_at: None,
                participants: &[me],
                uid: None,
            };
            insert_retro(tx, &row, "now")?;
        }
        Ok::<_, StoreError>(())
    })
    .expect("write");
    drop(db);
    assert!(
        !wal_of(path).exists() || std::fs::metadata(wal_of(path)).expect("wal").len() == 0,
        "closing the last connection folds the WAL into the journal"
    );
    std::fs::read(path).expect("read")
}

fn wal_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Tries to restore `src` into the settled journal at `path` and returns
/// the refusal, after checking that the journal, closed again, is byte for
/// byte what it was and that no safety copy was needed.
fn refused_restore(path: &Path, before: &[u8], src: &Path) -> StoreError {
    let safety = path.with_file_name("safety.sqlite3");
    let mut db = Db::open(path).expect("reopen");
    let err = db
        .restore_from(src, &safety, &mut |_, _| true)
        .expect_err("the restore must be refused");
    assert_eq!(
        retros(db.conn(), RetroScope::All).expect("list").len(),
        3,
        "the journal still reads as it was"
    );
    drop(db);
    assert!(
        std::fs::read(path).expect("read") == before,
        "the journal file changed after a refused restore ({err})"
    );
    assert!(
        !safety.exists(),
        "nothing was replaced, so nothing was saved"
    );
    assert!(
        !path.with_extension("restoring").exists(),
        "the checked copy is cleaned up"
    );
    err
}

#[test]
fn a_backup_damaged_in_the_middle_is_refused_and_the_journal_is_left_byte_for_byte() {
    let (dir, path) = temp_journal();
    let before = settled_journal(&path, 3);
    // A backup with enough retros to span many pages, scribbled over in
    // its middle as a failing disk or a half-copied file would: one page
    // here or there, or a whole stretch. Each place fails a different
    // check (the schema, a b-tree page, a row), and every one must refuse.
    let good = dir.path().join("good.sqlite3");
    settled_journal(&good, 300);
    let bytes = std::fs::read(&good).expect("read");
    let pages = bytes.len() / 4096;
    assert!(pages > 40, "the backup spans many pages ({pages})");
    for (from, to) in [
        (pages / 3, pages / 3 + 1),
        (pages / 2, pages / 2 + 1),
        (2 * pages / 3, 2 * pages / 3 + 1),
        (pages / 3, 2 * pages / 3),
    ] {
        let mut bytes = bytes.clone();
        for (i, b) in bytes[from * 4096..to * 4096].iter_mut().enumerate() {
            *b = (i * 7 % 251) as u8;
        }
        let damaged = dir.path().join(format!("damaged-{from}-{to}.sqlite3"));
        std::fs::write(&damaged, &bytes).expect("write");

        let err = refused_restore(&path, &before, &damaged);
        assert!(matches!(err, StoreError::BadBackup { .. }), "{err:?}");
        let message = err.to_string();
        assert!(
            message.contains(&format!("damaged-{from}-{to}.sqlite3"))
                && message.contains("can't be restored")
                && message.contains("The journal was left as it was"),
            "the message names the file and the problem: {message}"
        );
        assert!(
            !message.contains("could not complete that change"),
            "a refused backup is not a failed change: {message}"
        );
    }
}

#[test]
fn a_backup_that_is_not_a_database_is_refused_and_the_journal_is_left_byte_for_byte() {
    let (dir, path) = temp_journal();
    let before = settled_journal(&path, 3);
    let junk = dir.path().join("notes.sqlite3");
    std::fs::write(&junk, b"Groceries: milk, eggs, bread.\n".repeat(500)).expect("junk");

    let err = refused_restore(&path, &before, &junk);
    assert!(matches!(err, StoreError::BadBackup { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("notes.sqlite3") && message.contains("not a database"),
        "{message}"
    );
}

#[test]
fn a_backup_from_a_newer_version_is_refused_and_the_journal_is_left_byte_for_byte() {
    let (dir, path) = temp_journal();
    let before = settled_journal(&path, 3);
    let newer = dir.path().join("newer.sqlite3");
    settled_journal(&newer, 5);
    Connection::open(&newer)
        .expect("newer")
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("bump");

    let err = refused_restore(&path, &before, &newer);
    assert!(
        matches!(err, StoreError::NewerVersion { found, supported }
            if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer version"), "{err}");
}

#[test]
fn a_database_that_is_not_a_journal_is_refused_and_the_journal_is_left_byte_for_byte() {
    let (dir, path) = temp_journal();
    let before = settled_journal(&path, 3);
    // A healthy SQLite file, even one that claims a version this build
    // knows, is not a journal unless it has a journal's tables.
    let other = dir.path().join("recipes.sqlite3");
    {
        let conn = Connection::open(&other).expect("other");
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        )
        .expect("other");
        conn.pragma_update(None, "user_version", 2).expect("v");
    }

    let err = refused_restore(&path, &before, &other);
    assert!(matches!(err, StoreError::BadBackup { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("recipes.sqlite3")
            && message.contains("it is not a Retro Companion journal"),
        "{message}"
    );
}

#[test]
fn a_restore_held_up_by_another_writer_is_refused_as_busy_and_changes_nothing() {
    let (dir, path) = temp_journal();
    let before = settled_journal(&path, 3);
    let backup = dir.path().join("backup.sqlite3");
    settled_journal(&backup, 5);
    let mut db = Db::open(&path).expect("reopen");
    // Waiting the full five seconds proves nothing more than waiting a little.
    db.conn
        .busy_timeout(std::time::Duration::from_millis(50))
        .expect("timeout");
    let other = Connection::open(&path).expect("other writer");
    other.execute_batch("BEGIN IMMEDIATE").expect("lock");

    let safety = dir.path().join("safety.sqlite3");
    let err = db
        .restore_from(&backup, &safety, &mut |_, _| true)
        .expect_err("a restore that cannot write must say so");
    assert!(matches!(err, StoreError::Busy), "{err:?}");
    other.execute_batch("ROLLBACK").expect("unlock");
    assert_eq!(retros(db.conn(), RetroScope::All).expect("list").len(), 3);
    drop((db, other));
    assert!(std::fs::read(&path).expect("read") == before);
}

#[test]
fn two_programs_opening_a_new_journal_at_once_both_get_it_whole() {
    let (_dir, path) = temp_journal();
    // Another program (the window, a second command) got there first: it
    // has switched the new file to WAL and is in the middle of creating
    // the tables when this one opens it and finds version 0.
    let first = Connection::open(&path).expect("first program");
    first
        .pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    first.execute_batch("BEGIN IMMEDIATE").expect("lock");
    for sql in [
        include_str!("schema_v1.sql"),
        include_str!("schema_v2.sql"),
        include_str!("schema_v3.sql"),
        include_str!("schema_v4.sql"),
        include_str!("schema_v5.sql"),
    ] {
        first.execute_batch(sql).expect("schema");
    }
    first
        .pragma_update(None, "user_version", SCHEMA_VERSION)
        .expect("version");
    let second = std::thread::spawn({
        let path = path.clone();
        move || Db::open(&path).map(|db| needs(db.conn()).map(|n| n.len()))
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    first.execute_batch("COMMIT").expect("commit");

    let opened = second.join().expect("thread");
    assert!(
        matches!(opened, Ok(Ok(6))),
        "the second program opens the journal the first one made: {opened:?}"
    );
}

#[test]
fn a_new_journal_being_set_up_by_another_program_is_waited_for() {
    let (_dir, path) = temp_journal();
    // The other program has just created the file and holds it for a
    // moment, before it has switched it to WAL.
    let first = Connection::open(&path).expect("first program");
    first
        .execute_batch("BEGIN IMMEDIATE; CREATE TABLE early (x);")
        .expect("lock");
    let second = std::thread::spawn({
        let path = path.clone();
        move || Db::open(&path).map(|db| needs(db.conn()).map(|n| n.len()))
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    first.execute_batch("ROLLBACK").expect("release");

    let opened = second.join().expect("thread");
    assert!(
        matches!(opened, Ok(Ok(6))),
        "the second program waits, as for any write: {opened:?}"
    );
}

#[test]
fn a_version_5_journal_gets_the_ratings_and_tags_trends_read() {
    let (_dir, path) = temp_journal();
    {
        let mut conn = Connection::open(&path).expect("raw");
        migrate_to(&mut conn, 5);
        conn.execute_batch(
            "INSERT INTO people (name, role_id, is_me, created_at) VALUES ('Maya', 1, 1, 'x');
             INSERT INTO retros (title, held_on, kind, created_at, updated_at)
                 VALUES ('Old', '2025-01-02', 'solo', 'x', 'x');
             INSERT INTO participants VALUES (1, 1);
             INSERT INTO entries (retro_id, person_id, created_at, updated_at)
                 VALUES (1, 1, 'x', 'x');
             INSERT INTO ratings VALUES (1, 5, 2, ''), (1, 1, 4, 'fine'), (1, 3, NULL, '');
             INSERT INTO proxies VALUES (1, 'the estimate'), (1, 'a deadline');
             UPDATE entries SET state = 'sealed';",
        )
        .expect("v5 data");
    }
    let db = Db::open(&path).expect("upgrade");
    let (rated, argued): (String, String) = db
        .conn()
        .query_row("SELECT rated, argued FROM entries", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("columns");
    assert_eq!(rated, "1:4 5:2", "by need, unrated left out");
    assert_eq!(argued, "the estimate\na deadline", "in the order picked");
    assert!(db.problems().expect("check").is_empty());
    let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 2).expect("day");
    let read = trend_entries(
        db.conn(),
        TrendScope {
            me: 1,
            partner: None,
            from: day,
            to: day,
        },
    )
    .expect("trends");
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].ratings, [(1, 4), (5, 2)]);
    assert_eq!(
        read[0].proxies().collect::<Vec<_>>(),
        ["the estimate", "a deadline"]
    );
}

#[test]
fn the_ratings_column_reads_back_only_in_its_shape() {
    assert_eq!(parse_rated("1:4 12:2"), Some(vec![(1, 4), (12, 2)]));
    assert_eq!(parse_rated(""), Some(vec![]));
    for bad in [
        "1",
        "1:",
        ":4",
        "1:x",
        "-1:4",
        "1:4;2:3",
        "1234567890123456789:1",
    ] {
        assert_eq!(parse_rated(bad), None, "{bad:?}");
    }
}

/// Every stable id in the journal, by table.
fn uids(conn: &Connection) -> Vec<(String, i64, String)> {
    let mut out = Vec::new();
    for table in WITH_UID {
        let mut stmt = conn
            .prepare(&format!("SELECT id, uid FROM {table} ORDER BY id"))
            .expect("query");
        let rows = stmt
            .query_map([], |r| Ok((table.to_owned(), r.get(0)?, r.get(1)?)))
            .expect("rows");
        out.extend(rows.map(|r| r.expect("row")));
    }
    out
}

/// A UUID of the given version (4, random; 7, time first), as SQL writes it.
fn is_uuid(text: &str, version: char) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && text
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
        && parts[2].starts_with(version)
        && parts[3].starts_with(['8', '9', 'a', 'b'])
}

#[test]
fn a_version_3_journal_gets_stable_ids_that_never_change() {
    let (_dir, path) = temp_journal();
    {
        let mut conn = Connection::open(&path).expect("raw");
        migrate_to(&mut conn, 3);
        conn.execute_batch(
            "INSERT INTO people (name, role_id, is_me, created_at) VALUES ('Maya', 1, 1, 'x');
             INSERT INTO people (name, role_id, is_me, created_at) VALUES ('Dev', 2, 0, 'x');
             INSERT INTO retros (title, held_on, kind, revealed_at, created_at, updated_at)
                 VALUES ('Old', '2025-01-02', 'paired', 'x', 'x', 'x');
             INSERT INTO participants VALUES (1, 1), (1, 2);
             INSERT INTO entries (retro_id, person_id, state, created_at, updated_at)
                 VALUES (1, 1, 'revealed', 'x', 'x'), (1, 2, 'revealed', 'x', 'x');
             INSERT INTO addenda (entry_id, body, created_at) VALUES (1, 'Later', 'x');
             INSERT INTO agreements (retro_id, title, owner_id, review_on, created_at)
                 VALUES (1, 'Ship then polish', 1, '2025-01-16', 'x');
             INSERT INTO agreement_status (agreement_id, status, at) VALUES (1, 'open', 'x');",
        )
        .expect("v3 data");
    }
    let db = Db::open(&path).expect("upgrade");
    let first = uids(db.conn());
    assert_eq!(first.len(), 8, "{first:?}");
    for (table, id, uid) in &first {
        assert!(is_uuid(uid, '4'), "{table} {id}: {uid}");
    }
    let distinct: std::collections::BTreeSet<&String> = first.iter().map(|(_, _, u)| u).collect();
    assert_eq!(distinct.len(), first.len());
    drop(db);

    // Reopening keeps them; a new row gets its own; none can be changed.
    let db = Db::open(&path).expect("reopen");
    assert_eq!(uids(db.conn()), first);
    db.conn()
        .execute_batch(
            "INSERT INTO retros (title, held_on, kind, created_at, updated_at)
                 VALUES ('New', '2025-01-09', 'solo', 'x', 'x');",
        )
        .expect("a new retro");
    let new: String = db
        .conn()
        .query_row("SELECT uid FROM retros WHERE title = 'New'", [], |r| {
            r.get(0)
        })
        .expect("uid");
    assert!(is_uuid(&new, '7') && !distinct.contains(&new), "{new}");
    for table in WITH_UID {
        let err = db
            .conn()
            .execute(&format!("UPDATE {table} SET uid = 'mine' WHERE id = 1"), [])
            .expect_err("a uid is final");
        assert!(err.to_string().contains("history_final"), "{table}: {err}");
    }
    let err = db
        .conn()
        .execute("UPDATE addenda SET body = 'Rewritten' WHERE id = 1", [])
        .expect_err("a later note is final");
    assert!(err.to_string().contains("history_final"), "{err}");
    // A row that comes with its id (from a partner, or an import) keeps it.
    db.conn()
        .execute_batch(
            "INSERT INTO retros (title, held_on, kind, created_at, updated_at, uid)
                 VALUES ('Theirs', '2025-01-09', 'paired', 'x', 'x',
                         '0b7e3f8a-2d4c-4e6f-9a1b-3c5d7e9f1a33');",
        )
        .expect("a retro with its id");
    let kept: String = db
        .conn()
        .query_row("SELECT uid FROM retros WHERE title = 'Theirs'", [], |r| {
            r.get(0)
        })
        .expect("uid");
    assert_eq!(kept, "0b7e3f8a-2d4c-4e6f-9a1b-3c5d7e9f1a33");
    assert!(db.problems().expect("check").is_empty());
}

#[test]
fn new_retros_and_entries_get_time_ordered_ids_in_their_own_insert() {
    let mut db = Db::open_in_memory().expect("open");
    one_retro(&mut db, "First");
    std::thread::sleep(std::time::Duration::from_millis(3));
    db.write(|tx| {
        let row = NewRetroRow {
            id: None,
            title: "Second",
            held_on: "2026-11-27".parse().expect("day"),
            kind: RetroKind::Solo,
            revealed_at: None,
            participants: &[1],
            uid: None,
        };
        insert_retro(tx, &row, "now").map(drop)
    })
    .expect("second");
    db.write(|tx| insert_entry(tx, 1, 1, "now").map(drop))
        .expect("entry");
    let uid = |sql: &str| -> String { db.conn().query_row(sql, [], |r| r.get(0)).expect("uid") };
    let (first, second) = (
        uid("SELECT uid FROM retros WHERE title = 'First'"),
        uid("SELECT uid FROM retros WHERE title = 'Second'"),
    );
    let entry = uid("SELECT uid FROM entries");
    for u in [&first, &second, &entry] {
        assert!(is_uuid(u, '7'), "{u}");
        let parts: Vec<&str> = u.split('-').collect();
        let ms = i64::from_str_radix(&format!("{}{}", parts[0], parts[1]), 16).expect("hex");
        let now = chrono::Utc::now().timestamp_millis();
        assert!((now - 60_000..=now).contains(&ms), "{u}: {ms} vs {now}");
    }
    assert!(first < second, "later rows sort later: {first} {second}");
}

#[test]
fn every_row_has_a_uid_and_each_listed_value_is_checked() {
    let db = Db::open_in_memory().expect("open");
    let conn = db.conn();
    // Written without a uid, as an older tool would: the schema gives one.
    conn.execute_batch(
        "INSERT INTO people (name, role_id, is_me, created_at) VALUES ('Maya', 1, 1, 'x');
         INSERT INTO retros (title, held_on, kind, created_at, updated_at)
             VALUES ('Old', '2025-01-02', 'solo', 'x', 'x');
         INSERT INTO participants VALUES (1, 1);
         INSERT INTO entries (retro_id, person_id, created_at, updated_at) VALUES (1, 1, 'x', 'x');
         INSERT INTO agreements (retro_id, title, owner_id, review_on, created_at)
             VALUES (1, 'Ship then polish', 1, '2025-01-16', 'x');
         INSERT INTO agreement_status (agreement_id, status, at) VALUES (1, 'kept', 'x');
         UPDATE entries SET state = 'revealed' WHERE id = 1;
         INSERT INTO addenda (entry_id, body, created_at) VALUES (1, 'Later', 'x');",
    )
    .expect("rows without a uid");
    let given = uids(conn);
    assert_eq!(given.len(), 6, "{given:?}");
    for (table, id, uid) in &given {
        assert!(is_uuid(uid, '7'), "{table} {id}: {uid}");
    }
    // Never without one, even when a program says so.
    for table in WITH_UID {
        let err = conn
            .execute(&format!("UPDATE {table} SET uid = NULL WHERE id = 1"), [])
            .expect_err("a uid stays");
        assert!(err.to_string().contains("history_final"), "{table}: {err}");
    }
    let err = conn
        .execute(
            "INSERT INTO retros (title, held_on, kind, created_at, updated_at, uid)
                 VALUES ('None', '2025-01-09', 'solo', 'x', 'x', NULL)",
            [],
        )
        .expect_err("a retro without a uid");
    assert!(err.to_string().contains("NOT NULL"), "{err}");
    // Each value outside its list is refused; each one in it is taken.
    let entry = |state: &str, stage: &str| {
        conn.execute_batch(
            "INSERT INTO retros (title, held_on, kind, created_at, updated_at)
                 VALUES ('More', '2025-01-09', 'solo', 'x', 'x');
             INSERT INTO participants VALUES (last_insert_rowid(), 1);",
        )?;
        conn.execute(
            "INSERT INTO entries (retro_id, person_id, state, cycle_stage, created_at, updated_at)
                 VALUES ((SELECT max(id) FROM retros), 1, ?1, ?2, 'x', 'x')",
            (state, stage),
        )
    };
    let status = |status: &str| {
        conn.execute(
            "INSERT INTO agreement_status (agreement_id, status, at) VALUES (1, ?1, 'x')",
            [status],
        )
    };
    for state in ["draft", "sealed", "revealed"] {
        entry(state, "notInIt").expect(state);
    }
    for stage in [
        "trigger",
        "frustration",
        "proxyArguments",
        "withdrawal",
        "notInIt",
    ] {
        entry("draft", stage).expect(stage);
    }
    for value in ["open", "kept", "broken", "renegotiated"] {
        status(value).expect(value);
    }
    for refused in [
        entry("lost", "trigger"),
        entry("draft", "anger"),
        entry("Draft", "trigger"),
        status("done"),
        status(""),
    ] {
        let err = refused.expect_err("not in the list");
        assert!(err.to_string().contains("CHECK"), "{err}");
    }
}

#[test]
fn a_table_defined_otherwise_stops_schema_v10_with_nothing_changed() {
    let (_dir, path) = temp_journal();
    let mut conn = Connection::open(&path).expect("raw");
    migrate_to(&mut conn, 9);
    // Another tool wrote the entries' check its own way.
    conn.execute_batch(
        "PRAGMA writable_schema = ON;
         UPDATE sqlite_schema
             SET sql = replace(sql, '''sealed'', ''revealed''', '''sealed'',''revealed''')
             WHERE name = 'entries';
         PRAGMA writable_schema = OFF;",
    )
    .expect("edited");
    let before = schema(&conn);
    assert!(before.iter().any(|s| s.contains("'sealed','revealed'")));
    drop(conn);
    let err = Db::open(&path).err().expect("refused");
    assert!(
        err.to_string()
            .contains("the table entries is not defined as this version expects"),
        "{err}"
    );
    let conn = Connection::open(&path).expect("raw");
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, 9);
    assert_eq!(schema(&conn), before);
}

#[test]
fn a_search_matching_more_than_it_ranks_ranks_the_newest_and_says_so() {
    let mut db = Db::open_in_memory().expect("open");
    one_retro(&mut db, "Oldest");
    let first: chrono::NaiveDate = "2000-01-01".parse().expect("day");
    db.write(|tx| {
        // The oldest entry says it most: ranked first whenever it is ranked.
        let oldest = insert_entry(tx, 1, 1, "now")?;
        tx.execute(
            "INSERT INTO entry_text (rowid, body) VALUES (?1, 'billing billing billing')",
            [oldest],
        )?;
        for n in 0..RANKED_AT_MOST as i64 {
            let row = NewRetroRow {
                id: None,
                title: "Week",
                held_on: first + chrono::Days::new(n as u64 + 1),
                kind: RetroKind::Solo,
                revealed_at: None,
                participants: &[1],
                uid: None,
            };
            let retro = insert_retro(tx, &row, "now")?;
            let entry = insert_entry(tx, retro, 1, "now")?;
            tx.execute(
                "INSERT INTO entry_text (rowid, body) VALUES (?1, 'billing, and a long sentence about other things')",
                [entry],
            )?;
        }
        Ok::<(), StoreError>(())
    })
    .expect("journal");
    let search = |from: Option<chrono::NaiveDate>, to: Option<chrono::NaiveDate>| {
        person_entries(
            db.conn(),
            1,
            &EntryFilter {
                matching: Some("billing"),
                from,
                to,
                limit: Some(10),
                ..EntryFilter::default()
            },
        )
        .expect("search")
    };
    let everything = search(None, None);
    assert_eq!(everything.ranked_newest, Some(RANKED_AT_MOST as u32));
    assert_eq!(everything.items.len(), 10);
    assert!(
        everything.items.iter().all(|i| i.title == "Week"),
        "the oldest match is beyond the newest ranked"
    );
    // Dates reach back to it.
    let early = search(Some("2026-01-01".parse().expect("day")), None);
    assert_eq!(early.ranked_newest, None, "one match: all of it ranked");
    assert_eq!(early.items[0].title, "Oldest");
    assert!(early.items[0]
        .snippet
        .as_deref()
        .is_some_and(|s| s.contains("billing")));
}

#[test]
fn a_journal_gathers_statistics_for_the_planner_when_opened_and_closed() {
    let (_dir, path) = temp_journal();
    let mut db = Db::open(&path).expect("open");
    one_retro(&mut db, "First");
    db.write(|tx| {
        tx.execute(
            "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO retros (id, title, held_on, kind, created_at, updated_at)
             SELECT i, 'Week', date('2000-01-01', '+' || i || ' days'), 'solo', 'now', 'now' FROM n",
            [],
        )?;
        Ok::<(), StoreError>(())
    })
    .expect("retros");
    drop(db);
    let db = Db::open(&path).expect("reopen");
    let analyzed: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'retros'",
            [],
            |r| r.get(0),
        )
        .expect("statistics");
    assert!(analyzed > 0, "the retros table has statistics");
}
