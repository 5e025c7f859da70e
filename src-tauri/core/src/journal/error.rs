//! The one error type of the journal API. Each failure has a stable
//! [`ErrorCode`] for programs (the window's bindings and the command line's
//! exit codes are both derived from it) and a message written for the person
//! in front of the app. No caller ever needs to read the message to decide.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::StoreError;

/// What kind of failure it was: stable, machine-readable, and the same on
/// the window's side (`ui/src/lib/bindings/ErrorCode.ts`) and in the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// Something typed breaks a rule of the journal.
    InvalidInput,
    /// A file to import breaks a rule; the message names the place.
    InvalidFile,
    NotFound,
    NotParticipant,
    EntryExists,
    NotAllSealed,
    NeedInUse,
    /// Nobody has told the journal who owns it yet.
    NoMe,
    HandingOver,
    OwnerAway,
    PinNeeded,
    PinWrong,
    PinWait,
    ReadFailed,
    WriteFailed,
    JournalTooNew,
    JournalCorrupt,
    /// Another program (usually the window) is writing to the journal.
    JournalBusy,
    /// The journal file is healthy, so a repair left it alone.
    NotDamaged,
    /// No backup beside the journal is a healthy journal.
    NoBackup,
    JournalUnopenable,
    MigrationFailed,
    EntrySealed,
    EntryRevealed,
    EntryNotRevealed,
    HistoryFinal,
    StorageFailed,
    /// A file from a partner (a sealed entry) can't be used; the message says why.
    PartnerFile,
    /// A partner's file names someone this journal has not matched yet.
    PartnerUnknown,
    /// A reveal code has a typo or is not the one for this entry.
    RevealCode,
    /// Long work was stopped on request, and left nothing half-done.
    Cancelled,
    /// Not from the journal: the window could not reach it at all.
    Unexpected,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("{0}")]
    Invalid(String),
    #[error("The file can't be imported: {at}: {why} Nothing was changed.")]
    BadFile { at: String, why: String },
    #[error("{0} is not in this journal: it may have been deleted.")]
    NotFound(&'static str),
    #[error("Only the people taking part in a retro can write an entry in it.")]
    NotParticipant,
    #[error("This person already has an entry in this retro; each participant writes one.")]
    EntryExists,
    #[error("{0} has not sealed their entry yet. Everyone seals before the reveal.")]
    NotAllSealed(String),
    #[error("This need is used by at least one entry, so it can't be deleted. Archive it instead: it stays in old entries and leaves the list.")]
    NeedInUse,
    #[error("Tell the app your name and role first (in the window, or with `retro-companion init --name NAME --role ROLE`).")]
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
    #[error("Could not read {path}: {detail}.")]
    Read { path: String, detail: String },
    #[error("Could not write {path}: {detail}. Choose another folder or file name.")]
    Write { path: String, detail: String },
    #[error("There is no healthy backup in {dir}, so the journal was left as it is. If you keep a copy of your journal elsewhere, put it in that folder and try again.")]
    NoBackup { dir: String },
    /// A file from a partner can't be used: the message says why and what to do.
    #[error("{0}")]
    PartnerFile(String),
    #[error("{0}")]
    RevealCode(String),
    #[error("Tell the app who {0} is in your journal: choose one of your partners, or add them. People are never matched by name alone.")]
    PartnerUnknown(String),
    #[error("Stopped before the end. Nothing was changed, and no file was left half-written.")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Result<T, E = JournalError> = std::result::Result<T, E>;

impl JournalError {
    /// What kind of failure this is, for programs.
    pub fn code(&self) -> ErrorCode {
        match self {
            JournalError::Invalid(_) => ErrorCode::InvalidInput,
            JournalError::BadFile { .. } => ErrorCode::InvalidFile,
            JournalError::NotFound(_) => ErrorCode::NotFound,
            JournalError::NotParticipant => ErrorCode::NotParticipant,
            JournalError::EntryExists => ErrorCode::EntryExists,
            JournalError::NoMe => ErrorCode::NoMe,
            JournalError::NotAllSealed(_) => ErrorCode::NotAllSealed,
            JournalError::NeedInUse => ErrorCode::NeedInUse,
            JournalError::HandingOver => ErrorCode::HandingOver,
            JournalError::OwnerAway(_) => ErrorCode::OwnerAway,
            JournalError::PinNeeded(_) => ErrorCode::PinNeeded,
            JournalError::PinWrong(_) => ErrorCode::PinWrong,
            JournalError::PinWait(_) => ErrorCode::PinWait,
            JournalError::Read { .. } => ErrorCode::ReadFailed,
            JournalError::Write { .. } => ErrorCode::WriteFailed,
            JournalError::NoBackup { .. } => ErrorCode::NoBackup,
            JournalError::PartnerFile(_) => ErrorCode::PartnerFile,
            JournalError::RevealCode(_) => ErrorCode::RevealCode,
            JournalError::PartnerUnknown(_) => ErrorCode::PartnerUnknown,
            JournalError::Cancelled => ErrorCode::Cancelled,
            JournalError::Store(e) => match e {
                StoreError::NewerVersion { .. } => ErrorCode::JournalTooNew,
                StoreError::Corrupt { .. } | StoreError::UnknownValue(_) => {
                    ErrorCode::JournalCorrupt
                }
                StoreError::Busy => ErrorCode::JournalBusy,
                StoreError::NotDamaged { .. } => ErrorCode::NotDamaged,
                StoreError::Open { .. } => ErrorCode::JournalUnopenable,
                StoreError::BadBackup { .. } => ErrorCode::InvalidFile,
                StoreError::Migration(_) => ErrorCode::MigrationFailed,
                StoreError::EntryLocked => ErrorCode::EntrySealed,
                StoreError::EntryRevealed => ErrorCode::EntryRevealed,
                StoreError::EntryNotRevealed => ErrorCode::EntryNotRevealed,
                StoreError::HistoryFinal => ErrorCode::HistoryFinal,
                StoreError::Io { .. } | StoreError::DiskFull => ErrorCode::WriteFailed,
                StoreError::Sqlite(_) => ErrorCode::StorageFailed,
            },
        }
    }

    /// An I/O failure on `path` while writing.
    pub fn write(path: &std::path::Path, e: impl std::fmt::Display) -> Self {
        JournalError::Write {
            path: path.display().to_string(),
            detail: e.to_string(),
        }
    }

    /// An I/O failure on `path` while reading.
    pub fn read(path: &std::path::Path, e: impl std::fmt::Display) -> Self {
        JournalError::Read {
            path: path.display().to_string(),
            detail: e.to_string(),
        }
    }
}
