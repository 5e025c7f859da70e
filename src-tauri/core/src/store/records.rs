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
    /// Whether taking the keyboard as this person asks for their PIN.
    pub has_pin: bool,
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
    /// Held on two laptops: the entries travel as sealed envelopes.
    #[serde(default)]
    pub remote: bool,
    /// Me first, then the partner in a paired retro.
    pub participants: Vec<Participant>,
}

/// Where the writer feels the pair is in the cycle of the argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CycleStage {
    Trigger,
    Frustration,
    ProxyArguments,
    Withdrawal,
    NotInIt,
}

/// How well one need was met this cycle: 1 (not at all) to 5 (fully), or
/// `None` for "not rated", with an optional short note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NeedRating {
    #[ts(type = "number")]
    pub need_id: Id,
    #[ts(type = "number | null")]
    pub rating: Option<i64>,
    pub note: String,
}

/// Everything one person writes in one retro. The same shape is saved by
/// the editor and read back by whoever may read it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EntryContent {
    pub ratings: Vec<NeedRating>,
    /// The need I most want heard.
    #[ts(type = "number | null")]
    pub top_need_id: Option<Id>,
    /// The sentence I have not said: "I need ...".
    pub unsaid: String,
    pub position: String,
    /// The concern under the position.
    pub concern: String,
    /// Proxy arguments I caught myself in: built-in tags and my own.
    pub proxies: Vec<String>,
    pub cycle_stage: Option<CycleStage>,
    /// Paired retros only: my guess at the partner's top needs, most important first.
    #[ts(type = "Array<number>")]
    pub guesses: Vec<Id>,
    pub offer: String,
    pub ask: String,
    /// Never leaves the app unless its writer opts in for one export.
    pub private_notes: String,
}

/// One participant's entry as the person at the keyboard may see it. For
/// anyone else's unrevealed entry, `content` and `saved_at` are `None`:
/// only the person and the state are known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EntryView {
    pub person: Person,
    /// `None` until the person starts writing.
    pub state: Option<EntryState>,
    pub content: Option<EntryContent>,
    pub saved_at: Option<String>,
    /// Dated notes added after the reveal, oldest first; empty before it.
    pub addenda: Vec<Addendum>,
}

/// One of my entries in the journal list or a search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JournalItem {
    #[ts(type = "number")]
    pub retro_id: Id,
    pub title: String,
    pub held_on: NaiveDate,
    pub kind: RetroKind,
    pub state: EntryState,
    pub top_need: Option<String>,
    pub unsaid: String,
    /// For a search: the matching words, each between U+E000 and U+E001.
    pub snippet: Option<String>,
}

/// Where a page of my entries starts: just after this one. A search is
/// ranked by relevance (`score`, lower first, equal ones newest first); the
/// list without search text goes newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EntryCursor {
    pub score: Option<f64>,
    pub held_on: NaiveDate,
    #[ts(type = "number")]
    pub retro_id: Id,
}

/// One page of my entries, and where the next one starts (`None` at the end).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JournalPage {
    pub items: Vec<JournalItem>,
    pub next: Option<EntryCursor>,
    /// Set when a search ranked as many of my entries as it ranks: more may
    /// match, and the page holds the best of the newest this many.
    pub ranked_newest: Option<u32>,
}

/// Who holds the keyboard while a paired retro is written in turns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Turn {
    #[ts(type = "number")]
    pub retro_id: Id,
    /// `None` while the hand-over screen is up: nobody has taken over yet.
    pub writer: Option<Person>,
}

/// A later thought on a revealed entry. The entry itself never changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Addendum {
    #[ts(type = "number")]
    pub id: Id,
    pub body: String,
    pub created_at: String,
}

/// Two needs that pull against each other, and the question to ask when they collide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TensionPair {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub need_a: Id,
    #[ts(type = "number")]
    pub need_b: Id,
    pub question: String,
    pub builtin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum AgreementStatus {
    Open,
    Kept,
    Broken,
    /// Replaced by another agreement; final.
    Renegotiated,
}

/// One change in an agreement's status, with its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatusChange {
    pub status: AgreementStatus,
    pub at: String,
    /// The retro whose review made this change, if it was made in one.
    #[ts(type = "number | null")]
    pub reviewed_in: Option<Id>,
    /// For a renegotiation: the agreement that replaced this one.
    #[ts(type = "number | null")]
    pub replaced_by: Option<Id>,
}

/// What one person commits to in an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Commitment {
    #[ts(type = "number")]
    pub person_id: Id,
    pub body: String,
}

/// A deal the pair wrote down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Agreement {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub retro_id: Id,
    /// The title and day of the retro it was made in.
    pub retro_title: String,
    pub retro_held_on: NaiveDate,
    pub title: String,
    pub commitments: Vec<Commitment>,
    /// The needs it serves, from either side.
    #[ts(type = "Array<number>")]
    pub need_ids: Vec<Id>,
    pub owner: Person,
    pub review_on: NaiveDate,
    /// The newest entry of `history`.
    pub status: AgreementStatus,
    /// Every status it has had, oldest first.
    pub history: Vec<StatusChange>,
}

/// A value read from the journal that this version does not know.
#[derive(Debug)]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a {} of \"{}\"", self.what, self.value)
    }
}

impl std::error::Error for UnknownValue {}

/// Enums stored as text: each value has one spelling in the database, written
/// and read here only, and a spelling this version does not know is an error,
/// never a silent default.
macro_rules! stored_as_text {
    ($ty:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// The value's spelling in the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $text),+
                }
            }
        }

        impl rusqlite::types::ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $ty {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                match value.as_str()? {
                    $($text => Ok($ty::$variant),)+
                    other => Err(rusqlite::types::FromSqlError::Other(Box::new(UnknownValue {
                        what: $what,
                        value: other.to_owned(),
                    }))),
                }
            }
        }
    };
}

stored_as_text!(RetroKind, "retro kind" { Solo => "solo", Paired => "paired" });
stored_as_text!(EntryState, "entry state" {
    Draft => "draft",
    Sealed => "sealed",
    Revealed => "revealed",
});
stored_as_text!(CycleStage, "cycle stage" {
    Trigger => "trigger",
    Frustration => "frustration",
    ProxyArguments => "proxyArguments",
    Withdrawal => "withdrawal",
    NotInIt => "notInIt",
});
stored_as_text!(AgreementStatus, "deal status" {
    Open => "open",
    Kept => "kept",
    Broken => "broken",
    Renegotiated => "renegotiated",
});

/// When a partner's 1:1 takes place, for the reminder before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Schedule {
    #[ts(type = "number")]
    pub partner_id: Id,
    /// The first 1:1: its weekday is the 1:1's, and every two weeks counts from it.
    pub first_on: NaiveDate,
    /// The time of day, in minutes past local midnight.
    pub at_minute: u16,
    /// 1 (every week) or 2 (every two weeks).
    pub every_weeks: u8,
    /// How long before the 1:1 the reminder comes, in minutes.
    pub lead_minutes: u16,
}
