//! What people send in, and the checks it passes before anything is written.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Id, JournalError, Result};

pub const MAX_NAME: usize = 80;
pub const MAX_TITLE: usize = 200;
pub const MAX_QUESTION: usize = 400;
/// The longest any one field of an entry, or a need's explanation, may be.
pub const MAX_FIELD: usize = 20_000;
pub const MAX_TAG: usize = 60;
pub const MAX_TAGS: usize = 20;
pub const MAX_GUESSES: usize = 3;

/// A role picked from the list, or a new one typed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum RoleChoice {
    Existing {
        #[ts(type = "number")]
        id: Id,
    },
    New {
        name: String,
    },
}

/// A partner picked from the list, or a new one with a name and a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum PartnerChoice {
    Existing {
        #[ts(type = "number")]
        id: Id,
    },
    New {
        name: String,
        role: RoleChoice,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewRetro {
    pub title: String,
    /// The calendar day of the conversation, `YYYY-MM-DD`.
    pub held_on: String,
    /// `None` for a solo retro.
    pub partner: Option<PartnerChoice>,
}

/// Trims `value` and checks it is neither empty nor longer than `max` characters.
pub fn text(label: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(JournalError::Invalid(format!("{label} can't be empty.")));
    }
    let len = value.chars().count();
    if len > max {
        return Err(JournalError::Invalid(format!(
            "{label} is {len} characters long; the limit is {max}."
        )));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(JournalError::Invalid(format!(
            "{label} contains a line break or another invisible control character; keep it on one line."
        )));
    }
    Ok(value.to_owned())
}

/// Checks a free-text field is within [`MAX_FIELD`]; it is kept exactly as
/// typed (autosave runs mid-sentence, so trailing spaces are not trimmed).
pub fn long_text(label: &str, value: &str) -> Result<()> {
    let len = value.chars().count();
    if len > MAX_FIELD {
        return Err(JournalError::Invalid(format!(
            "{label} is {len} characters long; the limit is {MAX_FIELD}. Shorten it and it will save."
        )));
    }
    Ok(())
}

/// A need as typed into the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NeedInput {
    #[ts(type = "number")]
    pub role_id: Id,
    pub name: String,
    pub explanation: String,
    pub frustration: String,
}

/// What to look for among my entries. Empty fields filter nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EntryQuery {
    pub text: String,
    #[ts(type = "number | null")]
    pub need_id: Option<Id>,
    /// First day to include, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day to include, `YYYY-MM-DD`.
    pub to: Option<String>,
}

/// Turns what a person typed into a safe FTS5 query: every word becomes a
/// quoted prefix term, so quotes, operators and odd Unicode are just text.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

pub fn held_on(value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        JournalError::Invalid(format!(
            "\"{value}\" is not a date. Use the form 2026-03-31."
        ))
    })
}
