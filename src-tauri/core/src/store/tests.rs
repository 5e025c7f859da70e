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
        Migrations::new(vec![M::up(include_str!("schema_v1.sql"))])
            .to_latest(&mut conn)
            .expect("v1");
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
    db.backup_to(&copy).expect("backup");
    assert!(!dir.path().join("copy.partial").exists());

    db.write(|tx| delete_retro(tx, 1).map(drop))
        .expect("delete");
    assert!(retros(db.conn(), RetroScope::All).expect("list").is_empty());
    let safety = dir.path().join("before-restore.sqlite3");
    db.restore_from(&copy, &safety).expect("restore");
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
        db.restore_from(&junk, &safety),
        Err(StoreError::Corrupt { .. })
    ));
    let newer = dir.path().join("newer.sqlite3");
    Connection::open(&newer)
        .expect("newer")
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("v");
    assert!(matches!(
        db.restore_from(&newer, &safety),
        Err(StoreError::NewerVersion { .. })
    ));
    let other = dir.path().join("other.sqlite3");
    Connection::open(&other)
        .expect("other")
        .execute_batch("CREATE TABLE notes (x)")
        .expect("other");
    assert!(matches!(
        db.restore_from(&other, &safety),
        Err(StoreError::Corrupt { .. })
    ));
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
        assert!(daily_backup(&path, today).expect("daily").is_some());
        assert!(
            daily_backup(&path, today).expect("again").is_none(),
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
