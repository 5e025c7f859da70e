//! Shared helpers for the journey and e2e tests.

use std::path::PathBuf;

/// A fresh journal path inside its own temporary folder; the folder is
/// removed when the returned guard drops.
pub fn temp_journal() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("journal.sqlite3");
    (dir, path)
}

/// The workspace's `target/` folder (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

use retro_core::fixtures;
use retro_core::journal::{
    AgreementInput, Commitment, EntryContent, Journal, NewRetro, PartnerChoice, Retro, RoleChoice,
};

/// Maya's journal at `path` with one 1:1 with Dev, held on `held_on`: both
/// write (`mine`, then `his` on Dev's turn), seal, and reveal together, and
/// Dev owns one deal, "Cleanup day", that serves sustainability.
pub fn revealed_one_to_one(
    path: &std::path::Path,
    title: &str,
    held_on: &str,
    mine: &EntryContent,
    his: &EntryContent,
) -> (Journal, Retro) {
    let mut j = fixtures::kept_by(Some(path), "Maya", 1);
    let new = NewRetro {
        title: title.into(),
        held_on: held_on.into(),
        partner: Some(PartnerChoice::New {
            name: "Dev".into(),
            role: RoleChoice::Existing { id: 2 },
        }),
    };
    let r = fixtures::revealed(&mut j, &new, mine, his);
    let dev = r.participants[1].person.id;
    j.add_agreement(
        r.id,
        &AgreementInput {
            title: "Cleanup day".into(),
            commitments: vec![Commitment {
                person_id: dev,
                body: "Book it".into(),
            }],
            need_ids: vec![5],
            owner_id: dev,
            review_on: "2026-12-04".into(),
        },
    )
    .expect("deal");
    let r = j.retro(r.id).expect("revealed");
    (j, r)
}

/// The real command line, as `make build-debug` leaves it: the binary that
/// never loads the window's libraries.
pub fn binary() -> PathBuf {
    target_dir().join("debug/retro-companion")
}

/// A command line for [`binary`], with no journal chosen through the environment.
pub fn cli() -> std::process::Command {
    let mut command = std::process::Command::new(binary());
    command.env_remove("RETRO_COMPANION_JOURNAL");
    command
}

/// Runs the binary on the journal at `journal` with `args`, and returns what it did.
pub fn run_on(journal: &std::path::Path, args: &[&str]) -> std::process::Output {
    cli()
        .arg("--journal")
        .arg(journal)
        .args(args)
        .output()
        .expect("run the binary (cargo build -p retro-companion first)")
}

/// Maya's new journal at `maya`, which knows Dev as a partner, with a retro
/// on two laptops with him, "Week 12"; returns the retro's id as the
/// command line prints it.
pub fn maya_with_a_remote_retro(maya: &std::path::Path) -> String {
    let init = run_on(maya, &["init", "--name", "Maya", "--role", "product"]);
    assert!(init.status.success(), "{init:?}");
    let args = ["new", "--title", "Week 12", "--date", "2026-11-23"];
    // Without a role, a partner the journal lacks is refused, and the
    // message says how to add one.
    let unknown = run_on(
        maya,
        &[&args[..], &["--partner", "Dev", "--remote"]].concat(),
    );
    assert_eq!(unknown.status.code(), Some(1), "{unknown:?}");
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("--partner-role"),
        "{unknown:?}"
    );
    let new = run_on(
        maya,
        &[
            &args[..],
            &[
                "--partner",
                "Dev",
                "--partner-role",
                "engineering",
                "--remote",
            ],
        ]
        .concat(),
    );
    assert!(new.status.success(), "{new:?}");
    // Known now, by any case, with the role it has.
    let again = run_on(maya, &["new", "--title", "Later", "--partner", "dev"]);
    assert!(again.status.success(), "{again:?}");
    let mut j = retro_core::journal::Journal::open(maya).expect("open");
    let partners = j.partners().expect("partners");
    assert_eq!(partners.len(), 1, "{partners:?}");
    assert_eq!(partners[0].role.name, "Engineering");
    let later = String::from_utf8_lossy(&again.stdout)
        .trim()
        .parse()
        .expect("id");
    j.delete_retro(later).expect("only the one retro stays");
    String::from_utf8_lossy(&new.stdout).trim().to_owned()
}

/// Turns the current journal at `path` into one a version-3 build wrote:
/// version 4 added the two columns that count wrong PINs, version 5 the
/// table of pattern cards set aside, version 6 each entry's ratings and
/// tags as trends read them, with their index, version 7 the stable ids,
/// version 8 the tables of a 1:1 on two laptops, version 9 the 1:1
/// schedules, version 10 the uids from the columns' defaults (their
/// triggers went then; the checks it wrote in place stay, and the
/// migration takes them as they are).
pub fn make_version_3(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).expect("raw");
    conn.execute_batch(
        "DROP TABLE schedules;
         DROP TABLE envelopes;
         DROP TABLE known_as;
         DROP TABLE remote_retros;
         DROP TRIGGER addenda_final;
         DROP TRIGGER people_uid_final;
         DROP INDEX people_uid;
         ALTER TABLE people DROP COLUMN uid;
         DROP TRIGGER retros_uid_final;
         DROP INDEX retros_uid;
         ALTER TABLE retros DROP COLUMN uid;
         DROP TRIGGER entries_uid_final;
         DROP INDEX entries_uid;
         ALTER TABLE entries DROP COLUMN uid;
         DROP TRIGGER agreements_uid_final;
         DROP INDEX agreements_uid;
         ALTER TABLE agreements DROP COLUMN uid;
         DROP INDEX addenda_uid;
         ALTER TABLE addenda DROP COLUMN uid;
         DROP TRIGGER agreement_status_uid_final;
         DROP INDEX agreement_status_uid;
         ALTER TABLE agreement_status DROP COLUMN uid;
         CREATE TRIGGER addenda_final BEFORE UPDATE ON addenda
         BEGIN SELECT RAISE(ABORT, 'history_final'); END;
         DROP INDEX entries_trend;
         ALTER TABLE entries DROP COLUMN rated;
         ALTER TABLE entries DROP COLUMN argued;
         DROP TABLE set_aside;
         ALTER TABLE people DROP COLUMN pin_failures;
         ALTER TABLE people DROP COLUMN pin_wait_until;
         PRAGMA user_version = 3;",
    )
    .expect("back to version 3");
}

/// Maya's journal with `retros` solo retros, eight a day from 1990 on, each
/// with a sealed entry whose sentence mentions billing, a date or the team:
/// written straight into the schema in a few set-based statements, so even
/// 100,000 of them take seconds in a debug build.
pub fn large_journal(path: &std::path::Path, retros: i64) {
    drop(retro_core::fixtures::kept_by(Some(path), "Maya", 1));
    let mut conn = rusqlite::Connection::open(path).expect("raw journal");
    let tx = conn.transaction().expect("tx");
    tx.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO retros (id, title, held_on, kind, created_at, updated_at)
         SELECT i, 'Week ' || i, date('1990-01-01', '+' || ((i - 1) / 8) || ' days'), 'solo',
                '2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z'
         FROM n",
        [retros],
    )
    .expect("retros");
    tx.execute_batch(
        "INSERT INTO participants (retro_id, person_id) SELECT id, 1 FROM retros;
         INSERT INTO entries (id, retro_id, person_id, created_at, updated_at, top_need_id,
                              unsaid, position, concern, state, sealed_at)
         SELECT id, id, 1, created_at, created_at, 1 + id % 6,
                CASE id % 3 WHEN 0 THEN 'I need the billing date to hold, week ' || id
                            WHEN 1 THEN 'I need a date I can repeat to sales, week ' || id
                            ELSE 'I need the team to hear me early, week ' || id END,
                'Ship the importer in week ' || id, 'The customer renews soon',
                'sealed', created_at
         FROM retros;
         INSERT INTO entry_text (rowid, body)
         SELECT id, unsaid || ' · ' || position || ' · ' || concern FROM entries;",
    )
    .expect("entries");
    tx.commit().expect("commit");
}
