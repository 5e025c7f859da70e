//! The shapes the journal is made of, as they cross into the UI.
//!
//! They derive `ts_rs::TS`: the TypeScript in `ui/src/lib/bindings/` is
//! generated from these definitions, never written by hand.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A row id, as the UI sees it (a JavaScript number holds any id SQLite hands out here).
pub type Id = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Role {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    /// Product and engineering ship with the app; others are added by people.
    pub builtin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Person {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    pub role: Role,
    /// The owner of this journal. Everyone else is a partner.
    pub is_me: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Need {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub role_id: Id,
    pub name: String,
    pub explanation: String,
    /// What it feels like, and what people start doing, when this need goes unmet.
    pub frustration: String,
    pub builtin: bool,
    pub archived: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RetroKind {
    /// One person journaling alone.
    Solo,
    /// Me and one partner, revealing together.
    Paired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum EntryState {
    Draft,
    Sealed,
    Revealed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RetroState {
    /// Someone has not sealed an entry yet.
    Open,
    /// Every participant has sealed; nothing is revealed yet.
    Sealed,
    Revealed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Participant {
    pub person: Person,
    /// `None` until the person starts writing. This is all anyone learns
    /// about another person's entry before the reveal.
    pub entry_state: Option<EntryState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Retro {
    #[ts(type = "number")]
    pub id: Id,
    pub title: String,
    pub held_on: NaiveDate,
    pub kind: RetroKind,
    pub state: RetroState,
    /// Me first, then the partner in a paired retro.
    pub participants: Vec<Participant>,
}
