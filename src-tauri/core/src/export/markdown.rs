//! A revealed retro (or a solo entry, or every retro in a date range) as
//! GitHub-flavoured Markdown that stays valid whatever people typed: every
//! piece of user text goes through [`inline`] or [`block`], which escape
//! Markdown and HTML so they show as the characters that were typed.

use std::collections::HashMap;
use std::fmt::Write;
use std::io;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::journal::{
    Agreement, AgreementStatus, Commitment, CompareCatalog, Comparison, CycleStage, DealRecord,
    EntryView, Id, Journal, JournalError, Need, Person, Progress, Result, Retro, RetroKind,
    RetroState,
};

use super::Failed;

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum MarkdownRequest {
    /// One revealed retro, or one solo entry.
    Retro {
        #[ts(type = "number")]
        id: Id,
        include_private: bool,
    },
    /// Every exportable retro held between two days, both included, oldest first.
    Range {
        from: NaiveDate,
        to: NaiveDate,
        include_private: bool,
    },
}

/// Renders the request as one Markdown document, stamped with `exported_at`.
pub fn markdown(j: &Journal, request: &MarkdownRequest, exported_at: &str) -> Result<String> {
    let mut out = Vec::new();
    write_to(j, request, exported_at, &mut out, &mut |_, _| Ok(()))
        .map_err(|e| e.naming(Path::new("memory")))?;
    // Written from strings only.
    Ok(String::from_utf8(out).expect("Markdown is UTF-8"))
}

/// The beginning of the document for a preview, as [`super::beginning`]
/// cuts it at `limit` bytes, and whether that is all of it. A long range
/// stops rendering once the preview has enough.
pub fn preview(
    j: &Journal,
    request: &MarkdownRequest,
    exported_at: &str,
    limit: usize,
) -> Result<(String, bool)> {
    let mut out = Beginning {
        text: Vec::new(),
        limit,
    };
    match write_to(j, request, exported_at, &mut out, &mut |_, _| Ok(())) {
        Err(Failed::Io(_)) if out.text.len() > limit => {}
        done => done.map_err(|e| e.naming(Path::new("the preview")))?,
    }
    // Written from strings only, each whole.
    let text = String::from_utf8(out.text).expect("Markdown is UTF-8");
    let (shown, all) = super::beginning(&text, limit);
    Ok((shown.to_owned(), all))
}

/// Takes a document's pieces until it holds more than `limit` bytes, then
/// refuses the rest.
struct Beginning {
    text: Vec<u8>,
    limit: usize,
}

impl io::Write for Beginning {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.text.len() > self.limit {
            return Err(io::Error::other("enough for a preview"));
        }
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes the document to `out` as it is rendered, a few retros at a time,
/// so a range's document is never whole in memory, telling `progress` how
/// many retros of how many are written. `to` names `out` in a message.
pub fn write(
    j: &Journal,
    request: &MarkdownRequest,
    exported_at: &str,
    out: &mut dyn io::Write,
    to: &Path,
    progress: &mut Progress,
) -> Result<()> {
    write_to(j, request, exported_at, out, progress).map_err(|e| e.naming(to))
}

/// Writes the document to `path` as it is rendered: whole, or not at all.
pub fn save(j: &Journal, request: &MarkdownRequest, path: &Path, exported_at: &str) -> Result<()> {
    save_with(j, request, path, exported_at, &mut |_, _| Ok(()))
}

/// [`save`], telling `progress` how many retros of how many are written; a
/// stop it asks for leaves no file.
pub fn save_with(
    j: &Journal,
    request: &MarkdownRequest,
    path: &Path,
    exported_at: &str,
    progress: &mut Progress,
) -> Result<()> {
    super::write_atomically_with(path, |out| write_to(j, request, exported_at, out, progress))
        .map_err(|e| e.naming(path))
}

/// A range's document goes to its file whenever this much is rendered.
const FLUSH_AT: usize = 1 << 16;

fn write_to(
    j: &Journal,
    request: &MarkdownRequest,
    exported_at: &str,
    sink: &mut dyn io::Write,
    progress: &mut Progress,
) -> std::result::Result<(), Failed> {
    let needs: HashMap<Id, Need> = j.needs()?.into_iter().map(|n| (n.id, n)).collect();
    // Read once, however many retros the document holds.
    let catalog = j.compare_catalog()?;
    let (MarkdownRequest::Retro {
        include_private, ..
    }
    | MarkdownRequest::Range {
        include_private, ..
    }) = request;
    let books = Books {
        needs: &needs,
        catalog: &catalog,
        include_private: *include_private,
    };
    match request {
        MarkdownRequest::Retro { id, .. } => {
            let mut retro = j.retro(*id)?;
            shared_order(j, &mut retro)?;
            if !exportable(&retro) {
                return Err(JournalError::Invalid(match retro.kind {
                    RetroKind::Paired => "Only what has been revealed leaves the app. Reveal this retro together first.",
                    RetroKind::Solo => "This solo retro has no entry yet: write it first.",
                }.into())
                .into());
            }
            let mut out = front_matter(
                &retro.title,
                &retro.held_on.to_string(),
                &people(&[&retro]),
                exported_at,
            );
            let partner = retro
                .participants
                .iter()
                .find(|p| !p.person.is_me)
                .map(|p| p.person.id);
            let record = j.deal_record(std::slice::from_ref(&retro), partner)?;
            let views = j.entries(retro.id)?;
            render(&retro, views, &books, &record, 1, &mut out)?;
            Ok(sink.write_all(out.as_bytes())?)
        }
        MarkdownRequest::Range { from, to, .. } => {
            if from > to {
                return Err(JournalError::Invalid(
                    "The range starts after it ends. Swap the two dates.".into(),
                )
                .into());
            }
            // Every retro in the range passes through: with the file
            // unmapped, memory stays flat however large the journal is.
            j.unmapped(|| {
                let mut retros: Vec<Retro> = j
                    .retros()?
                    .into_iter()
                    .filter(|r| r.held_on >= *from && r.held_on <= *to)
                    .collect();
                retros.reverse();
                for retro in &mut retros {
                    shared_order(j, retro)?;
                }
                let held_back = retros.iter().filter(|r| !exportable(r)).count();
                retros.retain(exportable);
                let total = retros.len() as u64;
                progress(0, total)?;
                // No bounds at all: the whole journal, dated by its retros.
                let whole = *from == NaiveDate::MIN && *to == NaiveDate::MAX;
                let (title, span) = match (whole, retros.first(), retros.last()) {
                    (false, ..) => (
                        format!("Retros from {from} to {to}"),
                        format!("{from}..{to}"),
                    ),
                    (true, Some(first), Some(last)) => (
                        "Every retro".to_owned(),
                        format!("{}..{}", first.held_on, last.held_on),
                    ),
                    (true, ..) => ("Every retro".to_owned(), String::new()),
                };
                let refs: Vec<&Retro> = retros.iter().collect();
                let mut out = front_matter(&title, &span, &people(&refs), exported_at);
                let _ = writeln!(out, "# {}\n", inline(&title));
                if retros.is_empty() {
                    out.push_str("No revealed retros or finished solo entries in this range.\n\n");
                }
                if held_back > 0 {
                    let _ = writeln!(
                        out,
                        "{held_back} retro{} in this range {} not revealed yet and {} left out.\n",
                        if held_back == 1 { "" } else { "s" },
                        if held_back == 1 { "is" } else { "are" },
                        if held_back == 1 { "is" } else { "are" },
                    );
                }
                let record = j.deal_record(&retros, None)?;
                // Entries read a few hundred retros at a time: few statements,
                // and memory that stays flat.
                let mut done = 0;
                for chunk in retros.chunks(512) {
                    for (retro, views) in j.entries_of(chunk.to_vec())? {
                        render(&retro, views, &books, &record, 2, &mut out)?;
                        if out.len() >= FLUSH_AT {
                            sink.write_all(out.as_bytes())?;
                            out.clear();
                        }
                        done += 1;
                        progress(done, total)?;
                    }
                }
                Ok(sink.write_all(out.as_bytes())?)
            })
        }
    }
}

/// The default file name for the request: `YYYY-MM-DD-<slug>.md`.
pub fn suggested_name(j: &Journal, request: &MarkdownRequest) -> Result<String> {
    Ok(match request {
        MarkdownRequest::Retro { id, .. } => {
            let retro = j.retro(*id)?;
            super::file_name(retro.held_on, &retro.title, "md")
        }
        MarkdownRequest::Range { from, to, .. } => {
            super::file_name(*from, &format!("retros to {to}"), "md")
        }
    })
}

/// A retro on two laptops lists its people in the order both journals
/// share, so both export the same document; on one laptop, me first.
fn shared_order(j: &Journal, retro: &mut Retro) -> Result<()> {
    if !retro.remote {
        return Ok(());
    }
    if let Some(order) = j.shared_order(retro.id)? {
        retro
            .participants
            .sort_by_key(|p| order.iter().position(|id| *id == p.person.id));
    }
    Ok(())
}

/// A paired retro leaves the app once revealed; a solo one once it has an entry.
fn exportable(retro: &Retro) -> bool {
    match retro.kind {
        RetroKind::Paired => retro.state == RetroState::Revealed,
        RetroKind::Solo => retro.participants.iter().any(|p| p.entry_state.is_some()),
    }
}

fn people(retros: &[&Retro]) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    for p in retros.iter().flat_map(|r| &r.participants) {
        if !out.iter().any(|o| o.id == p.person.id) {
            out.push(p.person.clone());
        }
    }
    out
}

/// YAML front matter. JSON strings are valid YAML double-quoted scalars, so
/// every value is written as one, whatever it contains.
pub(super) fn front_matter(
    title: &str,
    date: &str,
    people: &[Person],
    exported_at: &str,
) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", q(title));
    let _ = writeln!(out, "date: {}", q(date));
    out.push_str("participants:\n");
    for p in people {
        let _ = writeln!(
            out,
            "  - name: {}\n    role: {}",
            q(&p.name),
            q(&p.role.name)
        );
    }
    let _ = writeln!(out, "exported_at: {}", q(exported_at));
    let _ = writeln!(out, "app_version: {}", q(env!("CARGO_PKG_VERSION")));
    out.push_str("---\n\n");
    out
}

/// The journal's catalogs, read once for a whole document, and whether
/// the writer's private notes go in.
struct Books<'a> {
    needs: &'a HashMap<Id, Need>,
    catalog: &'a CompareCatalog,
    include_private: bool,
}

fn render(
    retro: &Retro,
    views: Vec<EntryView>,
    books: &Books,
    record: &DealRecord,
    level: usize,
    out: &mut String,
) -> Result<()> {
    let h = |n: usize| "#".repeat(level + n);
    let need = |id: Id| {
        books
            .needs
            .get(&id)
            .map_or("an unknown need".to_owned(), |n| n.name.clone())
    };
    let place = |person: Id| {
        retro
            .participants
            .iter()
            .position(|p| p.person.id == person)
    };
    let mut entries: Vec<EntryView> = views
        .iter()
        .filter(|e| e.content.is_some())
        .cloned()
        .collect();
    entries.sort_by_key(|e| place(e.person.id));
    let kind = match retro.kind {
        RetroKind::Paired => "Paired retro",
        RetroKind::Solo => "Solo entry",
    };
    let _ = writeln!(out, "{} {}\n", h(0), inline(&retro.title));
    let names: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "{} ({})",
                inline(&e.person.name),
                inline(&e.person.role.name)
            )
        })
        .collect();
    let _ = writeln!(out, "{kind}, {}. {}.\n", retro.held_on, names.join(" and "));

    if retro.kind == RetroKind::Paired {
        let mut comparison = Comparison::of(views, books.catalog)?;
        let listed: Vec<Option<usize>> = comparison.people.iter().map(|p| place(p.id)).collect();
        if !listed.is_sorted() {
            // Two people, listed the other way round in the comparison.
            comparison.people.reverse();
            for row in comparison.groups.iter_mut().flat_map(|g| &mut g.rows) {
                row.ratings.reverse();
                row.notes.reverse();
            }
        }
        comparison.perspective.sort_by_key(|p| place(p.guesser.id));
        needs_table(&comparison, &h(1), out);
        signals(&comparison, &h(1), out);
        perspective(&comparison, &h(1), out);
    } else if let Some(e) = entries.first() {
        solo_ratings(e, &need, &h(1), out);
    }

    heard(&entries, &need, &h(1), out);
    positions(&entries, &h(1), &h(2), out);
    if retro.kind == RetroKind::Paired {
        deals(record, retro, &need, &h(1), out);
    }
    later_notes(&entries, &h(1), out);
    if books.include_private {
        private_notes(&entries, &h(1), out);
    }
    Ok(())
}

fn heard(entries: &[EntryView], need: &dyn Fn(Id) -> String, h: &str, out: &mut String) {
    let _ = writeln!(out, "{h} What each of us most wants heard\n");
    let heard: Vec<String> = entries
        .iter()
        .filter_map(|e| {
            let c = e.content.as_ref()?;
            let top = c
                .top_need_id
                .map_or("no need singled out".into(), |id| inline(&need(id)));
            let mut item = format!("- **{}:** {top}", inline(&e.person.name));
            if !c.unsaid.trim().is_empty() {
                item.push_str(&format!("\n\n{}", block(&c.unsaid, "  > ")));
            }
            Some(item)
        })
        .collect();
    let _ = writeln!(out, "{}\n", heard.join("\n\n"));
}

fn positions(entries: &[EntryView], h: &str, h_person: &str, out: &mut String) {
    let _ = writeln!(out, "{h} Positions and the concerns under them\n");
    for e in entries {
        let Some(c) = &e.content else { continue };
        let _ = writeln!(out, "{h_person} {}\n", inline(&e.person.name));
        for (label, text) in [
            ("Position", &c.position),
            ("The concern under it", &c.concern),
            ("Can offer", &c.offer),
            ("Wants to ask for", &c.ask),
        ] {
            if !text.trim().is_empty() {
                let _ = writeln!(out, "- **{label}:** {}", inline(text));
            }
        }
        if !c.proxies.is_empty() {
            let tags: Vec<String> = c.proxies.iter().map(|t| inline(t)).collect();
            let _ = writeln!(out, "- **Proxy arguments noticed:** {}", tags.join(", "));
        }
        if let Some(stage) = c.cycle_stage {
            let _ = writeln!(
                out,
                "- **Where they are in the cycle:** {}",
                stage_name(stage)
            );
        }
        out.push('\n');
    }
}

fn later_notes(entries: &[EntryView], h: &str, out: &mut String) {
    let noted: Vec<&EntryView> = entries.iter().filter(|e| !e.addenda.is_empty()).collect();
    if noted.is_empty() {
        return;
    }
    let _ = writeln!(out, "{h} Later notes\n");
    for e in noted {
        for a in &e.addenda {
            let day = a.created_at.get(..10).unwrap_or(&a.created_at);
            let _ = writeln!(
                out,
                "- {day}, {}: {}",
                inline(&e.person.name),
                inline(&a.body)
            );
        }
    }
    out.push('\n');
}

/// Only entries the exporter may read reach here, and only the exporter's
/// own carry private notes (the journal clears everyone else's).
fn private_notes(entries: &[EntryView], h: &str, out: &mut String) {
    for e in entries {
        let Some(c) = e
            .content
            .as_ref()
            .filter(|c| !c.private_notes.trim().is_empty())
        else {
            continue;
        };
        let _ = writeln!(out, "{h} Private notes of {}\n", inline(&e.person.name));
        let _ = writeln!(out, "{}\n", block(&c.private_notes, "> "));
    }
}

fn needs_table(c: &Comparison, h: &str, out: &mut String) {
    let _ = writeln!(out, "{h} Needs, side by side\n");
    if c.groups.is_empty() {
        out.push_str("Neither of us rated a need this time.\n\n");
        return;
    }
    let names: Vec<String> = c.people.iter().map(|p| inline(&p.name)).collect();
    let _ = writeln!(out, "| Role | Need | {} | Signal |", names.join(" | "));
    let _ = writeln!(out, "| --- | --- |{} --- |", " :-: |".repeat(names.len()));
    for group in &c.groups {
        for row in &group.rows {
            let cells: Vec<String> = row
                .ratings
                .iter()
                .zip(&row.notes)
                .map(|(r, note)| {
                    let score = r.map_or("not rated".into(), |v| format!("{v}/5"));
                    if note.trim().is_empty() {
                        score
                    } else {
                        format!("{score}: {}", inline(note))
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                inline(&group.role.name),
                inline(&row.need.name),
                cells.join(" | "),
                row.label.as_deref().unwrap_or("")
            );
        }
    }
    out.push('\n');
}

fn signals(c: &Comparison, h: &str, out: &mut String) {
    let rows: Vec<_> = c.groups.iter().flat_map(|g| &g.rows).collect();
    let pick = |s: crate::journal::Signal| -> Vec<String> {
        rows.iter()
            .filter(|r| r.signal == Some(s))
            .map(|r| inline(&r.need.name))
            .collect()
    };
    let pain = pick(crate::journal::Signal::SharedPain);
    let gaps = pick(crate::journal::Signal::Gap);
    let _ = writeln!(out, "{h} Shared pain and gaps\n");
    let _ = writeln!(
        out,
        "- **Both hurting** (both rated {} or lower): {}",
        c.pain_at_most,
        if pain.is_empty() {
            "none".into()
        } else {
            pain.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "- **Biggest gaps** ({} or more apart): {}\n",
        c.gap_at_least,
        if gaps.is_empty() {
            "none".into()
        } else {
            gaps.join(", ")
        }
    );
    if !c.tensions.is_empty() {
        let _ = writeln!(out, "{h} Tensions to talk about\n");
        for t in &c.tensions {
            let _ = writeln!(out, "- {}", inline(&t.pair.question));
        }
        out.push('\n');
    }
}

fn perspective(c: &Comparison, h: &str, out: &mut String) {
    if c.perspective.is_empty() {
        return;
    }
    let _ = writeln!(out, "{h} Perspective check\n");
    for p in &c.perspective {
        let _ = writeln!(out, "- {}", inline(&p.sentence));
    }
    out.push('\n');
}

fn solo_ratings(e: &EntryView, need: &dyn Fn(Id) -> String, h: &str, out: &mut String) {
    let Some(c) = &e.content else { return };
    let _ = writeln!(out, "{h} How well the needs were met\n");
    if c.ratings.is_empty() {
        out.push_str("No need was rated this time.\n\n");
        return;
    }
    out.push_str("| Need | Rating | Note |\n| --- | :-: | --- |\n");
    for r in &c.ratings {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            inline(&need(r.need_id)),
            r.rating.map_or("not rated".into(), |v| format!("{v}/5")),
            inline(&r.note)
        );
    }
    out.push('\n');
}

/// The deals made in this retro, and the review of earlier ones as it
/// happened in this retro, as task lists.
fn deals(
    record: &DealRecord,
    retro: &Retro,
    need: &dyn Fn(Id) -> String,
    h: &str,
    out: &mut String,
) {
    let people: Vec<&Person> = retro.participants.iter().map(|p| &p.person).collect();
    let made = record.made(retro.id);
    let _ = writeln!(out, "{h} Deals\n");
    if made.is_empty() {
        out.push_str("No deals written down.\n\n");
    }
    for a in made {
        deal(a, &people, need, out);
    }
    let reviewed = record.reviewed(retro.id);
    let still_open = record.still_open(retro.id);
    if reviewed.is_empty() && still_open.is_none() {
        return;
    }
    let _ = writeln!(out, "{h} Review of earlier deals\n");
    for a in reviewed {
        deal(a, &people, need, out);
    }
    if let Some(open) = still_open {
        let _ = writeln!(
            out,
            "{} earlier deal{} {} still open and not reviewed in this retro; the oldest was due for review on {}.\n",
            open.count,
            if open.count == 1 { "" } else { "s" },
            if open.count == 1 { "was" } else { "were" },
            open.oldest
        );
    }
}

fn deal(a: &Agreement, people: &[&Person], need: &dyn Fn(Id) -> String, out: &mut String) {
    let status = match a.status {
        AgreementStatus::Open => "open",
        AgreementStatus::Kept => "kept",
        AgreementStatus::Broken => "broken",
        AgreementStatus::Renegotiated => "renegotiated",
    };
    let done = if a.status == AgreementStatus::Kept {
        'x'
    } else {
        ' '
    };
    let _ = writeln!(
        out,
        "- [{done}] **{}**, {status}. Owner: {}. Review on {}.",
        inline(&a.title),
        inline(&a.owner.name),
        a.review_on
    );
    // In the order of the retro's people, the same on both laptops.
    let mut commitments: Vec<&Commitment> = a.commitments.iter().collect();
    commitments.sort_by_key(|c| people.iter().position(|p| p.id == c.person_id));
    for c in commitments {
        let who = people
            .iter()
            .find(|p| p.id == c.person_id)
            .map_or("Someone".to_owned(), |p| inline(&p.name));
        let _ = writeln!(out, "  - {who} commits to: {}", inline(&c.body));
    }
    if !a.need_ids.is_empty() {
        let served: Vec<String> = a.need_ids.iter().map(|&id| inline(&need(id))).collect();
        let _ = writeln!(out, "  - Serves: {}", served.join(", "));
    }
    out.push('\n');
}

pub(super) fn stage_name(stage: CycleStage) -> &'static str {
    match stage {
        CycleStage::Trigger => "trigger",
        CycleStage::Frustration => "frustration",
        CycleStage::ProxyArguments => "proxy arguments",
        CycleStage::Withdrawal => "withdrawal",
        CycleStage::NotInIt => "not in it",
    }
}

/// User text for one line of Markdown (a table cell, a list item, a
/// heading): line breaks become spaces, and every character that Markdown or
/// HTML would read as syntax is backslash-escaped, so it shows as typed.
pub fn inline(text: &str) -> String {
    let text = text.trim();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    // Ordinary characters are copied a run at a time, up to the next one
    // that needs something done; only a byte that may start one is looked at.
    let mut run = 0;
    let mut at = 0;
    while at < bytes.len() {
        if !MAY_NEED_ESCAPING[usize::from(bytes[at])] {
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let here = at;
        at += c.len_utf8();
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {}
            // At the start of the line (nothing written yet) these start a
            // list or a heading.
            '-' | '+' | '=' if out.is_empty() && run == here => {}
            c if c.is_control() => {}
            _ => continue,
        }
        out.push_str(&text[run..here]);
        run = at;
        match c {
            '\n' | '\r' | '\t' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if c.is_control() => {}
            c => {
                out.push('\\');
                out.push(c);
            }
        }
    }
    out.push_str(&text[run..]);
    out
}

/// The bytes that may begin a character [`inline`] escapes or drops: the
/// ASCII syntax characters and controls, and 0xC2, which begins the C1
/// controls (U+0080 to U+009F). Every other byte is copied as it is.
const MAY_NEED_ESCAPING: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    let syntax = b"\\`*_[]<>|~&#!-+=";
    let mut i = 0;
    while i < syntax.len() {
        table[syntax[i] as usize] = true;
        i += 1;
    }
    table
};

/// User text that keeps its line breaks, each line behind `prefix` (such as
/// `> ` for a quote). Lines end in a hard break; a line that would start a
/// list or an ordered item is escaped like everything else.
pub fn block(text: &str, prefix: &str) -> String {
    text.trim()
        .lines()
        .map(|line| {
            let line = inline(line.trim_start());
            // "1. " or "1) " at the start of a line would start an ordered list.
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let line = match line[digits..].chars().next() {
                Some(c @ ('.' | ')')) if digits > 0 => {
                    format!("{}\\{c}{}", &line[..digits], &line[digits + 1..])
                }
                _ => line,
            };
            format!("{prefix}{line}")
        })
        .collect::<Vec<_>>()
        .join("\\\n")
}
