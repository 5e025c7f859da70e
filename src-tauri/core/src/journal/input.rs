//! What people send in. Every shape here is checked by `rules` before
//! anything is written.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Id;
use crate::store::{EntryCursor, EntryState};

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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
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
    /// Only retros with this partner.
    #[serde(default)]
    #[ts(optional, type = "number | null")]
    pub partner_id: Option<Id>,
    /// Only entries in this state.
    #[serde(default)]
    #[ts(optional)]
    pub state: Option<EntryState>,
    /// Where the page starts: the `next` of the page before.
    #[serde(default)]
    #[ts(optional)]
    pub after: Option<EntryCursor>,
    /// At most this many; every one when absent.
    #[serde(default)]
    #[ts(optional, type = "number | null")]
    pub limit: Option<usize>,
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
