//! The one error type of the journal API. Each variant has a stable `code`
//! for programs and a message written for the person in front of the app.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0} no longer exists. It may have been deleted; reload the list and try again.")]
    NotFound(&'static str),
    #[error("Only the people taking part in a retro can write an entry in it.")]
    NotParticipant,
    #[error("This person already has an entry in this retro; each participant writes one.")]
    EntryExists,
    #[error("{0} has not sealed their entry yet. Everyone seals before the reveal.")]
    NotAllSealed(String),
    #[error("This need is used by at least one entry, so it can't be deleted. Archive it instead: it stays in old entries and leaves the list.")]
    NeedInUse,
    #[error("Tell the app your name and role first.")]
    NoMe,
    #[error("The laptop is being handed over. The next person takes the keyboard first.")]
    HandingOver,
    #[error("Only {0}, who keeps this journal, can do that. Pass the laptop back to them first.")]
    OwnerAway(String),
    #[error("{0} has set a PIN. Type it to take the keyboard.")]
    PinNeeded(String),
    #[error("That is not {0}'s PIN. Try again.")]
    PinWrong(String),
    #[error("Too many wrong PINs. Wait {0} seconds, then try again.")]
    PinWait(u64),
    #[error("Could not write {path}: {detail}. Choose another folder or file name.")]
    Write { path: String, detail: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Result<T, E = JournalError> = std::result::Result<T, E>;

impl JournalError {
    /// A stable, machine-readable name for the kind of failure.
    pub fn code(&self) -> &'static str {
        match self {
            JournalError::Invalid(_) => "invalid_input",
            JournalError::NotFound(_) => "not_found",
            JournalError::NotParticipant => "not_participant",
            JournalError::EntryExists => "entry_exists",
            JournalError::NoMe => "no_me",
            JournalError::NotAllSealed(_) => "not_all_sealed",
            JournalError::NeedInUse => "need_in_use",
            JournalError::HandingOver => "handing_over",
            JournalError::OwnerAway(_) => "owner_away",
            JournalError::PinNeeded(_) => "pin_needed",
            JournalError::PinWrong(_) => "pin_wrong",
            JournalError::PinWait(_) => "pin_wait",
            JournalError::Write { .. } => "write_failed",
            JournalError::Store(e) => match e {
                StoreError::NewerVersion { .. } => "journal_too_new",
                StoreError::Corrupt { .. } => "journal_corrupt",
                StoreError::Locked => "journal_locked",
                StoreError::Open { .. } => "journal_unopenable",
                StoreError::Migration(_) => "migration_failed",
                StoreError::EntryLocked => "entry_sealed",
                StoreError::EntryRevealed => "entry_revealed",
                StoreError::EntryNotRevealed => "entry_not_revealed",
                StoreError::HistoryFinal => "history_final",
                StoreError::Sqlite(_) => "storage_failed",
            },
        }
    }
}
