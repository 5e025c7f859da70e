//! `make bench`: times the operations people wait on, on real journal files:
//! the seeded ten years of weekly paired retros the tests use too (520
//! retros, 1,040 entries, a deal most weeks; `retro_core::fixtures`), the
//! same ten years with each of eight partners (4,160 retros), and a stress
//! journal of 100,000 retros. Prints a Markdown table of medians, then the
//! whole-range Markdown export of the ten years beside jrnl's on the same
//! text, when jrnl is installed. Nothing here asserts on time.

use std::path::Path;
use std::time::{Duration, Instant};

use retro_core::export::{json, markdown, MarkdownRequest};
use retro_core::fixtures;
use retro_core::journal::{
    EntryContent, EntryQuery, Id, Journal, NeedRating, NewRetro, PartnerChoice, RoleChoice,
    TrendsQuery,
};

use fixtures::{sentence, WEEKS};

fn entry(week: i64) -> EntryContent {
    EntryContent {
        ratings: (1..=6)
            .map(|n| NeedRating {
                need_id: n,
                rating: Some((week + n) % 5 + 1),
                note: sentence(week * 7 + n, 6),
            })
            .collect(),
        top_need_id: Some(week % 6 + 1),
        unsaid: format!("I need {}", sentence(week, 12)),
        position: sentence(week + 1, 20),
        concern: sentence(week + 2, 20),
        proxies: vec!["estimate".into(), "deadline".into()],
        offer: sentence(week + 3, 15),
        ask: sentence(week + 4, 15),
        private_notes: sentence(week + 5, 40),
        ..EntryContent::default()
    }
}

fn paired_entry(week: i64, side: i64) -> EntryContent {
    EntryContent {
        guesses: vec![(week + side) % 6 + 1],
        ..entry(week * 2 + side)
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

const AT: &str = "2026-11-24T00:00:00.000Z";

/// Maya's journal, onboarded, with Dev as a partner.
fn start(path: &Path) -> (Journal, Id) {
    let mut j = fixtures::kept_by(Some(path), "Maya", 1);
    let dev = j
        .add_partner("Dev", &RoleChoice::Existing { id: 2 })
        .expect("dev")
        .id;
    (j, dev)
}

/// One whole 1:1 through the journal API: both write and seal, reveal.
fn one_to_one(j: &mut Journal, dev: Id, week: i64, day: chrono::NaiveDate, reveal: bool) -> Id {
    let r = j
        .create_retro(&NewRetro {
            title: format!("Week {} with Dev", week + 1),
            held_on: day.to_string(),
            partner: Some(PartnerChoice::Existing { id: dev }),
        })
        .expect("retro");
    fixtures::both_sealed(j, &r, &paired_entry(week, 0), &paired_entry(week, 1));
    if reveal {
        j.reveal(r.id).expect("reveal");
    }
    r.id
}

/// 100,000 solo retros, each with a sealed entry, written in one transaction
/// straight into the schema (the journal API commits, and fsyncs, each save).
fn stress(path: &Path, retros: i64) {
    let (j, _) = start(path);
    drop(j);
    let mut conn = rusqlite::Connection::open(path).expect("raw");
    let tx = conn.transaction().expect("tx");
    let first = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).expect("date");
    {
        let mut retro = tx
            .prepare("INSERT INTO retros (id, title, held_on, kind, created_at, updated_at) VALUES (?1, ?2, ?3, 'solo', ?4, ?4)")
            .expect("sql");
        let mut participant = tx
            .prepare("INSERT INTO participants VALUES (?1, 1)")
            .expect("sql");
        let mut insert_entry = tx
            .prepare("INSERT INTO entries (id, retro_id, person_id, created_at, updated_at, top_need_id, unsaid, position, concern) VALUES (?1, ?1, 1, ?2, ?2, ?3, ?4, ?5, ?6)")
            .expect("sql");
        let mut rating = tx
            .prepare("INSERT INTO ratings VALUES (?1, ?2, ?3, ?4)")
            .expect("sql");
        let mut proxy = tx
            .prepare("INSERT INTO proxies (entry_id, tag) VALUES (?1, ?2)")
            .expect("sql");
        let mut text = tx
            .prepare("INSERT INTO entry_text (rowid, body) VALUES (?1, ?2)")
            .expect("sql");
        for i in 0..retros {
            let id = i + 1;
            let day = first + chrono::Duration::days(i / 8);
            let c = entry(i);
            retro
                .execute(rusqlite::params![id, format!("Retro {id}"), day, AT])
                .expect("retro");
            participant.execute([id]).expect("participant");
            insert_entry
                .execute(rusqlite::params![
                    id,
                    AT,
                    c.top_need_id,
                    c.unsaid,
                    c.position,
                    c.concern
                ])
                .expect("entry");
            for r in &c.ratings {
                rating
                    .execute(rusqlite::params![id, r.need_id, r.rating, r.note])
                    .expect("rating");
            }
            for tag in &c.proxies {
                proxy.execute(rusqlite::params![id, tag]).expect("proxy");
            }
            text.execute(rusqlite::params![
                id,
                format!("{} · {} · {}", c.unsaid, c.position, c.concern)
            ])
            .expect("fts");
        }
    }
    // The journal keeps each entry's ratings and tags in a column each for
    // its memory (schema v6), written with them; written here the same way.
    tx.execute_batch(
        "UPDATE entries SET
             rated = ifnull((
                 SELECT group_concat(need_id || ':' || rating, ' ' ORDER BY need_id)
                 FROM ratings WHERE entry_id = entries.id AND rating IS NOT NULL), ''),
             argued = ifnull((
                 SELECT group_concat(tag, char(10) ORDER BY rowid)
                 FROM proxies WHERE entry_id = entries.id), '')",
    )
    .expect("rated and argued");
    tx.execute("UPDATE entries SET state = 'sealed', sealed_at = ?1", [AT])
        .expect("seal");
    tx.commit().expect("commit");
}

/// The same operations on one journal; a column of the table.
fn measure(path: &Path, paired: Id, dev: Id, runs: usize) -> Vec<Duration> {
    let mut out = Vec::new();
    out.push(time(20, || Journal::open(path).expect("open")));
    let mut j = Journal::open(path).expect("open");
    out.push(time(50, || j.retro_page(None, 50).expect("page")));
    out.push(time(100, || {
        (
            j.retro(paired).expect("retro"),
            j.entries(paired).expect("entries"),
            j.comparison(paired).expect("comparison"),
        )
    }));
    let draft = j
        .create_retro(&NewRetro {
            title: "Draft".into(),
            held_on: "2026-11-23".into(),
            partner: None,
        })
        .expect("draft")
        .id;
    let mut n = 0;
    out.push(time(100, || {
        n += 1;
        j.save_entry(draft, &entry(n)).expect("save")
    }));
    // Each reveal needs a retro both have sealed: write them first, untimed.
    let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 4).expect("date");
    let ready: Vec<Id> = (0..21)
        .map(|w| one_to_one(&mut j, dev, w, day, false))
        .collect();
    let mut ready = ready.into_iter();
    out.push(time(21, || {
        j.reveal(ready.next().expect("sealed retro"))
            .expect("reveal")
    }));
    let request = MarkdownRequest::Retro {
        id: paired,
        include_private: false,
    };
    out.push(time(100, || markdown(&j, &request, AT).expect("markdown")));
    let everything = MarkdownRequest::Range {
        from: chrono::NaiveDate::from_ymd_opt(1, 1, 1).expect("date"),
        to: chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("date"),
        include_private: false,
    };
    let dir = tempfile::tempdir().expect("dir");
    let document = dir.path().join("retros.md");
    out.push(time(runs, || {
        markdown::save(&j, &everything, &document, AT).expect("markdown")
    }));
    let exported = dir.path().join("journal.json");
    out.push(time(runs, || {
        json::save(&j, true, AT, &exported).expect("export")
    }));
    let mut k = 0;
    out.push(time(runs, || {
        k += 1;
        let mut target =
            Journal::open(&dir.path().join(format!("import-{k}.sqlite3"))).expect("target");
        json::import_file(&mut target, &exported, &mut |_, _| Ok(())).expect("import")
    }));
    let q = |text: &str| EntryQuery {
        text: text.into(),
        limit: Some(20),
        ..EntryQuery::default()
    };
    out.push(time(runs * 2, || {
        j.journal_page(&q("billing")).expect("search")
    }));
    out.push(time(runs * 2, || {
        j.journal_page(&q("cust rene")).expect("search")
    }));
    let list = |after| EntryQuery {
        limit: Some(50),
        after,
        ..EntryQuery::default()
    };
    out.push(time(runs * 2, || {
        j.journal_page(&list(None)).expect("page")
    }));
    let deep = {
        // A page far down the list: the cursor of the 10th page.
        let mut after = None;
        for _ in 0..10 {
            after = j.journal_page(&list(after)).expect("page").next;
        }
        after
    };
    out.push(time(runs * 2, || {
        j.journal_page(&list(deep.clone())).expect("page")
    }));
    let mine = TrendsQuery::default();
    out.push(time(runs * 2, || j.trends(&mine).expect("trends")));
    // Over time opens on the last year: here, the year up to the last week.
    let year = TrendsQuery {
        from: Some(fixtures::week_day(WEEKS - 1) - chrono::Months::new(12)),
        ..TrendsQuery::default()
    };
    out.push(time(runs * 2, || j.trends(&year).expect("trends")));
    let pair = TrendsQuery {
        partner_id: Some(dev),
        ..TrendsQuery::default()
    };
    out.push(time(runs * 2, || j.trends(&pair).expect("trends")));
    out.push(time(runs * 2, || {
        j.since_last_time(paired).expect("since last time")
    }));
    out
}

/// Sealing and opening an envelope for a partner, of an entry whose longest
/// field is at the editor's limit of 20,000 characters (`MAX_FIELD`).
fn envelopes() -> (Duration, Duration) {
    use retro_core::export::envelope::{read, seal, Label, PersonLabel, RetroLabel};
    let person = |id: &str, name: &str| PersonLabel {
        id: id.into(),
        name: name.into(),
        role: "product".into(),
    };
    let label = Label {
        retro: RetroLabel {
            id: "0b7e3f8a-2d4c-4e6f-9a1b-3c5d7e9f1a33".into(),
            title: "Week 12".into(),
            held_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("day"),
        },
        writer: person("a6a1a7d2-0c1e-4f5e-9a3b-5d2f0e1c7b11", "Maya"),
        partner: person("5f0b9c44-7e2a-4d8b-8c1f-2a9e6d3b4c22", "Dev"),
    };
    let mut content = entry(1);
    content.position = sentence(7, 4_000)
        .chars()
        .take(retro_core::journal::MAX_FIELD)
        .collect();
    content.private_notes.clear();
    let payload = serde_json::to_vec(&content).expect("json");
    let sealed = seal(&label, &payload).expect("seal");
    let sealing = time(50, || seal(&label, &payload).expect("seal"));
    let opening = time(50, || {
        read(&sealed.text)
            .expect("read")
            .open(&sealed.key)
            .expect("open")
    });
    (sealing, opening)
}

const STRESS: i64 = 100_000;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let small = dir.path().join("ten-years.sqlite3");
    let generated = Instant::now();
    let t = fixtures::ten_years(Some(&small));
    let (dev, last) = (t.dev, *t.retros.last().expect("a retro"));
    drop(t);
    let small_took = generated.elapsed();
    // Written where syncs are free when the machine has such a place, then
    // copied beside the others: the journal is the same, its making quicker.
    let heavy = dir.path().join("heavy.sqlite3");
    let generated = Instant::now();
    let (heavy_dev, heavy_last) = {
        let scratch = tempfile::tempdir_in("/dev/shm")
            .or_else(|_| tempfile::tempdir())
            .expect("dir");
        let made = scratch.path().join("heavy.sqlite3");
        let t = fixtures::heavy(Some(&made));
        let ids = (t.dev, *t.retros.last().expect("a retro"));
        drop(t);
        std::fs::copy(&made, &heavy).expect("copy the heavy journal");
        ids
    };
    let heavy_took = generated.elapsed();
    let big = dir.path().join("stress.sqlite3");
    let generated = Instant::now();
    // BENCH_STRESS makes the stress journal smaller, for a quick check of this file.
    let stress_size = std::env::var("BENCH_STRESS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(STRESS);
    stress(&big, stress_size);
    // BENCH_KEEP names a folder that keeps a copy of each journal, for timing
    // the command line and the window on them from outside.
    if let Some(keep) = std::env::var_os("BENCH_KEEP") {
        let keep = Path::new(&keep);
        std::fs::create_dir_all(keep).expect("make the folder to keep journals in");
        for made in [&small, &heavy, &big] {
            let name = made.file_name().expect("a file name");
            std::fs::copy(made, keep.join(name)).expect("keep a journal");
        }
    }
    // The stress journal gets one revealed 1:1 to open, export and compare.
    let (big_paired, big_dev) = {
        let mut j = Journal::open(&big).expect("open");
        let dev = j.partners().expect("partners")[0].id;
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        (one_to_one(&mut j, dev, 7, day, true), dev)
    };
    let big_took = generated.elapsed();
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len() / 1024).unwrap_or(0);
    println!(
        "Journals: ten years of weekly paired retros ({WEEKS} retros, {} entries; {} KiB, generated through the API in {:.1} s), the same with eight partners ({} retros; {} KiB, {:.1} s) and a stress journal of {stress_size} retros ({} KiB, generated in {:.1} s).\n",
        WEEKS * 2,
        size(&small),
        small_took.as_secs_f64(),
        WEEKS * 8,
        size(&heavy),
        heavy_took.as_secs_f64(),
        size(&big),
        big_took.as_secs_f64()
    );
    let (seal_took, open_took) = envelopes();
    println!(
        "A 20,000-character entry (one field at its limit, the rest filled) sealed into an envelope: {}; read and opened with its code: {}.\n",
        ms(seal_took),
        ms(open_took)
    );
    let a = measure(&small, last, dev, 10);
    let h = measure(&heavy, heavy_last, heavy_dev, 5);
    let b = measure(&big, big_paired, big_dev, 3);
    let names = [
        "open the journal (migrations checked)",
        "list a page (50 retros)",
        "open a revealed retro (retro, entries, comparison)",
        "save an entry (one autosave, fsync'd)",
        "reveal together",
        "export one retro to Markdown",
        "export every revealed retro to Markdown (one document, streamed to a file)",
        "export everything to JSON (streamed to a file)",
        "import everything from JSON (into an empty journal)",
        "search one word (\"billing\"), first page of 20, ranked, with snippets",
        "search a prefix of two words (\"cust rene\"), first page of 20",
        "My journal, first page of 50",
        "My journal, the 11th page of 50",
        "trends and patterns, my own entries",
        "the same over the last year (the window's first view)",
        "trends and patterns, the pair (me and Dev)",
        "what a retro with Dev opens with (the pair's patterns, the last retro, deals to review)",
    ];
    println!(
        "| operation (median) | {WEEKS} paired retros | {} retros, 8 partners | {stress_size} retros |\n| --- | --- | --- | --- |",
        WEEKS * 8
    );
    for (i, name) in names.iter().enumerate() {
        println!("| {name} | {} | {} | {} |", ms(a[i]), ms(h[i]), ms(b[i]));
    }
    println!(
        "\nSize on disk: {} bytes a retro (ten years), {} (eight partners), {} (stress).",
        size(&small) * 1024 / WEEKS as u64,
        size(&heavy) * 1024 / (WEEKS as u64 * 8),
        size(&big) * 1024 / stress_size as u64
    );
    beside_jrnl(&small, dir.path());
}

/// The whole-range Markdown export of the ten years, by the command line,
/// beside jrnl exporting the same text (each retro's entries as one jrnl
/// entry) to Markdown: both whole processes, medians of ten runs.
fn beside_jrnl(journal: &Path, dir: &Path) {
    use std::process::{Command, Stdio};
    let ours = retro_companion_tests::target_dir().join("release/retro-companion");
    if Command::new("jrnl").arg("--version").output().is_err() || !ours.exists() {
        println!("\n(jrnl or the release command line is missing: no comparison.)");
        return;
    }
    let j = Journal::open(journal).expect("open");
    let mut text = String::new();
    for r in j.retros().expect("retros").iter().rev() {
        text.push_str(&format!("[{} 10:00:00 AM] {}\n", r.held_on, r.title));
        for e in j.entries(r.id).expect("entries") {
            if let Some(c) = e.content {
                text.push_str(&format!(
                    "{}: {}\n{}\n{}\n{}\n{}\n",
                    e.person.name, c.unsaid, c.position, c.concern, c.offer, c.ask
                ));
                for rating in c.ratings {
                    text.push_str(&format!("- {}\n", rating.note));
                }
            }
        }
        text.push('\n');
    }
    drop(j);
    let plain = dir.join("jrnl.txt");
    std::fs::write(&plain, &text).expect("jrnl journal");
    let config = dir.join("jrnl.yaml");
    std::fs::write(
        &config,
        format!(
            "colors: {{body: none, date: none, tags: none, title: none}}\ndefault_hour: 10\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\nindent_character: '|'\njournals:\n  default:\n    journal: {}\nlinewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.2\n",
            plain.display()
        ),
    )
    .expect("jrnl config");
    let run = |cmd: &mut Command| {
        let start = Instant::now();
        let done = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run");
        assert!(done.success(), "{cmd:?}");
        start.elapsed()
    };
    let jrnl = median(
        (0..10)
            .map(|_| {
                run(Command::new("jrnl")
                    .arg("--config-file")
                    .arg(&config)
                    .args(["--format", "markdown"]))
            })
            .collect(),
    );
    let export = median(
        (0..10)
            .map(|_| {
                run(Command::new(&ours).arg("--journal").arg(journal).args([
                    "export",
                    "--format",
                    "md",
                    "--from",
                    "1900-01-01",
                    "--to",
                    "2100-01-01",
                ]))
            })
            .collect(),
    );
    println!(
        "\nThe ten years' whole-range Markdown export, as whole processes: retro-companion {}, jrnl {} ({:.1} times as fast).",
        ms(export),
        ms(jrnl),
        jrnl.as_secs_f64() / export.as_secs_f64()
    );
}
