//! The journal's memory on the command line: the trends report for me and
//! for a pair, as Markdown and as JSON, and clear refusals with the exit
//! codes the README defines.

use retro_companion_tests::{run_on as run, temp_journal};
use retro_core::fixtures;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn trends_for_me_and_for_the_pair_and_clear_refusals() {
    let (_dir, path) = temp_journal();
    drop(fixtures::ten_years(Some(&path)));

    let pair = run(
        &path,
        &["trends", "--partner", "dev", "--from", "2026-06-01"],
    );
    assert!(pair.status.success(), "{}", text(&pair.stderr));
    let md = text(&pair.stdout);
    assert!(
        md.starts_with("---\ntitle: \"Over time: Maya and Dev\""),
        "{md}"
    );
    assert!(
        md.contains("```mermaid\nxychart-beta\n"),
        "a chart per need"
    );
    assert!(
        md.contains("| Date | Retro | Maya | Dev |"),
        "and its table"
    );
    assert!(
        md.contains(
            "You both rated sustainability 2 or lower in 3 of your last 5 retros together."
        ),
        "the patterns with their evidence"
    );

    let out = path.with_file_name("trends.json");
    let json = run(
        &path,
        &[
            "trends",
            "--format",
            "json",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(json.status.success(), "{}", text(&json.stderr));
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("json");
    assert_eq!(file["format"], "retro-companion-trends");
    assert_eq!(file["version"], 2);
    assert_eq!(
        file["people"].as_array().map(Vec::len),
        Some(1),
        "my own view"
    );
    assert_eq!(file["retros"].as_array().map(Vec::len), Some(520));
    // Grids: one row a person, one cell a retro, at most as long as the axis.
    let mine = &file["needs"][0]["ratings"][0];
    let cells = mine.as_array().map_or(0, Vec::len);
    assert!(cells > 400 && cells <= 520, "{cells} cells");
    assert!(mine
        .as_array()
        .expect("a row")
        .iter()
        .all(|r| r.is_null() || r.as_i64().is_some_and(|r| (1..=5).contains(&r))));
    assert_eq!(
        file["heard"].as_array().map(Vec::len),
        Some(1),
        "one row: mine"
    );
    assert_eq!(file["rules"]["unmetAtMost"], 2);

    let nobody = run(&path, &["trends", "--partner", "Sam"]);
    assert_eq!(nobody.status.code(), Some(1));
    assert!(
        text(&nobody.stderr).contains("There is no partner called \"Sam\". The partners are: Dev."),
        "{}",
        text(&nobody.stderr)
    );
    let backwards = run(
        &path,
        &["trends", "--from", "2026-06-01", "--to", "2026-01-01"],
    );
    assert_eq!(backwards.status.code(), Some(1));
    assert!(text(&backwards.stderr).contains("Swap the two dates"));
    let not_a_date = run(&path, &["trends", "--from", "2026-02-30"]);
    assert_eq!(
        not_a_date.status.code(),
        Some(2),
        "the command line was not understood"
    );
}
