//! Retro Companion: a private journal for the needs a product manager and an
//! engineering lead have not said out loud, revealed together in their 1:1.

pub mod cli;
pub mod desktop;
pub mod export;
pub mod journal;
pub mod store;

/// The app's identifier; it names the data directory, as in `tauri.conf.json`.
pub const APP_ID: &str = "app.retro-companion";

/// Where the journal lives when neither `--journal` nor
/// `RETRO_COMPANION_JOURNAL` says otherwise: the platform's app data
/// directory, the same one Tauri resolves for this identifier.
pub fn default_journal_path() -> Option<std::path::PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_ID).join("journal.sqlite3"))
}
