//! The journal's memory as a document: Markdown for the team's retro doc
//! (a Mermaid chart and the same numbers as a table for each need, then the
//! patterns with their evidence), and versioned JSON for programs
//! (documented in `docs/trends-format.md`).

use std::fmt::Write;

use serde::Serialize;

use super::markdown::{front_matter, inline, stage_name};
use crate::journal::{NeedTrend, Trends};

/// The `format` of a trends file.
pub const FORMAT: &str = "retro-companion-trends";
/// The version of the trends format this build writes.
pub const VERSION: u32 = 2;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrendsFile<'a> {
    format: &'a str,
    version: u32,
    exported_at: &'a str,
    app_version: &'a str,
    #[serde(flatten)]
    trends: &'a Trends,
}

/// The memory as pretty-printed JSON, with a final newline.
pub fn json(t: &Trends, exported_at: &str) -> String {
    let file = TrendsFile {
        format: FORMAT,
        version: VERSION,
        exported_at,
        app_version: env!("CARGO_PKG_VERSION"),
        trends: t,
    };
    // Plain data with string keys: this cannot fail.
    let mut s = serde_json::to_string_pretty(&file).expect("trends serialise");
    s.push('\n');
    s
}

/// Writes the memory as Markdown to `path`, whole or not at all.
pub fn save(t: &Trends, path: &std::path::Path, exported_at: &str) -> crate::journal::Result<()> {
    super::write_atomically(path, markdown(t, exported_at).as_bytes())
        .map_err(|e| crate::journal::JournalError::write(path, e))
}

/// The default file name: `YYYY-MM-DD-over-time-<names>.md`, dated `today`.
pub fn suggested_name(t: &Trends, today: chrono::NaiveDate) -> String {
    super::file_name(t.to.unwrap_or(today), &title(t), "md")
}

fn title(t: &Trends) -> String {
    let names: Vec<&str> = t.people.iter().map(|p| p.name.as_str()).collect();
    format!("Over time: {}", names.join(" and "))
}

fn range(t: &Trends) -> String {
    match (t.from, t.to) {
        (None, None) => "everything".into(),
        (from, to) => format!(
            "{}..{}",
            from.map_or("the start".into(), |d| d.to_string()),
            to.map_or("today".into(), |d| d.to_string())
        ),
    }
}

/// The memory as one Markdown document, stamped with `exported_at`.
pub fn markdown(t: &Trends, exported_at: &str) -> String {
    let title = title(t);
    let mut out = front_matter(&title, &range(t), &t.people, exported_at);
    let _ = writeln!(out, "# {}\n", inline(&title));
    match (t.retros.first(), t.retros.last()) {
        (Some(first), Some(last)) => {
            let _ = writeln!(
                out,
                "{} retro{} from {} to {}.\n",
                t.retros.len(),
                if t.retros.len() == 1 { "" } else { "s" },
                first.held_on,
                last.held_on
            );
        }
        _ => out.push_str("No retros in this range yet.\n\n"),
    }
    out.push_str("## Needs over time\n\n");
    let rated: Vec<&NeedTrend> = t.needs.iter().filter(|n| n.rated_retros > 0).collect();
    if rated.is_empty() {
        out.push_str("No need has been rated in this range yet.\n\n");
    }
    for need in rated {
        need_section(t, need, &mut out);
    }
    patterns(t, &mut out);
    heard_and_stages(t, &mut out);
    out
}

/// Each retro anyone here rated the need in, with its ratings in `people`
/// order (`None`: not rated).
fn rated_retros(t: &Trends, need: &NeedTrend) -> Vec<(usize, Vec<Option<i64>>)> {
    (0..t.retros.len())
        .filter_map(|i| {
            let row: Vec<Option<i64>> = need.ratings.iter().map(|r| cell(r, i)).collect();
            row.iter().any(Option::is_some).then_some((i, row))
        })
        .collect()
}

/// A grid's cell: past the end of its row is a gap.
fn cell<T: Copy>(row: &[Option<T>], at: usize) -> Option<T> {
    row.get(at).copied().flatten()
}

fn need_section(t: &Trends, need: &NeedTrend, out: &mut String) {
    let _ = writeln!(out, "### {}\n", inline(&need.need.name));
    let rows = rated_retros(t, need);
    // Mermaid's chart has no way to leave a value out, so it shows the
    // retros everyone here rated; the table has every retro, gaps included.
    let complete: Vec<&(usize, Vec<Option<i64>>)> = rows
        .iter()
        .filter(|(_, r)| r.iter().all(Option::is_some))
        .collect();
    if complete.len() >= 2 {
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
        let labels: Vec<String> = complete
            .iter()
            .map(|(i, _)| quote(&t.retros[*i].held_on.to_string()))
            .collect();
        out.push_str("```mermaid\nxychart-beta\n");
        let _ = writeln!(out, "    title {}", quote(&need.need.name));
        let _ = writeln!(out, "    x-axis [{}]", labels.join(", "));
        out.push_str("    y-axis \"Rating\" 1 --> 5\n");
        for who in 0..t.people.len() {
            let values: Vec<String> = complete
                .iter()
                .filter_map(|(_, r)| r[who].map(|v| v.to_string()))
                .collect();
            let _ = writeln!(out, "    line [{}]", values.join(", "));
        }
        out.push_str("```\n\n");
        if t.people.len() > 1 {
            let names: Vec<String> = t.people.iter().map(|p| inline(&p.name)).collect();
            let _ = writeln!(
                out,
                "Lines in order: {}. The chart shows the {} retros you both rated; the table has every retro.\n",
                names.join(", "),
                complete.len()
            );
        }
    }
    let names: Vec<String> = t.people.iter().map(|p| inline(&p.name)).collect();
    let _ = writeln!(out, "| Date | Retro | {} |", names.join(" | "));
    let _ = writeln!(out, "| --- | --- |{}", " :-: |".repeat(names.len()));
    for (i, ratings) in &rows {
        let retro = &t.retros[*i];
        let cells: Vec<String> = ratings
            .iter()
            .map(|r| r.map_or("not rated".into(), |v| v.to_string()))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            retro.held_on,
            inline(&retro.title),
            cells.join(" | ")
        );
    }
    out.push('\n');
    if need.rated_retros < t.rules.sparse_below {
        let _ = writeln!(
            out,
            "Rated in {} retro{} so far; a line appears from {} on.\n",
            need.rated_retros,
            if need.rated_retros == 1 { "" } else { "s" },
            t.rules.sparse_below
        );
    }
}

fn patterns(t: &Trends, out: &mut String) {
    out.push_str("## This keeps coming back\n\n");
    if t.patterns.is_empty() {
        out.push_str("Nothing keeps coming back in this range.\n\n");
        return;
    }
    for p in &t.patterns {
        let _ = writeln!(out, "- {}", inline(&p.sentence));
        let _ = writeln!(out, "  - *{}*", inline(&p.question));
        let from: Vec<String> = p
            .evidence
            .iter()
            .map(|e| format!("{} {}", e.held_on, inline(&e.title)))
            .collect();
        let _ = writeln!(out, "  - From: {}", from.join("; "));
    }
    out.push('\n');
}

fn heard_and_stages(t: &Trends, out: &mut String) {
    if !t.proxies.is_empty() {
        out.push_str("## Proxy arguments\n\n");
        let names: Vec<String> = t.people.iter().map(|p| inline(&p.name)).collect();
        let _ = writeln!(out, "| Argument | {} |", names.join(" | "));
        let _ = writeln!(out, "| --- |{}", " :-: |".repeat(names.len()));
        for p in &t.proxies {
            let counts: Vec<String> = p.counts.iter().map(usize::to_string).collect();
            let _ = writeln!(out, "| {} | {} |", inline(&p.tag), counts.join(" | "));
        }
        out.push('\n');
    }
    if t.stages.iter().any(|row| !row.is_empty()) {
        out.push_str("## Where each of us was in the cycle\n\n");
        out.push_str("| Date | Retro | Who | Stage |\n| --- | --- | --- | --- |\n");
        for (i, r) in t.retros.iter().enumerate() {
            for (person, row) in t.people.iter().zip(&t.stages) {
                if let Some(stage) = cell(row, i) {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} |",
                        r.held_on,
                        inline(&r.title),
                        inline(&person.name),
                        stage_name(stage)
                    );
                }
            }
        }
        out.push('\n');
    }
}
