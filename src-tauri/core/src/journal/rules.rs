//! The one gate for everything that enters the journal.
//!
//! Every rule about what a valid journal holds is written here once: the
//! editor's commands, the JSON import and files from a partner all pass
//! through these functions, so they trim and normalise the same way and
//! refuse the same things with the same words. Each rule is told where the
//! value came from ([`Source`]): the editor shows the rule broken, an import
//! shows the JSON path of the bad value before it.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate};
use rusqlite::Connection;

use super::{JournalError, NeedInput, Result};
use crate::store::{
    self, AgreementStatus, Commitment, EntryContent, Id, NeedRating, RetroKind, Schedule,
    StatusChange,
};

pub const MAX_NAME: usize = 80;
pub const MAX_TITLE: usize = 200;
pub const MAX_QUESTION: usize = 400;
/// The longest any one field of an entry, or a need's explanation, may be.
pub const MAX_FIELD: usize = 20_000;
pub const MAX_TAG: usize = 60;
pub const MAX_TAGS: usize = 20;
pub const MAX_GUESSES: usize = 3;

/// Where a value being checked came from, which decides how a refusal is
/// worded: next to a field typed in, the rule alone is enough; in a file, the
/// JSON path of the bad value comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    Typed,
    /// A file, and the JSON path of the record being read (`retros[3]`).
    File(&'a str),
}

impl<'a> Source<'a> {
    /// A refusal of `field` (a JSON path from the record; empty for the
    /// record as a whole) for breaking the rule `why`.
    pub fn refuse(self, field: &str, why: impl Into<String>) -> JournalError {
        match self {
            Source::Typed => JournalError::Invalid(why.into()),
            Source::File(record) => JournalError::BadFile {
                at: join(record, field),
                why: why.into(),
            },
        }
    }

    fn fail<T>(self, field: &str, why: impl Into<String>) -> Result<T> {
        Err(self.refuse(field, why))
    }
}

/// `a.b`, `a[0]`, or either alone.
pub fn join(parent: &str, field: &str) -> String {
    match (parent.is_empty(), field.is_empty()) {
        (true, _) => field.to_owned(),
        (_, true) => parent.to_owned(),
        _ if field.starts_with('[') => format!("{parent}{field}"),
        _ => format!("{parent}.{field}"),
    }
}

/// Whether a need is in the catalog: the live journal's for the editor,
/// the one being built for an import.
pub(crate) fn need_known(conn: &Connection, src: Source, field: &str, id: Id) -> Result<()> {
    if store::need_exists(conn, id)? {
        Ok(())
    } else {
        src.fail(field, format!("Need #{id} is not in the catalog."))
    }
}

// ---- text --------------------------------------------------------------------

/// One line of text (a name, a title, a question): trimmed, not empty, at
/// most `max` characters, and without line breaks or control characters.
pub fn line(src: Source, field: &str, label: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return src.fail(field, format!("{label} can't be empty."));
    }
    let len = value.chars().count();
    if len > max {
        return src.fail(
            field,
            format!("{label} is {len} characters long; the limit is {max}."),
        );
    }
    if value.chars().any(char::is_control) {
        return src.fail(
            field,
            format!("{label} contains a line break or another invisible control character; keep it on one line."),
        );
    }
    Ok(value.to_owned())
}

/// Free text, kept exactly as typed (autosave runs mid-sentence, so trailing
/// spaces stay), at most [`MAX_FIELD`] characters.
pub fn long_text(src: Source, field: &str, label: &str, value: &str) -> Result<()> {
    let len = value.chars().count();
    if len > MAX_FIELD {
        return src.fail(
            field,
            format!("{label} is {len} characters long; the limit is {MAX_FIELD}. Shorten it and it will save."),
        );
    }
    Ok(())
}

/// Free text that is finished when it is written (a need's explanation, a
/// later note, a commitment): trimmed, at most [`MAX_FIELD`] characters.
pub fn finished_text(src: Source, field: &str, label: &str, value: &str) -> Result<String> {
    let value = value.trim();
    long_text(src, field, label, value)?;
    Ok(value.to_owned())
}

/// A proxy tag as it is kept: its words separated by single spaces, with
/// no control characters; `None` when nothing is left.
pub fn tag(value: &str) -> Option<String> {
    let words: Vec<&str> = value
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A calendar day, `YYYY-MM-DD`.
pub fn day(src: Source, field: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").or_else(|_| {
        src.fail(
            field,
            format!("\"{value}\" is not a date. Use the form 2026-03-31."),
        )
    })
}

/// An instant as the journal stores it: RFC 3339.
pub fn instant(src: Source, field: &str, value: &str) -> Result<()> {
    match DateTime::parse_from_rfc3339(value) {
        Ok(_) => Ok(()),
        Err(_) => src.fail(
            field,
            format!("\"{value}\" is not a date and time (RFC 3339, such as 2026-03-31T09:30:00Z)."),
        ),
    }
}

// ---- people and the catalog ------------------------------------------------------

/// A person's or a role's name.
pub fn name(src: Source, label: &str, value: &str) -> Result<String> {
    line(src, "name", label, value, MAX_NAME)
}

/// Whether a role called `name` may be added (or `this` renamed to it).
pub(crate) fn role_fits(
    conn: &Connection,
    src: Source,
    name: &str,
    this: Option<Id>,
) -> Result<()> {
    match store::role_by_name(conn, name)?.filter(|r| Some(r.id) != this) {
        Some(_) => src.fail("name", format!("There is already a role called {name}.")),
        None => Ok(()),
    }
}

/// A need as it is kept: a name that no other need has, in a role that
/// exists, with its explanation and frustration trimmed.
pub(crate) fn need(
    conn: &Connection,
    src: Source,
    input: &NeedInput,
    this: Option<Id>,
) -> Result<NeedInput> {
    let checked = NeedInput {
        role_id: input.role_id,
        name: line(src, "name", "The need's name", &input.name, MAX_NAME)?,
        explanation: finished_text(src, "explanation", "The explanation", &input.explanation)?,
        frustration: finished_text(src, "frustration", "The frustration", &input.frustration)?,
    };
    if store::role(conn, input.role_id)?.is_none() {
        return src.fail("roleId", format!("There is no role #{}.", input.role_id));
    }
    if store::need_by_name(conn, &checked.name)?.is_some_and(|other| Some(other) != this) {
        return src.fail(
            "name",
            format!("There is already a need called {}.", checked.name),
        );
    }
    Ok(checked)
}

/// Two different needs that pull against each other, not paired yet, and
/// the question to ask when they collide.
pub(crate) fn tension_pair(
    conn: &Connection,
    src: Source,
    (a, b): (Id, Id),
    question: &str,
) -> Result<String> {
    let question = line(src, "question", "The question", question, MAX_QUESTION)?;
    if a == b {
        return src.fail("needB", "A tension pair is two different needs.");
    }
    need_known(conn, src, "needA", a)?;
    need_known(conn, src, "needB", b)?;
    if store::tension_pair_exists(conn, a, b)? {
        return src.fail("", "These two needs are already a tension pair.");
    }
    Ok(question)
}

// ---- retros and entries ------------------------------------------------------

/// Who takes part in a retro: me first, then one partner in a paired retro.
pub fn participants(src: Source, kind: RetroKind, me: Id, people: &[Id]) -> Result<()> {
    let ok = match (kind, people) {
        (RetroKind::Solo, [first]) => *first == me,
        (RetroKind::Paired, [first, partner]) => *first == me && *partner != me,
        _ => false,
    };
    if ok {
        return Ok(());
    }
    src.fail(
        "participants",
        match kind {
            RetroKind::Solo => "A solo retro has one participant: the journal's owner.",
            RetroKind::Paired => {
                "A paired retro has two participants: the journal's owner first, then a partner."
            }
        },
    )
}

/// Checks an entry and returns it as it is kept: tags normalised and
/// de-duplicated, text fields exactly as typed.
pub(crate) fn entry_content(
    conn: &Connection,
    src: Source,
    kind: RetroKind,
    c: &EntryContent,
) -> Result<EntryContent> {
    for (field, label, value) in [
        ("unsaid", "The sentence you have not said", &c.unsaid),
        ("position", "Your position", &c.position),
        ("concern", "The concern under it", &c.concern),
        ("offer", "What you can offer", &c.offer),
        ("ask", "What you want to ask for", &c.ask),
        ("privateNotes", "Your private notes", &c.private_notes),
    ] {
        long_text(src, field, label, value)?;
    }
    ratings(conn, src, &c.ratings)?;
    if let Some(id) = c.top_need_id {
        need_known(conn, src, "topNeedId", id)?;
    }
    guesses(conn, src, kind, &c.guesses)?;
    Ok(EntryContent {
        proxies: proxies(src, &c.proxies)?,
        ..c.clone()
    })
}

fn ratings(conn: &Connection, src: Source, ratings: &[NeedRating]) -> Result<()> {
    let mut rated = HashSet::new();
    for (i, r) in ratings.iter().enumerate() {
        let field = |name: &str| format!("ratings[{i}].{name}");
        need_known(conn, src, &field("needId"), r.need_id)?;
        if !rated.insert(r.need_id) {
            return src.fail(
                &field("needId"),
                "A need can be rated only once in an entry.",
            );
        }
        if let Some(v) = r.rating.filter(|v| !(1..=5).contains(v)) {
            return src.fail(
                &field("rating"),
                format!(
                    "A rating goes from 1 (not met at all) to 5 (fully met); {v} is outside that."
                ),
            );
        }
        long_text(src, &field("note"), "A rating's note", &r.note)?;
    }
    Ok(())
}

fn guesses(conn: &Connection, src: Source, kind: RetroKind, guesses: &[Id]) -> Result<()> {
    if !guesses.is_empty() && kind == RetroKind::Solo {
        return src.fail(
            "guesses",
            "Guessing a partner's needs only applies to a paired retro.",
        );
    }
    if guesses.len() > MAX_GUESSES {
        return src.fail(
            "guesses",
            format!("Pick at most {MAX_GUESSES} needs for your guess."),
        );
    }
    let mut guessed = HashSet::new();
    for (i, &id) in guesses.iter().enumerate() {
        need_known(conn, src, &format!("guesses[{i}]"), id)?;
        if !guessed.insert(id) {
            return src.fail(
                &format!("guesses[{i}]"),
                "Each guessed need can be picked once.",
            );
        }
    }
    Ok(())
}

/// Proxy tags as they are kept: normalised by [`tag`], empty ones dropped,
/// and the second of two that differ only in case left out.
fn proxies(src: Source, tags: &[String]) -> Result<Vec<String>> {
    let mut kept: Vec<String> = Vec::new();
    for (i, raw) in tags.iter().enumerate() {
        let Some(tag) = tag(raw) else { continue };
        if kept.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            continue;
        }
        if tag.chars().count() > MAX_TAG {
            return src.fail(
                &format!("proxies[{i}]"),
                format!("A proxy tag can be at most {MAX_TAG} characters."),
            );
        }
        kept.push(tag);
    }
    if kept.len() > MAX_TAGS {
        return src.fail(
            "proxies",
            format!("An entry can carry at most {MAX_TAGS} proxy tags."),
        );
    }
    Ok(kept)
}

/// A later note on a revealed entry.
pub fn addendum(src: Source, body: &str) -> Result<String> {
    if body.trim().is_empty() {
        return src.fail("body", "Write the note first.");
    }
    finished_text(src, "body", "The note", body)
}

// ---- deals ---------------------------------------------------------------------

/// A deal as it is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deal {
    pub title: String,
    pub commitments: Vec<Commitment>,
    pub need_ids: Vec<Id>,
    pub owner_id: Id,
    pub review_on: NaiveDate,
}

/// The retro a deal is made in, as far as the deal's rules care.
#[derive(Debug, Clone, Copy)]
pub struct DealPlace<'a> {
    pub participants: &'a [Id],
    pub held_on: NaiveDate,
}

/// Checks a deal: a title, an owner and commitments from the people in the
/// retro (at least one, one each), needs from the catalog (each once), and
/// a review date no earlier than the retro.
pub(crate) fn deal(conn: &Connection, src: Source, place: DealPlace, d: &Deal) -> Result<Deal> {
    let title = line(src, "title", "The deal's title", &d.title, MAX_TITLE)?;
    let takes_part = |id: Id| place.participants.contains(&id);
    if !takes_part(d.owner_id) {
        return src.fail(
            "ownerId",
            "The owner of a deal is one of the people in this retro.",
        );
    }
    let mut commitments = Vec::new();
    let mut committed = HashSet::new();
    for (i, c) in d.commitments.iter().enumerate() {
        if !takes_part(c.person_id) || !committed.insert(c.person_id) {
            return src.fail(
                &format!("commitments[{i}].personId"),
                "Each person in this retro can commit to one thing in a deal.",
            );
        }
        let body = finished_text(
            src,
            &format!("commitments[{i}].body"),
            "A commitment",
            &c.body,
        )?;
        if !body.is_empty() {
            commitments.push(Commitment {
                person_id: c.person_id,
                body,
            });
        }
    }
    if commitments.is_empty() {
        return src.fail(
            "commitments",
            "Write down what at least one of you commits to.",
        );
    }
    let mut need_ids = Vec::new();
    for (i, &need) in d.need_ids.iter().enumerate() {
        need_known(conn, src, &format!("needIds[{i}]"), need)?;
        if !need_ids.contains(&need) {
            need_ids.push(need);
        }
    }
    if d.review_on < place.held_on {
        return src.fail(
            "reviewOn",
            "The review date can't be before the retro itself.",
        );
    }
    Ok(Deal {
        title,
        commitments,
        need_ids,
        owner_id: d.owner_id,
        review_on: d.review_on,
    })
}

/// A deal's status history as the journal writes it: it starts open, is
/// never reopened, ends with a renegotiation if it has one, names a
/// replacement exactly when renegotiated, and each change has its instant.
pub fn history(src: Source, h: &[StatusChange]) -> Result<()> {
    if h.first().map(|c| c.status) != Some(AgreementStatus::Open) {
        return src.fail("history", "A deal's history starts with \"open\".");
    }
    for (i, c) in h.iter().enumerate() {
        let field = |name: &str| format!("history[{i}].{name}");
        instant(src, &field("at"), &c.at)?;
        if i > 0 && c.status == AgreementStatus::Open {
            return src.fail(
                &field("status"),
                "A deal is open only when it is written down; later it is kept, broken or renegotiated.",
            );
        }
        if i > 0 && h[i - 1].status == AgreementStatus::Renegotiated {
            return src.fail(
                &field("status"),
                "A renegotiated deal is final; the deal that replaced it carries on.",
            );
        }
        if (c.status == AgreementStatus::Renegotiated) != c.replaced_by.is_some() {
            return src.fail(
                &field("replacedBy"),
                "A renegotiation names the deal that replaced it, and only a renegotiation does.",
            );
        }
    }
    Ok(())
}

/// A 1:1 schedule: with a partner (never the journal's owner), every week or
/// every two weeks, at a time within the day, with its reminder between a
/// minute and a day before.
pub fn schedule(src: Source, s: &Schedule, partner_is_me: bool) -> Result<()> {
    if partner_is_me {
        return src.fail(
            "partnerId",
            "A 1:1 schedule is for a partner: choose one of them.",
        );
    }
    if !matches!(s.every_weeks, 1 | 2) {
        return src.fail(
            "everyWeeks",
            "A 1:1 comes every week or every two weeks: choose one of them.",
        );
    }
    if s.at_minute >= 24 * 60 {
        return src.fail(
            "atMinute",
            "The time of the 1:1 must be within the day, from 00:00 to 23:59.",
        );
    }
    if !(1..=super::MAX_LEAD_MINUTES).contains(&s.lead_minutes) {
        return src.fail(
            "leadMinutes",
            "A reminder comes between a minute and a day before the 1:1.",
        );
    }
    Ok(())
}
