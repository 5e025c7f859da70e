//! The error shape every command returns over IPC: `{ code, message }`.

use retro_core::journal::{ErrorCode, JournalError};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    /// Stable and machine-readable, e.g. `invalid_input` or `journal_too_new`.
    pub code: ErrorCode,
    /// Written for a person: what happened and what to do.
    pub message: String,
}

impl From<JournalError> for ApiError {
    fn from(err: JournalError) -> Self {
        ApiError {
            code: err.code(),
            message: err.to_string(),
        }
    }
}
