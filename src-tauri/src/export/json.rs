//! The whole journal as one versioned JSON document, and importing it back.
//!
//! The file is what leaves the app, so it holds what the person at the
//! keyboard may read: anyone else's unrevealed entry appears with its state
//! only, others' private notes never, and the exporter's own private notes
//! only when they opt in. The format is documented in `docs/journal-format.md`.
//! An import checks the whole file first and names the first problem with its
//! place in the document; only then is it applied, in one transaction.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::journal::{
    long_text, text, Addendum, AgreementStatus, Commitment, EntryContent, EntryState, Id, Journal,
    JournalError, Need, Result, RetroKind, RetroState, Role, StatusChange, TensionPair,
    MAX_GUESSES, MAX_NAME, MAX_QUESTION, MAX_TAG, MAX_TAGS, MAX_TITLE,
};
use crate::store::{self, NewAgreement};

/// The `format` every journal file carries.
pub const FORMAT: &str = "retro-companion-journal";
/// The version of the format this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JournalFile {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub app_version: String,
    pub roles: Vec<Role>,
    pub people: Vec<FilePerson>,
    pub needs: Vec<Need>,
    pub tension_pairs: Vec<TensionPair>,
    pub retros: Vec<FileRetro>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FilePerson {
    pub id: Id,
    pub name: String,
    pub role_id: Id,
    pub is_me: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileRetro {
    pub id: Id,
    pub title: String,
    pub held_on: NaiveDate,
    pub kind: RetroKind,
    pub revealed: bool,
    /// Person ids, the owner first.
    pub participants: Vec<Id>,
    pub entries: Vec<FileEntry>,
    pub agreements: Vec<FileAgreement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileEntry {
    pub person_id: Id,
    pub state: EntryState,
    /// Absent when the exporter could not read the entry (someone else's,
    /// before the reveal): then only its state travels.
    pub content: Option<EntryContent>,
    pub saved_at: Option<String>,
    pub addenda: Vec<FileAddendum>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileAddendum {
    pub body: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileAgreement {
    pub id: Id,
    pub title: String,
    pub owner_id: Id,
    pub review_on: NaiveDate,
    pub commitments: Vec<Commitment>,
    pub need_ids: Vec<Id>,
    /// Oldest first; the first is "open", when the deal was written down.
    pub history: Vec<StatusChange>,
}

// ---- export --------------------------------------------------------------

/// The journal as the person at the keyboard may take it out of the app.
pub fn export(j: &Journal, include_private: bool, exported_at: &str) -> Result<JournalFile> {
    let writer = j.active_writer()?.id;
    let mut people = Vec::new();
    if let Some(me) = j.me()? {
        people.push(me);
    }
    people.extend(j.partners()?);
    let mut retros = Vec::new();
    for r in j.retros()?.into_iter().rev() {
        let entries = j
            .entries(r.id)?
            .into_iter()
            .filter_map(|e| {
                let state = e.state?;
                let content = e.content.map(|mut c| {
                    if !(include_private && e.person.id == writer) {
                        c.private_notes.clear();
                    }
                    c
                });
                Some(FileEntry {
                    person_id: e.person.id,
                    state,
                    content,
                    saved_at: e.saved_at,
                    addenda: e.addenda.into_iter().map(addendum).collect(),
                })
            })
            .collect();
        let agreements = j
            .agreements(r.id)?
            .into_iter()
            .map(|a| FileAgreement {
                id: a.id,
                title: a.title,
                owner_id: a.owner.id,
                review_on: a.review_on,
                commitments: a.commitments,
                need_ids: a.need_ids,
                history: a.history,
            })
            .collect();
        retros.push(FileRetro {
            id: r.id,
            title: r.title,
            held_on: r.held_on,
            kind: r.kind,
            revealed: r.state == RetroState::Revealed,
            participants: r.participants.iter().map(|p| p.person.id).collect(),
            entries,
            agreements,
        });
    }
    Ok(JournalFile {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: exported_at.into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        roles: j.roles()?,
        people: people
            .into_iter()
            .map(|p| FilePerson {
                id: p.id,
                name: p.name,
                role_id: p.role.id,
                is_me: p.is_me,
            })
            .collect(),
        needs: j.needs()?,
        tension_pairs: j.tension_pairs()?,
        retros,
    })
}

fn addendum(a: Addendum) -> FileAddendum {
    FileAddendum {
        body: a.body,
        created_at: a.created_at,
    }
}

/// The file as pretty-printed JSON, with a final newline.
pub fn to_json(file: &JournalFile) -> String {
    let mut s = serde_json::to_string_pretty(file).unwrap_or_default();
    s.push('\n');
    s
}

// ---- import --------------------------------------------------------------

/// Reads a journal file, checks all of it, and only then adds it to an empty
/// journal in one transaction. The first problem is named with its place.
pub fn import(j: &mut Journal, json: &str) -> Result<ImportSummary> {
    let file = parse(json)?;
    check(&file)?;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    j.restore(|tx| apply(tx, &file, &now))?;
    Ok(ImportSummary {
        retros: file.retros.len(),
        entries: file.retros.iter().map(|r| r.entries.len()).sum(),
        agreements: file.retros.iter().map(|r| r.agreements.len()).sum(),
    })
}

/// What an import added, for the person who ran it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub retros: usize,
    pub entries: usize,
    pub agreements: usize,
}

fn bad(message: String) -> JournalError {
    JournalError::Invalid(format!(
        "The file can't be imported: {message}. Nothing was changed."
    ))
}

/// Parses the file, checking the format and version before anything else.
pub fn parse(json: &str) -> Result<JournalFile> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        bad(format!(
            "it is not complete, valid JSON (line {}, column {}: {})",
            e.line(),
            e.column(),
            e
        ))
    })?;
    let format = value.get("format").and_then(|v| v.as_str());
    if format != Some(FORMAT) {
        return Err(bad(format!(
            "\"format\" should be \"{FORMAT}\"; this is not a Retro Companion journal file"
        )));
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(bad(format!(
                "it was written in format version {v}, and this version of the app reads \
                 version {VERSION}. Update the app to import it"
            )))
        }
        other => {
            return Err(bad(format!(
                "\"version\" is {}, and this app reads version {VERSION}",
                other.map_or("missing".into(), |v| v.to_string())
            )))
        }
    }
    // Dates and the shape of each field are checked as the file is read,
    // and a field in the wrong shape is named by its path.
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        bad(format!("{path}: {}", e.into_inner()))
    })
}

/// Every rule an import must meet, checked before anything is written.
pub fn check(f: &JournalFile) -> Result<()> {
    let at = |path: String, why: String| bad(format!("{path}: {why}"));
    let field = |path: &str, r: Result<()>| r.map_err(|e| at(path.to_owned(), e.to_string()));

    let mut role_ids = HashSet::new();
    for (i, r) in f.roles.iter().enumerate() {
        if !role_ids.insert(r.id) {
            return Err(at(
                format!("roles[{i}].id"),
                format!("id {} appears twice", r.id),
            ));
        }
        field(
            &format!("roles[{i}].name"),
            text("The name", &r.name, MAX_NAME).map(drop),
        )?;
    }
    let mut person_ids = HashSet::new();
    for (i, p) in f.people.iter().enumerate() {
        if !person_ids.insert(p.id) {
            return Err(at(
                format!("people[{i}].id"),
                format!("id {} appears twice", p.id),
            ));
        }
        if !role_ids.contains(&p.role_id) {
            return Err(at(
                format!("people[{i}].roleId"),
                format!("there is no role {}", p.role_id),
            ));
        }
        field(
            &format!("people[{i}].name"),
            text("The name", &p.name, MAX_NAME).map(drop),
        )?;
    }
    let me = match f.people.iter().filter(|p| p.is_me).collect::<Vec<_>>()[..] {
        [me] => me.id,
        _ => {
            return Err(bad(
                "\"people\" must name exactly one person with \"isMe\": true".into(),
            ))
        }
    };
    let mut need_ids = HashSet::new();
    for (i, n) in f.needs.iter().enumerate() {
        if !need_ids.insert(n.id) {
            return Err(at(
                format!("needs[{i}].id"),
                format!("id {} appears twice", n.id),
            ));
        }
        if !role_ids.contains(&n.role_id) {
            return Err(at(
                format!("needs[{i}].roleId"),
                format!("there is no role {}", n.role_id),
            ));
        }
        field(
            &format!("needs[{i}].name"),
            text("The name", &n.name, MAX_NAME).map(drop),
        )?;
        field(
            &format!("needs[{i}].explanation"),
            long_text("The explanation", &n.explanation),
        )?;
        field(
            &format!("needs[{i}].frustration"),
            long_text("The frustration", &n.frustration),
        )?;
    }
    let known_need = |path: String, id: Id| -> Result<()> {
        if need_ids.contains(&id) {
            Ok(())
        } else {
            Err(at(path, format!("there is no need {id} in \"needs\"")))
        }
    };
    let mut pair_ids = HashSet::new();
    for (i, p) in f.tension_pairs.iter().enumerate() {
        if !pair_ids.insert(p.id) {
            return Err(at(
                format!("tensionPairs[{i}].id"),
                format!("id {} appears twice", p.id),
            ));
        }
        known_need(format!("tensionPairs[{i}].needA"), p.need_a)?;
        known_need(format!("tensionPairs[{i}].needB"), p.need_b)?;
        field(
            &format!("tensionPairs[{i}].question"),
            text("The question", &p.question, MAX_QUESTION).map(drop),
        )?;
    }

    let retro_ids: HashSet<Id> = f.retros.iter().map(|r| r.id).collect();
    let agreement_ids: HashSet<Id> = f
        .retros
        .iter()
        .flat_map(|r| r.agreements.iter().map(|a| a.id))
        .collect();
    let mut seen_retros = HashSet::new();
    let mut seen_agreements = HashSet::new();
    for (ri, r) in f.retros.iter().enumerate() {
        let here = format!("retros[{ri}]");
        if !seen_retros.insert(r.id) {
            return Err(at(
                format!("{here}.id"),
                format!("id {} appears twice", r.id),
            ));
        }
        field(
            &format!("{here}.title"),
            text("The title", &r.title, MAX_TITLE).map(drop),
        )?;
        let expected = match r.kind {
            RetroKind::Solo => 1,
            RetroKind::Paired => 2,
        };
        let distinct: HashSet<&Id> = r.participants.iter().collect();
        if r.participants.len() != expected
            || distinct.len() != expected
            || r.participants.first() != Some(&me)
            || r.participants.iter().any(|p| !person_ids.contains(p))
        {
            return Err(at(
                format!("{here}.participants"),
                format!("a {} retro has {expected} different people, the owner first, all listed in \"people\"", if expected == 1 { "solo" } else { "paired" }),
            ));
        }
        let mut writers = HashSet::new();
        for (ei, e) in r.entries.iter().enumerate() {
            let here = format!("{here}.entries[{ei}]");
            if !r.participants.contains(&e.person_id) || !writers.insert(e.person_id) {
                return Err(at(
                    format!("{here}.personId"),
                    "each participant writes at most one entry, and only participants write".into(),
                ));
            }
            if (e.state == EntryState::Revealed) != r.revealed {
                return Err(at(
                    format!("{here}.state"),
                    "an entry is revealed exactly when its retro is".into(),
                ));
            }
            if !e.addenda.is_empty() && e.state != EntryState::Revealed {
                return Err(at(
                    format!("{here}.addenda"),
                    "only a revealed entry has later notes".into(),
                ));
            }
            for (ai, a) in e.addenda.iter().enumerate() {
                if a.body.trim().is_empty() {
                    return Err(at(
                        format!("{here}.addenda[{ai}].body"),
                        "a note can't be empty".into(),
                    ));
                }
                field(
                    &format!("{here}.addenda[{ai}].body"),
                    long_text("The note", &a.body),
                )?;
            }
            if let Some(c) = &e.content {
                check_content(&format!("{here}.content"), c, r.kind, &known_need)?;
            }
        }
        if r.revealed && writers.len() != expected {
            return Err(at(
                format!("{here}.entries"),
                "a revealed retro has a revealed entry for every participant, and one is missing"
                    .into(),
            ));
        }
        for (ai, a) in r.agreements.iter().enumerate() {
            let here = format!("{here}.agreements[{ai}]");
            if !seen_agreements.insert(a.id) {
                return Err(at(
                    format!("{here}.id"),
                    format!("id {} appears twice", a.id),
                ));
            }
            field(
                &format!("{here}.title"),
                text("The title", &a.title, MAX_TITLE).map(drop),
            )?;
            if !r.participants.contains(&a.owner_id) {
                return Err(at(
                    format!("{here}.ownerId"),
                    "the owner takes part in the retro".into(),
                ));
            }
            for (ci, c) in a.commitments.iter().enumerate() {
                if !r.participants.contains(&c.person_id) {
                    return Err(at(
                        format!("{here}.commitments[{ci}].personId"),
                        "only participants commit".into(),
                    ));
                }
                field(
                    &format!("{here}.commitments[{ci}].body"),
                    long_text("A commitment", &c.body),
                )?;
            }
            for (ni, &n) in a.need_ids.iter().enumerate() {
                known_need(format!("{here}.needIds[{ni}]"), n)?;
            }
            if a.history.first().map(|h| h.status) != Some(AgreementStatus::Open) {
                return Err(at(
                    format!("{here}.history"),
                    "the history starts with \"open\"".into(),
                ));
            }
            for (hi, h) in a.history.iter().enumerate() {
                let here = format!("{here}.history[{hi}]");
                if chrono::DateTime::parse_from_rfc3339(&h.at).is_err() {
                    return Err(at(
                        format!("{here}.at"),
                        format!("\"{}\" is not a date and time (RFC 3339)", h.at),
                    ));
                }
                if h.reviewed_in.is_some_and(|id| !retro_ids.contains(&id)) {
                    return Err(at(
                        format!("{here}.reviewedIn"),
                        "there is no such retro in the file".into(),
                    ));
                }
                if h.replaced_by.is_some_and(|id| !agreement_ids.contains(&id)) {
                    return Err(at(
                        format!("{here}.replacedBy"),
                        "there is no such deal in the file".into(),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn check_content(
    here: &str,
    c: &EntryContent,
    kind: RetroKind,
    known_need: &dyn Fn(String, Id) -> Result<()>,
) -> Result<()> {
    let at = |path: String, why: String| bad(format!("{path}: {why}"));
    for (name, value) in [
        ("unsaid", &c.unsaid),
        ("position", &c.position),
        ("concern", &c.concern),
        ("offer", &c.offer),
        ("ask", &c.ask),
        ("privateNotes", &c.private_notes),
    ] {
        long_text("The text", value).map_err(|e| at(format!("{here}.{name}"), e.to_string()))?;
    }
    let mut rated = HashSet::new();
    for (i, r) in c.ratings.iter().enumerate() {
        known_need(format!("{here}.ratings[{i}].needId"), r.need_id)?;
        if !rated.insert(r.need_id) {
            return Err(at(
                format!("{here}.ratings[{i}].needId"),
                "a need is rated once".into(),
            ));
        }
        if r.rating.is_some_and(|v| !(1..=5).contains(&v)) {
            return Err(at(
                format!("{here}.ratings[{i}].rating"),
                "a rating goes from 1 to 5".into(),
            ));
        }
        long_text("The note", &r.note)
            .map_err(|e| at(format!("{here}.ratings[{i}].note"), e.to_string()))?;
    }
    if let Some(id) = c.top_need_id {
        known_need(format!("{here}.topNeedId"), id)?;
    }
    if c.guesses.len() > MAX_GUESSES || (kind == RetroKind::Solo && !c.guesses.is_empty()) {
        return Err(at(
            format!("{here}.guesses"),
            format!("a paired entry guesses at most {MAX_GUESSES} needs, a solo one none"),
        ));
    }
    let mut guessed = HashSet::new();
    for (i, &g) in c.guesses.iter().enumerate() {
        known_need(format!("{here}.guesses[{i}]"), g)?;
        if !guessed.insert(g) {
            return Err(at(
                format!("{here}.guesses[{i}]"),
                "each need is guessed once".into(),
            ));
        }
    }
    if c.proxies.len() > MAX_TAGS {
        return Err(at(
            format!("{here}.proxies"),
            format!("at most {MAX_TAGS} tags"),
        ));
    }
    for (i, t) in c.proxies.iter().enumerate() {
        text("A tag", t, MAX_TAG).map_err(|e| at(format!("{here}.proxies[{i}]"), e.to_string()))?;
    }
    Ok(())
}

fn apply(tx: &rusqlite::Transaction, f: &JournalFile, now: &str) -> Result<()> {
    for r in &f.roles {
        store::insert_role_with_id(tx, r)?;
    }
    for p in &f.people {
        store::insert_person_with_id(tx, p.id, &p.name, p.role_id, p.is_me, now)?;
    }
    for n in &f.needs {
        store::insert_need_with_id(tx, n, now)?;
    }
    for p in &f.tension_pairs {
        store::insert_tension_pair_with_id(tx, p)?;
    }
    for r in &f.retros {
        store::insert_retro_with_id(
            tx,
            r.id,
            &r.title,
            r.held_on,
            r.kind,
            r.revealed,
            &r.participants,
            now,
        )?;
        for e in &r.entries {
            let saved_at = e.saved_at.as_deref().unwrap_or(now);
            let id = store::insert_entry(tx, r.id, e.person_id, saved_at)?;
            // Content goes in while the entry is a draft; the schema's locks
            // apply from the moment its state is set.
            store::write_entry_content(tx, id, &e.content.clone().unwrap_or_default(), saved_at)?;
            store::set_imported_state(tx, id, e.state, saved_at)?;
            for a in &e.addenda {
                store::insert_addendum(tx, id, &a.body, &a.created_at)?;
            }
        }
    }
    let all: Vec<(&FileRetro, &FileAgreement)> = f
        .retros
        .iter()
        .flat_map(|r| r.agreements.iter().map(move |a| (r, a)))
        .collect();
    for (r, a) in &all {
        let created = a.history.first().map_or(now, |h| h.at.as_str());
        store::insert_agreement_row(
            tx,
            &NewAgreement {
                retro_id: r.id,
                title: &a.title,
                owner_id: a.owner_id,
                review_on: a.review_on,
                commitments: &a.commitments,
                need_ids: &a.need_ids,
            },
            Some(a.id),
            created,
        )?;
    }
    for (_, a) in &all {
        for h in &a.history {
            store::insert_status(tx, a.id, h.status, &h.at, h.reviewed_in, h.replaced_by)?;
        }
    }
    Ok(())
}
