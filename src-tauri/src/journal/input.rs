//! What people send in, and the checks it passes before anything is written.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Id, JournalError, Result};

pub const MAX_NAME: usize = 80;
pub const MAX_TITLE: usize = 200;

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

pub fn held_on(value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        JournalError::Invalid(format!(
            "\"{value}\" is not a date. Use the form 2026-03-31."
        ))
    })
}
