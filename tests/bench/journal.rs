//! `make bench`: times the journal operations people wait on, on a real
//! journal file generated here: ten years of weekly solo entries (520).
//! Prints a Markdown table of medians. Nothing here asserts on time.

use std::time::{Duration, Instant};

use retro_companion::journal::{
    EntryContent, EntryQuery, Journal, NeedRating, NewRetro, RoleChoice,
};

const WEEKS: i64 = 520;
const WORDS: &[&str] = &[
    "billing",
    "release",
    "estimate",
    "customer",
    "outage",
    "roadmap",
    "deadline",
    "refactor",
    "migration",
    "onboarding",
    "latency",
    "dashboard",
    "contract",
    "renewal",
    "pager",
    "tests",
    "review",
    "scope",
    "launch",
    "import",
    "export",
    "search",
    "budget",
    "hiring",
    "sprint",
    "promise",
    "quality",
    "debt",
    "pace",
    "trust",
];

/// Deterministic filler text, so every run measures the same journal.
fn sentence(seed: i64, len: usize) -> String {
    let mut x = seed as u64 * 6364136223846793005 + 1442695040888963407;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            WORDS[(x >> 33) as usize % WORDS.len()]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

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

fn row(what: &str, d: Duration) {
    println!("| {what} | {:.2} ms |", d.as_secs_f64() * 1000.0);
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("journal.sqlite3");
    let mut j = Journal::open(&path).expect("journal");
    j.set_me("Maya", &RoleChoice::Existing { id: 1 })
        .expect("me");
    let start = chrono::NaiveDate::from_ymd_opt(2016, 11, 7).expect("date");
    let generated = Instant::now();
    let mut last = 0;
    for week in 0..WEEKS {
        let day = start + chrono::Duration::weeks(week);
        let retro = NewRetro {
            title: format!("Week {}", week + 1),
            held_on: day.to_string(),
            partner: None,
        };
        last = j.create_retro(&retro).expect("retro").id;
        j.save_entry(last, &entry(week)).expect("entry");
        j.seal_entry(last).expect("seal");
    }
    let generated = generated.elapsed();
    drop(j);

    println!(
        "Journal: {WEEKS} weekly solo entries (10 years), {} KiB on disk, generated in {:.1} s.\n",
        std::fs::metadata(&path)
            .map(|m| m.len() / 1024)
            .unwrap_or(0),
        generated.as_secs_f64()
    );
    println!("| operation (median) | time |\n| --- | --- |");
    row(
        "open the journal (migrations checked)",
        time(20, || Journal::open(&path).expect("open")),
    );
    let mut j = Journal::open(&path).expect("open");
    row("list every retro", time(50, || j.retros().expect("list")));
    row(
        "open one retro's entries",
        time(200, || j.entries(last).expect("entries")),
    );
    let draft = j
        .create_retro(&NewRetro {
            title: "Draft".into(),
            held_on: "2026-11-23".into(),
            partner: None,
        })
        .expect("draft")
        .id;
    let mut n = 0;
    row(
        "save an entry (one autosave, fsync'd)",
        time(200, || {
            n += 1;
            j.save_entry(draft, &entry(n)).expect("save")
        }),
    );
    let q = |text: &str| EntryQuery {
        text: text.into(),
        ..EntryQuery::default()
    };
    row(
        "search one word (\"billing\")",
        time(100, || j.my_entries(&q("billing")).expect("search")),
    );
    row(
        "search a prefix of two words (\"cust rene\")",
        time(100, || j.my_entries(&q("cust rene")).expect("search")),
    );
    row(
        "search a word in one year",
        time(100, || {
            j.my_entries(&EntryQuery {
                from: Some("2020-01-01".into()),
                to: Some("2020-12-31".into()),
                ..q("outage")
            })
            .expect("search")
        }),
    );
    row(
        "list all my entries (no search text)",
        time(50, || j.my_entries(&EntryQuery::default()).expect("all")),
    );
}
